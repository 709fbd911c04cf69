// A job's rank files read into each rank's output (importOutput.ts) for JobImport: torchrun's
// streams of each attempt (a Resume record starts the attempt's session, at its folder's time),
// merged by time, and `error.json` as the rank's error record; Slurm's task files, one stream
// each. A rank's streams are read a few MiB at a time, the one furthest behind in time first;
// their records wait in the streams (importStreams.ts) until no stream still read can have one
// before them. A stream whose rank has nothing else left to merge goes straight to the output,
// its common lines through the lane (importStreamLane.ts), the others from bytes or strings.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Turns } from './fastPathTurns';
import { ForeignJob, OPEN_MPI_OUTPUT, RankSource, readErrorJson } from './importLayouts';
import { headerLine, ImportOptions, RankLineWriter, resumeRecord } from './importLines';
import { commonLineAt } from './importLineShapes';
import { parseForeignLine } from './lineFormats';
import { LOST_IN_A_CRASH } from './sessionRecords';
import { RankOutput } from './importOutput';
import { headTimeOnce, PARTIAL_LINE_QUIET_MS, READ_BUFFER, SourceReader, SourceState } from './importSources';
import { StreamLane } from './importStreamLane';
import { StreamRecords } from './importStreams';
import { naiveFromEpoch } from './timestamps';
import { kubeletTimedLines } from './kubernetes';
import { openMpiTagOf, srunLabelOf } from './rankPrefixes';
import { readHead } from './regularFile';
import { minOf } from './extremes';
import { mapLimit } from './mapLimit';
import { isLostDataProblem, nulProblem, SNIFF_BYTES } from './nulBytes';

/** The label each line of a rank's file carries (`labelOf`); `kubelet`: the kubelet's time (`kubectl logs --timestamps`). */
type FileLabel = 'openmpi' | 'srun' | 'kubelet' | 'none';

/** Bytes of an Open MPI output file read to tell whether its lines carry the tag (its first line's, with the time before it). */
const TAG_HEAD_BYTES = 256;
/** Bytes of a pod's file read to tell whether its lines start with the kubelet's time (`kubeletTimedLines`). */
const KUBELET_HEAD_BYTES = 4096;

/** Why `file` could not be opened (`e`), as a note says it: what it is instead of a file, or the error. */
async function whyNotOpened(file: string, e: unknown): Promise<string> {
  const st = await fsp.stat(file).catch(() => undefined);
  if (!st) return (await fsp.lstat(file).catch(() => undefined))?.isSymbolicLink() ? 'it is a link to a file that is not there' : 'it is gone';
  if (!st.isFile()) return `it is ${st.isFIFO() ? 'a pipe' : st.isDirectory() ? 'a folder' : st.isSocket() ? 'a socket' : 'a device'}, not a file`;
  const code = (e as NodeJS.ErrnoException).code;
  return `it cannot be opened (${code ?? (e instanceof Error ? e.message : String(e))})`;
}

/** A rank file that is no text (binary data, UTF-16): why, and its head's bytes. */
interface Unreadable {
  problem: string;
  head: Buffer;
  /** Its last change (ms): the rank's, when the rank has nothing else. */
  mtimeMs: number;
}

/** Bytes of one of a rank's streams read before the stream furthest behind in time is read (see `read`). */
const TURN_BYTES = 1024 * 1024;
/**
 * Bytes of a rank's records an update's merge waits with behind the last record of a stream read
 * to its end (it may gain lines in the next update). Past this, that record is taken as whole: a
 * stream of prints (no time: they come first) read before a big stderr.log would otherwise hold
 * the whole of it in memory.
 */
const HOLD_BYTES = 16 * 1024 * 1024;

/** Whether a pod's file's head (its whole lines) starts each line with the kubelet's time, one to the nanosecond. */
function kubeletTimedWhole(head: string): boolean {
  const lines = head.split('\n');
  lines.pop();
  return kubeletTimedLines(lines, 1, true);
}

