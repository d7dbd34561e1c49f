import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

/** A second hub process (`src/server.ts`) on the same PostgreSQL, as behind a load balancer. */
export async function secondProcess(url: string, env: Record<string, string> = {}): Promise<{ client: Client; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, ...env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', HUB_SEED_ON_EMPTY: 'false', NODE_ENV: 'test' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (i > 300 || child.exitCode !== null) throw new Error('the second hub process did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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
      const exited = new Promise((resolve) => child.once('exit', resolve));
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
