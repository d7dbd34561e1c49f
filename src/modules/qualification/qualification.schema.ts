import { and, asc, desc, eq, gt, ilike, or, type SQL, sql } from 'drizzle-orm';
import { escapeLike } from '../../db/like.ts';
import {
  catalogEditions,
  catalogEntries,
  catalogs,
  occupationLevel,
  occupations,
  organisations,
  qualificationAliases,
  qualifications,
} from '../../db/tables/index.ts';
import { badInput, notFound } from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import { connectionOf, pageArgs, pageFrom, parsePage } from '../../graphql/connection.ts';
import { enumOf } from '../../graphql/enums.ts';
import { loadNodes, parseNodeId } from '../../graphql/node-ids.ts';
import { OccupationRef, OrganisationRef, QualificationRef } from '../../graphql/refs.ts';
import type { AliasRow } from './qualification.loaders.ts';

const AliasRef = builder.objectRef<AliasRow>('QualificationAlias').implement({
  description: 'Another name a qualification goes by.',
  fields: (t) => ({
    alias: t.exposeString('alias', { description: 'The other name.' }),
    lang: t.exposeString('lang', { description: 'Language of the name: "en" or "zh".' }),
  }),
});

builder.node(QualificationRef, {
  description: 'An overseas professional qualification, with one identity across editions and regions.',
  id: { resolve: (q) => q.id, parse: parseNodeId },
  loadMany: (ids, ctx) => loadNodes(ctx.loaders.qualificationById, ids),
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable natural key: kebab-case of the common English name (ieee-fellow).' }),
    name: t.exposeString('name', { description: 'English name.' }),
    nameZh: t.exposeString('nameZh', { nullable: true, description: 'Chinese name, as catalogs print it.' }),
    abbreviation: t.exposeString('abbreviation', { nullable: true, description: 'Usual abbreviation (FCCA, FRSC).' }),
    field: t.exposeString('field', { nullable: true, description: 'Field or sector.' }),
    issuer: t.field({
      type: OrganisationRef,
      nullable: true,
      description: 'The issuing organisation.',
      resolve: (q, _a, ctx) => (q.issuerId === null ? null : (q.joinedIssuer ?? ctx.loaders.organisationById.load(q.issuerId))),
    }),
    aliases: t.field({
      type: [AliasRef],
      description: 'Other names, English and Chinese.',
      resolve: (q, _a, ctx) => ctx.loaders.aliasesByQualification.load(q.id),
    }),
    verified: t.exposeBoolean('verified', {
      description: 'False where the name or issuer rests on general knowledge rather than a catalog text: see `note`.',
    }),
    note: t.exposeString('note', { nullable: true, description: 'Caveats about this qualification record.' }),
  }),
});

builder.node(OrganisationRef, {
  description: 'A body that issues overseas qualifications (IEEE, ACCA, …).',
  id: { resolve: (o) => o.id, parse: parseNodeId },
  loadMany: (ids, ctx) => loadNodes(ctx.loaders.organisationById, ids),
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable natural key.' }),
    name: t.exposeString('name', { description: 'English name.' }),
    nameZh: t.exposeString('nameZh', { nullable: true, description: 'Chinese name.' }),
    abbreviation: t.exposeString('abbreviation', { nullable: true, description: 'Usual abbreviation.' }),
    country: t.exposeString('country', {
      nullable: true,
      description: 'ISO 3166-1 alpha-2 code of its seat (HK, MO for the SARs), INT for international bodies; null where not known.',
    }),
    verified: t.exposeBoolean('verified', { description: 'False where the record rests on general knowledge: see `note`.' }),
    note: t.exposeString('note', { nullable: true, description: 'Caveats.' }),
  }),
});

export const OccupationLevelEnum = enumOf(
  'OccupationLevel',
  occupationLevel.enumValues,
  'Level of a node in the National Occupational Classification (2022).',
  {
    MAJOR: 'Major group (大类), one digit: 2.',
    MIDDLE: 'Middle group (中类): 2-02.',
    MINOR: 'Minor group (小类): 2-02-10.',
    OCCUPATION: 'Occupation (细类), the sub-class level guidance catalogs use: 2-02-10-03.',
  },
);

builder.node(OccupationRef, {
  description: 'A node of the National Occupational Classification of the PRC (2022 edition).',
  id: { resolve: (o) => o.id, parse: parseNodeId },
  loadMany: (ids, ctx) => loadNodes(ctx.loaders.occupationById, ids),
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Classification code D-DD-DD-DD (shorter for groups).' }),
    nameZh: t.exposeString('nameZh', { description: 'Chinese name, as the classification prints it.' }),
    name: t.exposeString('name', { nullable: true, description: 'English gloss (not an official translation).' }),
    level: t.field({ type: OccupationLevelEnum, description: 'Level in the classification.', resolve: (o) => o.level }),
    gbmCode: t.exposeString('gbmCode', { nullable: true, description: 'GBM code of a group (GBM20200).' }),
    marker: t.exposeString('marker', { nullable: true, description: 'L green occupation, S digital occupation, L/S both.' }),
    parent: t.field({
      type: OccupationRef,
      nullable: true,
      description:
        'The nearest group above that the hub holds (a minor group whose name no source gives is not loaded, so its occupations hang from the middle group).',
      resolve: (o, _a, ctx) => (o.parentId === null ? null : ctx.loaders.occupationById.load(o.parentId)),
    }),
    children: t.field({
      type: [OccupationRef],
      description: 'Nodes directly below, by code.',
      resolve: (o, _a, ctx) => ctx.loaders.occupationsByParent.load(o.id),
    }),
  }),
});

