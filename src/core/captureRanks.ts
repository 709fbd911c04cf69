// Which rank each line of a combined capture belongs to, as a capture is read: the rank its
// prefix names (pdsh's hosts and Ray's workers numbered by captureHosts.ts), partial lines joined with the rest their rank
// writes later (a launcher prefixed a partial line and another prefix followed on the same
// line), and the same prefix read from a line's bytes for the import's fast path. Pure: one
// capture's state, no I/O.
import { FormatRanks } from './formatRanks';
import { LauncherVerdict } from './launcherLines';
import type { LineFormat } from './lineFormats';
import { kubeletTimeOf, PodPrefixBytes } from './kubernetes';
import { CaptureHosts } from './captureHosts';
import { nextPrefixAt, PrefixStyle, RankPrefix, rankPrefixOf, torchLabelOf } from './rankPrefixes';

const RANK_WORD = Buffer.from('rank');
const DEFAULT_WORD = Buffer.from('default');

/** A whole line of a rank: its prefix (the last piece that ended it) and its text. */
export interface RankLine {
  rank: number;
  prefix: RankPrefix;
  text: string;
  /** The time the launcher stamped on the line (Open MPI's `--timestamp-output`; its first piece's). */
  time?: number;
}

/**
 * The key of a partial line (`CaptureRanks.partials`): its rank, or for Open MPI's stderr and
 * stddiag `-(rank + 1)`. Open MPI tags each piece a rank writes, not each line: a rank's print
 * cut before its newline (`[1,0]<stdout>:step 2`) may be followed on the same line by its own
 * stderr's record (`[1,0]<stderr>:2026-... INFO ...`), and its newline comes later, tagged
 * `<stdout>` again: each stream's line goes on in its own pieces.
 */
function partialKey(rank: number, p: RankPrefix): number {
  return p.stream === undefined || p.stream === 'stdout' ? rank : -(rank + 1);
}

/** The rank of a partial line's key (`partialKey`). */
function rankOfKey(key: number): number {
  return key < 0 ? -key - 1 : key;
}

export class CaptureRanks {
  /** Each rank's partial line (each of its streams', `partialKey`): the text a prefix followed on the same line, and that prefix. */
  private readonly partials = new Map<number, { text: string; prefix: RankPrefix }>();
  /** The characters `partials` hold. */
  private partialChars = 0;
  /** torchrun under srun or pdsh: each rank's node (srun's task, pdsh's host) and local rank. */
  private readonly teeRanks = new Map<number, { node: number; local: number }>();
  /** pdsh's hosts, Ray's workers, kubectl's pods: each one's rank. */
  readonly hosts: CaptureHosts;

  constructor(
    private readonly style: PrefixStyle | undefined,
    headHosts: readonly string[] = [],
    /** A partial line longer than this is let out as a line of its own (as any line is cut). */
    private readonly maxLine = 1024 * 1024,
    /**
     * Open MPI: its tags are followed by a space that is not the line's (Open MPI 5); else a space
     * after a tag is kept. torchrun: `[rank3]:` is PyTorch's own label, its space the label's;
     * else torchrun's tee label (`--role rank`), a space after it kept (see `ForeignJob.spacedTags`).
     */
    private readonly spacedTags = true,
    /** torchrun's tee labels inside srun's or pdsh's prefixes: rank `node * teeWidth + local rank` (see `ForeignJob.teeWidth`). */
    private readonly teeWidth?: number,
    /** torchrun's role when its tee labels name one (`[trainer3]:`; see `ForeignJob.role`). */
    private readonly role?: string,
    /** A console without prefixes: the user format whose `rank` group names each line's rank, and the year of its times. */
    rankFormat?: { format: LineFormat; year: number },
    /**
     * A node's own file of torchrun's tee labels (srun's `--output=%t` of one torchrun per task):
     * every line is that node's, as if srun's prefix said so (`teeWidth` ranks a node).
     */
    private readonly fixedNode?: number,
    /**
     * The kubelet's time on each line (`--timestamps`), taken off as the line's time: after each
     * pod's prefix (kubectl); before the whole line otherwise (`kubectl logs --timestamps` of one
     * pod, `docker logs -t`).
     */
    kubeletTimes = false,
    /** torchrun's tee labels inside srun's prefixes: each task's place among the nodes where it is not its number (see `ForeignJob.teeSlots`). */
    private readonly teeSlots?: readonly number[],
  ) {
    this.formatRanks = rankFormat && new FormatRanks(rankFormat.format, rankFormat.year);
    this.timeBeforeLine = kubeletTimes && (style !== 'kubectl' || fixedNode !== undefined);
    this.timeAfterPod = kubeletTimes && !this.timeBeforeLine;
    this.roleWord = role === undefined ? undefined : Buffer.from(role, 'latin1');
    this.hosts = new CaptureHosts(style, headHosts);
  }

