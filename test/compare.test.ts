import { describe, expect, it } from 'vitest';
import { seededWorld } from './helpers/hub.ts';

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
