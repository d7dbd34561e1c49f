import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type SQL, sql } from 'drizzle-orm';
import type { Logger } from 'drizzle-orm/logger';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as relations from './relations.ts';
import * as tables from './tables/index.ts';

/** The tables and their relations: what drizzle's relational queries (`db.query.*`) see. */
export const schema = { ...tables, ...relations };
export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Engine = 'pglite' | 'postgres';

/** Counts the SQL statements of the request (or script) that runs inside `sqlStatements.run()`. */
export const sqlStatements = new AsyncLocalStorage<{ count: number }>();

const countingLogger: Logger = {
  logQuery() {
    const store = sqlStatements.getStore();
    if (store) store.count += 1;
  },
};

export interface Database {
  db: Db;
  engine: Engine;
  /** Runs `fn` holding a cluster-wide lock, on one connection, so concurrent starts serialise. */
  withExclusiveLock<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  /**
   * LISTEN on a channel: `onNotify` runs for each NOTIFY committed by any process on this
   * database. Returns the unlisten. PostgreSQL: one connection of its own, kept by postgres.js.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  databaseUrl?: string | undefined;
  dataDir?: string;
  poolSize?: number;
  /** A PGlite data dir dump to start from (tests start from a migrated, seeded image). */
  loadDataDir?: Blob | File;
}

// NOTE: an arbitrary constant shared by every hub process, so migrations and seeding run once.
const MIGRATION_LOCK_KEY = 7_431_902_118;

export async function connect(options: ConnectOptions): Promise<Database> {
  if (options.databaseUrl) return connectPostgres(options.databaseUrl, options.poolSize ?? 10);
  return connectPglite(options.dataDir, options.loadDataDir);
}

async function connectPostgres(url: string, max: number): Promise<Database> {
  const client = postgres(url, {
    max,
    onnotice: () => {},
    // NOTE: keep idle connections from pinning a restarted server; the pool reconnects on demand.
    idle_timeout: 30,
    connect_timeout: 10,
  });
  const db = drizzlePostgres({ client, schema, logger: countingLogger }) as unknown as Db;
  return {
    db,
    engine: 'postgres',
    async withExclusiveLock(fn) {
      const single = postgres(url, { max: 1, onnotice: () => {} });
      try {
        const lockedDb = drizzlePostgres({ client: single, schema, logger: countingLogger }) as unknown as Db;
        await single`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
        try {
          return await fn(lockedDb);
        } finally {
          await single`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
        }
      } finally {
        await single.end({ timeout: 5 });
      }
    },
    async ping() {
      await client`SELECT 1`;
    },
    async listen(channel, onNotify) {
      const { unlisten } = await client.listen(channel, onNotify);
      return unlisten;
    },
    close: once(() => client.end({ timeout: 5 })),
  };
}

async function connectPglite(dataDir: string | undefined, loadDataDir: Blob | File | undefined): Promise<Database> {
  if (dataDir && !dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir ?? 'memory://', {
    extensions: { btree_gist, pg_trgm },
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  const db = drizzlePglite({ client, schema, logger: countingLogger }) as unknown as Db;
  let lock: Promise<void> = Promise.resolve();
  return {
    db,
    engine: 'pglite',
    // PGlite lives in this process only, so a promise chain serialises its callers.
    withExclusiveLock: (fn) => {
      const run = lock.then(() => fn(db));
      lock = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    async ping() {
      await client.query('SELECT 1');
    },
    async listen(channel, onNotify) {
      const unlisten = await client.listen(channel, onNotify);
      return () => unlisten();
    },
    close: once(() => client.close()),
  };
}

/** Closing twice (a hub stopping, then its owner) is harmless. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

/** Raw `execute()` results differ between PGlite ({ rows }) and postgres.js (an array). */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export { sql };
