import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../src/modules/bundle/bundle.load.ts';
import { BundleRejected, bundleFromObjects } from '../src/modules/bundle/bundle.read.ts';
import { seedsFolder } from '../src/paths.ts';
import { accountWithToken } from './helpers/accounts.ts';
import { seededWorld } from './helpers/hub.ts';

// The public change feed (issue 11, part 1): stored events in commit order, lapses derived from
// dates, filters, and resuming from a cursor. NOTE: the records published here are test fixtures.

const world = seededWorld();
const who: Record<string, string> = {};
const FEED = `query($since: String, $kinds: [ChangeKind!], $jurisdictions: [String!], $qualification: String, $first: Int) {
  changes(since: $since, kinds: $kinds, jurisdictions: $jurisdictions, qualification: $qualification, first: $first) {
    totalCount nodes { cursor kind subjectKey effectiveOn summary details jurisdiction { code } sources { slug } } pageInfo { endCursor hasNextPage }
  }
}`;
type Event = { cursor: string; kind: string; subjectKey: string; effectiveOn: string; summary: string; details: Record<string, unknown> };

async function feed(variables: Record<string, unknown> = {}) {
  const { body } = await world.hub.gql(FEED, { first: 100, ...variables });
  expect(body.errors).toBeUndefined();
  return body.data.changes as {
    totalCount: number;
    nodes: (Event & { jurisdiction: { code: string } | null; sources: { slug: string }[] })[];
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
  };
}
async function as(login: string, query: string, variables: Record<string, unknown>) {
  const { body } = await world.hub.gqlAs(who[login]!, query, variables);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

beforeAll(async () => {
  for (const [login, authority] of [
    ['sh-editor', 'shanghai-hrss'],
    ['sh-editor-2', 'shanghai-hrss'],
  ] as const) {
    who[login] = (await accountWithToken(world.db.database, login, authority, ['EDITOR'])).token;
  }
});

describe('the change feed', () => {
  it('starts with what the seed published, and the lapses its dates have reached', async () => {
    const all = await feed({ first: 100 });
    expect(all.totalCount).toBe(all.nodes.length);
    expect(all.nodes.filter((e) => e.kind === 'EDITION_PUBLISHED').map((e) => e.subjectKey)).toContain(
      'beijing-professional-qualifications@2025',
    );
    // Guangzhou's 2023 trial standard ran to 2025-01-01 and nothing replaced it.
    const lapse = all.nodes.find((e) => e.kind === 'VERSION_LAPSED')!;
    expect(lapse).toMatchObject({
      subjectKey: 'guangzhou-high-end-talent-pilot@2023 trial',
      effectiveOn: '2025-01-01',
      summary:
        'standard version guangzhou-high-end-talent-pilot@2023 trial lapsed on 2025-01-01: its validity ended and nothing replaced it',
      jurisdiction: { code: 'CN-GD-GZ' },
    });
    const published = all.nodes.findIndex((e) => e.kind === 'VERSION_PUBLISHED' && e.subjectKey === lapse.subjectKey);
    expect(all.nodes.indexOf(lapse)).toBeGreaterThan(published);
    // Superseded editions do not lapse: Beijing 1.0 ended the day 2.0 began.
    expect(all.nodes.filter((e) => e.kind === 'EDITION_LAPSED').map((e) => e.subjectKey)).not.toContain(
      'beijing-professional-qualifications@1.0',
    );
    // Pages follow one another with no gap and no repeat.
    const first = await feed({ first: 5 });
    const rest = await feed({ first: 100, since: first.pageInfo.endCursor });
    expect([...first.nodes, ...rest.nodes]).toEqual(all.nodes);
  });

  it('follows a publication, its supersession and a repeal from a cursor; drafts never appear', async () => {
    const { pageInfo } = await feed({ first: 100 });
    const since = pageInfo.endCursor;
    const input = {
      catalog: 'shanghai-overseas-qualifications',
      supersedes: '3.0',
      edition: {
        label: 'test-4.0',
        title: 'Test fixture: Shanghai 4.0',
        validFrom: '2027-01-01',
        entries: [{ qualification: 'ieee-fellow', sources: [{ instrument: 'test-sh-notice' }] }],
        sources: [{ instrument: 'test-sh-notice' }],
      },
      instruments: [{ slug: 'test-sh-notice', kind: 'NOTICE', title: 'Test fixture: Shanghai notice', reliability: 'HIGH' }],
    };
    const id = (
      await as('sh-editor', `mutation($input: EditionDraftInput!) { createEditionDraft(input: $input) { draft { id } } }`, { input })
    ).createEditionDraft.draft.id;
    await as('sh-editor', `mutation($id: ID!) { submitDraft(id: $id) { draft { id } } }`, { id });
    expect((await feed({ since })).nodes).toEqual([]);
    await as('sh-editor-2', `mutation($id: ID!) { approveDraft(id: $id) { draft { id } } }`, { id });
    await as('sh-editor', `mutation($id: ID!) { publish(id: $id) { draft { id } } }`, { id });
    const after = await feed({ since });
    expect(after.nodes.map((e) => [e.kind, e.subjectKey, e.effectiveOn])).toEqual([
      ['EDITION_PUBLISHED', 'shanghai-overseas-qualifications@test-4.0', '2027-01-01'],
      ['EDITION_SUPERSEDED', 'shanghai-overseas-qualifications@3.0', '2027-01-01'],
    ]);
    expect(after.nodes[0]).toMatchObject({
      summary: 'edition shanghai-overseas-qualifications@test-4.0 published, in force from 2027-01-01, 1 entries loaded',
      jurisdiction: { code: 'CN-SH' },
      sources: [{ slug: 'test-sh-notice' }],
    });
    expect(after.nodes[1]!.details).toEqual({
      validTo: '2027-01-01',
      previousValidTo: null,
      supersededBy: 'shanghai-overseas-qualifications@test-4.0',
    });

    await as('sh-editor', `mutation($id: ID!) { repeal(id: $id, on: "2027-03-01", instrument: "test-sh-notice") { draft { id } } }`, {
      id,
    });
    const repealed = await feed({ since: after.pageInfo.endCursor });
    expect(repealed.nodes.map((e) => [e.kind, e.subjectKey, e.effectiveOn])).toEqual([
      ['EDITION_REPEALED', 'shanghai-overseas-qualifications@test-4.0', '2027-03-01'],
    ]);
    // Filters.
    expect((await feed({ since, qualification: 'ieee-fellow' })).nodes.map((e) => e.kind)).toEqual([
      'EDITION_PUBLISHED',
      'EDITION_REPEALED',
    ]);
    expect((await feed({ since, kinds: ['EDITION_SUPERSEDED'] })).nodes.map((e) => e.subjectKey)).toEqual([
      'shanghai-overseas-qualifications@3.0',
    ]);
    expect((await feed({ since, jurisdictions: ['CN-BJ'] })).nodes).toEqual([]);
  });

  it('records a completion and a correction by the bundle loader, and nothing for a refused load', async () => {
    const { pageInfo } = await feed({ first: 100 });
    const since = pageInfo.endCursor;
    // The seed's own record of Tianjin 2.0, as a bureau would reload it.
    const seed = JSON.parse(readFileSync(join(seedsFolder, '30-regions.json'), 'utf8')) as { catalogs: { slug: string }[] };
    const base = { name: 'test-tj-completion', catalogs: [seed.catalogs.find((c) => c.slug === 'tianjin-overseas-qualifications')!] };
    const existing = (base.catalogs[0] as unknown as { editions: { entries: object[] }[] }).editions[0]!.entries;
    const moved = structuredClone(base);
    (moved.catalogs[0] as unknown as { editions: { validTo?: string }[] }).editions[0]!.validTo = '2030-01-01';
    await expect(loadBundle(world.db.database.db, bundleFromObjects([moved]))).rejects.toBeInstanceOf(BundleRejected);
    expect((await feed({ since })).nodes).toEqual([]);

    const grown = structuredClone(base);
    (grown.catalogs[0] as unknown as { editions: { entries: object[] }[] }).editions[0]!.entries.push({
      qualification: 'acca-fellow',
      sources: [{ instrument: 'peoples-daily-tianjin-2-0' }],
    });
    await loadBundle(world.db.database.db, bundleFromObjects([grown]));
    const completed = await feed({ since });
    expect(completed.nodes.map((e) => [e.kind, e.subjectKey])).toEqual([['EDITION_COMPLETED', 'tianjin-overseas-qualifications@2.0']]);
    expect(completed.nodes[0]!.details).toEqual({ added: 1, entries: existing.length + 1 });
    expect((await feed({ since, qualification: 'acca-fellow' })).nodes).toHaveLength(1);

    await loadBundle(world.db.database.db, bundleFromObjects([base]), { correction: { reason: 'acca-fellow was added by mistake' } });
    const corrected = await feed({ since: completed.pageInfo.endCursor });
    expect(corrected.nodes.map((e) => [e.kind, e.subjectKey, e.details.reason])).toEqual([
      ['CORRECTION', 'tianjin-overseas-qualifications@2.0', 'acca-fellow was added by mistake'],
    ]);
  });

  it('records every edition of a bundle larger than one statement can carry (6,100 editions: 67,100 values), in order', async () => {
    const { pageInfo } = await feed({ first: 100 });
    const since = pageInfo.endCursor;
    const day = (k: number) => new Date(Date.UTC(2001, 0, 1 + k)).toISOString().slice(0, 10);
    const src = [{ instrument: 'many-editions-notice' }];
    const count = 6_100;
    const editions = Array.from({ length: count }, (_, k) => ({
      label: `d${k}`,
      title: `Edition of day ${day(k)}`,
      validFrom: day(k),
      ...(k < count - 1 ? { validTo: day(k + 1) } : {}),
      verified: false,
      sources: src,
      lists: [{ code: 'general', name: 'General' }],
      entries: [{ qualification: 'acca-fellow', lists: ['general'], sources: src, verified: false }],
    }));
    await loadBundle(
      world.db.database.db,
      bundleFromObjects([
        {
          name: 'test-many-editions',
          instruments: [
            { slug: 'many-editions-notice', kind: 'OTHER', title: 'Test fixture: a catalog of daily editions', reliability: 'LOW' },
          ],
          catalogs: [
            { slug: 'test-daily', name: 'A test catalog of daily editions', kind: 'QUALIFICATION', jurisdiction: 'CN-HI', editions },
          ],
        },
      ]),
    );
    const published = await feed({ since, kinds: ['EDITION_PUBLISHED'], jurisdictions: ['CN-HI'], first: 3 });
    expect(published.totalCount).toBe(count);
    expect(published.nodes.map((e) => e.subjectKey)).toEqual(['test-daily@d0', 'test-daily@d1', 'test-daily@d2']);
    const next = await feed({ since: published.pageInfo.endCursor, kinds: ['EDITION_PUBLISHED'], jurisdictions: ['CN-HI'], first: 2 });
    expect(next.nodes.map((e) => e.subjectKey)).toEqual(['test-daily@d3', 'test-daily@d4']);
  }, 120_000);

  it('is append-only in the database, and refuses a cursor that is not its own', async () => {
    const refused = await world.db.database.db.execute(sql`DELETE FROM change_events`).then(
      () => null,
      (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
    );
    expect(refused).toBe('change_events is append-only: DELETE is refused');
    const { body } = await world.hub.gql(`{ changes(since: "nonsense") { totalCount } }`);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'since' });
  });
});