export class RankFilesReader {
  /** `error.json` files read (each once). */
  private readonly errorJsonSeen = new Set<string>();
  /** Ranks' common lines, taken in WebAssembly; null where it cannot be used. */
  private lane: StreamLane | null | undefined;
  /** Lines rewritten from their bytes (the byte path and the lane), for tests and benchmarks. */
  linesFromBytes = 0;

  constructor(
    private readonly reader: SourceReader,
    private readonly options: ImportOptions,
    /** Built-in formats only: the byte path and the lane read common lines as the string path would. */
    private readonly fastPath: boolean,
  ) {}

  /** Whether what follows a line's last NUL byte is a timed record (see `ReadOptions.afterLoss`). */
  private readonly afterLoss = (tail: string): boolean => parseForeignLine(tail, this.options.formats, this.options)?.time !== undefined;

  /** Of those, the lines the lane took. */
  get laneLines(): number {
    return this.lane?.lines ?? 0;
  }

  /** What was told of files named in `where` (renamed, or gone) is looked at again, under their names now. */
  rename(where: ReadonlyMap<string, string>): void {
    const names = [...where.keys(), ...where.values()];
    for (const file of names) {
      this.labelled.delete(file);
      this.headTimes.delete(file);
      this.unreadable.delete(file);
      this.unopened.delete(file);
    }
  }

  /** The import starts over: every `error.json` is read again. */
  clear(): void {
    this.errorJsonSeen.clear();
    this.labelled.clear();
    this.headTimes.clear();
    this.unreadable.clear();
    this.unopened.clear();
  }

  /** Rank files whose head is no text (`unreadableHead`): never read. `whole`: its rank has no other (the rank's log says it). */
  private readonly unreadable = new Map<string, Unreadable & { rank: number; whole: boolean }>();

  /** The file whose head rank `rank`'s log holds, when none of its files could be read (`readable`). */
  unreadableFile(rank: number): string | undefined {
    for (const [file, u] of this.unreadable) if (u.whole && u.rank === rank) return file;
    return undefined;
  }

  /** Rank files that could not be opened when first looked at (a pipe, a link to nothing), and why; looked at again each reading. */
  private readonly unopened = new Map<string, { rank: number; why: string; mtimeMs: number }>();

  /** What to tell of rank files not read: no text (binary, UTF-16) beside others of their rank that are, or not opened at all. */
  notes(): string[] {
    return [
      ...[...this.unreadable].filter(([, u]) => !u.whole).map(([file, u]) => `rank ${u.rank}'s ${path.basename(file)} is not read beside its other files: ${u.problem.replace(/\.$/, '')}`),
      ...[...this.unopened].map(([file, u]) => `rank ${u.rank}'s ${path.basename(file)} cannot be read: ${u.why}`),
    ];
  }

  /**
   * Why a rank file not read yet is not read at all: NUL bytes in its head that are no crash's
   * (`nulProblem`: binary data, UTF-16 text). Decoded, they would make records of garbage, and a
   * rank of them look like one that runs.
   */
  private async unreadableHead(file: string, rank: number): Promise<Unreadable | undefined> {
    if (this.reader.stateOf(file)) return undefined;
    let head: Buffer;
    try {
      head = await readHead(file, SNIFF_BYTES);
    } catch (e) {
      // (Its time, the link's or the pipe's own: a rank of nothing else is not one that wrote just now.)
      this.unopened.set(file, { rank, why: await whyNotOpened(file, e), mtimeMs: (await fsp.lstat(file).catch(() => undefined))?.mtimeMs ?? 0 });
      return undefined;
    }
    this.unopened.delete(file);
    if (!head.includes(0)) return undefined;
    const problem = nulProblem(file, head);
    // (A crash's NUL bytes are read: the import tells them as the rank's loss.)
    if (isLostDataProblem(problem)) return undefined;
    return { problem, head, mtimeMs: (await fsp.stat(file).catch(() => undefined))?.mtimeMs ?? 0 };
  }

