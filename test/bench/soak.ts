// npm run soak -- [--minutes 30] [--connections 8] [--out test/bench/results]
// A long mixed load on one hub process (production mode): reads of every kind, a write path's
// refusals, bad and over-limit queries, a flood of persisted-query hashes. RSS and heap are
// sampled every 10 s; the report (a table per sample and a curve) goes to the results folder.
// Not in CI: it measures and reports, it asserts nothing. With DATABASE_URL (an admin URL) it
// makes a database of its own there; without, the hub runs on PGlite in a temp folder.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';
import WebSocket from 'ws';
import { freePort } from '../helpers/process.ts';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 && argv[at + 1] ? argv[at + 1]! : fallback;
};
const minutes = Number(option('minutes', '30'));
const connections = Number(option('connections', '8'));
const outDir = option('out', 'test/bench/results');
const SAMPLE_MS = 10_000;

const adminUrl = process.env.DATABASE_URL;
let databaseUrl: string | undefined;
let folder: string | undefined;
const dbName = `talent_hub_soak_${randomBytes(3).toString('hex')}`;
if (adminUrl) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  databaseUrl = u.toString();
} else {
  folder = mkdtempSync(join(tmpdir(), 'hub-soak-'));
}

const port = await freePort();
const inspectPort = await freePort();
// The inspector lets the sampler force a full GC before reading the heap: what is still alive,
// not what the collector has yet to reach, which is what tells a leak from a busy heap.
const child: ChildProcess = spawn(process.execPath, [`--inspect=127.0.0.1:${inspectPort}`, '--import', 'tsx', 'src/server.ts'], {
  env: {
    ...process.env,
    NODE_ENV: 'production',
    HUB_LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '', HUB_DATA_DIR: folder! }),
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  if (
    await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  if (i > 600 || child.exitCode !== null) throw new Error('the hub did not start');
  await new Promise((r) => setTimeout(r, 100));
}

const debuggerUrl = ((await (await fetch(`http://127.0.0.1:${inspectPort}/json`)).json()) as { webSocketDebuggerUrl: string }[])[0]!
  .webSocketDebuggerUrl;
const inspector = new WebSocket(debuggerUrl);
await new Promise((resolve) => inspector.once('open', resolve));
let callId = 0;
const call = (method: string) =>
  new Promise<Record<string, number>>((resolve) => {
    const id = ++callId;
    const onMessage = (data: unknown) => {
      const message = JSON.parse(String(data)) as { id?: number; result: Record<string, number> };
      if (message.id === id) {
        inspector.off('message', onMessage);
        resolve(message.result);
      }
    };
    inspector.on('message', onMessage);
    inspector.send(JSON.stringify({ id, method }));
  });
await call('HeapProfiler.enable');
const liveHeapMb = async () => {
  await call('HeapProfiler.collectGarbage');
  return Math.round((await call('Runtime.getHeapUsage')).usedSize! / 104_857.6) / 10;
};

// The mix: what bureaus, dashboards and analysts ask, and what abusers send.
const persisted = '{ jurisdiction(code: "CN-SH") { code name } }';
const bodies: string[] = [
  { query: '{ catalogs { slug editionInForce { label entries(first: 100) { nodes { qualification { slug name issuer { name } } } } } } }' },
  {
    query:
      '{ qualificationRecognition(qualification: "ieee-fellow", asOf: "2025-10-01") { recognitions { jurisdiction { code } basis sources { title } } possible { jurisdiction { code } } } }',
  },
  { query: '{ coverage(jurisdictions: ["CN-BJ", "CN-SH", "CN-CQ", "CN-TJ"], groupBy: FIELD) { rows { group count } } }' },
  { query: '{ overlap(jurisdictions: ["CN-BJ", "CN-SH", "CN-CQ"]) { asOf } }' },
  { query: 'query($s: String) { qualifications(search: $s) { nodes { slug } } }', variables: { s: '会士' } },
  { query: '{ timeline(jurisdictions: ["CN-BJ", "CN-SH"], from: "2015-01-01", to: "2026-12-31") { totalCount } }' },
  { query: '{ statusRecognition(category: "A", grantedIn: "CN-CQ") { recognitions { jurisdiction { code } } } }' },
  { query: '{ changes(first: 20) { totalCount } }' },
  { query: '{ jurisdictions { code nameZh agreements { slug } } }' },
  { query: '{ nope }' },
  {
    query:
      '{ qualifications(first: 100) { nodes { recognitions { jurisdiction { honouredQualifications(first: 100) { nodes { qualification { slug } } } } } } } }',
  },
  {
    query:
      '{ qualifications(first: 100) { nodes { recognitions { jurisdiction { honouredQualifications(first: 100) { nodes { recognitions { jurisdiction { code } } } } } } } } }',
  },
  { query: 'mutation { revokeToken(id: "x") { __typename } }' },
  { query: persisted, extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(persisted).digest('hex') } } },
].map((b) => JSON.stringify(b));
let next = 0;
let flood = 0;
const setupRequest = (req: Record<string, unknown>) => {
  const i = next++;
  // Every 20th request registers a hash never seen before: the store must stay bounded.
  if (i % 20 === 19) {
    const query = `{ __typename soak${flood++}: __typename }`;
    return {
      ...req,
      body: JSON.stringify({
        query,
        extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } },
      }),
    };
  }
  return { ...req, body: bodies[i % bodies.length] };
};

