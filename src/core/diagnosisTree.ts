// The Diagnosis item that heads a job folder in the Workers view, as plain data: the headline,
// then what supports it (stragglers and their evidence lines, mismatches, the first failure,
// the ranks' stacks grouped by call path, ranks that did not answer a dump request), each
// opening the log line or source line it names.
import * as path from 'node:path';
import { Diagnosis, Evidence } from './diagnosis';
import { formatClock } from './timestamps';
import { capitalized, plural, ranksLabel } from './wording';
import { maxOf } from './extremes';

export interface FindingNode {
  kind: 'finding';
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon id. */
  icon: string;
  /** Marked (an outlier group, a rank that did not answer). */
  warn?: boolean;
  path?: string;
  line?: number;
  /** Clicking it asks this job folder's ranks for their stacks (Dump Stacks of All Ranks). */
  dumpStacksOf?: string;
  children: FindingNode[];
}

export interface DiagnosisNode {
  kind: 'diagnosis';
  id: string;
  dir: string;
  label: string;
  description: string;
  tooltip: string;
  severity: 'error' | 'warning' | 'info';
  children: FindingNode[];
}

/** A rank that a dump request could not reach, and why. */
export interface UnansweredRank {
  rank: number;
  reason: string;
}

export interface DumpRequestOutcome {
  /** When the ranks were signalled (naive ms, like log times). */
  time: number;
  answered: number[];
  unanswered: UnansweredRank[];
}

function evidenceNode(id: string, e: Evidence, dir: string): FindingNode {
  const where = `${path.relative(dir, e.file) || path.basename(e.file)}:${e.line + 1}`;
  return { kind: 'finding', id, label: e.text.length > 160 ? e.text.slice(0, 160) + '…' : e.text, description: where, tooltip: `${where}\n${e.text}`, icon: 'go-to-file', path: e.file, line: e.line, children: [] };
}

/**
 * The Diagnosis item of a job, or undefined when there is nothing to add to the folder's own
 * description: a clean job, or one whose only finding is its first failure (the folder names
 * it), whose ranks were never asked for their stacks. `resolveSource` turns a frame's file into a path
 * that exists, or undefined (the frame is then shown without a link).
 */
