"""`run --tty`: the rank runs on a pseudo-terminal even when the runner's own stdin is a pipe
(the extension's terminals), so line editing, isatty() and Ctrl+C behave as in a terminal."""
import os
import signal
import subprocess
import sys
import time
import unittest

from support import TempDirTest, child_env


class _OnPty:
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


@unittest.skipUnless(hasattr(os, "fork"), "pseudo-terminals need fork (POSIX)")
class TtyTests(_OnPty, TempDirTest):

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


@unittest.skipUnless(hasattr(os, "fork"), "pseudo-terminals need fork (POSIX)")
class StuckRankTests(_OnPty, TempDirTest):
    """A rank stuck outside Python (a C++ collective: its Python signal handlers never run),
    stood in for by a script that ignores the stop signals."""

    STUCK = (
        "import signal, time\n"
        "for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):\n"
        "    signal.signal(s, signal.SIG_IGN)\n"
        "print('stuck', flush=True)\n"
        "time.sleep(60)\n"
    )

    def rank_pid(self):
        with open(os.path.join(self.logs(), "worker_0.log"), encoding="utf-8") as f:
            return int(f.read().rsplit("(pid ", 1)[1].split(" ")[0])

    def gone(self, pid, timeout=10):
        """The process ended (a zombie nobody reaps counts as ended)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    if f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X"):
                        return True
            except FileNotFoundError:
                return True
            time.sleep(0.05)
        return False

    @unittest.skipUnless(sys.platform.startswith("linux"), "the rank dies with its relay through prctl (Linux)")
    def test_a_rank_stuck_outside_python_dies_with_its_killed_relay(self):
        proc = self.start(self.STUCK)
        self.read_until(proc, b"stuck")
        pid = self.rank_pid()
        proc.send_signal(signal.SIGINT)
        time.sleep(0.3)
        proc.kill()  # the relay: what Stop Job did after its grace
        proc.wait(timeout=10)
        self.assertTrue(self.gone(pid), f"rank process {pid} outlived its relay")

    def test_a_rank_killed_by_sigkill_gets_its_ending_record_from_the_relay(self):
        for stop_first, ending in ((True, "Worker 0 ended: signal SIGKILL (after SIGINT)"), (False, "Worker 0 ended: signal SIGKILL")):
            self.seen = b""
            proc = self.start(self.STUCK)
            self.read_until(proc, b"stuck")
            if stop_first:
                proc.send_signal(signal.SIGINT)
                time.sleep(0.3)
            os.kill(self.rank_pid(), signal.SIGKILL)  # the OOM killer, or Stop Job's kill of a rank that did not answer
            self.assertEqual(proc.wait(timeout=10), -signal.SIGKILL)
            with open(os.path.join(self.logs(), "worker_0.log"), encoding="utf-8") as f:
                last = f.read().splitlines()[-1]
            self.assertRegex(last, r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - Worker 0 - worker_logging\.run - INFO - " + ending.replace("(", r"\(").replace(")", r"\)") + "$")

    def test_a_rank_that_ignores_sigterm_is_killed_by_its_relay_with_its_ending_recorded(self):
        # Its terminal closed (SIGTERM to the relay): killed 3 s later, before the extension kills the relay.
        proc = self.start(self.STUCK)
        self.read_until(proc, b"stuck")
        pid = self.rank_pid()
        started = time.time()
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(proc.wait(timeout=10), -signal.SIGKILL)
        self.assertLess(time.time() - started, 5)
        self.assertTrue(self.gone(pid))
        with open(os.path.join(self.logs(), "worker_0.log"), encoding="utf-8") as f:
            self.assertTrue(f.read().rstrip("\n").endswith("Worker 0 ended: signal SIGKILL (after SIGTERM)"))
