import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/db/client.ts';
import { accountWithToken } from './helpers/accounts.ts';
import { seededWorld } from './helpers/hub.ts';

// The lifecycle of the three kinds of record, through the real server, on the real seed data.
// NOTE: the drafts here (a Chongqing 2026 version, a Beijing 2026 edition, a Chongqing–Sichuan
// agreement) are test fixtures, named so; nothing of theirs is in seeds/.

const world = seededWorld();
const who: Record<string, string> = {};

const DRAFT = `id kind status revision subjectKey nationalApproval author decidedBy decisionNote rejectionReason jurisdiction { code }`;
const m = {
  version: `mutation($input: StandardVersionDraftInput!) { createStandardVersionDraft(input: $input) { draft { ${DRAFT} } } }`,
  edition: `mutation($input: EditionDraftInput!) { createEditionDraft(input: $input) { draft { ${DRAFT} } } }`,
  agreement: `mutation($input: AgreementDraftInput!) { createAgreementDraft(input: $input) { draft { ${DRAFT} pendingConsents { code } } } }`,
  update: `mutation($id: ID!, $revision: Int!, $patch: JSON!) { updateDraft(id: $id, revision: $revision, patch: $patch) { draft { ${DRAFT} input } } }`,
  submit: `mutation($id: ID!) { submitDraft(id: $id) { draft { ${DRAFT} } } }`,
  withdraw: `mutation($id: ID!) { withdrawDraft(id: $id) { draft { ${DRAFT} } } }`,
  approve: `mutation($id: ID!, $note: String) { approveDraft(id: $id, note: $note) { draft { ${DRAFT} } } }`,
  reject: `mutation($id: ID!, $reason: String!) { rejectDraft(id: $id, reason: $reason) { draft { ${DRAFT} } } }`,
  consent: `mutation($id: ID!) { consentToAgreement(id: $id) { draft { status consents { jurisdiction { code } account } pendingConsents { code } } } }`,
  publish: `mutation($id: ID!) { publish(id: $id) { draft { status } edition { label validFrom state(asOf: "2026-07-01") } standardVersion { label validFrom validTo submittedOn approvedOn approvedBy { slug } } agreement { slug } } }`,
  repeal: `mutation($id: ID!, $on: Date!, $instrument: String!) { repeal(id: $id, on: $on, instrument: $instrument) { edition { label repealedOn state(asOf: "2026-09-01") } } }`,
};

async function as(login: string, query: string, variables?: Record<string, unknown>) {
  const res = await world.hub.gqlAs(who[login]!, query, variables);
  return res.body;
}
/** The data of an answer that must have no errors. */
async function ok(login: string, query: string, variables?: Record<string, unknown>) {
  const body = await as(login, query, variables);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}
/** The one error of an answer that must fail, and that it wrote nothing. */
async function refused(login: string, query: string, variables?: Record<string, unknown>) {
  const before = await counts();
  const body = await as(login, query, variables);
  expect(body.errors).toHaveLength(1);
  expect(await counts()).toEqual(before);
  const error = body.errors![0]!;
  return { message: error.message, ...(error.extensions as Record<string, unknown>) } as {
    message: string;
    code?: unknown;
    [k: string]: unknown;
  };
}
async function counts() {
  const [row] = await rows<Record<string, number>>(
    world.db.database.db,
    sql`SELECT (SELECT count(*)::int FROM drafts) AS drafts, (SELECT max(revision)::int FROM drafts) AS revisions,
               (SELECT count(*)::int FROM audit_log) AS audit, (SELECT count(*)::int FROM catalog_editions) AS editions,
               (SELECT count(*)::int FROM standard_versions) AS versions, (SELECT count(*)::int FROM draft_consents) AS consents`,
  );
  return row;
}
async function auditOf(subjectKey: string) {
  return rows<{ actor: string; action: string }>(
    world.db.database.db,
    sql`SELECT actor, action FROM audit_log WHERE subject_key LIKE ${`%${subjectKey}%`} ORDER BY id`,
  );
}

beforeAll(async () => {
  const accounts: [string, string, ('EDITOR' | 'REVIEWER' | 'ADMIN')[]][] = [
    ['cq-editor', 'chongqing-hrss', ['EDITOR']],
    ['cq-editor-2', 'chongqing-hrss', ['EDITOR']],
    ['bj-editor', 'beijing-hrss', ['EDITOR']],
    ['bj-editor-2', 'beijing-talent-work-bureau', ['EDITOR']],
    ['gz-editor', 'guangzhou-hrss', ['EDITOR']],
    ['sc-editor', 'sichuan-st', ['EDITOR']],
    ['reviewer', 'mohrss', ['REVIEWER']],
  ];
  for (const [login, authority, roles] of accounts) who[login] = (await accountWithToken(world.db.database, login, authority, roles)).token;
});

