import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from './helpers/hub.ts';
import { type OwnPostgres, ownPostgres } from './helpers/own-postgres.ts';
import { type HubProcess, hubProcess } from './helpers/process.ts';

// The fault suite (issue 12): a real hub process, on a PostgreSQL of the test's own (initdb +
// pg_ctl in a temp folder, a free port) that is stopped, frozen and restarted; signals; the
// embedded database's folder lock. Client-side timeouts only bound how long the test waits for
// an answer that must come: what is asserted is the answer.

const ID_BJ = Buffer.from('Jurisdiction:CN-BJ').toString('base64');
const PERSISTED = '{ jurisdiction(code: "CN-SH") { code } }';

/** Every kind of read a client makes, each answered (or not) within `waitMs`. */
async function everyRead(base: string, waitMs = 4000): Promise<Record<string, [number, string]>> {
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256').update(PERSISTED).digest('hex');
  const post = (query: string) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const asks: Record<string, [string, RequestInit?]> = {
    post: [`${base}/graphql`, post('{ jurisdiction(code: "CN-BJ") { code } }')],
    get: [`${base}/graphql?query=${encodeURIComponent('{ jurisdictions { code } }')}`],
    persisted: [`${base}/graphql?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }))}`],
    node: [`${base}/graphql`, post(`{ node(id: "${ID_BJ}") { id } }`)],
    coverage: [`${base}/graphql`, post('{ coverage(jurisdictions: ["CN-BJ"], groupBy: FIELD) { asOf } }')],
    overlap: [`${base}/graphql`, post('{ overlap(jurisdictions: ["CN-BJ", "CN-SH"]) { asOf } }')],
    timeline: [`${base}/graphql`, post('{ timeline(jurisdictions: ["CN-BJ"], from: "2020-01-01", to: "2026-01-01") { totalCount } }')],
    export: [`${base}/export/coverage.csv?jurisdictions=CN-BJ&groupBy=FIELD`],
    dump: [`${base}/export/dump.zip`],
    readyz: [`${base}/readyz`],
  };
  const answers = await Promise.all(
    Object.entries(asks).map(async ([name, [url, init]]) => {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(waitMs) });
      const text = await res.text();
      const code =
        name === 'readyz'
          ? JSON.parse(text).status
          : res.headers.get('content-type')?.includes('json')
            ? (JSON.parse(text).errors?.[0]?.extensions?.code ?? 'ok')
            : 'ok';
      return [name, [res.status, code]] as [string, [number, string]];
    }),
  );
  return Object.fromEntries(answers);
}

const SERVING = {
  post: [200, 'ok'],
  get: [200, 'ok'],
  persisted: [200, 'ok'],
  node: [200, 'ok'],
  coverage: [200, 'ok'],
  overlap: [200, 'ok'],
  timeline: [200, 'ok'],
  export: [200, 'ok'],
  dump: [200, 'ok'],
  readyz: [200, 'ready'],
};
const UNAVAILABLE = Object.fromEntries(
  Object.keys(SERVING).map((k) => [k, k === 'readyz' ? [503, 'unavailable'] : [503, 'SERVICE_UNAVAILABLE']]),
);

async function servingAgain(base: string): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ jurisdiction(code: "CN-BJ") { code } }' }),
    }).catch(() => null);
    if (res?.status === 200) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('not serving again after the database came back');
}

// Engine-specific suites are declared only in their leg: the own server is PostgreSQL whatever the
// leg (run once, in the PostgreSQL leg); the folder lock is PGlite's.
const onPostgres = engine === 'postgres' ? describe : () => {};
const onPglite = engine === 'pglite' ? describe : () => {};

