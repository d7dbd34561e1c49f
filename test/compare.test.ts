import { describe, expect, it } from 'vitest';
import { sharesListVocabulary } from '../src/modules/analysis/analysis.service.ts';
import { agreementBundle, baseBundle, catalogBundle, SRC } from './helpers/bundles.ts';
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
  it('is one catalog series, or across catalogs the same set of list codes, whatever their order; no lists at all is the empty vocabulary', () => {
    const of = (catalogId: number, codes: string[]) => ({ catalogId, codes });
    expect(sharesListVocabulary(of(1, ['general', 'urgent']), of(2, ['urgent', 'general']))).toBe(true);
    expect(sharesListVocabulary(of(1, []), of(2, []))).toBe(true);
    expect(sharesListVocabulary(of(1, ['general', 'urgent']), of(2, ['a', 'b', 'c']))).toBe(false);
    expect(sharesListVocabulary(of(1, ['a', 'b', 'c']), of(2, ['a', 'b', 'c', 'd']))).toBe(false);
    expect(sharesListVocabulary(of(1, []), of(2, ['general']))).toBe(false);
    // A series that adds a list (Shanghai 3.0's d) keeps its vocabulary.
    expect(sharesListVocabulary(of(3, ['a', 'b', 'c']), of(3, ['a', 'b', 'c', 'd']))).toBe(true);
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
        // A list added to the series: the same vocabulary grown, so moves onto and off lists are changes.
        expect(await vocabularyDiff(h, ['bj', '2'], ['bj', '3'])).toEqual({
          listComparison: 'COMPARED',
          fromListCodes: ['urgent', 'general'],
          toListCodes: ['general', 'urgent', 'talent'],
          addedCount: 0,
          removedCount: 0,
          changedCount: 2,
          unchangedCount: 1,
          to: { loadedSize: 3 },
          added: [],
          removed: [],
          changed: [
            {
              ...q('q1'),
              changes: [{ attribute: 'LISTS', before: 'general, urgent', after: 'talent' }],
              listsAdded: ['talent'],
              listsRemoved: ['general', 'urgent'],
            },
            {
              ...q('q4'),
              changes: [{ attribute: 'LISTS', before: 'general', after: 'urgent' }],
              listsAdded: ['urgent'],
              listsRemoved: ['general'],
            },
          ],
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

describe('overlap: the full matrix', () => {
  const CELL = `a { code } b { code } sharedCount onlyInACount onlyInBCount
    shared(first: 100) { totalCount nodes { slug } } onlyInA(first: 100) { totalCount nodes { slug } } onlyInB(first: 100) { totalCount nodes { slug } }`;
  const matrixOf = (h: TestHub, codes: string[], asOf: string) =>
    h
      .gql(`query($js: [String!]!) { overlap(jurisdictions: $js, asOf: "${asOf}") { jurisdictions { code } matrix { ${CELL} } } }`, {
        js: codes,
      })
      .then((r) => r.body.data.overlap);
  /** The cell a naive reference expects from what each jurisdiction honours (slugs, any order). */
  const referenceCell = (honours: Record<string, string[]>, a: string, b: string) => {
    const set = (slugs: string[]) => ({ totalCount: slugs.length, nodes: [...slugs].sort().map((slug) => ({ slug })) });
    const shared = honours[a]!.filter((q) => honours[b]!.includes(q));
    const onlyInA = honours[a]!.filter((q) => !honours[b]!.includes(q));
    const onlyInB = honours[b]!.filter((q) => !honours[a]!.includes(q));
    return {
      a: { code: a },
      b: { code: b },
      sharedCount: shared.length,
      onlyInACount: onlyInA.length,
      onlyInBCount: onlyInB.length,
      shared: set(shared),
      onlyInA: set(onlyInA),
      onlyInB: set(onlyInB),
    };
  };

  it("gives Beijing and Shanghai's n × n cells, each with what both honour and what one alone does, beside the upper-triangle cells", async () => {
    const overlap = await matrixOf(world.hub, ['CN-SH', 'CN-BJ'], '2023-10-01');
    const bj = ['acca-fellow', 'acm-distinguished-member', 'acm-fellow', 'frsc', 'ieee-fellow', 'ieee-senior-member', 'leed-fellow'];
    const sh = ['acca-fellow', 'acca-member', 'acm-fellow', 'cgma-fellow', 'iet-fellow', 'raes-fellow'];
    const page = (slugs: string[]) => ({ totalCount: slugs.length, nodes: slugs.map((slug) => ({ slug })) });
    const both = ['acca-fellow', 'acm-fellow'];
    const cell = (a: string, b: string, shared: string[], onlyInA: string[], onlyInB: string[]) => ({
      a: { code: a },
      b: { code: b },
      sharedCount: shared.length,
      onlyInACount: onlyInA.length,
      onlyInBCount: onlyInB.length,
      shared: page(shared),
      onlyInA: page(onlyInA),
      onlyInB: page(onlyInB),
    });
    const bjOnly = ['acm-distinguished-member', 'frsc', 'ieee-fellow', 'ieee-senior-member', 'leed-fellow'];
    const shOnly = ['acca-member', 'cgma-fellow', 'iet-fellow', 'raes-fellow'];
    expect(overlap).toEqual({
      jurisdictions: [{ code: 'CN-SH' }, { code: 'CN-BJ' }],
      matrix: [
        cell('CN-SH', 'CN-SH', sh, [], []),
        cell('CN-SH', 'CN-BJ', both, shOnly, bjOnly),
        cell('CN-BJ', 'CN-SH', both, bjOnly, shOnly),
        cell('CN-BJ', 'CN-BJ', bj, [], []),
      ],
    });
    // `cells` is still the upper triangle in the order asked, and its cells carry the new fields too.
    const { body } = await world.hub.gql(`{ overlap(jurisdictions: ["CN-SH", "CN-BJ"], asOf: "2023-10-01") { cells { ${CELL} } } }`);
    expect(body.data.overlap.cells).toEqual([overlap.matrix[0], overlap.matrix[1], overlap.matrix[3]]);
  });

  it('on jurisdictions built here: every ordered pair as a naive reference has it, symmetric where it must be', async () => {
    await withData(
      [
        { ...baseBundle(), qualifications: ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'].map((slug) => ({ slug, name: slug.toUpperCase() })) },
        catalogBundle('bj', 'CN-BJ', [{ label: '1', from: '2021-01-01', quals: ['q1', 'q2', 'q3'] }]),
        catalogBundle('sh', 'CN-SH', [{ label: '1', from: '2021-01-01', quals: ['q2', 'q4', 'q5'] }]),
        catalogBundle('tj', 'CN-TJ', [{ label: '1', from: '2021-01-01', quals: ['q6'] }]),
        // Tianjin honours what Beijing lists.
        agreementBundle({
          slug: 'bj-tj',
          kind: 'LISTING',
          direction: 'ONE_WAY',
          from: '2021-01-01',
          parties: [
            { role: 'SOURCE', jurisdiction: 'CN-BJ' },
            { role: 'TARGET', jurisdiction: 'CN-TJ' },
          ],
        }),
      ],
      async (h) => {
        const honours: Record<string, string[]> = {
          'CN-SH': ['q2', 'q4', 'q5'],
          'CN-BJ': ['q1', 'q2', 'q3'],
          'CN-TJ': ['q1', 'q2', 'q3', 'q6'],
          'CN-HE': [],
        };
        const codes = Object.keys(honours);
        const overlap = await matrixOf(h, codes, '2022-01-01');
        expect(overlap).toEqual({
          jurisdictions: codes.map((code) => ({ code })),
          matrix: codes.flatMap((a) => codes.map((b) => referenceCell(honours, a, b))),
        });
        // The same facts read off the answer alone.
        const n = codes.length;
        expect(overlap.matrix).toHaveLength(n * n);
        const at = (i: number, j: number) => overlap.matrix[i * n + j];
        for (let i = 0; i < n; i++) {
          const diagonal = at(i, i);
          expect([diagonal.onlyInACount, diagonal.onlyInBCount]).toEqual([0, 0]);
          for (let j = 0; j < n; j++) {
            const cell = at(i, j);
            const mirror = at(j, i);
            expect([cell.a.code, cell.b.code]).toEqual([codes[i], codes[j]]);
            expect(cell.shared).toEqual(mirror.shared);
            expect(cell.onlyInA).toEqual(mirror.onlyInB);
            expect(cell.sharedCount + cell.onlyInACount).toBe(diagonal.sharedCount);
            const union = [...cell.shared.nodes, ...cell.onlyInA.nodes].map((q: { slug: string }) => q.slug).sort();
            expect(union).toEqual(diagonal.shared.nodes.map((q: { slug: string }) => q.slug));
          }
        }
        // Paged both ways a qualification at a time, over the same set.
        const query = (side: 'onlyInA' | 'onlyInB') => (page: string) =>
          `{ overlap(jurisdictions: ["CN-TJ", "CN-SH"], asOf: "2022-01-01") { matrix { ${side}(${page}) { totalCount ${PAGE_INFO} nodes { slug } } } } }`;
        const pick = (side: 'onlyInA' | 'onlyInB') => (data: any) => data.overlap.matrix[1][side];
        const tjOnly = ['q1', 'q3', 'q6'].map((slug) => ({ slug }));
        expect(await readAll(h, query('onlyInA'), pick('onlyInA'), 'forwards', 1)).toEqual({ nodes: tjOnly, totalCount: 3, pages: 3 });
        expect(await readAll(h, query('onlyInA'), pick('onlyInA'), 'backwards', 1)).toEqual({
          nodes: [...tjOnly].reverse(),
          totalCount: 3,
          pages: 3,
        });
        expect(await readAll(h, query('onlyInB'), pick('onlyInB'), 'backwards', 2)).toEqual({
          nodes: [{ slug: 'q5' }, { slug: 'q4' }],
          totalCount: 2,
          pages: 1,
        });
      },
    );
  });

  it('takes the cursors of its own kind only, and prices onlyInA and onlyInB like every connection', async () => {
    const q = (selection: string) =>
      world.hub.gql(`{ overlap(jurisdictions: ["CN-BJ", "CN-SH"], asOf: "2023-10-01") { matrix { ${selection} } } }`);
    const cursors = (await q('shared(first: 1) { pageInfo { endCursor } } onlyInA(first: 1) { pageInfo { endCursor } }')).body.data.overlap
      .matrix[1];
    // One kind of cursor for both sides (the same sets, seen from either end), another for `shared`.
    const onlyInB = await q(`onlyInB(after: "${cursors.onlyInA.pageInfo.endCursor}") { totalCount }`);
    expect(onlyInB.body.errors).toBeUndefined();
    const misuse = await q(`onlyInA(after: "${cursors.shared.pageInfo.endCursor}") { totalCount }`);
    // The first cell's refusal nulls the whole (non-null) matrix: one error.
    expect(misuse.body.errors?.map((e) => [e.extensions?.code, e.extensions?.argument])).toEqual([['BAD_USER_INPUT', 'after']]);
    expect((await q('onlyInA(first: 101) { totalCount }')).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const cost = async (selection: string) => (await q(selection)).body.extensions!.cost!.requested;
    // Each connection: 1, and its selections times its page; `matrix` is a list (times 10).
    for (const side of ['onlyInA', 'onlyInB'])
      for (const size of [5, 50])
        expect(await cost(`${side}(first: ${size}) { nodes { slug } }`)).toBe(await cost(`shared(first: ${size}) { nodes { slug } }`));
    expect((await cost('onlyInA(last: 50) { nodes { slug } }')) - (await cost('onlyInA(last: 5) { nodes { slug } }'))).toBe(10 * 45 * 2);
  });

  it('costs the same SQL statements for 20 regions (400 cells) as for 2', async () => {
    const all = (await world.hub.gql('{ jurisdictions(level: PROVINCIAL) { code } }')).body.data.jurisdictions
      .map((j: { code: string }) => j.code)
      .slice(0, 20);
    const statements = async (js: string[]) =>
      (
        await world.hub.gql(
          `query($js: [String!]!) { overlap(jurisdictions: $js, asOf: "2023-10-01") { matrix { a { code } b { code } onlyInACount
            onlyInA { nodes { slug name } } onlyInB { nodes { slug } } shared { nodes { slug } } } } }`,
          { js },
        )
      ).body.extensions!.sqlStatements;
    expect(await statements(all)).toBe(await statements(['CN-BJ', 'CN-SH']));
  });
});
