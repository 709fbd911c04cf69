"""A full disk: one report, a count of what was dropped, and no record glued to a torn line."""
import errno
import io
import logging
import os
from contextlib import redirect_stderr
from unittest import mock

import worker_logging
from support import RECORD, TempDirTest


class DiskFullTests(TempDirTest):
    def test_one_report_a_count_of_dropped_records_and_a_notice_when_writing_works_again(self):
        path = worker_logging.setup_worker_logging(0, self.tmp)
        real_write = os.write
        full = {"on": True}

        def write(fd, data):
            if full["on"]:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_write(fd, data)

        err = io.StringIO()
        log = logging.getLogger("train")
        with redirect_stderr(err), mock.patch.object(worker_logging.os, "write", write):
            for i in range(1000):
                log.info("step=%d", i)
            full["on"] = False
            log.info("after the disk was freed")
        logging.shutdown()
        reports = err.getvalue()
        self.assertEqual(reports.count("No space left on device"), 1, reports)
        self.assertNotIn("--- Logging error ---", reports)
        lines = self.read(path).splitlines()
        self.assertRegex(lines[-2], r" - Worker 0 - worker_logging - WARNING - 1000 records were not written to .*worker_0\.log \(No space left on device\)$")
        self.assertTrue(lines[-1].endswith(" - INFO - after the disk was freed"))

    def test_a_torn_line_never_glues_the_next_record_to_it(self):
        path = worker_logging.setup_worker_logging(1, self.tmp)
        real_write = os.write
        state = {"tear": True}

        def write(fd, data):
            if state["tear"]:
                state["tear"] = False
                real_write(fd, bytes(data[:20]))
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_write(fd, data)

        with redirect_stderr(io.StringIO()), mock.patch.object(worker_logging.os, "write", write):
            logging.getLogger("t").info("this record is torn by a full disk")
            logging.getLogger("t").info("the next one starts its own line")
        logging.shutdown()
        lines = self.read(path).splitlines()
        self.assertTrue(RECORD.match(lines[-1]), lines)
        self.assertTrue(lines[-1].endswith("the next one starts its own line"))

    def test_a_restart_on_a_file_that_ends_mid_line_starts_a_new_line(self):
        path = os.path.join(self.tmp, "worker_2.log")
        with open(path, "w") as f:
            f.write("2026-02-04 10:00:00,000 - Worker 2 - t - INFO - killed mid-wri")
        worker_logging.setup_worker_logging(2, self.tmp)
        lines = self.read(path).splitlines()
        self.assertTrue(lines[0].endswith("killed mid-wri"))
        self.assertRegex(lines[1], r" - INFO - === Resume at ")
