// What the Job Timeline says in words: its summary line, the tooltip of a moment on a lane, and
// times in the Job Log's filter format. Pure (no DOM), so mocha tests it.
import { plural } from '../../core/wording';
import { formatClockMs } from '../../core/timestamps';
import { TimelineData, TimelineLane } from '../../shared/timelineModel';

/** `16 ranks · 10:00:00.000 – 10:29:59.744 · 1 failed · 1 stalled · 14 running · 2 behind` */
export function summaryText(d: TimelineData): string {
  const count = (s: string): number => d.lanes.filter((l) => l.state === s).length;
  const parts = [`${d.lanes.length} rank${d.lanes.length === 1 ? '' : 's'}`];
  if (d.start !== undefined && d.end !== undefined) parts.push(`${formatClockMs(d.start)} – ${formatClockMs(d.end)}`);
  for (const s of ['failed', 'stalled', 'running']) if (count(s)) parts.push(`${count(s)} ${s}`);
  const lagging = d.lanes.filter((l) => l.lagging).length;
  if (lagging) parts.push(`${lagging} behind`);
  if (d.untimed.length) parts.push(`${d.untimed.length} without timestamps (not drawn)`);
  return parts.join(' · ');
}

/**
 * The tooltip of moment `t` on `lane`, with `mark` the mark under the pointer (or -1); `inSession`
 * says whether the rank wrote then (its record can be asked for).
 */
export function momentLines(lane: TimelineLane, t: number, mark: number): { lines: string[]; inSession: boolean } {
  const session = lane.sessions.find((s) => t >= s.start && t <= s.end);
  const silent = lane.silentSince !== undefined && t >= lane.silentSince && (lane.silentUntil === undefined || t <= lane.silentUntil);
  const lines = [`Rank ${lane.rank} · ${formatClockMs(t)}`];
  const silence = lane.state === 'running' ? 'alive, writing nothing (quiet: hung, or a long step)' : 'while other ranks write (stalled)';
  lines.push(session ? session.label : silent ? `silent since ${formatClockMs(lane.silentSince!)} ${silence}` : 'no session at this time');
  // The rank the others waited for: what it never did, over its session.
  if (silent && lane.silentWhy !== undefined) lines.push(`waited for from ${formatClockMs(lane.silentSince!)}: ${lane.silentWhy}`);
  // Where its last stack dump found it, over its silence.
  if (silent && lane.stackWhere !== undefined) lines.push(`its last stack dump ${lane.stackWhere}`);
  // A rank waiting in a collective it timed out in.
  if (lane.waitingSince !== undefined && lane.waitingUntil !== undefined && t >= lane.waitingSince && t <= lane.waitingUntil) {
    const about = lane.waitingApproximate ? '~' : '';
    lines.push(`waiting in ${lane.waitingWhy} from ${about}${formatClockMs(lane.waitingSince)} until it timed out at ${about}${formatClockMs(lane.waitingUntil)}`);
  }
  const m = lane.marks[mark];
  if (m) lines.push(`${m.text}${m.first ? ' · first failure of the job' : ''} · click to show in the Job Log`);
  else if (session) lines.push('click: this moment of the rank in the Job Log');
  if (lane.progress) lines.push(`${lane.progress}${lane.progressTime !== undefined ? `, logged at ${formatClockMs(lane.progressTime)}` : ''}`);
  return { lines, inSession: session !== undefined };
}

/** The tooltip over the histogram. */
/**
 * The tooltip over the histogram: the time, what its bar counts (`counts` by level, [debug, info,
 * warning, error]; none in a silence), and what a drag does.
 */
export function histogramLine(t: number, counts: readonly number[]): string {
  const n = Math.round(counts.reduce((a, b) => a + b, 0));
  const warnings = Math.round(counts[2] ?? 0);
  const errors = Math.round(counts[3] ?? 0);
  const notable = [warnings ? plural(warnings, 'warning') : '', errors ? plural(errors, 'error') : ''].filter(Boolean).join(', ');
  return `${formatClockMs(t)} · ${n === 0 ? 'no record' : plural(n, 'record')} in this bar${notable ? ` (${notable})` : ''} · drag to show this stretch in the Job Log`;
}

/** The Job Log's time filter format: `2026-02-04 10:25:37.885`. */
export function filterTime(t: number): string {
  const iso = new Date(Math.round(t)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}