const cqNotice = {
  slug: 'test-cq-notice-2026',
  kind: 'NOTICE',
  title: 'Test fixture: Chongqing notice on the 2026 version',
  reliability: 'HIGH',
  issuedOn: '2026-02-01',
};
const cqVersion = {
  label: '2026',
  title: 'Test fixture: Chongqing high-quality and scarce talent, 2026 version',
  validFrom: '2026-03-01',
  validTo: '2030-03-01',
  categories: ['CQ-HQS'],
  criteria: [{ category: 'CQ-HQS', text: 'Test criterion one' }],
  sources: [{ instrument: 'test-cq-notice-2026' }],
};

describe('a regional standard: drafted by Chongqing, approved by the national authority, in force on its day', () => {
  let id: string;

  it('a Chongqing editor drafts a new version that supersedes 2022; national approval is required', async () => {
    const data = await ok('cq-editor', m.version, {
      input: { standard: 'chongqing-high-quality-scarce-talent', version: cqVersion, instruments: [cqNotice], supersedes: '2022' },
    });
    id = data.createStandardVersionDraft.draft.id;
    expect(data.createStandardVersionDraft.draft).toEqual({
      id,
      kind: 'STANDARD_VERSION',
      status: 'DRAFT',
      revision: 1,
      subjectKey: 'chongqing-high-quality-scarce-talent@2026',
      nationalApproval: true,
      author: 'cq-editor',
      decidedBy: null,
      decisionNote: null,
      rejectionReason: null,
      jurisdiction: { code: 'CN-CQ' },
    });
  });

  it('a Beijing editor can neither see nor touch it, and the public sees no draft', async () => {
    expect((await as('bj-editor', `query($id: ID!) { node(id: $id) { id } }`, { id })).data).toEqual({ node: null });
    expect((await as('bj-editor', `{ drafts { totalCount nodes { id } } }`)).data).toEqual({ drafts: { totalCount: 0, nodes: [] } });
    for (const [query, variables] of [
      [m.submit, { id }],
      [m.withdraw, { id }],
      [m.update, { id, revision: 1, patch: { version: { title: 'Hijacked' } } }],
      [m.approve, { id }],
      [m.publish, { id }],
    ] as const) {
      expect(await refused('bj-editor', query, variables)).toEqual({ message: 'No draft you may see has this ID', code: 'FORBIDDEN' });
    }
    const anonymous = await world.hub.gql(`query($id: ID!) { node(id: $id) { id } }`, { id });
    expect(anonymous.body.data).toEqual({ node: null });
    const list = await world.hub.gql(`{ drafts { totalCount } }`);
    expect(list.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('is submitted, refused approval by its author and by a regional editor, approved by the reviewer, and published', async () => {
    expect((await ok('cq-editor', m.submit, { id })).submitDraft.draft.status).toBe('SUBMITTED');
    expect(await refused('cq-editor', m.approve, { id })).toEqual({
      message: 'a draft is never approved or rejected by its author',
      code: 'FORBIDDEN',
      rule: 'four-eyes',
    });
    expect(await refused('cq-editor-2', m.approve, { id })).toEqual({
      message: 'this kind of record needs national approval: only a REVIEWER of the national authority decides it',
      code: 'FORBIDDEN',
      rule: 'national-approval',
      source: 'MOHRSS notice of 30 Sept 2025 (sources/002), §4',
    });
    expect(await refused('cq-editor', m.publish, { id })).toMatchObject({ code: 'CONFLICT', rule: 'lifecycle' });
    const approved = (await ok('reviewer', m.approve, { id, note: 'Consistent with the 2025 notice' })).approveDraft.draft;
    expect(approved).toMatchObject({ status: 'APPROVED', decidedBy: 'reviewer', decisionNote: 'Consistent with the 2025 notice' });

    const published = (await ok('cq-editor', m.publish, { id })).publish;
    expect(published.draft.status).toBe('PUBLISHED');
    expect(published.standardVersion).toMatchObject({
      label: '2026',
      validFrom: '2026-03-01',
      validTo: '2030-03-01',
      approvedOn: expect.any(String),
    });
    expect(published.edition).toBeNull();

    expect((await auditOf('chongqing-high-quality-scarce-talent')).map((a) => `${a.actor}:${a.action}`)).toEqual([
      'cq-editor:create_draft',
      'cq-editor:submit_draft',
      'reviewer:approve_draft',
      'cq-editor:supersede',
      'cq-editor:publish',
    ]);
  });

  it('statusRecognition answers with it from the day it takes effect; the 2022 version ends that day', async () => {
    const q = (asOf: string) =>
      world.hub.gql(
        `{ statusRecognition(category: "CQ-HQS", grantedIn: "CN-CQ", asOf: "${asOf}") { recognitions { jurisdiction { code } basis from to sources { slug } } } }`,
      );
    // The recognition runs on across both versions (its window is where it holds); what answers
    // for it, and its sources, change on the day the new version takes effect.
    expect((await q('2026-02-28')).body.data.statusRecognition.recognitions).toEqual([
      {
        jurisdiction: { code: 'CN-CQ' },
        basis: 'ISSUER',
        from: '2022-08-22',
        to: '2030-03-01',
        sources: [{ slug: 'chongqing-hqs-notice-2022' }, { slug: 'ichongqing-2022-09-11' }],
      },
    ]);
    expect((await q('2026-03-01')).body.data.statusRecognition.recognitions).toEqual([
      {
        jurisdiction: { code: 'CN-CQ' },
        basis: 'ISSUER',
        from: '2022-08-22',
        to: '2030-03-01',
        sources: [{ slug: 'test-cq-notice-2026' }],
      },
    ]);
    expect((await q('2030-03-01')).body.data.statusRecognition.recognitions).toEqual([]);
    const { body } = await world.hub.gql(
      `{ standard(slug: "chongqing-high-quality-scarce-talent") { versions { label validTo state(asOf: "2026-03-01") } } }`,
    );
    expect(body.data.standard.versions).toEqual([
      { label: '2022', validTo: '2026-03-01', state: 'SUPERSEDED' },
      { label: '2026', validTo: '2030-03-01', state: 'IN_FORCE' },
    ]);
  });

  it('is immutable once published: no update, no second publication', async () => {
    expect(await refused('cq-editor', m.update, { id, revision: 5, patch: { version: { title: 'Changed' } } })).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await refused('cq-editor', m.publish, { id })).toMatchObject({ code: 'CONFLICT', rule: 'lifecycle' });
  });
});

describe('the rules of the 2025 notice, checked at drafting and submission', () => {
  it('a city drafts no standard (002 §3)', async () => {
    expect(
      await refused('gz-editor', m.version, {
        input: { standard: 'guangzhou-high-end-talent-pilot', version: { ...cqVersion, categories: ['A'], criteria: [] } },
      }),
    ).toEqual({
      message:
        'CN-GD-GZ is a city: sub-provincial authorities should in principle not set their own criteria; its province drafts regional standards',
      code: 'FORBIDDEN',
      rule: 'no-sub-provincial-standards',
      source: 'MOHRSS notice of 30 Sept 2025 (sources/002), §3',
    });
  });

  it('a regional standard needs an end date, and 3–5 years unless justified (002 §4)', async () => {
    const draft = async (version: object, extra: object = {}) =>
      (
        await ok('cq-editor', m.version, {
          input: {
            standard: 'chongqing-high-quality-scarce-talent',
            version: { ...cqVersion, label: `t-${Math.random()}`, ...version },
            ...extra,
          },
        })
      ).createStandardVersionDraft.draft.id;
    const open = await draft({ validFrom: '2031-01-01', validTo: undefined });
    expect(await refused('cq-editor', m.submit, { id: open })).toEqual({
      message: 'a regional standard or guidance catalog needs an end date (validTo): standards not renewed lapse',
      code: 'BAD_USER_INPUT',
      rule: 'validity-has-end',
      source: 'MOHRSS notice of 30 Sept 2025 (sources/002), §4',
    });
    const long = await draft({ validFrom: '2031-01-01', validTo: '2037-01-01' });
    expect(await refused('cq-editor', m.submit, { id: long })).toMatchObject({
      message: 'a validity from 2031-01-01 to 2037-01-01 is outside the usual three to five years: record a justification',
      rule: 'validity-three-to-five-years',
    });
    const justified = await draft(
      { validFrom: '2031-01-01', validTo: '2037-01-01' },
      { justification: 'Aligned with the 15th Five-Year Plan' },
    );
    expect((await ok('cq-editor', m.submit, { id: justified })).submitDraft.draft.status).toBe('SUBMITTED');
  });

  it('a draft not in the bundle format is refused with every problem at once', async () => {
    expect(
      await refused('cq-editor', m.version, {
        input: { standard: 'chongqing-high-quality-scarce-talent', version: { label: '', validFrom: '2026-02-30', categories: [] } },
      }),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: expect.arrayContaining([
        expect.objectContaining({ record: 'version.label' }),
        expect.objectContaining({ record: 'version.title' }),
        expect.objectContaining({ record: 'version.categories' }),
        expect.objectContaining({ record: 'version.sources' }),
      ]),
    });
  });
});

const bjEdition = {
  label: 'test-2026',
  title: 'Test fixture: Beijing catalog, 2026 edition',
  validFrom: '2026-06-01',
  declaredSize: 2,
  lists: [{ code: 'international', name: 'International list' }],
  entries: [{ qualification: 'ieee-fellow', lists: ['international'], sources: [{ instrument: 'test-bj-notice-2026' }] }],
  sources: [{ instrument: 'test-bj-notice-2026' }],
};
const bjNotice = { slug: 'test-bj-notice-2026', kind: 'NOTICE', title: 'Test fixture: Beijing notice, 2026 edition', reliability: 'HIGH' };

describe('a catalog edition: revisions, rejection, four eyes within the bureau, overlap, repeal', () => {
  let id: string;

  it('is drafted, refused on a stale revision, revised by a merge patch, rejected with a reason and revised again', async () => {
    const created = (
      await ok('bj-editor', m.edition, {
        input: { catalog: 'beijing-professional-qualifications', edition: bjEdition, instruments: [bjNotice] },
      })
    ).createEditionDraft.draft;
    id = created.id;
    expect(created).toMatchObject({
      status: 'DRAFT',
      revision: 1,
      nationalApproval: false,
      subjectKey: 'beijing-professional-qualifications@test-2026',
    });
    const patch = {
      edition: {
        entries: [
          ...bjEdition.entries,
          { qualification: 'acca-fellow', lists: ['international'], sources: [{ instrument: 'test-bj-notice-2026' }] },
        ],
      },
    };
    const updated = (await ok('bj-editor-2', m.update, { id, revision: 1, patch })).updateDraft.draft;
    expect(updated.revision).toBe(2);
    expect(updated.input.edition.entries.map((e: { qualification: string }) => e.qualification)).toEqual(['ieee-fellow', 'acca-fellow']);
    expect(await refused('bj-editor', m.update, { id, revision: 1, patch: { edition: { title: 'Stale' } } })).toEqual({
      message: 'The draft is at revision 2, not 1: read it again and apply the change to that',
      code: 'CONFLICT',
      revision: 2,
    });
  });

  it('an overlap with the edition in force is CONFLICT unless it declares what it supersedes', async () => {
    const conflict = await refused('bj-editor', m.submit, { id });
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.message).toContain("overlapping catalog beijing-professional-qualifications '2025'");
    expect((await ok('bj-editor', m.update, { id, revision: 2, patch: { supersedes: '2025' } })).updateDraft.draft.revision).toBe(3);
    expect((await ok('bj-editor', m.submit, { id })).submitDraft.draft.status).toBe('SUBMITTED');
  });

  it('is rejected by the reviewer with a reason, revised (back to DRAFT), resubmitted and approved by a colleague', async () => {
    expect((await refused('reviewer', m.reject, { id, reason: '  ' })).code).toBe('BAD_USER_INPUT');
    const rejected = (await ok('reviewer', m.reject, { id, reason: 'Declared size does not match the notice' })).rejectDraft.draft;
    expect(rejected).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'Declared size does not match the notice',
      decidedBy: 'reviewer',
    });
    const revised = (await ok('bj-editor', m.update, { id, revision: 5, patch: { edition: { declaredSize: 110 } } })).updateDraft.draft;
    expect(revised).toMatchObject({ status: 'DRAFT', rejectionReason: null, decidedBy: null });
    await ok('bj-editor', m.submit, { id });
    expect(await refused('bj-editor', m.approve, { id })).toMatchObject({ rule: 'four-eyes' });
    expect(await refused('cq-editor', m.approve, { id })).toEqual({ message: 'No draft you may see has this ID', code: 'FORBIDDEN' });
    expect((await ok('bj-editor-2', m.approve, { id })).approveDraft.draft.status).toBe('APPROVED');
  });

  it('is published: the 2025 Edition ends the day it starts, and it can be repealed once', async () => {
    const published = (await ok('bj-editor', m.publish, { id })).publish;
    expect(published.edition).toEqual({ label: 'test-2026', validFrom: '2026-06-01', state: 'IN_FORCE' });
    const { body } = await world.hub.gql(
      `{ catalog(slug: "beijing-professional-qualifications") { editionInForce(asOf: "2026-06-01") { label declaredSize entries { totalCount } } editions { label endsOn } } }`,
    );
    expect(body.data.catalog.editionInForce).toEqual({ label: 'test-2026', declaredSize: 110, entries: { totalCount: 2 } });
    expect(body.data.catalog.editions.slice(-2)).toEqual([
      { label: '2025', endsOn: '2026-06-01' },
      { label: 'test-2026', endsOn: null },
    ]);
    expect(await refused('cq-editor', m.repeal, { id, on: '2026-08-01', instrument: 'test-bj-notice-2026' })).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await ok('bj-editor', m.repeal, { id, on: '2026-08-01', instrument: 'test-bj-notice-2026' })).repeal.edition).toEqual({
      label: 'test-2026',
      repealedOn: '2026-08-01',
      state: 'REPEALED',
    });
    expect(await refused('bj-editor', m.repeal, { id, on: '2026-07-01', instrument: 'test-bj-notice-2026' })).toMatchObject({
      code: 'CONFLICT',
      rule: 'repeal-once',
    });
  });

  it('a withdrawn draft goes no further', async () => {
    const d = (
      await ok('bj-editor', m.edition, {
        input: { catalog: 'beijing-professional-qualifications', edition: { ...bjEdition, label: 'test-w', validFrom: '2027-01-01' } },
      })
    ).createEditionDraft.draft;
    expect((await ok('bj-editor', m.withdraw, { id: d.id })).withdrawDraft.draft.status).toBe('WITHDRAWN');
    expect(await refused('bj-editor', m.submit, { id: d.id })).toMatchObject({ code: 'CONFLICT', rule: 'lifecycle' });
  });
});

