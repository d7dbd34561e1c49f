import { type AnyColumn, Column, is, SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { NodeStore } from './batch.ts';
import type { Db } from './client.ts';

interface PreparedQuery<T> {
  execute(placeholderValues?: Record<string, unknown>): Promise<T>;
}
interface Preparable<T> {
  prepare(name: string): PreparedQuery<T>;
}
interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

/** What drizzle decodes a column or an untyped `sql` with when it leaves the value as it is. */
const asIs = new Set<unknown>([Column.prototype.mapFromDriverValue, (sql`` as SQL & { decoder: Decoder }).decoder.mapFromDriverValue]);

/**
 * A row mapper for a flat select (one key per column), decided once per statement. NOTE:
 * drizzle's own mapper runs `is()` class checks on every cell of every row: a catalog page of a
 * hundred entries spent more time there than in PostgreSQL. Values are decoded the same way. The
 * mapper is compiled to one object literal a row: a column of a subquery is a Proxy, so reading
 * its decoder on every cell cost a trap each (6% of the hub's samples on a catalog page), and
 * an object filled key by key changes shape at every key.
 */
function flatRowMapper(fields: { path: string[]; field: unknown }[]): ((rows: unknown[][]) => unknown[]) | undefined {
  const keys: string[] = [];
  const decoders: Decoder[] = [];
  for (const { path, field } of fields) {
    if (path.length !== 1) return undefined;
    const decoder = is(field, Column)
      ? field
      : is(field, SQL)
        ? (field as SQL & { decoder?: Decoder }).decoder
        : is(field, SQL.Aliased)
          ? (field.sql as SQL & { decoder?: Decoder }).decoder
          : undefined;
    if (!decoder) return undefined;
    keys.push(path[0]!);
    decoders.push(decoder as Decoder);
  }
  const decode = decoders.map((d) => {
    const map = d.mapFromDriverValue;
    return asIs.has(map) ? undefined : (value: unknown) => map.call(d, value);
  });
  // Keys are the select's own (JSON-quoted into the source); values are read by index.
  const cells = keys.map(
    (key, i) => `${JSON.stringify(key)}: ${decode[i] ? `row[${i}] == null ? null : decode[${i}](row[${i}])` : `row[${i}] ?? null`}`,
  );
  const one = new Function('decode', `return (row) => ({ ${cells.join(', ')} });`)(decode) as (row: unknown[]) => unknown;
  return (rows) => rows.map(one);
}

const preparedByDb = new WeakMap<object, Map<string, { execute(placeholderValues?: Record<string, unknown>): Promise<unknown> }>>();

/** `column = ANY(:keys)`: one statement text for any number of keys (IN (…) makes one per count). */
export function anyKey(column: AnyColumn): SQL {
  return sql`${column} = ANY(${sql.placeholder('keys')})`;
}

/**
 * A loader's statement, built by drizzle once per database and then only executed with the keys.
 * NOTE: building the query on every batch (drizzle walks its SQL chunks with `is()` checks) was
 * a third of the hub's CPU on a catalog page in the benchmark's profile. `name` must be unique.
 */
export function prepared<T>(
  db: object,
  name: string,
  build: () => Preparable<T>,
): (keys: readonly unknown[], values?: Record<string, unknown>) => Promise<T> {
  return (keys, values) => {
    let statements = preparedByDb.get(db);
    if (!statements) {
      statements = new Map();
      preparedByDb.set(db, statements);
    }
    let statement = statements.get(name);
    if (!statement) {
      statement = build().prepare(name);
      // drizzle's prepared queries (postgres.js and PGlite alike) honour a custom result mapper;
      // test/db.test.ts fails if an upgrade renames `fields` or stops honouring `customResultMapper`.
      const query = statement as PreparedQuery<T> & { fields?: { path: string[]; field: unknown }[]; customResultMapper?: unknown };
      const mapper = query.fields ? flatRowMapper(query.fields) : undefined;
      if (mapper) query.customResultMapper = mapper;
      statements.set(name, statement);
    }
    return statement.execute({ ...values, keys: [...keys] }) as Promise<T>;
  };
}

/**
 * Rows of `table` whose `column` is any of the keys (children by their parent's id, rows by a
 * natural key), in `order`: one prepared statement, named `name` (so `name` must be unique).
 */
export function rowsWhereAny<T extends PgTable, Row = T['$inferSelect'], K = number>(
  name: string,
  table: T,
  column: PgColumn,
  ...order: SQL[]
): (db: Db, keys: readonly K[]) => Promise<Row[]> {
  return async (db, keys) =>
    (await prepared(db, name, () =>
      db
        .select()
        .from(table as PgTable)
        .where(anyKey(column))
        .orderBy(...order),
    )(keys)) as Row[];
}

/**
 * The store of a table whose natural key is one column (a slug, a code): rows by ids and by
 * keys, one prepared statement each. `name` names the statements, so it must be unique.
 */
export function keyedStore<T extends PgTable & { id: PgColumn }>(
  name: string,
  table: T,
  keyColumn: PgColumn,
  keyOf: (row: T['$inferSelect']) => string,
): NodeStore<T['$inferSelect'] & { id: number }> {
  type Row = T['$inferSelect'] & { id: number };
  return {
    byIds: rowsWhereAny<T, Row, number>(`${name}ById`, table, table.id),
    byKeys: rowsWhereAny<T, Row, string>(`${name}ByKey`, table, keyColumn),
    keyOf,
  };
}
