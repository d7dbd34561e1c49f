import type { ObjectRef } from '@pothos/core';
import { datePrecision, lifecycleStatus } from '../../db/tables/index.ts';
import { builder, type HubTypes } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { enumOf } from '../../graphql/enums.ts';
import { InstrumentRef } from '../instrument/instrument.schema.ts';
import type { Precision } from './dates.ts';
import { type Dated, endOf, stateOn, VALIDITY_STATES } from './validity.ts';
export interface DatedRow extends Dated {
  validFromPrecision: Precision;
  validTo: string | null;
  validToPrecision: Precision;
  repealedBy: number | null;
  verified: boolean;
  note: string | null;
}

export const DatePrecisionEnum = enumOf(
  'DatePrecision',
  datePrecision.enumValues,
  'How exactly a date is known. A date known to the month is served as the first day of that month with precision MONTH: show "Sept 2021", not "2021-09-01".',
  {
    DAY: 'The source gives the day.',
    MONTH: 'The source gives only the month; the day served is the first of that month.',
    YEAR: 'The source gives only the year; the day served is 1 January.',
  },
);

export const LifecycleStatusEnum = enumOf(
  'LifecycleStatus',
  lifecycleStatus.enumValues,
  'Where a standard version, edition or agreement is in its publication life. Only PUBLISHED ones are ever in force.',
  {
    DRAFT: 'Being drafted.',
    SUBMITTED: 'Submitted for approval (regional standards go to MOHRSS / SAFEA).',
    APPROVED: 'Approved, not yet published.',
    PUBLISHED: 'Published: in force during its validity period.',
    WITHDRAWN: 'Withdrawn before or instead of publication.',
  },
);

export const ValidityStateEnum = enumOf(
  'ValidityState',
  VALIDITY_STATES,
  'The state of a dated thing on a day, derived from its dates (never stored).',
  {
    NOT_YET_IN_FORCE: 'The day is before its validity period starts (or it is not published).',
    IN_FORCE: 'In force on the day: validFrom ≤ day < end.',
    SUPERSEDED: 'Ended, and a later edition or version of the same series took over on its last day + 1.',
    REPEALED: 'Ended by an instrument that repealed it (wins a tie with SUPERSEDED).',
    LAPSED: 'Its validity period ended and nothing replaced it.',
  },
);

export const asOfArg = (what: string) =>
  builder.args((t) => ({
    asOf: t.field({ type: 'Date', required: false, description: `The day ${what}; default today in China Standard Time (UTC+8).` }),
  })).asOf;

/**
 * Adds the validity fields every published, dated thing shares (editions, standard versions,
 * agreements). `seriesOf` gives its series, so `state` can tell SUPERSEDED from LAPSED.
 */
export function addValidityFields<T extends DatedRow>(
  ref: ObjectRef<HubTypes, unknown, T>,
  what: string,
  seriesOf: (row: T, ctx: Context) => Promise<readonly Dated[]>,
): void {
  builder.objectFields(ref, (t) => ({
    status: t.field({
      type: LifecycleStatusEnum,
      description: `Lifecycle status of the ${what}: only PUBLISHED ones are ever in force.`,
      resolve: (r) => (r as T).status as never,
    }),
    validFrom: t.field({
      type: 'Date',
      description: 'First day in force (inclusive), at `validFromPrecision`.',
      resolve: (r) => (r as T).validFrom,
    }),
    validFromPrecision: t.field({
      type: DatePrecisionEnum,
      description: 'How exactly `validFrom` is known.',
      resolve: (r) => (r as T).validFromPrecision,
    }),
    validTo: t.field({
      type: 'Date',
      nullable: true,
      description: 'First day no longer valid (exclusive); null while open-ended.',
      resolve: (r) => (r as T).validTo,
    }),
    validToPrecision: t.field({
      type: DatePrecisionEnum,
      nullable: true,
      description: 'How exactly `validTo` is known; null when there is no `validTo`.',
      resolve: (r) => ((r as T).validTo === null ? null : (r as T).validToPrecision),
    }),
    repealedOn: t.field({
      type: 'Date',
      nullable: true,
      description: `Day an instrument repealed the ${what}; it is not in force from that day on.`,
      resolve: (r) => (r as T).repealedOn,
    }),
    repealedBy: t.field({
      type: InstrumentRef,
      nullable: true,
      description: `The instrument that repealed the ${what}.`,
      resolve: (r) => (r as T).repealedBy,
    }),
    endsOn: t.field({
      type: 'Date',
      nullable: true,
      description: 'First day no longer in force: the earlier of `validTo` and `repealedOn`; null while open-ended.',
      resolve: (r) => endOf(r as T),
    }),
    state: t.field({
      type: ValidityStateEnum,
      description: `State of the ${what} on \`asOf\`, derived from its dates and its series.`,
      args: { asOf: asOfArg('to describe') },
      resolve: async (r, { asOf }, ctx) => stateOn(r as T, asOf ?? ctx.today, await seriesOf(r as T, ctx)),
    }),
    verified: t.boolean({
      description: `False where the ${what} rests on one weak source or on a date the sources do not pin down: see \`note\`.`,
      resolve: (r) => (r as T).verified,
    }),
    note: t.string({ nullable: true, description: 'Caveats: what the sources do not say.', resolve: (r) => (r as T).note }),
  }));
}
