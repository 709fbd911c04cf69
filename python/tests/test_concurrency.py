"""Several processes appending at once lose and tear no line."""
import os
import subprocess
import sys

from support import RECORD, TempDirTest, child_env

WRITER = """
import logging, sys
from worker_logging import setup_worker_logging
rank, log_dir, tag, count = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
setup_worker_logging(rank, log_dir)
log = logging.getLogger('writer')
pad = 'x' * (int(sys.argv[5]) if len(sys.argv) > 5 else 40)
for i in range(count):
    log.info('%s %d %s', tag, i, pad)
"""


class ConcurrencyTests(TempDirTest):
    def spawn(self, *args):
        # Written once: rewriting it (truncated, then written) while a writer started before reads it
        # ran an empty script now and then (Python 3.9: a rank's file missing, its process exiting 0).
        script = os.path.join(self.tmp, "writer.py")
        if not os.path.exists(script):
            self.write_script("writer.py", WRITER)
        return subprocess.Popen([sys.executable, script] + [str(a) for a in args], env=child_env(), cwd=self.tmp)

    def test_two_processes_same_rank_file_10000_records_each(self):
        log_dir = os.path.join(self.tmp, "logs")
        # Long records too (9 KB) so a record bigger than an I/O buffer is covered.
        procs = [self.spawn(0, log_dir, "A", 10000), self.spawn(0, log_dir, "B", 10000), self.spawn(0, log_dir, "C", 300, 9000)]
        for p in procs:
            self.assertEqual(p.wait(timeout=300), 0)
        lines = self.read(os.path.join(log_dir, "worker_0.log")).splitlines()
        seen = {"A": set(), "B": set(), "C": set()}
        for line in lines:
            m = RECORD.match(line)
            self.assertIsNotNone(m, f"torn or foreign line: {line[:120]!r}")
            if m.group(2) != "writer":
                continue
            tag, i, pad = m.group(4).split(" ")
            self.assertEqual(pad, "x" * (9000 if tag == "C" else 40))
            seen[tag].add(int(i))
        self.assertEqual(seen["A"], set(range(10000)))
        self.assertEqual(seen["B"], set(range(10000)))
        self.assertEqual(seen["C"], set(range(300)))

    def test_eight_ranks_at_once_each_get_their_own_intact_file(self):
        log_dir = os.path.join(self.tmp, "logs")
        procs = [self.spawn(rank, log_dir, f"r{rank}", 2000) for rank in range(8)]
        for p in procs:
            self.assertEqual(p.wait(timeout=300), 0)
        self.assertEqual(sorted(os.listdir(log_dir)), sorted(f"worker_{r}.log" for r in range(8)))
        for rank in range(8):
            lines = self.read(os.path.join(log_dir, f"worker_{rank}.log")).splitlines()
            self.assertEqual(len(lines), 2001)
            for line in lines:
                m = RECORD.match(line)
                self.assertIsNotNone(m, line[:120])
                self.assertEqual(m.group(1), str(rank))
            self.assertEqual([l.split(" - ")[-1].split(" ")[1] for l in lines[1:]], [str(i) for i in range(2000)])
