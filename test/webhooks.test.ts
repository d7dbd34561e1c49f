import { createServer, type IncomingMessage, type Server } from 'node:http';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/db/client.ts';
import { verifySignature } from '../src/modules/webhook/webhook.rules.ts';
import { accountWithToken } from './helpers/accounts.ts';
import { engine, seededWorld, startHub, type TestHub } from './helpers/hub.ts';
import { secondInstance } from './helpers/process.ts';

// Webhooks (issue 11, part 3): deliveries written with the change, sent by every hub's worker,
// signed, retried, never twice. The receiver is a server the test runs on loopback, which an
// admin allows for the webhook.

const FAST = { HUB_WEBHOOK_POLL_MS: '50', HUB_WEBHOOK_RETRY_BASE_MS: '50', HUB_WEBHOOK_MAX_ATTEMPTS: '5', HUB_WEBHOOK_DISABLE_AFTER: '3' };
const world = seededWorld();
let stopOther: () => Promise<void>;
const who: Record<string, string> = {};

interface Received {
  at: number;
  body: string;
  signature: string;
  event: string;
}
/** A receiver: it records what it is sent, answering with the next status of `answers` (then 200). */
async function receiver(answers: number[] = []) {
  const got: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const status = answers.shift() ?? 200;
      if (status === 200)
        got.push({
          at: performance.now(),
          body,
          signature: String(req.headers['x-hub-signature']),
          event: String(req.headers['x-hub-event']),
        });
      res.writeHead(status);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    got,
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`,
    close: () => new Promise((r) => server.close(r)),
  };
}

async function as(login: string, query: string, variables: Record<string, unknown> = {}, hub: TestHub = world.hub) {
  const { body } = await hub.gqlAs(who[login]!, query, variables);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}
const REGISTER = `mutation($input: WebhookInput!) { registerWebhook(input: $input) { secret webhook { id url kinds allowPrivate disabledAt } } }`;

async function publishTianjin(label: string, validFrom: string, supersedes: string) {
  const input = {
    catalog: 'tianjin-overseas-qualifications',
    supersedes,
    edition: { label, title: `Test fixture: Tianjin ${label}`, validFrom, sources: [{ instrument: 'peoples-daily-tianjin-2-0' }] },
  };
  const id = (
    await as('tj-editor', `mutation($input: EditionDraftInput!) { createEditionDraft(input: $input) { draft { id } } }`, { input })
  ).createEditionDraft.draft.id;
  await as('tj-editor', `mutation($id: ID!) { submitDraft(id: $id) { draft { id } } }`, { id });
  await as('tj-editor-2', `mutation($id: ID!) { approveDraft(id: $id) { draft { id } } }`, { id });
  await as('tj-editor', `mutation($id: ID!) { publish(id: $id) { draft { id } } }`, { id });
  return performance.now();
}

async function until(check: () => boolean | Promise<boolean>, ms = 8000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  // The seeded world's own hub runs a worker too; a second hub on the same database is a second worker.
  await world.hub.stop();
  world.hub = await startHub(world.db.database, FAST);
  // A second worker: on PostgreSQL in a second process, as behind a load balancer.
  stopOther = (await secondInstance(world.db, FAST)).stop;
  who.admin = (await accountWithToken(world.db.database, 'hook-admin', 'mohrss', ['ADMIN'])).token;
  who['tj-editor'] = (await accountWithToken(world.db.database, 'tj-editor', 'tianjin-hrss', ['EDITOR'])).token;
  who['tj-editor-2'] = (await accountWithToken(world.db.database, 'tj-editor-2', 'tianjin-hrss', ['EDITOR'])).token;
});
afterAll(async () => {
  await stopOther?.();
});

describe('webhooks', () => {
  it('refuses private addresses to editors, and other schemes to anyone', async () => {
    for (const [url, message] of [
      ['http://127.0.0.1:9/x', 'url: loopback and private addresses are refused (an admin may allow them for a webhook)'],
      ['http://localhost/x', 'url: loopback and private addresses are refused (an admin may allow them for a webhook)'],
      ['http://10.1.2.3/x', 'url: loopback and private addresses are refused (an admin may allow them for a webhook)'],
      ['ftp://example.org/x', 'url: only http(s) URLs'],
    ]) {
      const { body } = await world.hub.gqlAs(who['tj-editor']!, REGISTER, { input: { url } });
      expect([url, body.errors?.[0]?.message, body.errors?.[0]?.extensions?.code]).toEqual([url, message, 'BAD_USER_INPUT']);
    }
    const { body } = await world.hub.gqlAs(who['tj-editor']!, REGISTER, { input: { url: 'http://127.0.0.1:9/x', allowPrivate: true } });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'admin-only' });
  });

  it('delivers each change once, signed, with two workers; a receiver that fails twice gets one success after retries', async () => {
    const flaky = await receiver([500, 503]);
    const sink = await receiver();
    const registered = (await as('admin', REGISTER, { input: { url: flaky.url, kinds: ['EDITION_PUBLISHED'], allowPrivate: true } }))
      .registerWebhook;
    expect(registered.secret).toMatch(/^whsec_/);
    expect(registered.webhook).toMatchObject({ url: flaky.url, kinds: ['EDITION_PUBLISHED'], allowPrivate: true, disabledAt: null });
    const all = (await as('admin', REGISTER, { input: { url: sink.url, allowPrivate: true } })).registerWebhook;

    const answered = await publishTianjin('hook-1', '2029-01-01', '2.0');
    await until(() => flaky.got.length >= 1 && sink.got.length >= 2);
    // Measured, not asserted: the closing note reports it.
    console.log(`publish answer → webhook delivered (${engine}): ${(Math.min(...sink.got.map((g) => g.at)) - answered).toFixed(0)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 400)); // time for any duplicate to arrive
    const kinds = (r: { got: Received[] }) =>
      r.got.map((g) => {
        const b = JSON.parse(g.body) as { kind: string; subjectKey: string };
        return `${b.subjectKey} ${b.kind}`;
      });
    expect(kinds(flaky)).toEqual(['tianjin-overseas-qualifications@hook-1 EDITION_PUBLISHED']);
    expect(kinds(sink).sort()).toEqual([
      'tianjin-overseas-qualifications@2.0 EDITION_SUPERSEDED',
      'tianjin-overseas-qualifications@hook-1 EDITION_PUBLISHED',
    ]);
    // Two workers, each event once.
    expect(new Set(sink.got.map((g) => g.event)).size).toBe(2);
    const now = Math.floor(Date.now() / 1000);
    expect(verifySignature(registered.secret, flaky.got[0]!.body, flaky.got[0]!.signature, now)).toBe(true);
    expect(verifySignature(all.secret, flaky.got[0]!.body, flaky.got[0]!.signature, now)).toBe(false);
    expect(verifySignature(registered.secret, `${flaky.got[0]!.body} `, flaky.got[0]!.signature, now)).toBe(false);

    const deliveries = (
      await as(
        'admin',
        `query($w: Int!) { webhookDeliveries(webhook: $w) { totalCount nodes { status attempts lastStatus attemptLog { status } } } }`,
        { w: registered.webhook.id },
      )
    ).webhookDeliveries;
    expect(deliveries).toEqual({
      totalCount: 1,
      nodes: [{ status: 'DELIVERED', attempts: 3, lastStatus: 200, attemptLog: [{ status: 500 }, { status: 503 }, { status: 200 }] }],
    });
    await flaky.close();
    await sink.close();
  });

  it('writes no event and no delivery for a change that is rolled back', async () => {
    const sink = await receiver();
    await as('admin', REGISTER, { input: { url: sink.url, allowPrivate: true } });
    const count = sql`SELECT (SELECT count(*)::int FROM webhook_deliveries) AS deliveries, (SELECT count(*)::int FROM change_events) AS events`;
    const before = await rows(world.db.database.db, count);
    await world.db.database.db
      .transaction(async (tx) => {
        const { appendChanges } = await import('../src/modules/change/change.store.ts');
        await appendChanges(tx as never, [
          {
            kind: 'CORRECTION',
            subjectType: 'catalog_edition',
            subjectId: 1,
            subjectKey: 'x@y',
            jurisdictionId: null,
            effectiveOn: '2026-01-01',
            summary: 'never committed',
            details: {},
            instrumentIds: [],
            qualificationIds: [],
          },
        ]);
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(await rows(world.db.database.db, count)).toEqual(before);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sink.got).toEqual([]);
    await sink.close();
  });

  it('disables an endpoint after consecutive failures, and enables it again', async () => {
    const down = await receiver([500, 500, 500, 500, 500, 500, 500, 500]);
    const w = (await as('admin', REGISTER, { input: { url: down.url, kinds: ['EDITION_PUBLISHED'], allowPrivate: true } })).registerWebhook
      .webhook;
    await publishTianjin('hook-2', '2030-01-01', 'hook-1');
    const state = async () =>
      (await as('admin', `{ webhooks { id consecutiveFailures disabledAt } }`)).webhooks.find((x: { id: number }) => x.id === w.id) as {
        consecutiveFailures: number;
        disabledAt: string | null;
      };
    await until(async () => (await state()).disabledAt !== null);
    expect((await state()).consecutiveFailures).toBe(3);
    const enabled = (
      await as('admin', `mutation($id: Int!) { enableWebhook(id: $id) { webhook { consecutiveFailures disabledAt } } }`, { id: w.id })
    ).enableWebhook.webhook;
    expect(enabled).toEqual({ consecutiveFailures: 0, disabledAt: null });
    await down.close();
  });

  it('keeps at most 50 webhooks per account, also when registrations arrive at once', async () => {
    const editor = (await accountWithToken(world.db.database, 'sh-hooks', 'shanghai-hrss', ['EDITOR'])).token;
    const answers = await Promise.all(
      Array.from({ length: 55 }, (_, i) => world.hub.gqlAs(editor, REGISTER, { input: { url: `https://hooks.example.org/sh/${i}` } })),
    );
    const codes = answers.map((a) => (a.body.errors ? String(a.body.errors[0]!.extensions?.code) : 'ok'));
    expect([codes.filter((c) => c === 'ok').length, codes.filter((c) => c === 'CONFLICT').length]).toEqual([50, 5]);
    const refused = answers.find((a) => a.body.errors)!.body.errors![0]!;
    expect([refused.message, refused.extensions]).toEqual([
      'An account has at most 50 webhooks: remove one (or reuse one with wider filters) first',
      { code: 'CONFLICT', rule: 'webhooks-per-account' },
    ]);
    // Disabled so the delivery worker leaves these addresses alone.
    const kept = await rows<{ n: number }>(
      world.db.database.db,
      sql`UPDATE webhooks w SET disabled_at = now() FROM accounts a WHERE a.id = w.owner_id AND a.login = 'sh-hooks' RETURNING 1 AS n`,
    );
    expect(kept).toHaveLength(50);
  });
});
