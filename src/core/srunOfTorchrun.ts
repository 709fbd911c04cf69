// srun's word on its tasks in a console of torchrun's labels without srun's own (`srun torchrun
// ...` of one node, srun given no `-l`): a task there is a torchrun, not a rank. torchrun names
// the ranks that failed itself; srun's word that its task exited then names no further rank
// (it was read as rank 0's failure, and as the job's first when its time bound came first), and
// where torchrun named none (it was killed itself), every rank ended with it. A task past the
// first is another node's torchrun, whose ranks the console cannot tell from the first's: none.
// Under `srun -l` its labels tell the nodes (captureRanks.ts). For captureLauncher.ts; pure.
import { TORCHRUN_OWN } from './unlabelledConsoles';
import type { ForeignJob } from './importLayouts';
import type { LauncherVerdict } from './launcherLines';

/** Launcher lines looked at for torchrun's banner, at most: it is among a console's first. */
const BANNER_LINES = 1000;

export class SrunOfTorchrun {
  /** torchrun ran (its banner, its word on a rank); its word named a failed rank since srun's last word. */
  private ran = false;
  private named = false;
  private looked = 0;
  /** srun's word on its tasks was read. */
  private srunSpoke = false;

  /**
   * srun's words named its tasks and no line of torchrun's was read: srun started the ranks
   * themselves (plain `srun python train.py` without `-l`: a console of PyTorch's own labels).
   */
  get srunRanks(): boolean {
    return this.srunSpoke && !this.ran;
  }

  constructor(private readonly job: Pick<ForeignJob, 'style' | 'teeWidth' | 'ownLabelsOnly'>) {
    this.reset();
  }

  /** A launcher line and its verdict: srun's on a task of torchrun's made what it says of the ranks. */
  read(text: string, verdict: LauncherVerdict | undefined): LauncherVerdict | undefined {
    if (this.job.style !== 'torchrun' || this.job.teeWidth !== undefined) return verdict;
    if (!this.ran && this.looked < BANNER_LINES) {
      this.looked++;
      this.ran = TORCHRUN_OWN.test(text);
    }
    if (!verdict) return verdict;
    this.srunSpoke ||= verdict.slurmEnded === true && text.startsWith('srun: ');
    if (verdict.endsRanks === 'torchrun') {
      this.ran = this.named = true;
      return verdict;
    }
    if (!this.ran || !verdict.slurmEnded || verdict.ranks === 'all') return verdict;
    const named = this.named;
    this.named = false;
    const one = verdict.ranks.length === 1 && verdict.ranks[0] === 0;
    return { ...verdict, ranks: one && !named ? 'all' : [] };
  }

  /** Forgets what was read (the capture is read again). */
  reset(): void {
    // (torchrun's tee labels: torchrun ran. PyTorch's own alone (`[rank2]: `) may be srun's ranks, each a task.)
    this.ran = this.job.style === 'torchrun' && !this.job.ownLabelsOnly;
    this.named = false;
    this.looked = 0;
    this.srunSpoke = false;
  }
}
