import { readFileSync } from 'node:fs';
import { GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import type { Db } from '../src/db/client.ts';
import { createContext } from '../src/graphql/context.ts';
import { schema } from '../src/graphql/schema.ts';
import { bundleJsonSchema } from '../src/modules/bundle/bundle.format.ts';

describe('published contracts', () => {
  it('schema/schema.graphql is the printed, sorted SDL of the code (run `npm run schema:print`)', () => {
    const committed = readFileSync(new URL('../schema/schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(`${printSchema(schema)}\n`);
  });

  it('seeds/bundle.schema.json is the JSON Schema of the bundle format (run `npm run bundle:schema`)', () => {
    const committed = JSON.parse(readFileSync(new URL('../seeds/bundle.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(bundleJsonSchema())));
  });

  it('describes every type, field, argument and enum value: the schema is the manual', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (type instanceof GraphQLObjectType || type instanceof GraphQLInterfaceType || type instanceof GraphQLInputObjectType) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : [])
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (type instanceof GraphQLEnumType) for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
    }
    expect(missing).toEqual([]);
  });

  it('keeps the names of api.md', () => {
    const query = schema.getQueryType()!.getFields();
    for (const name of [
      'node',
      'jurisdiction',
      'jurisdictions',
      'qualification',
      'qualifications',
      'catalogs',
      'standards',
      'qualificationRecognition',
      'statusRecognition',
      'catalogDiff',
    ]) {
      expect(query[name], name).toBeDefined();
    }
    expect(query.qualifications!.args.map((a) => a.name)).toEqual(expect.arrayContaining(['after', 'field', 'first', 'search']));
    expect(query.qualificationRecognition!.args.map((a) => `${a.name}: ${a.type}`).sort()).toEqual([
      'asOf: Date',
      'qualification: String!',
    ]);
    expect(query.statusRecognition!.args.map((a) => `${a.name}: ${a.type}`).sort()).toEqual([
      'asOf: Date',
      'category: String!',
      'grantedIn: String!',
    ]);
    // api.md's `from: ID!` and `to: ID!`, made nullable beside the natural keys: a client's `ID!`
    // variables still fit a nullable argument, and the resolver refuses a side named neither way.
    expect(query.catalogDiff!.args.map((a) => `${a.name}: ${a.type}`).sort()).toEqual([
      'from: ID',
      'fromEdition: EditionKeyInput',
      'to: ID',
      'toEdition: EditionKeyInput',
    ]);
    const recognition = (schema.getType('Recognition') as GraphQLObjectType).getFields();
    for (const name of ['jurisdiction', 'basis', 'edition', 'lists', 'agreement', 'standard', 'benefits', 'from', 'to', 'sources'])
      expect(recognition[name], name).toBeDefined();
    const diff = (schema.getType('CatalogDiff') as GraphQLObjectType).getFields();
    expect(Object.keys(diff)).toEqual(expect.arrayContaining(['from', 'to', 'added', 'removed', 'changed', 'unchangedCount']));
    expect(query.standards!.args.map((a) => a.name).sort()).toEqual(['asOf', 'jurisdiction']);
    const edition = (schema.getType('CatalogEdition') as GraphQLObjectType).getFields();
    for (const name of [
      'id',
      'label',
      'catalog',
      'issuedOn',
      'validFrom',
      'validTo',
      'state',
      'declaredSize',
      'lists',
      'entries',
      'sources',
    ])
      expect(edition[name], name).toBeDefined();
    expect(String(edition.entries!.type)).toBe('CatalogEntryConnection!');
    expect(String((schema.getType('Catalog') as GraphQLObjectType).getFields().editionInForce!.type)).toBe('CatalogEdition');
  });
});

describe('loadable nodes', () => {
  // graphql/nodes.ts `loadableNode` moves plugin-dataloader's loaders from its WeakMap into the
  // request's context. This fails if a plugin upgrade reads the loader before we replace it.
  it("every Node type's loader is held by the request's context, one per request", () => {
    const config = loadConfig({});
    const types = Object.values(schema.getTypeMap()).filter(
      (t): t is GraphQLObjectType => t instanceof GraphQLObjectType && typeof t.extensions.getDataloader === 'function',
    );
    expect(types.map((t) => t.name).sort()).toEqual(
      [
        'Account',
        'ApiToken',
        'Authority',
        'Benefit',
        'Catalog',
        'CatalogEdition',
        'CatalogEntry',
        'CatalogList',
        'Draft',
        'Instrument',
        'Jurisdiction',
      ].concat(
        ['Occupation', 'Organisation', 'PointsScheme', 'Qualification', 'RecognitionAgreement', 'RegionGroup'],
        ['Standard', 'StandardVersion', 'TalentCategory'],
      ),
    );
    const one = createContext({ db: {} as Db, config });
    const other = createContext({ db: {} as Db, config });
    for (const type of types) {
      const loaderOf = type.extensions.getDataloader as (ctx: object) => unknown;
      const before = one.loaders.size;
      const loader = loaderOf(one);
      expect(one.loaders.size).toBe(before + 1);
      expect(loaderOf(one)).toBe(loader);
      expect(loaderOf(other)).not.toBe(loader);
    }
  });
});
