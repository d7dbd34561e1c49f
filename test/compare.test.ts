import { describe, expect, it } from 'vitest';
import { sharesListVocabulary } from '../src/modules/analysis/analysis.service.ts';
import { baseBundle, SRC } from './helpers/bundles.ts';
import { seededWorld, type TestHub, withData } from './helpers/hub.ts';

// Issue 16's comparison items: catalogDiff by natural keys, its list vocabulary and its
// connections, coverage rows as a connection, and the full overlap matrix.

const world = seededWorld();

/** What a client reads: the data and the errors (the cost and SQL counts in `extensions` aside). */
async function ask(query: string, variables?: Record<string, unknown>) {
  const { body } = await world.hub.gql(query, variables);
  return body.errors ? { data: body.data, errors: body.errors } : { data: body.data };
}

const BJ = 'beijing-professional-qualifications';
const SH = 'shanghai-overseas-qualifications';

/** A refusal as the client sees it: one error, at the field, with its code and details. */
const refusal = (message: string, extensions: Record<string, unknown>, path = ['catalogDiff']) => ({
  data: null,
  errors: [{ message, locations: expect.any(Array), path, extensions }],
});

async function editionIds(catalog: string): Promise<Record<string, string>> {
  const { body } = await world.hub.gql('query($c: String!) { catalog(slug: $c) { editions { id label } } }', { c: catalog });
  return Object.fromEntries(body.data.catalog.editions.map((e: { id: string; label: string }) => [e.label, e.id]));
}

const DIFF_FIELDS = `from { label catalog { slug } } to { label catalog { slug } }
  addedCount removedCount changedCount unchangedCount complete
  added { qualification { slug } } removed { qualification { slug } }
  changed { qualification { slug } changes { attribute before after } listsAdded listsRemoved }`;
const BY_ID = `query($from: ID!, $to: ID!) { catalogDiff(from: $from, to: $to) { ${DIFF_FIELDS} } }`;
const BY_KEY = `query($from: EditionKeyInput!, $to: EditionKeyInput!) { catalogDiff(fromEdition: $from, toEdition: $to) { ${DIFF_FIELDS} } }`;

