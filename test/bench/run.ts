import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { connect } from '../../src/db/client.ts';
import { loadBundle } from '../../src/modules/bundle/bundle.load.ts';
import { prepareDatabase } from '../../src/modules/bundle/bundle.prepare.ts';
import { bundleFromObjects } from '../../src/modules/bundle/bundle.read.ts';
import { prng, syntheticBundle } from './synthetic.ts';

// npm run bench -- [options]: the hub against PostGraphile 5 and a raw-SQL floor on one
// PostgreSQL, with the hub built and run as in production. See the README ("Benchmark").
// A benchmark measures and reports; it asserts nothing about time. It does fail when a target
// answers wrongly or with errors, because a fast wrong answer is not a result.

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    scales: { type: 'string', default: 'seed,1' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
    pool: { type: 'string', default: '10' },
    only: { type: 'string' },
    out: { type: 'string', default: `${root}test/bench/results` },
    profile: { type: 'boolean', default: false },
    readme: { type: 'boolean', default: false },
    prepare: { type: 'boolean', default: false },
    instances: { type: 'string', default: '1' },
    render: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`npm run bench -- [--scales seed,1,10,100] [--duration s] [--warmup s] [--rounds n] [--connections n]
                  [--pool n] [--only W1,W4] [--out dir] [--profile] [--readme] [--prepare]
                  [--instances n]
--prepare builds (or checks) each scale's database, then stops without measuring.
--render <report.json> writes the markdown of a saved report again (and README.md with --readme).
--instances 2 runs two hub processes on the one database, the load generator's connections
  spread over them round-robin (as a load balancer would); their CPU is summed, RSS is per process.
DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
each scale gets its own database talent_hub_bench_<scale> there, loaded once and reused.`);
  process.exit(0);
}
const settings = {
  scales: args.scales!.split(',').map((s) => s.trim()),
  durationSeconds: Number(args.duration),
  warmupSeconds: Number(args.warmup),
  rounds: Number(args.rounds),
  connections: Number(args.connections),
  poolSize: Number(args.pool),
  only: args.only ? new Set(args.only.split(',')) : null,
  instances: Number(args.instances),
};
if (!Number.isInteger(settings.instances) || settings.instances < 1) throw new Error('--instances: a whole number, at least 1');
for (const s of settings.scales)
  if (s !== 'seed' && !(Number(s) > 0)) throw new Error(`--scales: "${s}" is neither "seed" nor a positive number`);
const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

// ---------------------------------------------------------------------------------------------
// Databases: one per scale, loaded through the normal bundle loader, reused while it matches.

