import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { loadConfig } from '../../src/config.ts';
import { connect, type Database } from '../../src/db/client.ts';
import { loadBundle } from '../../src/modules/bundle/bundle.load.ts';
import { prepareDatabase } from '../../src/modules/bundle/bundle.prepare.ts';
import { bundleFromObjects } from '../../src/modules/bundle/bundle.read.ts';
import { createAccount, issueToken } from '../../src/modules/governance/accounts.service.ts';
import { createHub } from '../../src/server.ts';
import { syntheticBundle } from './synthetic.ts';

// npm run bench:publish -- [--entries 500] [--rounds 5] [--engine pglite|postgres] [--seconds 5]
// Times the write side through the real server: draft, submit, approve and publish an edition of
// N entries (each round supersedes the last); reads under load with and without publishes going
// on (their p99 side by side); and importBundle of the 1× synthetic bundle, checked and written.
// It measures and reports; it asserts nothing.
// NOTE: the qualifications and editions are synthetic ("bench-…"), written to a scratch database.

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    entries: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '5' },
    engine: { type: 'string', default: 'pglite' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '8' },
  },
});
const entries = Number(values.entries);
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function scratch(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (values.engine === 'pglite') {
    const database = await connect({ dataDir: 'memory://' });
    return { database, drop: () => database.close() };
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe('DROP DATABASE IF EXISTS talent_hub_bench_publish WITH (FORCE)');
  await admin.unsafe('CREATE DATABASE talent_hub_bench_publish');
  const url = new URL(adminUrl);
  url.pathname = '/talent_hub_bench_publish';
  const database = await connect({ databaseUrl: url.toString(), poolSize: 4 });
  return {
    database,
    drop: async () => {
      await database.close();
      await admin.unsafe('DROP DATABASE talent_hub_bench_publish WITH (FORCE)');
      await admin.end();
    },
  };
}

const { database, drop } = await scratch();
try {
  await prepareDatabase(database, { seedOnEmpty: true });
  const qualifications = Array.from({ length: entries }, (_, i) => ({ slug: `bench-q-${i}`, name: `Benchmark qualification ${i}` }));
  await loadBundle(database.db, bundleFromObjects([{ name: 'bench-publish', qualifications }]));
  const tool = { actor: null, tool: 'bench' };
  const token: Record<string, string> = {};
  for (const [login, authority, roles] of [
    ['bench-editor', 'beijing-hrss', ['EDITOR']],
    ['bench-editor-2', 'beijing-talent-work-bureau', ['EDITOR']],
    ['bench-admin', 'mohrss', ['ADMIN']],
  ] as const) {
    await createAccount(database.db, tool, { login, name: login, authority, roles: [...roles] });
    token[login] = (await issueToken(database.db, tool, login, null)).token;
  }
  // The 1× bundle is about 0.9 MB: an operator importing it raises HUB_BODY_LIMIT_BYTES (100 kB by default).
  const hub = await createHub(
    loadConfig({ NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', HUB_BODY_LIMIT_BYTES: '4000000' }),
    database,
    () => {},
  );
  const port = await hub.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/graphql`;
  const call = async (login: string, query: string, variables: object) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token[login]}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  };
  const times: Record<string, number[]> = { create: [], submit: [], approve: [], publish: [] };
  let previous = '2025';
  let published = 0;
  /** One edition drafted, submitted, approved (by a second editor) and published, superseding the last. */
  const publishRound = async (r: number, timed: boolean) => {
    const label = `bench-${r}`;
    const edition = {
      label,
      title: `Benchmark edition ${r}`,
      validFrom: `${2030 + r}-01-01`,
      declaredSize: entries,
      lists: [{ code: 'general', name: 'General' }],
      entries: qualifications.map((q) => ({
        qualification: q.slug,
        lists: ['general'],
        sources: [{ instrument: 'beijing-2025-catalog-notice' }],
      })),
      sources: [{ instrument: 'beijing-2025-catalog-notice' }],
    };
    const step = async (name: string, fn: () => Promise<unknown>) => {
      const t0 = performance.now();
      const out = await fn();
      if (timed) times[name]!.push(performance.now() - t0);
      return out;
    };
    const created = (await step('create', () =>
      call('bench-editor', 'mutation($input: EditionDraftInput!) { createEditionDraft(input: $input) { draft { id } } }', {
        input: { catalog: 'beijing-professional-qualifications', edition, supersedes: previous },
      }),
    )) as { createEditionDraft: { draft: { id: string } } };
    const id = created.createEditionDraft.draft.id;
    await step('submit', () => call('bench-editor', 'mutation($id: ID!) { submitDraft(id: $id) { draft { id } } }', { id }));
    await step('approve', () => call('bench-editor-2', 'mutation($id: ID!) { approveDraft(id: $id) { draft { id } } }', { id }));
    await step('publish', () => call('bench-editor', 'mutation($id: ID!) { publish(id: $id) { draft { id } } }', { id }));
    previous = label;
    published = r + 1;
  };
  for (let r = 0; r < rounds; r++) await publishRound(r, true);
  const inForceAt = async (day: string) =>
    (
      (await call(
        'bench-editor',
        `{ catalog(slug: "beijing-professional-qualifications") { editionInForce(asOf: "${day}") { label entries { totalCount } } } }`,
        {},
      )) as { catalog: { editionInForce: { label: string; entries: { totalCount: number } } } }
    ).catalog.editionInForce;
  const inForce = await inForceAt(`${2030 + rounds - 1}-06-01`);

  // Reads a dashboard makes while a bureau publishes: the edition in force and a page of it, and
  // who honours a qualification it lists, on days the publishes change.
  const reads = Array.from({ length: 40 }, (_, i) =>
    JSON.stringify({
      query:
        i % 2
          ? `{ catalog(slug: "beijing-professional-qualifications") { editionInForce(asOf: "${2030 + (i % rounds)}-06-01") { label entries(first: 50) { totalCount nodes { qualification { slug name } } } } } }`
          : `{ qualificationRecognition(qualification: "bench-q-${i}", asOf: "${2030 + (i % rounds)}-06-01") { recognitions { jurisdiction { code } basis edition { label } } } }`,
    }),
  );
  const readLoad = async () => {
    let next = 0;
    let failed = 0;
    const latencies: number[] = [];
    const instance = autocannon({
      url,
      connections,
      duration: seconds,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (req: any) => ({ ...req, body: reads[next++ % reads.length] }),
          onResponse: (status: number, body: string) => {
            if (status !== 200 || body.includes('"errors":[')) failed++;
          },
        },
      ],
    });
    instance.on('response', (_c: unknown, _s: number, _b: number, ms: number) => latencies.push(ms));
    const result = await instance;
    latencies.sort((a, b) => a - b);
    const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
    return { rps: Math.round(result.requests.total / result.duration), p50: at(50), p99: at(99), failed: failed + result.errors };
  };
  await readLoad(); // warm-up
  const quiet = await readLoad();
  let publishing = true;
  const during: number[] = [];
  const writer = (async () => {
    while (publishing) {
      const t0 = performance.now();
      await publishRound(published, false);
      during.push(performance.now() - t0);
    }
  })();
  const busy = await readLoad();
  publishing = false;
  await writer;
  const last = await inForceAt(`${2030 + published - 1}-06-01`);

  // importBundle of the 1× synthetic data (every region's catalogs, ten years of editions): a
  // check (dryRun) and then the write, as an operator (ADMIN) does it through the API.
  const synthetic = syntheticBundle({ scale: 1 });
  const importTimes: Record<string, number> = {};
  let report: Record<string, number> | null = null;
  for (const dryRun of [true, false]) {
    const t0 = performance.now();
    const out = (await call(
      'bench-admin',
      'mutation($b: JSON!, $dry: Boolean) { importBundle(bundle: $b, dryRun: $dry) { written problems { record message } report } }',
      { b: synthetic.bundle, dry: dryRun },
    )) as { importBundle: { written: boolean; problems: unknown[]; report: Record<string, number> | null } };
    importTimes[dryRun ? 'check' : 'write'] = performance.now() - t0;
    if (out.importBundle.problems.length > 0) throw new Error(`importBundle: ${JSON.stringify(out.importBundle.problems.slice(0, 3))}`);
    if (!dryRun) report = out.importBundle.report;
  }
  await hub.stop();

  console.log(`in force after the timed rounds: ${inForce.label} with ${inForce.entries.totalCount} entries`);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `publishing an edition of ${entries} entries through the API on ${database.engine}, ${rounds} rounds (median ms, then each round):`,
  );
  for (const [name, xs] of Object.entries(times))
    console.log(`  ${name.padEnd(8)} ${median(xs).toFixed(0).padStart(6)}   ${xs.map((x) => x.toFixed(0)).join(', ')}`);
  const ms = (x: number) => x.toFixed(1);
  console.log(
    `reads at ${connections} connections for ${seconds} s (an edition page and qualificationRecognition, days the publishes change):`,
  );
  console.log(`  quiet:             ${quiet.rps} req/s, p50 ${ms(quiet.p50)} ms, p99 ${ms(quiet.p99)} ms, ${quiet.failed} failed`);
  console.log(
    `  during publishing: ${busy.rps} req/s, p50 ${ms(busy.p50)} ms, p99 ${ms(busy.p99)} ms, ${busy.failed} failed; ` +
      `${during.length} editions published meanwhile (median ${during.length ? median(during).toFixed(0) : '–'} ms each, draft to publish)`,
  );
  console.log(
    `  p99 during publishing / quiet: ${(busy.p99 / quiet.p99).toFixed(2)}×; in force at the end: ${last.label} (${last.entries.totalCount} entries)`,
  );
  console.log(
    `importBundle of the 1× synthetic bundle (${synthetic.counts.editions} editions, ${synthetic.counts.entries} entries, ${synthetic.counts.qualifications} qualifications, ${(JSON.stringify(synthetic.bundle).length / 1e6).toFixed(2)} MB): ` +
      `check (dryRun) ${importTimes.check!.toFixed(0)} ms, write ${importTimes.write!.toFixed(0)} ms; written: ${JSON.stringify(report)}`,
  );
} finally {
  await drop();
}
