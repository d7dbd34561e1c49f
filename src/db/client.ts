import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type SQL, sql } from 'drizzle-orm';
import type { Logger } from 'drizzle-orm/logger';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { type DatabaseTimeouts, DEFAULT_TIMEOUTS } from '../config.ts';
import { detectCollations } from './collation.ts';
import * as relations from './relations.ts';
import * as tables from './tables/index.ts';
import { type DatabaseWatch, databaseWatch } from './watch.ts';

/** The tables and their relations: what drizzle's relational queries (`db.query.*`) see. */
export const schema = { ...tables, ...relations };
export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Engine = 'pglite' | 'postgres';

/**
 * pg_trgm's `<%` threshold on every connection: a search's typo match in a name (weight 0.75 at
 * a least relevance of 0.35, qualification.store.ts) is `<%` at exactly this threshold; an alias
 * or an issuer, which weigh less, is checked again over it.
 */
export const WORD_SIMILARITY_THRESHOLD = 0.35 / 0.75;

/** Counts the SQL statements of the request (or script) that runs inside `sqlStatements.run()`. */
export const sqlStatements = new AsyncLocalStorage<{ count: number }>();

/**
 * Sees every statement this process sends, with its parameters, while set: the plan tests
 * (test/hot-plans.test.ts) EXPLAIN what a workload's requests really run. Unset, it costs one check.
 */
export const statementTap: { current: ((query: string, params: unknown[]) => void) | null } = { current: null };

const countingLogger: Logger = {
  logQuery(query, params) {
    const store = sqlStatements.getStore();
    if (store) store.count += 1;
    statementTap.current?.(query, params);
  },
};

export interface Database {
  db: Db;
  engine: Engine;
  /** Runs `fn` holding a cluster-wide lock, on one connection, so concurrent starts serialise. */
  withExclusiveLock<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  /** This process's connections by state (PostgreSQL's pg_stat_activity); empty for PGlite, which has one, in process. */
  connections(): Promise<Record<string, number>>;
  /** Answers a request that waits on a database that is gone or frozen with DatabaseUnavailable (db/watch.ts). */
  watch: DatabaseWatch;
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
  /** PostgreSQL: how long to wait, for a connection and for a statement, and when to ask whether the server still answers. */
  timeouts?: Partial<DatabaseTimeouts>;
}

// NOTE: an arbitrary constant shared by every hub process, so migrations and seeding run once.
const MIGRATION_LOCK_KEY = 7_431_902_118;

export async function connect(options: ConnectOptions): Promise<Database> {
  const database = options.databaseUrl
    ? await connectPostgres(options.databaseUrl, options.poolSize ?? 10, { ...DEFAULT_TIMEOUTS, ...options.timeouts })
    : await connectPglite(options.dataDir, options.loadDataDir);
  await detectCollations(database.db);
  return database;
}

async function connectPostgres(url: string, max: number, timeouts: DatabaseTimeouts): Promise<Database> {
  // Names this process's connections, so pg_stat_activity tells them apart from other instances'.
  const applicationName = `talent-hub/${hostname()}/${process.pid}`.slice(0, 63);
  const client = postgres(url, {
    max,
    onnotice: () => {},
    // NOTE: keep idle connections from pinning a restarted server; the pool reconnects on demand.
    idle_timeout: 30,
    // NOTE: postgres.js waits 10 s for a connection and backs off reconnecting up to 20 s, shared
    // by the pool: with the server down under load, requests waited 4–27 s. A short wait and a
    // constant short backoff answer them at once, and serve again as soon as it is back.
    connect_timeout: timeouts.connectMs / 1000,
    backoff: () => 0.1,
    // The server cancels a statement that runs too long: a bound on what one request can hold.
    connection: {
      statement_timeout: timeouts.statementMs,
      application_name: applicationName,
      'pg_trgm.word_similarity_threshold': WORD_SIMILARITY_THRESHOLD,
      // NOTE: JIT compiles a statement the planner costs high (a search or a coverage over 20,000
      // qualifications) for 300-500 ms, longer than the statement then runs: at 100× it was 475 of
      // a search's 591 ms (auto_explain). The hub's statements are short and many; none repays it.
      jit: 'off',
    },
  });
  // The watch's probe has a connection of its own, so a full pool never looks like an outage.
  let probeClient: ReturnType<typeof postgres> | null = null;
  let closed = false;
  const probe = async () => {
    // A closed pool serves nothing, however well the server answers the probe's own connection.
    if (closed) throw new Error('CONNECTION_ENDED: the pool is closed');
    probeClient ??= postgres(url, {
      max: 1,
      onnotice: () => {},
      idle_timeout: 10,
      connect_timeout: timeouts.probeTimeoutMs / 1000,
      backoff: () => 0,
    });
    const current = probeClient;
    try {
      await current`SELECT 1`;
    } catch (error) {
      probeClient = null;
      void current.end({ timeout: 0 });
      throw error;
    }
  };
  const watch = databaseWatch(probe, timeouts);
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
    watch,
    async connections() {
      const found = await client<{ state: string | null; n: number }[]>`
        SELECT coalesce(state, 'unknown') AS state, count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${applicationName} GROUP BY 1`;
      // The row of this very query is one of them: it is the scrape's, not the pool's work.
      return Object.fromEntries(found.map((r) => [r.state, r.state === 'active' ? r.n - 1 : r.n]));
    },
    async listen(channel, onNotify) {
      const { unlisten } = await client.listen(channel, onNotify);
      return unlisten;
    },
    close: once(async () => {
      closed = true;
      await Promise.all([client.end({ timeout: 5 }), probeClient?.end({ timeout: 0 })]);
    }),
  };
}