function databaseUrl(name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

interface Prepared {
  url: string;
  loadMs: number | null;
  counts: Record<string, number>;
}

async function prepareScale(scale: string): Promise<Prepared> {
  const name = `talent_hub_bench_${scale.replace('.', '_')}`;
  const synthetic = scale === 'seed' ? null : syntheticBundle({ scale: Number(scale) });
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`;
  let fresh = !exists;
  if (exists && synthetic) {
    // Reused only while it holds exactly what the generator makes now: a database left by an
    // older generator is dropped, not loaded over (its extra catalogs would stay).
    const sql = postgres(databaseUrl(name), { max: 1, onnotice: () => {} });
    const [held] = await sql<{ entries: number; editions: number; qualifications: number }[]>`
      SELECT (SELECT count(*)::int FROM catalog_entries e JOIN catalog_editions ed ON ed.id = e.edition_id JOIN catalogs c ON c.id = ed.catalog_id WHERE c.slug LIKE 'syn-%') AS entries,
             (SELECT count(*)::int FROM catalog_editions ed JOIN catalogs c ON c.id = ed.catalog_id WHERE c.slug LIKE 'syn-%') AS editions,
             (SELECT count(*)::int FROM qualifications WHERE slug LIKE 'syn-q-%') AS qualifications`.catch(() => [
      { entries: -1, editions: -1, qualifications: -1 },
    ]);
    await sql.end();
    const { counts } = synthetic;
    if (held!.entries !== counts.entries || held!.editions !== counts.editions || held!.qualifications !== counts.qualifications) {
      console.error(`${name} holds other synthetic data (${JSON.stringify(held)}): dropping it`);
      await admin.unsafe(`DROP DATABASE ${name} WITH (FORCE)`);
      fresh = true;
    }
  }
  if (fresh) await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = databaseUrl(name);
  const database = await connect({ databaseUrl: url, poolSize: 2 });
  try {
    await prepareDatabase(database, { seedOnEmpty: true });
    let loadMs: number | null = null;
    if (synthetic && fresh) {
      const { bundle, counts } = synthetic;
      console.error(
        `loading the ${scale}× synthetic bundle (${counts.entries} entries, ${counts.editions} editions, ${counts.qualifications} qualifications) into ${name} …`,
      );
      const started = performance.now();
      let last = '';
      await loadBundle(database.db, bundleFromObjects([bundle]), {
        onProgress(step, done, total) {
          if (done === total && step !== last) {
            last = step;
            console.error(`  ${step}: ${total} (${Math.round(performance.now() - started)} ms)`);
          }
        },
      });
      loadMs = Math.round(performance.now() - started);
      console.error(`  loaded in ${loadMs} ms`);
    }
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    // NOTE: VACUUM as well as ANALYZE: a freshly loaded table has no page marked all-visible, so
    // every index-only scan reads the heap too, which a database in service (autovacuumed, its
    // published rows never updated) does not. At 100× this moved a search's one-connection p50
    // from 80 to 47 ms: the bench measures the steady state, and says so here.
    await sql`VACUUM (ANALYZE)`;
    // Coverage counts kept by an earlier run would answer W6 before this run made any: every run
    // starts with none, and makes its own in the checks and the warm-up.
    await sql`TRUNCATE coverage_counts`;
    const [counts] = await sql<Record<string, number>[]>`
      SELECT (SELECT count(*)::int FROM catalog_editions) AS editions, (SELECT count(*)::int FROM catalog_entries) AS entries,
             (SELECT count(*)::int FROM qualifications) AS qualifications, (SELECT count(*)::int FROM recognition_agreements) AS agreements`;
    await sql.end();
    return { url, loadMs, counts: { ...counts! } };
  } finally {
    await database.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Servers: separate processes, started as in production, their memory sampled from /proc.

interface Server {
  name: string;
  url: string;
  /** Where the load generator sends requests: one URL, or one per instance. */
  urls: string[];
  child: ChildProcess;
  children: ChildProcess[];
  /** The largest process's peak, in MB. */
  peakRssMb: number;
  sampleRss(): number;
  /** CPU seconds of every process together. */
  cpuSeconds(): number;
}

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

/** The machine's CPU ticks so far, and those stolen by the hypervisor (/proc/stat, first line). */
function machineTicks(): { total: number; steal: number } {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { total: fields.slice(0, 8).reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
  } catch {
    return { total: 0, steal: 0 };
  }
}

/** CPU seconds (user + system) the process has used: /proc/<pid>/stat fields 14 and 15, in ticks of 1/100 s. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds (by pid) of every PostgreSQL process on the machine (backends, checkpointer, WAL
 * writer …): the database's share of a request, which the server's own CPU does not show.
 */
function databaseCpu(): Map<string, number> {
  const byPid = new Map<string, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith('postgres')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byPid.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // The process ended while the folder was read.
    }
  }
  return byPid;
}

/**
 * The CPU PostgreSQL used between two snapshots: a process started since counts whole; one that
 * exited since (an autovacuum worker) takes its share with it, the servers' pools keep theirs open.
 */
function databaseCpuSince(before: Map<string, number>): number {
  let total = 0;
  for (const [pid, seconds] of databaseCpu()) total += seconds - (before.get(pid) ?? 0);
  return total;
}

async function startServer(name: string, command: string[], env: Record<string, string>, port: number, path: string): Promise<Server> {
  const child = spawn(process.execPath, command, {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The tail only: the hub logs a line per request, which would pile up here for a whole run.
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}${path}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }","op":"W4","variables":{"id":0}}',
      });
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} did not start within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return group(name, [{ url, child }]);
}

function group(name: string, processes: { url: string; child: ChildProcess }[]): Server {
  const server: Server = {
    name,
    url: processes[0]!.url,
    urls: processes.map((p) => p.url),
    child: processes[0]!.child,
    children: processes.map((p) => p.child),
    peakRssMb: 0,
    sampleRss() {
      const mb = Math.max(...server.children.map((c) => rssMb(c.pid!)));
      server.peakRssMb = Math.max(server.peakRssMb, mb);
      return mb;
    },
    cpuSeconds: () => server.children.reduce((a, c) => a + cpuSeconds(c.pid!), 0),
  };
  return server;
}

/** `count` processes of one server on ports port, port + 10, …, as one target. */
async function startServers(
  name: string,
  count: number,
  command: string[],
  env: Record<string, string>,
  port: number,
  path: string,
): Promise<Server> {
  const started: Server[] = [];
  try {
    for (let i = 0; i < count; i++)
      started.push(await startServer(count > 1 ? `${name} ${i + 1}` : name, command, env, port + 10 * i, path));
  } catch (error) {
    for (const s of started) await stopServer(s);
    throw error;
  }
  return group(
    name,
    started.map((s) => ({ url: s.url, child: s.child })),
  );
}

async function stopServer(server: Server): Promise<void> {
  await Promise.all(
    server.children.map(async (child) => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Workloads: each target gets a list of request bodies that ask for the same answers; `answer`
// reduces a reply to a comparable form, checked equal across targets before any load.

type TargetName = 'hub' | 'postgraphile' | 'raw';
interface Target {
  name: TargetName;
  bodies: string[];
  answer(json: any): unknown;
}
interface Workload {
  id: string;
  title: string;
  targets: Target[];
}

/** The hub's global IDs carry the natural key (see src/graphql/nodes.ts): a slug, or a JSON list for a composite key. */
const hubId = (type: string, key: string) => Buffer.from(`${type}:${key}`).toString('base64');
const pglId = (type: string, id: number) => Buffer.from(JSON.stringify([type, id])).toString('base64');
const gql = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

const W1_HUB = `query W1($id: ID!, $first: Int!) { node(id: $id) { ... on CatalogEdition { label entries(first: $first) { edges { node { qualification { slug name issuer { slug name } } } } } } } }`;
const W1_PGL = `query W1($id: Int!, $first: Int!) { catalogEditionByRowId(rowId: $id) { label catalogEntriesByEditionId(first: $first, orderBy: PRIMARY_KEY_ASC) { nodes { qualificationByQualificationId { slug name organisationByIssuerId { slug name } } } } } }`;
const W4_HUB = `query W4($id: ID!) { node(id: $id) { ... on Qualification { slug name nameZh abbreviation field } } }`;
const W4_PGL = `query W4($id: ID!) { node(id: $id) { ... on Qualification { slug name nameZh abbreviation field } } }`;
const W2_HUB = `query W2($q: String!, $asOf: Date) { qualificationRecognition(qualification: $q, asOf: $asOf) {
  asOf recognitions { basis jurisdiction { code } from to edition { label } agreement { slug } lists { code } sources { slug } benefits { slug } }
  incomplete { label } possible { basis jurisdiction { code } } } }`;
const W3_HUB = `query W3($c: String!, $j: String!, $asOf: Date) { statusRecognition(category: $c, grantedIn: $j, asOf: $asOf) {
  asOf recognitions { basis jurisdiction { code } from to agreement { slug } standard { slug } sources { slug } benefits { slug } } } }`;
const W5_HUB = `query W5($from: ID!, $to: ID!) { catalogDiff(from: $from, to: $to) { addedCount removedCount changedCount unchangedCount complete
  added { qualification { slug } } removed { qualification { slug } } changed { qualification { slug } listsAdded listsRemoved } } }`;
const W6_HUB = `query W6($j: [String!]!, $asOf: Date) { coverage(jurisdictions: $j, groupBy: FIELD, asOf: $asOf) { rows { jurisdiction { code } group count } jurisdictions { jurisdiction { code } honouredCount } } }`;
const W7_HUB = `query W7($s: String!) { qualifications(search: $s, first: 20) { totalCount edges { node { slug name issuer { slug } } } } }`;

function w1Answer(edition: any, entries: any[]): unknown {
  if (!edition) return null;
  return {
    label: edition.label,
    entries: entries.map((q: any) =>
      q
        ? [
            q.slug,
            q.name,
            q.issuer?.slug ?? q.organisationByIssuerId?.slug ?? null,
            q.issuer?.name ?? q.organisationByIssuerId?.name ?? null,
          ]
        : null,
    ),
  };
}

async function buildWorkloads(url: string): Promise<Workload[]> {
  const sql = postgres(url, { max: 1 });
  // The same questions on every run.
  const rand = prng(20261122);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const days = Array.from(
    { length: 40 },
    () =>
      `${2016 + Math.floor(rand() * 11)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`,
  );
  // The largest editions of qualification catalogs, so pages are as full as the scale allows.
  const editions = (
    await sql<{ id: number }[]>`
    SELECT ed.id FROM catalog_editions ed JOIN catalogs c ON c.id = ed.catalog_id
    WHERE c.kind = 'QUALIFICATION' ORDER BY (SELECT count(*) FROM catalog_entries e WHERE e.edition_id = ed.id) DESC, ed.id LIMIT 40`
  ).map((r) => r.id);
  const qualifications = await sql<{ id: number; slug: string; name: string }[]>`
    SELECT id, slug, name FROM qualifications WHERE id % greatest(1, (SELECT count(*) FROM qualifications) / 200) = 0 ORDER BY id LIMIT 200`;
  const listed = (
    await sql<{ slug: string }[]>`
    SELECT q.slug FROM qualifications q WHERE EXISTS (SELECT 1 FROM catalog_entries e WHERE e.qualification_id = q.id)
    ORDER BY md5(q.slug) LIMIT 100`
  ).map((r) => r.slug);
  const regions = (await sql<{ code: string }[]>`SELECT code FROM jurisdictions WHERE level <> 'NATIONAL' ORDER BY code`).map(
    (r) => r.code,
  );
  const pairs = await sql<{ from: number; to: number }[]>`
    SELECT id AS "from", next AS "to" FROM (SELECT id, lead(id) OVER (PARTITION BY catalog_id ORDER BY valid_from, id) AS next FROM catalog_editions) s
    WHERE next IS NOT NULL ORDER BY md5(id::text) LIMIT 40`;

  const n = 200;
  const editionKeys = new Map(
    (
      await sql<
        { id: number; slug: string; label: string }[]
      >`SELECT ed.id, c.slug, ed.label FROM catalog_editions ed JOIN catalogs c ON c.id = ed.catalog_id`
    ).map((r) => [r.id, JSON.stringify([r.slug, r.label])]),
  );
  await sql.end();
  const editionId = (id: number) => hubId('CatalogEdition', editionKeys.get(id)!);
  const w1Ids = Array.from({ length: n }, (_, i) => editions[i % editions.length]!);
  const w4Ids = Array.from({ length: n }, (_, i) => qualifications[i % qualifications.length]!.id);
  const slugOf = new Map(qualifications.map((q) => [q.id, q.slug]));
  const workloads: Workload[] = [
    {
      id: 'W1',
      title: 'catalog page: edition → 100 entries → qualification → issuer',
      targets: [
        {
          name: 'hub',
          bodies: w1Ids.map((id) => gql(W1_HUB, { id: editionId(id), first: 100 })),
          answer: (j) => w1Answer(j.data.node, j.data.node?.entries.edges.map((e: any) => e.node.qualification) ?? []),
        },
        {
          name: 'postgraphile',
          bodies: w1Ids.map((id) => gql(W1_PGL, { id, first: 100 })),
          answer: (j) =>
            w1Answer(
              j.data.catalogEditionByRowId,
              j.data.catalogEditionByRowId?.catalogEntriesByEditionId.nodes.map((e: any) => e.qualificationByQualificationId) ?? [],
            ),
        },
        {
          name: 'raw',
          bodies: w1Ids.map((id) => JSON.stringify({ op: 'W1', variables: { id } })),
          answer: (j) => w1Answer(j.data.edition, j.data.edition?.entries.map((e: any) => e.qualification) ?? []),
        },
      ],
    },
    {
      id: 'W4',
      title: 'by-ID lookup: node(id:) → Qualification',
      targets: [
        {
          name: 'hub',
          bodies: w4Ids.map((id) => gql(W4_HUB, { id: hubId('Qualification', slugOf.get(id)!) })),
          answer: (j) => j.data.node,
        },
        { name: 'postgraphile', bodies: w4Ids.map((id) => gql(W4_PGL, { id: pglId('Qualification', id) })), answer: (j) => j.data.node },
        { name: 'raw', bodies: w4Ids.map((id) => JSON.stringify({ op: 'W4', variables: { id } })), answer: (j) => j.data.qualification },
      ],
    },
    {
      id: 'W2',
      title: 'qualificationRecognition, varied qualifications and days',
      targets: [
        { name: 'hub', bodies: Array.from({ length: n }, () => gql(W2_HUB, { q: pick(listed), asOf: pick(days) })), answer: (j) => j.data },
      ],
    },
    {
      id: 'W3',
      title: 'statusRecognition, A or B, varied regions and days',
      targets: [
        {
          name: 'hub',
          bodies: Array.from({ length: n }, () => gql(W3_HUB, { c: pick(['A', 'B']), j: pick(regions), asOf: pick(days) })),
          answer: (j) => j.data,
        },
      ],
    },
    {
      id: 'W5',
      title: 'catalogDiff between consecutive editions',
      targets: [
        {
          name: 'hub',
          bodies: pairs.map((p) => gql(W5_HUB, { from: editionId(p.from), to: editionId(p.to) })),
          answer: (j) => j.data,
        },
      ],
    },
    {
      id: 'W6',
      title: 'coverage of 5 regions by field',
      targets: [
        {
          name: 'hub',
          bodies: Array.from({ length: 50 }, () =>
            gql(W6_HUB, { j: Array.from({ length: 5 }, () => pick(regions)).filter((c, i, a) => a.indexOf(c) === i), asOf: pick(days) }),
          ),
          answer: (j) => j.data,
        },
      ],
    },
    {
      id: 'W7',
      title: 'qualification search (prefixes and fragments of names)',
      targets: [
        {
          name: 'hub',
          bodies: Array.from({ length: 100 }, (_, i) => {
            const q = pick(qualifications);
            return gql(W7_HUB, { s: i % 2 ? q.name.slice(0, 4 + (i % 9)) : q.slug.slice(0, 5 + (i % 7)) });
          }),
          answer: (j) => j.data,
        },
      ],
    },
  ];
  return workloads.filter((w) => !settings.only || settings.only.has(w.id));
}

// ---------------------------------------------------------------------------------------------
// Checks before load: every body answers without errors, targets agree, and the hub's SQL
// statements per request (counted in the server: extensions.sqlStatements) are recorded.

interface Check {
  statements: { min: number; max: number; mean: number } | null;
  items: number | null;
  /** The hub's latency over the checks: every body once, one after another on one connection, in ms. */
  oneConnection?: { p50: number; p99: number };
  /** W1 only: the same pages at `first: 10`, to show the statement count does not follow the page size. */
  statementsAt10?: Check['statements'];
}

async function post(url: string, body: string): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const json = (await res.json()) as any;
  if (res.status !== 200 || json.errors)
    throw new Error(`${url} answered ${res.status}: ${JSON.stringify(json.errors ?? json).slice(0, 500)}\nfor ${body.slice(0, 300)}`);
  return json;
}

async function check(workload: Workload, urls: Record<TargetName, string>): Promise<Check> {
  const statements: number[] = [];
  let items = 0;
  const reference = workload.targets[0]!;
  const latencies: number[] = [];
  for (let i = 0; i < reference.bodies.length; i++) {
    const answers = [];
    for (const target of workload.targets) {
      const started = performance.now();
      const json = await post(urls[target.name], target.bodies[i]!);
      if (target.name === 'hub') latencies.push(performance.now() - started);
      if (target.name === 'hub' && typeof json.extensions?.sqlStatements === 'number') statements.push(json.extensions.sqlStatements);
      const answer = target.answer(json);
      if (workload.id === 'W1' && target === reference) items += (answer as any)?.entries.length ?? 0;
      answers.push(JSON.stringify(answer));
    }
    for (let t = 1; t < answers.length; t++) {
      if (answers[t] !== answers[0]) {
        throw new Error(
          `${workload.id}: ${workload.targets[t]!.name} and ${reference.name} disagree on ${reference.bodies[i]}\n${answers[0]!.slice(0, 400)}\n${answers[t]!.slice(0, 400)}`,
        );
      }
    }
  }
  return {
    statements: statements.length
      ? {
          min: Math.min(...statements),
          max: Math.max(...statements),
          mean: Math.round((statements.reduce((a, b) => a + b, 0) / statements.length) * 10) / 10,
        }
      : null,
    items: workload.id === 'W1' ? Math.round((items / reference.bodies.length) * 10) / 10 : null,
    ...(latencies.length ? { oneConnection: oneConnection(latencies) } : {}),
  };
}

function oneConnection(latencies: number[]): { p50: number; p99: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: Math.round(percentile(sorted, 50) * 100) / 100, p99: Math.round(percentile(sorted, 99) * 100) / 100 };
}

// ---------------------------------------------------------------------------------------------
// Load: autocannon over loopback, latencies taken from every response (autocannon's own summary
// has no p95), GraphQL errors counted from the bodies.

interface Run {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  errors: number;
  peakRssMb: number;
  cpuMsPerRequest: number;
  /** PostgreSQL's CPU over the round, per request (every PostgreSQL process on the machine). */
  dbCpuMsPerRequest: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function load(url: string, bodies: string[], seconds: number, server: Server, connections = settings.connections): Promise<Run> {
  let next = 0;
  let graphqlErrors = 0;
  const latencies: number[] = [];
  let peak = server.sampleRss();
  const cpuBefore = server.cpuSeconds();
  const dbCpuBefore = databaseCpu();
  const instance = autocannon({
    // autocannon gives connection i the URL i mod n: round-robin over the instances.
    url: server.urls.length > 1 ? server.urls : url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req: any) => ({ ...req, body: bodies[next++ % bodies.length] }),
        onResponse: (_status: number, body: string) => {
          if (body.startsWith('{"errors"') || body.includes('"errors":[')) graphqlErrors++;
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const rssWatch = setInterval(() => (peak = Math.max(peak, server.sampleRss())), 100);
  const result = await instance;
  clearInterval(rssWatch);
  const cpu = server.cpuSeconds() - cpuBefore;
  const dbCpu = databaseCpuSince(dbCpuBefore);
  latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    rps: Math.round(result.requests.total / result.duration),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    requests: result.requests.total,
    errors: result.errors + result.non2xx + result.timeouts + graphqlErrors,
    peakRssMb: Math.round(peak),
    // What a request costs the server process itself, less sensitive than req/s to whatever
    // else the machine is doing.
    cpuMsPerRequest: result.requests.total ? Math.round(((cpu * 1000) / result.requests.total) * 100) / 100 : 0,
    dbCpuMsPerRequest: result.requests.total ? Math.round(((dbCpu * 1000) / result.requests.total) * 100) / 100 : 0,
  };
}

// Rounded to 3 places: the median of an even number of rounds is a mean, otherwise printed as 38.519999999999996.
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) * 1000) / 1000;
};

interface TargetResult {
  runs: Run[];
  median: Omit<Run, 'requests'> & { requests: number };
}
interface WorkloadResult {
  id: string;
  title: string;
  check: Check;
  targets: Partial<Record<TargetName, TargetResult>>;
  ratios: {
    hubOverPostgraphileRps?: number[];
    hubOverRawP50?: number[];
    /** W1: p50 of the same pages one request at a time, per round. */
    oneConnection?: { hubP50: number[]; rawP50: number[]; postgraphileP50: number[]; hubOverRawP50: number[] };
    median?: { hubOverPostgraphileRps?: number; hubOverRawP50?: number; oneConnectionHubOverRawP50?: number };
  };
}

/** The targets in a round's order: rotated every round, so drift (caches, thermal, the other core) cancels. */
const rotated = <T>(items: T[], round: number): T[] => items.map((_, i) => items[(i + round) % items.length]!);
/** One run's p50 over another's, to 2 places. */
const p50Ratio = (a: Run, b: Run) => Math.round((a.p50 / Math.max(0.01, b.p50)) * 100) / 100;

function summarise(runs: Run[]): TargetResult {
  return {
    runs,
    median: {
      rps: Math.round(median(runs.map((r) => r.rps))),
      p50: median(runs.map((r) => r.p50)),
      p95: median(runs.map((r) => r.p95)),
      p99: median(runs.map((r) => r.p99)),
      requests: runs.reduce((a, r) => a + r.requests, 0),
      errors: runs.reduce((a, r) => a + r.errors, 0),
      peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
      cpuMsPerRequest: median(runs.map((r) => r.cpuMsPerRequest)),
      dbCpuMsPerRequest: median(runs.map((r) => r.dbCpuMsPerRequest)),
    },
  };
}

async function benchScale(
  scale: string,
  prepared: Prepared,
  servers: Record<TargetName, Server>,
  counter: Server,
): Promise<WorkloadResult[]> {
  const urls = { hub: servers.hub.url, postgraphile: servers.postgraphile.url, raw: servers.raw.url };
  const checkUrls = { ...urls, hub: counter.url };
  const workloads = await buildWorkloads(prepared.url);
  const checks = new Map<string, Check>();
  for (const workload of workloads) {
    const checked = await check(workload, checkUrls);
    // Whether the statements of a catalog page depend on its size: the same editions at 10 entries.
    if (workload.id === 'W1') {
      const small = await check(
        {
          ...workload,
          targets: [{ ...workload.targets[0]!, bodies: workload.targets[0]!.bodies.map((b) => b.replace('"first":100', '"first":10')) }],
        },
        checkUrls,
      );
      checked.statementsAt10 = small.statements;
    }
    checks.set(workload.id, checked);
  }
  await stopServer(counter);
  const results: WorkloadResult[] = [];
  for (const workload of workloads) {
    const checked = checks.get(workload.id)!;
    const runs: Partial<Record<TargetName, Run[]>> = {};
    for (const target of workload.targets) {
      if (settings.warmupSeconds > 0) await load(urls[target.name], target.bodies, settings.warmupSeconds, servers[target.name]);
    }
    for (let round = 0; round < settings.rounds; round++) {
      for (const target of rotated(workload.targets, round)) {
        const run = await load(urls[target.name], target.bodies, settings.durationSeconds, servers[target.name]);
        runs[target.name] = [...(runs[target.name] ?? []), run];
        console.error(
          `  ${scale} ${workload.id} ${target.name.padEnd(12)} round ${round + 1}: ${run.rps} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, ${run.cpuMsPerRequest} CPU ms/req (PostgreSQL ${run.dbCpuMsPerRequest}), ${run.errors} errors`,
        );
      }
    }
    // W1's latency target is against the raw-SQL floor at one connection: the same pages, one
    // request at a time, warm, each round's pair measured back to back.
    // PostGraphile's, for scale: what a compiled GraphQL server makes of the same floor.
    const single: Partial<Record<TargetName, Run[]>> = {};
    if (workload.id === 'W1' && runs.raw) {
      for (let round = 0; round < settings.rounds; round++) {
        for (const target of rotated(workload.targets, round)) {
          const run = await load(urls[target.name], target.bodies, Math.max(2, settings.durationSeconds / 2), servers[target.name], 1);
          single[target.name] = [...(single[target.name] ?? []), run];
          console.error(
            `  ${scale} ${workload.id} ${target.name.padEnd(12)} one connection, round ${round + 1}: p50 ${run.p50} ms, p99 ${run.p99} ms`,
          );
        }
      }
    }
    const targets: WorkloadResult['targets'] = {};
    for (const [name, list] of Object.entries(runs)) targets[name as TargetName] = summarise(list!);
    const ratios: WorkloadResult['ratios'] = {};
    if (runs.postgraphile)
      ratios.hubOverPostgraphileRps = runs.hub!.map((r, i) => Math.round((r.rps / runs.postgraphile![i]!.rps) * 100) / 100);
    if (runs.raw) ratios.hubOverRawP50 = runs.hub!.map((r, i) => p50Ratio(r, runs.raw![i]!));
    if (single.hub && single.raw) {
      ratios.oneConnection = {
        hubP50: single.hub.map((r) => r.p50),
        rawP50: single.raw.map((r) => r.p50),
        postgraphileP50: single.postgraphile?.map((r) => r.p50) ?? [],
        hubOverRawP50: single.hub.map((r, i) => p50Ratio(r, single.raw![i]!)),
      };
    }
    ratios.median = {
      ...(ratios.hubOverPostgraphileRps ? { hubOverPostgraphileRps: median(ratios.hubOverPostgraphileRps) } : {}),
      ...(ratios.hubOverRawP50 ? { hubOverRawP50: median(ratios.hubOverRawP50) } : {}),
      ...(ratios.oneConnection ? { oneConnectionHubOverRawP50: median(ratios.oneConnection.hubOverRawP50) } : {}),
    };
    results.push({ id: workload.id, title: workload.title, check: checked, targets, ratios });
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Report

function versions(): Record<string, string> {
  const pkg = (name: string) => JSON.parse(readFileSync(`${root}node_modules/${name}/package.json`, 'utf8')).version as string;
  return {
    node: process.version,
    '@apollo/server': pkg('@apollo/server'),
    graphql: pkg('graphql'),
    '@pothos/core': pkg('@pothos/core'),
    'drizzle-orm': pkg('drizzle-orm'),
    postgres: pkg('postgres'),
    postgraphile: pkg('postgraphile'),
    autocannon: pkg('autocannon'),
  };
}

function markdown(report: any): string {
  const lines: string[] = [];
  lines.push(
    `Run ${report.startedAt} on ${report.machine.cpu} (${report.machine.cores} cores, ${report.machine.memoryGb} GB), PostgreSQL ${report.postgres}, Node ${report.versions.node}.`,
  );
  lines.push(
    `autocannon ${report.versions.autocannon}, ${report.settings.connections} connections, ${report.settings.rounds} rounds of ${report.settings.durationSeconds} s per target (order rotated each round) after ${report.settings.warmupSeconds} s of warm-up; pool of ${report.settings.poolSize} connections in each server${(report.settings.instances ?? 1) > 1 ? `; **${report.settings.instances} hub processes** on the one database, connections spread round-robin, CPU ms/req summed over them, RSS the largest process's` : ''}. Medians over rounds; ratios are the median of each round's pair.`,
  );
  lines.push('');
  for (const scale of report.scales) {
    lines.push(
      `### Scale ${scale.scale === 'seed' ? 'seed data' : `${scale.scale}×`}: ${scale.counts.entries.toLocaleString('en')} entries, ${scale.counts.editions} editions, ${scale.counts.qualifications.toLocaleString('en')} qualifications, ${scale.counts.agreements} agreements`,
    );
    lines.push('');
    lines.push(
      '| workload | server | req/s | p50 ms | p95 ms | p99 ms | server CPU ms/req | PostgreSQL CPU ms/req | errors | SQL/request | peak RSS MB |',
    );
    lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const w of scale.workloads as WorkloadResult[]) {
      for (const [name, t] of Object.entries(w.targets)) {
        const st =
          name === 'hub' && w.check.statements
            ? w.check.statements.min === w.check.statements.max
              ? `${w.check.statements.min}`
              : `${w.check.statements.min}–${w.check.statements.max}`
            : '';
        // A round in which no request finished inside its window says so, instead of a latency of 0.
        const none = t!.median.requests === 0 ? ` (no request finished within ${report.settings.durationSeconds} s)` : '';
        lines.push(
          `| ${w.id} ${name === 'hub' ? w.title : ''} | ${name} | ${t!.median.rps}${none} | ${t!.median.p50} | ${t!.median.p95} | ${t!.median.p99} | ${t!.median.cpuMsPerRequest} | ${t!.median.dbCpuMsPerRequest ?? ''} | ${t!.median.errors} | ${st} | ${t!.median.peakRssMb} |`,
        );
      }
    }
    lines.push('');
    const sequential = (scale.workloads as WorkloadResult[]).filter((w) => w.check.oneConnection);
    if (sequential.length)
      lines.push(
        `- the hub on one connection (the checks: every body once, one after another): ${sequential.map((w) => `${w.id} p50 ${w.check.oneConnection!.p50} ms, p99 ${w.check.oneConnection!.p99} ms`).join('; ')}`,
      );
    const ratioLines = (scale.workloads as WorkloadResult[]).filter((w) => w.ratios.median && Object.keys(w.ratios.median).length);
    for (const w of ratioLines) {
      const parts = [];
      if (w.ratios.median!.hubOverPostgraphileRps !== undefined)
        parts.push(
          `hub/PostGraphile throughput **${w.ratios.median!.hubOverPostgraphileRps}×** (rounds ${w.ratios.hubOverPostgraphileRps!.join(', ')})`,
        );
      if (w.ratios.median!.hubOverRawP50 !== undefined)
        parts.push(
          `hub/raw-SQL p50 latency at ${report.settings.connections} connections **${w.ratios.median!.hubOverRawP50}×** (rounds ${w.ratios.hubOverRawP50!.join(', ')})`,
        );
      const single = w.ratios.oneConnection;
      if (single && w.ratios.median!.oneConnectionHubOverRawP50 !== undefined)
        parts.push(
          `at one connection **${w.ratios.median!.oneConnectionHubOverRawP50}×** (p50 by round: hub ${single.hubP50.join(', ')} ms, raw ${single.rawP50.join(', ')} ms, PostGraphile ${single.postgraphileP50.join(', ')} ms)`,
        );
      const extra =
        w.id === 'W1'
          ? `; ${w.check.items} entries per page; hub SQL statements per page ${JSON.stringify(w.check.statements)} at first: 100, ${JSON.stringify(w.check.statementsAt10)} at first: 10`
          : '';
      lines.push(`- ${w.id}: ${parts.join('; ')}${extra}`);
    }
    lines.push(
      `- peak RSS of the hub over the whole scale: ${scale.peakRssMb.hub} MB (PostGraphile ${scale.peakRssMb.postgraphile} MB, raw ${scale.peakRssMb.raw} MB)`,
    );
    if (scale.stealPercent !== undefined && scale.stealPercent !== null)
      lines.push(`- CPU stolen by the hypervisor while this scale ran: ${scale.stealPercent}% of the machine's time`);
    if (scale.loadMs !== null) lines.push(`- loaded this run through the bundle loader in ${(scale.loadMs / 1000).toFixed(1)} s`);
    lines.push('');
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

function writeReadme(md: string): void {
  const readmePath = `${root}README.md`;
  const readme = readFileSync(readmePath, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README.md has no ${start} … ${end} section`);
  writeFileSync(readmePath, `${readme.slice(0, i + start.length)}\n${md}\n${readme.slice(j)}`);
  console.error('README.md: benchmark section updated');
}

async function main(): Promise<void> {
  if (args.render) {
    const md = markdown(JSON.parse(readFileSync(args.render, 'utf8')));
    writeFileSync(args.render.replace(/\.json$/, '.md'), `${md}\n`);
    if (args.readme) writeReadme(md);
    return;
  }
  const startedAt = new Date().toISOString();
  console.error('building the hub (npm run build) …');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  const admin = postgres(serverUrl, { max: 1 });
  const pgVersion = (await admin<{ server_version: string }[]>`SHOW server_version`)[0]!.server_version;
  await admin.end();
  const report: any = {
    startedAt,
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), kernel: release() },
    postgres: pgVersion,
    versions: versions(),
    settings: { ...settings, only: args.only ?? null },
    scales: [],
  };
  let failed = false;
  for (const scale of settings.scales) {
    console.error(`scale ${scale}: preparing the database …`);
    const prepared = await prepareScale(scale);
    const ticksBefore = machineTicks();
    if (args.prepare) {
      console.error(`  ${prepared.url}: ${JSON.stringify(prepared.counts)}`);
      continue;
    }
    const pool = String(settings.poolSize);
    const profileDir = `${root}test/bench/profiles`;
    if (args.profile) mkdirSync(profileDir, { recursive: true });
    const servers: Partial<Record<TargetName, Server>> = {};
    let counter: Server | undefined;
    try {
      const hubEnv = {
        DATABASE_URL: prepared.url,
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        HUB_SEED_ON_EMPTY: 'false',
        HUB_DB_POOL_SIZE: pool,
      };
      // Two hub processes: one counting SQL statements (extensions.sqlStatements) for the checks,
      // and one as production runs it (no counting) under load.
      counter = await startServer('hub (counting)', ['dist/hub/server.js'], { ...hubEnv, HUB_EXPOSE_SQL_COUNT: 'true' }, 4704, '/graphql');
      servers.hub = await startServers(
        'hub',
        settings.instances,
        [...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), 'dist/hub/server.js'],
        hubEnv,
        4701,
        '/graphql',
      );
      servers.postgraphile = await startServer(
        'postgraphile',
        ['--import', `${here}baselines/with-resolvers.mjs`, `${here}baselines/postgraphile.mjs`],
        { DATABASE_URL: prepared.url, NODE_ENV: 'production', GRAPHILE_ENV: 'production', POOL_SIZE: pool },
        4702,
        '/graphql',
      );
      servers.raw = await startServer('raw', [`${here}baselines/raw-sql.mjs`], { DATABASE_URL: prepared.url, POOL_SIZE: pool }, 4703, '/');
      const workloads = await benchScale(scale, prepared, servers as Record<TargetName, Server>, counter);
      const errors = workloads.reduce((a, w) => a + Object.values(w.targets).reduce((b, t) => b + t!.median.errors, 0), 0);
      if (errors > 0) failed = true;
      report.scales.push({
        scale,
        counts: prepared.counts,
        loadMs: prepared.loadMs,
        workloads,
        peakRssMb: Object.fromEntries(Object.entries(servers).map(([k, s]) => [k, Math.round(s!.peakRssMb)])),
        // A shared virtual machine loses CPU to its neighbours: the share stolen while measuring.
        stealPercent: (() => {
          const after = machineTicks();
          const total = after.total - ticksBefore.total;
          return total > 0 ? Math.round(((after.steal - ticksBefore.steal) / total) * 1000) / 10 : null;
        })(),
      });
    } finally {
      for (const server of [...Object.values(servers), counter]) if (server) await stopServer(server);
    }
  }
  if (args.prepare) return;
  const md = markdown(report);
  console.log(`\n${md}`);
  mkdirSync(args.out!, { recursive: true });
  const stamp = startedAt.replace(/[:.]/g, '-').slice(0, 19);
  const base = `${args.out}/${stamp}_${settings.scales.join('-')}${settings.instances > 1 ? `_${settings.instances}-instances` : ''}`;
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${base}.md`, `${md}\n`);
  // latest.* is the one-process table the README quotes; a run of several instances keeps its dated copy only.
  if (settings.instances === 1) {
    writeFileSync(`${args.out}/latest.json`, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(`${args.out}/latest.md`, `${md}\n`);
  }
  console.error(`results: ${base}.json, ${base}.md${settings.instances === 1 ? ' (and latest.*)' : ''}`);
  if (args.readme && settings.instances === 1) writeReadme(md);
  if (failed) {
    console.error('errors under load: see the table');
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
