"""``python -m worker_logging run [--rank N] [--log-dir D] [--level L] -- script.py [args...]``

Configures logging for the rank (flags override RANK/SLURM_PROCID/..., WORKER_LOG_DIR and
WORKER_LOG_LEVEL), then runs the script (or ``-m package.module``) as ``__main__`` with its own
``sys.argv``. An uncaught exception is logged as an ERROR record with its traceback and exits 1;
``SystemExit`` codes pass through; Ctrl+C reaches the script as ``KeyboardInterrupt``; SIGTERM,
SIGHUP and an unhandled Ctrl+C are logged by name (the Ctrl+C with its traceback: where the
rank was); every ending leaves an INFO record
(``Worker N ended: exit code 0`` or ``... ended: signal SIGTERM``) before the process
ends the usual way; ``faulthandler`` writes hard crashes (segfault, abort) into the rank's log.
"""
from __future__ import annotations

import argparse
import faulthandler
import logging
import os
import runpy
import signal
import sys
from typing import List, Optional

from . import (
    DEFAULT_LOG_DIR,
    LEVEL_VARIABLE,
    LOG_DIR_VARIABLE,
    RANK_VARIABLES,
    RankNotFoundError,
    append_record,
    get_worker_log_path,
    log_to_file_always,
    parse_level,
    rank_from_env,
    rank_problem,
    setup_worker_logging,
)

_logger = logging.getLogger("worker_logging.run")
_fault_file = None  # kept open for faulthandler for the life of the process

DESCRIPTION = """\
Run a worker of a multi-GPU job with its rank's logging configured.

Each rank appends to <log-dir>/worker_<rank>.log in the format
  <time> - Worker <rank> - <logger> - <LEVEL> - <message>
and a restart on a non-empty file first logs '=== Resume at <ISO time> ==='.
The console shows WARNING and above.
"""

EPILOG = f"""\
commands:
  run [--rank N] [--log-dir DIR] [--level LEVEL] [--] script.py [args...]
  run [--rank N] [--log-dir DIR] [--level LEVEL] [--] -m package.module [args...]
  (the script's own arguments follow it: `--` is needed only before a script named like an option)

environment (flags win):
  rank      {', '.join(RANK_VARIABLES)} (first one set)
  log dir   {LOG_DIR_VARIABLE} (default: ./{DEFAULT_LOG_DIR})
  level     {LEVEL_VARIABLE} (default: INFO)

behaviour:
  an uncaught exception is logged as ERROR with its traceback, exit code 1;
  sys.exit(n) passes n through; SIGTERM/SIGINT/SIGHUP are logged by name, then the
  process ends by that signal; a hard crash (segfault, abort) is dumped into
  the rank's log by faulthandler.

in your own code:
  from worker_logging import setup_worker_logging
  log_path = setup_worker_logging(rank, "logs")
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m worker_logging",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="run")
    run = sub.add_parser("run", help="run a worker script with logging configured", epilog=EPILOG,
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("--rank", type=int, help="this worker's rank (default: from the environment)")
    run.add_argument("--log-dir", help=f"folder of the rank logs (default: ${LOG_DIR_VARIABLE} or ./{DEFAULT_LOG_DIR})")
    run.add_argument("--level", help=f"file log level (default: ${LEVEL_VARIABLE} or INFO)")
    run.add_argument("--tty", action="store_true", help="run the rank on a pseudo-terminal when stdin is not one (line editing, isatty(), Ctrl+C)")
    return parser


# The runner's own options that take a value (the value is not the script).
_VALUE_OPTIONS = ("--rank", "--log-dir", "--level")


def _split_target(argv: List[str]):
    """The runner's arguments, and the script (or `-m module`) with its own: after `--`, or from
    the first word after `run` that is not one of the runner's options (`run train.py --lr 3`)."""
    i = 1 if argv[:1] == ["run"] else len(argv)
    while i < len(argv):
        word = argv[i]
        if word == "--":
            return argv[:i], argv[i + 1:]
        if word == "-m" or not word.startswith("-"):
            return argv[:i], argv[i:]
        i += 2 if word in _VALUE_OPTIONS else 1
    if "--" in argv:
        i = argv.index("--")
        return argv[:i], argv[i + 1:]
    return argv, None


def _log_ending(rank: int, how: str) -> None:
    """The record every ending leaves (INFO, whatever the level): readers know the rank ended."""
    log_to_file_always(_logger.name, "Worker %s ended: %s", rank, how)


def _end_by_signal(signum: int) -> None:
    """Ends the process by `signum`, as it would have ended without the runner."""
    logging.shutdown()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _install_signal_logging(rank: int) -> None:
    # SIGINT is left to Python: it reaches the script as KeyboardInterrupt (see run()).
    rank_pid = os.getpid()

    def on_signal(signum, _frame):
        if os.getpid() != rank_pid:
            # A child forked from the rank with this handler (a multiprocessing pool's worker, which
            # its pool's terminate() ends with SIGTERM): not the rank ending, nothing to record.
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        name = signal.Signals(signum).name
        _logger.warning("Worker %s received %s; exiting", rank, name)
        _log_ending(rank, f"signal {name}")
        _end_by_signal(signum)

    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is None:
            continue
        try:
            signal.signal(sig, on_signal)
        except (ValueError, OSError):  # not the main thread, or an unsupported platform
            pass


