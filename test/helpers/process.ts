import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { accountWithToken } from './accounts.ts';
import type { TestHub } from './hub.ts';

/** What a test needs of a hub it talks to over HTTP: its URL and authenticated requests. */
export type Client = Pick<TestHub, 'url' | 'gqlAs'>;

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A hub process (`src/server.ts`) of its own, started and ready, with what it printed. */
export interface HubProcess {
  base: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

export async function hubProcess(env: Record<string, string>): Promise<HubProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, NODE_ENV: 'production', HUB_SHUTDOWN_GRACE_MS: '8000', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk).slice(-200_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (i > 600 || child.exitCode !== null) throw new Error(`the hub process did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { base, child, exited, output: () => output };
}

/** A second hub process on the same PostgreSQL, as behind a load balancer. */
export async function secondProcess(url: string, env: Record<string, string> = {}): Promise<{ client: Client; stop: () => Promise<void> }> {
  const { base, child, exited } = await hubProcess({ ...env, DATABASE_URL: url, HUB_SEED_ON_EMPTY: 'false', NODE_ENV: 'test' });
  const gqlAs: Client['gqlAs'] = async (authorization, query, variables) => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${authorization}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as never, headers: res.headers };
  };
  return {
    client: { url: base, gqlAs },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A second hub instance on the test's database: on PostgreSQL a second process, as behind a
 * load balancer; on PGlite, which lives in one process, a second server on the same database.
 */
export async function secondInstance(
  db: { database: import('../../src/db/client.ts').Database; url: string | undefined },
  env: Record<string, string> = {},
): Promise<{ client: Client; stop: () => Promise<void> }> {
  const { engine, startHub } = await import('./hub.ts');
  if (engine === 'postgres') return secondProcess(db.url!, env);
  const hub = await startHub(db.database, env);
  return { client: hub, stop: () => hub.stop() };
}

/**
 * For a file's tests across two hub instances: a second instance on the seeded world's database
 * (see `secondInstance`), and editor tokens of one authority, made before the tests and the
 * instance stopped after them. Read `pair.second` inside tests.
 */
export function secondInstanceWithEditors(
  world: { db: { database: import('../../src/db/client.ts').Database; url: string | undefined } },
  authority: string,
  logins: string[],
): { second: Client; who: Record<string, string> } {
  const pair = { second: undefined as unknown as Client, who: {} as Record<string, string> };
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const started = await secondInstance(world.db);
    pair.second = started.client;
    stop = started.stop;
    for (const login of logins) pair.who[login] = (await accountWithToken(world.db.database, login, authority, ['EDITOR'])).token;
  });
  afterAll(async () => {
    await stop?.();
  });
  return pair;
}
