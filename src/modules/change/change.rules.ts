// NOTE: what changed between two states of the published records a write touched, as plain
// functions over plain data. The store reads the states before and after; the loader and the
// lifecycle write what these return, in the transaction of the change.

import type { changeKind } from '../../db/tables/index.ts';
import { formatAtPrecision, type Precision } from '../time/dates.ts';

export type ChangeKind = (typeof changeKind.enumValues)[number];

export interface RecordState {
  id: number;
  key: string;
  jurisdictionId: number | null;
  validFrom: string;
  validTo: string | null;
  /** How exactly the dates are known: a summary never writes a day the source does not give. */
  validFromPrecision?: Precision;
  validToPrecision?: Precision;
  repealedOn: string | null;
  instrumentIds: number[];
  /** Editions: the qualifications of their entries, and how many entries they hold. */
  qualificationIds?: number[];
  entries?: number;
}

export interface PublishedState {
  editions: Map<string, RecordState>;
  versions: Map<string, RecordState>;
  agreements: Map<string, RecordState>;
}

export interface ChangeInput {
  kind: Exclude<ChangeKind, `${string}_LAPSED`>;
  subjectType: 'catalog_edition' | 'standard_version' | 'recognition_agreement';
  subjectId: number;
  subjectKey: string;
  jurisdictionId: number | null;
  effectiveOn: string;
  summary: string;
  details: Record<string, unknown>;
  instrumentIds: number[];
  qualificationIds: number[];
}

const SUBJECTS = {
  editions: { type: 'catalog_edition', prefix: 'EDITION', noun: 'edition' },
  versions: { type: 'standard_version', prefix: 'VERSION', noun: 'standard version' },
  agreements: { type: 'recognition_agreement', prefix: 'AGREEMENT', noun: 'agreement' },
} as const;

/**
 * The public events between two states: new records are published, grown editions completed,
 * a repeal recorded, an end moved earlier by a successor. Under an operator's correction, any
 * other change of an existing record is a CORRECTION with its reason.
 */
export function changesBetween(
  before: PublishedState,
  after: PublishedState,
  options: { today: string; correction?: string },
): ChangeInput[] {
  const out: ChangeInput[] = [];
  for (const part of ['editions', 'versions', 'agreements'] as const) {
    const s = SUBJECTS[part];
    for (const [key, now] of after[part]) {
      const was = before[part].get(key);
      const base = {
        subjectType: s.type,
        subjectId: now.id,
        subjectKey: key,
        jurisdictionId: now.jurisdictionId,
        instrumentIds: now.instrumentIds,
      } as const;
      if (!was) {
        out.push({
          ...base,
          kind: `${s.prefix}_PUBLISHED`,
          effectiveOn: now.validFrom,
          summary: `${s.noun} ${key} published, in force from ${formatAtPrecision(now.validFrom, now.validFromPrecision ?? 'DAY')}${now.validTo ? ` to ${formatAtPrecision(now.validTo, now.validToPrecision ?? 'DAY')}` : ''}${now.entries !== undefined ? `, ${now.entries} entries loaded` : ''}`,
          details: {
            validFrom: now.validFrom,
            validFromPrecision: now.validFromPrecision ?? 'DAY',
            validTo: now.validTo,
            ...(now.validTo ? { validToPrecision: now.validToPrecision ?? 'DAY' } : {}),
            repealedOn: now.repealedOn,
            ...(now.entries !== undefined ? { entries: now.entries } : {}),
          },
          qualificationIds: now.qualificationIds ?? [],
        });
        continue;
      }
      if (now.repealedOn !== null && was.repealedOn === null) {
        out.push({
          ...base,
          kind: `${s.prefix}_REPEALED`,
          effectiveOn: now.repealedOn,
          summary: `${s.noun} ${key} repealed from ${now.repealedOn}`,
          details: { repealedOn: now.repealedOn },
          qualificationIds: now.qualificationIds ?? [],
        });
      }
      const added = (now.qualificationIds ?? []).filter((q) => !(was.qualificationIds ?? []).includes(q));
      if (part === 'editions' && (now.entries ?? 0) > (was.entries ?? 0)) {
        out.push({
          ...base,
          kind: 'EDITION_COMPLETED',
          effectiveOn: options.today,
          summary: `edition ${key} completed: ${(now.entries ?? 0) - (was.entries ?? 0)} entries added (${now.entries} loaded)`,
          details: { added: (now.entries ?? 0) - (was.entries ?? 0), entries: now.entries },
          qualificationIds: added,
        });
      }
      const ended = now.validTo !== null && (was.validTo === null || now.validTo < was.validTo);
      if (options.correction !== undefined) {
        const moved = now.validFrom !== was.validFrom || now.validTo !== was.validTo || (now.entries ?? 0) < (was.entries ?? 0);
        if (moved || (now.repealedOn !== was.repealedOn && now.repealedOn === null)) {
          out.push({
            ...base,
            kind: 'CORRECTION',
            effectiveOn: options.today,
            summary: `${s.noun} ${key} corrected: ${options.correction}`,
            details: {
              reason: options.correction,
              before: { validFrom: was.validFrom, validTo: was.validTo, entries: was.entries ?? null },
              after: { validFrom: now.validFrom, validTo: now.validTo, entries: now.entries ?? null },
            },
            qualificationIds: [...new Set([...(now.qualificationIds ?? []), ...(was.qualificationIds ?? [])])],
          });
        }
      } else if (ended) {
        out.push(superseded(part, now, key, was.validTo));
      }
    }
  }
  return out;
}

/** A published record ended earlier, the day its successor starts. */
export function superseded(
  part: keyof typeof SUBJECTS,
  now: RecordState,
  key: string,
  previousEnd: string | null,
  by?: string,
): ChangeInput {
  const s = SUBJECTS[part];
  return {
    kind: `${s.prefix}_SUPERSEDED` as ChangeInput['kind'],
    subjectType: s.type,
    subjectId: now.id,
    subjectKey: key,
    jurisdictionId: now.jurisdictionId,
    effectiveOn: now.validTo!,
    summary: `${s.noun} ${key} ends on ${now.validTo}${by ? `, superseded by ${by}` : ''}`,
    details: { validTo: now.validTo, previousValidTo: previousEnd, ...(by ? { supersededBy: by } : {}) },
    instrumentIds: now.instrumentIds,
    qualificationIds: now.qualificationIds ?? [],
  };
}