def _users_traceback(tb):
    """The traceback from the user's first frame on: without the runner's and runpy's frames."""
    start = tb
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if os.path.abspath(name) != os.path.abspath(__file__) and "runpy" not in os.path.basename(name):
            return tb
        tb = tb.tb_next
    return start


def _run_target(target: List[str]) -> None:
    if target[0] == "-m":
        if len(target) < 2:
            raise SystemExit("worker_logging: '-m' needs a module name")
        module = target[1]
        sys.argv = [module] + target[2:]
        sys.path.insert(0, os.getcwd())
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    else:
        script = target[0]
        if not os.path.exists(script):
            raise FileNotFoundError(f"worker script not found: {script}")
        sys.argv = list(target)
        sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
        runpy.run_path(script, run_name="__main__")


def run(options: argparse.Namespace, target: List[str]) -> int:
    global _fault_file
    try:
        rank = options.rank if options.rank is not None else rank_from_env()
        problem = rank_problem(rank, f"--rank {rank}") if options.rank is not None else None
        if problem:
            raise RankNotFoundError(problem)
        level = parse_level(options.level if options.level is not None else os.environ.get(LEVEL_VARIABLE))
    except (RankNotFoundError, ValueError) as e:
        print(f"worker_logging: {e}", file=sys.stderr)
        return 2
    log_dir = options.log_dir or os.environ.get(LOG_DIR_VARIABLE) or DEFAULT_LOG_DIR
    # The script, and anything it starts, sees the same settings.
    os.environ[LOG_DIR_VARIABLE] = str(log_dir)
    os.environ.setdefault("RANK", str(rank))
    try:
        log_path = setup_worker_logging(rank, log_dir, level)
        _fault_file = open(log_path, "a", encoding="utf-8")
    except OSError as e:
        target = os.path.join(str(log_dir), f"worker_{rank}.log")
        if os.path.isdir(target):
            why = f"{target} is a folder"
        elif os.path.exists(str(log_dir)) and not os.path.isdir(str(log_dir)):
            why = f"{log_dir} is a file, not a folder"
        else:
            why = e.strerror or str(e)
        print(f"worker_logging: cannot write the log of rank {rank} ({why}); choose a writable folder with --log-dir or {LOG_DIR_VARIABLE}", file=sys.stderr)
        return 2
    faulthandler.enable(file=_fault_file, all_threads=True)
    _install_signal_logging(rank)

    code = 0
    interrupted = False
    try:
        _run_target(target)
    except SystemExit as e:
        if e.code is None:
            code = 0
        elif isinstance(e.code, int):
            code = e.code
        else:
            print(e.code, file=sys.stderr)
            code = 1
        if code != 0:
            _logger.warning("Worker %s exited with code %s", rank, code)
    except KeyboardInterrupt as e:
        # Ctrl+C the script did not handle: end by SIGINT, as Python itself would. Its traceback
        # is where the rank was (a hung job is stopped so): the diagnosis reads it as a stack.
        _logger.warning("Worker %s received SIGINT; exiting", rank, exc_info=(type(e), e, _users_traceback(e.__traceback__)))
        interrupted = True
    except BaseException as e:  # noqa: BLE001 - every uncaught error must reach the rank's log
        _logger.error("Worker %s failed with an uncaught exception", rank, exc_info=(type(e), e, _users_traceback(e.__traceback__)))
        code = 1
    if interrupted:
        _log_ending(rank, "signal SIGINT")
        _end_by_signal(signal.SIGINT)
    _log_ending(rank, f"exit code {code}")
    logging.shutdown()
    return code


def _ending_told_by_the_relay(options: argparse.Namespace):
    """What the terminal relay writes when its rank died by a signal it could not log: the
    ending record the rank would have written (``Worker 3 ended: signal SIGKILL``), with the
    stop it was asked for before (``(after SIGINT)``: Stop Job killed it when it did not answer)."""
    try:
        rank = options.rank if options.rank is not None else rank_from_env()
    except RankNotFoundError:
        return None
    log_dir = options.log_dir or os.environ.get(LOG_DIR_VARIABLE) or DEFAULT_LOG_DIR

    def told(sig: str, after: Optional[str]) -> None:
        how = f"signal {sig}" + (f" (after {after})" if after else "")
        append_record(get_worker_log_path(log_dir, rank), rank, _logger.name, "Worker %s ended: %s", rank, how)

    return told


def main(argv: Optional[List[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    own, target = _split_target(argv)
    parser = _parser()
    options = parser.parse_args(own)
    if options.command != "run":
        parser.print_help()
        return 0 if not own else 2
    if not target:
        parser.error("nothing to run: give the script, e.g. run train.py --epochs 3 (or run -m package.module)")
    if options.tty and not os.isatty(0) and hasattr(os, "fork"):
        from ._tty import fork_on_pty

        code = fork_on_pty(_ending_told_by_the_relay(options))
        if code is not None:
            return code
    return run(options, target)
