"""`run --tty`: the rank runs on a pseudo-terminal even when the runner's own stdin is a pipe
(the extension's terminals), so line editing, isatty() and Ctrl+C behave as in a terminal."""
import os
import signal
import subprocess
import sys
import time
import unittest

from support import TempDirTest, child_env


@unittest.skipUnless(hasattr(os, "fork"), "pseudo-terminals need fork (POSIX)")
class TtyTests(TempDirTest):
    def logs(self):
        return os.path.join(self.tmp, "logs")

    def start(self, body, rank=0):
        script = self.write_script("tty.py", body)
        proc = subprocess.Popen(
            [sys.executable, "-m", "worker_logging", "run", "--tty", "--rank", str(rank), "--log-dir", self.logs(), "--", script],
            cwd=self.tmp, env=child_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        return proc

    def read_until(self, proc, text, timeout=20):
        """Everything the rank's terminal showed so far, once it holds `text`."""
        self.seen = getattr(self, "seen", b"")
        deadline = time.time() + timeout
        os.set_blocking(proc.stdout.fileno(), False)
        while text not in self.seen and time.time() < deadline:
            try:
                chunk = os.read(proc.stdout.fileno(), 4096)
            except BlockingIOError:
                chunk = None
            if chunk == b"":
                break
            self.seen += chunk or b""
            if not chunk:
                time.sleep(0.02)
        if text not in self.seen:
            self.fail(f"never saw {text!r} in {self.seen!r}")
        return self.seen

    def test_the_rank_sees_a_terminal_and_backspace_edits_the_line(self):
        proc = self.start("import sys\nprint('tty', sys.stdin.isatty(), sys.stdout.isatty(), flush=True)\nline = input('name? ')\nprint('got', repr(line), flush=True)\n")
        self.read_until(proc, b"name? ")
        proc.stdin.write(b"rnx\x7f\x7fank\r")
        proc.stdin.flush()
        out = self.read_until(proc, b"got 'rank'")
        self.assertIn(b"tty True True", out)
        self.assertEqual(proc.wait(timeout=20), 0)

    def test_ctrl_c_typed_reaches_the_script_and_the_exit_status_passes_through(self):
        proc = self.start("import time\ntry:\n    print('ready', flush=True)\n    time.sleep(60)\nexcept KeyboardInterrupt:\n    print('interrupted', flush=True)\n    raise SystemExit(4)\n")
        self.read_until(proc, b"ready")
        proc.stdin.write(b"\x03")
        proc.stdin.flush()
        self.assertEqual(proc.wait(timeout=20), 4)
        self.assertIn("Worker 0 ended: exit code 4", self.read(os.path.join(self.logs(), "worker_0.log")))

    def test_sigint_to_the_runner_interrupts_the_rank(self):
        proc = self.start("import logging, time\nprint('ready', flush=True)\ntime.sleep(60)\n", rank=1)
        self.read_until(proc, b"ready")
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)
        self.assertEqual(proc.returncode, -signal.SIGINT)
        self.assertIn("Worker 1 ended: signal SIGINT", self.read(os.path.join(self.logs(), "worker_1.log")))

    def test_a_resize_sequence_sets_the_terminal_size_and_is_not_passed_on(self):
        proc = self.start("import shutil, sys\ninput()\nprint('size', shutil.get_terminal_size(), flush=True)\nprint('rest', repr(input()), flush=True)\n")
        time.sleep(0.5)
        proc.stdin.write(b"\n\x1b]gwl;resize;132;40\x07abc\n")
        proc.stdin.flush()
        out = self.read_until(proc, b"rest 'abc'")
        self.assertIn(b"columns=132, lines=40", out)