describe('catalogDiff by natural keys', () => {
  it('names editions by catalog slug and edition label, with the same answer as by global IDs', async () => {
    const ids = await editionIds(BJ);
    const byId = await ask(BY_ID, { from: ids['2.0'], to: ids['3.0'] });
    const byKey = await ask(BY_KEY, { from: { catalog: BJ, edition: '2.0' }, to: { catalog: BJ, edition: '3.0' } });
    expect(byKey).toEqual(byId);
    expect(byKey.data.catalogDiff).toEqual({
      from: { label: '2.0', catalog: { slug: BJ } },
      to: { label: '3.0', catalog: { slug: BJ } },
      addedCount: 3,
      removedCount: 1,
      changedCount: 1,
      unchangedCount: 3,
      complete: false,
      added: [
        { qualification: { slug: 'acm-fellow' } },
        { qualification: { slug: 'acm-distinguished-member' } },
        { qualification: { slug: 'frsc' } },
      ],
      removed: [{ qualification: { slug: 'acca-member' } }],
      changed: [
        {
          qualification: { slug: 'acca-fellow' },
          changes: [
            { attribute: 'CORRESPONDING_TITLE', before: '副高级', after: null },
            { attribute: 'TITLE_LEVEL', before: 'DEPUTY_SENIOR', after: null },
          ],
          listsAdded: [],
          listsRemoved: [],
        },
      ],
    });
    // One side by ID, the other by key, and a literal key in the document.
    const mixed = await ask(
      `query($from: ID!) { catalogDiff(from: $from, toEdition: { catalog: "${BJ}", edition: "3.0" }) { ${DIFF_FIELDS} } }`,
      { from: ids['2.0'] },
    );
    expect(mixed).toEqual(byId);
  });

  it('refuses a side named both ways or neither way, naming the argument', async () => {
    const ids = await editionIds(BJ);
    const q = (args: string) => ask(`query($id: ID) { catalogDiff(${args}) { unchangedCount } }`, { id: ids['3.0'] });
    const key = `{ catalog: "${BJ}", edition: "2.0" }`;
    expect(await q(`from: $id, fromEdition: ${key}, to: $id`)).toEqual(
      refusal('from: give either `from` (a global ID) or `fromEdition` (catalog slug and edition label), not both', {
        code: 'BAD_USER_INPUT',
        argument: 'from',
      }),
    );
    expect(await q('from: $id')).toEqual(
      refusal('to: give `to` (a global ID) or `toEdition` (catalog slug and edition label)', { code: 'BAD_USER_INPUT', argument: 'to' }),
    );
    expect(await q(`toEdition: ${key}, to: $id, from: $id`)).toEqual(
      refusal('to: give either `to` (a global ID) or `toEdition` (catalog slug and edition label), not both', {
        code: 'BAD_USER_INPUT',
        argument: 'to',
      }),
    );
    // Both sides wrong: one error, every problem in its message, the first side named.
    expect(await ask('{ catalogDiff { unchangedCount } }')).toEqual(
      refusal(
        'from: give `from` (a global ID) or `fromEdition` (catalog slug and edition label); to: give `to` (a global ID) or `toEdition` (catalog slug and edition label)',
        { code: 'BAD_USER_INPUT', argument: 'from' },
      ),
    );
    // A null is no name: `from: null` beside `fromEdition` is fine.
    const nullId = await ask(`query($id: ID) { catalogDiff(from: null, fromEdition: ${key}, to: $id) { from { label } to { label } } }`, {
      id: ids['3.0'],
    });
    expect(nullId).toEqual({ data: { catalogDiff: { from: { label: '2.0' }, to: { label: '3.0' } } } });
  });

  it('answers NOT_FOUND for an unknown catalog slug or edition label', async () => {
    const diff = (from: object, to: object) => ask(BY_KEY, { from, to });
    expect(await diff({ catalog: 'no-such-catalog', edition: '1.0' }, { catalog: BJ, edition: '3.0' })).toEqual(
      refusal("Unknown catalog 'no-such-catalog'", { code: 'NOT_FOUND', catalog: 'no-such-catalog' }),
    );
    expect(await diff({ catalog: BJ, edition: '3.0' }, { catalog: BJ, edition: '9.9' })).toEqual(
      refusal("Unknown edition '9.9'", { code: 'NOT_FOUND', edition: '9.9' }),
    );
    // A label of another catalog's edition is not one of this catalog's.
    expect(await diff({ catalog: SH, edition: 'International 1.0' }, { catalog: BJ, edition: '3.0' })).toEqual(
      refusal("Unknown edition 'International 1.0'", { code: 'NOT_FOUND', edition: 'International 1.0' }),
    );
  });
});

const VOCABULARY = `listComparison fromListCodes toListCodes addedCount removedCount changedCount unchangedCount to { loadedSize }
  added { qualification { slug } } removed { qualification { slug } }
  changed { qualification { slug } changes { attribute before after } listsAdded listsRemoved }`;
const vocabularyDiff = (h: TestHub, from: [string, string], to: [string, string]) =>
  h
    .gql(`query($from: EditionKeyInput!, $to: EditionKeyInput!) { catalogDiff(fromEdition: $from, toEdition: $to) { ${VOCABULARY} } }`, {
      from: { catalog: from[0], edition: from[1] },
      to: { catalog: to[0], edition: to[1] },
    })
    .then((r) => r.body.data.catalogDiff);

