// What Kubernetes writes of a job's pods, for the layouts: kubectl's prefix on each line of a
// pod's container (`kubectl logs --prefix`), the kubelet's time before a line (`--timestamps`;
// Docker's `docker logs -t` writes the same), the rank a pod's name gives (Kubeflow's PyTorchJob,
// a JobSet's, an indexed Job's, a StatefulSet's replicas), and pods' logs saved a file each. Pure:
// strings in, strings out; nothing here throws.
import type { RankPrefix } from './rankPrefixes';
import { isDigitCode, naive } from './timestamps';

/** The last pod prefix read (`[pod/<pod>/<container>] `) and its pod: the next line is most often of the same pod. */
let lastPod = { prefix: '', pod: '' };

/**
 * kubectl's prefix on a line of a pod's container (`kubectl logs -l <selector> --prefix`, `-f` or
 * not; `--all-containers`): `[pod/train-worker-0/pytorch] `, the pod's and the container's names
 * as Kubernetes allows them (lower case, digits, `-`, `.` in a pod's), at the start of `line`
 * (read by hand: every line of a big capture comes here).
 */
export function kubectlPrefixOf(line: string): RankPrefix | undefined {
  if (lastPod.prefix !== '' && line.startsWith(lastPod.prefix)) return { style: 'kubectl', rank: -1, host: lastPod.pod, rest: line.slice(lastPod.prefix.length) };
  if (!line.startsWith('[pod/')) return undefined;
  const pod = nameEnd(line, 5, 253, true);
  const container = pod < 0 || line.charCodeAt(pod) !== 47 ? -1 : nameEnd(line, pod + 1, 63, false);
  if (container < 0 || line.charCodeAt(container) !== 93 || line.charCodeAt(container + 1) !== 32) return undefined;
  // A sidecar's line (`--all-containers`) is no rank's: the mesh's proxy logging on while its
  // rank hangs would make the rank look alive.
  if (SIDECARS.has(line.slice(pod + 1, container))) return undefined;
  lastPod = { prefix: line.slice(0, container + 2), pod: line.slice(5, pod) };
  return { style: 'kubectl', rank: -1, host: lastPod.pod, rest: line.slice(container + 2) };
}

/** A prefix longer than this is read as a string (`[pod/` + a pod's 253 characters + `/` + a container's 63 + `] `). */
const MAX_POD_PREFIX = 330;
/** Prefixes `PodPrefixBytes` keeps, at most (a capture of thousands of pods reads the others as strings). */
const MAX_KNOWN_PREFIXES = 65_536;

/**
 * kubectl's prefix read from a capture's bytes, for the byte path (most of a pod's lines are of
 * the common shape): each prefix is read as a string once (`kubectlPrefixOf`) and kept with its
 * pod, so a line's pod is found by its bytes, without a string of its own.
 */
export class PodPrefixBytes {
  private readonly known = new Map<number, { bytes: Buffer; pod: string | undefined }>();

  /**
   * The pod of the prefix at `data[start]`, and where the line's text after it starts (after the
   * kubelet's time too when `timed`); undefined when the line has no pod's prefix (a sidecar's
   * line, a line without the kubelet's time when `timed`): those are read as strings.
   */
  at(data: Buffer, start: number, end: number, timed: boolean): { pod: string; rest: number; time?: number } | undefined {
    if (data[start] !== 91 || data[start + 1] !== 112 || data[start + 2] !== 111 || data[start + 3] !== 100 || data[start + 4] !== 47) return undefined;
    // (`]` looked for within a prefix's length: a line of `[pod/` without one is not read to the chunk's end.)
    let close = start + 5;
    const limit = Math.min(end - 1, start + MAX_POD_PREFIX);
    while (close < limit && data[close] !== 93) close++;
    if (close >= limit || data[close + 1] !== 32) return undefined;
    // (FNV-1a of the prefix's bytes; a prefix kept under the same hash is compared byte for byte.)
    let hash = 0x811c9dc5;
    for (let i = start; i <= close; i++) hash = Math.imul(hash ^ data[i], 0x01000193);
    let known = this.known.get(hash);
    if (!known || !sameBytes(known.bytes, data, start, close + 2)) {
      // (latin1: a pod's name is ASCII; other bytes make no prefix.)
      const prefix = kubectlPrefixOf(data.toString('latin1', start, close + 2));
      known = { bytes: Buffer.from(data.subarray(start, close + 2)), pod: prefix?.rest === '' ? prefix.host : undefined };
      if (this.known.size < MAX_KNOWN_PREFIXES) this.known.set(hash, known);
    }
    if (known.pod === undefined) return undefined;
    if (!timed) return { pod: known.pod, rest: close + 2 };
    const stamp = this.kubeletTimeAt(data, close + 2, end);
    return stamp && { pod: known.pod, rest: stamp.rest, time: stamp.time };
  }

