// The ranks of a capture's hosts, for captureRanks.ts: pdsh's hosts in order (the head's first,
// then as they come), kubectl's pods by the replica their names number, Ray Train's workers by the
// world ranks its tables of them name (a later table: a restart's new processes). Pure.
import { isMasterPod, podRankOf } from './kubernetes';
import type { PrefixStyle } from './rankPrefixes';

/** A Ray worker's name as its prefix gives it on the driver's node, without an address (`pid 7410` of `pid 7410 on 10.0.0.5`). */
function driverNodeName(host: string): string | undefined {
  const at = host.indexOf(' on ');
  return at > 0 ? host.slice(0, at) : undefined;
}

export class CaptureHosts {
  /** Each host's rank, and each rank's host. */
  private readonly hostRanks = new Map<string, number>();
  private readonly hosts: string[] = [];
  /** kubectl: a PyTorchJob's master among the head's pods, whose workers' ranks come after it (see `podRankOf`). */
  private readonly masterFirst: boolean;
  /** Names without an address a Ray table gave a rank so far (the first of each process id wins). */
  private readonly tableAliases = new Set<string>();

  constructor(
    private readonly style: PrefixStyle | undefined,
    headHosts: readonly string[],
  ) {
    this.masterFirst = style === 'kubectl' && headHosts.some(isMasterPod);
    for (const h of headHosts) if (h !== undefined) this.rankOf(h);
  }

  /** The rank a host has (undefined while it has none). */
  known(host: string): number | undefined {
    return this.hostRanks.get(host);
  }

  /** Rank `rank`'s host, if any. */
  hostOf(rank: number): string | undefined {
    return this.hosts[rank];
  }

  /** The hosts by rank, as numbered so far. */
  get names(): readonly string[] {
    return this.hosts;
  }

  /**
   * Ray Train's table names a worker process's world rank. In the first table, a process not
   * numbered yet takes it when no process has it (else it is numbered as it comes); in a later
   * one (a restart of the worker group), the rank is the new process's.
   */
  nameRank(host: string, rank: number, restart: boolean): void {
    if (rank >= 100_000 || rank > this.hosts.length || (!restart && (this.hostRanks.has(host) || this.hosts[rank] !== undefined))) return;
    this.hostRanks.set(host, rank);
    this.hosts[rank] = host;
    // The driver's node's workers are named without an address: the first of a process id in
    // this table (the driver's node's workers come first).
    const alias = driverNodeName(host);
    if (alias !== undefined && !this.tableAliases.has(alias)) {
      this.hostRanks.set(alias, rank);
      if (this.tableAliases.size < 100_000) this.tableAliases.add(alias);
    }
  }

  /** Ray Train's next table of its workers starts (see `nameRank`). */
  startTable(): void {
    this.tableAliases.clear();
  }

  /**
   * A host's rank: its place among the hosts (a host seen first now comes after the others).
   * A Ray worker on the driver's node is named without its address (`pid 7410`): it is the first
   * worker of that process id the table named with one (workers on the driver's node come first).
   */
  rankOf(host: string): number {
    let rank = this.hostRanks.get(host);
    if (rank === undefined) {
      // A pod whose name numbers its replica is that rank, unless another pod has it (kubectl
      // writes pod after pod in the order of their names: `train-worker-10` before `train-worker-2`).
      const pod = this.style === 'kubectl' ? podRankOf(host, this.masterFirst) : undefined;
      if (pod !== undefined && pod < 100_000 && this.hosts[pod] === undefined) {
        this.hostRanks.set(host, pod);
        this.hosts[pod] = host;
        return pod;
      }
      this.hostRanks.set(host, (rank = this.hosts.length));
      this.hosts.push(host);
      const alias = this.style === 'ray' ? driverNodeName(host) : undefined;
      if (alias !== undefined && !this.hostRanks.has(alias)) this.hostRanks.set(alias, rank);
    }
    return rank;
  }
}
