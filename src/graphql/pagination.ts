import {
  type DefaultConnectionArguments,
  type PageInfoShape,
  parseCursorConnectionArgs,
  resolveArrayConnection,
  resolveCursorConnection,
  resolveOffsetConnection,
} from '@pothos/plugin-relay';
import { badInput } from '../errors.ts';
import { DEFAULT_PAGE, MAX_PAGE } from './builder.ts';

// NOTE: the relay plugin's resolve*Connection helpers do the paging; this adds what they leave
// to the caller: cursors that name their connection and are checked (a cursor that is not one is
// BAD_USER_INPUT, never silently ignored), `totalCount` counted lazily, and null cursors on an
// empty page (the helpers echo the argument back, or '').

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfoShape;
  totalCount: () => number | Promise<number>;
}

/** The bounds a keyset query gets: decoded cursors, rows to fetch (page size + 1), and whether to read backwards. */
export interface KeysetPage {
  after: string | undefined;
  before: string | undefined;
  limit: number;
  inverted: boolean;
}

/** The cursors of one connection: `kind:key`, base64url. A cursor of another connection is refused. */
export function cursorsOf(kind: string) {
  const prefix = `${kind}:`;
  return {
    encode: (key: string | number) => Buffer.from(`${prefix}${key}`, 'utf8').toString('base64url'),
    decode(cursor: string | null | undefined, argument: string): string | undefined {
      if (cursor === null || cursor === undefined) return undefined;
      const text = Buffer.from(cursor, 'base64url').toString('utf8');
      if (!text.startsWith(prefix) || text.length === prefix.length || Buffer.from(text, 'utf8').toString('base64url') !== cursor) {
        throw badInput(`${argument} is not a cursor of this connection: ${JSON.stringify(cursor)}`, { argument });
      }
      return text.slice(prefix.length);
    },
  };
}
export type Cursors = ReturnType<typeof cursorsOf>;

/**
 * A keyset connection over a sequence (drafts, the audit log): `fetch` gets the bounds as
 * numbers; a cursor that holds anything else is BAD_USER_INPUT.
 */
export function sequenceConnection<T extends { id: number }>(
  args: DefaultConnectionArguments,
  kind: Cursors,
  options: {
    fetch: (page: { after: number | null; before: number | null; limit: number; inverted: boolean }) => Promise<T[]>;
    totalCount: () => number | Promise<number>;
  },
): Promise<Connection<T>> {
  const position = (key: string | undefined, argument: string) => {
    if (key === undefined) return null;
    if (!/^\d{1,15}$/.test(key)) throw badInput(`${argument} is not a cursor of this connection`, { argument });
    return Number(key);
  };
  return keysetConnection(args, {
    cursors: kind,
    keyOf: (row: T) => row.id,
    fetch: (page) =>
      options.fetch({
        after: position(page.after, 'after'),
        before: position(page.before, 'before'),
        limit: page.limit,
        inverted: page.inverted,
      }),
    totalCount: options.totalCount,
  });
}

/** Decodes the page a keyset connection asks for, once (a batched loader shares it across parents). */
export function keysetPage(args: DefaultConnectionArguments, cursors: Cursors): KeysetPage {
  const { limit, inverted } = parseCursorConnectionArgs({ args, defaultSize: DEFAULT_PAGE, maxSize: MAX_PAGE });
  return { after: cursors.decode(args.after, 'after'), before: cursors.decode(args.before, 'before'), limit, inverted };
}

function withNullCursors<T>(connection: { edges: unknown; pageInfo: PageInfoShape }) {
  const edges = (connection.edges as readonly ({ cursor: string; node: T } | null)[]).filter(
    (e): e is { cursor: string; node: T } => e !== null,
  );
  const pageInfo = edges.length === 0 ? { ...connection.pageInfo, startCursor: null, endCursor: null } : { ...connection.pageInfo };
  return { edges, pageInfo };
}

/**
 * A connection read by keyset: `fetch` gets the decoded bounds and returns up to `limit` rows in
 * the connection's order (reversed when `inverted`); `keyOf` gives the key a row's cursor holds.
 */
export async function keysetConnection<T>(
  args: DefaultConnectionArguments,
  options: {
    cursors: Cursors;
    keyOf: (row: T) => string | number;
    fetch: (page: KeysetPage) => Promise<T[]> | T[];
    totalCount: () => number | Promise<number>;
  },
): Promise<Connection<T>> {
  const page = keysetPage(args, options.cursors);
  const result = await resolveCursorConnection(
    { args, defaultSize: DEFAULT_PAGE, maxSize: MAX_PAGE, toCursor: (row: T) => options.cursors.encode(options.keyOf(row)) },
    () => options.fetch(page),
  );
  return { ...withNullCursors<T>(result), totalCount: options.totalCount };
}

/** Checks both offset cursors before the relay helper reads them (it would take `OffsetConnection:x` as NaN). */
function checkOffsetCursors(args: DefaultConnectionArguments): void {
  for (const argument of ['after', 'before'] as const) {
    const cursor = args[argument];
    if (cursor === null || cursor === undefined) continue;
    const match = /^OffsetConnection:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
    if (!match) throw badInput(`${argument} is not a cursor of this connection: ${JSON.stringify(cursor)}`, { argument });
  }
}

/**
 * A connection read by position (relevance and name orders, computed lists): `fetch` gets an
 * offset and a limit. `last` without `before` needs the total, so it is counted first then.
 */
export async function offsetConnection<T>(
  args: DefaultConnectionArguments,
  options: { fetch: (page: { offset: number; limit: number }) => Promise<T[]> | T[]; totalCount: () => number | Promise<number> },
): Promise<Connection<T>> {
  checkOffsetCursors(args);
  let counted: number | undefined;
  const totalCount = async () => (counted ??= await options.totalCount());
  const needsTotal = args.last !== null && args.last !== undefined && !args.before && (args.first === null || args.first === undefined);
  const result = await resolveOffsetConnection(
    { args, defaultSize: DEFAULT_PAGE, maxSize: MAX_PAGE, ...(needsTotal ? { totalCount: await totalCount() } : {}) },
    (page) => options.fetch(page),
  );
  return { ...withNullCursors<T>(result), totalCount };
}

/** A connection over a list already in memory. */
export function arrayConnection<T>(args: DefaultConnectionArguments, items: readonly T[]): Connection<T> {
  checkOffsetCursors(args);
  const result = resolveArrayConnection({ args, defaultSize: DEFAULT_PAGE, maxSize: MAX_PAGE }, items as T[]);
  return { ...withNullCursors<T>(result), totalCount: () => items.length };
}