  /**
   * The rank's files without those that are no text. A rank all of whose files are none (its
   * output empty) gets the head of the first in its log, as it is: every view then reads the rank
   * as the index of such a file does (unreadable: binary, UTF-16), not as records of garbage.
   */
  private async readable(out: RankOutput, list: readonly RankSource[], read: (bytes: number) => void): Promise<RankSource[] | undefined> {
    for (const src of list) {
      if (src.stream === 'error.json' || this.unreadable.has(src.path)) continue;
      const u = await this.unreadableHead(src.path, out.rank);
      if (!u) continue;
      this.unreadable.set(src.path, { ...u, rank: out.rank, whole: false });
      read(u.head.length);
    }
    const left = list.filter((src) => !this.unreadable.has(src.path));
    if (out.lines === 0) for (const src of list) out.sourceMtime = Math.max(out.sourceMtime, this.unopened.get(src.path)?.mtimeMs ?? 0);
    const bad = list.filter((src) => this.unreadable.has(src.path));
    if (out.lines > 0 || bad.length === 0) return left;
    // (torchrun's error.json, when there is one, is the rank's error record whatever its streams are.)
    const holding = await mapLimit(left, 8, (src) => (src.stream === 'error.json' ? Promise.resolve(true) : fsp.stat(src.path).then((st) => st.size > 0, () => false)));
    if (holding.some((h) => h)) return left;
    // No other file of the rank holds a byte yet, and nothing was written: the rank's log is the first one's head.
    for (const src of bad) this.unreadable.get(src.path)!.whole = true;
    const first = this.unreadable.get(bad[0].path)!;
    out.writeLineBytes(first.head, 0, first.head.length, bad[0].path, 0, 0, false);
    out.sourceMtime = Math.max(out.sourceMtime, ...bad.map((src) => this.unreadable.get(src.path)!.mtimeMs));
    return undefined;
  }

  /** Each rank file's first time (`firstTimeOfHead`), read once: an attempt's start, a time of day's day. */
  private readonly headTimes = new Map<string, () => number | undefined>();

  private headTime(file: string): () => number | undefined {
    let read = this.headTimes.get(file);
    if (!read) this.headTimes.set(file, (read = headTimeOnce(file, (line) => parseForeignLine(line, this.options.formats, this.options)?.time)));
    return read;
  }

  /** Rank files whose lines carry a launcher's label, by their first line (see `labelOf`). */
  private readonly labelled = new Map<string, FileLabel>();

  /**
   * The label each line of rank `rank`'s file carries, by its first line: Open MPI's tag (`openMpi`:
   * an `--output-filename` file, with `--tag-output` or `--timestamp-output`), srun's (`srun`: a
   * task's file of `srun -l --output=%t`), the kubelet's time (`pod`: a pod's file, see
   * `kubeletTimedWhole`); 'unknown' until it has a whole line.
   */
  private async labelOf(file: string, rank: number, openMpi: boolean, task: boolean, pod = false): Promise<FileLabel | 'unknown'> {
    if (!openMpi && !task) return 'none';
    const known = this.labelled.get(file);
    if (known !== undefined) return known;
    let head: string;
    try {
      head = (await readHead(file, pod ? KUBELET_HEAD_BYTES : TAG_HEAD_BYTES)).toString('utf8');
    } catch {
      return 'unknown';
    }
    // A first line not whole yet tells nothing; a long one, by its start.
    const nl = head.indexOf('\n');
    if (nl < 0 && head.length < TAG_HEAD_BYTES) return 'unknown';
    const first = nl < 0 ? head : head.slice(0, nl);
    const label: FileLabel = openMpi && openMpiTagOf(first) !== undefined ? 'openmpi' : task && srunLabelOf(first, rank) !== undefined ? 'srun' : pod && kubeletTimedWhole(head) ? 'kubelet' : 'none';
    this.labelled.set(file, label);
    return label;
  }

