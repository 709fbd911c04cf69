"""setup_worker_logging, get_worker_log_path and configure_from_env, in this process."""
import io
import logging
import os
from contextlib import redirect_stderr
from pathlib import Path

import worker_logging
from worker_logging import configure_from_env, get_worker_log_path, rank_from_env, setup_worker_logging
from support import RECORD, TempDirTest, setup_in_new_process


class SetupTests(TempDirTest):
    def test_creates_nested_folder_and_file_named_by_rank(self):
        log_dir = os.path.join(self.tmp, "a", "b")
        path = setup_worker_logging(3, log_dir)
        self.assertEqual(path, Path(log_dir) / "worker_3.log")
        self.assertTrue(path.is_file())

    def test_accepts_str_and_path(self):
        self.assertEqual(setup_worker_logging(0, self.tmp).name, "worker_0.log")
        self.assertEqual(setup_worker_logging(1, Path(self.tmp)).name, "worker_1.log")

    def test_records_carry_the_format_and_rank(self):
        path = setup_worker_logging(5, self.tmp)
        logging.getLogger("virnucpro.pipeline.gpu_worker").info("hello %s", "there")
        lines = self.read(path).splitlines()
        match = RECORD.match(lines[-1])
        self.assertIsNotNone(match, lines[-1])
        self.assertEqual(match.groups(), ("5", "virnucpro.pipeline.gpu_worker", "INFO", "hello there"))

    def test_first_record_is_initialized_without_resume_on_a_new_file(self):
        path = setup_worker_logging(2, self.tmp)
        lines = self.read(path).splitlines()
        self.assertEqual(len(lines), 1)
        self.assertRegex(lines[0], r" - Worker 2 - worker_logging - INFO - Worker 2 logging initialized: .*worker_2\.log \(pid \d+ on .+\)$")
        self.assertNotIn("Resume at", lines[0])

    def test_append_mode_and_resume_record_only_on_non_empty_file(self):
        path = setup_worker_logging(1, self.tmp)
        logging.getLogger("train").info("first session")
        size_after_first = path.stat().st_size
        setup_in_new_process(1, self.tmp)
        text = self.read(path)
        self.assertGreater(path.stat().st_size, size_after_first)
        lines = text.splitlines()
        self.assertIn("first session", lines[1])
        self.assertRegex(lines[2], r" - INFO - === Resume at \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)? ===$")
        self.assertIn("logging initialized", lines[3])
        self.assertEqual(text.count("Resume at"), 1)

    def test_empty_existing_file_gets_no_resume_record(self):
        Path(self.tmp, "worker_4.log").touch()
        path = setup_worker_logging(4, self.tmp)
        self.assertNotIn("Resume at", self.read(path))

    def test_separator_and_init_are_written_even_above_info(self):
        path = setup_worker_logging(0, self.tmp)
        setup_in_new_process(0, self.tmp, "WARNING")
        setup_worker_logging(0, self.tmp, log_level=logging.WARNING)
        logging.getLogger("x").info("dropped")
        text = self.read(path)
        self.assertIn("=== Resume at", text)
        self.assertEqual(text.count("logging initialized"), 2)
        self.assertNotIn("dropped", text)

    def test_console_shows_warning_and_above_only(self):
        buf = io.StringIO()
        with redirect_stderr(buf):
            setup_worker_logging(0, self.tmp)
            log = logging.getLogger("console")
            log.info("quiet info")
            log.warning("loud warning")
            log.error("loud error")
        out = buf.getvalue()
        self.assertNotIn("quiet info", out)
        self.assertIn("Worker 0 - console - WARNING - loud warning", out)
        self.assertIn("Worker 0 - console - ERROR - loud error", out)
        console = [h for h in logging.getLogger().handlers if not isinstance(h, logging.FileHandler)]
        self.assertEqual([h.level for h in console], [logging.WARNING])

    def test_level_is_set_on_root_and_file(self):
        path = setup_worker_logging(0, self.tmp, log_level=logging.DEBUG)
        self.assertEqual(logging.getLogger().level, logging.DEBUG)
        logging.getLogger("d").debug("debug record")
        self.assertIn(" - DEBUG - debug record", self.read(path))

    def test_separate_files_per_rank(self):
        a = setup_worker_logging(0, self.tmp)
        logging.getLogger("x").info("from zero")
        b = setup_worker_logging(1, self.tmp)
        logging.getLogger("x").info("from one")
        self.assertNotEqual(a, b)
        self.assertIn("from zero", self.read(a))
        self.assertNotIn("from one", self.read(a))
        self.assertIn("Worker 1 - x - INFO - from one", self.read(b))

    def test_repeated_setup_never_duplicates_records(self):
        for _ in range(3):
            path = setup_worker_logging(7, self.tmp)
        logging.getLogger("dup").warning("only once")
        self.assertEqual(self.read(path).count("only once"), 1)
        self.assertEqual(len(logging.getLogger().handlers), 2)

    def test_removes_handlers_already_on_root(self):
        stray = logging.StreamHandler(io.StringIO())
        logging.getLogger().addHandler(stray)
        setup_worker_logging(0, self.tmp)
        self.assertNotIn(stray, logging.getLogger().handlers)

    def test_exception_traceback_goes_to_the_file(self):
        path = setup_worker_logging(2, self.tmp)
        with redirect_stderr(io.StringIO()):
            try:
                raise RuntimeError("CUDA out of memory")
            except RuntimeError:
                logging.getLogger("w").exception("batch failed")
        text = self.read(path)
        self.assertIn(" - ERROR - batch failed\nTraceback (most recent call last):\n", text)
        self.assertTrue(text.rstrip("\n").endswith("RuntimeError: CUDA out of memory"))