  /** A console split by a user format's `rank` group (style `format`). */
  private readonly formatRanks: FormatRanks | undefined;

  /** The kubelet's time before each whole line (one pod's log, a pod's own file, `docker logs -t`), or after each pod's prefix (kubectl's `--prefix`). */
  private readonly timeBeforeLine: boolean;
  private readonly timeAfterPod: boolean;

  /** kubectl's prefixes as `prefixAt` reads them from bytes. */
  private podBytes: PodPrefixBytes | undefined;

  /** `role` as bytes, for `prefixAt`. */
  private readonly roleWord: Buffer | undefined;

  /** Forgets partial lines (the capture is read again from its start); hosts keep their ranks. */
  reset(): void {
    this.formatRanks?.reset();
    this.partials.clear();
    this.partialChars = 0;
  }

  /**
   * The whole lines one capture line ends: none while its rank's line goes on, one usually;
   * undefined for the launcher's lines (no prefix of the capture's style). Every piece but the
   * last is a partial line whose text waits for the rest of its line, from wherever it comes.
   */
  take(text: string): RankLine[] | undefined {
    if (this.formatRanks) {
      const rank = this.formatRanks.ownerOf(text);
      return rank < 0 ? undefined : [{ rank, prefix: { style: 'format', rank, rest: text }, text }];
    }
    const pieces = this.piecesOf(text);
    if (pieces.length === 0) return undefined;
    const lines: RankLine[] = [];
    for (let k = 0; k < pieces.length; k++) {
      const p = pieces[k];
      const rank = this.rankOf(p);
      const key = partialKey(rank, p);
      const waiting = this.partials.get(key);
      // The rest of a partial line: a space after `[rank3]:` is the line's (torchrun's tee cut the
      // line there). After an empty one (`[default3]:[rank3]: ...`) the label is PyTorch's, in tee's.
      const whole = waiting ? waiting.text + (p.spaced && p.style === 'torchrun' && waiting.text !== '' ? ' ' : '') + p.rest : p.rest;
      this.partials.delete(key);
      this.partialChars -= waiting?.text.length ?? 0;
      const time = waiting ? waiting.prefix.time : p.time;
      if (k === pieces.length - 1 || whole.length > this.maxLine) lines.push(time === undefined ? { rank, prefix: p, text: whole } : { rank, prefix: p, text: whole, time });
      else {
        this.partials.set(key, { text: whole, prefix: time === p.time ? p : { ...p, time } });
        this.partialChars += whole.length;
      }
    }
    // Partial lines of many ranks that never end (a hostile capture) would hold as much memory as
    // the capture: past a bound, they are let out as lines as they are.
    if (this.partialChars > this.maxLine * 8) {
      for (const [key, w] of this.partials) lines.push({ rank: rankOfKey(key), prefix: w.prefix, text: w.text, time: w.prefix.time });
      this.partials.clear();
      this.partialChars = 0;
    }
    return lines;
  }

  /** Whether a partial line of `rank` (of any of its streams) waits for the rest of its line. */
  hasPartial(rank: number): boolean {
    return this.partials.has(rank) || this.partials.has(-(rank + 1));
  }

