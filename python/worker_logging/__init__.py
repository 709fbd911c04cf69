"""Shared logging for the workers of a multi-GPU job: one append-mode file per rank.

Every record reads ``<asctime> - Worker <rank> - <logger> - <LEVEL> - <message>``. A worker
that starts on a non-empty file first logs ``=== Resume at <ISO time> ===``, so each restart
begins a new *session* of the file. The console (stderr) shows WARNING and above only.

Drop-in compatible with code that calls ``setup_worker_logging(rank, log_dir)`` and
``get_worker_log_path(log_dir, rank)``. Standard library only, Python 3.8+.
"""
from __future__ import annotations

import _thread
import faulthandler
import logging
import os
import re
import signal
import socket
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Optional, Union

__all__ = [
    "LOG_FORMAT",
    "RANK_VARIABLES",
    "RankNotFoundError",
    "configure_from_env",
    "get_worker_log_path",
    "join_inherited_session",
    "rank_from_env",
    "setup_worker_logging",
]
__version__ = "0.1.0"

#: The record format; ``{rank}`` is filled in per worker.
LOG_FORMAT = "%(asctime)s - Worker {rank} - %(name)s - %(levelname)s - %(message)s"
#: Where the rank is read from, in this order (torchrun, Slurm, Open MPI, MPICH/Intel MPI).
RANK_VARIABLES = ("RANK", "SLURM_PROCID", "OMPI_COMM_WORLD_RANK", "PMI_RANK")
LOG_DIR_VARIABLE = "WORKER_LOG_DIR"
#: ``<rank>:<level>:<log file>`` of the session a rank's process opened; its children inherit it.
SESSION_VARIABLE = "WORKER_LOGGING_SESSION"
#: ``0`` leaves the logging of the rank's child processes alone.
CHILDREN_VARIABLE = "WORKER_LOGGING_CHILDREN"
LEVEL_VARIABLE = "WORKER_LOG_LEVEL"
#: ``0`` leaves SIGUSR1 alone (by default ``kill -USR1 <pid>`` dumps every thread's stack into the log).
STACK_DUMPS_VARIABLE = "WORKER_LOGGING_STACK_DUMPS"
DEFAULT_LOG_DIR = "logs"

_logger = logging.getLogger(__name__)
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_AUTOCONF_DIR = os.path.join(_PACKAGE_DIR, "_children")
# The log file this process opened a session in (or joined), so a second setup continues it.
_session_file: Optional[str] = None
# Kept open for faulthandler, which writes stack dumps to it from a signal handler.
_stack_file = None

PathLike = Union[str, "os.PathLike[str]"]


# A line that a reader would take for the start of a record, a fatal error or a stack dump.
_RECORD_START = re.compile(
    r"(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - )?Worker \d+ - |Fatal Python error: |(?:Current thread|Thread) 0x[0-9a-fA-F]+(?: \[[ -~]{0,100}\])? \(most recent call first\):|Stack \(most recent call first\):"
)


class _RecordFormatter(logging.Formatter):
    """The record format, with every line after the first that looks like a record start
    indented by two spaces: a message with newlines cannot forge records (a fake resume
    separator or CRITICAL) in the rank's log."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        if "\n" not in text:
            return text
        first, *rest = text.split("\n")
        return "\n".join([first] + ["  " + line if _RECORD_START.match(line) else line for line in rest])


class RankNotFoundError(RuntimeError):
    """No usable rank in the environment."""


#: The largest rank: the extension reads a rank of at most 15 digits (a longer number would not
#: stay exact in JavaScript), so a log of a larger one would never be shown.
MAX_RANK = 10**15 - 1


def rank_problem(rank: int, named: str) -> Optional[str]:
    """Why ``rank`` (given as ``named``) cannot be a worker's rank, or None when it can."""
    if rank < 0:
        return f"{named} is negative; a worker's rank must be 0 or more"
    if rank > MAX_RANK:
        return f"{named} has more than 15 digits; a worker's rank must be at most {MAX_RANK}"
    return None


