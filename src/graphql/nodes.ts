import { cacheKey } from '@pothos/plugin-dataloader';
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { groupedInKeyOrder, loadNodes, type NodeKey, type NodeStore } from '../db/batch.ts';
import type { Db } from '../db/client.ts';
import { badInput } from '../errors.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';

// NOTE: what plugin-dataloader leaves to us. A loadable node is loaded by two kinds of key: the
// internal id its neighbours hold in their foreign keys (a number), and the natural key that
// global IDs and arguments carry (a string: a slug, a code, or a JSON list for a composite key).
// One loader per type takes both: a batch that holds both kinds costs two statements, and an
// object a resolver returns whole is cached by its id (cacheResolved) for its neighbours.

/**
 * A Node type loaded by `@pothos/plugin-dataloader` whose global ID is its natural key. A row
 * returned whole by any resolver is cached by its id, so neighbours pointing at it cost nothing
 * more; `cache: false` for a type nothing points back at within a request (catalog entries: a
 * page of them would cache a hundred rows nobody asks for again).
 *
 * NOTE: the plugin keeps each request's DataLoader in a WeakMap keyed by the context. On Node 20
 * a scavenge keeps a WeakMap's values alive while the table is in the old generation, so every
 * request's loaders, with the rows of their last batch, were promoted and left for a full GC:
 * measured on catalogDiff (W5), 585 KB promoted per scavenge against 150 KB with the hand-made
 * loaders before, and 20% more instructions per request. The ref keeps the plugin's resolution
 * (ids or rows, cacheResolved, node(id:)); only where its loader lives changes, to the request's
 * context (`perRequest`), dropped when the answer is sent.
 */
export function loadableNode<R extends { id: number }>(
  name: string,
  store: NodeStore<R>,
  options: {
    parse?: (local: string) => string;
    cache?: boolean;
    /** Rows the caller may not see become null, as if absent (drafts): node(id:) then reveals nothing. */
    visible?: (rows: (R | null)[], ctx: Context) => Promise<(R | null)[]>;
  } = {},
) {
  type Loaded = Exclude<R, Error>;
  const visible = options.visible;
  // NOTE: typed without the nulls of missing keys, which DataLoader passes through as null.
  const load = async (keys: readonly NodeKey[], ctx: Context) => {
    const rows = await loadNodes(store, ctx.db, keys);
    return (visible ? await visible(rows, ctx) : rows) as Loaded[];
  };
  const ref = builder.loadableNodeRef<R, string, NodeKey>(name, {
    id: { resolve: (row: R) => store.keyOf(row), parse: options.parse ?? ((local: string) => local) },
    load,
    ...(options.cache === false ? {} : { cacheResolved: (row: R) => row.id }),
  });
  const loaderOf = perRequest((ctx) => new DataLoader<NodeKey, Loaded>((keys) => load(keys, ctx)));
  // Replaced before `implement()`, which is when the plugin copies it into the type's extensions
  // (test/schema.test.ts fails if an upgrade copies it earlier).
  ref.getDataloader = Object.assign((ctx: object) => loaderOf(ctx as Context), {
    delete: (ctx: object) => void (ctx as Context).loaders.delete(loaderOf),
  });
  return ref;
}

/** A composite natural key as the local part of a global ID: a JSON list of its parts. */
export function compositeKey(parts: readonly string[]): string {
  return JSON.stringify(parts);
}

/** The parts of a composite natural key; a malformed one is BAD_USER_INPUT (a well-formed unknown one matches nothing). */
export function parseCompositeKey(local: string, arity: number, type: string): string[] {
  let parts: unknown;
  try {
    parts = JSON.parse(local);
  } catch {
    parts = null;
  }
  if (!Array.isArray(parts) || parts.length !== arity || !parts.every((p) => typeof p === 'string')) {
    throw badInput(`Not a well-formed ${type} ID: its key must be a list of ${arity} strings`, { argument: 'id' });
  }
  return parts as string[];
}

/** `parse` for a composite key: checks it, and returns it in the one spelling `keyOf` uses. */
export const compositeParser = (arity: number, type: string) => (local: string) => compositeKey(parseCompositeKey(local, arity, type));

/**
 * Something built once per request on first use, and held by the request's context. NOTE: not
 * Pothos's createContextCache, which keeps its entries in a WeakMap: on Node 20 a scavenge keeps
 * a WeakMap's values alive after their key (the context) is gone, so every request's loaders and
 * rows were promoted to the old generation, and a catalog page (W1) spent a tenth of its CPU in
 * GC (measured: 1.2 MB survived each scavenge, against 32 KB before the plugins).
 */
export function perRequest<T>(create: (ctx: Context) => T): (ctx: Context) => T {
  const get = (ctx: Context): T => {
    let value = ctx.loaders.get(get) as T | undefined;
    if (value === undefined) {
      value = create(ctx);
      ctx.loaders.set(get, value);
    }
    return value;
  };
  return get;
}

/**
 * A DataLoader that several fields share (children of a parent, by the parent's id). NOTE:
 * plugin-dataloader's loadable fields each own their loader; this is for lists that more than
 * one field reads, so they batch and cache together.
 */
export function groupLoader<K, V>(fetch: (db: Db, keys: K[]) => Promise<V[]>, groupOf: (row: V) => K) {
  return perRequest((ctx) => new DataLoader<K, V[]>(async (keys) => groupedInKeyOrder(keys, await fetch(ctx.db, [...keys]), groupOf)));
}

/**
 * A DataLoader for each place in the query (every parent there shares the field's arguments,
 * so one statement serves them all), held by the request. NOTE: what plugin-dataloader's
 * `t.loadable({ byPath })` does, held by the context rather than in a WeakMap (see `perRequest`):
 * a catalog page's entries, kept alive by the loader's last batch, were the bulk of what every
 * scavenge promoted.
 */
export function pathLoader<K, V, A>(load: (keys: K[], ctx: Context, args: A) => Promise<V[]>, cacheKeyOf?: (key: K) => unknown) {
  const loaders = perRequest(() => new Map<string, DataLoader<K, V, unknown>>());
  return (ctx: Context, info: GraphQLResolveInfo, args: A): DataLoader<K, V, unknown> => {
    const atPath = loaders(ctx);
    const key = cacheKey(info.path);
    let loader = atPath.get(key);
    if (!loader) {
      loader = new DataLoader<K, V, unknown>((keys) => load([...keys], ctx, args), cacheKeyOf ? { cacheKeyFn: cacheKeyOf } : {});
      atPath.set(key, loader);
    }
    return loader;
  };
}

/**
 * DataLoader's `loadMany`, failing as a whole when any key failed. NOTE: `loadMany` returns a
 * failed load as an Error in its place; read as a miss, a database outage became "Unknown
 * jurisdiction" (NOT_FOUND) or a recognition without its sources (issue 12). Misses stay null.
 */
export async function loadAll<K, V>(loader: { loadMany(keys: ArrayLike<K>): Promise<(V | Error)[]> }, keys: readonly K[]): Promise<V[]> {
  const found = await loader.loadMany(keys);
  for (const item of found) if (item instanceof Error) throw item;
  return found as V[];
}