describe('an agreement: published only when every party has consented', () => {
  it('Chongqing drafts a mutual agreement with Sichuan; it waits for Sichuan, then is published', async () => {
    const agreement = {
      slug: 'test-cq-sc-b-permits',
      name: 'Test fixture: Chongqing–Sichuan B-class recognition',
      kind: 'STATUS',
      direction: 'MUTUAL',
      validFrom: '2026-04-01',
      parties: [
        { role: 'PARTY', jurisdiction: 'CN-CQ' },
        { role: 'PARTY', jurisdiction: 'CN-SC' },
      ],
      category: 'B',
      sources: [{ instrument: 'test-cq-notice-2026' }],
    };
    const d = (await ok('cq-editor', m.agreement, { input: { jurisdiction: 'CN-CQ', agreement: agreement } })).createAgreementDraft.draft;
    expect(d).toMatchObject({ status: 'DRAFT', nationalApproval: false, pendingConsents: [{ code: 'CN-SC' }] });
    // Sichuan is a party: its editors see the draft.
    expect((await as('sc-editor', `query($id: ID!) { node(id: $id) { ... on Draft { subjectKey } } }`, { id: d.id })).data).toEqual({
      node: { subjectKey: 'test-cq-sc-b-permits' },
    });
    await ok('cq-editor', m.submit, { id: d.id });
    await ok('cq-editor-2', m.approve, { id: d.id });
    expect(await refused('cq-editor', m.publish, { id: d.id })).toEqual({
      message: 'The agreement still needs the consent of CN-SC',
      code: 'CONFLICT',
      rule: 'every-party-consents',
      pending: ['CN-SC'],
    });
    expect(await refused('bj-editor', m.consent, { id: d.id })).toMatchObject({ code: 'FORBIDDEN' });
    expect((await ok('sc-editor', m.consent, { id: d.id })).consentToAgreement.draft).toEqual({
      status: 'APPROVED',
      consents: [{ jurisdiction: { code: 'CN-SC' }, account: 'sc-editor' }],
      pendingConsents: [],
    });
    expect((await ok('cq-editor', m.publish, { id: d.id })).publish.agreement).toEqual({ slug: 'test-cq-sc-b-permits' });
    const { body } = await world.hub.gql(
      `{ statusRecognition(category: "B", grantedIn: "CN-CQ", asOf: "2026-04-01") { recognitions { jurisdiction { code } basis agreement { slug } } } }`,
    );
    expect(body.data.statusRecognition.recognitions).toContainEqual({
      jurisdiction: { code: 'CN-SC' },
      basis: 'AGREEMENT',
      agreement: { slug: 'test-cq-sc-b-permits' },
    });
  });
});