class PathHelperTests(TempDirTest):
    def test_matches_setup_and_has_no_side_effects(self):
        log_dir = os.path.join(self.tmp, "not", "yet")
        expected = get_worker_log_path(log_dir, 6)
        self.assertFalse(os.path.exists(log_dir))
        self.assertEqual(expected, Path(log_dir) / "worker_6.log")
        self.assertEqual(setup_worker_logging(6, log_dir), expected)

    def test_accepts_path(self):
        self.assertEqual(get_worker_log_path(Path("x"), 10), Path("x/worker_10.log"))


class EnvironmentTests(TempDirTest):
    def test_rank_from_each_variable_in_order(self):
        for name in worker_logging.RANK_VARIABLES:
            self.assertEqual(rank_from_env({name: "3"}), 3, name)
        self.assertEqual(rank_from_env({"RANK": "1", "SLURM_PROCID": "2"}), 1)
        self.assertEqual(rank_from_env({"SLURM_PROCID": "2", "PMI_RANK": "4"}), 2)
        self.assertEqual(rank_from_env({"RANK": "", "OMPI_COMM_WORLD_RANK": "5"}), 5)

    def test_missing_rank_names_the_variables(self):
        with self.assertRaises(worker_logging.RankNotFoundError) as ctx:
            rank_from_env({})
        for name in worker_logging.RANK_VARIABLES:
            self.assertIn(name, str(ctx.exception))

    def test_non_integer_rank_is_a_clear_error(self):
        with self.assertRaises(worker_logging.RankNotFoundError) as ctx:
            rank_from_env({"RANK": "two"})
        self.assertIn("RANK='two'", str(ctx.exception))
        with self.assertRaises(worker_logging.RankNotFoundError):
            rank_from_env({"SLURM_PROCID": "-1"})

    def test_configure_from_env(self):
        path = configure_from_env({"SLURM_PROCID": "3", "WORKER_LOG_DIR": self.tmp, "WORKER_LOG_LEVEL": "debug"})
        self.assertEqual(path, Path(self.tmp) / "worker_3.log")
        self.assertEqual(logging.getLogger().level, logging.DEBUG)