  /**
   * Reads what rank `out.rank`'s files (`all`, of `job`; those that are no text aside: `readable`) gained into `out`; true when they
   * gained anything. `how.final`: a one-shot reading (nothing held back for the next);
   * `how.flush`: writes the outputs when they hold a few MiB; `how.read`: bytes read (progress).
   */
  async read(out: RankOutput, all: readonly RankSource[], job: ForeignJob, how: { final: boolean; flush: () => Promise<void>; read: (bytes: number) => void }): Promise<boolean> {
    const rank = out.rank;
    let changed = false;
    const list = await this.readable(out, all, how.read);
    if (!list) return true;
    const attempts = [...new Set(list.map((s) => s.attempt))].sort((a, b) => a - b);
    for (const attempt of attempts) {
      if (attempt < out.attempt) continue;
      if (attempt > out.attempt) {
        if (out.attempt >= 0) {
          out.writeStreams(true);
          const folder = list.find((s) => s.attempt === attempt)?.attemptDir ?? job.attempts[attempt] ?? job.source;
          const streamsOf = (k: number) => list.filter((s) => s.attempt === k && s.stream !== 'error.json');
          out.write(await this.resumeLine(rank, folder, streamsOf(attempt), streamsOf(out.attempt)), folder, 0, 0);
        }
        out.attempt = attempt;
        out.streams.clear();
        changed = true;
      }
      const fresh = new Set<string>();
      const sources = list.filter((s) => s.attempt === attempt);
      // The parts a rotating handler cut a rank's log in (`ForeignJob.partsInOrder`) are read one
      // after another, oldest first (their lines straight to the output, through the lane): they
      // follow one another in time. Other streams are merged by time.
      for (const group of job.partsInOrder ? sources.map((src) => [src]) : [sources]) {
        // Every stream of the group is known before any is read: one alone is written as it comes.
        for (const src of group) {
          if (src.stream === 'error.json' || out.streams.has(src.path)) continue;
          const writer = new RankLineWriter(rank, src.stream, this.options);
          const records = new StreamRecords(src.path, writer);
          writer.openMpiTags = job.name === OPEN_MPI_OUTPUT;
          writer.loggerOnly = src.loggerOnly === true;
          // (Of the stream's file as it is named now: a rotating handler renames it, see `RankOutput.renameSources`.)
          writer.dayFrom = {
            before: () => this.headTime(records.file)(),
            latest: () => naiveFromEpoch(Math.floor(this.reader.stateOf(records.file)?.mtimeMs ?? Date.now())),
          };
          out.streams.set(src.path, records);
        }
        // The streams are read a few MiB at a time, the one furthest behind in time first, and a
        // record is written once no stream still being read can have one before it: a rank's
        // records do not wait in memory for the whole of its other stream (a torchrun log folder's
        // big stderr.log was held whole, 4 bytes of memory for each of its bytes).
        const reading = new Set(group.filter((src) => src.stream !== 'error.json'));
        while (reading.size > 0) {
          const src = out.streamBehind(reading);
          const stream = out.streams.get(src.path)!;
          const turn = { bytes: TURN_BYTES, more: false };
          // Nothing of the rank's other streams waits to be merged with this one, nor will in this
          // reading (they are read and written, and it is one-shot, or the rank has no other): its
          // lines go straight to the output, the common ones through the lane.
          const direct = (how.final || out.streams.size === 1) && [...out.streams].every(([file, st]) => file === src.path || (st.count === 0 && ![...reading].some((r) => r.path === file)));
          if (direct && stream.count > 0) out.writeStreams(true);
          // Open MPI's tags and srun's labels are taken off each line as a string: the fast paths would keep them.
          const label = await this.labelOf(src.path, rank, stream.writer.openMpiTags, job.kind === 'tasks', job.kind === 'tasks' && job.hosts !== undefined);
          stream.writer.srunLabels = label === 'srun' || (label === 'unknown' && job.kind === 'tasks');
          stream.writer.kubeletTimes = label === 'kubelet';
          // (The fast paths read a line of no record as a print: a logging handler's file is read as strings.)
          const fast = this.fastPath && label === 'none' && src.loggerOnly !== true;
          const lane = direct && fast ? this.streamLane(rank) : undefined;
          const bytesTurns = new Turns();
          const laneTurns = new Turns();
          const options = {
            afterChunk: () => how.flush(),
            onChunk: how.read,
            onBytes: fast ? (data: Buffer, start: number, end: number, line: number, offset: number) => this.streamBytes(out, stream, direct, bytesTurns, data, start, end, line, offset) : undefined,
            into: lane?.input(READ_BUFFER),
            onRun: lane
              ? (data: Buffer, start: number, at: SourceState) => {
                  if (!laneTurns.due()) return start;
                  const before = lane.lines;
                  const stop = lane.run(out, stream.writer, src.path, data, start, at);
                  this.linesFromBytes += lane.lines - before;
                  laneTurns.took(lane.lines > before);
                  return stop;
                }
              : undefined,
            turn,
            // A timed record right after the NUL bytes of a crash (the job, requeued, appended to the rank's file there) is a line of its own.
            afterLoss: this.afterLoss,
            // A last line without its line break (the rank killed as it wrote): read once no more can come.
            partialAfterMs: how.final ? 0 : PARTIAL_LINE_QUIET_MS,
          };
          // NUL bytes a crash left (its machine went down before the file's last writes reached the
          // disk): the rank died with it, a record of its own before what their line holds.
          const loss = (line: number, offset: number): void => {
            const record = headerLine(rank, undefined, 'output', 'CRITICAL', LOST_IN_A_CRASH);
            stream.writer.restarted();
            if (direct) out.write(record, src.path, line, offset);
            else {
              stream.start(stream.writer.lastTime);
              stream.line(record, line, offset);
            }
          };
          const read = await this.reader.read(src.path, (text, line, offset, lost) => {
            if (lost) loss(line, offset);
            const converted = stream.writer.line(text);
            if (direct) {
              // A record of the job's next run (a task file appended to by the job requeued): what comes before it first.
              const next = out.nextRun;
              if (next && stream.writer.startedRecord && stream.writer.lastTime !== undefined && stream.writer.lastTime >= next.from) next.start(stream.writer.lastTime);
              if (converted.indexOf('\n') < 0) out.write(converted, src.path, line, offset);
              else for (const piece of converted.split('\n')) out.write(piece, src.path, line, offset);
              return;
            }
            // A record without a time keeps the time of the one before it in its stream.
            if (stream.writer.startedRecord || !stream.open) stream.start(stream.writer.lastTime);
            if (converted.indexOf('\n') < 0) stream.line(converted, line, offset);
            else for (const piece of converted.split('\n')) stream.line(piece, line, offset);
          }, { ...options, onLoss: loss });
          if (read) fresh.add(src.path);
          if (!turn.more) reading.delete(src);
          out.sourceMtime = Math.max(out.sourceMtime, this.reader.stateOf(src.path)?.mtimeMs ?? 0);
          changed = read || changed;
          // Held back: the records of the streams still read, and the last of those that gained bytes.
          if ([...reading].every((r) => out.streams.get(r.path)!.open)) {
            const held = new Set([...reading].map((r) => r.path));
            // A one-shot reading holds nothing back for the next: a stream read to its end is whole.
            if (!how.final && out.heldBytes() < HOLD_BYTES) for (const f of fresh) held.add(f);
            out.writeStreams(false, held);
            // (Nothing read, nothing more held: a job of 1,024 ranks looked at every output's bytes for each of its 2,048 files.)
            if (read) await how.flush();
          }
        }
      }
      for (const src of sources) if (src.stream === 'error.json') changed = (await this.errorJson(out, src.path)) || changed;
      out.writeStreams(how.final, fresh);
      for (const st of out.streams.values()) st.idle();
    }
    return changed;
  }

