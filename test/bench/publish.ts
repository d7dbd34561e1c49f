import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { loadConfig } from '../../src/config.ts';
import { connect, type Database } from '../../src/db/client.ts';
import { loadBundle } from '../../src/modules/bundle/bundle.load.ts';
import { prepareDatabase } from '../../src/modules/bundle/bundle.prepare.ts';
import { bundleFromObjects } from '../../src/modules/bundle/bundle.read.ts';
import { createAccount, issueToken } from '../../src/modules/governance/accounts.service.ts';
import { createHub } from '../../src/server.ts';

// npm run bench:publish -- [--entries 500] [--rounds 5] [--engine pglite|postgres]
// Times the write side through the real server: draft, submit, approve and publish an edition of
// N entries (each round supersedes the last). It measures and reports; it asserts nothing.
// NOTE: the qualifications and editions are synthetic ("bench-…"), written to a scratch database.

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    entries: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '5' },
    engine: { type: 'string', default: 'pglite' },
  },
});
const entries = Number(values.entries);
const rounds = Number(values.rounds);
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
  ] as const) {
    await createAccount(database.db, tool, { login, name: login, authority, roles: [...roles] });
    token[login] = (await issueToken(database.db, tool, login, null)).token;
  }
  const hub = await createHub(loadConfig({ NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0' }), database, () => {});
  const port = await hub.listen(0, '127.0.0.1');
  const call = async (login: string, query: string, variables: object) => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token[login]}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, { draft: { id: string } }>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  };
  const times: Record<string, number[]> = { create: [], submit: [], approve: [], publish: [] };
  let previous = '2025';
  for (let r = 0; r < rounds; r++) {
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
      times[name]!.push(performance.now() - t0);
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
  }
  const check = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `{ catalog(slug: "beijing-professional-qualifications") { editionInForce(asOf: "${2030 + rounds - 1}-06-01") { label entries { totalCount } } } }`,
    }),
  });
  const inForce = ((await check.json()) as { data: { catalog: { editionInForce: { label: string; entries: { totalCount: number } } } } })
    .data.catalog.editionInForce;
  await hub.stop();
  console.log(`in force after the last round: ${inForce.label} with ${inForce.entries.totalCount} entries`);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `publishing an edition of ${entries} entries through the API on ${database.engine}, ${rounds} rounds (median ms, then each round):`,
  );
  for (const [name, xs] of Object.entries(times))
    console.log(`  ${name.padEnd(8)} ${median(xs).toFixed(0).padStart(6)}   ${xs.map((x) => x.toFixed(0)).join(', ')}`);
} finally {
  await drop();
}
