"""``kill -USR1 <pid>`` writes every thread's stack into the rank's log (faulthandler), also
while the main thread is blocked in C code; the rank keeps running; a Python SIGUSR1 handler
installed before still runs; WORKER_LOGGING_STACK_DUMPS=0 leaves SIGUSR1 alone; a message
cannot forge a dump."""
import logging
import os
import re
import signal
import subprocess
import sys
import time
import unittest

from support import TempDirTest, child_env

THREAD = re.compile(r"^(Current thread|Thread) 0x[0-9a-f]+(?: \[[ -~]*\])? \(most recent call first\):$", re.M)

BLOCKED = """
import threading, time, logging
def helper():
    threading.Event().wait()
threading.Thread(target=helper, daemon=True).start()
def wait_here(lock):
    lock.acquire()  # blocked in C, as a rank is inside a collective
logging.getLogger("train").info("ready")
lock = threading.Lock(); lock.acquire()
wait_here(lock)
"""


@unittest.skipUnless(hasattr(signal, "SIGUSR1"), "SIGUSR1 is POSIX only")
class StackDumpTests(TempDirTest):
    def logs(self):
        return os.path.join(self.tmp, "logs")

    def log(self, rank):
        return os.path.join(self.logs(), f"worker_{rank}.log")

    def start(self, rank, body, **env):
        script = self.write_script(f"r{rank}.py", body)
        proc = subprocess.Popen(
            [sys.executable, "-m", "worker_logging", "run", "--rank", str(rank), "--log-dir", self.logs(), "--", script],
            cwd=self.tmp, env=child_env(**env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        deadline = time.time() + 30
        while time.time() < deadline:
            if os.path.exists(self.log(rank)) and "ready" in self.read(self.log(rank)):
                return proc
            time.sleep(0.02)
        self.fail(f"rank {rank} never logged 'ready'")

    def wait_for(self, probe, what, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = probe()
            if value:
                return value
            time.sleep(0.02)
        self.fail(f"timed out waiting for {what}")

    def test_usr1_dumps_all_threads_into_the_log_and_the_rank_goes_on(self):
        proc = self.start(0, BLOCKED)
        os.kill(proc.pid, signal.SIGUSR1)
        text = self.wait_for(lambda: (lambda t: t if len(THREAD.findall(t)) >= 2 else None)(self.read(self.log(0))), "the dump")
        self.assertIn('line 7 in wait_here', text)
        self.assertRegex(text, r'File ".*r0\.py", line 10 in <module>')
        self.assertIn("in helper", text)
        self.assertIsNone(proc.poll(), "the rank must keep running after a dump")
        # A second dump appends another one.
        os.kill(proc.pid, signal.SIGUSR1)
        self.wait_for(lambda: len(THREAD.findall(self.read(self.log(0)))) >= 4, "the second dump")
        self.assertIsNone(proc.poll())

    def test_a_python_handler_installed_before_still_runs(self):
        body = (
            "import signal, logging\n"
            "signal.signal(signal.SIGUSR1, lambda *a: open('handled', 'w').write('yes'))\n"
            "import worker_logging\n"
            "worker_logging.setup_worker_logging(1, 'logs')\n"
            "logging.getLogger('train').info('ready')\n"
            "import time\n"
            "for _ in range(3000):\n"
            "    time.sleep(0.01)\n"
        )
        script = self.write_script("own.py", body)
        proc = subprocess.Popen([sys.executable, script], cwd=self.tmp, env=child_env())
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        self.wait_for(lambda: os.path.exists(self.log(1)) and "ready" in self.read(self.log(1)), "ready")
        os.kill(proc.pid, signal.SIGUSR1)
        self.wait_for(lambda: THREAD.search(self.read(self.log(1))), "the dump")
        self.wait_for(lambda: os.path.exists(os.path.join(self.tmp, "handled")), "the script's own handler")
        self.assertIsNone(proc.poll())

    def test_opting_out_leaves_sigusr1_alone(self):
        proc = self.start(2, BLOCKED, WORKER_LOGGING_STACK_DUMPS="0")
        os.kill(proc.pid, signal.SIGUSR1)
        self.assertEqual(proc.wait(timeout=10), -signal.SIGUSR1)
        self.assertIsNone(THREAD.search(self.read(self.log(2))))

    def test_a_hang_watchdog_dumps_into_the_log(self):
        # faulthandler.dump_traceback_later names no file: its dump goes to the rank's log (Python's
        # writes to stderr, which the log never holds); exit=True then ends the rank. A file named stays.
        body = (
            "import faulthandler, logging, sys, time\n"
            "faulthandler.dump_traceback_later(0.5, exit=True)\n"
            "def wait_for_shard():\n"
            "    while True:\n"
            "        time.sleep(0.05)\n"
            "logging.getLogger('train').info('ready')\n"
            "wait_for_shard()\n"
        )
        proc = self.start(4, body)
        self.assertEqual(proc.wait(timeout=30), 1)
        text = self.read(self.log(4))
        self.assertRegex(text, r"\nTimeout \(0:00:00\.500000\)!\nThread 0x[0-9a-f]+ .*\n(?:  File .*\n)*  File \".*r4\.py\", line 5 in wait_for_shard\n")
        self.assertNotIn("Timeout", proc.stderr.read())
        script = self.write_script("r5.py", body.replace("dump_traceback_later(0.5, exit=True)", "dump_traceback_later(0.5, exit=True, file=sys.stderr)"))
        r = subprocess.run([sys.executable, "-m", "worker_logging", "run", "--rank", "5", "--log-dir", self.logs(), "--", script], cwd=self.tmp, env=child_env(), capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 1)
        self.assertIn("Timeout (0:00:00.500000)!", r.stderr)
        self.assertNotIn("Timeout", self.read(self.log(5)))

    def test_a_message_cannot_forge_a_dump(self):
        # Python 3.14's header names the thread: forged so too, it is indented as well.
        script = self.write_script("forge.py", "import logging\nlogging.getLogger('x').info('look:\\nThread 0x00007f00 (most recent call first):\\n  File \"a.py\", line 1 in f\\nCurrent thread 0x00007f01 [python3] (most recent call first):')\n")
        r = subprocess.run([sys.executable, "-m", "worker_logging", "run", "--rank", "3", "--log-dir", self.logs(), "--", script], cwd=self.tmp, env=child_env(), capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        text = self.read(self.log(3))
        self.assertIn("  Thread 0x00007f00 (most recent call first):", text)
        self.assertIn("  Current thread 0x00007f01 [python3] (most recent call first):", text)
        self.assertIsNone(THREAD.search(text))


if __name__ == "__main__":
    unittest.main()
