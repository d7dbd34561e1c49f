import type { Precision } from '../time/dates.ts';

/** A half-open run of days [from, to); `to` null while open-ended. Each end keeps its precision. */
export interface Interval {
  from: string;
  fromPrecision: Precision;
  to: string | null;
  toPrecision: Precision | null;
}

export function contains(i: Interval, day: string): boolean {
  return i.from <= day && (i.to === null || day < i.to);
}

/** The days both intervals cover, or null when they share none. */
export function intersect(a: Interval, b: Interval): Interval | null {
  const [from, fromPrecision] = a.from >= b.from ? [a.from, a.fromPrecision] : [b.from, b.fromPrecision];
  let to = a.to;
  let toPrecision = a.toPrecision;
  if (b.to !== null && (to === null || b.to < to)) {
    to = b.to;
    toPrecision = b.toPrecision;
  }
  if (to !== null && to <= from) return null;
  return { from, fromPrecision, to, toPrecision };
}

/**
 * The window around `day`: the union of the intervals, merged where they touch or overlap,
 * and the merged run that contains `day` (null when none does).
 */
export function windowAround(intervals: readonly Interval[], day: string): Interval | null {
  const sorted = [...intervals].sort((a, b) => a.from.localeCompare(b.from));
  const runs: Interval[] = [];
  for (const i of sorted) {
    const last = runs.at(-1);
    if (last && (last.to === null || i.from <= last.to)) {
      if (last.to !== null && (i.to === null || i.to > last.to)) {
        last.to = i.to;
        last.toPrecision = i.toPrecision;
      }
    } else {
      runs.push({ ...i });
    }
  }
  return runs.find((r) => contains(r, day)) ?? null;
}
