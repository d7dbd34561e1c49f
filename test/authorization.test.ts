import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/db/client.ts';
import { loadBundle } from '../src/modules/bundle/bundle.load.ts';
import { bundleFromObjects } from '../src/modules/bundle/bundle.read.ts';
import { accountWithToken } from './helpers/accounts.ts';
import { seededWorld } from './helpers/hub.ts';

// The matrix: an editor of every jurisdiction (all of them), a reviewer, an admin and no
// credential at all, against every mutation on Chongqing's records. Outside their scope each is
// refused with the right code and writes nothing; inside it, the same mutation succeeds (so the
// matrix can fail both ways).

const world = seededWorld();
const tokens = new Map<string, string>();
let codes: string[] = [];
const ids: Record<string, string> = {};

const gql = async (token: string | null, query: string, variables: Record<string, unknown>) =>
  (token ? await world.hub.gqlAs(token, query, variables) : await world.hub.gql(query, variables)).body;

async function footprint() {
  const [row] = await rows<Record<string, number>>(
    world.db.database.db,
    sql`SELECT (SELECT count(*)::int FROM drafts) AS drafts, (SELECT coalesce(sum(revision), 0)::int FROM drafts) AS revisions,
               (SELECT count(*)::int FROM audit_log) AS audit, (SELECT count(*)::int FROM draft_consents) AS consents,
               (SELECT count(*)::int FROM accounts) AS accounts, (SELECT count(*)::int FROM api_tokens) AS tokens,
               (SELECT count(*)::int FROM catalog_editions) AS editions, (SELECT count(*)::int FROM standard_versions) AS versions,
               (SELECT count(*)::int FROM recognition_agreements) AS agreements, (SELECT count(*)::int FROM qualifications) AS qualifications,
               (SELECT value::int FROM hub_meta WHERE key = 'data_version') AS data_version`,
  );
  return row;
}

const version = {
  label: 'matrix-2026',
  title: 'Test fixture: matrix version',
  validFrom: '2040-01-01',
  validTo: '2044-01-01',
  categories: ['CQ-HQS'],
  sources: [{ instrument: 'chongqing-hqs-notice-2022' }],
};
const edition = {
  label: 'matrix-1',
  title: 'Test fixture: matrix edition',
  validFrom: '2040-01-01',
  sources: [{ instrument: 'chongqing-hqs-notice-2022' }],
};
const agreement = {
  slug: 'test-matrix-agreement',
  name: 'Test fixture: matrix agreement',
  kind: 'STATUS',
  direction: 'MUTUAL',
  validFrom: '2040-01-01',
  parties: [
    { role: 'PARTY', jurisdiction: 'CN-CQ' },
    { role: 'PARTY', jurisdiction: 'CN-SC' },
  ],
  category: 'B',
  sources: [{ instrument: 'chongqing-hqs-notice-2022' }],
};

