import { request } from 'node:http';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, rows } from '../src/db/client.ts';
import { loadBundle } from '../src/modules/bundle/bundle.load.ts';
import { prepareDatabase } from '../src/modules/bundle/bundle.prepare.ts';
import { bundleFromObjects } from '../src/modules/bundle/bundle.read.ts';
import { engine, startHub, type TestDatabase, type TestHub, testDatabase } from './helpers/hub.ts';

let db: TestDatabase;
let hub: TestHub;

beforeAll(async () => {
  db = await testDatabase({ seeded: true });
  hub = await startHub(db.database, { NODE_ENV: 'production', HUB_BODY_LIMIT_BYTES: '2048' });
});
afterAll(async () => {
  await hub?.stop();
  await db?.drop();
});

describe('HTTP', () => {
  it('reports liveness and readiness', async () => {
    const live = await fetch(`${hub.url}/healthz`);
    expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(`${hub.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', database: engine }]);
  });

  it('answers queries sent as GET, with a request id', async () => {
    const query = encodeURIComponent('{ jurisdiction(code: "CN-CQ") { name nameZh level } }');
    const res = await fetch(`${hub.url}/graphql?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    // Two statements: the data version (for the ETag) and the jurisdiction.
    expect(await res.json()).toEqual({
      data: { jurisdiction: { name: 'Chongqing', nameZh: '重庆市', level: 'PROVINCIAL' } },
      extensions: { sqlStatements: 2, cost: { requested: 4, limit: 500_000 } },
    });
  });

  it('answers POST with Cache-Control as Apollo would (public for 60 s, no-store with errors), and counts SQL only when asked', async () => {
    const ok = await hub.gql('{ jurisdiction(code: "CN-CQ") { code } }');
    expect([ok.status, ok.headers.get('cache-control'), ok.body]).toEqual([
      200,
      'max-age=60, public',
      { data: { jurisdiction: { code: 'CN-CQ' } }, extensions: { sqlStatements: 1, cost: { requested: 2, limit: 500_000 } } },
    ]);
    const bad = await hub.gql('{ qualification(slug: "nope") { name } qualificationRecognition(qualification: "nope") { asOf } }');
    expect([bad.headers.get('cache-control'), bad.body.errors?.map((e) => e.extensions?.code)]).toEqual(['no-store', ['NOT_FOUND']]);
    // Production's default: no counting, so no AsyncLocalStorage on the request path.
    const quiet = await startHub(db.database, { NODE_ENV: 'production', HUB_EXPOSE_SQL_COUNT: 'false' });
    try {
      expect((await quiet.gql('{ jurisdiction(code: "CN-CQ") { code } }')).body).toEqual({
        data: { jurisdiction: { code: 'CN-CQ' } },
        extensions: { cost: { requested: 2, limit: 500_000 } },
      });
    } finally {
      await quiet.stop();
    }
  });

  it('refuses a body over the limit with 413, and bad JSON with 400, both BAD_USER_INPUT', async () => {
    const big = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ jurisdictions { code } } #${'x'.repeat(4000)}` }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as any).errors[0]).toMatchObject({
      message: 'Request body over 2048 bytes',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const bad = await fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('says where the API is on other paths, and which methods it takes', async () => {
    expect((await fetch(`${hub.url}/`)).status).toBe(404);
    const put = await fetch(`${hub.url}/graphql`, { method: 'PUT', body: '{}' });
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, POST, OPTIONS']);
    const preflight = await fetch(`${hub.url}/graphql`, { method: 'OPTIONS' });
    expect([preflight.status, preflight.headers.get('access-control-allow-methods')]).toEqual([204, 'GET, POST, OPTIONS']);
  });

  it('lets a request in flight finish when it is told to stop, then takes no more', async () => {
    const local = await startHub(db.database);
    const port = Number(new URL(local.url).port);
    const body = JSON.stringify({ query: '{ jurisdiction(code: "CN") { code } }' });
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/graphql',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on('error', reject);
      // Half the body now, the rest once the server has been told to stop.
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 300);
    });
    await new Promise((r) => setTimeout(r, 100));
    const stopping = local.stop();
    const res = await answered;
    await stopping;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).data).toEqual({ jurisdiction: { code: 'CN' } });
    await expect(fetch(`${local.url}/healthz`)).rejects.toThrow();
  });
});

describe('several hub processes on one database', () => {
  it('migrate and seed an empty database once, whoever starts first', async () => {
    const empty = await testDatabase({ empty: true });
    try {
      const second = engine === 'postgres' ? await connect({ databaseUrl: empty.url, poolSize: 2 }) : empty.database;
      await Promise.all([prepareDatabase(empty.database, { seedOnEmpty: true }), prepareDatabase(second, { seedOnEmpty: true })]);
      const [row] = await rows<{ n: number }>(empty.database.db, sql`SELECT count(*)::int AS n FROM jurisdictions`);
      expect(row!.n).toBe(44);
      if (second !== empty.database) await second.close();
    } finally {
      await empty.drop();
    }
  });

  it('keep nothing between requests: data loaded through one is served at once by another', async () => {
    const other = engine === 'postgres' ? await connect({ databaseUrl: db.url, poolSize: 2 }) : db.database;
    const second = await startHub(other);
    try {
      const ask = (h: TestHub) => h.gql('{ qualification(slug: "scale-out-check") { name } }');
      expect((await ask(hub)).body.data.qualification).toBeNull();
      expect((await ask(second)).body.data.qualification).toBeNull();
      await loadBundle(
        other.db,
        bundleFromObjects([{ name: 'scale', qualifications: [{ slug: 'scale-out-check', name: 'Loaded through the other process' }] }]),
      );
      expect((await ask(hub)).body.data.qualification).toEqual({ name: 'Loaded through the other process' });
      expect((await ask(second)).body.data.qualification).toEqual({ name: 'Loaded through the other process' });
    } finally {
      await second.stop();
      if (other !== db.database) await other.close();
    }
  });
});

describe('failures', () => {
  it('masks an unexpected error: a code and a request id, no message from inside, no SQL', async () => {
    const broken = await testDatabase({ seeded: true });
    const local = await startHub(broken.database, { NODE_ENV: 'production' });
    try {
      await broken.database.db.execute(sql`ALTER TABLE organisations RENAME TO organisations_gone`);
      const { body, headers } = await local.gql('{ qualification(slug: "ieee-fellow") { slug issuer { name } } }');
      expect(body.data).toEqual({ qualification: { slug: 'ieee-fellow', issuer: null } });
      // The id in the error is the request's own, as echoed in x-request-id (and logged).
      expect(body.errors).toEqual([
        {
          message: 'Internal server error',
          locations: [{ line: 1, column: 45 }],
          path: ['qualification', 'issuer'],
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: headers.get('x-request-id') },
        },
      ]);
      expect(JSON.stringify(body)).not.toMatch(/organisations|select|stack/i);
    } finally {
      await local.stop();
      await broken.drop();
    }
  });

  it('answers SERVICE_UNAVAILABLE, and /readyz 503, when the database is gone', async () => {
    const gone = await testDatabase({ seeded: true });
    const local = await startHub(gone.database, { NODE_ENV: 'production' });
    try {
      await gone.database.close();
      const { body } = await local.gql('{ jurisdictions { code } }');
      expect(body.data).toBeNull();
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
      expect((await fetch(`${local.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${local.url}/healthz`)).status).toBe(200);
    } finally {
      await local.stop();
      await gone.drop();
    }
  });
});