describe('importBundle', () => {
  const IMPORT = `mutation($bundle: JSON!, $dryRun: Boolean, $correction: String) { importBundle(bundle: $bundle, dryRun: $dryRun, correction: $correction) { dryRun written problems { record message } report } }`;
  const bad = {
    name: 'test-import',
    instruments: [{ slug: 'test-import-notice', kind: 'NOTICE', title: 'Test fixture: import notice', reliability: 'HIGH' }],
    catalogs: [
      {
        slug: 'beijing-professional-qualifications',
        name: 'Beijing catalog',
        kind: 'QUALIFICATION',
        jurisdiction: 'CN-BJ',
        editions: [
          { label: 'test-import-a', title: 'A', validFrom: '2025-10-01', sources: [{ instrument: 'test-import-notice' }] },
          { label: 'test-import-b', title: 'B', validFrom: '2031-02-30', sources: [{ instrument: 'test-import-notice' }] },
        ],
      },
      { slug: 'Not A Slug', name: 'x', kind: 'QUALIFICATION', jurisdiction: 'CN-BJ' },
    ],
    qualifications: [{ slug: 'test-q', name: 'Test Q', issuer: 'no-such-organisation' }],
  };

  it('reports every problem in one pass (format, references, dates and overlaps together) and writes nothing', async () => {
    const data = await ok('bj-editor', IMPORT, { bundle: bad });
    expect(data.importBundle.dryRun).toBe(true);
    expect(data.importBundle.written).toBe(false);
    const problems = data.importBundle.problems.map((p: { record: string; message: string }) => `${p.record}: ${p.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^bundle: catalogs\[Not A Slug\]\.slug: lowercase kebab-case/),
        "bundle: qualifications[test-q]: unknown organisation 'no-such-organisation'",
        "bundle: catalogs[beijing-professional-qualifications].editions[test-import-b]: validFrom '2031-02-30' is not a real date",
        expect.stringMatching(
          /^bundle: catalogs\[beijing-professional-qualifications\]\.editions\[test-import-a\]: in force 2025-10-01 onwards, overlapping/,
        ),
      ]),
    );
    expect(await refused('bj-editor', IMPORT, { bundle: bad, dryRun: false })).toMatchObject({ code: 'FORBIDDEN', rule: 'admin-imports' });
  });

  it("refuses an editor's check of another jurisdiction's records", async () => {
    const other = {
      name: 'test-other',
      catalogs: [{ slug: 'shanghai-overseas-qualifications', name: 'x', kind: 'QUALIFICATION', jurisdiction: 'CN-SH' }],
    };
    expect(await refused('bj-editor', IMPORT, { bundle: other })).toMatchObject({
      code: 'FORBIDDEN',
      rule: 'own-jurisdiction',
      records: ['catalogs[shanghai-overseas-qualifications] (CN-SH)'],
    });
  });

  it('an admin writes a good bundle in one transaction, audited as import_bundle', async () => {
    who.admin = (await accountWithToken(world.db.database, 'ops', 'mohrss', ['ADMIN'])).token;
    const good = {
      name: 'test-import-good',
      organisations: [{ slug: 'test-org', name: 'Test fixture organisation', country: 'US' }],
      qualifications: [{ slug: 'test-q', name: 'Test fixture qualification', issuer: 'test-org' }],
    };
    const dry = (await ok('admin', IMPORT, { bundle: good })).importBundle;
    expect(dry).toEqual({ dryRun: true, written: false, problems: [], report: null });
    const wet = (await ok('admin', IMPORT, { bundle: good, dryRun: false })).importBundle;
    expect(wet).toMatchObject({ dryRun: false, written: true, problems: [], report: { organisations: 1, qualifications: 1 } });
    expect((await world.hub.gql(`{ qualification(slug: "test-q") { name } }`)).body.data).toEqual({
      qualification: { name: 'Test fixture qualification' },
    });
    expect((await auditOf('test-import-good')).map((a) => `${a.actor}:${a.action}`)).toEqual(['ops:import_bundle']);
  });
});

describe('auditLog', () => {
  const AUDIT = `query($jurisdiction: String, $action: [String!], $subject: ID, $first: Int) { auditLog(jurisdiction: $jurisdiction, action: $action, subject: $subject, first: $first) { totalCount nodes { actor action subjectType subjectKey jurisdiction { code } before after } } }`;

  it('editors read their own jurisdiction only; reviewers read all', async () => {
    const cq = (await ok('cq-editor', AUDIT, { first: 100 })).auditLog;
    expect(cq.nodes.length).toBeGreaterThan(0);
    expect(new Set(cq.nodes.map((n: { jurisdiction: { code: string } | null }) => n.jurisdiction?.code))).toEqual(new Set(['CN-CQ']));
    expect((await ok('cq-editor', AUDIT, { jurisdiction: 'CN-BJ' })).auditLog).toEqual({ totalCount: 0, nodes: [] });
    const all = (await ok('reviewer', AUDIT, { first: 100 })).auditLog;
    expect(all.totalCount).toBeGreaterThan(cq.totalCount);
    expect((await world.hub.gql(`{ auditLog { totalCount } }`)).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('shows each change once, with its before and after', async () => {
    const { nodes } = (await ok('reviewer', AUDIT, { action: ['supersede'], first: 10 })).auditLog;
    expect(nodes).toEqual([
      {
        actor: 'cq-editor',
        action: 'supersede',
        subjectType: 'standard_version',
        subjectKey: 'chongqing-high-quality-scarce-talent@2022',
        jurisdiction: { code: 'CN-CQ' },
        before: { validTo: null },
        after: { validTo: '2026-03-01', supersededBy: 'chongqing-high-quality-scarce-talent@2026' },
      },
      {
        actor: 'bj-editor',
        action: 'supersede',
        subjectType: 'catalog_edition',
        subjectKey: 'beijing-professional-qualifications@2025',
        jurisdiction: { code: 'CN-BJ' },
        before: { validTo: null },
        after: { validTo: '2026-06-01', supersededBy: 'beijing-professional-qualifications@test-2026' },
      },
    ]);
    const edition = Buffer.from('CatalogEdition:["beijing-professional-qualifications","test-2026"]').toString('base64');
    const history = (await ok('bj-editor', AUDIT, { subject: edition })).auditLog.nodes;
    expect(history.map((n: { action: string }) => n.action)).toEqual(['publish', 'repeal']);
    expect(history[1].before).toEqual({ repealedOn: null, repealedBy: null });
    expect(history[1].after).toEqual({ repealedOn: '2026-08-01', repealedBy: 'test-bj-notice-2026' });
  });
});

describe('a failure half-way', () => {
  it('through a publication, after the supersession was written, leaves no partial write and no audit row', async () => {
    who['tj-editor'] = (await accountWithToken(world.db.database, 'tj-editor', 'tianjin-hrss', ['EDITOR'])).token;
    who['tj-editor-2'] = (await accountWithToken(world.db.database, 'tj-editor-2', 'tianjin-hrss', ['EDITOR'])).token;
    const input = {
      catalog: 'tianjin-overseas-qualifications',
      supersedes: '2.0',
      edition: {
        label: 'test-boom',
        title: 'Test fixture: fails on insert',
        validFrom: '2028-01-01',
        sources: [{ instrument: 'peoples-daily-tianjin-2-0' }],
      },
    };
    const id = (await ok('tj-editor', m.edition, { input })).createEditionDraft.draft.id;
    await ok('tj-editor', m.submit, { id });
    await ok('tj-editor-2', m.approve, { id });
    // A fault the checks cannot foresee: the database fails the insert of the new edition, after
    // the publication has already ended the 2.0 edition in the same transaction.
    await world.db.database.db.execute(sql`
      CREATE FUNCTION test_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.label = 'test-boom' THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $$`);
    await world.db.database.db.execute(
      sql`CREATE TRIGGER test_boom BEFORE INSERT ON catalog_editions FOR EACH ROW EXECUTE FUNCTION test_boom()`,
    );
    try {
      const before = await counts();
      const [version] = await rows<{ value: number }>(
        world.db.database.db,
        sql`SELECT value::int FROM hub_meta WHERE key = 'data_version'`,
      );
      const body = await as('tj-editor', m.publish, { id });
      expect(body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(await counts()).toEqual(before);
      expect(await rows(world.db.database.db, sql`SELECT value::int FROM hub_meta WHERE key = 'data_version'`)).toEqual([version]);
      const { body: after } = await world.hub.gql(`{ catalog(slug: "tianjin-overseas-qualifications") { editions { label validTo } } }`);
      expect(after.data.catalog.editions).toEqual([{ label: '2.0', validTo: null }]);
      expect((await as('tj-editor', `query($id: ID!) { node(id: $id) { ... on Draft { status } } }`, { id })).data).toEqual({
        node: { status: 'APPROVED' },
      });
    } finally {
      await world.db.database.db.execute(sql`DROP TRIGGER test_boom ON catalog_editions`);
      await world.db.database.db.execute(sql`DROP FUNCTION test_boom()`);
    }
    // Once the fault is gone, the same draft publishes.
    expect((await ok('tj-editor', m.publish, { id })).publish.draft.status).toBe('PUBLISHED');
  });

  it("an admin's import with problems writes nothing", async () => {
    const before = await counts();
    const [q] = await rows<{ n: number }>(world.db.database.db, sql`SELECT count(*)::int AS n FROM qualifications`);
    const data = await ok('admin', `mutation($b: JSON!) { importBundle(bundle: $b, dryRun: false) { written problems { message } } }`, {
      b: {
        name: 'test-half',
        qualifications: [
          { slug: 'test-half-ok', name: 'Fine' },
          { slug: 'test-half-bad', name: 'Bad', issuer: 'nobody-at-all' },
        ],
      },
    });
    expect(data.importBundle).toEqual({ written: false, problems: [{ message: "unknown organisation 'nobody-at-all'" }] });
    expect(await counts()).toEqual(before);
    expect(await rows(world.db.database.db, sql`SELECT count(*)::int AS n FROM qualifications`)).toEqual([q]);
  });
});

describe('an agreement of national scope', () => {
  it('needs the national authority’s consent, given by a reviewer', async () => {
    const agreement = {
      slug: 'test-cq-to-national-one-way',
      name: 'Test fixture: Chongqing designation honoured by the national level',
      kind: 'STATUS',
      direction: 'ONE_WAY',
      validFrom: '2041-01-01',
      parties: [
        { role: 'SOURCE', jurisdiction: 'CN-CQ' },
        { role: 'TARGET', jurisdiction: 'CN' },
      ],
      category: 'CQ-HQS',
      sources: [{ instrument: 'test-cq-notice-2026' }],
    };
    const d = (await ok('cq-editor', m.agreement, { input: { jurisdiction: 'CN-CQ', agreement } })).createAgreementDraft.draft;
    expect(d.pendingConsents).toEqual([{ code: 'CN' }]);
    await ok('cq-editor', m.submit, { id: d.id });
    await ok('cq-editor-2', m.approve, { id: d.id });
    expect(await refused('cq-editor', m.publish, { id: d.id })).toMatchObject({ code: 'CONFLICT', pending: ['CN'] });
    expect(await refused('sc-editor', m.consent, { id: d.id })).toMatchObject({ code: 'FORBIDDEN' });
    expect((await ok('reviewer', m.consent, { id: d.id })).consentToAgreement.draft).toEqual({
      status: 'APPROVED',
      consents: [{ jurisdiction: { code: 'CN' }, account: 'reviewer' }],
      pendingConsents: [],
    });
    expect((await ok('cq-editor', m.publish, { id: d.id })).publish.agreement).toEqual({ slug: 'test-cq-to-national-one-way' });
  });
});

describe('drafts and auditLog are connections', () => {
  it('page both ways with opaque cursors, and refuse a cursor that is not theirs', async () => {
    const all = (await ok('reviewer', `{ drafts(first: 100) { totalCount nodes { id } } }`)).drafts;
    expect(all.totalCount).toBe(all.nodes.length);
    const first = (await ok('reviewer', `{ drafts(first: 2) { nodes { id } pageInfo { hasNextPage endCursor } } }`)).drafts;
    expect(first.nodes).toEqual(all.nodes.slice(0, 2));
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (
      await ok('reviewer', `query($a: String) { drafts(first: 2, after: $a) { nodes { id } } }`, { a: first.pageInfo.endCursor })
    ).drafts;
    expect(next.nodes).toEqual(all.nodes.slice(2, 4));
    const last = (await ok('reviewer', `{ drafts(last: 2) { nodes { id } pageInfo { hasPreviousPage } } }`)).drafts;
    expect(last).toEqual({ nodes: all.nodes.slice(-2), pageInfo: { hasPreviousPage: true } });
    const submitted = (await ok('reviewer', `{ drafts(status: [WITHDRAWN]) { nodes { status } } }`)).drafts.nodes;
    expect(submitted).toEqual([{ status: 'WITHDRAWN' }]);
    const audit = (await ok('reviewer', `{ auditLog(first: 1) { pageInfo { endCursor } } }`)).auditLog;
    for (const [query, cursor] of [
      [`query($a: String) { drafts(after: $a) { totalCount } }`, audit.pageInfo.endCursor],
      [`query($a: String) { auditLog(after: $a) { totalCount } }`, first.pageInfo.endCursor],
    ]) {
      expect((await as('reviewer', query, { a: cursor })).errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'after' });
    }
  });
});
