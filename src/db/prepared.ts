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

/** While `prepared` builds a statement's one-key form: `anyKey` then writes `column = :key`. */
let buildingForOneKey = false;
/** Whether the statement being built matched on the batch's keys at all. */
let builtWithKeys = false;

/**
 * `column = ANY(:keys)`: one statement text for any number of keys (IN (…) makes one per count).
 * In a statement's one-key form (`prepared`) it is `column = :key`.
 */
export function anyKey(column: AnyColumn): SQL {
  builtWithKeys = true;
  return buildingForOneKey ? sql`${column} = ${sql.placeholder('key')}` : sql`${column} = ANY(${sql.placeholder('keys')})`;
}

interface Statement {
  execute(placeholderValues?: Record<string, unknown>): Promise<unknown>;
}
const preparedByDb = new WeakMap<object, Map<string, { many: Statement; one: Statement | undefined; withKeys: boolean }>>();

function prepare<T>(name: string, build: () => Preparable<T>): Statement {
  const statement = build().prepare(name);
  // drizzle's prepared queries (postgres.js and PGlite alike) honour a custom result mapper;
  // test/db.test.ts fails if an upgrade renames `fields` or stops honouring `customResultMapper`.
  const query = statement as PreparedQuery<T> & { fields?: { path: string[]; field: unknown }[]; customResultMapper?: unknown };
  const mapper = query.fields ? flatRowMapper(query.fields) : undefined;
  if (mapper) query.customResultMapper = mapper;
  return statement;
}

/**
 * A loader's statement, built by drizzle once per database and then only executed with the keys.
 * NOTE: building the query on every batch (drizzle walks its SQL chunks with `is()` checks) was
 * a third of the hub's CPU on a catalog page in the benchmark's profile. `name` must be unique.
 *
 * NOTE: a batch of one key (most of them: a node(id:), an edition's page) runs the statement's
 * one-key form, `column = $1` where the other has `column = ANY($1)`. PostgreSQL costs a generic
 * plan of `= ANY` of an array it cannot see as for several keys, so it never chose it and planned
 * every execution anew: 0.125 ms of planning against 0.025 ms of execution for a qualification
 * by slug (the statement log at 100×). With `= $1` the generic plan costs what a custom one does,
 * and PostgreSQL keeps it after its fifth execution.
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
    let entry = statements.get(name);
    if (!entry) {
      builtWithKeys = false;
      const many = prepare(name, build);
      entry = { many, one: undefined, withKeys: builtWithKeys };
      statements.set(name, entry);
    }
    if (keys.length === 1 && entry.withKeys) {
      if (!entry.one) {
        buildingForOneKey = true;
        try {
          entry.one = prepare(`${name}:1`, build);
        } finally {
          buildingForOneKey = false;
        }
      }
      // `keys` too, for a condition that was built before the statement (and so is `= ANY` in both forms).
      return entry.one.execute({ ...values, key: keys[0], keys: [...keys] }) as Promise<T>;
    }
    return entry.many.execute({ ...values, keys: [...keys] }) as Promise<T>;
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