const M = {
  createVersion: [
    `mutation($input: StandardVersionDraftInput!) { createStandardVersionDraft(input: $input) { draft { id } } }`,
    () => ({ input: { standard: 'chongqing-high-quality-scarce-talent', version, supersedes: '2022' } }),
  ],
  createEdition: [
    `mutation($input: EditionDraftInput!) { createEditionDraft(input: $input) { draft { id } } }`,
    () => ({ input: { catalog: 'chongqing-urgent-talent-list', edition } }),
  ],
  createAgreement: [
    `mutation($input: AgreementDraftInput!) { createAgreementDraft(input: $input) { draft { id } } }`,
    () => ({ input: { jurisdiction: 'CN-CQ', agreement } }),
  ],
  update: [
    `mutation($id: ID!, $patch: JSON!) { updateDraft(id: $id, revision: 1, patch: $patch) { draft { id } } }`,
    () => ({ id: ids.draft, patch: { edition: { title: 'Changed' } } }),
  ],
  submit: [`mutation($id: ID!) { submitDraft(id: $id) { draft { id } } }`, () => ({ id: ids.draft })],
  withdraw: [`mutation($id: ID!) { withdrawDraft(id: $id) { draft { id } } }`, () => ({ id: ids.draft })],
  approve: [`mutation($id: ID!) { approveDraft(id: $id) { draft { id } } }`, () => ({ id: ids.submittedVersion })],
  reject: [`mutation($id: ID!) { rejectDraft(id: $id, reason: "no") { draft { id } } }`, () => ({ id: ids.submittedVersion })],
  consent: [`mutation($id: ID!) { consentToAgreement(id: $id) { draft { id } } }`, () => ({ id: ids.submittedAgreement })],
  publish: [`mutation($id: ID!) { publish(id: $id) { draft { id } } }`, () => ({ id: ids.submittedVersion })],
  repeal: [
    `mutation($id: ID!) { repeal(id: $id, on: "2041-01-01", instrument: "chongqing-hqs-notice-2022") { draft { id } } }`,
    () => ({ id: ids.submittedVersion }),
  ],
  createAccount: [
    `mutation($input: AccountInput!) { createAccount(input: $input) { account { login } } }`,
    () => ({ input: { login: 'matrix-new', name: 'x', authority: 'chongqing-hrss', roles: ['EDITOR'] } }),
  ],
  importWrite: [
    `mutation($bundle: JSON!) { importBundle(bundle: $bundle, dryRun: false) { written } }`,
    () => ({ bundle: { name: 'matrix', qualifications: [{ slug: 'matrix-q', name: 'Matrix Q' }] } }),
  ],
} as const;
type Mutation = keyof typeof M;

beforeAll(async () => {
  const jurisdictions = await rows<{ code: string; name: string; name_zh: string }>(
    world.db.database.db,
    sql`SELECT code, name, name_zh FROM jurisdictions ORDER BY code`,
  );
  codes = jurisdictions.map((j) => j.code);
  // A test authority in every jurisdiction, so each has an editor.
  await loadBundle(
    world.db.database.db,
    bundleFromObjects([
      {
        name: 'test-matrix-authorities',
        authorities: jurisdictions.map((j) => ({
          slug: `test-authority-${j.code.toLowerCase()}`,
          name: `Test authority of ${j.name}`,
          nameZh: `${j.name_zh}测试机构`,
          jurisdiction: j.code,
        })),
      },
    ]),
  );
  for (const code of codes) {
    const login = `editor-${code.toLowerCase()}`;
    tokens.set(code, (await accountWithToken(world.db.database, login, `test-authority-${code.toLowerCase()}`, ['EDITOR'])).token);
  }
  tokens.set('reviewer', (await accountWithToken(world.db.database, 'matrix-reviewer', 'mohrss', ['REVIEWER'])).token);
  tokens.set('admin', (await accountWithToken(world.db.database, 'matrix-admin', 'mohrss', ['ADMIN'])).token);
  tokens.set('cq-2', (await accountWithToken(world.db.database, 'editor-cn-cq-2', 'chongqing-hrss', ['EDITOR'])).token);

  // Chongqing's records to aim at: a draft edition, a submitted standard version, a submitted agreement.
  const cq = tokens.get('CN-CQ')!;
  const created = async (m: Mutation, variables: Record<string, unknown>) => {
    const body = await gql(cq, M[m][0], variables);
    expect(body.errors).toBeUndefined();
    return Object.values(body.data as Record<string, { draft: { id: string } }>)[0]!.draft.id;
  };
  ids.draft = await created('createEdition', {
    input: { catalog: 'chongqing-urgent-talent-list', edition: { ...edition, label: 'matrix-0' } },
  });
  ids.submittedVersion = await created('createVersion', {
    input: { standard: 'chongqing-high-quality-scarce-talent', version: { ...version, label: 'matrix-0' }, supersedes: '2022' },
  });
  ids.submittedAgreement = await created('createAgreement', {
    input: { jurisdiction: 'CN-CQ', agreement: { ...agreement, slug: 'test-matrix-0' } },
  });
  for (const id of [ids.submittedVersion, ids.submittedAgreement]) {
    expect((await gql(cq, M.submit[0], { id })).errors).toBeUndefined();
  }
});

