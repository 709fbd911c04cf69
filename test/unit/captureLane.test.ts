import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JobImport } from '../../src/core/importJob';
import { findForeignJobs, ForeignJob } from '../../src/core/importLayouts';
import { BUILT_IN_FORMATS } from '../../src/core/lineFormats';
import { CAPTURE_LANE_RANKS } from '../../src/core/lane/captureLane';
import { rng } from '../support/random';

/** The three ways a capture's common lines are read: the lane, JavaScript from bytes, strings. */
function ways(year: number) {
  const options = { formats: BUILT_IN_FORMATS, year };
  return [
    { name: 'lane', options },
    { name: 'bytes', options: { ...options, captureLane: false } },
    { name: 'strings', options: { ...options, byteFastPath: false } },
  ];
}

/**
 * Reads `lines` (text, or bytes as they are) as a capture each way; asserts the rank logs and
 * their line maps agree; returns the lane's import. `check`: what the capture must have been found as.
 */
async function sameEachWay(lines: (string | Buffer)[], label: string, sampleEvery = 7, year = 2026, check?: (job: ForeignJob) => void): Promise<JobImport> {
  const WAYS = ways(year);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-lane-'));
  try {
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src', 'run.out'), Buffer.concat(lines.flatMap((line) => [Buffer.from(line), Buffer.from('\n')])));
    const [job] = await findForeignJobs(path.join(root, 'src'));
    assert.strictEqual(job?.kind, 'capture', label);
    check?.(job);
    const imports: JobImport[] = [];
    for (const way of WAYS) {
      const imp = new JobImport(job, path.join(root, way.name), way.options);
      await imp.update();
      imports.push(imp);
    }
    const names = fs.readdirSync(path.join(root, 'strings')).sort();
    for (const way of WAYS) assert.deepStrictEqual(fs.readdirSync(path.join(root, way.name)).sort(), names, `${label}: ${way.name}`);
    for (const n of names) {
      const wantBytes = fs.readFileSync(path.join(root, 'strings', n));
      const want = wantBytes.toString('utf8');
      for (const way of WAYS.slice(0, 2)) {
        // Byte for byte: a malformed byte copied as it is reads back as U+FFFD, as the string path writes it.
        const gotBytes = fs.readFileSync(path.join(root, way.name, n));
        if (gotBytes.equals(wantBytes)) continue;
        // The first line that differs, cut short (a log line may be 40 KB).
        const a = gotBytes.toString('latin1').split('\n');
        const b = wantBytes.toString('latin1').split('\n');
        const k = a.findIndex((line, i) => line !== b[i]);
        assert.fail(`${label}: ${way.name} ${n}:${k}:\n  got  ${JSON.stringify(a[k]?.slice(0, 300))}\n  want ${JSON.stringify(b[k]?.slice(0, 300))}`);
      }
      if (n === 'launcher.log') continue;
      const count = want.split('\n').length - 1;
      for (let i = 0; i < count; i += sampleEvery) {
        const expected = await imports[2].sourceOf(path.join(root, 'strings', n), i);
        for (let w = 0; w < 2; w++) assert.deepStrictEqual(await imports[w].sourceOf(path.join(root, WAYS[w].name, n), i), expected, `${label}: ${WAYS[w].name} ${n}:${i}`);
      }
    }
    return imports[0];
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/**
 * For the fuzz of a prefix's parts: `parts` with one of them, three times in ten, changed to one
 * of its `changes` (a near miss, or another way of writing it); whether it was left as usual.
 */
function varyOnePart(rand: () => number, parts: Record<string, string>, changes: Record<string, string[]>): boolean {
  const pick = <T,>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  if (rand() >= 0.3) return true;
  const part = pick(Object.keys(changes));
  parts[part] = pick(changes[part]);
  return false;
}

/** A SkyPilot fuzz line's text after its prefix: a record of the `i`-th second, a warning, or a print. */
function recordOrPrint(rand: () => number, i: number): string {
  return [
    `2026-12-04 09:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},${String(i % 1000).padStart(3, '0')} INFO train: step ${i}`,
    `2026-12-04 09:00:00,000 WARNING data: slow shard ${i}`,
    `print ${i}`,
  ][Math.floor(rand() * 3)];
}

describe('the capture lane (WebAssembly) reads a capture as the JavaScript byte path and the string path do', () => {
  it('the same rank logs and line maps, byte for byte, over many chunks, ranks and line shapes (fuzz, 13 seeds of 1-2.5 MiB)', async function () {
    this.timeout(180_000);
    const stamp = (rand: () => number): string => {
      const years = ['2026', '2024', '1969', '1000', '0999', '2000', '1900', '2023'];
      const y = years[Math.floor(rand() * years.length)];
      const m = String(1 + Math.floor(rand() * 13)).padStart(2, '0');
      const d = String(1 + Math.floor(rand() * 31)).padStart(2, '0');
      const h = String(Math.floor(rand() * 25)).padStart(2, '0');
      const s = String(Math.floor(rand() * 62)).padStart(2, '0');
      return `${y}-${m}-${d} ${h}:${String(Math.floor(rand() * 61)).padStart(2, '0')}:${s},${String(Math.floor(rand() * 1000)).padStart(3, '0')}`;
    };
    const good = (rand: () => number, i: number): string => `2026-11-30 09:00:${String(i % 60).padStart(2, '0')},${String(i % 1000).padStart(3, '0')} ${['INFO', 'WARNING', 'ERROR', 'DEBUG', 'CRITICAL', 'WARN', 'FATAL'][Math.floor(rand() * 7)]} train.loop: step ${i} loss ${rand().toFixed(4)}`;
    const shapes: ((rand: () => number, i: number) => string)[] = [
      good,
      good,
      good,
      good,
      good,
      good,
      (rand, i) => `${stamp(rand)} INFO dates: ${i}`,
      (_rand, i) => `2024-02-29 23:59:59,999 INFO leap.year: ${i}`,
      (_rand, i) => `2023-02-29 10:00:00,000 INFO not.leap: ${i}`,
      (rand, i) => `2026-11-30 09:00:00,000 ${['INFOX', 'WARNINGS', 'CRITICALX', 'info', 'WARN_'][Math.floor(rand() * 5)]} odd.level: ${i}`,
      (rand, i) => `2026-11-30 09:00:00,000 INFO ${'l'.repeat(116 + Math.floor(rand() * 6))}: logger of ${i}`,
      (rand, i) => `2026-11-30 09:00:00,000 INFO x: ${'m'.repeat(Math.floor(rand() * 40_000))} ${i}`,
      (_rand, i) => `2026-11-30 09:00:00,000 INFO : no logger ${i}`,
      (_rand, i) => `2026-11-30 09:00:00,000 INFO a:b:c: colons ${i}`,
      (_rand, i) => `2026-11-30 09:00:00,000 INFO x:y ${i}`,
      (_rand, i) => `2026-11-30 09:00:00,000 INFO ünï: code ${i}`,
      (_rand, i) => `2026-11-30 09:00:00,000 INFO x: bell\x07 and del\x7f ${i}`,
      () => 'Traceback (most recent call last):',
      (_rand, i) => `  File "train.py", line ${i}, in step`,
      (_rand, i) => `\t\ttab ${i}`,
      () => ' ',
      () => '',
      () => 'RuntimeError: CUDA error: an illegal memory access was encountered',
      (_rand, i) => `[W1130 09:00:00.123456 ${i} ProcessGroupNCCL.cpp:1203] [Rank 3] watchdog`,
      (rand, i) => {
        // glog in its many shapes: brackets or not, levels, dates, fractions, thread ids, files.
        const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
        const date = pick(['1130', '0229', '0230', '1301', '0001', '1231', '0431']);
        const clock = pick(['09:00:00', '23:59:59', '24:00:00', '09:60:00', '09:00:60', '9:00:00']);
        const fraction = pick(['.1', '.12', '.123', '.123456', '.123456789', '.1234567890', '', '.']);
        const thread = pick([` ${i}`, '', `  ${i}`, ` ${i}x`]);
        const file = pick(['ProcessGroupNCCL.cpp:1203', 'a:b:12', 'x.cc:', ':12', 'x.cc:1a', 'socket.cpp:8', 'file with space.cc:3']);
        const end = pick(['] message', ']message', ']  two spaces', ']', ' ] x', '', '] [rank3]: inner']);
        return `${pick(['[', '', '[['])}${pick(['I', 'W', 'E', 'F', 'i', 'X'])}${date} ${clock}${fraction}${thread} ${file}${end}`;
      },
      (rand, i) => {
        const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
        const host = pick(['node-a17', 'gpu_01.cluster', 'Node7', '10.0.0.5', 'n', '-x', 'a b', 'h@x']);
        const level = pick(['INFO', 'WARN', 'ERROR', 'TRACE', 'ABORT', 'WARNING', 'INF', 'info']);
        const rest = pick([` Channel ${i}/0 : 3 -> 4 via P2P/IPC`, '', ' ', `x${i}`, '  two']);
        return `${host}:${pick(['4004', '', '0'])}:${pick(['4104', 'x'])} ${pick(['[4]', '[]', '[12]', '4'])} ${pick(['NCCL', 'nccl', 'NCCL '])} ${level}${rest}`;
      },
      (_rand, i) => `step ${i}: loss 0.5`,
      (_rand, i) => `train.py:${i}: UserWarning: this is a warning`,
      (_rand, i) => `warnings: Warning: x ${i}`,
      (_rand, i) => `epoch ${i} done`,
      (_rand, i) => `Epoch ${i} done`,
      (_rand, i) => `INFO:root:python default ${i}`,
      (rand, i) => `${['INFO', 'WARNING', 'ERROR', 'DEBUG', 'CRITICAL', 'WARN'][Math.floor(rand() * 6)]}:${['torch.nn', 'a b', '12', 'x'][Math.floor(rand() * 4)]}:${['', ' ', '12 [0] NCCL INFO '][Math.floor(rand() * 3)]}python default ${i}`,
      (rand, i) => `[${rand() < 0.8 ? '2026-11-30 09:00:00,000' : stamp(rand)}] [${['INFO', 'WARNING', 'ERROR', 'DEBUG', 'CRITICAL', 'WARN'][Math.floor(rand() * 6)]}] [${['launch.py:42:main', 'a b', 'engine.py:7:step'][Math.floor(rand() * 3)]}]${rand() < 0.8 ? ' ' : ''}deepspeed ${i}`,
      (_rand, i) => `WARNING: levelled ${i}`,
      (_rand, i) => ` 10%|#   | 1/10\r 50%|#####| 5/10 ${i}`,
      (_rand, i) => `█\r  ${i}%|██  |  \r`,
      // What may follow a traceback's frames: its exception, a chained one, a crash, a dump.
      (_rand, i) => `torch.cuda.OutOfMemoryError: CUDA out of memory ${i}`,
      (_rand, i) => `KeyError: ${i}`,
      () => 'During handling of the above exception, another exception occurred:',
      () => 'The above exception was the direct cause of the following exception:  ',
      // An exception group's traceback (Python 3.11), boxed: its head, its lines, its exception.
      () => '  + Exception Group Traceback (most recent call last):',
      (_rand, i) => `  |   File "train.py", line ${i}, in <module>`,
      (_rand, i) => `  | ExceptionGroup: many (${i} sub-exceptions)`,
      () => '  +-+---------------- 1 ----------------',
      (_rand, i) => `    | KeyError: ${i}`,
      // C++'s abort and c10's backtrace after a watchdog's error.
      () => "terminate called after throwing an instance of 'c10::DistBackendError'",
      () => 'terminate called without an active exception',
      (_rand, i) => `Exception raised from checkTimeout at /pytorch/torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:${i} (most recent call first):`,
      (_rand, i) => `frame #${i % 12}: c10d::ProcessGroupNCCL::watchdogHandler() + 0x233 (0x7fbebab92963 in /torch/lib/libtorch_cuda.so)`,
      () => 'frame',
      () => 'terminate calle',
      () => "SyntaxError: '(' was never closed",
      // Abseil's and glog's fatal signal handlers: their first words, their stacks.
      (_rand, i) => `*** SIGSEGV received at time=${1796029215 + i} on cpu ${i % 8} ***`,
      (_rand, i) => `*** Aborted at ${1796029215 + i} (unix time) try "date -d @${1796029215 + i}" if you are using GNU date ***`,
      (_rand, i) => `*** SIGABRT (@0x${i}) received by PID ${4000 + i} (TID 0x7f1c2a3b4c5d) from PID ${4000 + i}; stack trace: ***`,
      (_rand, i) => `PC: @     0x7f1c2a3b4c5d  (unknown)  ncclGroupEnd${i}`,
      () => '*** Check failure stack trace: ***',
      () => '*** SIGSEGV received at time=x ***',
      (_rand, i) => `IndentationError: expected an indented block after function definition on line ${i}`,
      () => 'Fatal Python error: Segmentation fault',
      () => 'Current thread 0x00007f3e5a1c7740 (most recent call first):',
      () => 'Stack (most recent call first):',
      (_rand, i) => `TypeError: ${i}`,
      (_rand, i) => `{'step': ${i}}`,
      // Megatron-LM's training log: a record with its date after a space; indented lines that only start alike.
      (_rand, i) => ` [2026-11-30 09:00:${String(i % 60).padStart(2, '0')}] iteration ${i}/500 | lm loss: 1.0 |`,
      (_rand, i) => `\t2026-11-30 09:00:00,000 INFO x: indented ${i}`,
      (_rand, i) => `    [${i}, 2, 3]`,
      (_rand, i) => `    ${i} apples`,
      (_rand, i) => `  [2026-13-45 99:00:00] not a date ${i}`,
      // A tqdm bar's first state (no carriage return yet), and what only starts like a date.
      (_rand, i) => ` ${i % 100}%|#   | ${i % 4}/4 [00:00<00:04, 1.2it/s]`,
      () => '   2026-',
      () => '  [1234-5',
      () => '  1234',
      () => ' [12a4-01',
      () => ' [',
      // Lines that start with a digit: prints (a bar's first state), or dates the JavaScript side reads.
      (_rand, i) => `${i % 100}%|##  | ${i % 4}/4 [00:01<00:03, 1.2it/s]`,
      (_rand, i) => `${i} apples`,
      () => '42',
      () => '7',
      () => '12/30 not a date',
      (_rand, i) => `11/30/2026 09:12:${String(i % 60).padStart(2, '0')} - INFO - __main__ - month first ${i}`,
      (_rand, i) => `2026-11-30T09:00:00Z iso ${i}`,
      () => '2026-',
      () => '1.py:3: UserWarning: careful',
      (_rand, i) => `10.0.0.5:4004:4104 [4] NCCL INFO digit host ${i}`,
      // NeMo's logging (coloured on a terminal), and a near miss.
      (_rand, i) => `[NeMo I 2026-11-30 09:00:00 train:42] step ${i}`,
      (_rand, i) => `\x1b[33m[NeMo W 2026-11-30 09:00:0${i % 10} nemo_logging:349]\x1b[0m careful ${i}`,
      (_rand, i) => `[NeMo Q 2026-11-30 09:00:00 train:42] ${i}`,
      // torchtitan's tag before its date, a level's, and tags that are none.
      (_rand, i) => `[titan] 2026-11-30 09:00:00,000 - root - INFO - step: ${i} loss: 9.87`,
      (_rand, i) => `[WARNING] 2026-11-30 09:00:00,000 x ${i}`,
      (_rand, i) => `[titan]2026-11-30 09:00:00,000 - root - INFO - ${i}`,
      (_rand, i) => `[ti tan] 2026-11-30 09:00:00,000 - root - INFO - ${i}`,
      // A CUDA kernel's failed assertions, one line per GPU thread (the JavaScript side's; not from a lower-case path).
      (_rand, i) => `../aten/src/ATen/native/cuda/Loss.cu:250: nll_loss_forward_reduce_cuda_kernel_2d: block: [0,0,0], thread: [${i % 3},0,0] Assertion \`t >= 0 && t < n_classes\` failed.`,
      (_rand, i) => `/pytorch/aten/src/ATen/native/cuda/Indexing.cu:${i % 2}: k: block: [0,0,0], thread: [0,0,0] Assertion \`x\` failed.`,
      (_rand, i) => `aten/src/x.cu:${i}: k: block: [0,0,0], thread: [0,0,0] Assertion \`x\` failed.`,
      (_rand, i) => `2026-11-30 09:00:00,000 INFO x: part ${i}[rank${i % 7}]:2026-11-30 09:00:00,000 INFO x: then ${i}`,
      (_rand, i) => `2026-11-30 09:00:00,000 - Worker 3 - ours - INFO - ${i}`,
      (rand, i) => `${rand() < 0.5 ? `${stamp(rand)} - ` : ''}Worker ${i % 9} - ${['ours', 'a - b', 'x'][Math.floor(rand() * 3)]} - ${['INFO', 'Level 5', 'CUSTOM', 'info', 'WARNING'][Math.floor(rand() * 5)]} - ours ${i}`,
      (rand, i) => `${rand() < 0.7 ? '2026-11-30 09:00:00,000' : stamp(rand)} - ${['train.loop', 'INFO', 'a b', 'x-y', 'torch_x9'][Math.floor(rand() * 5)]} - ${['INFO', 'WARNING', 'ERROR', 'DEBUG', 'CRITICAL', 'WARN', 'FATAL'][Math.floor(rand() * 7)]} - ${['', '- ', ': ', '|'][Math.floor(rand() * 4)]}cookbook ${i}`,
      (rand, i) => `[${rand() < 0.7 ? '2026-11-30 09:00:00,000' : stamp(rand)}][${['__main__', 'INFO', 'a b'][Math.floor(rand() * 3)]}][${['INFO', 'WARNING', 'WARN'][Math.floor(rand() * 3)]}]${['', ' - ', ' '][Math.floor(rand() * 3)]}hydra ${i}`,
      // Other ways Python's logging and loguru write a time and a level (the timestamped format's).
      (rand, i) => `${rand() < 0.7 ? '2026-11-30 09:00:00,000' : stamp(rand)} [${['INFO', 'WARNING', 'ERROR', 'WARN'][Math.floor(rand() * 4)]}] ${['train', 'a b', '__main__'][Math.floor(rand() * 3)]}: bracketed ${i}`,
      (rand, i) => `${['2026-11-30T09:00:00.123Z', '2026-11-30T09:00:00+01:00', '2026-11-30 09:00:00.123456', stamp(rand).replace(' ', 'T')][Math.floor(rand() * 4)]} ${['INFO', 'ERROR', 'x'][Math.floor(rand() * 3)]} ${['train', 'a b'][Math.floor(rand() * 2)]}: iso ${i}`,
      (rand, i) => `2026-11-30 09:00:00.${String(i % 1000).padStart(3, '0')} | ${['INFO    ', 'SUCCESS ', 'ERROR   ', 'TRACE'][Math.floor(rand() * 4)]} | __main__:${['main', 'step'][Math.floor(rand() * 2)]}:${i % 900} - loguru ${i}`,
      (rand, i) => `${rand() < 0.7 ? '2026-11-30 09:00:00' : stamp(rand)} [${['info     ', 'error    ', 'warning  ', 'main'][Math.floor(rand() * 4)]}] structlog ${i}      key=${i % 7}`,
      (rand, i) => `2026-11-30 09:00:00.${String(i % 1000000).padStart(6, '0')}: ${['I', 'W', 'E', 'F'][Math.floor(rand() * 4)]} external/xla/xla/service/gpu/x.cc:${i % 3000}] tsl ${i}`,
      (rand, i) => `${rand() < 0.5 ? '[' : ''}2026/11/30 09:00:${String(i % 60).padStart(2, '0')}${rand() < 0.5 ? ']' : ''} - mmengine - ${['INFO', 'WARNING', 'ERROR'][Math.floor(rand() * 3)]} - mm ${i}`,
      (rand, i) => `${rand() < 0.5 ? '[' : ''}${['30-Nov-26', '30-Nov-2026', '30 Nov 2026', '30/Nov/2026', '31-Nov-26', '30.11.2026'][Math.floor(rand() * 6)]}${[' ', ':', 'T'][Math.floor(rand() * 3)]}09:00:${String(i % 60).padStart(2, '0')}${rand() < 0.3 ? ',5' : ''} - ${['INFO', 'WARNING', 'ERROR'][Math.floor(rand() * 3)]} - named ${i}`,
      (rand, i) => `${['', 'WARNING ', 'ERROR ', 'INFO ', 'ERROR'][Math.floor(rand() * 5)]}[${['11/30', '13/30', '02/29'][Math.floor(rand() * 3)]} 09:00:${String(i % 60).padStart(2, '0')} ${['d2.engine.train_loop', 'a b'][Math.floor(rand() * 2)]}]:${[' ', '', '  '][Math.floor(rand() * 3)]}detectron2 ${i}`,
      (rand, i) => `11/30 09:00:${String(i % 60).padStart(2, '0')} - mmengine - ${['INFO', 'WARNING', 'ERROR'][Math.floor(rand() * 3)]} - console ${i}`,
      (rand, i) => `${rand() < 0.8 ? '2026-11-30 09:00:00,000' : stamp(rand)} - ${['INFO', 'WARNING'][Math.floor(rand() * 2)]} - ${['__main__', 'a b'][Math.floor(rand() * 2)]} - dashed ${i}`,
      (rand, i) => `[2026-11-30 09:00:00,000] ${['INFO', 'ERROR'][Math.floor(rand() * 2)]} ${['[__main__]', '[a b]', 'x:'][Math.floor(rand() * 3)]} bracketed time ${i}`,
      (_rand, i) => `2026-11-30 09:00:00,000 | INFO | __main__ | pipes ${i}`,
      (_rand, i) => `2026-11-30 09:00:00,000 no level at all ${i}`,
    ];
    for (let seed = 1; seed <= 13; seed++) {
      const rand = rng(seed * 7919);
      // torchrun, srun, Open MPI 5 (a space after its tags), Open MPI 4.
      // torchrun, srun, Open MPI 5 (a space after its tags), Open MPI 4, torchrun on nodes of 8
      // under srun, MPICH's (Intel MPI's) `[3] `, pdsh's hosts.
      const style = ['torchrun', 'srun', 'openmpi5', 'openmpi4', 'sruntee', 'mpich', 'pdsh'][seed % 7];
      const ranks = seed % 3 === 1 ? CAPTURE_LANE_RANKS + 60 : seed % 3 === 2 ? 3 : 24;
      const target = (1 + (seed % 3) * 0.75) * 1024 * 1024;
      const sp = style === 'openmpi5' ? ' ' : '';
      const labelOf = (rank: number): string => {
        if (style === 'srun') {
          // srun right-aligns its labels; seven spaces are more than a label has.
          return `${rand() < 0.05 ? `       ${rank}` : String(rank).padStart(String(ranks - 1).length)}: `;
        }
        // srun's label of the node, torchrun's tee label of its local rank.
        if (style === 'sruntee') return `${String(rank >> 3).padStart(String((ranks - 1) >> 3).length)}: [default${rank & 7}]:`;
        // (Now and then a near miss: a job's number, no space, a space inside: the launcher's lines.)
        // (pdsh's near misses: no digit, too long, no space; and a host of eight digits, which
        // srun's label is not. Seven would be srun's, whose labels win over hosts in the head.)
        if (style === 'pdsh') return rand() < 0.03 ? ['gpu-node: ', `${'n'.repeat(63)}${rank}: `, `gpu-${rank}:`, `${10_000_000 + rank}: `][Math.floor(rand() * 4)] : `gpu-${rank % 2 ? 'b' : 'a'}${rank}: `;
        if (style === 'mpich') return rand() < 0.03 ? [`[1,${rank}] `, `[${rank}]`, `[ ${rank}] `, `[${rank}]<stdout>:`][Math.floor(rand() * 4)] : `[${rank}] `;
        // `[rank3]: `: PyTorch's own label, whose space is the label's.
        if (style === 'torchrun') return rand() < 0.5 ? `[rank${rand() < 0.1 ? '00' : ''}${rank}]:${rand() < 0.2 ? ' ' : ''}` : `[default${rank}]:`;
        // horovodrun's Gloo launcher writes the tag without the job (`[3]<stdout>:`).
        const job = rand() < 0.05 ? '1234567890,' : rand() < 0.3 ? '' : '1,';
        return `[${job}${rank}]<${['stdout', 'stderr', 'stddiag', 'stdout'][Math.floor(rand() * 4)]}>:${sp}`;
      };
      const lines = [style === 'srun' ? `${'0'.padStart(String(ranks - 1).length)}: start` : style === 'torchrun' ? '[rank0]:start' : style === 'sruntee' || style === 'mpich' || style === 'pdsh' ? labelOf(0) + 'start' : `[1,0]<stdout>:${sp}start`];
      // Under srun, every local rank of a node in the capture's head, so that it is read as such.
      if (style === 'sruntee') for (let r = 1; r < Math.min(ranks, 16); r++) lines.push(`${labelOf(r)}start`);
      let bytes = 0;
      for (let i = 0; bytes < target; i++) {
        // A burst of one rank's lines, as launchers forward them.
        const rank = ranks > CAPTURE_LANE_RANKS && rand() < 0.5 ? CAPTURE_LANE_RANKS - 3 + Math.floor(rand() * 6) : Math.floor(rand() * ranks);
        for (let k = 1 + Math.floor(rand() * 4); k > 0; k--) {
          let body = shapes[Math.floor(rand() * shapes.length)](rand, i);
          // PyTorch 2.4+ labels what a worker writes to stderr itself (a traceback's lines, C++ warnings).
          if (rand() < 0.04) body = `[rank${rank}]:${rand() < 0.7 ? ' ' : ''}${body}`;
          // Open MPI forwards chunks: a partial line, another tag after it.
          if (style.startsWith('openmpi') && rand() < 0.03) body += `[${rand() < 0.3 ? '' : '1,'}${(rank + 1) % ranks}]<stdout>:${sp}rest ${i}`;
          // Now and then torchrun's word that it ended an attempt: the lines after it start the next.
          let launcher = rand() < 0.3 ? `ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 1) local_rank: ${style === 'sruntee' ? rank & 7 : rank} (pid: ${i}) of binary: /usr/bin/python3` : `launcher line ${i}`;
          // Under srun, a node's torchrun writes its own lines there: they end that node's attempt.
          if (style === 'sruntee' && rand() < 0.7) launcher = `${rank >> 3}: ${launcher}`;
          // A line may end with CRLF (a capture through a terminal, or written on Windows).
          const line = (rand() < 0.02 ? launcher : labelOf(rank) + body) + (rand() < 0.05 ? '\r' : '');
          lines.push(line);
          bytes += line.length + 1;
        }
      }
      const lane = await sameEachWay(lines, `seed ${seed}`, 13, seed % 2 ? 2024 : 2026, (job) => {
        assert.strictEqual(job.style, { sruntee: 'srun', openmpi5: 'openmpi', openmpi4: 'openmpi' }[style] ?? style, `seed ${seed}`);
        assert.strictEqual(job.teeWidth, style === 'sruntee' ? (ranks > 3 ? 8 : 3) : undefined, `seed ${seed}: ${style}`);
      });
      assert.ok(lane.laneLines > lines.length / 10, `seed ${seed}: the lane took ${lane.laneLines} of ${lines.length} lines`);
    }
  });

  it('glog, NCCL, DeepSpeed, Python default, cookbook, Hydra, our own, print and other timestamped lines (ISO times, zones, loguru, levels in brackets, a tag before the time, a time without a date; JSON records), one part changed at a time from a usual line and at random (16,000 lines, two years)', async function () {
    this.timeout(60_000);
    const glog = { open: ['[', '', '[['], level: ['I', 'W', 'E', 'F', 'i', 'X'], date: ['1130', '0229', '0230', '1301', '0001', '1231', '0431', '113'], clock: ['09:00:00', '23:59:59', '24:00:00', '09:60:00', '09:00:60', '9:00:00'], fraction: ['.123456', '.1', '.12', '.123', '.123456789', '.1234567890', '', '.'], thread: [' 4014', '', '  4014', ' 4014x', ' \v4014'], file: ['ProcessGroupNCCL.cpp:1203', 'a:b:12', 'x.cc:', ':12', 'x.cc:1a', 'socket.cpp:8', 'a b.cc:3', 'a\tb.cc:3', 'a\vb.cc:3', 'a[b.cc:3'], end: ['] message', ']message', ']  two', ']', ' ] x', '', '] ]'] };
    const nccl = { host: ['node-a17', 'gpu_01.cluster', 'Node7', '10.0.0.5', 'n', '-x', 'a b', 'h@x', ''], pid: ['4004', '', '0', '04'], tid: ['4104', 'x', ''], dev: ['[4]', '[]', '[12]', '4', '[4'], word: ['NCCL', 'nccl', 'NCCL '], level: ['INFO', 'WARN', 'ERROR', 'TRACE', 'ABORT', 'WARNING', 'INF', 'info', 'ERRO'], rest: [' Channel 00/0 : 3 -> 4 via P2P/IPC', '', ' ', 'x', '  two', ' Warning: x'] };
    type Parts = Record<string, string[]>;
    /** The usual line, each part changed in turn, then random mixes. */
    const variants = (parts: Parts, build: (p: Record<string, string>) => string, rand: () => number): string[] => {
      const usual = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v[0]]));
      const out = [build(usual)];
      for (const [k, values] of Object.entries(parts)) for (const v of values) out.push(build({ ...usual, [k]: v }));
      for (let i = 0; i < 600; i++) out.push(build(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v[Math.floor(rand() * v.length)]]))));
      return out;
    };
    const deepspeed = {
      open: ['[', '', '[['],
      time: ['2026-11-30 09:12:33,123', '2024-02-29 23:59:59,999', '2023-02-29 10:00:00,000', '2026-11-30 09:12:60,000', '2026-11-30 24:00:00,000', '2026-11-30 09:12:33.123', '2026-11-30 09:12:33', '2026-11-30T09:12:33,123', '0999-11-30 09:12:33,123'],
      close: ['] [', ']  [', '][', '] ', ']'],
      level: ['INFO', 'WARNING', 'ERROR', 'DEBUG', 'CRITICAL', 'WARN', 'FATAL', 'info', 'INFOX', ''],
      mid: ['] [', ']', '] ', '][', ']  ['],
      logger: ['launch.py:42:main', 'engine.py:1203:step', 'a b', ' a', 'a ', 'a\tb', 'a\vb', 'x - y', '', 'é', '12', 'a[b', '~'],
      end: ['] message', ']message', ']  two', ']', '] ]', ' ] x', '', '] [rank1]:x'],
    };
    const python = {
      level: ['INFO', 'WARNING', 'ERROR', 'DEBUG', 'CRITICAL', 'WARN', 'FATAL', 'Info', 'INFOX', 'I'],
      sep: [':', ': ', '::', ' :'],
      name: ['root', 'torch.distributed.run', 'a b', ' a', 'a ', 'a\vb', 'a\fb', '12', '1a', '', 'é', 'x-y', 'a\tb', 'x - y'],
      sep2: [':', '', ' :'],
      message: ['step 3', '', ' x', ':y', '12 [0] NCCL INFO x', '34 [0] NCCL INFO x', ' Warning: x', '\x07'],
    };
    const ours = {
      time: ['2026-11-30 09:12:33,123 - ', '', '2026-02-30 09:12:60,123 - ', '2026-11-30 09:12:33.123 - ', '2026-11-30 09:12:3x,123 - ', '2026-11-30 09:12:33,123 -  ', '2026-11-30 09:12:33,123 '],
      worker: ['Worker ', 'worker ', 'Worker', 'Worker  ', 'Workers '],
      rank: ['3', '', '1234567890123456', '123456789012345', '3x', '03'],
      sep: [' - ', ' -', '- ', ' --'],
      logger: ['train', 'a - b', '', 'x y', ' - ', 'Level 5', 'a-b'],
      level: [' - INFO - ', ' - Level 15 - ', ' - Level  - ', ' - CUSTOM_1 - ', ' - info - ', ' - INFO -', ' - INFO-', ' - INFO - - ERROR - ', ' -  INFO - ', ' - 1NFO - ', ' - X - '],
      message: ['step 3', '', ' x', '- y'],
    };
    const cookbook = {
      time: ['2026-11-30 09:12:33,123', '2024-02-29 23:59:59,999', '2023-02-29 10:00:00,000', '2026-11-30 09:12:60,000', '0999-01-01 00:00:00,000', '2026-11-30 09:12:33.123', '2026-11-30 24:00:00,000'],
      sep1: [' - ', ' -', ' -  ', '  - ', ' | '],
      name: ['train', 'torch.nn.parallel', 'a_b.c9', 'INFO', 'WARN', 'FATAL', 'ERRORS', 'x-y', 'a b', 'l'.repeat(120), 'l'.repeat(121), 'l'.repeat(150), 'é', '', 'x|y', 'Worker', 'Worker 3', '.INFO', 'INFO.'],
      sep2: [' - ', ' -', ' | ', '  - ', ' -- '],
      level: ['INFO', 'WARNING', 'ERROR', 'DEBUG', 'CRITICAL', 'WARN', 'FATAL', 'info', 'INFOX', 'Level 5'],
      sep3: [' - ', ' -', ' : ', ' -- ', ' - - ', ' - |: ', '-', ' ', ' - \v\f\t'],
      message: ['step 3', '', ' x', '- y', '|z', 'INFO x', 'é'],
    };
    const hydra = {
      open: ['[', '', '[['],
      time: ['2026-11-30 09:12:33,123', '2024-02-29 23:59:59,999', '2023-02-29 10:00:00,000', '2026-11-30 09:12:60,000', '2026-11-30 09:12:33.123'],
      close: ['][', '] [', ']', ']]['],
      name: ['train', '__main__', 'torch.nn', 'INFO', 'a b', 'x-y', 'l'.repeat(120), 'l'.repeat(121), '', 'é'],
      mid: ['][', '] [', ']', ']-['],
      level: ['INFO', 'WARNING', 'ERROR', 'DEBUG', 'CRITICAL', 'WARN', 'FATAL', 'info'],
      end: ['] - msg', ']msg', '] msg', ') x', ']] x', ']', ' - x', '] | : x', '] -', 'x'],
    };
    // The timestamped format (lineFormats.ts) on any other line that starts with a time: ISO times,
    // zones, fractions, brackets, a level in brackets or parentheses, a logger before or after it.
    const timestamped = {
      open: ['', '[', '[['],
      date: ['2026-11-30', '2026/11/30', '2026/11-30', '2024/02/29', '2024-02-29', '2023-02-29', '0999-11-30', '2026-13-01', '2026-11-3x', '11/30/2026', '02/29/2023', '13/30/2026', '11/30/0999', '1/30/2026', '11-30-2026'],
      sep: [' ', 'T', '_', '  '],
      clock: ['09:12:33', '23:59:59', '24:00:00', '09:60:00', '09:12:60', '9:12:33'],
      fraction: [',123', '.123', '.5', '.12', '.123456', '.123456789', '.1234567890', '', '.', ',', ',1234'],
      zone: ['', 'Z', '+05:30', '-0800', '+05', '-05:3', 'ZZ', '+05:30x', '-05:30-'],
      close: ['', ']', ']]'],
      after: [' ', '  ', ' | ', ' - ', ': ', ':', '\t', '', 'x', '|', '-'],
      level: ['[INFO]', 'INFO', 'WARNING', '[WARN]', 'FATAL', 'ERROR', 'DEBUG', 'CRITICAL', 'INFOX', 'info', '(ERROR)', 'TRACE', 'SUCCESS', 'WARNINGS', '.INFO', 'x INFO', 'a b INFO', 'a b c INFO', 'name INFO', '[name] INFO', 'a\tINFO', 'a[b INFO', 'x_INFO', '', 'WARN', 'WARNING.', 'ERROR_'],
      mid: [' ', ' | ', ' - ', ': ', '] ', ' [', '', '    | ', ':', ' -- '],
      logger: ['__main__', 'train.loop', 'a-b<c>', '[__main__]', '[a b]', '[]', '[x]]', 'a b', 'x'.repeat(120), 'x'.repeat(121), '', 'name:fn:12', 'a:b', 'é', 'a\vb', 'Worker 3'],
      end: [': ', ':', ':\t', ': \t ', ' - ', ' | ', ' ', '] ', ''],
      message: ['step 3 loss 0.5', '', 'INFO later', ' x', '- y', ':z'],
    };
    const loguru = {
      time: ['2026-11-30 09:12:33.123', '2026-11-30 09:12:33,123', '2026-11-30T09:12:33.123+01:00', '2026-02-30 09:12:33.123'],
      sep1: [' | ', ' |', ' || ', '| '],
      level: ['INFO    ', 'SUCCESS ', 'TRACE   ', 'WARNING ', 'CRITICAL', 'INFO', 'DEBUG   ', 'ERROR   ', 'INF     ', 'info    ', 'WARN    '],
      sep2: [' | ', '| ', ' |', ' |  ', ' || '],
      name: ['__main__:main:12', 'a:b:1234567', 'a:b:12345678', ':12', 'a:12', 'a:', 'a b:c:1', `${'x'.repeat(200)}:1`, `${'x'.repeat(201)}:1`, `${'x'.repeat(199)}:1234567`, 'a|b:1', 'a:1x', 'a:b:c'],
      sep3: [' - ', ' -', '  - ', ' | ', '- '],
      message: ['step 3', '', ' x', 'INFO y'],
    };
    // structlog's ConsoleRenderer: the level in lower case padded in brackets (the string path's), near misses.
    const structlog = {
      time: ['2026-11-30 09:12:33', '2026-11-30T09:12:33.123456Z', '[2026-11-30 09:12:33]', '2026-11-30 09:12:33,123'],
      open: [' [', ' [[', '  [', '[', ' ('],
      level: ['info     ', 'error    ', 'warning  ', 'exception', 'debug    ', 'critical ', 'warn     ', 'info', 'inf      ', 'main', 'fatal', 'INFO     ', 'error\t', 'ERROR'],
      close: ['] ', ']', ' ] ', ']  ', '] x'],
      message: ['data shard missing           shard=17', '', 'x [train] k=v', 'ERROR y'],
    };
    // MMEngine's console: a date without its year, ` - name - LEVEL - ` (the string path's), near misses.
    const mmengine = {
      time: ['12/04 09:00:02', '13/04 09:00:02', '12/4 09:00:02', '12/04 9:00:02', '02/29 09:00:02', '12/04 09:00:02,123'],
      sep: [' - ', ' -', '-', ' | '],
      name: ['mmengine', 'a b', '', 'mmdet.x<y>'],
      level: [' - ERROR - ', ' - INFO - ', ' - WARNING - ', ' - error - ', ' - FATAL - ', ' ERROR '],
      message: ['/work/x.py - train_step - 42 - CUDA out of memory', '', 'x'],
    };
    // A clock of 12 hours (`%I:%M:%S %p`: the string path's), near misses.
    const halfDay = {
      time: ['11/30/2026 01:30:00', '2026-11-30 12:30:00,123', '2026-11-30 13:30:00', '[2026-11-30 09:12:33]', '11/30/2026 00:10:00', '09:12:33'],
      half: [' AM', ' PM', ' am', ' pm', ' AMD', ' P', ' PM:', ' AM]', ' Pm', ''],
      rest: [' - ERROR - train - x', ' INFO train: x', '', ' x', '- WARNING - y'],
    };
    // TensorFlow's and XLA's C++ logging (the string path's), near misses.
    const tsl = {
      time: ['2026-11-30 09:12:33.123456', '2026-11-30 09:12:33', '2026-11-30T09:12:33.123Z'],
      sep: [': ', ':', ' : ', ': : '],
      level: ['E ', 'I ', 'W ', 'F ', 'X ', 'E', 'e ', 'EE '],
      file: ['external/xla/xla/pjrt/pjrt_stream_executor_client.cc:2985', 'a.cc:1', 'a.cc', 'a b.cc:1', 'x.cc:12345678', ''],
      end: ['] ', ']', '  ', '] ] '],
      message: ['Execution of replica 0 failed: RESOURCE_EXHAUSTED: Out of memory', '', 'ERROR x'],
    };
    // A short tag before the time (torchtitan's `[titan] `), a level's (any case: the line's level when it has none), near misses.
    const tagged = {
      open: ['[', '', '[['],
      tag: ['titan', 'INFO', 'warning', 'Warn', 'fatal', 'x1', 'a.b-c_d', 'l'.repeat(32), 'l'.repeat(33), '1x', '', 'rank3', 'ti tan', 'WARNINGS', 'NeMo I', 'INFO|a.py:3'],
      close: ['] ', ']', ']  ', '] [', ']\t'],
      date: ['2026-11-30 09:12:33,123', '2026-11-30T09:12:33', '[2026-11-30 09:12:33]', '2026-1-30 09:12:33', '2026-11-30 9:12:33', '2026-11-30 09:12', '2026-11-30_09:12:33'],
      rest: [' - root - INFO - step: 3', ' hello there', ' ERROR boom', ' | x', '', ' [name] x', ' >> x'],
    };
    // A time without a date (`datefmt='%H:%M:%S'`, rich's `[08:12:33]`): the string path's, dated by the line before.
    const timeOfDay = {
      open: ['', '[', '[['],
      clock: ['08:33:59', '23:59:59', '00:00:00', '24:00:00', '08:60:00', '08:33:60', '8:33:59', '08:33', '08:3x:59'],
      fraction: ['.509', ',509', '', '.5', '.123456', '.'],
      close: ['', ']', ']]'],
      after: [' ', '  ', '', ':', ' - ', '\t'],
      level: ['INFO    ', 'ERROR', 'WARNING', 'CRITICAL', 'info', '', 'x INFO', 'a b INFO', '[DEBUG]'],
      rest: [' train - step 0', ' x: y', '', ' [name] x', ' - a - b'],
    };
    // A date with the month's name, day first (`%d-%b-%y`: the string path's), near misses.
    const monthNamed = {
      open: ['', '['],
      date: ['04-Dec-26', '04-Dec-2026', '04 Dec 2026', '04/Dec/2026', '31-Feb-26', '04-DEC-26', '04-Dez-26', '4-Dec-26', '04-Dec/26', '04 Decade', '10 Epochs', '04.12.2026', '31.11.2026', '04.13.2026', '04.12.26', '4.12.2026', '10.10.0.5', '04.12-2026'],
      sep: [' ', ':', 'T', '  '],
      clock: ['09:00:03', '09:00:03,123', '25:00:00', '9:00:03'],
      close: ['', ']'],
      rest: [' - ERROR - shard missing', ' INFO train: x', '', ' x', ' done in 3 s'],
    };
    const rand = rng(4242);
    const bodies = [
      ...variants(monthNamed, (p) => `${p.open}${p.date}${p.sep}${p.clock}${p.close}${p.rest}`, rand),
      ...variants(timeOfDay, (p) => `${p.open}${p.clock}${p.fraction}${p.close}${p.after}${p.level}${p.rest}`, rand),
      ...['12:30 elapsed', '00:01<00:10', '12:30:00 elapsed', '1:2:3', '12:', '99:99:99 ERROR x'],
      // Records logged as JSON, and objects printed that are none (the string path's; Python's repr is the lane's print).
      ...['{"asctime": "2026-11-30 09:12:33,123", "levelname": "ERROR", "name": "train", "message": "x", "exc_info": "Traceback (most recent call last):\\n  File \\"a.py\\", line 1, in <module>\\nKeyError: 1"}',
        '{"event": "y", "level": "warning", "timestamp": "2026-11-30T09:12:34Z"}', '{"msg": "z", "levelname": "INFO"}', '{"lr": 0.1}', '{"message": "x"}', '{"message": "x", "level": "INFO"', '{"', '{', "{'loss': 2.1}", '{ "message": "x", "level": "INFO"}', '{"message": "é", "level": "INFO"}\r'],
      ...variants(tagged, (p) => `${p.open}${p.tag}${p.close}${p.date}${p.rest}`, rand),
      ...variants(timestamped, (p) => `${p.open}${p.date}${p.sep}${p.clock}${p.fraction}${p.zone}${p.close}${p.after}${p.level}${p.mid}${p.logger}${p.end}${p.message}`, rand),
      ...variants(loguru, (p) => `${p.time}${p.sep1}${p.level}${p.sep2}${p.name}${p.sep3}${p.message}`, rand),
      ...variants(structlog, (p) => `${p.time}${p.open}${p.level}${p.close}${p.message}`, rand),
      ...variants(tsl, (p) => `${p.time}${p.sep}${p.level}${p.file}${p.end}${p.message}`, rand),
      ...variants(halfDay, (p) => `${p.time}${p.half}${p.rest}`, rand),
      ...variants(mmengine, (p) => `${p.time}${p.sep}${p.name}${p.level}${p.message}`, rand),
      // A level word near the end of the 160 characters after the time the format looks in.
      ...[145, 150, 152, 153, 154, 155, 156, 157, 158, 160].flatMap((n) => [`2026-11-30T09:12:33 ${'l'.repeat(n)} WARNING x`, `2026-11-30T09:12:33 ${'l'.repeat(n)} WARN`, `2026-11-30T09:12:33 a b ${'l'.repeat(n - 4)} ERROR x`, `2026-11-30T09:12:33 ${'l'.repeat(n)} INFO`]),
      // A logger of up to 119 characters before its `: ` (any but a space: `a/b`), right after the level.
      ...[117, 118, 119, 120, 121].flatMap((n) => [`2026-11-30T09:12:33 INFO ${'l'.repeat(n - 1)}/: x`, `2026-11-30T09:12:33 WARN ${'l'.repeat(n)}: x`, `[2026-11-30 09:12:33,5] ERROR a/${'l'.repeat(n - 2)}: x`]),
      ...variants(hydra, (p) => `${p.open}${p.time}${p.close}${p.name}${p.mid}${p.level}${p.end}`, rand),
      ...variants(ours, (p) => `${p.time}${p.worker}${p.rank}${p.sep}${p.logger}${p.level}${p.message}`, rand),
      ...variants(cookbook, (p) => `${p.time}${p.sep1}${p.name}${p.sep2}${p.level}${p.sep3}${p.message}`, rand),
      ...variants(glog, (p) => `${p.open}${p.level}${p.date} ${p.clock}${p.fraction}${p.thread} ${p.file}${p.end}`, rand),
      ...variants(nccl, (p) => `${p.host}:${p.pid}:${p.tid} ${p.dev} ${p.word} ${p.level}${p.rest}`, rand),
      ...variants(deepspeed, (p) => `${p.open}${p.time}${p.close}${p.level}${p.mid}${p.logger}${p.end}`, rand),
      ...variants(python, (p) => `${p.level}${p.sep}${p.name}${p.sep2}${p.message}`, rand),
      ...['step 3: loss 0.5', 'train.py:12: UserWarning: x', 'x Warning: y', 'xWarning: y', 'hello', 'a', 'z:1:2 [0] NCCL INFO', 'Epoch 3', 'INFO:root:x', 'WARNING: x'],
      ...['INFO:12:34 [0] NCCL INFO x', 'INFO:12:34 [0] NCCL', 'WARNING:x:', 'CRITICAL:x:y:z', 'DEBUG:a.b-c_d:[rank1]:x', 'ERROR:x - y:z', '[2026-11-30 09:12:33,123] [INFO] [a]', '[2026-11-30 09:12:33,123] [WARN] [a] x', '[2026-11-30 09:12:33,123] [INFO] [a - b] x'],
      // The cookbook's level past the first 160 characters after the time is not read as its level.
      ...[118, 119, 120, 150, 151, 153, 154].flatMap((n) => [`2026-11-30 09:12:33,123 - ${'l'.repeat(n)} - WARNING - x`, `2026-11-30 09:12:33,123 - ${'l'.repeat(n)} - CRITICAL - x`]),
      // Hugging Face's examples: a date month first, `LEVEL - name - message` (the string path's).
      ...['11/30/2026 09:12:33 - INFO - __main__ - x', '11/30/2026 09:12:33 - WARNING - a.b - x - y', '02/29/2026 09:12:33 - INFO - a - x', '13/30/2026 09:12:33 - INFO - a - x', '11/30/2026 09:12:33,5 INFO a: x', '[11/30/2026 09:12:33] ERROR x',
        '2026-11-30 09:12:33,123 - INFO - __main__ - x', '2026-11-30 09:12:33,123 INFO - a - b', '2026-11-30 09:12:33,123 INFO - a b - c', '2026-11-30 09:12:33,123 - INFO - - x',
        // fairseq's: `| LEVEL | name | message` (a bar and a dash no pair).
        '2026-11-30 09:12:33 | INFO | fairseq.trainer | x', '2026-11-30 09:12:33 | ERROR | a | x | y', '2026-11-30 09:12:33 | INFO | a - x', '2026-11-30 09:12:33 | INFO - a | x', '2026-11-30 09:12:33 | INFO | | x', '2026-11-30 09:12:33 | INFO |a | x'],
      // A printed config's last line, and other lines that start with a brace or a bracket.
      ...['}', '})', '}\r', '} Warning: x', '{"step": 3}', '{', ')', '),', ']', '] x', '[', '[x]', '(x)', '}\x1b[0m', '|', '~x', '_x', '-x', '.x'],
      // Progress bars redrawn with carriage returns (tqdm): their last state, or the caller's.
      ...[' 10%|#  | 1/9 [00:01<00:08]\r 20%|## | 2/9 [00:02<00:07]', 'a\rb', '\rx', 'x\r', 'x\r\r', '\r', ' \r ', 'a\r  b  \r', '\t\v\fa\rb\t\v\f',
        'é\rb', 'a\ré', 'a\rb é', '█▌\r 50%|█████     | 5/9', 'a\r\x1b[0mb', 'a\r[rank1]:b', 'a\r[default1]:b', 'a\r]<stdout>:b', 'a\r\0b', '\0\rb', 'a\rWorker 3 - x - INFO - y',
        'a\r2026-11-30 09:00:00,000 INFO x: y', 'a\rTraceback (most recent call last):', 'a\r  indented', 'x' + '\r'.repeat(40) + 'y', '\u00a0\rb\u00a0',
        // A traceback's head after a bar's last state or a print on its line (the string path cuts it in two), in a record, indented.
        'a\r 45%|####  | 4/9 [00:01<00:08]Traceback (most recent call last):', 'loading...Traceback (most recent call last):', 'x Traceback (most recent call last):\r', 'xTraceback (most recent call last): ',
        '2026-11-30 09:00:00,000 ERROR x: failed: Traceback (most recent call last):', '  Traceback (most recent call last):', 'xTraceback (most recent call last)', 'Traceback (most recent call last):x'],
    ];
    for (const year of [2024, 2026]) {
      // Each line after a record of its rank (some shapes are only read under one) and before one.
      const lines = bodies.flatMap((b, i) => [`[rank${i % 4}]:2026-11-30 09:00:00,000 INFO r: before ${i}`, `[rank${i % 4}]:${b}`]);
      const lane = await sameEachWay(lines, `year ${year}`, 5, year);
      // Most variants are near misses the lane leaves to the string path; the lines between them are its.
      assert.ok(lane.laneLines > lines.length * 0.55, `the lane took ${lane.laneLines} of ${lines.length} lines`);
    }
  });

  it('a time of day after a dated record at any time of its day (past midnight, the day before, leap years, year ends): the lane dates it as the string path does, and takes it (fuzz, 6,000 lines)', async function () {
    this.timeout(60_000);
    const rand = rng(1130);
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    const asctime = (ms: number) => {
      const d = new Date(ms);
      return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())},${pad(d.getUTCMilliseconds(), 3)}`;
    };
    const days = [Date.UTC(2024, 1, 28), Date.UTC(2024, 1, 29), Date.UTC(2026, 11, 31), Date.UTC(2026, 0, 1), Date.UTC(2026, 10, 30), Date.UTC(2000, 1, 29), Date.UTC(2100, 1, 28)];
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const rank = Math.floor(rand() * 3);
      if (rand() < 0.4) lines.push(`[rank${rank}]:${asctime(days[Math.floor(rand() * days.length)] + Math.floor(rand() * 86_400_000))} INFO r: dated ${i}`);
      const tod = Math.floor(rand() * 86_400_000);
      const d = new Date(tod);
      const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
      const fraction = ['', `.${pad(d.getUTCMilliseconds(), 3)}`, `,${d.getUTCMilliseconds() % 10}`, `.${pad(d.getUTCMilliseconds(), 3)}456`][Math.floor(rand() * 4)];
      const shape = Math.floor(rand() * 3);
      lines.push(`[rank${rank}]:${shape === 2 ? '[' : ''}${clock}${fraction}${shape === 2 ? ']' : ''} ${['INFO    ', 'ERROR', 'WARNING'][Math.floor(rand() * 3)]} ${shape === 1 ? 'train: step' : 'train - step'} ${i}`);
    }
    // A time of day after a date at the ends of the years of four digits: no time, each way.
    lines.push('[rank0]:9999-12-31 23:00:00,000 INFO a: x', '[rank0]:01:00:00 INFO a: y', '[rank1]:1000-01-01 00:30:00,000 INFO a: x', '[rank1]:23:00:00 INFO a: y');
    const lane = await sameEachWay(lines, 'times of day', 3);
    assert.ok(lane.laneLines > lines.length * 0.9, `the lane took ${lane.laneLines} of ${lines.length} lines`);
  });

  it('random bytes after the labels (NULs, high bytes, carriage returns, escapes, brackets): the three ways agree', async function () {
    this.timeout(60_000);
    const rand = rng(99);
    const alphabet = ['\0', '\x80', 'é', '\r', '\x1b', '[', ']', '{', '}', ')', '<', ':', ' ', '\t', '-', 'I', 'W', '1', '2', '0', 'a', 'z', 'N', 'C', 'L', '.', ','];
    // The head is clean (a file whose first 64 KiB hold a NUL is binary, not a capture).
    const lines = Array.from({ length: 1500 }, (_, i) => `[rank${i % 3}]:2026-11-30 09:00:00,000 INFO clean: line ${i}`);
    for (let i = 0; i < 4000; i++) {
      const n = Math.floor(rand() * 60);
      let body = '';
      for (let k = 0; k < n; k++) body += alphabet[Math.floor(rand() * alphabet.length)];
      // Some start like a record, a glog line or NCCL, then go wrong.
      const heads = ['', '2026-11-30 09:00:00,000 INFO x: ', 'I1130 09:00:00.1 7 a.cc:1] ', 'h:1:2 [0] NCCL INFO ', '  ', '[2026-11-30 09:00:00,000] [INFO] [a] ', 'INFO:x:',
        '2026-11-30 09:00:00,000 - x - INFO - ', '[2026-11-30 09:00:00,000][x][INFO] - ', 'Worker 3 - x - INFO - ', '2026-11-30 09:00:00,000 - Worker 3 - x - INFO - ', '2026-11-30 09:00:00,000 - Worker 3 - x'];
      const head = heads[Math.floor(rand() * heads.length)];
      lines.push(`[rank${Math.floor(rand() * 3)}]:${head}${body}`);
    }
    await sameEachWay(lines, 'random bytes', 3);
  });

  it('text beyond ASCII in every part of a line (well-formed UTF-8, spaces of Unicode, malformed bytes), where the formats look and where they do not, and lines that end with CRLF: the three ways agree, the lane takes the messages', async function () {
    this.timeout(60_000);
    const pieces: (string | Buffer)[] = ['é', 'µs', '→', '█▌', '🤗', '中文日志', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u2009', '\u0085', '\u00a0x', 'ü\u00a0',
      Buffer.from([0x80]), Buffer.from([0xc0, 0x80]), Buffer.from([0xc2]), Buffer.from([0xe0, 0x80, 0x80]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf4, 0x90, 0x80, 0x80]),
      Buffer.from([0xf5, 0x80]), Buffer.from([0xff]), Buffer.from([0xe2, 0x82]), Buffer.from([0xf0, 0x9f, 0xa4]), Buffer.from([0xe2, 0x82, 0xac]), Buffer.from([0xf0, 0x9f, 0xa4, 0x97])];
    const templates = [
      '2026-11-30 09:00:00,000 INFO train: loss §0.5', '2026-11-30 09:00:00,000 INFO train: §', '2026-11-30 09:00:00,000 INFO tr§ain: x', '2026-11-30 09:00:00,000 INFO train:§x',
      '2026-11-30 09:00:00,000 INFO train:§ x', '2026-11-30 09:00:00,000 § INFO train: x', '2026-11-30 09:00:00,000 INF§O train: x',
      '2026-11-30T09:00:00.123Z [INFO] train: §x', '2026-11-30T09:00:00.123Z [INFO] train:§ x', '2026-11-30T09:00:00.123Z [INFO] train:§', '2026-11-30T09:00:00.123Z [INFO] tr§ain: x',
      '2026-11-30T09:00:00.123Z [INFO] [tr§ain] x', '2026-11-30T09:00:00.123Z [INFO] [train] §x', '2026-11-30T09:00:00.123Z [INFO] [train]§', '2026-11-30T09:00:00.123Z [INFO] §',
      '2026-11-30T09:00:00.123Z [INFO]§', '2026-11-30T09:00:00.123Z -§INFO x', '2026-11-30T09:00:00.123Z§ INFO x', '2026-11-30T09:00:00.123Z a§b INFO x', '2026-11-30T09:00:00.123Z WARN tr§ain: x',
      '2026-11-30T09:00:00.123Z INFO train: §', `2026-11-30T09:00:00.123Z ${'x'.repeat(140)}§ ERROR z`, `2026-11-30T09:00:00.123Z ${'x'.repeat(150)}§ ${'y'.repeat(4)} ERROR z`,
      `2026-11-30T09:00:00.123Z a § ${'y'.repeat(152)} ERROR z`, `2026-11-30T09:00:00.123Z ${'y'.repeat(156)} ERROR §`, `2026-11-30T09:00:00.123Z ${'y'.repeat(158)}§ WARN`,
      '2026-11-30T09:00:00.123Z §message only', '2026-11-30T09:00:00.123Z - §message only', '2026-11-30T09:00:00.123Z message § only', '2026-11-30T09:00:00.123Z ERROR - §',
      '2026-11-30 09:00:00.123 | INFO     | __main__:main:12 - §x', '2026-11-30 09:00:00.123 | INFO     | __ma§in__:main:12 - x', '2026-11-30 09:00:00.123 | INFO     |§ __main__:main:12 - x',
      '11/30/2026 09:00:00 - INFO - __main__ - §x', '11/30/2026 09:00:00 - INFO - __ma§in__ - x', '11/30/2026 09:00:00 - INFO -§ __main__ - x',
      '2026-11-30 09:00:00,000 - train - INFO - §x', '2026-11-30 09:00:00,000 - train - INFO -§x', '2026-11-30 09:00:00,000 - tr§ain - INFO - x', '2026-11-30 09:00:00,000 - train - §INFO - x',
      '2026-11-30 09:00:00,000 - Worker 3 - train - INFO - §x', '2026-11-30 09:00:00,000 - Worker 3 - tr§ain - INFO - x', 'Worker 3 - train - INFO - §',
      '[2026-11-30 09:00:00,000][train][INFO] - §x', '[2026-11-30 09:00:00,000] INFO [train] §x', '[2026-11-30 09:00:00,000] [INFO] [launch.py:42:main] §',
      '  File "/data/§/train.py", line 3, in <module>', '  §indented', '    loss = §', '§  indented after', '\t§', ' §+ Exception Group Traceback (most recent call last):',
      'step 3: loss → §', '§step', '{"loss": "§"}', '[W1130 09:00:00.123456 4014 ProcessGroupNCCL.cpp:1203] §', '[W1130 09:00:00.123456 4014 Process§Group.cpp:1203] x',
      'x\r§', 'x\r 50%|§| 5/9 ', 'x\r§ 50%|█▌ | 5/9§', '§\rx', ' 10%|§ | 1/9\r 20%|§§ | 2/9\r', 'node-a17:4004:4104 [4] NCCL INFO §', 'node-§a17:4004:4104 [4] NCCL INFO x', 'INFO:root:§', 'INFO:ro§ot:x', 'WARNING: §', 'RuntimeError: §', 'x.py:3: UserWarning: §',
    ];
    const lines: (string | Buffer)[] = [];
    let k = 0;
    const add = (rank: number, text: string, piece: string | Buffer) => {
      const [a, b] = text.split('§');
      lines.push(`[rank${rank}]:2026-11-30 09:00:00,000 INFO r: before ${k++}`);
      lines.push(Buffer.concat([Buffer.from(`[rank${rank}]:${a}`), Buffer.from(piece), Buffer.from(b)]));
    };
    for (const piece of pieces) for (const [i, t] of templates.entries()) add(i % 4, t, piece);
    // A traceback with such frames and exception, then records again.
    for (const piece of pieces) {
      for (const t of ['Traceback (most recent call last):', '  File "/d/§.py", line 1, in <module>', '    x = "§"', 'ValueError: §', '§', '2026-11-30 09:00:00,000 INFO after: §']) {
        const [a, b] = t.split('§');
        lines.push(Buffer.concat([Buffer.from(`[rank5]:${a}`), Buffer.from(b === undefined ? '' : piece), Buffer.from(b ?? '')]));
      }
    }
    const lane = await sameEachWay(lines, 'beyond ASCII', 1);
    assert.ok(lane.laneLines > lines.length / 2, `the lane took ${lane.laneLines} of ${lines.length} lines`);
    // Messages, frames and indented lines beyond ASCII, in each format the lane reads: its own.
    const messages = ['loss → 0.5 µs', '中文日志', '🤗 ready', 'naïve café', '€ 3'];
    const shapes = ['2026-11-30 09:00:00,000 INFO train: §', '2026-11-30T09:00:00.123Z [INFO] train: §', '2026-11-30 09:00:00.123 | INFO     | __main__:main:12 - §',
      '11/30/2026 09:00:00 - INFO - __main__ - §', '2026-11-30 09:00:00,000 - train - INFO - §', '2026-11-30T09:00:00Z ERROR §', '  File "/data/§/train.py", line 3, in <module>', '    §'];
    const readable = Array.from({ length: 800 }, (_, i) => `[rank${i % 3}]:${shapes[i % shapes.length].replace('§', messages[i % messages.length])}`);
    const ours = await sameEachWay(readable, 'messages beyond ASCII', 1);
    // (Each rank's first line is the import's own: it makes the rank's output the lane writes to.)
    assert.strictEqual(ours.laneLines, readable.length - 3);
    // The same lines ending with CRLF: read without their carriage returns, by the lane too.
    const crlf = await sameEachWay(readable.map((line) => `${line}\r`), 'CRLF', 1);
    assert.strictEqual(crlf.laneLines, readable.length - 3);
  });

  it("a progress bar right after a traceback, its exception or a chain's sentence is a record of its own, as the JavaScript side reads it (the lane takes it)", async function () {
    this.timeout(60_000);
    const bar = ' 10%|#  | 1/9 [00:01<00:08]\r 20%|## | 2/9 [00:02<00:07]';
    const lines: string[] = [];
    for (let i = 0; i < 40; i++) {
      const r = `[rank${i % 3}]:`;
      const tail = [
        ['Traceback (most recent call last):', bar],
        ['Traceback (most recent call last):', `  File "train.py", line ${i}, in step`, bar],
        ['Traceback (most recent call last):', `  File "train.py", line ${i}, in step`, `ValueError: bad record ${i}`, bar],
        ['Traceback (most recent call last):', `  File "train.py", line ${i}, in step`, `KeyError: ${i}`, '', 'The above exception was the direct cause of the following exception:', bar],
        ['Traceback (most recent call last):', `  File "train.py", line ${i}, in step`, `ValueError: ${i}`, `  second line of its message ${i}`, bar, `  File "after.py", line ${i}, in x`],
      ][i % 5];
      lines.push(`${r}2026-11-30 09:00:${String(i % 60).padStart(2, '0')},000 INFO train: step ${i}`, ...tail.map((t) => r + t));
    }
    const lane = await sameEachWay(lines, 'bars after tracebacks', 1);
    // Every bar is the lane's: none of them went to the JavaScript side.
    assert.ok(lane.laneLines >= 120, `the lane took ${lane.laneLines} lines (85 when it left these bars to the JavaScript side)`);
  });

  it("rich's logging handler (its records, those of the same second without their time, wrapped messages, its tracebacks' panels indented under them) and rich's tracebacks (UTF-8 and ASCII panels, chained) among common records: the three ways agree, the lane takes the common ones", async function () {
    this.timeout(120_000);
    const rand = rng(37);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const pad = (n: number) => String(n).padStart(2, '0');
    const levels = ['DEBUG    ', 'INFO     ', 'WARNING  ', 'ERROR    ', 'CRITICAL '];
    const path = () => `${pick(['train.py', 'distributed_c10d.py', 'trainer.py'])}:${1 + Math.floor(rand() * 900)}`;
    const top = (w: number) => `╭${'─'.repeat(w)} Traceback (most recent call last) ${'─'.repeat(w)}╮`;
    const blocks: ((i: number) => string[])[] = [
      (i) => [`2026-12-04 03:05:${pad(i % 60)},${String(i % 1000).padStart(3, '0')} INFO train: step ${i} loss 0.5`],
      (i) => [`[12/04/26 03:05:${pad(i % 60)}] ${pick(levels)}step ${i} loss 0.500${' '.repeat(Math.floor(rand() * 30))} ${path()}`],
      (i) => [`${' '.repeat(20)}${pick(levels)}step ${i}${' '.repeat(1 + Math.floor(rand() * 30))}${path()}`],
      (i) => [`${' '.repeat(29)}wrapped part ${i} of the message${' '.repeat(Math.floor(rand() * 20))}`],
      (i) => [`[03:05:${pad(i % 60)}] ${pick(levels)}a message ${i}   ${path()}`, `${' '.repeat(11)}${pick(levels)}the same second ${i}`],
      (i) => [`[2026-12-04 03:05:${pad(i % 60)}] ${pick(levels)}train: step ${i}`, `           INFO     not rich's ${i}`],
      (i) => [
        `[12/04/26 03:05:${pad(i % 60)}] ERROR    could not load shard ${i}      train.py:21`,
        `${' '.repeat(29)}${top(2)}`,
        `${' '.repeat(29)}│ /home/u/run/train.py:19 in main ${i}  │`,
        `${' '.repeat(29)}│ ❱ 19 │   x = load(step)                 │`,
        `${' '.repeat(29)}╰──────────────────────────────────────╯`,
        `${' '.repeat(29)}KeyError: 'shard-${i}'`,
      ],
      (i) => [top(21), `│ /home/u/run/train.py:25 in <module> ${i}  │`, `│ ❱ 25 │   main()                          │`, '╰────────────────────────────────────────╯', `ValueError: bad batch ${i}`],
      (i) => [top(3), `│ /home/u/run/chain.py:5 in f   │`, '╰───────────────────────────────╯', "KeyError: 'x'", '', 'The above exception was the direct cause of the following exception:', '', top(3), '│ /home/u/run/chain.py:8 in <module> │', '╰───────────────────────────────╯', `RuntimeError: could not load shard ${i} because the key was missing `, 'from the index'],
      (i) => [`+${'-'.repeat(21)} Traceback (most recent call last) ${'-'.repeat(22)}+`, `| /home/u/run/chain.py:5 in f ${i} |`, `+${'-'.repeat(78)}+`, "KeyError: 'x'"],
      (i) => [`a print ${i}`, `    an indented line ${i}`, ''],
    ];
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const label = `[rank${Math.floor(rand() * 4)}]:`;
      for (const line of pick(blocks)(i)) lines.push(label + line);
    }
    const lane = await sameEachWay(lines, "rich's handler and tracebacks", 3);
    assert.ok(lane.laneLines > 250, `the lane took ${lane.laneLines} lines`);
  });

  it("a date day first, with the month's name or dots (`%d-%b-%y`, `%d %b %Y`, `%d.%m.%Y`, in brackets, with a fraction): the lane reads it as the string path does, and takes it", async function () {
    this.timeout(120_000);
    const rand = rng(77);
    const lines: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const date = ['04-Dec-26', '04-Dec-2026', '04 Dec 2026', '04/Dec/2026', '29-Feb-24', '01-Jan-00', '04.12.2026'][i % 7];
      const clock = `${['09', '23', '00'][Math.floor(rand() * 3)]}:${String(i % 60).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`;
      const [open, close] = rand() < 0.2 ? ['[', ']'] : ['', ''];
      const body = [` - ${['INFO', 'ERROR', 'WARNING'][i % 3]} - step ${i}`, ` ${['INFO', 'CRITICAL'][i % 2]} train: loss ${i}`, ` plain ${i}`][Math.floor(rand() * 3)];
      lines.push(`[rank${i % 4}]:${open}${date}${date.includes('.') ? ' ' : [' ', 'T', ':'][i % 3]}${clock}${rand() < 0.3 ? ',123' : ''}${close}${body}`);
    }
    const lane = await sameEachWay(lines, 'month named', 9);
    assert.ok(lane.laneLines > lines.length * 0.95, `the lane took ${lane.laneLines} of ${lines.length} lines`);
  });

  it("detectron2's console (`[MM/DD HH:MM:SS name]: `, `WARNING`, `ERROR` or `CRITICAL` before it), its year assumed: the lane reads it as the string path does, and takes it", async function () {
    this.timeout(120_000);
    const rand = rng(91);
    const lines: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const word = ['', '', 'WARNING ', 'ERROR ', 'CRITICAL '][i % 5];
      const date = ['11/30', '02/29', '12/31', '01/01'][Math.floor(rand() * 4)];
      const name = ['d2.engine.train_loop', 'fvcore.common.checkpoint', 'detectron2', 'a-b<c>'][Math.floor(rand() * 4)];
      lines.push(`[rank${i % 4}]:${word}[${date} ${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:07 ${name}]: ${rand() < 0.1 ? '' : `iter: ${i}  total_loss: 1.2`}`);
    }
    for (const year of [2024, 2026]) {
      const lane = await sameEachWay(lines, `detectron2 ${year}`, 9, year);
      // (Feb 29 is no date of 2026: those lines are the string path's.)
      assert.ok(lane.laneLines > lines.length * (year === 2024 ? 0.95 : 0.7), `${year}: the lane took ${lane.laneLines} of ${lines.length} lines`);
    }
  });

  it("detectron2's files (`[MM/DD HH:MM:SS] name LEVEL: `), its year assumed, under a rank's label: the lane and the string path read them alike", async function () {
    this.timeout(120_000);
    const rand = rng(97);
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const level = ['INFO', 'INFO', 'WARNING', 'ERROR', 'DEBUG', 'info'][Math.floor(rand() * 6)];
      const date = ['11/30', '02/29', '13/01'][Math.floor(rand() * 3)];
      const name = ['d2.engine.train_loop', 'fvcore.common.checkpoint', 'a b'][Math.floor(rand() * 3)];
      lines.push(`[rank${i % 4}]:[${date} ${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:07] ${name} ${level}:${rand() < 0.1 ? '' : ` iter: ${i}`}`);
    }
    for (const year of [2024, 2026]) await sameEachWay(lines, `detectron2 files ${year}`, 9, year);
  });

  it("torchrun's prefix template of the rank alone (`[3]:`), a label inside a line kept as text, one with nothing after it, tracebacks, prints: the three ways agree, and the lane takes the common lines", async function () {
    this.timeout(120_000);
    const rand = rng(53);
    const lines: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const r = Math.floor(rand() * 12);
      const body = [
        `2026-12-04 09:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},${String(i % 1000).padStart(3, '0')} INFO train: step ${i}`,
        `2026-12-04 09:00:00,000 WARNING data: shape[0]: ${i} [${r}]:${i}`,
        `print of shape[1]: ${i}`,
        '  File "train.py", line 3, in <module>',
        `[rank${r}]: Traceback (most recent call last):`,
        // Nothing after the label (torchrun's failure summary's `[1]:`; a rank's empty line, maybe with CRLF).
        '',
        '\r',
      ][rand() < 0.9 ? Math.floor(rand() * 3) : 3 + Math.floor(rand() * 4)];
      lines.push(rand() < 0.02 ? `[W1204 09:00:00.000000 1 api.py:1] torchrun's own ${i}` : `[${r}]:${body}`);
    }
    const lane = await sameEachWay(lines, 'rank alone', 9, 2026, (job) => assert.deepStrictEqual([job.style, job.role], ['torchrun', '']));
    assert.ok(lane.laneLines > lines.length * 0.8, `the lane took ${lane.laneLines} of ${lines.length} lines`);
    // Inside srun's labels of 3 nodes of 4 ranks: global ranks.
    const nested = lines.map((line) => {
      const m = /^\[(\d+)\]:/.exec(line);
      return m ? `${Math.floor(Number(m[1]) / 4)}: ${line}` : `${Math.floor(rand() * 3)}: ${line}`;
    });
    const nestedLane = await sameEachWay(nested, 'rank alone under srun', 9, 2026, (job) => assert.deepStrictEqual([job.style, job.teeWidth, job.role], ['srun', 4, '']));
    assert.ok(nestedLane.laneLines > lines.length * 0.8, `the lane took ${nestedLane.laneLines} of ${lines.length} lines`);
  });

  it("SkyPilot's nodes (`(head, rank=0, pid=...)`, `(worker1, rank=1, pid=..., ip=...)`, the address first, coloured or not) and near misses of them: the three ways agree, and the lane takes the common lines", async function () {
    this.timeout(120_000);
    const rand = rng(61);
    // A usual prefix, or one with one part changed (each way of writing it, and near misses of it).
    const parts = (r: number) => ({
      colour: '\x1b[36m',
      who: r === 0 ? 'head' : `worker${r}`,
      rank: String(r),
      ids: `pid=${3800 + r}, ip=10.0.0.${r}`,
      reset: '\x1b[0m',
      space: ' ',
    });
    const changes: Record<string, string[]> = {
      colour: ['', '\x1b[0;36m', '\x1b[m', '\x1b[1234567890;1m', '\x1b[1234567890;12m', '\x1b[36', '\x1b', '\x1b[3a6m'],
      who: ['worker0', 'worker123456', 'worker1234567', 'worker', 'work', 'Head', 'heads'],
      rank: ['123456', '1234567', '', 'x'],
      ids: ['pid=3808', 'pid=1234567890', 'pid=12345678901', 'pid=', 'ip=10.0.0.1, pid=3808', 'ip=fe80::1, pid=3808', `pid=1, ip=${'a'.repeat(45)}`, `pid=1, ip=${'a'.repeat(46)}`, 'pid=1, ip=10.0.0.g', 'pid=1, ip=', 'pid=1,ip=10.0.0.1', 'ip=10.0.0.1', 'ip=10.0.0.1, pid=', 'pid=1, ip=10.0.0.1, pid=2'],
      reset: ['', '\x1b[0', '\x1b[1234567890123m', '\x1b[0m\x1b[0m'],
      space: ['', '  '],
    };
    const lines: string[] = [];
    let usual = 0;
    for (let i = 0; i < 6000; i++) {
      const r = Math.floor(rand() * 6);
      const p: Record<string, string> = parts(r);
      if (varyOnePart(rand, p, changes)) usual++;
      const body = recordOrPrint(rand, i);
      lines.push(rand() < 0.02 ? `(setup pid=2210) setting up ${i}` : `${p.colour}(${p.who}, rank=${p.rank}, ${p.ids})${p.reset}${p.space}${body}`);
    }
    const lane = await sameEachWay(lines, 'skypilot', 9, 2026, (job) => assert.strictEqual(job.style, 'skypilot'));
    assert.ok(lane.laneLines > usual * 0.8, `the lane took ${lane.laneLines} of ${lines.length} lines`);
  });

  it("SkyPilot's job of one node (`(task, pid=4494) `, any task's name), torchrun's tee labels inside it or none, and near misses of it: the three ways agree, and the lane takes the common lines", async function () {
    this.timeout(120_000);
    const rand = rng(67);
    const usual = { colour: '\x1b[36m', name: 'task', sep: ', pid=', pid: '4494', reset: '\x1b[0m', space: ' ' };
    const changes: Record<string, string[]> = {
      colour: ['', '\x1b[0;36m', '\x1b[36', '\x1b'],
      name: ['train', 'my-task.v2_1', '7b', 'x'.repeat(63), 'x'.repeat(64), '-x', '.x', '_x', 'ta sk', '', 'head', 'worker1', 'task)', 'tâsk'],
      sep: [',pid=', ', pid =', ', rank=0, pid=', ' pid=', ', ip=10.0.0.1, pid=', ', PID=', ', pie=', ', pi='],
      pid: ['1234567890', '12345678901', '', 'x', '4494, ip=10.0.0.1'],
      reset: ['', '\x1b[0', '\x1b[0m\x1b[0m'],
      space: ['', '  '],
    };
    const write = (tee: boolean) => {
      const lines: string[] = [];
      let common = 0;
      for (let i = 0; i < 6000; i++) {
        const p: Record<string, string> = { ...usual };
        if (varyOnePart(rand, p, changes)) common++;
        const body = recordOrPrint(rand, i);
        const own = rand() < 0.03;
        const label = tee && !own ? `[default${Math.floor(rand() * 8)}]:` : '';
        const text = own ? `W1204 09:00:00.412000 4494 torch/distributed/run.py:793] torchrun's own ${i}` : body;
        lines.push(rand() < 0.02 ? `(setup pid=2210) setting up ${i}` : `${p.colour}(${p.name}${p.sep}${p.pid})${p.reset}${p.space}${label}${text}`);
      }
      return { lines, common };
    };
    const nested = write(true);
    const lane = await sameEachWay(nested.lines, 'skypilot one node, tee labels', 9, 2026, (job) => assert.deepStrictEqual([job.style, job.teeWidth], ['skypilot', 8]));
    assert.ok(lane.laneLines > nested.common * 0.8, `the lane took ${lane.laneLines} of ${nested.lines.length} lines`);
    const alone = write(false);
    const one = await sameEachWay(alone.lines, 'skypilot one node', 9, 2026, (job) => assert.deepStrictEqual([job.style, job.teeWidth], ['skypilot', undefined]));
    assert.ok(one.laneLines > alone.common * 0.8, `the lane took ${one.laneLines} of ${alone.lines.length} lines`);
    // A job of three nodes, torchrun's tee labels inside each node's prefix: rank node * 8 + local.
    const task = '(task, pid=4494)';
    const nodes = nested.lines.map((line, i) => {
      const at = line.indexOf(task);
      const node = ['(head, rank=0, pid=4494)', '(worker1, rank=1, pid=2769, ip=10.0.0.2)', '(worker2, rank=2, ip=10.0.0.3, pid=2770)'][i % 3];
      return at === 0 || (at === 5 && line.startsWith(usual.colour)) ? line.slice(0, at) + node + line.slice(at + task.length) : line;
    });
    const several = await sameEachWay(nodes, 'skypilot nodes, tee labels', 9, 2026, (job) => assert.deepStrictEqual([job.style, job.teeWidth], ['skypilot', 8]));
    assert.ok(several.laneLines > nested.common * 0.8, `the lane took ${several.laneLines} of ${nodes.length} lines`);
    assert.strictEqual(several.rankName(23), 'node 2 local 7');
  });

  it('a zone after a space (` +0100`, ` -05:00`, ` UTC`, ` GMT`, a name: ` CET`), in brackets, at the end, and near misses of it: the three ways agree, and the lane takes the zones', async function () {
    this.timeout(60_000);
    const zones = [' +0100', ' -05:00', ' UTC', ' GMT', ' +0000]', ' +01', ' +01:0', ' +0100x', ' UTCx', ' utc', ' +0100]x', ' +0100|', ' +0100:', ' +0100-', ' +0100\t', '',
      ' CET', ' AEST', ' PST]', ' NCCL', ' ABC', ' CETX', ' CE', ' INFO', ' WARN'];
    const levelled = [' ERROR train: boom', '] WARNING x: y'];
    const heads = ['2026-11-30 09:00:00,123', '2026-11-30T09:00:00.5', '[2026-11-30 09:00:00', '2026/11/30 09:00:00', '2026-11-30 09:00:00'];
    const tails = [' INFO train: step', ' - train - ERROR - boom', '', ' message only', ' | WARNING  | __main__:main:12 - w'];
    const lines: string[] = [];
    let i = 0;
    for (const head of heads) for (const zone of zones) for (const tail of [...tails, ...levelled]) lines.push(`[rank${i++ % 3}]:${head}${head.startsWith('[') && !zone.includes(']') ? ']' : ''}${zone}${tail} ${i}`);
    const lane = await sameEachWay(lines, 'zones after a space', 1);
    // (A zone's name, and capitals that may be one, ` NCCL`, are the string path's: a fifth of the zones here.)
    assert.ok(lane.laneLines > lines.length * 0.7, `the lane took ${lane.laneLines} of ${lines.length} lines`);
  });

  it('a rank whose output region fills comes out in order; a frame after each traceback head (two lines of the JavaScript side) gets its own mark', async function () {
    this.timeout(60_000);
    // Long records fill a rank's region (32 KiB) every few lines.
    const long = Array.from({ length: 400 }, (_, i) => `[rank${i % 2}]:2026-11-30 09:00:00,000 INFO big: ${String(i).padEnd(9000, '.')}`);
    assert.ok((await sameEachWay(long, 'long lines', 1)).laneLines >= 390);
    // A traceback's head (written as two lines by the JavaScript side) before each frame: every
    // frame the lane takes needs a mark of its own, more than its mark list holds per chunk.
    const marks: string[] = [];
    for (let i = 0; i < 12_000; i++) marks.push('[rank0]:Traceback (most recent call last):', `[rank0]:  File "x.py", line ${i}, in f`);
    const lane = await sameEachWay(marks, 'many marks', 97);
    assert.ok(lane.laneLines >= 11_000, `the lane took ${lane.laneLines} lines`);
  });
});
