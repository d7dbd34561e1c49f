export type ValidityState = 'NOT_YET_IN_FORCE' | 'IN_FORCE' | 'SUPERSEDED' | 'REPEALED' | 'LAPSED';

/** Anything published with a half-open validity period [validFrom, validTo) and an optional repeal. */
export interface Dated {
  status: string;
  validFrom: string;
  validTo: string | null;
  repealedOn: string | null;
}

/** The first day it is no longer in force: the earlier of validTo and the repeal date; null while open. */
export function endOf(d: Dated): string | null {
  if (d.validTo === null) return d.repealedOn;
  if (d.repealedOn === null) return d.validTo;
  return d.repealedOn < d.validTo ? d.repealedOn : d.validTo;
}

export function inForce(d: Dated, day: string): boolean {
  if (d.status !== 'PUBLISHED' || day < d.validFrom) return false;
  const end = endOf(d);
  return end === null || day < end;
}

/**
 * The state of an edition (or standard version, or agreement) on `day`, derived from dates only.
 * `series` holds the other members of the same series, to tell SUPERSEDED from LAPSED: an ended
 * edition is SUPERSEDED when a published sibling starts the very day it ends. On a tie between a
 * repeal and the end of validity, REPEALED wins. Unpublished things are never in force.
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