  /**
   * A line of a rank's stream of the common shape, rewritten from its bytes (as `captureBytes`):
   * into the stream's records, or (`direct`) straight into the output.
   */
  private streamBytes(out: RankOutput, stream: StreamRecords, direct: boolean, turns: Turns, data: Buffer, start: number, end: number, line: number, offset: number): boolean {
    if (!turns.due()) return false;
    const common = commonLineAt(data, start, end);
    turns.took(!!common);
    if (!common) return false;
    // A record of the job's next run is the string path's (see `RankOutput.nextRun`).
    if (common !== 'indented' && out.nextRun && common.time >= out.nextRun.from) return false;
    if (!stream.writer.takeCommon(common)) return false;
    this.linesFromBytes++;
    if (common === 'indented') {
      if (direct) out.writeLineBytes(data, start, end, stream.file, line, offset, false);
      else {
        if (!stream.open) stream.start(stream.writer.lastTime);
        stream.lineBytes(data, start, end, line, offset);
      }
    } else if (direct) out.writeRecordBytes(data, start, common.level, common.loggerStart, common.loggerEnd, common.messageStart, end, stream.file, line, offset, false);
    else {
      stream.start(common.time);
      stream.recordBytes(out.workerBytes(), data, start, common.level, common.loggerStart, common.loggerEnd, common.messageStart, end, line, offset);
    }
    return true;
  }

