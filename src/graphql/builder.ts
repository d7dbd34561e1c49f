import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin, { decodeGlobalID } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { GraphQLError, Kind } from 'graphql';
import { z } from 'zod';
import { badInput, HubError } from '../errors.ts';
import { isValidDay } from '../modules/time/dates.ts';
import type { Context } from './context.ts';

// NOTE: builder.ts only configures. Types and their root fields live in src/modules/<domain>/.

/** Every connection: `first`/`last` default and ceiling (api.md: more than 100 is an error, not a silent cut). */
export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;
const pageSize = (what: string) =>
  z
    .number()
    .int()
    .min(0, `${what} must be between 0 and ${MAX_PAGE}`)
    .max(MAX_PAGE, `${what} must be between 0 and ${MAX_PAGE}: ask for more pages rather than a bigger one`);

/** Items a plain list field is expected to hold, which its selections' cost is multiplied by. */
const LIST_MULTIPLIER = 10;

/**
 * A connection's cost: its selections multiplied by its page size (`first`, `last` or the
 * default page), capped at the ceiling (a bigger page is refused as BAD_USER_INPUT, not priced).
 * The items of a page (`edges`, `nodes`) count once more only through the connection itself.
 * NOTE: a function only where the cost depends on arguments; the plugin maps a field's arguments
 * (global IDs decoded, validation run) to score a function, which for every field doubled the
 * argument work of a catalog page.
 */
const connectionCost = (args: { first?: number | null; last?: number | null; filter?: unknown }) => ({
  field: 1 + filterConditions(args.filter),
  multiplier: Math.max(0, Math.min(MAX_PAGE, Number(args.first ?? args.last ?? DEFAULT_PAGE))),
});

/**
 * The conditions a connection's `filter` holds, wherever they sit (in `and`, `or`, `not`, a
 * related record's filter): each is one more condition the database evaluates per row, so each
 * adds 1 to the connection's cost (graphql/filters.ts).
 */
export function filterConditions(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + filterConditions(v), 0);
  let n = 0;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    if (key === 'and' || key === 'or' || key === 'not' || (typeof v === 'object' && !Array.isArray(v))) n += filterConditions(v);
    else n += 1;
  }
  return n;
}
const once = { field: 1, multiplier: 1 };

/** The Node types of the built schema (schema.ts tells): a global ID naming another type matches no object. */
let nodeTypes: ReadonlySet<string> | null = null;
export function setNodeTypes(names: Iterable<string>): void {
  nodeTypes = new Set(names);
}