export function diagnosisNode(dir: string, d: Diagnosis, options: { dumps?: DumpRequestOutcome; resolveSource?: (file: string) => string | undefined } = {}): DiagnosisNode | undefined {
  const { dumps } = options;
  if ((d.kind === 'clean' || d.kind === 'failure') && d.stackGroups.length === 0 && !dumps) return undefined;
  const id = `${dir}#diagnosis`;
  const children: FindingNode[] = [];
  if (d.quiet) {
    const q = d.quiet;
    children.push({
      kind: 'finding',
      id: `${id}/quiet`,
      label: `${capitalized(ranksLabel(q.ranks))} quiet since ${formatClock(q.since)}`,
      description: `click to dump ${q.ranks.length === 1 ? 'its stack' : 'their stacks'}`,
      tooltip: `${capitalized(ranksLabel(q.ranks))} ${q.ranks.length === 1 ? 'is' : 'are'} alive but wrote nothing since ${formatClock(q.since)}: hung (in a collective, waiting for another rank) or in a long quiet step. Click to run Dump Stacks of All Ranks: their stacks, grouped by call path, tell where they are.`,
      icon: 'watch',
      warn: true,
      dumpStacksOf: dir,
      children: [],
    });
  }
  d.stragglers.forEach((s, i) =>
    children.push({
      kind: 'finding',
      id: `${id}/straggler${i}`,
      label: `Rank ${s.rank}: ${s.reason}`,
      icon: 'debug-pause',
      warn: true,
      children: s.evidence.slice(0, 8).map((e, k) => evidenceNode(`${id}/straggler${i}/${k}`, e, dir)),
    }),
  );
  d.collectiveMismatches.forEach((m, i) =>
    children.push({
      kind: 'finding',
      id: `${id}/mismatch${i}`,
      label: `${m.seq === undefined ? 'Collectives differ' : `Collective #${m.seq} differs`}: ${Object.entries(m.ops).map(([op, ranks]) => `${op} on ${ranks.length === 1 ? `rank ${ranks[0]}` : `ranks ${ranks.join(',')}`}`).join(' vs ')}`,
      icon: 'git-compare',
      warn: true,
      children: m.evidence.map((e, k) => evidenceNode(`${id}/mismatch${i}/${k}`, e, dir)),
    }),
  );
  if (d.firstFailure) {
    const f = d.firstFailure;
    children.push({
      kind: 'finding',
      id: `${id}/first`,
      label: `First failure: rank ${f.rank}`,
      description: `${f.time !== undefined ? `${f.approximate ? '~' : ''}${formatClock(f.time)} · ` : ''}${f.message}`,
      tooltip: f.message,
      icon: 'flame',
      path: f.file,
      line: f.line,
      children: f.deviceAssertion ? [evidenceNode(`${id}/first/device`, { rank: f.rank, ...f.deviceAssertion, text: f.deviceAssertion.message }, dir)] : [],
    });
  }
  if (d.stackGroups.length) {
    const newest = maxOf(d.stackGroups.flatMap((g) => g.dumps.map((x) => x.time ?? -Infinity)));
    children.push({
      kind: 'finding',
      id: `${id}/stacks`,
      label: `Stacks: ${plural(d.stackGroups.length, 'group')} of ${plural(d.stackGroups.reduce((n, g) => n + g.ranks.length, 0), 'rank')}`,
      description: Number.isFinite(newest) ? `~${formatClock(newest)}` : undefined,
      tooltip: 'The latest stack dump of each rank, grouped by where its main thread is (innermost frame first); a smaller group is marked.',
      icon: 'debug-stackframe',
      children: d.stackGroups.map((g, i) => {
        const groupId = `${id}/stacks/${i}`;
        const frames: FindingNode[] = g.frames.map((f, k) => {
          const source = options.resolveSource?.(f.file);
          return { kind: 'finding', id: `${groupId}/f${k}`, label: f.function, description: `${path.basename(f.file)}:${f.line}`, tooltip: `${f.file}:${f.line}`, icon: 'symbol-method', path: source, line: source ? Math.max(0, f.line - 1) : undefined, children: [] };
        });
        const dumpsOf: FindingNode[] = g.dumps.map((x) =>
          x.line >= 0
            ? { kind: 'finding', id: `${groupId}/d${x.rank}`, label: x.interrupted ? `Rank ${x.rank}'s KeyboardInterrupt` : `Rank ${x.rank}'s dump`, description: `${path.basename(x.file)}:${x.line + 1}`, icon: 'output', path: x.file, line: x.line, children: [] }
            : { kind: 'finding', id: `${groupId}/d${x.rank}`, label: `Rank ${x.rank}'s stack`, description: 'read by py-spy', icon: 'output', children: [] },
        );
        return { kind: 'finding', id: groupId, label: g.label, icon: g.outlier ? 'warning' : 'layers', warn: g.outlier, tooltip: g.outlier ? 'Outlier: these ranks are somewhere else than the largest group.' : undefined, children: [...frames, ...dumpsOf] };
      }),
    });
  }
  for (const u of dumps?.unanswered ?? []) {
    children.push({ kind: 'finding', id: `${id}/unanswered${u.rank}`, label: `Rank ${u.rank} gave no stack dump`, description: u.reason, icon: 'circle-slash', warn: true, children: [] });
  }
  const severity = d.kind === 'clean' ? (d.stackGroups.some((g) => g.outlier) || dumps?.unanswered.length ? 'warning' : 'info') : d.kind === 'failure' ? 'error' : 'warning';
  return { kind: 'diagnosis', id, dir, label: `Diagnosis: ${d.headline}`, description: '', tooltip: d.headline, severity, children };
}
