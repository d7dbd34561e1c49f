import { and, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Db } from './client.ts';

// NOTE: keyset paging in any order: a cursor holds the values of every sort key of its row (and
// the tiebreak), so a page starts exactly after it however many rows were added before, and an
// index on the keys serves it. A missing value sorts as the greatest (PostgreSQL's default: NULLS
// LAST ascending, NULLS FIRST descending), and the conditions below treat it the same way.

/** How one field of a connection's filter reads its value (graphql/filters.ts builds the input and compiles it). */
export type FilterField =
  | { type: 'string' | 'boolean' | 'date' | 'int'; sql: SQLWrapper; via?: Via; description: string }
  /** `enum`: the name of the GraphQL enum of its values. */
  | { type: 'enum'; enum: string; sql: SQLWrapper; via?: Via; description: string }
  /** An expression that yields a jurisdiction's id; filtered by codes. */
  | { type: 'jurisdiction'; sql: SQLWrapper; via?: Via; description: string }
  /** Several jurisdictions (an agreement's parties): `some(condition on a jurisdiction id)` is true when one of them passes. */
  | { type: 'jurisdictions'; some: (condition: (id: SQL) => SQL) => SQL; description: string }
  /** Several strings (the lists of an entry): `some(condition on a value)`. */
  | { type: 'strings'; some: (condition: (value: SQL) => SQL) => SQL; description: string }
  /** A related record, filtered by the filter named `filter`: `exists(condition)` holds the condition on the related row. */
  | { type: 'relation'; filter: string; exists: (condition: SQL) => SQL; description: string };

export type FilterFields = Record<string, FilterField>;

/**
 * A value that sits on a related row (a qualification's issuer's country): the condition is
 * compiled as `key IN (SELECT id FROM related WHERE condition)`, which the index on the key and
 * the related table's serve, rather than on a subquery per row. `rows(condition)` is that SELECT,
 * with the condition on the related row's value.
 */
export interface Via {
  key: SQLWrapper;
  rows: (condition: (value: SQL) => SQL) => SQL;
}

/** One sort key of a connection. */
export interface SortKey {
  /** The value sorted on; a function where it depends on the database (Chinese by pinyin where it can). */
  sql: SQLWrapper | ((db: Db) => SQLWrapper);
  /** The SQL type its values are bound as when a cursor comes back. */
  cast: 'text' | 'int' | 'date' | 'boolean';
  /** False where the value is never missing: the conditions are then plain comparisons (index ranges). */
  nullable: boolean;
  description: string;
}

export interface Sort {
  /** The key's name in the enum (NAME of NAME_ASC). */
  name: string;
  key: SortKey & { sql: SQLWrapper };
  desc: boolean;
}

/** The orders of a connection: each key ascending or descending, and the tiebreak that makes the order total. */
export interface OrderSpec {
  /** The name of its GraphQL enum. */
  name: string;
  keys: Record<string, SortKey>;
  /** A key unique among the rows (a slug, an id), added last to every order. */
  tiebreak: SortKey;
  /** Extra values of the enum (RELEVANCE), read by the connection itself. */
  extra?: Record<string, { description: string; deprecationReason?: string }>;
  /** Older single-key values kept for clients that send them, each the same as one `_ASC`. */
  aliases?: Record<string, string>;
}

/** The bounds of one page of an ordered connection: the sort values of its cursors. */
export interface OrderedPage {
  after: unknown[] | undefined;
  before: unknown[] | undefined;
  limit: number;
  inverted: boolean;
}

const castSql = { text: sql`::text`, int: sql`::int`, date: sql`::date`, boolean: sql`::boolean` };

/** Strictly after `values` in the order of `sorts` (each key in its direction, a missing value the greatest). */
function after(sorts: Sort[], values: unknown[]): SQL {
  const bound = (i: number) => sql`${values[i]}${castSql[sorts[i]!.key.cast]}`;
  // Every key ascending and never missing: one row comparison, which an index on the keys serves.
  if (sorts.every((s) => !s.key.nullable && !s.desc) || sorts.every((s) => !s.key.nullable && s.desc)) {
    const op = sorts[0]!.desc ? sql`<` : sql`>`;
    return sql`(${sql.join(
      sorts.map((s) => sql`${s.key.sql}`),
      sql`, `,
    )}) ${op} (${sql.join(
      sorts.map((_s, i) => bound(i)),
      sql`, `,
    )})`;
  }
  const beyond = (i: number): SQL => {
    const { key, desc } = sorts[i]!;
    const e = key.sql;
    const v = values[i];
    const greater =
      v === null
        ? desc
          ? sql`${e} IS NOT NULL`
          : sql`FALSE`
        : desc
          ? sql`${e} < ${bound(i)}`
          : key.nullable
            ? sql`(${e} > ${bound(i)} OR ${e} IS NULL)`
            : sql`${e} > ${bound(i)}`;
    if (i === sorts.length - 1) return greater;
    const equal = v === null ? sql`${e} IS NULL` : sql`${e} = ${bound(i)}`;
    return sql`(${greater} OR (${equal} AND ${beyond(i + 1)}))`;
  };
  return beyond(0);
}

/**
 * The SQL of one keyset page in an order: the bounds (`after`, `before` cursors' values), the
 * ORDER BY (every direction flipped when reading backwards), and the sort values of each row,
 * selected as one JSON array for its cursor.
 */
export function keysetSql(sorts: Sort[], page: { after: unknown[] | undefined; before: unknown[] | undefined; inverted: boolean }) {
  const flipped = sorts.map((s) => ({ ...s, desc: !s.desc }));
  return {
    where: and(page.after ? after(sorts, page.after) : undefined, page.before ? after(flipped, page.before) : undefined),
    orderBy: (page.inverted ? flipped : sorts).map((s) => (s.desc ? sql`${s.key.sql} DESC` : sql`${s.key.sql} ASC`)),
    values: sql<unknown[]>`json_build_array(${sql.join(
      sorts.map((s) => sql`${s.key.sql}`),
      sql`, `,
    )})`,
  };
}
