"""``python -m worker_logging``: run a worker script with its rank's logging configured."""
from .runner import main

if __name__ == "__main__":
    raise SystemExit(main())
