/**
 * Inclusive integer intervals (days or month indices): union, total length, gaps.
 * The residence and social-insurance indicators are built on these, so a day or a month that two
 * records both cover is only ever counted once.
 */

export interface Interval {
  from: number;
  to: number;
}

/** Sorted, non-overlapping, non-adjacent union of the given intervals (the input is not changed). */
export function union(list: readonly Interval[]): Interval[] {
  if (list.length === 0) return [];
  // Records usually arrive in date order; sort (a copy) only when they do not.
  let inOrder = true;
  for (let i = 1; i < list.length && inOrder; i++) inOrder = list[i]!.from >= list[i - 1]!.from;
  const sorted = inOrder ? list : list.slice().sort((a, b) => a.from - b.from);
  const out: Interval[] = [];
  let cur: Interval = { from: sorted[0]!.from, to: sorted[0]!.to };
  for (let i = 1; i < sorted.length; i++) {
    const iv = sorted[i]!;
    if (iv.from <= cur.to + 1) {
      if (iv.to > cur.to) cur.to = iv.to;
    } else {
      out.push(cur);
      cur = { from: iv.from, to: iv.to };
    }
  }
  out.push(cur);
  return out;
}

export function totalLength(merged: readonly Interval[]): number {
  let n = 0;
  for (const iv of merged) n += iv.to - iv.from + 1;
  return n;
}

/** The gaps strictly between consecutive intervals of a merged list. */
export function gaps(merged: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (let i = 1; i < merged.length; i++) {
    out.push({ from: merged[i - 1]!.to + 1, to: merged[i]!.from - 1 });
  }
  return out;
}

export function intersect(a: Interval, b: Interval): Interval | undefined {
  const from = Math.max(a.from, b.from);
  const to = Math.min(a.to, b.to);
  return from <= to ? { from, to } : undefined;
}

/**
 * The part of `span` covered without a break by `merged`, starting at `span.from`.
 * Used for "continuous while a lease, insurance or contract runs unbroken": the run ends at the first
 * uncovered day.
 */
export function coveredRunFromStart(span: Interval, merged: readonly Interval[]): Interval | undefined {
  for (const iv of merged) {
    if (iv.from <= span.from && iv.to >= span.from) {
      return { from: span.from, to: Math.min(iv.to, span.to) };
    }
  }
  return undefined;
}