/** Another process has the embedded database's folder open: PGlite is one process per folder. */
export class DataFolderInUse extends Error {
  constructor(dataDir: string, holder: { pid: number; command: string; since: string }) {
    super(
      `The embedded database in ${dataDir} is in use by another process (pid ${holder.pid}, since ${holder.since}: ${holder.command}). ` +
        'PGlite is one process per folder, so nothing else may open it while that process runs. Stop it first, or go through the ' +
        'running hub instead (GraphQL at /graphql: importBundle, the drafts and accounts mutations; exports at /export/…), ' +
        'or use PostgreSQL (DATABASE_URL), which any number of processes share.',
    );
    this.name = 'DataFolderInUse';
  }
}

const LOCK_FILE = 'talent-hub.lock';

/**
 * Takes the folder for this process, or throws DataFolderInUse. NOTE: a second process on the
 * same folder used to serve stale data with a stale ETag, or remove the first one's
 * postmaster.pid so that it hung on shutdown (issue 12). A lock left by a process that is gone
 * (killed) is taken over. Returns the release.
 */
function lockFolder(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  const mine = { pid: process.pid, command: process.argv.slice(1).join(' ').slice(0, 200), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(mine));
      closeSync(fd);
      const release = () => {
        try {
          if ((JSON.parse(readFileSync(path, 'utf8')) as { pid: number }).pid === process.pid) unlinkSync(path);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: typeof mine | null = null;
    try {
      holder = JSON.parse(readFileSync(path, 'utf8')) as typeof mine;
    } catch {
      holder = null; // unreadable: half-written by a process that died
    }
    if (holder && holder.pid !== process.pid && alive(holder.pid)) throw new DataFolderInUse(dataDir, holder);
    unlinkSync(path);
  }
  throw new Error(`Could not take the lock ${path}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function connectPglite(dataDir: string | undefined, loadDataDir: Blob | File | undefined): Promise<Database> {
  let release = () => {};
  if (dataDir && !dataDir.startsWith('memory://')) {
    mkdirSync(dataDir, { recursive: true });
    release = lockFolder(dataDir);
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir ?? 'memory://', {
      extensions: { btree_gist, pg_trgm },
      ...(loadDataDir ? { loadDataDir } : {}),
    });
    // The embedded engine has one session: set once, as a PostgreSQL connection gets it at startup.
    await client.exec(`SET pg_trgm.word_similarity_threshold = ${WORD_SIMILARITY_THRESHOLD}`);
  } catch (error) {
    release();
    throw error;
  }
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
    connections: async () => ({}),
    // NOTE: PGlite lives in this process: it cannot be frozen or cut off, only closed (an error at
    // once), and a probe would queue behind the statement it is meant to judge. Nothing to watch.
    watch: {
      guard: (work) => work,
      healthy: () =>
        client.query('SELECT 1').then(
          () => true,
          () => false,
        ),
    },
    async listen(channel, onNotify) {
      const unlisten = await client.listen(channel, onNotify);
      return () => unlisten();
    },
    close: once(async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    }),
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
