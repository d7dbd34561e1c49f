import { type GraphQLArgument, GraphQLList, GraphQLScalarType, getNamedType, getNullableType, isLeafType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/schema.ts';
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
        expect([field.name, arg.name, status, body.errors?.[0]?.extensions?.code]).toEqual([field.name, arg.name, 400, 'BAD_USER_INPUT']);
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