describe('catalogDiff compares lists only within one list vocabulary', () => {
  it('is the same set of list codes, whatever their order; no lists at all is the empty vocabulary', () => {
    expect(sharesListVocabulary(['general', 'urgent'], ['urgent', 'general'])).toBe(true);
    expect(sharesListVocabulary([], [])).toBe(true);
    expect(sharesListVocabulary(['general', 'urgent'], ['a', 'b', 'c'])).toBe(false);
    expect(sharesListVocabulary(['a', 'b', 'c'], ['a', 'b', 'c', 'd'])).toBe(false);
    expect(sharesListVocabulary([], ['general'])).toBe(false);
  });

  it("reports Beijing's against Shanghai's edition by membership and attributes alone, and Beijing's two editions with their lists", async () => {
    const cross = await vocabularyDiff(world.hub, [BJ, '3.0'], [SH, '1.0']);
    expect(cross).toEqual({
      listComparison: 'MEMBERSHIP_ONLY',
      fromListCodes: ['general', 'urgent'],
      toListCodes: ['a', 'b', 'c'],
      addedCount: 4,
      removedCount: 5,
      changedCount: 1,
      // acm-fellow is on general and urgent in Beijing, on b in Shanghai, and the same otherwise.
      unchangedCount: 1,
      to: { loadedSize: 6 },
      added: [
        { qualification: { slug: 'acca-member' } },
        { qualification: { slug: 'cgma-fellow' } },
        { qualification: { slug: 'iet-fellow' } },
        { qualification: { slug: 'raes-fellow' } },
      ],
      removed: [
        { qualification: { slug: 'ieee-fellow' } },
        { qualification: { slug: 'ieee-senior-member' } },
        { qualification: { slug: 'leed-fellow' } },
        { qualification: { slug: 'acm-distinguished-member' } },
        { qualification: { slug: 'frsc' } },
      ],
      changed: [
        {
          qualification: { slug: 'acca-fellow' },
          changes: [
            { attribute: 'CORRESPONDING_TITLE', before: null, after: '副高级' },
            { attribute: 'TITLE_LEVEL', before: null, after: 'DEPUTY_SENIOR' },
          ],
          listsAdded: [],
          listsRemoved: [],
        },
      ],
    });
    expect(cross.addedCount + cross.changedCount + cross.unchangedCount).toBe(cross.to.loadedSize);
    const same = await vocabularyDiff(world.hub, [BJ, '2.0'], [BJ, '3.0']);
    expect([same.listComparison, same.fromListCodes, same.toListCodes]).toEqual(['COMPARED', ['general', 'urgent'], ['general', 'urgent']]);
  });

  it('on editions built here: the same codes in another order, a list added, another region, and no lists at all', async () => {
    const edition = (label: string, validFrom: string, lists: string[], entries: object[], validTo?: string) => ({
      label,
      title: label,
      validFrom,
      ...(validTo ? { validTo } : {}),
      sources: SRC,
      declaredSize: entries.length,
      ...(lists.length ? { lists: lists.map((code) => ({ code, name: code })) } : {}),
      entries,
    });
    const entry = (q: string, lists: string[], extra: object = {}) => ({
      qualification: q,
      ...(lists.length ? { lists } : {}),
      sources: SRC,
      ...extra,
    });
    const catalog = (slug: string, jurisdiction: string, editions: object[]) => ({
      name: `catalog-${slug}`,
      catalogs: [{ slug, name: slug, kind: 'QUALIFICATION', jurisdiction, editions }],
    });
    await withData(
      [
        baseBundle(),
        catalog('bj', 'CN-BJ', [
          edition(
            '1',
            '2021-01-01',
            ['general', 'urgent'],
            [entry('q1', ['general']), entry('q2', ['general', 'urgent'], { titleLevel: 'INTERMEDIATE' }), entry('q3', ['general'])],
            '2022-01-01',
          ),
          edition(
            '2',
            '2022-01-01',
            ['urgent', 'general'],
            [entry('q1', ['general', 'urgent']), entry('q2', ['general'], { titleLevel: 'DEPUTY_SENIOR' }), entry('q4', ['general'])],
            '2023-01-01',
          ),
          edition(
            '3',
            '2023-01-01',
            ['general', 'urgent', 'talent'],
            [entry('q1', ['talent']), entry('q2', ['general'], { titleLevel: 'DEPUTY_SENIOR' }), entry('q4', ['urgent'])],
          ),
        ]),
        catalog('sh', 'CN-SH', [
          edition('1', '2021-01-01', ['a', 'b'], [entry('q1', ['a']), entry('q2', ['b'], { titleLevel: 'SENIOR' }), entry('q3', ['a'])]),
        ]),
        catalog('tj', 'CN-TJ', [
          edition('x', '2021-01-01', [], [entry('q1', []), entry('q2', [], { skillLevel: '四级' })], '2022-01-01'),
          edition('y', '2022-01-01', [], [entry('q2', [], { skillLevel: '三级' }), entry('q3', [])]),
        ]),
      ],
      async (h) => {
        const q = (slug: string) => ({ qualification: { slug } });
        // The same two codes, published in another order: one vocabulary, lists compared.
        expect(await vocabularyDiff(h, ['bj', '1'], ['bj', '2'])).toEqual({
          listComparison: 'COMPARED',
          fromListCodes: ['general', 'urgent'],
          toListCodes: ['urgent', 'general'],
          addedCount: 1,
          removedCount: 1,
          changedCount: 2,
          unchangedCount: 0,
          to: { loadedSize: 3 },
          added: [q('q4')],
          removed: [q('q3')],
          changed: [
            {
              ...q('q1'),
              changes: [{ attribute: 'LISTS', before: 'general', after: 'general, urgent' }],
              listsAdded: ['urgent'],
              listsRemoved: [],
            },
            {
              ...q('q2'),
              changes: [
                { attribute: 'LISTS', before: 'general, urgent', after: 'general' },
                { attribute: 'TITLE_LEVEL', before: 'INTERMEDIATE', after: 'DEPUTY_SENIOR' },
              ],
              listsAdded: [],
              listsRemoved: ['urgent'],
            },
          ],
        });
        // A list added: another vocabulary, so q1 (general and urgent, then talent) and q4 (general, then urgent) are unchanged.
        expect(await vocabularyDiff(h, ['bj', '2'], ['bj', '3'])).toEqual({
          listComparison: 'MEMBERSHIP_ONLY',
          fromListCodes: ['urgent', 'general'],
          toListCodes: ['general', 'urgent', 'talent'],
          addedCount: 0,
          removedCount: 0,
          changedCount: 0,
          unchangedCount: 3,
          to: { loadedSize: 3 },
          added: [],
          removed: [],
          changed: [],
        });
        // Another region's tiers: q2's title level still differs, its lists are not compared.
        expect(await vocabularyDiff(h, ['bj', '1'], ['sh', '1'])).toEqual({
          listComparison: 'MEMBERSHIP_ONLY',
          fromListCodes: ['general', 'urgent'],
          toListCodes: ['a', 'b'],
          addedCount: 0,
          removedCount: 0,
          changedCount: 1,
          unchangedCount: 2,
          to: { loadedSize: 3 },
          added: [],
          removed: [],
          changed: [
            {
              ...q('q2'),
              changes: [{ attribute: 'TITLE_LEVEL', before: 'INTERMEDIATE', after: 'SENIOR' }],
              listsAdded: [],
              listsRemoved: [],
            },
          ],
        });
        // Neither edition has lists: the empty vocabulary, shared.
        expect(await vocabularyDiff(h, ['tj', 'x'], ['tj', 'y'])).toEqual({
          listComparison: 'COMPARED',
          fromListCodes: [],
          toListCodes: [],
          addedCount: 1,
          removedCount: 1,
          changedCount: 1,
          unchangedCount: 0,
          to: { loadedSize: 2 },
          added: [q('q3')],
          removed: [q('q1')],
          changed: [
            { ...q('q2'), changes: [{ attribute: 'SKILL_LEVEL', before: '四级', after: '三级' }], listsAdded: [], listsRemoved: [] },
          ],
        });
        // No lists against lists: two vocabularies.
        expect((await vocabularyDiff(h, ['tj', 'y'], ['bj', '3'])).listComparison).toBe('MEMBERSHIP_ONLY');
      },
    );
  });
});