describe('every kind of change', () => {
  it('appears in the feed: versions superseded and repealed, agreements published and repealed, lapses of editions and agreements', async () => {
    const { pageInfo } = await feed({ first: 100 });
    const since = pageInfo.endCursor;
    who['cq-editor'] = (await accountWithToken(world.db.database, 'cq-editor', 'chongqing-hrss', ['EDITOR'])).token;
    who['cq-editor-2'] = (await accountWithToken(world.db.database, 'cq-editor-2', 'chongqing-hrss', ['EDITOR'])).token;
    who.reviewer = (await accountWithToken(world.db.database, 'reviewer', 'mohrss', ['REVIEWER'])).token;
    who['sc-editor'] = (await accountWithToken(world.db.database, 'sc-editor', 'sichuan-st', ['EDITOR'])).token;
    const step = async (login: string, mutation: string, id: string) =>
      as(login, `mutation($id: ID!) { ${mutation}(id: $id) { draft { id } } }`, { id });

    // A Chongqing standard version that supersedes 2022, then is repealed.
    const version = (
      await as('cq-editor', `mutation($input: StandardVersionDraftInput!) { createStandardVersionDraft(input: $input) { draft { id } } }`, {
        input: {
          standard: 'chongqing-high-quality-scarce-talent',
          supersedes: '2022',
          version: {
            label: 'test-kinds',
            title: 'Test fixture',
            validFrom: '2027-01-01',
            validTo: '2031-01-01',
            categories: ['CQ-HQS'],
            sources: [{ instrument: 'chongqing-hqs-notice-2022' }],
          },
        },
      })
    ).createStandardVersionDraft.draft.id;
    await step('cq-editor', 'submitDraft', version);
    await step('reviewer', 'approveDraft', version);
    await step('cq-editor', 'publish', version);
    await as(
      'cq-editor',
      `mutation($id: ID!) { repeal(id: $id, on: "2028-01-01", instrument: "chongqing-hqs-notice-2022") { draft { id } } }`,
      { id: version },
    );

    // An agreement with Sichuan, published, then repealed.
    const agreement = (
      await as('cq-editor', `mutation($input: AgreementDraftInput!) { createAgreementDraft(input: $input) { draft { id } } }`, {
        input: {
          jurisdiction: 'CN-CQ',
          agreement: {
            slug: 'test-kinds-agreement',
            name: 'Test fixture',
            kind: 'STATUS',
            direction: 'MUTUAL',
            validFrom: '2027-01-01',
            parties: [
              { role: 'PARTY', jurisdiction: 'CN-CQ' },
              { role: 'PARTY', jurisdiction: 'CN-SC' },
            ],
            category: 'B',
            sources: [{ instrument: 'chongqing-hqs-notice-2022' }],
          },
        },
      })
    ).createAgreementDraft.draft.id;
    await step('cq-editor', 'submitDraft', agreement);
    await step('cq-editor-2', 'approveDraft', agreement);
    await step('sc-editor', 'consentToAgreement', agreement);
    await step('cq-editor', 'publish', agreement);
    await as(
      'cq-editor',
      `mutation($id: ID!) { repeal(id: $id, on: "2027-06-01", instrument: "chongqing-hqs-notice-2022") { draft { id } } }`,
      { id: agreement },
    );

    // Records whose validity has already ended, with nothing to replace them: lapsed on their day.
    await loadBundle(
      world.db.database.db,
      bundleFromObjects([
        {
          name: 'test-kinds-lapsed',
          catalogs: [
            {
              slug: 'test-kinds-catalog',
              name: 'Test fixture catalog',
              kind: 'QUALIFICATION',
              jurisdiction: 'CN-CQ',
              editions: [
                {
                  label: '1',
                  title: 'Test fixture',
                  validFrom: '2020-01-01',
                  validTo: '2021-01-01',
                  sources: [{ instrument: 'chongqing-hqs-notice-2022' }],
                },
              ],
            },
          ],
          agreements: [
            {
              slug: 'test-kinds-old-agreement',
              name: 'Test fixture',
              kind: 'STATUS',
              direction: 'MUTUAL',
              validFrom: '2020-01-01',
              validTo: '2021-01-01',
              parties: [
                { role: 'PARTY', jurisdiction: 'CN-CQ' },
                { role: 'PARTY', jurisdiction: 'CN-SC' },
              ],
              category: 'B',
              sources: [{ instrument: 'chongqing-hqs-notice-2022' }],
            },
          ],
        },
      ]),
    );

    const events = (await feed({ since, jurisdictions: ['CN-CQ'] })).nodes.map((e) => `${e.kind} ${e.subjectKey} ${e.effectiveOn}`);
    expect(events).toEqual([
      'VERSION_PUBLISHED chongqing-high-quality-scarce-talent@test-kinds 2027-01-01',
      'VERSION_SUPERSEDED chongqing-high-quality-scarce-talent@2022 2027-01-01',
      'VERSION_REPEALED chongqing-high-quality-scarce-talent@test-kinds 2028-01-01',
      'AGREEMENT_PUBLISHED test-kinds-agreement 2027-01-01',
      'AGREEMENT_REPEALED test-kinds-agreement 2027-06-01',
      // A lapse that was already past when its record was loaded sits right after the record's publication.
      'EDITION_PUBLISHED test-kinds-catalog@1 2020-01-01',
      'EDITION_LAPSED test-kinds-catalog@1 2021-01-01',
      'AGREEMENT_PUBLISHED test-kinds-old-agreement 2020-01-01',
      'AGREEMENT_LAPSED test-kinds-old-agreement 2021-01-01',
    ]);
  });
});
