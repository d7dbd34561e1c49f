import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { seededWorld, startHub } from './helpers/hub.ts';

// The abuse queries of issue 12, and more: each is refused before anything runs, with the
// computed figures and the limits, or answered with what it cost.
const world = seededWorld();

const LIMITS = { cost: 500_000, depth: 12, breadth: 300, directives: 50, tokens: 5000 };
// Answered as application/json (what a client gets without asking for the newer media type):
// 200 with the error, as the GraphQL over HTTP spec asks (test/graphql-over-http.test.ts).
const tooComplex = (message: string, figures: Record<string, number> = {}) => ({
  status: 200,
  body: {
    errors: [{ message, extensions: { code: 'QUERY_TOO_COMPLEX', ...figures, limits: LIMITS } as Record<string, unknown> }],
    extensions: { sqlStatements: 0, ...('cost' in figures ? { cost: { requested: figures.cost, limit: LIMITS.cost } } : {}) },
  },
});
const answer = async (query: string) => {
  const { status, body } = await world.hub.gql(query);
  // Where the parser refuses, there is a location; the test asserts what a client acts on.
  return { status, body: { ...body, errors: body.errors?.map(({ locations: _l, ...e }) => e) } };
};

/** `{ a0: <selection> a1: <selection> … }` */
const aliases = (n: number, selection: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${selection}`).join(' ')} }`;
/** n fragments, each spreading the next twice: 2^n fields if walked again at every spread. */
const doublingFragments = (n: number) =>
  [
    'query { jurisdictions { ...F0 } }',
    ...Array.from({ length: n }, (_, i) => {
      const next = i + 1 < n ? `...F${i + 1}` : 'code';
      return `fragment F${i} on Jurisdiction { code ${next} ${next} }`;
    }),
  ].join('\n');

describe('query limits', () => {
  it('refuses the fan-out through recognitions and honoured qualifications by its cost', async () => {
    const fanOut = `{ qualifications(first: 100) { nodes { recognitions { jurisdiction { honouredQualifications(first: 100) {
      nodes { recognitions { jurisdiction { honouredQualifications(first: 100) { nodes { qualification { slug } } } } } } } } } } } }`;
    expect(await answer(fanOut)).toEqual(
      tooComplex(
        'Query too complex: cost 302202201; at most 500000 is allowed (each field costs 1, and what it selects is multiplied by its page size, or by 10 for a list; introspection lists by what this schema holds)',
        { cost: 302202201, depth: 12, breadth: 12, directives: 0 },
      ),
    );
  });

  it('scores nested fragments in linear time (2^60 fields as written, refused at once)', async () => {
    const result = await answer(doublingFragments(60));
    expect(result.status).toBe(200);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.body.errors?.[0]?.message).toMatch(/^Query too complex: \d+ fields; at most 300 are allowed$/);
    // /healthz was never blocked: it answers right after.
    expect((await fetch(`${world.hub.url}/healthz`)).status).toBe(200);
  });

  it('prices introspection by what the schema holds, aliases multiplying it like anything else', async () => {
    const heavy = '__schema { types { name fields { name args { name type { name } } } } }';
    const one = await answer(`{ ${heavy} }`);
    expect(one.status).toBe(200);
    const perCopy = one.body.extensions!.cost!;
    expect(perCopy.limit).toBe(500_000);
    // Each copy costs the types times their fields times their arguments: far more than one field.
    expect(perCopy.requested).toBeGreaterThan(1000);
    const copies = Math.floor(500_000 / perCopy.requested) + 1;
    // Breadth would stop it first (9 fields a copy): lifted here to show the cost.
    const wide = await startHub(world.db.database, { HUB_MAX_QUERY_BREADTH: '100000' });
    const over = await wide.gql(aliases(copies, heavy)).finally(() => wide.stop());
    const expected = tooComplex(
      `Query too complex: cost ${copies * perCopy.requested}; at most 500000 is allowed (each field costs 1, and what it selects is multiplied by its page size, or by 10 for a list; introspection lists by what this schema holds)`,
      { cost: copies * perCopy.requested, depth: 1, breadth: copies * 9, directives: 0 },
    );
    expected.body.errors[0]!.extensions.limits = { ...LIMITS, breadth: 100_000 };
    expect({ status: over.status, body: over.body }).toEqual(expected);
  });

  it('answers the explorer’s full introspection query, with its cost', async () => {
    const { status, body } = await answer(getIntrospectionQuery());
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.__schema.queryType.name).toBe('Query');
    expect(body.extensions?.cost?.requested).toBeLessThan(500_000);
  });

  it('refuses 998 aliases of an introspection query at the parser, by their tokens', async () => {
    expect(await answer(aliases(998, '__schema { types { name fields { name } } }'))).toEqual({
      status: 200,
      body: {
        errors: [
          {
            message: 'Query too complex: more than 5000 tokens; at most 5000 are allowed',
            extensions: { code: 'QUERY_TOO_COMPLEX', limits: LIMITS },
          },
        ],
        extensions: { sqlStatements: 0 },
      },
    });
  });

  it('refuses a document with more directives than allowed', async () => {
    expect(await answer(aliases(51, '__typename @include(if: true)'))).toEqual(
      tooComplex('Query too complex: 51 directives; at most 50 are allowed', { cost: 51, depth: 1, breadth: 51, directives: 51 }),
    );
  });

  it('refuses too many aliases of a cheap field by breadth', async () => {
    expect(await answer(aliases(301, 'jurisdiction(code: "CN-BJ") { code }'))).toEqual(
      tooComplex('Query too complex: 602 fields; at most 300 are allowed', { cost: 602, depth: 2, breadth: 602, directives: 0 }),
    );
  });

  it('serves every answered query its cost and the limit', async () => {
    const { body } = await world.hub.gql('{ qualifications(first: 5) { nodes { slug issuer { name } } } }');
    expect(body.extensions).toEqual({ sqlStatements: 2, cost: { requested: 21, limit: 500_000 } });
  });

  it('takes its limits from the configuration, and can turn introspection off', async () => {
    const strict = await startHub(world.db.database, { HUB_MAX_QUERY_COST: '10', HUB_INTROSPECTION: 'false' });
    try {
      const page = await strict.gql('{ qualifications(first: 5) { nodes { slug issuer { name } } } }');
      expect(page.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 21, limits: { cost: 10 } });
      const schema = await strict.gql('{ __schema { queryType { name } } }');
      expect(schema.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    } finally {
      await strict.stop();
    }
  });
});