onPostgres('database faults, on a PostgreSQL of the test’s own', () => {
  let pg: OwnPostgres;
  let hub: HubProcess;
  beforeAll(async () => {
    pg = await ownPostgres();
    hub = await hubProcess({ DATABASE_URL: pg.url });
    // Register the persisted query while the database is up.
    const registered = await fetch(`${hub.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: PERSISTED,
        extensions: {
          persistedQuery: { version: 1, sha256Hash: (await import('node:crypto')).createHash('sha256').update(PERSISTED).digest('hex') },
        },
      }),
    });
    expect(registered.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    hub?.child.kill('SIGKILL');
    pg?.destroy();
  });

  it('serves every kind of read while the database is up', async () => {
    expect(await everyRead(hub.base)).toEqual(SERVING);
  });

  it('answers SERVICE_UNAVAILABLE (503) to every kind of read when the database is down, idle and under load, then serves again', async () => {
    pg.stop();
    try {
      expect(await everyRead(hub.base)).toEqual(UNAVAILABLE);
      const load = await Promise.all(Array.from({ length: 40 }, () => everyRead(hub.base)));
      expect(load).toEqual(Array.from({ length: 40 }, () => UNAVAILABLE));
    } finally {
      pg.start();
    }
    const after = await servingAgain(hub.base);
    console.log(`database restarted: serving again after ${Math.round(after)} ms`);
    expect(await everyRead(hub.base)).toEqual(SERVING);
  }, 60_000);

  it('answers SERVICE_UNAVAILABLE (503) when the database is frozen, /readyz included, then serves again when it thaws', async () => {
    pg.freeze();
    try {
      const started = performance.now();
      expect(await everyRead(hub.base)).toEqual(UNAVAILABLE);
      console.log(`frozen database: every read answered 503 after ${Math.round(performance.now() - started)} ms`);
      const load = await Promise.all(Array.from({ length: 20 }, () => everyRead(hub.base)));
      expect(load).toEqual(Array.from({ length: 20 }, () => UNAVAILABLE));
    } finally {
      pg.thaw();
    }
    await servingAgain(hub.base);
    expect(await everyRead(hub.base)).toEqual(SERVING);
  }, 60_000);
});

/** Keep-alive clients sending requests one after another until the server goes; what each request met. */
function keepAliveLoad(base: string, clients: number, body: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const outcomes: Record<string, number> = {};
  let stop = false;
  const url = new URL(`${base}/graphql`);
  const one = () =>
    new Promise<string>((resolve) => {
      const req = request(
        { agent, host: url.hostname, port: url.port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(`HTTP ${res.statusCode}`));
          res.on('error', (e) => resolve((e as NodeJS.ErrnoException).code ?? e.message));
        },
      );
      req.on('error', (e) => resolve((e as NodeJS.ErrnoException).code ?? e.message));
      req.end(body);
    });
  const loops = Array.from({ length: clients }, async () => {
    while (!stop) {
      const outcome = await one();
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      // The server is gone: nothing more to learn from this client.
      if (outcome === 'ECONNREFUSED') break;
    }
  });
  return {
    outcomes,
    async finish() {
      stop = true;
      await Promise.all(loops);
      agent.destroy();
    },
  };
}

describe('shutdown', () => {
  const page = JSON.stringify({ query: '{ qualifications(first: 50) { nodes { slug issuer { name } } } }' });
  let pg: OwnPostgres | undefined;
  let env: Record<string, string>;
  let folder: string | undefined;
  beforeAll(async () => {
    if (engine === 'postgres') {
      pg = await ownPostgres();
      env = { DATABASE_URL: pg.url };
    } else {
      folder = mkdtempSync(join(tmpdir(), 'hub-shutdown-'));
      env = { HUB_DATA_DIR: folder };
    }
  }, 120_000);
  afterAll(() => {
    pg?.destroy();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it(`exits 0 on SIGTERM and on SIGINT when idle (${engine})`, async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const hub = await hubProcess(env);
      const started = performance.now();
      hub.child.kill(signal);
      expect(await hub.exited).toBe(0);
      console.log(`${engine}: idle, ${signal} → exit 0 after ${Math.round(performance.now() - started)} ms`);
    }
  }, 120_000);

  it(`finishes every request under keep-alive load, closes the connections, and exits 0 (${engine})`, async () => {
    const hub = await hubProcess(env);
    const load = keepAliveLoad(hub.base, 16, page);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const started = performance.now();
    hub.child.kill('SIGTERM');
    const code = await hub.exited;
    const took = performance.now() - started;
    await load.finish();
    console.log(
      `${engine}: under load, SIGTERM → exit ${code} after ${Math.round(took)} ms; requests met ${JSON.stringify(load.outcomes)}`,
    );
    expect(code).toBe(0);
    // Every request sent was answered in full; after the exit, new connections are refused.
    // Nothing was reset half-way, nothing failed with a 500.
    expect(Object.keys(load.outcomes).filter((k) => k !== 'HTTP 200' && k !== 'HTTP 503' && k !== 'ECONNREFUSED')).toEqual([]);
    expect(load.outcomes['HTTP 200']).toBeGreaterThan(10);
    expect(hub.output()).toMatch(/SIGTERM: draining and shutting down\n(.*\n)*stopped in \d+ ms\n/);
  }, 120_000);
});

onPglite('the embedded database’s folder', () => {
  it('is one process’s: a CLI on the folder of a running hub refuses, touching nothing; once the hub stops it runs', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'hub-folder-'));
    try {
      const hub = await hubProcess({ HUB_DATA_DIR: folder });
      const pidFile = join(folder, 'postmaster.pid');
      const before = existsSync(pidFile) ? readFileSync(pidFile, 'utf8') : null;
      const tool = (script: string, args: string[]) => {
        try {
          return {
            code: 0,
            out: execFileSync(process.execPath, ['--import', 'tsx', script, ...args], {
              env: { ...process.env, HUB_DATA_DIR: folder },
              stdio: 'pipe',
            }).toString(),
          };
        } catch (error) {
          const e = error as { status: number; stderr: Buffer };
          return { code: e.status, out: e.stderr.toString() };
        }
      };
      for (const [script, args] of [
        ['seeds/load.ts', ['seeds']],
        ['src/cli/export.ts', ['coverage', 'csv', 'jurisdictions=CN-BJ', 'groupBy=FIELD']],
        ['src/cli/accounts.ts', ['create', '--login', 'x']],
      ] as const) {
        const result = tool(script, [...args]);
        expect([script, result.code]).toEqual([script, 1]);
        expect(result.out).toContain(`The embedded database in ${folder} is in use by another process (pid ${hub.child.pid}`);
        expect(result.out).toContain('go through the running hub instead');
      }
      // The hub was not disturbed: same postmaster.pid, still serving.
      expect(existsSync(pidFile) ? readFileSync(pidFile, 'utf8') : null).toBe(before);
      expect((await fetch(`${hub.base}/readyz`)).status).toBe(200);
      hub.child.kill('SIGTERM');
      expect(await hub.exited).toBe(0);
      expect(existsSync(join(folder, 'talent-hub.lock'))).toBe(false);
      const after = tool('seeds/load.ts', ['seeds']);
      expect(after.code).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);

  it('takes over a lock left by a process that is gone', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'hub-folder-'));
    try {
      const hub = await hubProcess({ HUB_DATA_DIR: folder });
      hub.child.kill('SIGKILL');
      await hub.exited;
      expect(existsSync(join(folder, 'talent-hub.lock'))).toBe(true);
      const again = await hubProcess({ HUB_DATA_DIR: folder });
      expect((await fetch(`${again.base}/readyz`)).status).toBe(200);
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
