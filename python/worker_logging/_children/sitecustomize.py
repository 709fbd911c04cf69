"""Put first on PYTHONPATH by worker_logging for the processes a rank starts: Python children
(multiprocessing with spawn or forkserver, subprocesses) log into the rank's file without
starting a session. Then the sitecustomize this one hides, if any, runs as usual."""
import os
import sys


def _join_rank_session():
    if not os.environ.get("WORKER_LOGGING_SESSION") or os.environ.get("WORKER_LOGGING_CHILDREN", "1") == "0":
        return
    try:
        import worker_logging

        worker_logging.join_inherited_session()
    except Exception as e:  # a child must start even if its logging cannot be set up
        sys.stderr.write(f"worker_logging: this child process logs without the rank's file ({e})\n")


def _run_hidden_sitecustomize():
    import importlib.machinery
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    rest = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None or os.path.dirname(os.path.abspath(spec.origin or "")) == here:
        return
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)


_join_rank_session()
_run_hidden_sitecustomize()
