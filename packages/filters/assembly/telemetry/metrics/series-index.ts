// The series of each label set, found by the guards' value indices (one
// level per dimension), so a request whose labels were seen before builds no
// series name and hashes no long string. Each guard admits at most `limit`
// values plus its overflow value, so the tree holds at most the product of
// (limit + 1) over the dimensions: the same bound the guards put on the
// series the host is asked to define.

import { RequestSeries } from "./request-series";

export class SeriesIndex {
  private readonly children: Map<i32, SeriesIndex> = new Map<i32, SeriesIndex>();
  series: RequestSeries | null = null;

  /** The node one level down for value index `index`, created on first use. */
  child(index: i32): SeriesIndex {
    const children = this.children;
    if (children.has(index)) return children.get(index);
    const created = new SeriesIndex();
    children.set(index, created);
    return created;
  }
}