/** Every node of a connection, read a page at a time forwards (first/after) or backwards (last/before), in the order read. */
async function readAll(
  h: TestHub,
  query: (page: string) => string,
  pick: (data: any) => { totalCount: number; nodes: unknown[]; pageInfo: Record<string, any> },
  direction: 'forwards' | 'backwards',
  size: number,
): Promise<{ nodes: unknown[]; totalCount: number; pages: number }> {
  const nodes: unknown[] = [];
  let cursor: string | null = null;
  for (let pages = 1; pages <= 100; pages++) {
    const page =
      direction === 'forwards'
        ? `first: ${size}${cursor ? `, after: "${cursor}"` : ''}`
        : `last: ${size}${cursor ? `, before: "${cursor}"` : ''}`;
    const { body } = await h.gql(query(page));
    expect(body.errors).toBeUndefined();
    const connection = pick(body.data);
    nodes.push(...(direction === 'forwards' ? connection.nodes : [...connection.nodes].reverse()));
    const more = direction === 'forwards' ? connection.pageInfo.hasNextPage : connection.pageInfo.hasPreviousPage;
    if (!more) return { nodes, totalCount: connection.totalCount, pages };
    cursor = direction === 'forwards' ? connection.pageInfo.endCursor : connection.pageInfo.startCursor;
  }
  throw new Error('more than 100 pages');
}
const PAGE_INFO = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';