const QualificationConnection = connectionOf('Qualification', QualificationRef, 'qualification');
const MIN_SEARCH = 2;
const MAX_SEARCH = 200;

export const QualificationOrderEnum = builder.enumType('QualificationOrder', {
  description: 'How a list of qualifications is ordered.',
  values: {
    RELEVANCE: {
      description:
        'Best match to `search` first (exact, then prefix, then substring, then similar spelling); by slug among equals. The default with `search`.',
    },
    SLUG: { description: 'By slug. The default without `search`.' },
    NAME: { description: 'By English name, then slug.' },
  },
});

/**
 * How well a qualification matches `search`, 0 to 1: an exact name or abbreviation 1, a prefix
 * 0.9, a substring anywhere (names, aliases, issuer) 0.8, else the best trigram word similarity
 * (typos). Case-insensitive; Chinese substrings and prefixes match like any other.
 */
function relevance(search: string): SQL {
  const lower = search.toLowerCase();
  const prefix = `${escapeLike(search)}%`;
  const anywhere = `%${escapeLike(search)}%`;
  const aliasSimilarity = sql`COALESCE((SELECT max(word_similarity(${lower}, lower(${qualificationAliases.alias}))) FROM ${qualificationAliases} WHERE ${qualificationAliases.qualificationId} = ${qualifications.id}), 0)`;
  const issuerSimilarity = sql`COALESCE((SELECT word_similarity(${lower}, lower(${organisations.name})) FROM ${organisations} WHERE ${organisations.id} = ${qualifications.issuerId}), 0)`;
  return sql`GREATEST(
    CASE WHEN lower(${qualifications.name}) = ${lower} OR lower(${qualifications.abbreviation}) = ${lower} OR ${qualifications.nameZh} = ${search} THEN 1 ELSE 0 END,
    CASE WHEN ${qualifications.name} ILIKE ${prefix} OR ${qualifications.nameZh} ILIKE ${prefix} OR ${qualifications.abbreviation} ILIKE ${prefix} THEN 0.9 ELSE 0 END,
    CASE WHEN ${searchCondition(anywhere)} THEN 0.8 ELSE 0 END,
    word_similarity(${lower}, lower(${qualifications.name})) * 0.75,
    word_similarity(${lower}, lower(COALESCE(${qualifications.nameZh}, ''))) * 0.75,
    ${aliasSimilarity} * 0.7,
    ${issuerSimilarity} * 0.6
  )`;
}

/** A threshold under which a similarity is noise rather than a typo. */
const SIMILAR_ENOUGH = 0.35;

/** Matches a substring of names, abbreviation, slug, aliases or the issuer's names, any case. */
function searchCondition(pattern: string): SQL {
  return or(
    ilike(qualifications.name, pattern),
    ilike(qualifications.nameZh, pattern),
    ilike(qualifications.abbreviation, pattern),
    ilike(qualifications.slug, pattern),
    sql`EXISTS (SELECT 1 FROM ${qualificationAliases} WHERE ${qualificationAliases.qualificationId} = ${qualifications.id} AND ${qualificationAliases.alias} ILIKE ${pattern})`,
    sql`EXISTS (SELECT 1 FROM ${organisations} WHERE ${organisations.id} = ${qualifications.issuerId}
      AND (${organisations.name} ILIKE ${pattern} OR ${organisations.nameZh} ILIKE ${pattern} OR ${organisations.abbreviation} ILIKE ${pattern}))`,
  )!;
}

/** Filters shared by the connections that list qualifications. */
export function qualificationFilters(args: { field?: string | null; issuerCountry?: string | null }): SQL | undefined {
  return and(
    args.field ? ilike(qualifications.field, escapeLike(args.field)) : undefined,
    args.issuerCountry
      ? sql`EXISTS (SELECT 1 FROM ${organisations} WHERE ${organisations.id} = ${qualifications.issuerId} AND ${organisations.country} = ${args.issuerCountry.toUpperCase()})`
      : undefined,
  );
}