  /** The last second `kubeletTimeAt` read (`YYYY-MM-DDTHH:MM:SS`) and its time (naive ms). */
  private readonly second = Buffer.alloc(19);
  private secondTime: number | undefined;

  /** The kubelet's time at `data[at]` as `kubeletTimeOf` reads it, and where the text after it starts. */
  private kubeletTimeAt(data: Buffer, at: number, end: number): { time: number; rest: number } | undefined {
    if (end - at < 21) return undefined;
    if (this.secondTime === undefined || !sameBytes(this.second, data, at, at + 19)) {
      // (Its date read once a second, as a string.)
      const time = kubeletTimeOf(`${data.toString('latin1', at, at + 19)}Z `)?.time;
      if (time === undefined) return undefined;
      data.copy(this.second, 0, at, at + 19);
      this.secondTime = time;
    }
    const digit = (i: number): boolean => i < end && data[i] >= 48 && data[i] <= 57;
    let i = at + 19;
    let ms = 0;
    if (data[i] === 46) {
      const from = ++i;
      while (i - from < 9 && digit(i)) {
        if (i - from < 3) ms = ms * 10 + data[i] - 48;
        i++;
      }
      if (i === from) return undefined;
      for (let k = Math.min(i - from, 3); k < 3; k++) ms *= 10;
    }
    if (i < end && data[i] === 90) i++;
    else if (i < end && (data[i] === 43 || data[i] === 45) && digit(i + 1) && digit(i + 2) && i + 3 < end && data[i + 3] === 58 && digit(i + 4) && digit(i + 5)) i += 6;
    else return undefined;
    return i < end && data[i] === 32 ? { time: this.secondTime + ms, rest: i + 1 } : undefined;
  }
}

/** Whether `data[start, end)` are `bytes` (short runs: compared one by one, cheaper than a view's `equals`). */
function sameBytes(bytes: Buffer, data: Buffer, start: number, end: number): boolean {
  if (bytes.length !== end - start) return false;
  for (let k = 0; k < bytes.length; k++) if (bytes[k] !== data[start + k]) return false;
  return true;
}

/**
 * Containers beside a pod's workload, and the init containers they add, whose lines kubectl's
 * `--all-containers` writes among the rank's: service meshes' proxies, secret and log agents.
 */
const SIDECARS: ReadonlySet<string> = new Set([
  'istio-proxy',
  'istio-init',
  'istio-validation',
  'linkerd-proxy',
  'linkerd-init',
  'linkerd-network-validator',
  'vault-agent',
  'vault-agent-init',
  'datadog-agent',
  'fluent-bit',
  'fluentd',
  'cloud-sql-proxy',
  'gke-gcsfuse-sidecar',
  'aws-otel-collector',
  'otel-collector',
]);

/** Where a Kubernetes name at `start` ends (lower case letters and digits first, then `-` too, and `.` in a pod's), at most `max` long; -1 when none starts there. */
function nameEnd(line: string, start: number, max: number, dots: boolean): number {
  const first = line.charCodeAt(start);
  if (!((first >= 97 && first <= 122) || isDigitCode(first))) return -1;
  let i = start + 1;
  for (; i - start < max; i++) {
    const c = line.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || isDigitCode(c) || c === 45 || (dots && c === 46))) break;
  }
  return i;
}

/**
 * The kubelet's time before a line of a container (`kubectl logs --timestamps`): RFC 3339 in UTC,
 * up to nanoseconds with their trailing zeros dropped (`2026-11-30T09:12:33.1234Z `), before every
 * line of the container, after kubectl's pod prefix when there is one. Its time (naive ms) and the
 * line after it.
 */