describe('connections beside the plain lists', () => {
  it("page a diff's added, removed and changed entries both ways, as the plain lists hold them", async () => {
    const n = (i: number) => `q${String(i).padStart(2, '0')}`;
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);
    const edition = (label: string, validFrom: string, entries: object[], validTo?: string) => ({
      label,
      title: label,
      validFrom,
      ...(validTo ? { validTo } : {}),
      sources: SRC,
      declaredSize: entries.length,
      lists: [
        { code: 'general', name: 'General' },
        { code: 'urgent', name: 'Urgent' },
      ],
      entries,
    });
    const entry = (i: number, lists: string[], extra: object = {}) => ({ qualification: n(i), lists, sources: SRC, ...extra });
    await withData(
      [
        { ...baseBundle(), qualifications: range(1, 30).map((i) => ({ slug: n(i), name: n(i).toUpperCase() })) },
        {
          name: 'big',
          catalogs: [
            {
              slug: 'big',
              name: 'big',
              kind: 'QUALIFICATION',
              jurisdiction: 'CN-BJ',
              editions: [
                edition(
                  '1',
                  '2021-01-01',
                  range(1, 20).map((i) => entry(i, i >= 5 && i <= 10 ? ['general', 'urgent'] : ['general'])),
                  '2022-01-01',
                ),
                edition(
                  '2',
                  '2022-01-01',
                  range(8, 30).map((i) =>
                    entry(i, i <= 12 ? ['general', 'urgent'] : ['general'], i >= 13 && i <= 15 ? { titleLevel: 'SENIOR' } : {}),
                  ),
                ),
              ],
            },
          ],
        },
      ],
      async (h) => {
        const diff = (selection: string) =>
          `{ catalogDiff(fromEdition: { catalog: "big", edition: "1" }, toEdition: { catalog: "big", edition: "2" }) { ${selection} } }`;
        const slugs = (from: number, to: number) => range(from, to).map((i) => ({ qualification: { slug: n(i) } }));
        const CHANGE = 'qualification { slug } changes { attribute before after } listsAdded listsRemoved';
        const plain = (
          await h.gql(
            diff(`addedCount removedCount changedCount unchangedCount added { qualification { slug } } removed { qualification { slug } }
              changed { ${CHANGE} }`),
          )
        ).body.data.catalogDiff;
        const lists = { changes: [{ attribute: 'LISTS', before: 'general', after: 'general, urgent' }] };
        const title = { changes: [{ attribute: 'TITLE_LEVEL', before: null, after: 'SENIOR' }], listsAdded: [], listsRemoved: [] };
        expect(plain).toEqual({
          addedCount: 10,
          removedCount: 7,
          changedCount: 5,
          unchangedCount: 8,
          added: slugs(21, 30),
          removed: slugs(1, 7),
          changed: [
            { ...lists, qualification: { slug: 'q11' }, listsAdded: ['urgent'], listsRemoved: [] },
            { ...lists, qualification: { slug: 'q12' }, listsAdded: ['urgent'], listsRemoved: [] },
            { ...title, qualification: { slug: 'q13' } },
            { ...title, qualification: { slug: 'q14' } },
            { ...title, qualification: { slug: 'q15' } },
          ],
        });
        // The first page of each, whole.
        const first = (
          await h.gql(
            diff(`addedConnection(first: 3) { totalCount pageInfo { hasNextPage hasPreviousPage } nodes { qualification { slug } } }
          removedConnection(last: 2) { totalCount pageInfo { hasNextPage hasPreviousPage } nodes { qualification { slug } } }
          changedConnection(first: 10) { totalCount pageInfo { hasNextPage hasPreviousPage } edges { node { qualification { slug } } } }`),
          )
        ).body.data.catalogDiff;
        expect(first).toEqual({
          addedConnection: { totalCount: 10, pageInfo: { hasNextPage: true, hasPreviousPage: false }, nodes: slugs(21, 23) },
          removedConnection: { totalCount: 7, pageInfo: { hasNextPage: false, hasPreviousPage: true }, nodes: slugs(6, 7) },
          changedConnection: {
            totalCount: 5,
            pageInfo: { hasNextPage: false, hasPreviousPage: false },
            edges: range(11, 15).map((i) => ({ node: { qualification: { slug: n(i) } } })),
          },
        });
        for (const [field, selection, all] of [
          ['addedConnection', 'qualification { slug }', plain.added],
          ['removedConnection', 'qualification { slug }', plain.removed],
          ['changedConnection', CHANGE, plain.changed],
        ] as const) {
          const query = (page: string) => diff(`${field}(${page}) { totalCount ${PAGE_INFO} nodes { ${selection} } }`);
          const pick = (data: any) => data.catalogDiff[field];
          const forwards = await readAll(h, query, pick, 'forwards', 3);
          const backwards = await readAll(h, query, pick, 'backwards', 3);
          expect(forwards).toEqual({ nodes: all, totalCount: all.length, pages: Math.ceil(all.length / 3) });
          expect(backwards).toEqual({ ...forwards, nodes: [...all].reverse() });
        }
        // A cursor names its connection: one of `added` does not page `removed`, nor `shared`.
        const cursor = (await h.gql(diff('addedConnection(first: 1) { pageInfo { endCursor } }'))).body.data.catalogDiff.addedConnection
          .pageInfo.endCursor;
        const misuse = await h.gql(diff(`removedConnection(after: "${cursor}") { totalCount }`));
        expect(misuse.body.errors?.map((e) => [e.extensions?.code, e.extensions?.argument])).toEqual([['BAD_USER_INPUT', 'after']]);
      },
    );
  });

  it('page coverage rows as `rows` holds them', async () => {
    const coverage = (selection: string) =>
      `{ coverage(jurisdictions: ["CN-SH", "CN-BJ", "CN-TJ"], groupBy: LIST, asOf: "2023-10-01") { ${selection} } }`;
    const ROW = 'jurisdiction { code } group count';
    const { rows } = (await world.hub.gql(coverage(`rows { ${ROW} }`))).body.data.coverage;
    const row = (code: string, group: string, count: number) => ({ jurisdiction: { code }, group, count });
    expect(rows).toEqual([
      row('CN-BJ', 'general', 7),
      row('CN-BJ', 'urgent', 7),
      row('CN-SH', 'a', 3),
      row('CN-SH', 'b', 5),
      row('CN-SH', 'c', 2),
    ]);
    const query = (page: string) => coverage(`rowsConnection(${page}) { totalCount ${PAGE_INFO} nodes { ${ROW} } }`);
    const pick = (data: any) => data.coverage.rowsConnection;
    expect(await readAll(world.hub, query, pick, 'forwards', 2)).toEqual({ nodes: rows, totalCount: 5, pages: 3 });
    expect(await readAll(world.hub, query, pick, 'backwards', 2)).toEqual({ nodes: [...rows].reverse(), totalCount: 5, pages: 3 });
    expect((await world.hub.gql(coverage(`rowsConnection(first: 100) { totalCount nodes { ${ROW} } }`))).body.data.coverage).toEqual({
      rowsConnection: { totalCount: 5, nodes: rows },
    });
  });
});