  /** The lane (made on first use), for a rank it can write; undefined where it cannot be used. */
  private streamLane(rank: number): StreamLane | undefined {
    if (!this.fastPath || this.options.captureLane === false || !StreamLane.takes(rank)) return undefined;
    if (this.lane === undefined) this.lane = StreamLane.create(this.options) ?? null;
    return this.lane ?? undefined;
  }

  /**
   * The record that starts a rank's session for a torchrun attempt: at the time its folder was
   * made, unless that is after the first time its files' heads give, or before the first of the
   * attempt before (a folder copied without its times, `scp -r`, a checkout, an archive): then at
   * that first time.
   */
  private async resumeLine(rank: number, folder: string, sources: readonly RankSource[], before: readonly RankSource[]): Promise<string> {
    let time = naiveFromEpoch(Math.floor(Date.now()));
    try {
      time = naiveFromEpoch(Math.floor((await fsp.stat(folder)).mtimeMs));
    } catch {
      // the folder is gone: now
    }
    const firstOf = (list: readonly RankSource[]): number | undefined => {
      const heads = list.map((src) => this.headTime(src.path)()).filter((t): t is number => t !== undefined);
      return heads.length > 0 ? minOf(heads) : undefined;
    };
    const first = firstOf(sources);
    if (first !== undefined && time > first) return resumeRecord(rank, first);
    const earlier = first === undefined ? undefined : firstOf(before);
    return resumeRecord(rank, first !== undefined && earlier !== undefined && time < earlier ? first : time);
  }

  /** torchrun's `error.json` (written by `@record` when the worker failed): the rank's error, read once. */
  private async errorJson(out: RankOutput, file: string): Promise<boolean> {
    if (this.errorJsonSeen.has(file)) return false;
    let text: string;
    try {
      const st = await fsp.stat(file);
      if (!st.isFile() || st.size > 16 * 1024 * 1024) return false;
      text = await fsp.readFile(file, 'utf8');
      out.sourceMtime = Math.max(out.sourceMtime, st.mtimeMs);
    } catch {
      return false;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return false; // still being written: read on the next change
    }
    this.errorJsonSeen.add(file);
    out.writeStreams(true);
    const failure = readErrorJson(data);
    // `@record` wrote it as the exception went on up: the traceback Python then printed in the
    // attempt's stream is the same failure, its record already (one failure, not two errors).
    if ([...out.streams.values()].some((st) => sameException(st.writer.lastUncaught, failure.message))) {
      out.write(headerLine(out.rank, failure.time, 'torchrun.error.json', 'INFO', `@record recorded the uncaught ${failure.message.split('\n', 1)[0]}`), file, 0, 0);
      return true;
    }
    const header = headerLine(out.rank, failure.time, 'torchrun.error.json', 'ERROR', failure.message);
    out.write(header, file, 0, 0);
    for (const l of failure.stack) out.write(l.startsWith(' ') || l === '' ? l : `  ${l}`, file, 0, 0);
    return true;
  }
}

/**
 * Whether a traceback's exception line (`torch.cuda.OutOfMemoryError: CUDA out of memory ...`) is
 * error.json's message (`OutOfMemoryError: CUDA out of memory ...`: torchrun names the class alone).
 */
function sameException(line: string | undefined, message: string): boolean {
  if (line === undefined) return false;
  const own = line.trim();
  const recorded = message.split('\n', 1)[0].trim();
  return recorded !== '' && (own === recorded || own.endsWith(`.${recorded}`));
}
