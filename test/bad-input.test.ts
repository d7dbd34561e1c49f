import {
  type GraphQLArgument,
  GraphQLEnumType,
  GraphQLInputObjectType,
  type GraphQLInputType,
  GraphQLList,
  GraphQLScalarType,
  getNamedType,
  getNullableType,
  isLeafType,
  isNonNullType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { rows, sql } from '../src/db/client.ts';
import { schema } from '../src/graphql/schema.ts';
import { accountWithToken } from './helpers/accounts.ts';
import { seededWorld } from './helpers/hub.ts';

// Bad input is the client's error, never a 500 (issue 12). Generated from the schema: every
// root field whose arguments are all strings or IDs (or lists of them) is asked with a NUL in
// each, and must answer BAD_USER_INPUT before anything runs.

const world = seededWorld();
const NUL = 'x\u0000y';

const stringy = (a: GraphQLArgument) => {
  const t = getNullableType(a.type);
  const named = getNamedType(a.type);
  return named instanceof GraphQLScalarType && ['String', 'ID'].includes(named.name) && (t === named || t instanceof GraphQLList);
};

describe('a NUL character in any string argument', () => {
  const fields = Object.values(schema.getQueryType()!.getFields()).filter((f) => f.args.length > 0 && f.args.some(stringy));
  it(`is BAD_USER_INPUT in each of the ${fields.length} root fields that take one, and in an export`, async () => {
    let asked = 0;
    for (const field of fields) {
      for (const arg of field.args.filter(stringy)) {
        const required = field.args.filter((a) => a.type.toString().endsWith('!') && a.name !== arg.name);
        if (!required.every(stringy)) continue;
        const params = [arg, ...required];
        const value = (a: GraphQLArgument) => (getNullableType(a.type) instanceof GraphQLList ? [NUL] : NUL);
        const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
        const query = `query(${params.map((a) => `$${a.name}: ${a.type}`).join(', ')}) { ${field.name}(${params.map((a) => `${a.name}: $${a.name}`).join(', ')})${selection} }`;
        const { status, body } = await world.hub.gql(query, Object.fromEntries(params.map((a) => [a.name, value(a)])));
        expect([field.name, arg.name, status, body.errors?.[0]?.extensions?.code]).toEqual([field.name, arg.name, 200, 'BAD_USER_INPUT']);
        asked++;
      }
    }
    expect(asked).toBeGreaterThan(15);
    const literal = await world.hub.gql(`{ qualification(slug: "a\\u0000b") { slug } }`);
    expect(literal.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const exported = await fetch(`${world.hub.url}/export/edition.csv?catalog=a%00b&edition=1.0`);
    expect(exported.status).toBe(400);
    console.log(`NUL refused as BAD_USER_INPUT in ${asked} string arguments of ${fields.length} root fields`);
  });
});

// Every argument of every root field, query and mutation, asked with values of its type that
// are wrong in content (a NUL, an impossible day, an ID of no type, a page size out of range …),
// one at a time, the other required arguments filled with plausible values; as an account with
// every role, so that authorization does not answer first. None may be a 500, and none may write.
describe('bad values for every argument of every root field', () => {
  // `seen`: the input objects on the way here; a filter holds itself (and, or, not) and its
  // relations' filters, which are tried once, not again inside themselves.
  const badValues = (type: GraphQLInputType, seen: ReadonlySet<GraphQLInputObjectType> = new Set()): unknown[] => {
    const t = getNullableType(type);
    if (t instanceof GraphQLList) return badValues(t.ofType, seen).map((v) => [v]);
    if (t instanceof GraphQLInputObjectType) {
      if (seen.has(t)) return [];
      const inside = new Set([...seen, t]);
      // One field wrong at a time, the others as a plausible object has them.
      return Object.values(t.getFields()).flatMap((f) =>
        badValues(f.type, inside).map((bad) => ({ ...(plausible(t) as object), [f.name]: bad })),
      );
    }
    if (t instanceof GraphQLEnumType) return ['NO_SUCH_VALUE'];
    switch ((t as GraphQLScalarType).name) {
      case 'String':
        return [NUL, 'x'.repeat(100_001)];
      case 'ID':
        return ['not-an-id', Buffer.from('NoSuchType:x').toString('base64'), Buffer.from('Qualification:').toString('base64')];
      case 'Date':
        return ['2025-02-30', '30/09/2025', '99999-01-01'];
      case 'DateTime':
        return ['yesterday', '2025-13-01T00:00:00Z'];
      case 'Int':
        return [-1, 2_147_483_647];
      case 'JSON':
        return [{ deep: NUL }, 'not a bundle'];
      default:
        return [];
    }
  };
  const plausible = (type: GraphQLInputType): unknown => {
    const t = getNullableType(type);
    if (t instanceof GraphQLList) return [plausible(t.ofType)];
    if (t instanceof GraphQLInputObjectType) {
      return Object.fromEntries(
        Object.values(t.getFields())
          .filter((f) => isNonNullType(f.type))
          .map((f) => [f.name, plausible(f.type)]),
      );
    }
    if (t instanceof GraphQLEnumType) return t.getValues()[0]!.value;
    const name = (t as GraphQLScalarType).name;
    return { String: 'x', ID: 'x', Date: '2025-01-01', DateTime: '2025-01-01T00:00:00Z', Int: 1, Float: 1, Boolean: true, JSON: {} }[name];
  };

  it('answers each as a client error, and writes nothing', async () => {
    const admin = await accountWithToken(world.db.database, 'bad-input-admin', 'mohrss', ['ADMIN', 'EDITOR', 'REVIEWER']);
    const counts = () =>
      rows<Record<string, number>>(
        world.db.database.db,
        sql`SELECT (SELECT count(*)::int FROM audit_log) AS audit, (SELECT count(*)::int FROM drafts) AS drafts,
                   (SELECT count(*)::int FROM change_events) AS changes, (SELECT count(*)::int FROM webhooks) AS webhooks,
                   (SELECT count(*)::int FROM accounts) AS accounts, (SELECT count(*)::int FROM api_tokens) AS tokens`,
      );
    const before = await counts();
    const codes = new Map<string, number>();
    let asked = 0;
    for (const [operation, root] of [
      ['query', schema.getQueryType()!],
      ['mutation', schema.getMutationType()!],
    ] as const) {
      for (const field of Object.values(root.getFields())) {
        for (const arg of field.args) {
          for (const bad of badValues(arg.type)) {
            const params = field.args.filter((a) => a === arg || isNonNullType(a.type));
            const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
            const query = `${operation}(${params.map((a) => `$${a.name}: ${a.type}`).join(', ')}) { ${field.name}(${params.map((a) => `${a.name}: $${a.name}`).join(', ')})${selection} }`;
            const variables = Object.fromEntries(params.map((a) => [a.name, a === arg ? bad : plausible(a.type)]));
            const { status, body } = await world.hub.gqlAs(admin.token, query, variables);
            const code = String(body.errors?.[0]?.extensions?.code ?? 'none');
            // An answer without error is fine where the value is merely unusual (an unknown
            // slug answers null); a failure of ours never is.
            expect([field.name, arg.name, JSON.stringify(bad).slice(0, 40), status < 500, code]).toEqual([
              field.name,
              arg.name,
              JSON.stringify(bad).slice(0, 40),
              true,
              expect.not.stringMatching(/INTERNAL_SERVER_ERROR|SERVICE_UNAVAILABLE/),
            ]);
            codes.set(code, (codes.get(code) ?? 0) + 1);
            asked++;
          }
        }
      }
    }
    expect(await counts()).toEqual(before);
    expect(asked).toBeGreaterThan(200);
    console.log(`${asked} bad values in every argument of every root field: ${JSON.stringify(Object.fromEntries(codes))}`);
  }, 120_000);
});

describe('bad requests', () => {
  it('answers every subscription sent over HTTP as BAD_USER_INPUT, pointing to WebSocket', async () => {
    const fields = Object.values(schema.getSubscriptionType()!.getFields());
    for (const field of fields) {
      const { body } = await world.hub.gql(`subscription { ${field.name} { __typename } }`);
      expect([field.name, body.errors]).toEqual([
        field.name,
        [
          {
            message: 'Subscriptions are served over WebSocket (the graphql-transport-ws protocol) at /graphql, not over HTTP',
            extensions: { code: 'BAD_USER_INPUT' },
          },
        ],
      ]);
    }
    expect(fields.length).toBeGreaterThan(0);
  });

  it('answers a persisted-query hash that is not its query’s as BAD_USER_INPUT, on POST and GET', async () => {
    const extensions = { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } };
    const expected = {
      errors: [
        {
          message: 'The persisted query hash does not match the query sent: it must be its SHA-256',
          extensions: { code: 'BAD_USER_INPUT', reason: 'PERSISTED_QUERY_HASH_MISMATCH' },
        },
      ],
    };
    const post = await fetch(`${world.hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', extensions }),
    });
    expect([post.status, { errors: ((await post.json()) as typeof expected).errors }]).toEqual([200, expected]);
    const search = new URLSearchParams({ query: '{ __typename }', extensions: JSON.stringify(extensions) });
    const get = await fetch(`${world.hub.url}/graphql?${search}`, { headers: { 'apollo-require-preflight': '1' } });
    expect([get.status, { errors: ((await get.json()) as typeof expected).errors }]).toEqual([200, expected]);
  });

  it('answers a chunked body over the limit with 413, not a reset', async () => {
    const { request } = await import('node:http');
    const url = new URL(`${world.hub.url}/graphql`);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({
        host: url.hostname,
        port: url.port,
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      // No content-length: chunked, 64 KB at a time, until the server answers.
      const chunk = 'a'.repeat(65_536);
      let sent = 0;
      const pump = () => {
        while (sent < 40 && req.write(chunk)) sent++;
        if (sent < 40) req.once('drain', pump);
        else req.end();
      };
      pump();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).errors[0]).toMatchObject({
      message: 'Request body over 100000 bytes',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('refuses a bundle file with a NUL character with its place, before the database', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { readBundles, BundleRejected } = await import('../src/modules/bundle/bundle.read.ts');
    const dir = mkdtempSync(join(tmpdir(), 'hub-nul-'));
    writeFileSync(
      join(dir, 'nul.json'),
      JSON.stringify({ name: 'nul', instruments: [{ slug: 'nul-notice', kind: 'OTHER', title: 'Bad\u0000title', reliability: 'LOW' }] }),
    );
    let refused: unknown;
    try {
      readBundles([join(dir, 'nul.json')]);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(BundleRejected);
    expect((refused as Error).message).toBe(
      'Bundle refused, nothing was written: 1 problem(s)\n  - nul.json: instruments[nul-notice].title: a NUL character (\\u0000) cannot be stored',
    );
  });

  it('describes a database failure in one line, without the statement or its values', async () => {
    const { describeDatabaseError } = await import('../src/db/failure.ts');
    let failure: unknown;
    try {
      await world.db.database.db.execute(sql`INSERT INTO organisations (slug, name, country) VALUES ('o-bad', ${'x'.repeat(5000)}, 'XX1')`);
    } catch (error) {
      failure = error;
    }
    expect(String((failure as Error).message).length).toBeGreaterThan(5000);
    expect(describeDatabaseError(failure)).toMatch(
      /^new row for relation "organisations" violates check constraint "organisations_country_format"; table organisations; constraint organisations_country_format; Failing row contains \(.+\)\.; SQLSTATE 23514$/,
    );
    expect(describeDatabaseError(failure).length).toBeLessThanOrEqual(501);
    expect(describeDatabaseError(failure)).not.toContain('INSERT');
  });

  it('is production unless told otherwise: no SQL counts or details in answers', async () => {
    const { loadConfig } = await import('../src/config.ts');
    const config = loadConfig({});
    expect([config.env, config.exposeSqlCount]).toEqual(['production', false]);
  });
});
