// Files of a rank each that training frameworks name so that no `{rank}` glob groups them
// (detectron2's, MMEngine's), for importLayouts.ts's per-task files. Pure: names in, groups out.

/** A file of detectron2's ranks past the first: `log.txt.rank3`. */
const RANK_SUFFIX = /^(.+)\.rank(\d{1,7})$/;
/**
 * MMEngine's file of a rank when every rank logs (`distributed=True`, or `log_level='DEBUG'`):
 * `<time>_<user>@<host>_device<id>_rank<N>.log` (without `<user>@<host>_` where it is not
 * known); rank 0's too.
 */
const MMENGINE_RANK_FILE = /^(.+?)_(?:[^_@/]+@[^/]+?_)?device[^_/]{1,64}_rank(\d{1,7})(\.\w{1,8})$/;

/**
 * Files of a rank each that frameworks name so that no `{rank}` glob groups them:
 *  - detectron2's (its `setup_logger`, used by the projects built on it): rank 0 writes `log.txt`
 *    (or the name it is given), each other rank that name and `.rank<N>`. A name beside its
 *    `.rank1` file is such a job, named `log.txt[.rank{rank}]`: no glob can say that rank 0's
 *    name has no number.
 *  - MMEngine's (OpenMMLab's trainers): the device and the host are in each rank's name
 *    (`MMENGINE_RANK_FILE`), named `<time>_*_rank{rank}.log`: grouped by the text before `*`, a
 *    glob would make each rank a job of its own.
 */
export function frameworkRankFiles(names: readonly string[]): { name: string; files: Map<number, string> }[] {
  const present = new Set(names);
  const families = new Map<string, Map<number, string>>();
  const add = (family: string, rank: number, name: string) => {
    const files = families.get(family) ?? families.set(family, new Map()).get(family)!;
    if (!files.has(rank)) files.set(rank, name);
  };
  for (const name of names) {
    const d2 = RANK_SUFFIX.exec(name);
    if (d2 && present.has(d2[1]) && Number(d2[2]) !== 0) {
      add(`${d2[1]}[.rank{rank}]`, 0, d2[1]);
      add(`${d2[1]}[.rank{rank}]`, Number(d2[2]), name);
      continue;
    }
    const mm = MMENGINE_RANK_FILE.exec(name);
    if (mm) add(`${mm[1]}_*_rank{rank}${mm[3]}`, Number(mm[2]), name);
  }
  return [...families].map(([name, files]) => ({ name, files }));
}
