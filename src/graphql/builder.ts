import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLError, Kind } from 'graphql';
import { isValidDay } from '../modules/time/dates.ts';
import type { Context } from './context.ts';

// NOTE: builder.ts only configures. Types and their root fields live in src/modules/<domain>/.
export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    Date: { Input: string; Output: string };
    ID: { Input: string; Output: string | number };
  };
  DefaultFieldNullability: false;
}>({
  // Fields are non-null unless they say otherwise: a null is then always a meaningful answer.
  defaultFieldNullability: false,
  plugins: [RelayPlugin],
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeTypeOptions: { description: 'An object with a stable, opaque global ID: `node(id:)` returns it.' },
    nodeQueryOptions: {
      description: 'Any object by its global ID; null when no object has that ID. A malformed ID is a BAD_USER_INPUT error.',
      args: { id: { description: 'A global ID, as served in any `id` field.' } },
    },
    nodesQueryOptions: {
      description: 'Several objects by their global IDs, in the order asked; null for each ID that matches nothing.',
      args: { ids: { description: 'Global IDs, as served in `id` fields.' } },
    },
    idFieldOptions: { description: 'Opaque, stable global ID of this object.' },
  },
});

const badDate = (value: unknown) =>
  new GraphQLError(`Invalid Date ${JSON.stringify(value)}: expected a real calendar day written YYYY-MM-DD`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });

builder.scalarType('Date', {
  description: 'Calendar day, ISO 8601 (YYYY-MM-DD). Invalid days (2025-02-30) are a BAD_USER_INPUT error.',
  serialize: (value) => String(value),
  parseValue: (value) => {
    if (typeof value !== 'string' || !isValidDay(value)) throw badDate(value);
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !isValidDay(ast.value)) throw badDate(ast.kind === Kind.STRING ? ast.value : ast.kind);
    return ast.value;
  },
});

builder.queryType({
  description: 'The read API of talent-hub: regions, standards, catalogs, qualifications, agreements and their sources.',
});

export const DatePrecisionEnum = builder.enumType('DatePrecision', {
  description:
    'How exactly a date is known. A date known to the month is served as the first day of that month with precision MONTH: show "Sept 2021", not "2021-09-01".',
  values: {
    DAY: { description: 'The source gives the day.' },
    MONTH: { description: 'The source gives only the month; the day served is the first of that month.' },
    YEAR: { description: 'The source gives only the year; the day served is 1 January.' },
  },
});

export const LifecycleStatusEnum = builder.enumType('LifecycleStatus', {
  description: 'Where a standard version, edition or agreement is in its publication life. Only PUBLISHED ones are ever in force.',
  values: {
    DRAFT: { description: 'Being drafted.' },
    SUBMITTED: { description: 'Submitted for approval (regional standards go to MOHRSS / SAFEA).' },
    APPROVED: { description: 'Approved, not yet published.' },
    PUBLISHED: { description: 'Published: in force during its validity period.' },
    WITHDRAWN: { description: 'Withdrawn before or instead of publication.' },
  },
});

export const ValidityStateEnum = builder.enumType('ValidityState', {
  description: 'The state of a dated thing on a day, derived from its dates (never stored).',
  values: {
    NOT_YET_IN_FORCE: { description: 'The day is before its validity period starts (or it is not published).' },
    IN_FORCE: { description: 'In force on the day: validFrom ≤ day < end.' },
    SUPERSEDED: { description: 'Ended, and a later edition or version of the same series took over on its last day + 1.' },
    REPEALED: { description: 'Ended by an instrument that repealed it (wins a tie with SUPERSEDED).' },
    LAPSED: { description: 'Its validity period ended and nothing replaced it.' },
  },
});
