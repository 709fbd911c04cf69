"""`run --tty`: the rank on a pseudo-terminal, for runners whose own stdin is a pipe (the
extension's rank terminals). The child side runs the rank as usual; this side relays bytes
between the pipes and the terminal, so the kernel gives the rank line editing, isatty() and
Ctrl+C for its whole foreground group. Standard library only; POSIX."""
from __future__ import annotations

import errno
import fcntl
import os
import re
import select
import signal
import struct
import sys
import termios
from typing import Callable, Optional

# The extension's resize message on stdin, never typed by a user: ESC ] gwl;resize;COLS;ROWS BEL
_RESIZE = re.compile(rb"\x1b\]gwl;resize;(\d{1,4});(\d{1,4})\x07")
_INTERRUPT = b"\x03"


def _set_size(fd: int, cols: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def _import_stdlib(name: str):
    """Imports a standard module without the working folder on sys.path: `python -m` puts it
    first, and a user's `tty.py` or `select.py` there must not stand in for the real one."""
    import importlib

    saved = list(sys.path)
    cwd = os.getcwd()
    sys.path[:] = [p for p in sys.path if p not in ("", ".", cwd)]
    try:
        return importlib.import_module(name)
    finally:
        sys.path[:] = saved


# Seconds a rank gets to end after SIGTERM or SIGHUP before it is killed (the extension kills
# the relay 5 s after it closed the terminal).
_KILL_AFTER_SECONDS = 3
# Signals the rank logs its own ending for (the runner's handlers, KeyboardInterrupt).
_LOGGED_BY_THE_RANK = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _die_with_parent(parent: int) -> None:
    """The rank is killed when this relay is (Linux): on its own pseudo-terminal and session it
    would otherwise outlive a relay killed while it was stuck in a C++ collective, where its
    Python signal handlers never run (a GPU held by a rank nobody sees)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError, ImportError):
        return
    if os.getppid() != parent:  # the relay died before prctl
        os.kill(os.getpid(), signal.SIGKILL)


def fork_on_pty(on_killed: Optional[Callable[[str, Optional[str]], None]] = None) -> Optional[int]:
    """None in the child (go on and run the rank); in the parent, relays until the child ends
    and returns its exit code (or ends by the signal that ended it). ``on_killed(signal, after)``
    is told when the child died by a signal it could not log (SIGKILL: the OOM killer, a stop
    that it did not answer), with the stop signal relayed to it before, if any."""
    pty = _import_stdlib("pty")
    parent = os.getpid()
    pid, master = pty.fork()
    if pid == 0:
        if sys.platform.startswith("linux"):
            _die_with_parent(parent)
        return None
    _set_size(master, 80, 24)
    asked: list = []

    def kill(_signum=None, _frame=None):
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    signal.signal(signal.SIGALRM, kill)

    def forward(signum, _frame):
        asked.append(signal.Signals(signum).name)
        # Ctrl+C through the terminal, so the rank's whole foreground group gets it.
        if signum == signal.SIGINT:
            os.write(master, _INTERRUPT)
        else:
            try:
                os.killpg(pid, signum)
            except ProcessLookupError:
                pass
            # A rank that has not ended a while after SIGTERM (its terminal closed) is stuck
            # outside Python: it is killed before the terminal kills this relay, so its ending
            # is recorded (`SIGKILL (after SIGTERM)`).
            signal.alarm(signal.alarm(0) or _KILL_AFTER_SECONDS)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, forward)
    return _relay(pid, master, lambda sig: on_killed and on_killed(sig, asked[0] if asked else None))


def _relay(pid: int, master: int, killed: Callable[[str], None]) -> int:
    stdin = sys.stdin.fileno()
    stdout = sys.stdout.fileno()
    readers = [master, stdin]
    pending = b""
    while True:
        try:
            ready, _, _ = select.select(readers, [], [])
        except InterruptedError:
            continue
        if master in ready:
            try:
                data = os.read(master, 65536)
            except OSError as e:
                if e.errno != errno.EIO:
                    raise
                data = b""
            if not data:
                break
            os.write(stdout, data)
        if stdin in ready:
            data = os.read(stdin, 65536)
            if not data:
                readers.remove(stdin)
                continue
            pending += data
            # Resize messages are applied here; everything else goes to the rank as typed.
            while True:
                m = _RESIZE.search(pending)
                if not m:
                    break
                _set_size(master, int(m.group(1)), int(m.group(2)))
                os.kill(pid, signal.SIGWINCH)
                pending = pending[: m.start()] + pending[m.end():]
            start = pending.rfind(b"\x1b]gwl;")
            keep = pending[start:] if start >= 0 and b"\x07" not in pending[start:] else b""
            os.write(master, pending[: len(pending) - len(keep)])
            pending = keep
    _, status = os.waitpid(pid, 0)
    signal.alarm(0)
    os.close(master)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig not in _LOGGED_BY_THE_RANK:
            killed(signal.Signals(sig).name)
        if sig != signal.SIGKILL:  # its handler cannot be set, and it is the default anyway
            signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
    return os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1
