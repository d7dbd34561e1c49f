import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/db/client.ts';
import { startHub, type TestDatabase, type TestHub, testDatabase } from './helpers/hub.ts';

// Automatic persisted queries are registered by anonymous clients: the table that keeps them
// must stay bounded (issue 12, "bounded stores").

let db: TestDatabase;
let hub: TestHub;
beforeAll(async () => {
  db = await testDatabase({ seeded: true });
  hub = await startHub(db.database, { HUB_APQ_MAX_ENTRIES: '50', HUB_APQ_TTL_SECONDS: '3600' });
});
afterAll(async () => {
  await hub?.stop();
  await db?.drop();
});

const register = (text: string) =>
  fetch(`${hub.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: text,
      extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(text).digest('hex') } },
    }),
  }).then((r) => r.json() as Promise<{ data?: unknown; errors?: { extensions: { code: string } }[] }>);
const byHash = (text: string) =>
  fetch(`${hub.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(text).digest('hex') } } }),
  }).then((r) => r.json() as Promise<{ data?: unknown; errors?: { extensions: { code: string } }[] }>);

async function stored(): Promise<number> {
  const [row] = await rows<{ n: number }>(db.database.db, sql`SELECT count(*)::int AS n FROM persisted_queries`);
  return row!.n;
}

describe('persisted queries', () => {
  it('keep at most the cap after a flood of distinct hashes, each with an expiry; the newest still answer', async () => {
    const texts = Array.from({ length: 200 }, (_, i) => `{ q${i}: jurisdiction(code: "CN-BJ") { code } }`);
    for (const text of texts) expect((await register(text)).data).toEqual({ [text.slice(2, text.indexOf(':'))]: { code: 'CN-BJ' } });
    // Apollo writes a registration without awaiting it: let the last ones land.
    for (let i = 0; i < 100 && (await stored()) > 50; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    expect(await stored()).toBe(50);
    const [open] = await rows<{ n: number }>(
      db.database.db,
      sql`SELECT count(*)::int AS n FROM persisted_queries WHERE expires_at IS NULL OR expires_at > now() + interval '1 hour'`,
    );
    expect(open!.n).toBe(0);
    expect((await byHash(texts.at(-1)!)).data).toEqual({ q199: { code: 'CN-BJ' } });
    expect((await byHash(texts[0]!)).errors?.[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});
