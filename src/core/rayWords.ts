// Ray Train's driver on its workers, for `LauncherWords` (launcherLines.ts): its
// `RayTaskError(...)` on a worker whose training function raised (the exception's line after the
// worker's traceback completes it), and its `ActorDiedError` block on a worker whose process died
// (the OOM killer's SIGKILL, a segfault). Ray writes both again in each summary of the failure:
// each is given once. Pure.
import type { LauncherVerdict } from './launcherLines';
import { rayWorkerName } from './rankPrefixes';

/**
 * `ray.exceptions.RayTaskError(RuntimeError): ray::_RayTrainWorker__execute.get_next() (pid=7411,
 * ip=10.0.59.242, actor_id=...` (older: `ray::RayTrainWorker._RayTrainWorker__execute()`; coloured
 * on a terminal).
 */
// eslint-disable-next-line no-control-regex -- a terminal's colour codes around the function name
const TASK_ERROR = /RayTaskError\((\w{1,100})\): (?:\x1b\[[\d;]{0,12}m)?ray::\S{0,40}RayTrainWorker__execute\S{0,80} \(pid=(\d{1,10}), ip=([0-9A-Fa-f.:]{1,45})/;
/** Lines of a worker's traceback after the word on it, read at most for its exception. */
const TASK_WINDOW = 200;
/**
 * `ray.exceptions.ActorDiedError: The actor died unexpectedly before finishing this task.` (or
 * `RayActorError`), then indented `class_name: RayTrainWorker`, `pid: 7411`, `ip: 10.0.59.242`
 * among others, then `The actor is dead because its worker process has died. Worker exit type:
 * SYSTEM_ERROR Worker exit detail: ...`.
 */
const ACTOR_DIED = /(?:ActorDiedError|RayActorError): The actor died unexpectedly/;
const DIED_FIELD = /^\s+(\w{1,40}): (\S.{0,199}?)\s*$/;
const DIED_WHY = /^The actor is dead because (.{1,2000})$/;
const EXIT_TYPE = /Worker exit type: (\w{1,40})/;
const EXIT_DETAIL = /Worker exit detail: (.{1,160}?)(?:\.(?: |$)|$)/;
/** Lines of the block read at most. */
const DIED_WINDOW = 12;

type Verdict = LauncherVerdict & { raised?: string };

/** A single line's word: Ray's on a worker that raised, waiting for its exception. */
function taskError(line: string): Verdict | undefined {
  const m = line.length <= 2000 && line.includes('RayTaskError') ? TASK_ERROR.exec(line) : null;
  return m ? { ranks: [], hosts: [rayWorkerName(m[2], m[3])], level: 'ERROR', message: `Ray: the worker (pid ${m[2]} on ${m[3]}) raised ${m[1]}`, raised: m[1] } : undefined;
}

export class RayWords {
  /** The word on a worker that raised, held until the exception's line. */
  private task: { verdict: Verdict; left: number } | undefined;
  /** In an `ActorDiedError` block: the lines left, and its fields so far. */
  private died: { left: number; fields: Map<string, string> } | undefined;
  private readonly said = new Set<string>();

  /** A verdict; undefined for a line read that says nothing yet; false for a line that is none of Ray's. */
  read(line: string): LauncherVerdict | undefined | false {
    if (this.task) return this.once(this.raised(line));
    if (this.died) return this.once(this.diedLine(line));
    const held = taskError(line);
    if (held) {
      this.task = { verdict: held, left: TASK_WINDOW };
      return undefined;
    }
    if (line.length <= 2000 && line.includes('The actor died') && ACTOR_DIED.test(line)) {
      this.died = { left: DIED_WINDOW, fields: new Map() };
      return undefined;
    }
    return false;
  }

  reset(): void {
    this.task = undefined;
    this.died = undefined;
    this.said.clear();
  }

  /** Each word once, however often Ray writes it. */
  private once(verdict: LauncherVerdict | undefined): LauncherVerdict | undefined {
    if (!verdict || this.said.has(verdict.message)) return undefined;
    if (this.said.size < 10_000) this.said.add(verdict.message);
    // Ray Train ends its worker group when a worker fails (and fails the run, or restarts it).
    return { ...verdict, endsRanks: 'Ray Train' };
  }

  /**
   * The line after the word on a worker that raised: indented and empty lines (its traceback)
   * wait, up to `TASK_WINDOW`; the exception's line (`RuntimeError: CUDA error: ...`) completes
   * the word; any other line ends the wait, the word given without it (and is read for the next
   * such word only).
   */
  private raised(line: string): LauncherVerdict | undefined {
    const held = this.task!;
    const c = line.charCodeAt(0);
    if ((line === '' || c === 32 || c === 9) && --held.left > 0) return undefined;
    this.task = undefined;
    const { raised, ...verdict } = held.verdict;
    if (line.startsWith(raised!) && (line.length === raised!.length || line.startsWith(': ', raised!.length))) verdict.message += line.slice(raised!.length, raised!.length + 502);
    else {
      const next = taskError(line);
      if (next) this.task = { verdict: next, left: TASK_WINDOW };
    }
    return verdict;
  }

  /** A line of an `ActorDiedError` block: the word on its worker once the block ends, when it was a Ray Train worker's. */
  private diedLine(line: string): LauncherVerdict | undefined {
    const d = this.died!;
    const field = DIED_FIELD.exec(line);
    if (field && --d.left > 0) {
      d.fields.set(field[1], field[2]);
      return undefined;
    }
    this.died = undefined;
    const why = DIED_WHY.exec(line);
    const pid = d.fields.get('pid');
    if (!why || d.fields.get('class_name') !== 'RayTrainWorker' || !pid || !/^\d{1,10}$/.test(pid)) return undefined;
    const ip = d.fields.get('ip');
    const type = EXIT_TYPE.exec(why[1])?.[1];
    const detail = EXIT_DETAIL.exec(why[1])?.[1];
    const how = `${type ? ` (${type})` : ''}${detail ? `: ${detail}` : ''}`;
    return { ranks: [], hosts: [rayWorkerName(pid, ip)], level: 'ERROR', message: `Ray: the worker (pid ${pid}${ip ? ` on ${ip}` : ''}) died${how}` };
  }
}