export function kubeletTimeOf(text: string): { time: number; rest: string } | undefined {
  // `YYYY-MM-DDTHH:MM:SS`, its second read once for the lines of the same second.
  let base: number | undefined;
  if (lastSecond.head !== '' && text.startsWith(lastSecond.head)) base = lastSecond.ms;
  else {
    if (text.length < 21 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
    const n = (at: number, width: number): number => {
      let v = 0;
      for (let k = at; k < at + width; k++) {
        const c = text.charCodeAt(k);
        if (!isDigitCode(c)) return NaN;
        v = v * 10 + c - 48;
      }
      return v;
    };
    base = naive(n(0, 4), n(5, 2), n(8, 2), n(11, 2), n(14, 2), n(17, 2), 0);
    if (base === undefined || Number.isNaN(base)) return undefined;
    lastSecond = { head: text.slice(0, 19), ms: base };
  }
  let i = 19;
  let ms = 0;
  if (text.charCodeAt(i) === 46) {
    const from = ++i;
    while (i - from < 9 && isDigitCode(text.charCodeAt(i))) {
      if (i - from < 3) ms = ms * 10 + text.charCodeAt(i) - 48;
      i++;
    }
    if (i === from) return undefined;
    for (let k = Math.min(i - from, 3); k < 3; k++) ms *= 10;
  }
  if (text.charCodeAt(i) === 90) i++;
  else if ((text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45) && text.charCodeAt(i + 3) === 58 && [1, 2, 4, 5].every((k) => isDigitCode(text.charCodeAt(i + k)))) i += 6;
  else return undefined;
  return text.charCodeAt(i) === 32 ? { time: base + ms, rest: text.slice(i + 1) } : undefined;
}

/**
 * Whether every line but blank ones (`min` at least) starts with the kubelet's time; `nanoseconds`:
 * one at least to the nanosecond (7 to 9 digits after the second once the kubelet's trailing
 * zeros are dropped; an application's own ISO times give 3 or 6).
 */
export function kubeletTimedLines(lines: readonly string[], min: number, nanoseconds = false): boolean {
  let stamped = 0;
  let fine = !nanoseconds;
  for (const line of lines) {
    if (!line.trim()) continue;
    if (!kubeletTimeOf(line)) return false;
    stamped++;
    fine ||= /^\S{19}\.\d{7}/.test(line);
  }
  return fine && stamped >= min;
}

/** The last second `kubeletTimeOf` read: its text and its naive ms. */
let lastSecond = { head: '', ms: 0 };

/**
 * The rank a pod's name gives, where it has a number of its replica: Kubeflow's PyTorchJob
 * (`train-master-0` is rank 0, `train-worker-0` rank 1 when the job has a master, `masterFirst`;
 * rank 0 when it has none, as an elastic job's), a JobSet's (Kubeflow Trainer's TrainJob:
 * `train-node-0-3-x7k2p`, the pod's index in its first job), an indexed Job's (`train-3-x7k2p`), a
 * StatefulSet's (`train-3`). Undefined for other names (a Deployment's pods): those are numbered
 * as they come.
 */
export function podRankOf(pod: string, masterFirst: boolean): number | undefined {
  const m = /-(master|worker)-(\d{1,6})$/.exec(pod);
  if (m) return Number(m[2]) + (m[1] === 'worker' && masterFirst ? 1 : 0);
  const jobSet = /-(\d{1,6})-(\d{1,6})-[a-z0-9]{5}$/.exec(pod);
  if (jobSet) return jobSet[1] === '0' ? Number(jobSet[2]) : undefined;
  const indexed = /-(\d{1,6})(?:-[a-z0-9]{5})?$/.exec(pod);
  return indexed ? Number(indexed[1]) : undefined;
}

/** Whether a pod's name is a PyTorchJob's master's (`train-master-0`): its workers' ranks then come after it (see `podRankOf`). */
export function isMasterPod(pod: string): boolean {
  return /-master-\d{1,6}$/.test(pod);
}

/**
 * Pods' logs saved a file each (`kubectl logs train-worker-0 > train-worker-0.log`, a loop over
 * `kubectl get pods -o name`): a PyTorchJob's pods (`<job>-master-<i>`, `<job>-worker-<i>`) or a
 * TrainJob's (`<job>-node-0-<i>-<suffix>`), as `.log`, `.txt` or `.out` files. Other names (a
 * Deployment's, a StatefulSet's `train-3.log`) are left to the rank file patterns: `-3` ends too
 * many other files' names.
 */
const POD_FILE = /^([a-z0-9][a-z0-9.-]{0,200}?)-(?:(?:master|worker)-\d{1,6}|node-0-\d{1,6}-[a-z0-9]{5})\.(log|txt|out)$/;

/** A job of pods' files: its name, and each rank's file and pod (by the rank its pod's name gives: `podRankOf`). */
export interface PodFiles {
  name: string;
  files: Map<number, string>;
  pods: string[];
}

/** The jobs of pods' files among a folder's file names (each of two files at least; a file whose rank another has is left out). */
export function podFileJobs(names: readonly string[]): PodFiles[] {
  const groups = new Map<string, { job: string; ext: string; names: string[] }>();
  for (const name of names) {
    const m = POD_FILE.exec(name);
    if (!m) continue;
    const key = `${m[1]}\0${m[2]}`;
    (groups.get(key) ?? groups.set(key, { job: m[1], ext: m[2], names: [] }).get(key)!).names.push(name);
  }
  const jobs: PodFiles[] = [];
  for (const g of groups.values()) {
    if (g.names.length < 2) continue;
    const pods = g.names.map((n) => n.slice(0, -g.ext.length - 1));
    const masterFirst = pods.some(isMasterPod);
    const job: PodFiles = { name: `${g.job}-<pod>.${g.ext}`, files: new Map(), pods: [] };
    pods.forEach((pod, k) => {
      const rank = podRankOf(pod, masterFirst);
      if (rank === undefined || job.files.has(rank)) return;
      job.files.set(rank, g.names[k]);
      job.pods[rank] = pod;
    });
    jobs.push(job);
  }
  return jobs;
}