  /** How many partial lines wait (none: no rank's). */
  get partialCount(): number {
    return this.partials.size;
  }

  /** The ranks whose partial lines wait (a rank twice when two of its streams' do). */
  *partialRanks(): IterableIterator<number> {
    for (const key of this.partials.keys()) yield rankOfKey(key);
  }

  /** The rank whose line a capture line ends (its last piece's), or -1 for the launcher's lines. */
  ownerOf(text: string): number {
    const owners = this.ownersOf(text);
    return typeof owners === 'number' ? owners : owners[1];
  }

  /**
   * The outputs whose lines a capture line ends: the rank `ownerOf` tells, or the launcher (-1);
   * both, launcher first, for a line the launcher's text starts before a rank's label (`launcherHead`).
   */
  ownersOf(text: string): number | readonly [number, number] {
    // (A console split by a user format is mapped line by line: its lines are not looked up so.)
    if (this.formatRanks) return -1;
    const pieces = this.piecesOf(text);
    if (pieces.length > 0) return this.rankOf(pieces[pieces.length - 1]);
    const split = this.launcherHead(text);
    const rank = split ? this.ownerOf(split.rest) : -1;
    return rank < 0 ? -1 : [-1, rank];
  }

  /**
   * A line `take` left to the launcher (no rank's prefix at its start) that holds a prefix
   * further on: the start of a line of the launcher (or of a worker whose output is not
   * labelled), then a rank's line. A worker's `print` writes its text and its line break apart;
   * torchrun's tee may write another rank's labelled line between the two: `hello from rank
   * 0[default1]:... step 1`. Else undefined (the line is the launcher's whole). `head` is the
   * launcher's part; `rest` the rank's line, after the node's prefix (or the kubelet's time) the
   * whole line starts with.
   */
  launcherHead(text: string): { head: string; rest: string } | undefined {
    const style = this.style;
    const nested = this.teeWidth !== undefined;
    if (this.formatRanks || (!nested && style !== 'torchrun' && style !== 'openmpi')) return undefined;
    let lead = 0;
    let cut: number;
    if (nested) {
      // (Most launcher lines hold no label: told at once, before the node's prefix is read.)
      if (nextPrefixAt(text, 'torchrun', this.role) < 0) return undefined;
      // A node's line without torchrun's tee label at its start.
      const node = style !== undefined && this.fixedNode !== undefined ? this.nodeFileLine(style, text) : this.prefixOf(text);
      if (!node || node.style !== style || !text.endsWith(node.rest) || this.teeLabelOf(node.rest)) return undefined;
      lead = text.length - node.rest.length;
      cut = nextPrefixAt(node.rest, 'torchrun', this.role);
    } else {
      if (this.timeBeforeLine) {
        const stamp = kubeletTimeOf(text);
        if (stamp && text.endsWith(stamp.rest)) lead = text.length - stamp.rest.length;
      }
      cut = nextPrefixAt(text.slice(lead), style, this.role);
    }
    if (cut <= 0) return undefined;
    return { head: text.slice(0, lead + cut), rest: text.slice(0, lead) + text.slice(lead + cut) };
  }

