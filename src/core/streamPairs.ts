// A capture's two streams in two files: Slurm's `--output` and `--error` (`train-%j.out`,
// `train-%j.err`), PBS's and Grid Engine's `<name>.o<id>` and `<name>.e<id>`, LSF's `-o` and
// `-e`, a shell's `> run.out 2> run.err`. The ranks' prints are in one, their logging, tracebacks
// and the launcher's own words (srun's errors, Slurm's cancellation) in the other: read apart,
// the job was two jobs, one with the failure and one with the progress, and a stderr file holding
// only srun's words was no job at all. Paired by their names, one job whose ranks read both.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { otherStreamOf } from './captureFile';
import type { ForeignJob } from './importLayouts';
import type { LineFormat } from './lineFormats';

/** The name of the other stream's file of a file named `name`, and whether that other file is stdout's; undefined when its name tells no stream. */
export function otherStreamName(name: string): { name: string; stdout: boolean } | undefined {
  // PBS and Grid Engine: `<name>.o<job id>` (an array's `.o<id>-<index>`, `.o<id>.<index>`).
  const pbs = /^(.+\.)([oOeE])(\d+(?:[.-]\d+)?)$/.exec(name);
  if (pbs) {
    const other = { o: 'e', O: 'E', e: 'o', E: 'O' }[pbs[2]]!;
    return { name: `${pbs[1]}${other}${pbs[3]}`, stdout: other.toLowerCase() === 'o' };
  }
  // The last word of the name that names a stream: `train-42.out`, `run.stderr.log`, `out.txt`, `job_stdout.log`.
  const words = name.split(/([._-])/);
  for (let k = words.length - 1; k >= 0; k--) {
    const swap = SWAPS[words[k].toLowerCase()];
    if (!swap) continue;
    const w = words[k];
    const other = w === w.toUpperCase() ? swap.other.toUpperCase() : swap.other;
    return { name: [...words.slice(0, k), other, ...words.slice(k + 1)].join(''), stdout: swap.stdout };
  }
  return undefined;
}

const SWAPS: Record<string, { other: string; stdout: boolean }> = {
  out: { other: 'err', stdout: false },
  err: { other: 'out', stdout: true },
  stdout: { other: 'stderr', stdout: false },
  stderr: { other: 'stdout', stdout: true },
};

/** Prefix styles whose ranks two files number alike (pdsh's hosts and Ray's workers are numbered by what each file met first). */
const PAIRED_STYLES = new Set(['torchrun', 'srun', 'openmpi', 'mpich']);

/**
 * `capture` with the other stream's file beside it, when there is one that can be read with it
 * (`otherStreamOf`): `exists` tells which names are files of its folder. The job's source is then
 * stdout's file when it is a capture itself, else the capture's.
 */
export async function withOtherStream(capture: ForeignJob, exists: (name: string) => boolean | Promise<boolean>, formats: readonly LineFormat[] = []): Promise<ForeignJob> {
  if (capture.kind !== 'capture' || capture.otherStream || !PAIRED_STYLES.has(capture.style ?? '')) return capture;
  const other = otherStreamName(path.basename(capture.source));
  if (!other || !(await exists(other.name))) return capture;
  const file = path.join(path.dirname(capture.source), other.name);
  // (A link of one to the other is one file: read once.)
  if (await sameFile(file, capture.source)) return capture;
  const found = await otherStreamOf(file, capture, formats);
  if (!found) return capture;
  const [main, second, first] = found.labelled && other.stdout ? [found.job, capture, false] : [capture, found.job, other.stdout];
  return { ...main, name: `${main.name} + ${second.name}`, otherStream: { job: { ...second, otherStream: undefined }, first } };
}

async function sameFile(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([fsp.stat(a).catch(() => undefined), fsp.stat(b).catch(() => undefined)]);
  return !x || !y || (x.ino === y.ino && x.dev === y.dev);
}

/** Every file a capture job reads: its own, its other stream's, other nodes' and their batch output (`ForeignJob.nodeFiles`). */
export function captureFiles(job: ForeignJob): string[] {
  const node = (n: ForeignJob) => [n.source, ...(n.otherStream ? [n.otherStream.job.source] : [])];
  return [...node(job), ...(job.nodeFiles ?? []).flatMap(node), ...(job.kind === 'capture' ? (job.launchers ?? []) : [])];
}

/**
 * `captures` (of one folder, whose files `exists` names) with each pair of streams as one job
 * (`withOtherStream`), in their order.
 */
export async function pairStreams(captures: readonly ForeignJob[], exists: (name: string) => boolean, formats: readonly LineFormat[] = []): Promise<ForeignJob[]> {
  const paired = new Map<string, ForeignJob>();
  for (const c of captures) {
    // (torchrun's console that labels nothing is the other stream of a labelled one, never the first.)
    if (paired.has(c.source) || c.noLabels) continue;
    const job = await withOtherStream(c, exists, formats);
    if (job.otherStream) for (const file of captureFiles(job)) paired.set(file, job);
  }
  const jobs: ForeignJob[] = [];
  for (const c of captures) {
    const job = paired.get(c.source) ?? c;
    if (!jobs.includes(job)) jobs.push(job);
  }
  return jobs;
}