class _AppendHandler(logging.FileHandler):
    """A FileHandler that writes each record with one ``write()`` on an O_APPEND descriptor.

    Several processes appending to one file then never interleave inside a record, whatever
    its length (a TextIOWrapper may split a long traceback into several writes). When writing
    fails (a full disk), the first failure is reported once on stderr, the records are counted
    instead of each printing a traceback, and once writing works again a WARNING says how many
    were lost. A record never continues a torn line: it starts on a new one.
    """

    def __init__(self, filename: PathLike) -> None:
        super().__init__(filename, mode="a", encoding="utf-8")
        self._dropped = 0
        self._failure = ""
        self._mid_line = _ends_mid_line(filename)

    def _write(self, data: bytes) -> None:
        if self.stream is None:
            self.stream = self._open()
        fd = self.stream.fileno()
        if self._mid_line:
            data = b"\n" + data
        view = memoryview(data)
        try:
            while view:
                written = os.write(fd, view)
                view = view[written:]
        finally:
            # A record written in part leaves the file mid-line; one not written at all, as it was.
            if len(view) < len(data):
                self._mid_line = len(view) > 0

    def emit(self, record: logging.LogRecord) -> None:
        try:
            data = (self.format(record) + self.terminator).encode("utf-8", "backslashreplace")
            if self._dropped:
                self._write(self._dropped_notice(record))
                self._dropped = 0
            self._write(data)
        except RecursionError:
            raise
        except OSError as e:
            if not self._dropped:
                self._failure = e.strerror or str(e)
                sys.stderr.write(f"worker_logging: cannot write {self.baseFilename} ({self._failure}); counting the records lost until it can\n")
            self._dropped += 1
        except Exception:
            self.handleError(record)

    def _dropped_notice(self, record: logging.LogRecord) -> bytes:
        notice = logging.LogRecord(__name__, logging.WARNING, __file__, 0, "%d records were not written to %s (%s)", (self._dropped, self.baseFilename, self._failure), None)
        notice.created = record.created
        notice.msecs = record.msecs
        return (self.format(notice) + self.terminator).encode("utf-8", "backslashreplace")


def _ends_mid_line(filename: PathLike) -> bool:
    """The file's last byte is not a line break (a writer was killed, or the disk filled, mid-record).

    A file another process is appending to can be seen mid-record for a moment (a large
    write grows the file a page at a time): a file that is still growing is not torn, and
    its writer ends the line."""

    def tail():
        with open(filename, "rb") as f:
            size = f.seek(0, os.SEEK_END)
            if size == 0:
                return size, True
            f.seek(-1, os.SEEK_END)
            return size, f.read(1) == b"\n"

    try:
        size, ends_line = tail()
        if ends_line:
            return False
        time.sleep(0.02)
        later, ends_line = tail()
        return later == size and not ends_line
    except OSError:
        return False


def get_worker_log_path(log_dir: PathLike, rank: int) -> Path:
    """The log file of ``rank`` in ``log_dir`` (``worker_<rank>.log``). No side effects."""
    return Path(log_dir) / f"worker_{rank}.log"


def setup_worker_logging(rank: int, log_dir: PathLike, log_level: int = logging.INFO) -> Path:
    """Configures the root logger of this process for worker ``rank`` and returns its log path.

    Removes the root logger's existing handlers (so calling it again never duplicates
    records), appends to ``log_dir/worker_<rank>.log`` at ``log_level``, and echoes WARNING
    and above to stderr. A process that starts on a non-empty file first logs the resume
    separator: that is a new session. Calling it again in the same process, or from a process
    the rank started (which inherits ``WORKER_LOGGING_SESSION``), only configures logging: the
    session goes on. Python processes the rank starts (multiprocessing with any start method,
    subprocesses) log into the same file by themselves unless ``WORKER_LOGGING_CHILDREN=0``.
    """
    global _session_file
    if isinstance(rank, str) and rank.strip().isdigit():
        rank = int(rank.strip())  # os.environ["RANK"] passed as it is
    if isinstance(rank, bool) or not isinstance(rank, int):
        raise TypeError(f"rank must be a whole number, not {rank!r}")
    problem = rank_problem(rank, f"rank {rank}")
    if problem:
        raise ValueError(problem)
    directory = Path(log_dir)
    directory.mkdir(parents=True, exist_ok=True)
    log_file = get_worker_log_path(directory, rank)
    key = os.path.abspath(log_file)
    continuing = key == _session_file or _inherited_session() == key
    resuming = not continuing and log_file.exists() and log_file.stat().st_size > 0

    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
        try:
            handler.close()
        except Exception:  # a broken handler must not stop the worker from logging
            pass

    formatter = _RecordFormatter(LOG_FORMAT.format(rank=rank))
    file_handler = _AppendHandler(log_file)
    file_handler.setLevel(log_level)
    file_handler.setFormatter(formatter)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING)
    console.setFormatter(formatter)
    root.addHandler(file_handler)
    root.addHandler(console)
    root.setLevel(log_level)

    # These two records mark sessions, so they reach the file whatever the level.
    if resuming:
        _write_always(file_handler, "=== Resume at %s ===", datetime.now().isoformat())
    if not continuing:
        _write_always(file_handler, "Worker %s logging initialized: %s (pid %s on %s)", rank, log_file, os.getpid(), socket.gethostname())
    _session_file = key
    _share_session_with_children(rank, log_level, key)
    _register_stack_dumps(log_file)
    _log_thread_exceptions()
    return log_file