  /**
   * A line's prefix read from its bytes, when the line is its rank's whole line (no partial
   * waits for it, no other prefix in it): the rank and where its text starts (and the kubelet's
   * time after kubectl's pod, as the string path takes it off). torchrun, srun and kubectl only;
   * undefined sends the line the string way.
   */
  prefixAt(data: Buffer, start: number, end: number): { rank: number; rest: number; time?: number } | undefined {
    const style = this.style;
    if (this.teeWidth !== undefined || this.timeBeforeLine) return undefined;
    if (style === 'kubectl') {
      // (A pod seen for the first time is numbered by its line read as a string: `CaptureHosts.rankOf`.)
      const pod = (this.podBytes ??= new PodPrefixBytes()).at(data, start, end, this.timeAfterPod);
      const rank = pod && this.hosts.known(pod.pod);
      if (rank === undefined || this.partials.has(rank)) return undefined;
      return pod!.time === undefined ? { rank, rest: pod!.rest } : { rank, rest: pod!.rest, time: pod!.time };
    }
    let i = start;
    let rank = 0;
    let word: Buffer | undefined;
    if (style === 'torchrun') {
      if (data[i] !== 91) return undefined;
      const at = i + 1;
      word = wordAt(data, at, RANK_WORD) ? RANK_WORD : wordAt(data, at, DEFAULT_WORD) ? DEFAULT_WORD : this.roleWord && wordAt(data, at, this.roleWord) ? this.roleWord : undefined;
      if (!word) return undefined;
      i += 1 + word.length;
    } else if (style === 'srun') {
      while (data[i] === 32 && i - start < 6) i++;
    } else return undefined;
    const digits = i;
    while (i < end && i - digits < 7 && data[i] >= 48 && data[i] <= 57) rank = rank * 10 + data[i++] - 48;
    if (i === digits || (data[i] >= 48 && data[i] <= 57)) return undefined;
    if (style === 'torchrun' ? data[i] !== 93 || data[i + 1] !== 58 : data[i] !== 58 || data[i + 1] !== 32) return undefined;
    // `[rank3]: `: the space is the prefix's (PyTorch's own, see rankPrefixes.ts).
    const rest = word === RANK_WORD && this.spacedTags && data[i + 2] === 32 && i + 2 < end ? i + 3 : i + 2;
    if (this.partials.size > 0 && this.partials.has(rank)) return undefined;
    if (style === 'torchrun' && mayHoldPrefix(data, rest, end, this.roleWord)) return undefined;
    return { rank, rest };
  }

  /** The rank of a capture's prefix: the rank it names, or its host's place (pdsh); a node's (its `rank`) under torchrun's tee label. */
  private rankOf(p: RankPrefix): number {
    return p.host === undefined || p.style === 'torchrun' ? p.rank : this.hosts.rankOf(p.host);
  }

  /** What names a rank besides its number: a pdsh capture's host; the node and local rank of torchrun under srun or pdsh. */
  nameOf(rank: number): string | undefined {
    const tee = this.teeRanks.get(rank);
    if (!tee) return this.teeWidth === undefined ? this.hosts.hostOf(rank) : undefined;
    return `${this.style === 'pdsh' || this.style === 'kubectl' ? this.hosts.hostOf(tee.node) : `${this.style === 'skypilot' ? 'node' : 'task'} ${tee.node}`} local ${tee.local}`;
  }

  /**
   * A launcher's line (no rank's) as a launcher reads it: under torchrun's tee labels, without its
   * node's prefix, and that node (srun's task, pdsh's host's place): a line of that node's
   * torchrun. Else the line as it is, and no node.
   */
  launcherLine(text: string): { text: string; node?: number } {
    if (this.timeBeforeLine) text = kubeletTimeOf(text)?.rest ?? text;
    if (this.fixedNode !== undefined) return { text, node: this.fixedNode };
    const node = this.teeWidth === undefined ? undefined : this.prefixOf(text);
    return node && node.style === this.style ? { text: node.rest, node: this.rankOf(node) } : { text };
  }

  /** torchrun's tee labels inside srun's or pdsh's prefixes: a launcher's word names nodes, not ranks. */
  get nested(): boolean {
    return this.teeWidth !== undefined;
  }

