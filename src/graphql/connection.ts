import type { ObjectRef } from '@pothos/core';
import { badInput } from '../errors.ts';
import { builder } from './builder.ts';

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

export interface PageInfoShape {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfoShape;
  /** Counted only when asked for. */
  totalCount: () => Promise<number>;
}

export const PageInfoRef = builder.objectRef<PageInfoShape>('PageInfo').implement({
  description: 'Where a page sits in its connection (Relay cursor connections).',
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage', { description: 'More items follow this page: pass `endCursor` as `after`.' }),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage', { description: 'Items precede this page (an `after` cursor was given).' }),
    startCursor: t.exposeString('startCursor', { nullable: true, description: 'Cursor of the first item of the page.' }),
    endCursor: t.exposeString('endCursor', { nullable: true, description: 'Cursor of the last item of the page.' }),
  }),
});

/** Declares `<Name>Connection` and `<Name>Edge` for a node type. */
// NOTE: `any` stands for the builder's schema types, which a generic helper cannot name.
export function connectionOf<T>(name: string, node: ObjectRef<any, T>, what: string): ObjectRef<any, ConnectionShape<T>> {
  const edge = builder.objectRef<{ cursor: string; node: T }>(`${name}Edge`).implement({
    description: `One ${what} in a page, with its cursor.`,
    fields: (t) => ({
      cursor: t.exposeString('cursor', { description: 'Opaque cursor of this item: pass it as `after` to read on from here.' }),
      node: t.field({ type: node, description: `The ${what}.`, resolve: (e) => e.node as never }),
    }),
  });
  return builder.objectRef<ConnectionShape<T>>(`${name}Connection`).implement({
    description: `A page of ${what}s (first ≤ ${MAX_PAGE}, default ${DEFAULT_PAGE}).`,
    fields: (t) => ({
      edges: t.field({ type: [edge], description: `The ${what}s of this page, in order.`, resolve: (c) => c.edges }),
      nodes: t.field({
        type: [node],
        description: `The ${what}s of this page, without cursors.`,
        resolve: (c) => c.edges.map((e) => e.node) as never,
      }),
      pageInfo: t.field({ type: PageInfoRef, description: 'Cursors and whether more pages exist.', resolve: (c) => c.pageInfo }),
      totalCount: t.int({ description: `How many ${what}s the whole connection holds (all pages).`, resolve: (c) => c.totalCount() }),
    }),
  });
}

export const pageArgs = builder.args((t) => ({
  first: t.int({
    required: false,
    description: `How many items to return: 0 to ${MAX_PAGE}, default ${DEFAULT_PAGE}. More than ${MAX_PAGE} is a BAD_USER_INPUT error.`,
  }),
  after: t.string({ required: false, description: 'Return the items after this cursor (an `endCursor` or an edge `cursor`).' }),
}));

const encode = (kind: string, key: string | number) => Buffer.from(`${kind}:${key}`, 'utf8').toString('base64url');

/** Validates `first` and decodes `after` (a cursor minted for `kind`). */
export function parsePage(kind: string, args: { first?: number | null; after?: string | null }): { first: number; after: string | null } {
  const first = args.first ?? DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) {
    throw badInput(`first must be between 0 and ${MAX_PAGE}, got ${first}`, { argument: 'first' });
  }
  if (args.after === undefined || args.after === null) return { first, after: null };
  const decoded = Buffer.from(args.after, 'base64url').toString('utf8');
  if (!decoded.startsWith(`${kind}:`) || decoded.length === kind.length + 1) {
    throw badInput(`after is not a cursor of this connection: ${JSON.stringify(args.after)}`, { argument: 'after' });
  }
  return { first, after: decoded.slice(kind.length + 1) };
}

/** Builds a page from `first + 1` rows fetched after the cursor (keyset pagination). */
export function pageFrom<T>(
  kind: string,
  rows: T[],
  first: number,
  after: string | null,
  keyOf: (row: T) => string | number,
  totalCount: () => Promise<number>,
): ConnectionShape<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encode(kind, keyOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}
