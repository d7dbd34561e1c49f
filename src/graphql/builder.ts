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
