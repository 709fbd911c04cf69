"""python -m worker_logging run: exit codes, tracebacks, argv, ranks, signals, crashes."""
import os
import signal

from support import TempDirTest, run_module


class RunnerTests(TempDirTest):
    def logs(self):
        return os.path.join(self.tmp, "logs")

    def log_text(self, rank):
        return self.read(os.path.join(self.logs(), f"worker_{rank}.log"))

    def test_clean_exit_is_zero_and_logs_records(self):
        script = self.write_script("ok.py", "import logging\nlogging.getLogger('train').info('step=1 done')\n")
        r = run_module(["run", "--rank", "0", "--log-dir", self.logs(), "--", script], cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        text = self.log_text(0)
        self.assertIn("Worker 0 - train - INFO - step=1 done", text)
        self.assertEqual(r.stderr, "")

    def test_uncaught_exception_is_logged_with_traceback_and_exits_1(self):
        script = self.write_script("boom.py", "def f():\n    raise RuntimeError('CUDA out of memory')\nf()\n")
        r = run_module(["run", "--rank", "2", "--log-dir", self.logs(), "--", script], cwd=self.tmp)
        self.assertEqual(r.returncode, 1)
        text = self.log_text(2)
        self.assertRegex(text, r" - Worker 2 - worker_logging\.run - ERROR - Worker 2 failed with an uncaught exception\nTraceback \(most recent call last\):\n")
        self.assertIn('boom.py", line 2, in f', text)
        lines = text.rstrip("\n").splitlines()
        self.assertEqual(lines[-2], "RuntimeError: CUDA out of memory")
        self.assertTrue(lines[-1].endswith("Worker 2 ended: exit code 1"))
        self.assertIn("RuntimeError: CUDA out of memory", r.stderr)

    def test_system_exit_code_passes_through(self):
        script = self.write_script("exit3.py", "import sys\nsys.exit(3)\n")
        r = run_module(["run", "--rank", "0", "--log-dir", self.logs(), "--", script], cwd=self.tmp)
        self.assertEqual(r.returncode, 3)
        self.assertIn("exited with code 3", self.log_text(0))
        script0 = self.write_script("exit0.py", "raise SystemExit(0)\n")
        self.assertEqual(run_module(["run", "--rank", "0", "--log-dir", self.logs(), "--", script0], cwd=self.tmp).returncode, 0)

    def test_argv_reaches_the_script_unchanged(self):
        script = self.write_script("argv.py", "import sys, json\nopen(sys.argv[1], 'w').write(json.dumps(sys.argv))\n")
        out = os.path.join(self.tmp, "argv.json")
        odd = ["with space", "quote\"s", "$(rm -rf /)", "back\\slash", "nön-ascii ✓", "--flag=1"]
        r = run_module(["run", "--rank", "0", "--log-dir", self.logs(), "--", script, out] + odd, cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        import json
        self.assertEqual(json.loads(self.read(out)), [script, out] + odd)

    def test_the_script_needs_no_double_dash(self):
        # `run train.py --rank 5`: the runner's options before the script, the script's after it.
        script = self.write_script("argv.py", "import sys, json\nopen(sys.argv[1], 'w').write(json.dumps(sys.argv))\n")
        out = os.path.join(self.tmp, "argv.json")
        r = run_module(["run", "--rank", "3", "--log-dir", self.logs(), "--level", "DEBUG", script, out, "--rank", "5", "--", "x"], cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        import json
        self.assertEqual(json.loads(self.read(out)), [script, out, "--rank", "5", "--", "x"])
        self.assertIn("Worker 3 logging initialized", self.log_text(3))
        r = run_module(["run", "--rank=1", "--log-dir", self.logs()], cwd=self.tmp)
        self.assertEqual(r.returncode, 2)
        self.assertIn("nothing to run: give the script, e.g. run train.py", r.stderr)

    def test_main_guard_runs(self):
        script = self.write_script("guard.py", "import logging\nif __name__ == '__main__':\n    logging.getLogger('m').warning('main ran')\n")
        r = run_module(["run", "--rank", "0", "--log-dir", self.logs(), "--", script], cwd=self.tmp)
        self.assertEqual(r.returncode, 0)
        self.assertIn("main ran", self.log_text(0))
        self.assertIn("Worker 0 - m - WARNING - main ran", r.stderr)

    def test_module_target(self):
        pkg = os.path.join(self.tmp, "mypkg")
        os.makedirs(pkg)
        open(os.path.join(pkg, "__init__.py"), "w").close()
        with open(os.path.join(pkg, "train.py"), "w") as f:
            f.write("import logging, sys\nlogging.getLogger('mypkg.train').info('args=%s', sys.argv[1:])\n")
        r = run_module(["run", "--rank", "1", "--log-dir", self.logs(), "--", "-m", "mypkg.train", "a", "b"], cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("mypkg.train - INFO - args=['a', 'b']", self.log_text(1))

    def test_rank_from_each_environment_variable(self):
        script = self.write_script("noop.py", "pass\n")
        for i, name in enumerate(["RANK", "SLURM_PROCID", "OMPI_COMM_WORLD_RANK", "PMI_RANK"]):
            r = run_module(["run", "--log-dir", self.logs(), "--", script], cwd=self.tmp, **{name: 10 + i})
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(f"Worker {10 + i} logging initialized", self.log_text(10 + i))

    def test_flags_override_environment(self):
        script = self.write_script("noop.py", "pass\n")
        other = os.path.join(self.tmp, "elsewhere")
        r = run_module(["run", "--rank", "4", "--log-dir", self.logs(), "--", script], cwd=self.tmp, RANK=9, WORKER_LOG_DIR=other)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.logs(), "worker_4.log")))
        self.assertFalse(os.path.exists(other))

    def test_log_dir_from_environment(self):
        script = self.write_script("noop.py", "pass\n")
        r = run_module(["run", "--", script], cwd=self.tmp, RANK=0, WORKER_LOG_DIR=self.logs())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.logs(), "worker_0.log")))

    def test_bad_or_missing_rank_is_a_clear_error(self):
        script = self.write_script("noop.py", "pass\n")
        r = run_module(["run", "--log-dir", self.logs(), "--", script], cwd=self.tmp, RANK="abc")
        self.assertEqual(r.returncode, 2)
        self.assertIn("RANK='abc' is not a whole number", r.stderr)
        r = run_module(["run", "--log-dir", self.logs(), "--", script], cwd=self.tmp)
        self.assertEqual(r.returncode, 2)
        self.assertIn("RANK, SLURM_PROCID, OMPI_COMM_WORLD_RANK, PMI_RANK", r.stderr)

    def test_missing_script_is_logged_and_exits_1(self):
        r = run_module(["run", "--rank", "0", "--log-dir", self.logs(), "--", "nope.py"], cwd=self.tmp)
        self.assertEqual(r.returncode, 1)
        self.assertIn("worker script not found: nope.py", self.log_text(0))

    def test_help_explains_usage(self):
        r = run_module(["--help"], cwd=self.tmp)
        self.assertEqual(r.returncode, 0)
        for word in ["run", "--rank", "--log-dir", "--level", "WORKER_LOG_DIR", "SLURM_PROCID", "Resume at", "setup_worker_logging"]:
            self.assertIn(word, r.stdout)
        r = run_module(["run", "--rank", "0"], cwd=self.tmp)
        self.assertEqual(r.returncode, 2)
        self.assertIn("nothing to run", r.stderr)

    def test_restart_appends_a_resume_record(self):
        script = self.write_script("noop.py", "pass\n")
        for _ in range(2):
            run_module(["run", "--rank", "0", "--log-dir", self.logs(), "--", script], cwd=self.tmp)
        text = self.log_text(0)
        self.assertEqual(text.count("=== Resume at"), 1)
        self.assertEqual(text.count("logging initialized"), 2)

    def _start_sleeper(self, rank):
        script = self.write_script("sleep.py", "import logging, time\nlogging.getLogger('s').info('ready')\ntime.sleep(60)\n")
        return self.start_rank(rank, script, self.logs())

    def test_sigterm_is_logged_and_ends_by_signal(self):
        proc = self._start_sleeper(0)
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, -signal.SIGTERM)
        self.assertIn("Worker 0 received SIGTERM; exiting", self.log_text(0))

    def test_sigint_is_logged_and_ends_by_signal(self):
        proc = self._start_sleeper(1)
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, -signal.SIGINT)
        self.assertIn("Worker 1 received SIGINT; exiting", self.log_text(1))

    def test_hard_crash_leaves_a_trace_in_the_log(self):
        script = self.write_script("segv.py", "import ctypes\nctypes.string_at(0)\n")
        r = run_module(["run", "--rank", "3", "--log-dir", self.logs(), "--", script], cwd=self.tmp)
        self.assertEqual(r.returncode, -signal.SIGSEGV)
        text = self.log_text(3)
        self.assertIn("Fatal Python error: Segmentation fault", text)
        self.assertIn("segv.py", text)