# Python's own hook for a thread's uncaught exception (``threading.__excepthook__`` from 3.10;
# before, the one threading takes from ``_thread``).
_PYTHON_THREAD_HOOK = getattr(threading, "__excepthook__", None) or getattr(_thread, "_excepthook", None)


def _log_thread_exceptions() -> None:
    """A thread's uncaught exception becomes an ERROR record of the rank with its traceback
    (``Uncaught exception in thread uploader``), not only lines on stderr: the log shows where a
    loader or uploader thread died (readers do not count it as the rank's failure: its process
    goes on). The console shows it as it shows every error; a hook someone installed before
    (not Python's own, which would print it twice) still runs after."""
    previous = threading.excepthook
    if getattr(previous, "_worker_logging", False):
        return

    def log_thread_exception(args: "threading.ExceptHookArgs") -> None:
        if args.exc_type is not SystemExit:
            name = args.thread.name if args.thread is not None else "?"
            _logger.error("Uncaught exception in thread %s", name, exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        if previous is not _PYTHON_THREAD_HOOK:
            previous(args)

    log_thread_exception._worker_logging = True  # type: ignore[attr-defined]
    threading.excepthook = log_thread_exception


def _register_stack_dumps(log_file: Path) -> None:
    """``kill -USR1 <pid>`` writes the stack of every thread into the rank's log. faulthandler
    does it from the signal handler in C, so it works while the main thread is blocked in a
    C++ collective, where Python signal handlers never run. A Python handler someone installed
    on SIGUSR1 before still runs after the dump. ``faulthandler.dump_traceback_later`` called
    without a file writes there too. ``WORKER_LOGGING_STACK_DUMPS=0`` opts out of both."""
    global _stack_file
    if os.environ.get(STACK_DUMPS_VARIABLE, "1") == "0" or not hasattr(signal, "SIGUSR1"):
        return
    try:
        previous = signal.getsignal(signal.SIGUSR1)
        stream = open(log_file, "a", encoding="utf-8")
    except (OSError, ValueError):
        return
    try:
        faulthandler.register(signal.SIGUSR1, file=stream, all_threads=True, chain=callable(previous))
    except (OSError, RuntimeError, ValueError):
        stream.close()
        return
    old, _stack_file = _stack_file, stream
    if old is not None:
        old.close()
    faulthandler.dump_traceback_later = _dump_traceback_later


# Python's own, and what a caller that names no file gets (the rank's log; see below).
_PYTHON_DUMP_LATER = faulthandler.dump_traceback_later
_NO_FILE = object()


def _dump_traceback_later(timeout, repeat=False, file=_NO_FILE, exit=False):
    """``faulthandler.dump_traceback_later``, its dump in the rank's log when no file is named
    (Python's writes to stderr, which the rank's console shows and its log never holds): a hang
    watchdog's dump (``exit=True`` then ends the process, before any ending is recorded) is
    where the readers look for where each rank was."""
    if file is _NO_FILE:
        file = _stack_file if _stack_file is not None and not _stack_file.closed else sys.stderr
    return _PYTHON_DUMP_LATER(timeout, repeat=repeat, file=file, exit=exit)


def _inherited_session() -> Optional[str]:
    """The log file of the session this process inherited from the rank that started it."""
    value = os.environ.get(SESSION_VARIABLE, "")
    parts = value.split(":", 2)
    return parts[2] if len(parts) == 3 else None


def _share_session_with_children(rank: int, level: int, key: str) -> None:
    """Children inherit the session (so they never start one) and, unless told not to, find
    the folder whose sitecustomize configures their logging at start-up."""
    os.environ[SESSION_VARIABLE] = f"{rank}:{level}:{key}"
    if os.environ.get(CHILDREN_VARIABLE, "1") == "0":
        return
    folders = [_AUTOCONF_DIR, os.path.dirname(_PACKAGE_DIR)]
    current = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p not in folders]
    os.environ["PYTHONPATH"] = os.pathsep.join(folders + current)


