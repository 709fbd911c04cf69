// torchrun's stops of the ranks still running once one failed (or it was told to stop), read from
// a capture's launcher lines (captureLauncher.ts): each stopped rank gets a record of it, so it is
// shown stopped, not finished; a rank named by its process id that wrote nothing (torch 2's console
// without --tee) is one, when with the others it completes its group.
import type { LauncherContext } from './captureLauncher';
import { LATE_FIRST_LINE_MS, ranSinceMessage } from './captureClock';
import { headerLine } from './importLines';
import type { LauncherVerdict } from './launcherLines';
import { stopMessage } from './torchrunWords';

/**
 * torchrun's stops of the ranks still running: after its word that a rank failed (each named by
 * its process id, else the node's other ranks in order, when as many as it stopped), or when it
 * was told to stop (all of a node's ranks, in order, when as many as it stopped). Each such rank
 * that wrote a line (or, named by its process id, completes its group: `wholeGroup`) gets a
 * record of it (at torchrun's time, when its line gives one; else when its summary says it
 * noticed the failure, after which it stopped them, when that is after the rank's last time), so
 * it is shown stopped, not finished (`stoppedByOf`), and a rank that hung until then shows so.
 */
export function writeTorchrunStops(ctx: LauncherContext, verdict: LauncherVerdict, node: number | undefined, text: string, file: string, line: number, offset: number): number[] {
  const { out, capture, job } = ctx;
  const outputs = out.outputs;
  const stops = verdict.stopped!;
  const globalOf = (local: number): number | undefined => {
    const named = ctx.capture.ranksOf({ ...verdict, ranks: [local] }, node);
    return named === 'all' ? undefined : named[0];
  };
  // Each named by its process id (from the failed rank's), else in order.
  const byPid = stops.every((s) => s.rank !== undefined);
  let ranks: (number | undefined)[];
  if (byPid) ranks = stops.map((s) => globalOf(s.rank!));
  else {
    // In order of local rank: the node's ranks that wrote, but the one that failed.
    const failed = new Set(verdict.ranks === 'all' ? [] : verdict.ranks.map(globalOf));
    const own = [...outputs.keys()].filter((r) => outputs.get(r)!.lines > 0 && !failed.has(r) && (node === undefined || capture.nodeOf(r) === node)).sort((a, b) => a - b);
    if (own.length !== stops.length) return [];
    ranks = own;
  }
  const time = ctx.launcherTime(text);
  // torch 1.x's stops have no time: they came once it noticed the failure, which its summary dates.
  const noticedAt = verdict.pid !== undefined ? ctx.summaryTime(verdict.pid) : undefined;
  // (The ranks that failed with it, its summary's other failures, are the group's too.)
  const failedWith = verdict.pid !== undefined ? ctx.summaryRanks(verdict.pid) ?? [] : [];
  const named = byPid && node === undefined && verdict.ranks !== 'all' && wholeGroup(ctx, [...verdict.ranks, ...failedWith].map(globalOf), ranks);
  const written: number[] = [];
  stops.forEach((stop, k) => {
    const rank = ranks[k];
    if (rank === undefined || (!outputs.get(rank)?.lines && !(named && out.admits(rank)))) return;
    const shown = stop.rank ?? (job.teeWidth !== undefined ? rank % job.teeWidth : rank);
    ctx.laneWrites(rank);
    // (torch 2's word that ends its stops, the end of its traceback, has no time; its stops do.)
    const at = time ?? (stop.said !== undefined ? ctx.launcherTime(stop.said) : undefined) ?? afterRankTime(ctx, rank, noticedAt);
    // A rank that wrote nothing before (named by its process id) ran since its attempt began.
    const start = outputs.get(rank)?.lines ? undefined : ctx.attemptStart();
    const upTo = at ?? ctx.latestCaptureTime();
    if (start !== undefined && upTo !== undefined && upTo - start > LATE_FIRST_LINE_MS) out.output(rank).write(headerLine(rank, start, 'launcher', 'INFO', ranSinceMessage(rank)), file, line, offset, false, true);
    out.output(rank).write(headerLine(rank, at, 'launcher', 'INFO', stopMessage(shown, stop, verdict.stoppedWhy!)), file, line, offset, false, true);
    written.push(rank);
  });
  return written;
}

/**
 * Whether the ranks torchrun stopped (`stopped`, named by their process ids), those it says
 * failed (`failed`: its word's, and its summary's other failures) and those of the capture that wrote are together ranks 0 to n - 1 of one
 * node: then a stopped rank that wrote no labelled line is one all the same (torch 2's console
 * without --tee labels only a failed rank's traceback) and is shown stopped, not missing.
 * Process ids that are not consecutive would name ranks past the group's: none is then made.
 */
function wholeGroup(ctx: LauncherContext, failed: readonly (number | undefined)[], stopped: readonly (number | undefined)[]): boolean {
  const group = new Set<number>();
  for (const r of [...failed, ...stopped]) {
    if (r === undefined) return false;
    group.add(r);
  }
  for (const [r, o] of ctx.out.outputs) if (o.lines > 0) group.add(r);
  for (let r = 0; r < group.size; r++) if (!group.has(r)) return false;
  return true;
}

/**
 * `time` when it is after rank `rank`'s last time (a record is never dated before the rank's
 * last), which it then is; else undefined (the record is written without a time: after its last).
 */
export function afterRankTime(ctx: LauncherContext, rank: number, time: number | undefined): number | undefined {
  if (time === undefined) return undefined;
  const last = ctx.rankTime(rank);
  if (last !== undefined && time <= last) return undefined;
  ctx.rankAt(rank, time);
  return time;
}
