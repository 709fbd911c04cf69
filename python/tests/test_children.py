"""Processes of one rank: a second setup in the same process, children started with fork,
spawn and forkserver, and a restarted rank."""
import os
import subprocess
import sys

from support import TempDirTest, child_env, run_module


def sessions_in(text):
    return 1 + text.count("=== Resume at")


class SameRankProcessesTests(TempDirTest):
    def logs(self):
        return os.path.join(self.tmp, "logs")

    def log_text(self, rank):
        return self.read(os.path.join(self.logs(), f"worker_{rank}.log"))

    def test_a_drop_in_script_that_sets_up_logging_again_starts_no_session(self):
        script = self.write_script(
            "dropin.py",
            "import logging\nfrom worker_logging import setup_worker_logging\n"
            "setup_worker_logging(0, %r)\nlogging.getLogger('train').info('step=1')\n" % self.logs(),
        )
        r = run_module(["run", "--rank", "0", "--log-dir", self.logs(), "--", script], cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        text = self.log_text(0)
        self.assertEqual(sessions_in(text), 1, text)
        self.assertEqual(text.count("logging initialized"), 1, text)
        self.assertIn("step=1", text)

    def test_a_new_process_on_a_non_empty_file_still_starts_a_session(self):
        script = self.write_script("noop.py", "import logging\nlogging.getLogger('t').info('ran')\n")
        for _ in range(2):
            r = run_module(["run", "--rank", "1", "--log-dir", self.logs(), "--", script], cwd=self.tmp)
            self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sessions_in(self.log_text(1)), 2)

    def _pool_script(self, method):
        return self.write_script(
            f"pool_{method}.py",
            "import logging, multiprocessing as mp\n"
            "from worker_logging import configure_from_env\n"
            "def work(i):\n"
            "    logging.getLogger('child').info('child record %d', i)\n"
            "    return i\n"
            "def init():\n"
            "    configure_from_env()\n"
            "if __name__ == '__main__':\n"
            f"    ctx = mp.get_context({method!r})\n"
            "    with ctx.Pool(2) as pool:\n"
            "        assert sum(pool.map(work, range(20))) == 190\n"
            "    with ctx.Pool(2, initializer=init) as pool:\n"
            "        pool.map(work, range(20, 30))\n"
            "    logging.getLogger('parent').info('pool done')\n",
        )

    def _check_pool(self, method):
        script = self._pool_script(method)
        # Seen once in CI: the fork pool hung for 120 s. A hang now leaves every process's stacks.
        log = os.path.join(self.logs(), "worker_2.log")
        r = run_module(["run", "--rank", "2", "--log-dir", self.logs(), "--", script], cwd=self.tmp, timeout=120, dump_log=log)
        self.assertEqual(r.returncode, 0, r.stderr)
        text = self.log_text(2)
        for i in range(30):
            self.assertIn(f"Worker 2 - child - INFO - child record {i}\n", text, f"{method}: record {i}")
        self.assertEqual(sessions_in(text), 1, f"{method}: children must not start sessions\n{text}")
        self.assertIn("pool done", text)
        # The pools' terminate() ends their workers with SIGTERM: a fork worker, which has the
        # runner's handler, is not the rank ending; the rank's one ending is its own, last.
        self.assertNotIn("received SIGTERM", text, method)
        self.assertEqual(text.count(" ended: "), 1, f"{method}\n{text}")
        self.assertTrue(text.endswith("Worker 2 ended: exit code 0\n"), f"{method}\n{text[-500:]}")

    def test_fork_children_log_into_the_ranks_file(self):
        self._check_pool("fork")

    def test_spawn_children_log_into_the_ranks_file(self):
        self._check_pool("spawn")

    def test_forkserver_children_log_into_the_ranks_file(self):
        self._check_pool("forkserver")

    def test_a_python_subprocess_of_a_rank_joins_its_session(self):
        script = self.write_script(
            "sub.py",
            "import subprocess, sys\n"
            "subprocess.run([sys.executable, '-c', \"import logging; logging.getLogger('tool').warning('from a subprocess')\"], check=True)\n",
        )
        r = run_module(["run", "--rank", "3", "--log-dir", self.logs(), "--", script], cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        text = self.log_text(3)
        self.assertIn("Worker 3 - tool - WARNING - from a subprocess", text)
        self.assertEqual(sessions_in(text), 1)

    def test_children_can_be_left_alone(self):
        script = self.write_script(
            "sub.py",
            "import subprocess, sys\n"
            "subprocess.run([sys.executable, '-c', \"import logging; logging.getLogger('tool').warning('from a subprocess')\"], check=True)\n",
        )
        r = run_module(["run", "--rank", "4", "--log-dir", self.logs(), "--", script], cwd=self.tmp, WORKER_LOGGING_CHILDREN="0")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("from a subprocess", self.log_text(4))
        self.assertIn("from a subprocess", r.stderr)

    def test_another_sitecustomize_still_runs(self):
        site = os.path.join(self.tmp, "site")
        os.makedirs(site)
        with open(os.path.join(site, "sitecustomize.py"), "w") as f:
            f.write("import os\nos.environ['OTHER_SITECUSTOMIZE_RAN'] = '1'\n")
        script = self.write_script("check.py", "import os, subprocess, sys\nsubprocess.run([sys.executable, '-c', \"import os, sys; sys.exit(0 if os.environ.get('OTHER_SITECUSTOMIZE_RAN') else 3)\"], check=True)\n")
        env_path = site + os.pathsep + child_env()["PYTHONPATH"]
        r = run_module(["run", "--rank", "5", "--log-dir", self.logs(), "--", script], cwd=self.tmp, PYTHONPATH=env_path)
        self.assertEqual(r.returncode, 0, r.stderr)