def join_inherited_session() -> Optional[Path]:
    """Configures logging in a process a rank started, into the rank's file, without a new
    session; None when this process inherited no session. Runs by itself in Python children
    (see ``setup_worker_logging``); call it where that cannot happen (an interpreter started
    with ``-S`` or ``-I``)."""
    value = os.environ.get(SESSION_VARIABLE, "")
    parts = value.split(":", 2)
    if len(parts) != 3 or not parts[0].isdigit():
        return None
    rank, level, path = int(parts[0]), parse_level(parts[1]), Path(parts[2])
    if path.name != f"worker_{rank}.log":
        return None
    return setup_worker_logging(rank, path.parent, level)


def _write_always(handler: logging.Handler, msg: str, *args: object, name: str = __name__) -> None:
    record = _logger.makeRecord(name, logging.INFO, __file__, 0, msg, args, None)
    handler.handle(record)


def log_to_file_always(name: str, msg: str, *args: object) -> None:
    """An INFO record to this process's rank log whatever its level (the runner's endings)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, _AppendHandler):
            _write_always(handler, msg, *args, name=name)


def append_record(log_file: PathLike, rank: int, name: str, msg: str, *args: object) -> bool:
    """An INFO record appended to ``log_file`` by a process that did not set up logging (the
    terminal relay of ``run --tty``, once its rank has died without a word), through the rank's
    own kind of handler: one write, and never onto a line the killed rank left torn. False when
    the log is not there."""
    path = Path(log_file)
    if not path.is_file():
        return False
    try:
        handler = _AppendHandler(path)
    except OSError:
        return False
    try:
        handler.setFormatter(_RecordFormatter(LOG_FORMAT.format(rank=rank)))
        _write_always(handler, msg, *args, name=name)
    finally:
        handler.close()
    return True


def rank_from_env(environ: Optional[dict] = None) -> int:
    """The rank from RANK, else SLURM_PROCID, OMPI_COMM_WORLD_RANK, PMI_RANK."""
    env = os.environ if environ is None else environ
    for name in RANK_VARIABLES:
        value = env.get(name)
        if value is None or value.strip() == "":
            continue
        try:
            rank = int(value.strip())
        except ValueError:
            raise RankNotFoundError(f"{name}={value!r} is not a whole number; a worker's rank must be one") from None
        problem = rank_problem(rank, f"{name}={value!r}")
        if problem:
            raise RankNotFoundError(problem)
        return rank
    raise RankNotFoundError(
        "No rank found: set one of " + ", ".join(RANK_VARIABLES) + " (or pass --rank N to 'python -m worker_logging run')"
    )


def parse_level(value: Union[str, int, None], default: int = logging.INFO) -> int:
    """``"DEBUG"``, ``"warning"``, ``"10"`` or ``10`` -> a logging level number."""
    if value is None or value == "":
        return default
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    level = logging.getLevelName(text.upper())
    if isinstance(level, int):
        return level
    raise ValueError(f"unknown log level {value!r}: use DEBUG, INFO, WARNING, ERROR or CRITICAL")


def configure_from_env(environ: Optional[dict] = None) -> Path:
    """``setup_worker_logging`` with the rank, folder and level taken from the environment."""
    env = os.environ if environ is None else environ
    rank = rank_from_env(env)
    log_dir = env.get(LOG_DIR_VARIABLE) or DEFAULT_LOG_DIR
    return setup_worker_logging(rank, log_dir, parse_level(env.get(LEVEL_VARIABLE)))