builder.queryFields((t) => ({
  qualification: t.field({
    type: QualificationRef,
    nullable: true,
    description: 'A qualification by slug ("ieee-fellow"); null when none has that slug.',
    args: { slug: t.arg.string({ required: true, description: 'The qualification slug.' }) },
    resolve: (_r, { slug }, ctx) => ctx.loaders.qualificationBySlug.load(slug),
  }),
  qualifications: t.field({
    type: QualificationConnection,
    description: 'Qualifications, found by `search` and narrowed by filters, ranked by relevance when searching and by slug otherwise.',
    args: {
      search: t.arg.string({
        required: false,
        description: `English or Chinese name, abbreviation, alias or issuing body, ${MIN_SEARCH} to ${MAX_SEARCH} characters: any case, Chinese substrings, prefixes and small typos.`,
      }),
      field: t.arg.string({ required: false, description: 'Only qualifications of this field (exact, any case).' }),
      issuerCountry: t.arg.string({
        required: false,
        description: 'Only qualifications whose issuing body is seated in this country (ISO 3166-1 alpha-2, HK, MO, or INT).',
      }),
      listedIn: t.arg.string({
        required: false,
        description: 'Only qualifications that a catalog of this jurisdiction lists, in any edition. An unknown code is NOT_FOUND.',
      }),
      orderBy: t.arg({
        type: QualificationOrderEnum,
        required: false,
        description: 'The order: RELEVANCE (default with `search`), SLUG (default otherwise) or NAME.',
      }),
      ...pageArgs,
    },
    resolve: async (_r, args, ctx) => {
      const search = args.search?.trim() ?? '';
      if (args.search !== null && args.search !== undefined && ([...search].length < MIN_SEARCH || [...search].length > MAX_SEARCH)) {
        throw badInput(`search takes ${MIN_SEARCH} to ${MAX_SEARCH} characters, got ${[...search].length}`, { argument: 'search' });
      }
      const order = args.orderBy ?? (search ? 'RELEVANCE' : 'SLUG');
      if (order === 'RELEVANCE' && !search) throw badInput('orderBy RELEVANCE needs a search', { argument: 'orderBy' });
      let listedIn: SQL | undefined;
      if (args.listedIn) {
        const j = await ctx.loaders.jurisdictionByCode.load(args.listedIn);
        if (!j) throw notFound('jurisdiction', args.listedIn);
        listedIn = sql`EXISTS (SELECT 1 FROM ${catalogEntries} JOIN ${catalogEditions} ON ${catalogEditions.id} = ${catalogEntries.editionId}
          JOIN ${catalogs} ON ${catalogs.id} = ${catalogEditions.catalogId} WHERE ${catalogEntries.qualificationId} = ${qualifications.id} AND ${catalogs.jurisdictionId} = ${j.id})`;
      }
      const score = search ? relevance(search) : undefined;
      const matches = score ? sql`(${searchCondition(`%${escapeLike(search)}%`)} OR ${score} >= ${SIMILAR_ENOUGH})` : undefined;
      const filter = and(matches, qualificationFilters(args), listedIn);
      const total = () => ctx.db.$count(qualifications, filter);
      if (order === 'SLUG') {
        const { first, after } = parsePage('qualification', args);
        const rows = await ctx.db
          .select()
          .from(qualifications)
          .where(and(filter, after === null ? undefined : gt(qualifications.slug, after)))
          .orderBy(asc(qualifications.slug))
          .limit(first + 1);
        return pageFrom('qualification', rows, first, after, (r) => r.slug, total);
      }
      // Relevance and name orders page by position: a cursor is the number of items before it.
      const { first, after } = parsePage('qualification-at', args);
      const offset = after === null ? 0 : Number(after);
      if (!Number.isSafeInteger(offset) || offset < 0) throw badInput('after is not a cursor of this connection', { argument: 'after' });
      const rows = await ctx.db
        .select()
        .from(qualifications)
        .where(filter)
        .orderBy(
          ...(order === 'RELEVANCE' ? [desc(score!), asc(qualifications.slug)] : [asc(qualifications.name), asc(qualifications.slug)]),
        )
        .limit(first + 1)
        .offset(offset);
      let position = offset;
      return pageFrom('qualification-at', rows, first, after, () => ++position, total);
    },
  }),
  organisation: t.field({
    type: OrganisationRef,
    nullable: true,
    description: 'An issuing organisation by slug; null when none has that slug.',
    args: { slug: t.arg.string({ required: true, description: 'The organisation slug ("ieee").' }) },
    resolve: async (_r, { slug }, ctx) => (await ctx.db.select().from(organisations).where(eq(organisations.slug, slug)))[0] ?? null,
  }),
  occupation: t.field({
    type: OccupationRef,
    nullable: true,
    description: 'A National Occupational Classification node by code ("2-02-10-03"); null when not loaded.',
    args: { code: t.arg.string({ required: true, description: 'The classification code.' }) },
    resolve: (_r, { code }, ctx) => ctx.loaders.occupationByCode.load(code),
  }),
  occupations: t.field({
    type: [OccupationRef],
    description: 'The loaded classification nodes of one level (major groups when omitted), by code.',
    args: { level: t.arg({ type: OccupationLevelEnum, required: false, description: 'The level; MAJOR when omitted.' }) },
    resolve: async (_r, { level }, ctx) =>
      await ctx.db
        .select()
        .from(occupations)
        .where(eq(occupations.level, level ?? 'MAJOR'))
        .orderBy(asc(occupations.code)),
  }),
}));