  /**
   * The ranks a launcher's word names (`launcherVerdict` of a launcher's line, `node` its node as
   * `launcherLine` tells): those it gives; pdsh's hosts as their ranks. Under torchrun's tee
   * labels, a node's torchrun names its local ranks, and srun's tasks and pdsh's hosts are nodes.
   */
  ranksOf(verdict: LauncherVerdict, node: number | undefined): readonly number[] | 'all' {
    if (verdict.ranks === 'all') return verdict.itsNode && node !== undefined && this.teeWidth !== undefined ? [...this.teeRanks].filter(([, t]) => t.node === node).map(([rank]) => rank) : 'all';
    if (this.teeWidth === undefined) {
      // The list as read when it names no host: a list read again is the same array (see `RunEnds.said`).
      if (!verdict.hosts?.length) return verdict.ranks;
      return [...verdict.ranks, ...verdict.hosts.map((h) => this.hosts.rankOf(h))];
    }
    if (node !== undefined) {
      this.nodesThatSpoke.add(node);
      return verdict.ranks.map((r) => this.slotOf(node) * this.teeWidth! + r);
    }
    // srun's or pdsh's word that a node's torchrun exited: the ranks that failed are those its
    // torchrun named. Where it named none (it was killed itself), every rank of the node died.
    const nodes = new Set([...verdict.ranks, ...(verdict.hosts ?? []).map((h) => this.hosts.rankOf(h))]);
    return [...this.teeRanks].filter(([, t]) => nodes.has(t.node) && !this.nodesThatSpoke.has(t.node)).map(([rank]) => rank);
  }

  /** A node's place among the nodes: its rank's first is `place * teeWidth`. */
  private slotOf(node: number): number {
    return this.teeSlots?.[node] ?? node;
  }

  /** torchrun under srun or pdsh: the nodes whose torchrun named a rank that failed. */
  private readonly nodesThatSpoke = new Set<number>();

  /** torchrun under srun or pdsh: a rank's node; else undefined. */
  nodeOf(rank: number): number | undefined {
    return this.teeRanks.get(rank)?.node;
  }


  /**
   * A capture line's pieces: its prefix and text, then each prefix of the capture's style that
   * follows on the same line (`nextPrefixAt`) with its text. None for the launcher's lines.
   */
  private piecesOf(text: string): RankPrefix[] {
    const style = this.style;
    const first = this.fixedNode !== undefined && style !== undefined ? this.nodeFileLine(style, text) : this.prefixOf(text);
    if (!first || first.style !== style) return [];
    if (this.teeWidth !== undefined) return this.teePiecesOf(first);
    const pieces = [first];
    for (let p = first, cut = this.nextCut(p.rest); cut >= 0; cut = this.nextCut(p.rest)) {
      const next = this.prefixOf(p.rest.slice(cut));
      if (!next) break; // (cannot happen: nextPrefixAt found one)
      pieces[pieces.length - 1] = { ...p, rest: p.rest.slice(0, cut) };
      pieces.push((p = next));
    }
    return pieces;
  }

  /**
   * Where the next prefix of the capture's style starts in a piece's text, or -1. After torchrun's
   * tee label `[rank3]:` (`spacedTags` false), `[rank3]: ` right at the text's start is PyTorch's
   * own label (taken off with the line's reading), not the tee's.
   */
  private nextCut(text: string): number {
    const own = !this.spacedTags && this.style === 'torchrun' && text.startsWith('[rank') ? torchLabelOf(text, this.role) : undefined;
    const skip = own?.own && own.spaced ? own.end : 0;
    const cut = nextPrefixAt(skip ? text.slice(skip) : text, this.style, this.role);
    return cut < 0 ? cut : cut + skip;
  }

  /**
   * A node's line (`1: [default3]:text`) as the pieces of its ranks: each tee label and its text
   * (torchrun's tee cuts partial lines as a capture's prefixes do). PyTorch's own `[rank11]:`
   * right after a tee label is the text's (a global rank, taken off with the line's reading).
   * None for a line of the node's torchrun itself (no label).
   */
  private teePiecesOf(node: RankPrefix): RankPrefix[] {
    const width = this.teeWidth!;
    const nodeRank = this.rankOf(node);
    const pieces: RankPrefix[] = [];
    let rest = node.rest;
    for (let label = this.teeLabelOf(rest); label; ) {
      const text = rest.slice(label.end);
      // (After the tee's `[rank3]:` (`spacedTags` false), PyTorch's is `[rank11]: `, a space after it.)
      const own = label.own && this.spacedTags ? undefined : torchLabelOf(text, this.role);
      const skip = own?.own && (!label.own || own.spaced) ? own.end : 0;
      const cut = nextPrefixAt(text.slice(skip), 'torchrun', this.role);
      // Labels of the rank alone (torchrun's prefix template `[${rank}]:`) are global ranks.
      const global = this.role === '';
      const first = this.slotOf(nodeRank) * width;
      const rank = global ? label.rank : first + label.rank;
      const local = global && label.rank >= first ? label.rank - first : label.rank;
      if (!this.teeRanks.has(rank) && this.teeRanks.size < 1_000_000) this.teeRanks.set(rank, { node: nodeRank, local });
      const piece: RankPrefix = { style: 'torchrun', rank, rest: cut < 0 ? text : text.slice(0, skip + cut), spaced: label.spaced, host: node.host };
      if (node.time !== undefined) piece.time = node.time;
      pieces.push(piece);
      if (cut < 0) break;
      rest = text.slice(skip + cut);
      label = this.teeLabelOf(rest);
    }
    return pieces;
  }

