import type { ObjectRef } from '@pothos/core';
import { builder, DatePrecisionEnum, LifecycleStatusEnum, ValidityStateEnum } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { InstrumentRef } from '../../graphql/refs.ts';
import { type Dated, endOf, stateOn } from './validity.ts';

type Precision = 'DAY' | 'MONTH' | 'YEAR';
export interface DatedRow extends Dated {
  validFromPrecision: Precision;
  validTo: string | null;
  validToPrecision: Precision;
  repealedBy: number | null;
  verified: boolean;
  note: string | null;
}

export const asOfArg = (what: string) =>
  builder.args((t) => ({
    asOf: t.field({ type: 'Date', required: false, description: `The day ${what}; default today in China Standard Time (UTC+8).` }),
  })).asOf;

/**
 * Adds the validity fields every published, dated thing shares (editions, standard versions,
 * agreements). `seriesOf` gives its series, so `state` can tell SUPERSEDED from LAPSED.
 */
// NOTE: `any` stands for the builder's schema types, which a generic helper cannot name.
export function addValidityFields<T extends DatedRow>(
  ref: ObjectRef<any, T>,
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
      resolve: (r, _a, ctx) => ((r as T).repealedBy === null ? null : ctx.loaders.instrumentById.load((r as T).repealedBy!)),
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
