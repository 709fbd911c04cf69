"""A small CPU stand-in for a multi-GPU training script (no GPU, no torch).

Each rank "trains" for a few steps and logs through the standard logging module; the shared
worker_logging module (configured by `python -m worker_logging run`) sends it to the rank's
file. Set DEMO_CRASH_RANK to make that rank run out of (pretend) GPU memory midway, once per
launch; its peers then fail the way collective operations do when a peer dies. Restarting
the crashed rank (Worker Logs: Restart Rank) lets it finish.
"""
import argparse
import logging
import os
import random
import time

log = logging.getLogger("demo.train")


class OutOfMemoryError(RuntimeError):
    pass


def allocate(step, rank, crash_rank):
    if rank == crash_rank and step == 6:
        raise OutOfMemoryError(
            f"CUDA out of memory. Tried to allocate 2.00 GiB (GPU {rank}; 79.15 GiB total capacity; 77.90 GiB already allocated)"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--step-seconds", type=float, default=0.4)
    args = parser.parse_args()

    rank = int(os.environ.get("RANK", "0"))
    world = int(os.environ.get("WORLD_SIZE", "1"))
    crash_rank = int(os.environ.get("DEMO_CRASH_RANK", "-1"))
    log_dir = os.environ.get("WORKER_LOG_DIR", "logs")
    launch = os.environ.get("MASTER_PORT", "0")  # a new port for every launch
    flag = os.path.join(log_dir, f".peer_failed_{launch}")
    crashed_once = os.path.join(log_dir, f".crashed_{launch}")
    devices = os.environ.get("CUDA_VISIBLE_DEVICES", "cpu")
    log.info("Starting worker: rank=%d world_size=%d device=%s", rank, world, devices)
    random.seed(rank)
    loss = 2.5
    for step in range(1, args.steps + 1):
        time.sleep(args.step_seconds)
        if os.path.exists(flag) and rank != crash_rank:
            raise RuntimeError(f"[gloo/transport/tcp/pair.cc:598] Connection closed by peer [127.0.0.1]:{os.environ.get('MASTER_PORT', '29500')}")
        try:
            allocate(step, rank, crash_rank if not os.path.exists(crashed_once) else -1)
        except OutOfMemoryError:
            log.exception("Batch %d failed on rank %d", step * 64, rank)
            open(flag, "w").close()
            open(crashed_once, "w").close()
            raise SystemExit(1)
        loss *= 0.85 + random.random() * 0.05
        log.info("step=%d loss=%.4f throughput=%d seq/s took %.2fs", step, loss, 1500 + random.randint(-40, 40), args.step_seconds)
        if step == 4 and rank % 2 == 1:
            log.warning("Shard shard_%04d is 87%% padding; consider repacking", rank * 10 + step)
    log.info("Finished: %d steps, final loss=%.4f", args.steps, loss)


if __name__ == "__main__":
    main()