export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    Date: { Input: string; Output: string };
    DateTime: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
    ID: { Input: string; Output: string | number };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  // Every connection carries `totalCount`, counted only when asked for.
  Connection: { totalCount: () => number | Promise<number> };
  // Role-level gates, checked by plugin-scope-auth before a field resolves. Jurisdiction-level
  // rules need the record, so the services apply them (modules/governance/governance.rules.ts).
  AuthScopes: { authenticated: boolean; admin: boolean; reviewer: boolean; editor: boolean; account: number };
}>({
  // Fields are non-null unless they say otherwise: a null is then always a meaningful answer.
  defaultFieldNullability: false,
  // Scope-auth first, so nothing (validation included) runs for a caller who may not ask.
  plugins: [ScopeAuthPlugin, ComplexityPlugin, ValidationPlugin, RelayPlugin, DataloaderPlugin],
  scopeAuth: {
    authScopes: (ctx) => ({
      authenticated: ctx.actor !== null,
      admin: ctx.actor?.roles.includes('ADMIN') ?? false,
      reviewer: ctx.actor?.roles.includes('REVIEWER') ?? false,
      editor: ctx.actor?.roles.includes('EDITOR') ?? false,
      account: (id) => ctx.actor?.accountId === id,
    }),
    // Without a credential: UNAUTHENTICATED; with one that lacks the role: FORBIDDEN (api.md).
    unauthorizedError: (_parent, ctx) =>
      ctx.actor === null
        ? new HubError('UNAUTHENTICATED', 'This needs a credential: send Authorization: Bearer <token or JWT>')
        : new HubError('FORBIDDEN', `${ctx.actor.login} (${ctx.actor.roles.join(', ')}) may not do this`),
  },
  validation: {
    // Argument rules (zod, next to each argument) refuse with BAD_USER_INPUT, naming the argument.
    validationError: (failure) =>
      badInput(failure.issues.map((issue) => issue.message).join('; '), {
        argument: failure.issues[0]?.path?.map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.') ?? null,
      }),
  },
  complexity: {
    // NOTE: the cost is checked once per request by graphql/complexity.ts, before anything runs
    // (one error, HTTP 400, the limits from config); the plugin's own check would run at every
    // root field. The plugin still scores every field from the options below.
    disabled: true,
    defaultComplexity: 1,
    defaultListMultiplier: LIST_MULTIPLIER,
  },
  relay: {
    // NOTE: without this check a well-formed ID naming a type the schema lacks reached the
    // plugin's type lookup, which threw a schema error: a 500 for what is the client's typo.
    decodeGlobalID: (globalID) => {
      const decoded = decodeGlobalID(globalID);
      if (nodeTypes && !nodeTypes.has(decoded.typename)) {
        throw badInput(`Not an ID of this hub: '${decoded.typename}' is not a type with IDs`, { argument: 'id' });
      }
      return decoded;
    },
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesOnConnection: { description: 'The items of this page, without cursors.', complexity: once },
    edgesFieldOptions: { description: 'The items of this page with their cursors, in order.', complexity: once },
    defaultConnectionFieldOptions: { complexity: connectionCost },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    cursorFieldOptions: { description: 'Opaque cursor of this item: pass it as `after` (or `before`) to read on from here.' },
    pageInfoFieldOptions: { description: 'Cursors and whether more pages exist.' },
    pageInfoTypeOptions: { description: 'Where a page sits in its connection (Relay cursor connections).' },
    hasNextPageFieldOptions: { description: 'More items follow this page: pass `endCursor` as `after`.' },
    hasPreviousPageFieldOptions: { description: 'Items precede this page: pass `startCursor` as `before`.' },
    startCursorFieldOptions: { description: 'Cursor of the first item of the page; null on an empty page.' },
    endCursorFieldOptions: { description: 'Cursor of the last item of the page; null on an empty page.' },
    firstArgOptions: {
      description: `How many items to return from the start (or from \`after\`): 0 to ${MAX_PAGE}, default ${DEFAULT_PAGE}. More than ${MAX_PAGE} is a BAD_USER_INPUT error.`,
      validate: pageSize('first'),
    },
    lastArgOptions: {
      description: `How many items to return from the end (or before \`before\`): 0 to ${MAX_PAGE}. More than ${MAX_PAGE} is a BAD_USER_INPUT error.`,
      validate: pageSize('last'),
    },
    afterArgOptions: { description: 'Return the items after this cursor (an `endCursor` or an edge `cursor`).' },
    beforeArgOptions: { description: 'Return the items before this cursor (a `startCursor` or an edge `cursor`).' },
    nodeTypeOptions: { description: 'An object with a stable, opaque global ID: `node(id:)` returns it.' },
    nodeQueryOptions: {
      description: 'Any object by its global ID; null when no object has that ID. A malformed ID is a BAD_USER_INPUT error.',
      args: { id: { description: 'A global ID, as served in any `id` field.' } },
    },
    nodesQueryOptions: {
      complexity: (args: { ids: readonly unknown[] }) => ({ field: 1, multiplier: args.ids.length }),
      description: 'Several objects by their global IDs, in the order asked; null for each ID that matches nothing.',
      args: { ids: { description: 'Global IDs, as served in `id` fields.' } },
    },
    idFieldOptions: {
      description:
        'Opaque, stable global ID of this object. It encodes the type and the natural key (code, slug, catalog and edition label, …), so it survives reloads and means the same on every hub loaded with the same data.',
    },
  },
});

/** The builder's schema types, for helpers that add fields to any of its object types. */
export type HubTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

builder.globalConnectionField('totalCount', (t) =>
  t.int({ description: 'How many items the whole connection holds (all pages).', resolve: (connection) => connection.totalCount() }),
);

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

builder.scalarType('DateTime', {
  description: 'A moment, ISO 8601 with its offset (2026-12-01T09:30:00+08:00 or …Z).',
  serialize: (value) => new Date(String(value)).toISOString(),
  parseValue: (value) => {
    if (
      typeof value !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ||
      Number.isNaN(Date.parse(value))
    ) {
      throw new GraphQLError(`Invalid DateTime ${JSON.stringify(value)}: expected ISO 8601 with an offset`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return new Date(value).toISOString();
  },
});

builder.scalarType('JSON', {
  description:
    'A JSON value. Used where the input is a record of the bundle format (seeds/bundle.schema.json), checked by the same schema as `npm run db:load`.',
  serialize: (value) => value,
  parseValue: (value) => value,
});

builder.queryType({
  description: 'The read API of talent-hub: regions, standards, catalogs, qualifications, agreements and their sources.',
});

builder.mutationType({
  description:
    'The write side: bureaus draft, submit and publish their records; the national authority approves; admins manage accounts. Every mutation needs a credential (Authorization: Bearer), is authorised by role and jurisdiction, runs in one transaction and is audited.',
});

builder.subscriptionType({
  description: 'Live streams over graphql-ws (WebSocket on /graphql): the public change feed.',
});
