"""Helpers shared by the worker_logging tests."""
import logging
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RECORD = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} - Worker (\d+) - (\S+) - ([A-Z]+) - (.*)$")


def child_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("RANK", "SLURM_PROCID", "OMPI_COMM_WORLD_RANK", "PMI_RANK", "WORKER_LOG_DIR", "WORKER_LOG_LEVEL", "WORKER_LOGGING_SESSION", "WORKER_LOGGING_CHILDREN")}
    env["PYTHONPATH"] = PYTHON_DIR + os.pathsep + env.get("PYTHONPATH", "")
    env.update({k: str(v) for k, v in extra.items()})
    return env


def setup_in_new_process(rank, log_dir, level="INFO"):
    """setup_worker_logging in a fresh process, as a restarted rank would call it."""
    code = f"import logging, worker_logging; worker_logging.setup_worker_logging({rank}, {str(log_dir)!r}, logging.{level})"
    subprocess.run([sys.executable, "-c", code], env=child_env(), check=True, timeout=60)


def run_module(args, cwd, timeout=60, dump_log=None, **env):
    """Runs ``python -m worker_logging ARGS``. With ``dump_log`` (the rank's log), a run that hangs
    is asked for its stacks first (SIGUSR1 to every process of its group: the module dumps each
    one's threads into that log), then killed, and the failure shows the log's end."""
    command = [sys.executable, "-m", "worker_logging"] + list(args)
    if dump_log is None:
        return subprocess.run(command, cwd=cwd, env=child_env(**env), capture_output=True, text=True, timeout=timeout)
    p = subprocess.Popen(command, cwd=cwd, env=child_env(**env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGUSR1)
        time.sleep(1)
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        tail = ""
        if os.path.exists(dump_log):
            with open(dump_log, encoding="utf-8", errors="replace") as f:
                tail = f.read()[-8000:]
        raise AssertionError(f"timed out after {timeout} s: {args}\nstderr: {err[-2000:]}\nthe log's end, with every process's stacks:\n{tail}")
    return subprocess.CompletedProcess(command, p.returncode, out, err)


class TempDirTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = self._tmp.name
        self.addCleanup(self._tmp.cleanup)
        root = logging.getLogger()
        saved = (list(root.handlers), root.level)
        # setup_worker_logging shares its session with children through the environment.
        saved_env = dict(os.environ)
        self.addCleanup(lambda: (os.environ.clear(), os.environ.update(saved_env)))
        import worker_logging

        self.addCleanup(setattr, worker_logging, "_session_file", None)

        def restore():
            for h in list(root.handlers):
                root.removeHandler(h)
                h.close()
            for h in saved[0]:
                root.addHandler(h)
            root.setLevel(saved[1])

        self.addCleanup(restore)

    def write_script(self, name, body):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(body)
        return path

    def start_rank(self, rank, script, log_dir):
        """`run --rank N -- script` in the background, once its log says 'ready' (killed at cleanup)."""
        proc = subprocess.Popen(
            [sys.executable, "-m", "worker_logging", "run", "--rank", str(rank), "--log-dir", log_dir, "--", script],
            cwd=self.tmp, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        path = os.path.join(log_dir, f"worker_{rank}.log")
        deadline = time.time() + 30
        while time.time() < deadline:
            if os.path.exists(path) and "ready" in self.read(path):
                return proc
            time.sleep(0.02)
        self.fail(f"rank {rank} never logged 'ready'")

    def read(self, path):
        with open(path, encoding="utf-8") as f:
            return f.read()