const instance = autocannon({
  url: `${base}/graphql`,
  connections,
  duration: minutes * 60,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  requests: [{ setupRequest }],
});
let answered = 0;
const statuses: Record<string, number> = {};
instance.on('response', (_c, status) => {
  answered++;
  statuses[status] = (statuses[status] ?? 0) + 1;
});

interface Sample {
  minute: number;
  rssMb: number;
  heapMb: number;
  liveMb: number;
  lagP99Ms: number;
  reqPerS: number;
  persisted: number | null;
}
const samples: Sample[] = [];
const started = performance.now();
let lastAnswered = 0;
const metric = (text: string, name: string) =>
  Number(
    text
      .split('\n')
      .find((l) => l.startsWith(`${name} `))
      ?.split(' ')[1] ?? Number.NaN,
  );
const sampler = setInterval(async () => {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const text = await (await fetch(`${base}/metrics`)).text();
  const liveMb = await liveHeapMb();
  let persistedRows: number | null = null;
  if (databaseUrl) {
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    persistedRows = (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM persisted_queries`)[0]!.n;
    await sql.end();
  }
  samples.push({
    minute: Math.round(((performance.now() - started) / 60_000) * 100) / 100,
    rssMb: Math.round(rssKb / 102.4) / 10,
    heapMb: Math.round(metric(text, 'nodejs_heap_size_used_bytes') / 104_857.6) / 10,
    liveMb,
    lagP99Ms: Math.round(metric(text, 'nodejs_eventloop_lag_p99_seconds') * 10_000) / 10,
    reqPerS: Math.round((answered - lastAnswered) / (SAMPLE_MS / 1000)),
    persisted: persistedRows,
  });
  lastAnswered = answered;
  const s = samples.at(-1)!;
  console.error(
    `${s.minute} min: RSS ${s.rssMb} MB, heap ${s.heapMb} MB (${s.liveMb} MB live), lag p99 ${s.lagP99Ms} ms, ${s.reqPerS} req/s, persisted ${s.persisted ?? '-'}`,
  );
}, SAMPLE_MS);

const result = await instance;
clearInterval(sampler);
inspector.close();
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
if (adminUrl) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
}
if (folder) rmSync(folder, { recursive: true, force: true });

// The heap's trend over the second half (least squares, MB per minute): a leak shows as a slope.
const half = samples.slice(Math.floor(samples.length / 2));
const slope = (ys: number[], xs: number[]) => {
  const n = ys.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
};
const curve = (values: number[]) => {
  const bars = '▁▂▃▄▅▆▇█';
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return values.map((v) => bars[hi === lo ? 0 : Math.round(((v - lo) / (hi - lo)) * 7)]).join('');
};
const rss = samples.map((s) => s.rssMb);
const heap = samples.map((s) => s.heapMb);
const live = samples.map((s) => s.liveMb);
const trend = (of: (s: Sample) => number) =>
  Math.round(
    slope(
      half.map(of),
      half.map((s) => s.minute),
    ) * 1000,
  ) / 1000;
const day = new Date().toISOString().slice(0, 10);
const report = `# Soak: ${minutes} min of mixed load (${day})

\`npm run soak -- --minutes ${minutes} --connections ${connections}\` on ${databaseUrl ? 'PostgreSQL' : 'PGlite'}, one hub process
(production build of the source, \`NODE_ENV=production\`), ${connections} connections, the real seed data. The mix: a catalog
page, recognition of a qualification, coverage, overlap, search, a timeline, A-class status recognition, the change feed,
jurisdictions with agreements, an invalid query, two fan-out queries (one within the limits, one refused by cost), an
anonymous mutation (refused), a persisted query; every 20th request registers a hash never seen before (${flood} in all).
Errors are answered 200 in \`application/json\`, as GraphQL over HTTP asks. Each sample first forces a full GC through
the inspector, so "live" is what is still referenced; "heap" is Node's own figure, garbage included.

- Requests answered: ${result.requests.total} (${Math.round(result.requests.total / (minutes * 60))}/s on average); statuses ${JSON.stringify(statuses)};
  connection errors ${result.errors}, timeouts ${result.timeouts}.
- RSS: ${rss[0]} MB at the first sample, ${rss.at(-1)} MB at the last, at most ${Math.max(...rss)} MB.
- Live heap (after a full GC): ${live[0]} → ${live.at(-1)} MB, at most ${Math.max(...live)} MB; trend over the second half
  ${trend((s) => s.liveMb)} MB/min. Heap as Node reports it, garbage included: at most ${Math.max(...heap)} MB.
- RSS trend over the second half: ${trend((s) => s.rssMb)} MB/min.
- Persisted queries kept: ${
  samples
    .map((s) => s.persisted)
    .filter((p) => p !== null)
    .at(-1) ?? 'n/a (PGlite)'
} rows at the end (cap 10,000; TTL 1 day).

\`\`\`
RSS   ${curve(rss)}  ${Math.min(...rss)}–${Math.max(...rss)} MB
live  ${curve(live)}  ${Math.min(...live)}–${Math.max(...live)} MB
\`\`\`

| minute | RSS MB | live heap MB | heap MB | event-loop lag p99 ms | req/s | persisted queries |
|---:|---:|---:|---:|---:|---:|---:|
${samples.map((s) => `| ${s.minute} | ${s.rssMb} | ${s.liveMb} | ${s.heapMb} | ${s.lagP99Ms} | ${s.reqPerS} | ${s.persisted ?? '-'} |`).join('\n')}
`;
mkdirSync(outDir, { recursive: true });
const file = join(outDir, `soak-${day}.md`);
writeFileSync(file, report);
console.log(`wrote ${file}`);
