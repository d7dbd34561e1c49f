import { type Placeholder, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Precision } from './dates.ts';

// NOTE: the one home of "in force on day D" (domain.md, "Time"). The TypeScript functions and
// the SQL form below say the same thing; test/validity.test.ts checks that they agree on random
// rows and that the GiST indexes serve the SQL form.

export const VALIDITY_STATES = ['NOT_YET_IN_FORCE', 'IN_FORCE', 'SUPERSEDED', 'REPEALED', 'LAPSED'] as const;
export type ValidityState = (typeof VALIDITY_STATES)[number];

/**
 * Anything published with a half-open validity period [validFrom, validTo) and an optional
 * repeal: catalog editions, standard versions, agreements. Precisions default to DAY.
 */
export interface Dated {
  status: string;
  validFrom: string;
  validFromPrecision?: Precision;
  validTo: string | null;
  validToPrecision?: Precision;
  repealedOn: string | null;
}

/** A half-open run of days [from, to); `to` null while open-ended. Each end keeps its precision. */
export interface Interval {
  from: string;
  fromPrecision: Precision;
  to: string | null;
  toPrecision: Precision | null;
}

/** The first day it is no longer in force: the earlier of validTo and the repeal date; null while open. */
export function endOf(d: Pick<Dated, 'validTo' | 'repealedOn'>): string | null {
  if (d.validTo === null) return d.repealedOn;
  if (d.repealedOn === null) return d.validTo;
  return d.repealedOn < d.validTo ? d.repealedOn : d.validTo;
}

/** The days it is in force once published: it ends at the earlier of validTo and its repeal (a repeal is known to the day). */
export function intervalOf(d: Omit<Dated, 'status'>): Interval {
  const to = endOf(d);
  const byRepeal = d.repealedOn !== null && to === d.repealedOn;
  return {
    from: d.validFrom,
    fromPrecision: d.validFromPrecision ?? 'DAY',
    to,
    toPrecision: to === null ? null : byRepeal ? 'DAY' : (d.validToPrecision ?? 'DAY'),
  };
}

export function contains(i: Pick<Interval, 'from' | 'to'>, day: string): boolean {
  return i.from <= day && (i.to === null || day < i.to);
}

/** In force on `day`: published, and the day falls in its interval. Only published things are ever in force. */
export function inForce(d: Dated, day: string): boolean {
  return d.status === 'PUBLISHED' && contains({ from: d.validFrom, to: endOf(d) }, day);
}

/**
 * The state on `day`, derived from dates only. `series` holds the other members of the same
 * series (editions of a catalog, versions of a standard), to tell SUPERSEDED from LAPSED: an
 * ended member is SUPERSEDED when a published sibling starts the very day it ends. On a tie
 * between a repeal and the end of validity, REPEALED wins. Unpublished things are never in force.
 */
export function stateOn(d: Dated, day: string, series: readonly Dated[] = []): ValidityState {
  if (d.status !== 'PUBLISHED' || day < d.validFrom) return 'NOT_YET_IN_FORCE';
  const end = endOf(d);
  if (end === null || day < end) return 'IN_FORCE';
  if (d.repealedOn !== null && d.repealedOn === end) return 'REPEALED';
  return series.some((s) => s !== d && s.status === 'PUBLISHED' && s.validFrom === end) ? 'SUPERSEDED' : 'LAPSED';
}

/** The member of a series in force on `day` (the database guarantees there is at most one). */
export function memberInForce<T extends Dated>(series: readonly T[], day: string): T | null {
  return series.find((s) => inForce(s, day)) ?? null;
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

/** The columns of a dated table, as drizzle columns or SQL. */
export interface DatedColumns {
  status: SQLWrapper;
  validFrom: SQLWrapper;
  validTo: SQLWrapper;
  repealedOn: SQLWrapper;
}

/**
 * The days in force as a daterange: the expression of the exclusion constraints and the GiST
 * indexes (drizzle/0001, 0002), so a query that uses it is served by them.
 */
export function validityRangeSql(t: Omit<DatedColumns, 'status'>): SQL {
  return sql`daterange(${t.validFrom}, LEAST(${t.validTo}, ${t.repealedOn}), '[)')`;
}

/** The SQL form of `inForce`: published, and the day inside the validity range. */
export function inForceOnSql(t: DatedColumns, day: string | Placeholder | SQL): SQL {
  return sql`(${t.status} = 'PUBLISHED' AND ${validityRangeSql(t)} @> ${day}::date)`;
}
