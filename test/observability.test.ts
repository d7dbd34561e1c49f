import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/graphql/observability.ts';
import { createHub, type Hub } from '../src/server.ts';
import { accountWithToken } from './helpers/accounts.ts';
import { engine, type TestDatabase, testConfig, testDatabase } from './helpers/hub.ts';

// Logs (pino) and metrics (prom-client): what an operator sees, and what never reaches a log.
let db: TestDatabase;
let hub: Hub;
let base: string;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  db = await testDatabase({ seeded: true });
  const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
  hub = await createHub(testConfig({ NODE_ENV: 'production' }), db.database, undefined, logger);
  base = `http://127.0.0.1:${await hub.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await hub?.stop();
  await db?.drop();
});

const post = (body: object, headers: Record<string, string> = {}) =>
  fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('request logs', () => {
  it('log one line per request with its id, operation, duration and outcome; never a token or a variable', async () => {
    const { token } = await accountWithToken(db.database, 'obs-editor', 'beijing-hrss', ['EDITOR']);
    const secret = 'value-that-must-not-be-logged';
    await post(
      {
        query: 'query ByCode($code: String!) { jurisdiction(code: $code) { code } }',
        variables: { code: secret },
        operationName: 'ByCode',
      },
      { authorization: `Bearer ${token}`, 'x-request-id': 'req-obs-1' },
    );
    await post({ query: 'query Missing { qualificationRecognition(qualification: "nope") { asOf } }' }, { 'x-request-id': 'req-obs-2' });
    const mine = lines.filter((l) => typeof l.requestId === 'string' && (l.requestId as string).startsWith('req-obs-'));
    expect(
      mine.map(({ time, pid, host, ms, ...rest }) => ({ ...rest, ms: typeof ms, time: typeof time, pid: typeof pid, host: typeof host })),
    ).toEqual([
      {
        level: 30,
        msg: 'request',
        requestId: 'req-obs-1',
        method: 'POST',
        route: 'graphql',
        status: 200,
        operation: 'ByCode',
        type: 'query',
        outcome: 'ok',
        ms: 'number',
        time: 'string',
        pid: 'number',
        host: 'string',
      },
      {
        level: 30,
        msg: 'request',
        requestId: 'req-obs-2',
        method: 'POST',
        route: 'graphql',
        status: 200,
        operation: 'Missing',
        type: 'query',
        outcome: ['NOT_FOUND'],
        ms: 'number',
        time: 'string',
        pid: 'number',
        host: 'string',
      },
    ]);
    const everything = JSON.stringify(lines);
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(token);
  });
});

describe('/metrics', () => {
  const scrape = async () => (await fetch(`${base}/metrics`)).text();
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('counts requests and operations by name and outcome, errors by code, and reports the database and the event loop', async () => {
    const before = await scrape();
    const okBefore = value(before, 'hub_graphql_operations_total{operation="Regions",type="query",outcome="ok"}') ?? 0;
    for (let i = 0; i < 3; i++) await post({ query: 'query Regions { jurisdictions { code } }' });
    await post({ query: '{ qualification(slug: "nope") { slug } qualificationRecognition(qualification: "nope") { asOf } }' });
    const text = await scrape();
    expect(value(text, 'hub_graphql_operations_total{operation="Regions",type="query",outcome="ok"}')).toBe(okBefore + 3);
    expect(value(text, 'hub_graphql_operations_total{operation="anonymous",type="query",outcome="NOT_FOUND"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'hub_graphql_errors_total{code="NOT_FOUND"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'hub_graphql_duration_seconds_count{operation="Regions",type="query"}')).toBe(okBefore + 3);
    expect(value(text, 'hub_http_requests_total{route="graphql",method="POST",status="200"}')).toBeGreaterThanOrEqual(4);
    expect(value(text, 'hub_database_up')).toBe(1);
    expect(value(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(value(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    if (engine === 'postgres') {
      // The pool's connections, from pg_stat_activity under this process's application name.
      expect(text).toMatch(/^hub_database_connections\{state="idle"\} \d+$/m);
    }
  });

  it('keeps at most 200 operation names as labels, however many a client invents', async () => {
    for (let i = 0; i < 230; i++) await post({ query: `query Invented${i} { __typename }` });
    const text = await scrape();
    const names = new Set([...text.matchAll(/^hub_graphql_operations_total\{operation="([^"]+)"/gm)].map((m) => m[1]));
    expect(names.size).toBeLessThanOrEqual(203); // 200 names, anonymous, other
    expect(names.has('other')).toBe(true);
  });
});
