"""How a rank ends, as the runner records it: every ending, Ctrl+C reaching the script, the
process named in the init record, and tracebacks that start in the user's code."""
import os
import signal
import socket

from support import TempDirTest, run_module


class EndingTests(TempDirTest):
    def logs(self):
        return os.path.join(self.tmp, "logs")

    def log_text(self, rank):
        return self.read(os.path.join(self.logs(), f"worker_{rank}.log"))

    def run_script(self, rank, body, **env):
        script = self.write_script(f"s{rank}.py", body)
        return run_module(["run", "--rank", str(rank), "--log-dir", self.logs(), "--", script], cwd=self.tmp, **env)

    def test_every_ending_is_an_info_record_even_below_the_level(self):
        self.assertEqual(self.run_script(0, "pass\n").returncode, 0)
        self.assertEqual(self.run_script(1, "import sys\nsys.exit(3)\n").returncode, 3)
        self.assertEqual(self.run_script(2, "raise ValueError('x')\n").returncode, 1)
        self.assertEqual(self.run_script(3, "pass\n", WORKER_LOG_LEVEL="ERROR").returncode, 0)
        for rank, ending in ((0, "exit code 0"), (1, "exit code 3"), (2, "exit code 1"), (3, "exit code 0")):
            last = self.log_text(rank).rstrip("\n").splitlines()[-1]
            self.assertRegex(last, rf" - Worker {rank} - worker_logging\.run - INFO - Worker {rank} ended: {ending}$")

    def test_the_init_record_names_the_process(self):
        self.run_script(0, "pass\n")
        first = self.log_text(0).splitlines()[0]
        self.assertRegex(first, rf"Worker 0 logging initialized: .*worker_0\.log \(pid \d+ on {socket.gethostname()}\)$")

    def test_a_crash_is_logged_from_the_users_code_on(self):
        r = self.run_script(2, "def f():\n    raise RuntimeError('CUDA out of memory')\nf()\n")
        self.assertEqual(r.returncode, 1)
        text = self.log_text(2)
        block = text.split("Traceback (most recent call last):\n", 1)[1]
        first_frame = block.splitlines()[0]
        self.assertRegex(first_frame, r'^  File ".*s2\.py", line 3, in <module>$')
        self.assertNotIn("runner.py", block)
        self.assertNotIn("runpy", block)
        self.assertNotIn("runner.py", r.stderr)

    def test_a_threads_uncaught_exception_is_an_error_record_and_the_rank_goes_on(self):
        body = (
            "import logging, threading\n"
            "def upload():\n    raise ConnectionError('upload failed')\n"
            "t = threading.Thread(target=upload, name='uploader'); t.start(); t.join()\n"
            "logging.getLogger('train').info('went on')\n"
        )
        r = self.run_script(4, body)
        self.assertEqual(r.returncode, 0, r.stderr)
        text = self.log_text(4)
        self.assertRegex(text, r" - Worker 4 - worker_logging - ERROR - Uncaught exception in thread uploader\nTraceback \(most recent call last\):\n(.*\n)*ConnectionError: upload failed\n")
        self.assertIn(" - train - INFO - went on", text)
        self.assertTrue(text.rstrip("\n").endswith("Worker 4 ended: exit code 0"))
        # Shown once on the console (as every error), not a second time by Python's own hook.
        self.assertEqual(r.stderr.count("ConnectionError: upload failed"), 1, r.stderr)
        # A hook the script installed before runs too; SystemExit in a thread is no error (as in Python).
        chained = (
            "import threading\n"
            "seen = []\n"
            "threading.excepthook = lambda args: seen.append(args.thread.name)\n"
            "from worker_logging import setup_worker_logging\n"
            "import os\n"
            "setup_worker_logging(5, os.environ['LOGS'])\n"
            "t = threading.Thread(target=lambda: 1 / 0, name='div'); t.start(); t.join()\n"
            "t = threading.Thread(target=lambda: exit(0), name='quits'); t.start(); t.join()\n"
            "assert seen == ['div', 'quits'], seen\n"
        )
        r = self.run_script(5, chained, LOGS=self.logs())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Uncaught exception in thread div", self.log_text(5))
        self.assertNotIn("thread quits", self.log_text(5))

    def _start(self, rank, body):
        return self.start_rank(rank, self.write_script(f"int{rank}.py", body), self.logs())

    def test_ctrl_c_reaches_the_script_as_keyboard_interrupt(self):
        proc = self._start(
            5,
            "import logging, time\nlog = logging.getLogger('train')\nlog.info('ready')\n"
            "try:\n    time.sleep(60)\nexcept KeyboardInterrupt:\n    log.warning('saving a checkpoint before stopping')\n"
            "finally:\n    log.info('cleanup ran')\n",
        )
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 0, err)
        text = self.log_text(5)
        self.assertIn("saving a checkpoint before stopping", text)
        self.assertIn("cleanup ran", text)
        self.assertTrue(text.rstrip("\n").endswith("Worker 5 ended: exit code 0"))

    def test_an_unhandled_ctrl_c_ends_by_sigint_and_is_recorded(self):
        proc = self._start(6, "import logging, time\nlogging.getLogger('t').info('ready')\ntry:\n    time.sleep(60)\nfinally:\n    logging.getLogger('t').info('finally ran')\n")
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, -signal.SIGINT)
        self.assertTrue(err.endswith("\n"), repr(err[-40:]))
        text = self.log_text(6)
        self.assertIn("finally ran", text)
        self.assertIn("Worker 6 received SIGINT; exiting", text)
        self.assertTrue(text.rstrip("\n").endswith("Worker 6 ended: signal SIGINT"))
        # Where the rank was (a hung job is stopped with Ctrl+C): the script's frames, not the runner's.
        warning = text[text.index("Worker 6 received SIGINT; exiting"):text.index("Worker 6 ended: signal SIGINT")]
        self.assertIn("\nTraceback (most recent call last):\n", warning)
        # (Python 3.13+ marks the call under its line: `    ~~~~~~~~~~^^^^`.)
        self.assertRegex(warning, r'File ".*int6\.py", line 4, in <module>\n    time\.sleep\(60\)\n(?: +[~^]+\n)?KeyboardInterrupt\n')
        self.assertNotIn("runner.py", warning)

    def test_sigterm_ending_is_recorded(self):
        proc = self._start(7, "import logging, time\nlogging.getLogger('t').info('ready')\ntime.sleep(60)\n")
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, -signal.SIGTERM)
        self.assertTrue(self.log_text(7).rstrip("\n").endswith("Worker 7 ended: signal SIGTERM"))
