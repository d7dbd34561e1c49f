import type { DefaultConnectionArguments } from '@pothos/plugin-relay';
import type { Db } from '../db/client.ts';
import type { OrderedPage, OrderSpec, Sort, SortKey } from '../db/keyset.ts';

export type { OrderSpec };

import { badInput } from '../errors.ts';
import { builder } from './builder.ts';
import { type Connection, type Cursors, cursorsOf, keysetConnection, keysetPage } from './pagination.ts';

// NOTE: `orderBy: [NAME_ASC, VALID_FROM_DESC]` as PostGraphile gives it, paged by keyset
// (db/keyset.ts): the enum of a connection's orders, the sorts a request asks for, and cursors
// that hold the sort values of their row.

/** KEY_ASC and KEY_DESC for every key, described; `missing`: whether to say where missing values go. */
export function orderValues(keys: Record<string, { description: string }>, missing = true) {
  const values: Record<string, { description: string; deprecationReason?: string }> = {};
  for (const [name, key] of Object.entries(keys)) {
    values[`${name}_ASC`] = { description: `${key.description}, ascending${missing ? ' (missing values last)' : ''}.` };
    values[`${name}_DESC`] = { description: `${key.description}, descending${missing ? ' (missing values first)' : ''}.` };
  }
  return values;
}

/** The key and direction of an `orderBy` value (NAME_DESC: NAME, descending); null for a value of another form. */
export function orderTerm(value: string): { name: string; desc: boolean } | null {
  const match = /^(.*)_(ASC|DESC)$/.exec(value);
  return match ? { name: match[1]!, desc: match[2] === 'DESC' } : null;
}

/** The `orderBy` enum of a connection: KEY_ASC and KEY_DESC for every key. */
export function orderEnum(spec: OrderSpec, description: string) {
  const values = orderValues(spec.keys);
  for (const [name, target] of Object.entries(spec.aliases ?? {})) {
    values[name] = { description: `The same as ${target}.`, deprecationReason: `Use ${target}.` };
  }
  Object.assign(values, spec.extra ?? {});
  return builder.enumType(spec.name, { description, values });
}

/** The sorts an `orderBy` list asks for, with the tiebreak last; `fallback` when it is empty. */
export function sortsOf(db: Db, spec: OrderSpec, orderBy: readonly string[] | null | undefined, fallback: readonly string[]): Sort[] {
  const asked = orderBy && orderBy.length > 0 ? orderBy : fallback;
  const seen = new Set<string>();
  const sorts: Sort[] = [];
  const resolved = (key: SortKey) => ({ ...key, sql: typeof key.sql === 'function' ? key.sql(db) : key.sql });
  for (const raw of asked) {
    const term = orderTerm(spec.aliases?.[raw] ?? raw);
    const key = term ? spec.keys[term.name] : undefined;
    if (!term || !key) throw badInput(`orderBy ${raw} cannot be combined with other orders here`, { argument: 'orderBy' });
    if (seen.has(term.name)) throw badInput(`orderBy names ${term.name} twice`, { argument: 'orderBy' });
    seen.add(term.name);
    sorts.push({ name: term.name, key: resolved(key), desc: term.desc });
  }
  const tiebreak = Object.entries(spec.keys).find(([, k]) => k === spec.tiebreak)?.[0];
  if (!tiebreak || !seen.has(tiebreak))
    sorts.push({ name: tiebreak ?? 'ID', key: resolved(spec.tiebreak), desc: sorts.at(-1)?.desc ?? false });
  return sorts;
}

/** The cursors of one connection in one order: a cursor of another order (or connection) is BAD_USER_INPUT. */
export function orderCursors(kind: string, sorts: Sort[]) {
  // The order is part of the cursor: a cursor read in another order is refused, not misplaced.
  const cursors = cursorsOf(`${kind}/${sorts.map((s) => `${s.name}${s.desc ? '-' : '+'}`).join(',')}`);
  return {
    cursors,
    /** The sort values a cursor holds, checked against the order's keys. */
    valuesOf(key: string | undefined, argument: string): unknown[] | undefined {
      if (key === undefined) return undefined;
      let values: unknown;
      try {
        values = JSON.parse(key);
      } catch {
        values = null;
      }
      const fits =
        Array.isArray(values) &&
        values.length === sorts.length &&
        values.every((v, i) => {
          const s = sorts[i]!.key;
          if (v === null) return s.nullable;
          return s.cast === 'int' ? Number.isSafeInteger(v) : s.cast === 'boolean' ? typeof v === 'boolean' : typeof v === 'string';
        });
      if (!fits) throw badInput(`${argument} is not a cursor of this connection`, { argument });
      return values as unknown[];
    },
  };
}

/**
 * The page an ordered connection asks for, its cursors decoded into sort values: for a batch
 * that reads the pages of many parents in one statement (keysetConnection then slices each).
 */
export function orderedPage(args: DefaultConnectionArguments, kind: string, sorts: Sort[]): { cursors: Cursors; page: OrderedPage } {
  const { cursors, valuesOf } = orderCursors(kind, sorts);
  const page = keysetPage(args, cursors);
  return {
    cursors,
    page: { after: valuesOf(page.after, 'after'), before: valuesOf(page.before, 'before'), limit: page.limit, inverted: page.inverted },
  };
}

/** The sort values a row was selected with (`keysetSql(...).values`); drivers may hand JSON over as text. */
export const sortValuesOf = (row: { sortValues?: unknown }): unknown[] =>
  (typeof row.sortValues === 'string' ? JSON.parse(row.sortValues) : row.sortValues) as unknown[];

/**
 * A keyset connection in an `orderBy` order: `fetch` gets the cursors' sort values and returns
 * rows selected with theirs (`sortValues`), which become the rows' cursors.
 */
export function orderedConnection<T extends { sortValues?: unknown }>(
  args: DefaultConnectionArguments,
  options: {
    kind: string;
    sorts: Sort[];
    fetch: (page: OrderedPage) => Promise<T[]> | T[];
    totalCount: () => number | Promise<number>;
  },
): Promise<Connection<T>> {
  const { cursors, valuesOf } = orderCursors(options.kind, options.sorts);
  return keysetConnection(args, {
    cursors,
    keyOf: (row: T) => JSON.stringify(sortValuesOf(row)),
    fetch: (page) =>
      options.fetch({
        after: valuesOf(page.after, 'after'),
        before: valuesOf(page.before, 'before'),
        limit: page.limit,
        inverted: page.inverted,
      }),
    totalCount: options.totalCount,
  });
}
