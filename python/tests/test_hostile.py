"""Hostile input to the shared module: forged records, bad ranks and folders, SIGHUP."""
import logging
import os
import signal

from support import RECORD, TempDirTest, run_module

import worker_logging


class HostileInputTests(TempDirTest):
    def logs(self):
        return os.path.join(self.tmp, "logs")

    def test_a_message_with_newlines_cannot_forge_records(self):
        path = worker_logging.setup_worker_logging(0, self.logs())
        forged = (
            "innocent\n"
            "2026-02-04 10:00:00,000 - Worker 0 - worker_logging - INFO - === Resume at 2026-02-04T10:00:00 ===\n"
            "Worker 3 - train - CRITICAL - fake failure\n"
            "Fatal Python error: Segmentation fault\n"
            "a plain second line"
        )
        logging.getLogger("evil").info(forged)
        logging.shutdown()
        lines = self.read(path).splitlines()
        # Only the two records the module wrote plus the one logged start a line as a record.
        self.assertEqual(len([l for l in lines if RECORD.match(l)]), 2)
        self.assertFalse(any(l.startswith(("Worker ", "Fatal Python error")) for l in lines))
        self.assertIn("  Worker 3 - train - CRITICAL - fake failure", lines)
        self.assertIn("a plain second line", lines)

    def test_a_negative_rank_flag_is_refused_like_a_negative_rank_variable(self):
        script = self.write_script("noop.py", "pass\n")
        r = run_module(["run", "--rank", "-1", "--log-dir", self.logs(), "--", script], cwd=self.tmp)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--rank -1 is negative", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.logs(), "worker_-1.log")))

    def test_a_rank_too_large_for_the_extension_is_refused_before_any_log_is_written(self):
        # A rank of 16 digits or more would name a log the extension never reads (it would not stay exact).
        script = self.write_script("noop.py", "pass\n")
        r = run_module(["run", "--rank", "1000000000000000", "--log-dir", self.logs(), "--", script], cwd=self.tmp)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--rank 1000000000000000 has more than 15 digits", r.stderr)
        r = run_module(["run", "--log-dir", self.logs(), "--", script], cwd=self.tmp, RANK="99999999999999999999")
        self.assertEqual(r.returncode, 2)
        self.assertIn("RANK='99999999999999999999' has more than 15 digits", r.stderr)
        self.assertEqual(os.listdir(self.logs()) if os.path.exists(self.logs()) else [], [])
        with self.assertRaises(ValueError):
            worker_logging.setup_worker_logging(-1, self.logs())
        with self.assertRaises(ValueError):
            worker_logging.setup_worker_logging(10**15, self.logs())
        with self.assertRaises(TypeError):
            worker_logging.setup_worker_logging(True, self.logs())
        self.assertEqual(os.listdir(self.logs()) if os.path.exists(self.logs()) else [], [])
        # The largest rank the extension reads, and a rank given as the environment's text, still work.
        self.assertEqual(worker_logging.setup_worker_logging(10**15 - 1, self.logs()).name, "worker_999999999999999.log")
        self.assertEqual(worker_logging.setup_worker_logging(" 3", self.logs()).name, "worker_3.log")
        logging.shutdown()

    def test_an_unusable_log_folder_is_one_line_saying_what_to_fix(self):
        script = self.write_script("noop.py", "pass\n")
        blocker = os.path.join(self.tmp, "not-a-folder")
        with open(blocker, "w") as f:
            f.write("x")
        r = run_module(["run", "--rank", "0", "--log-dir", blocker, "--", script], cwd=self.tmp)
        self.assertEqual(r.returncode, 2)
        self.assertNotIn("Traceback", r.stderr)
        self.assertIn("cannot write the log of rank 0 (" + blocker + " is a file, not a folder)", r.stderr)
        os.makedirs(os.path.join(self.logs(), "worker_0.log"))
        r = run_module(["run", "--rank", "0", "--log-dir", self.logs(), "--", script], cwd=self.tmp)
        self.assertEqual(r.returncode, 2)
        self.assertNotIn("Traceback", r.stderr)
        self.assertIn("is a folder", r.stderr)

    def test_sighup_is_logged(self):
        script = self.write_script("sleeper.py", "import logging, time\nlogging.getLogger('t').info('ready')\ntime.sleep(60)\n")
        proc = self.start_rank(4, script, self.logs())
        path = os.path.join(self.logs(), "worker_4.log")
        proc.send_signal(signal.SIGHUP)
        proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, -signal.SIGHUP)
        self.assertIn("Worker 4 received SIGHUP; exiting", self.read(path))
