// The Job Timeline's accessible tree: one treeitem per lane with the lane's label (what the
// canvas draws, in words), and the active lane's marks as its children. The tree element keeps
// the focus; `aria-activedescendant` names the active lane or mark. Log text only as labels.
import { TimelineLane } from '../../shared/timelineModel';

export class LaneTree {
  private items: HTMLElement[] = [];

  constructor(
    private readonly tree: HTMLElement,
    private readonly container: HTMLElement,
  ) {}

  /** One item per lane, in lane order. */
  build(lanes: readonly TimelineLane[]): void {
    this.items = lanes.map((lane) => {
      const item = document.createElement('div');
      item.id = `tl-lane-${lane.rank}`;
      item.setAttribute('role', 'treeitem');
      item.setAttribute('aria-level', '1');
      this.label(item, lane);
      item.dataset.rank = String(lane.rank);
      return item;
    });
    // (Appended one by one: a job of 200,000 ranks passed as arguments overflows the stack.)
    const all = document.createDocumentFragment();
    for (const item of this.items) all.append(item);
    this.container.replaceChildren(all);
  }

  /** The lane at `index` changed (same rank): its label and state. */
  update(index: number, lane: TimelineLane): void {
    const item = this.items[index];
    if (item) this.label(item, lane);
  }

  private label(item: HTMLElement, lane: TimelineLane): void {
    item.setAttribute('aria-label', lane.label);
    item.dataset.state = lane.state;
  }

  /** Points the tree at the active lane (`mark` < 0) or one of its marks, listing its marks. */
  activate(lane: TimelineLane | undefined, index: number, mark: number): void {
    this.container.querySelectorAll('[aria-expanded], [aria-selected="true"]').forEach((item) => {
      item.removeAttribute('aria-expanded');
      item.setAttribute('aria-selected', 'false');
    });
    this.container.querySelector('[role=group]')?.remove();
    const item = this.items[index];
    if (!lane || !item) {
      this.tree.removeAttribute('aria-activedescendant');
      return;
    }
    item.setAttribute('aria-selected', String(mark < 0));
    if (lane.marks.length) {
      item.setAttribute('aria-expanded', 'true');
      const group = document.createElement('div');
      group.setAttribute('role', 'group');
      lane.marks.forEach((m, i) => {
        const mi = document.createElement('div');
        mi.id = `tl-mark-${lane.rank}-${i}`;
        mi.setAttribute('role', 'treeitem');
        mi.setAttribute('aria-level', '2');
        mi.setAttribute('aria-selected', String(i === mark));
        mi.setAttribute('aria-label', `${m.text}${m.first ? ', first failure of the job' : ''}`);
        mi.dataset.kind = m.kind;
        if (m.wentOn) mi.dataset.wentOn = 'true';
        mi.dataset.line = String(m.line);
        group.append(mi);
      });
      item.append(group);
    }
    this.tree.setAttribute('aria-activedescendant', mark >= 0 ? `tl-mark-${lane.rank}-${mark}` : item.id);
  }

  /** Where the active lane (its middle, `y`) and its marks (`x` of each) are drawn, in CSS px. */
  place(index: number, y: number, xs: readonly number[]): void {
    const item = this.items[index];
    if (!item) return;
    this.container.querySelector('[data-y]')?.removeAttribute('data-y');
    item.dataset.y = String(Math.round(y));
    item.querySelectorAll<HTMLElement>('[role=treeitem]').forEach((mi, i) => {
      if (xs[i] === undefined) return;
      mi.dataset.x = String(Math.round(xs[i]));
      mi.dataset.y = String(Math.round(y));
    });
  }
}