/** What each caller may do to Chongqing's records: the allowed ones are tried last, on copies. */
function expected(caller: string, m: Mutation): 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'CONFLICT' {
  if (caller === 'anonymous') return 'UNAUTHENTICATED';
  if (caller === 'admin') return 'ok';
  if (caller === 'reviewer') {
    // Reviewers decide, consent for the national level and publish; they draft nothing and manage no accounts.
    if (['approve', 'reject', 'publish', 'repeal'].includes(m)) return 'ok';
    if (m === 'consent') return 'FORBIDDEN'; // a regional agreement needs no national consent
    if (['update', 'submit', 'withdraw'].includes(m)) return 'FORBIDDEN';
    return 'FORBIDDEN';
  }
  const cq = caller === 'CN-CQ';
  const sc = caller === 'CN-SC';
  switch (m) {
    case 'createVersion':
    case 'createEdition':
    case 'createAgreement':
    case 'update':
    case 'submit':
    case 'withdraw':
      return cq ? 'ok' : 'FORBIDDEN';
    case 'approve':
    case 'reject':
      // The standard version needs national approval: no editor decides it, Chongqing's included.
      return 'FORBIDDEN';
    case 'consent':
      return sc ? 'ok' : 'FORBIDDEN';
    case 'publish':
    case 'repeal':
      // Chongqing may publish, but not before approval; it may repeal only what is published.
      return cq ? 'CONFLICT' : 'FORBIDDEN';
    case 'createAccount':
    case 'importWrite':
      return 'FORBIDDEN';
  }
}

describe('role × jurisdiction × mutation', () => {
  it('refuses every call outside its scope with the right code, writing nothing, and allows those inside', async () => {
    const callers = ['anonymous', ...codes, 'reviewer'];
    const tally: Record<string, number> = {};
    for (const caller of callers) {
      for (const m of Object.keys(M) as Mutation[]) {
        const want = expected(caller, m);
        if (want === 'ok') continue; // tried below, where a success is allowed to write
        const before = await footprint();
        const body = await gql(caller === 'anonymous' ? null : tokens.get(caller)!, M[m][0], M[m][1]());
        const code = body.errors?.[0]?.extensions?.code;
        expect([caller, m, code]).toEqual([caller, m, want]);
        expect(body.data).toBeNull();
        expect(await footprint()).toEqual(before);
        tally[want] = (tally[want] ?? 0) + 1;
      }
    }
    // 1 + jurisdictions + 1 callers × 13 mutations, less what is allowed (Chongqing's 6, Sichuan's
    // consent, the reviewer's 4).
    expect(codes.length).toBe(44);
    expect(tally).toEqual({ UNAUTHENTICATED: 13, FORBIDDEN: 46 * 13 - 13 - 6 - 2 - 1 - 4, CONFLICT: 2 });
    console.log(`authorization matrix: ${callers.length} callers × ${Object.keys(M).length} mutations; refused ${JSON.stringify(tally)}`);
    // NOTE: 598 calls, each between two counts of every table it could write.
  }, 120_000);

  it('and the calls inside the scope succeed', async () => {
    const cq = tokens.get('CN-CQ')!;
    for (const m of ['createVersion', 'createEdition', 'createAgreement', 'update', 'submit'] as const) {
      const body = await gql(cq, M[m][0], M[m][1]());
      expect([m, body.errors]).toEqual([m, undefined]);
    }
    expect((await gql(tokens.get('CN-SC')!, M.consent[0], M.consent[1]())).errors).toBeUndefined();
    expect((await gql(tokens.get('reviewer')!, M.approve[0], M.approve[1]())).errors).toBeUndefined();
    expect((await gql(tokens.get('CN-CQ')!, M.publish[0], M.publish[1]())).errors).toBeUndefined();
    expect((await gql(tokens.get('CN-CQ')!, M.repeal[0], M.repeal[1]())).errors).toBeUndefined();
    expect((await gql(tokens.get('admin')!, M.createAccount[0], M.createAccount[1]())).errors).toBeUndefined();
    expect((await gql(tokens.get('admin')!, M.importWrite[0], M.importWrite[1]())).errors).toBeUndefined();
  });
});
