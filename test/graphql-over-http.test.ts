import { serverAudits } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { seededWorld } from './helpers/hub.ts';

// graphql-http's audit of the GraphQL over HTTP spec, against the real server: every MUST and
// SHOULD passes, with no warning (issue 12; graphql-http is kept for exactly this).
const world = seededWorld();

describe('GraphQL over HTTP', () => {
  it('passes every audit of graphql-http, with no warning', async () => {
    const audits = serverAudits({ url: () => `${world.hub.url}/graphql` });
    const results = [];
    for (const audit of audits) {
      const result = await audit.fn();
      results.push({ name: audit.name, status: result.status, ...(result.status === 'ok' ? {} : { reason: result.reason }) });
    }
    const notOk = results.filter((r) => r.status !== 'ok');
    expect(notOk).toEqual([]);
    console.log(`graphql-http audit: ${results.length} audits, ${results.length - notOk.length} ok`);
  });
});

describe('requests a browser makes by itself', () => {
  it('answers a GET query from the address bar, refuses a mutation over GET (405) and simple cross-site POSTs', async () => {
    const get = await fetch(`${world.hub.url}/graphql?query=${encodeURIComponent('{ jurisdiction(code: "CN-BJ") { code } }')}`);
    expect([get.status, ((await get.json()) as { data: unknown }).data]).toEqual([200, { jurisdiction: { code: 'CN-BJ' } }]);
    const mutation = 'mutation { revokeToken(id: "x") { __typename } }';
    const viaGet = await fetch(`${world.hub.url}/graphql?query=${encodeURIComponent(mutation)}`);
    expect(viaGet.status).toBe(405);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const post = await fetch(`${world.hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: JSON.stringify({ query: mutation }),
      });
      expect([type, post.status]).toEqual([type, 400]);
      expect(((await post.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
    }
    // A preflighted request is not a simple one: the rule lets it through (and Apollo wants JSON).
    const preflighted = await fetch(`${world.hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'apollo-require-preflight': 'true' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect([preflighted.status, ((await preflighted.json()) as any).errors[0].message]).toEqual([
      400,
      'POST body missing, invalid Content-Type, or JSON object has no keys.',
    ]);
  });

  it('gives a browser the explorer at /graphql without a query, and the answer with one', async () => {
    const accept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    const page = await fetch(`${world.hub.url}/graphql`, { headers: { accept } });
    expect([page.status, page.headers.get('content-type'), page.headers.get('content-security-policy')]).toEqual([
      200,
      'text/html; charset=utf-8',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ]);
    expect(await page.text()).toContain('/explorer/assets/explorer.js');
    const answer = await fetch(`${world.hub.url}/graphql?query=${encodeURIComponent('{ jurisdiction(code: "CN-SH") { nameZh } }')}`, {
      headers: { accept },
    });
    expect([answer.status, answer.headers.get('content-type'), ((await answer.json()) as any).data]).toEqual([
      200,
      'application/json; charset=utf-8',
      { jurisdiction: { nameZh: '上海市' } },
    ]);
    const assets = ['/explorer', '/explorer/assets/graphql.worker.js', '/explore', '/explore/assets/explore.js'];
    expect(await Promise.all(assets.map(async (a) => [a, (await fetch(`${world.hub.url}${a}`)).status]))).toEqual(
      assets.map((a) => [a, 200]),
    );
    // Only files of the build: nothing above it.
    expect((await fetch(`${world.hub.url}/explorer/assets/%2e%2e/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
  });

  it('keeps 400 for request errors answered as application/graphql-response+json, and 200 for application/json', async () => {
    const send = (accept: string) =>
      fetch(`${world.hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ query: '{ nope }' }),
      });
    const modern = await send('application/graphql-response+json');
    const legacy = await send('application/json');
    expect([modern.status, modern.headers.get('content-type'), legacy.status, legacy.headers.get('content-type')]).toEqual([
      400,
      'application/graphql-response+json; charset=utf-8',
      200,
      'application/json; charset=utf-8',
    ]);
  });
});