  /** torchrun's tee label at the start of a node's text; `[rank3]:`'s space given back to the line when the tee wrote the label (`spacedTags`). */
  private teeLabelOf(text: string): ReturnType<typeof torchLabelOf> {
    const label = torchLabelOf(text, this.role);
    return label?.spaced && !this.spacedTags ? { ...label, end: label.end - 1, spaced: false } : label;
  }

  /** A line of a node's own file (`fixedNode`) as its node's, after the kubelet's time when its lines start with it. */
  private nodeFileLine(style: PrefixStyle, text: string): RankPrefix {
    const stamp = this.timeBeforeLine ? kubeletTimeOf(text) : undefined;
    return stamp ? { style, rank: this.fixedNode!, rest: stamp.rest, time: stamp.time } : { style, rank: this.fixedNode!, rest: text };
  }

  /** A line's prefix (see `labelOf`), after the kubelet's time before the whole line (`docker logs -t`, `kubectl logs --timestamps` of one pod), which is its time. */
  private prefixOf(text: string): RankPrefix | undefined {
    const stamp = this.timeBeforeLine ? kubeletTimeOf(text) : undefined;
    if (!stamp) return this.labelOf(text);
    const p = this.labelOf(stamp.rest);
    if (p) p.time ??= stamp.time;
    return p;
  }

  /** A line's prefix, the space after an Open MPI 4 tag, or after torchrun's tee label `[rank3]:`, given back to the line; kubectl's pod, without the kubelet's time after it. */
  private labelOf(text: string): RankPrefix | undefined {
    const p = rankPrefixOf(text, this.role);
    if (this.timeAfterPod && p?.style === 'kubectl') {
      const stamp = kubeletTimeOf(p.rest);
      return stamp ? { style: 'kubectl', rank: -1, host: p.host, rest: stamp.rest, time: stamp.time } : p;
    }
    return p?.spaced && !this.spacedTags && (p.style === 'openmpi' || p.style === 'torchrun') ? { ...p, rest: ' ' + p.rest, spaced: false } : p;
  }
}

/** Whether `word` and a digit are at `data[at]`. */
function wordAt(data: Buffer, at: number, word: Buffer): boolean {
  for (let k = 0; k < word.length; k++) if (data[at + k] !== word[k]) return false;
  return data[at + word.length] >= 48 && data[at + word.length] <= 57;
}

/** Whether `[rank`, `[default` or `[<role>` occurs in `data[start, end)` (a torchrun prefix inside a line may). */
function mayHoldPrefix(data: Buffer, start: number, end: number, role: Buffer | undefined): boolean {
  for (let i = data.indexOf(91, start); i >= 0 && i < end; i = data.indexOf(91, i + 1)) {
    const c = data[i + 1];
    if ((c === 114 && data[i + 2] === 97 && data[i + 3] === 110 && data[i + 4] === 107) || (c === 100 && data[i + 2] === 101 && data[i + 3] === 102)) return true;
    if (role && c === role[0] && data.subarray(i + 1, i + 1 + role.length).equals(role)) return true;
  }
  return false;
}
