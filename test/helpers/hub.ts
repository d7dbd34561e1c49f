import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { afterAll, beforeAll, inject } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { connect, type Database } from '../../src/db/client.ts';
import { createHub, type Hub } from '../../src/server.ts';
import { databaseUrl } from './global-setup.ts';

export const engine = inject('engine');

export interface TestDatabase {
  database: Database;
  /** PostgreSQL only: the URL of this test's own database (for a second hub process). */
  url: string | undefined;
  drop(): Promise<void>;
}

/**
 * A database of the suite's engine for one test file: migrated, and seeded with the real data
 * if asked; or `empty` (not even migrated), as a first start meets it.
 */
export async function testDatabase(options: { seeded: boolean } | { empty: true }): Promise<TestDatabase> {
  const kind = 'empty' in options ? 'empty' : options.seeded ? 'seeded' : 'migrated';
  if (engine === 'pglite') {
    const database =
      kind === 'empty'
        ? await connect({ dataDir: 'memory://' })
        : await connect({
            dataDir: 'memory://',
            loadDataDir: new Blob([readFileSync(inject(kind === 'seeded' ? 'pgliteSeeded' : 'pgliteMigrated'))]),
          });
    return { database, url: undefined, drop: () => database.close() };
  }
  const adminUrl = inject('adminUrl');
  const template = kind === 'seeded' ? inject('templateSeeded') : inject('templateMigrated');
  const name = `${template}_${kind === 'empty' ? 'e' : ''}${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(kind === 'empty' ? `CREATE DATABASE "${name}"` : `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const url = databaseUrl(adminUrl, name);
  const database = await connect({ databaseUrl: url, poolSize: 4 });
  return {
    database,
    url,
    async drop() {
      await database.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

export interface GraphqlResult<T = any> {
  status: number;
  body: {
    data?: T;
    errors?: { message: string; path?: (string | number)[]; locations?: unknown; extensions?: Record<string, unknown> }[];
    extensions?: { sqlStatements?: number; cost?: { requested: number; limit: number } };
  };
  headers: Headers;
}

export interface TestHub {
  hub: Hub;
  url: string;
  /** Sends an operation to the running server over HTTP, as a client would. */
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphqlResult<T>>;
  /** The same, with `Authorization: <authorization>` (a full header value, or a bare token sent as Bearer). */
  gqlAs<T = any>(authorization: string, query: string, variables?: Record<string, unknown>): Promise<GraphqlResult<T>>;
  stop(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    HUB_EXPOSE_SQL_COUNT: 'true',
    HUB_SHUTDOWN_GRACE_MS: '2000',
    ...overrides,
  });
}

/** The real server (http + Apollo + context) on a free port of the loopback interface. */
export async function startHub(database: Database, overrides: Record<string, string> = {}): Promise<TestHub> {
  const hub = await createHub(testConfig(overrides), database, () => {});
  const port = await hub.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const send = async (headers: Record<string, string>, query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as GraphqlResult['body'], headers: res.headers };
  };
  return {
    hub,
    url,
    gql: (query, variables) => send({}, query, variables),
    gqlAs: (authorization, query, variables) =>
      send({ authorization: /\s/.test(authorization) ? authorization : `Bearer ${authorization}` }, query, variables),
    stop: () => hub.stop(),
  };
}

/** A fresh migrated database with these bundles loaded, a server on it, and `fn`; then both go. */
export async function withData(bundles: object[], fn: (hub: TestHub) => Promise<void>): Promise<void> {
  const { loadBundle } = await import('../../src/modules/bundle/bundle.load.ts');
  const { bundleFromObjects } = await import('../../src/modules/bundle/bundle.read.ts');
  const db = await testDatabase({ seeded: false });
  const hub = await startHub(db.database);
  try {
    await loadBundle(db.database.db, bundleFromObjects(bundles));
    await fn(hub);
  } finally {
    await hub.stop();
    await db.drop();
  }
}

/**
 * One migrated, seeded database and a server on it, shared by the tests of a file (each file
 * gets its own). Read `world.hub` and `world.db` inside tests, once `beforeAll` has run.
 */
export function seededWorld(): { hub: TestHub; db: TestDatabase } {
  const world = {} as { hub: TestHub; db: TestDatabase };
  beforeAll(async () => {
    world.db = await testDatabase({ seeded: true });
    world.hub = await startHub(world.db.database);
  });
  afterAll(async () => {
    await world.hub?.stop();
    await world.db?.drop();
  });
  return world;
}
