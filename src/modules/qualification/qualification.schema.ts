import { and, asc, eq, gt, ilike, or, type SQL, sql } from 'drizzle-orm';
import { occupations, organisations, qualificationAliases, qualifications } from '../../db/tables/index.ts';
import { builder } from '../../graphql/builder.ts';
import { connectionOf, pageArgs, pageFrom, parsePage } from '../../graphql/connection.ts';
import { badInput } from '../../graphql/errors.ts';
import { loadNodes, parseNodeId } from '../../graphql/loader-utils.ts';
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
      resolve: (q, _a, ctx) => (q.issuerId === null ? null : ctx.loaders.organisationById.load(q.issuerId)),
    }),
    aliases: t.field({ type: [AliasRef], description: 'Other names, English and Chinese.', resolve: (q, _a, ctx) => ctx.loaders.aliasesByQualification.load(q.id) }),
    verified: t.exposeBoolean('verified', { description: 'False where the name or issuer rests on general knowledge rather than a catalog text: see `note`.' }),
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
    country: t.exposeString('country', { nullable: true, description: 'ISO 3166-1 alpha-2 code of its seat (HK, MO for the SARs), INT for international bodies; null where not known.' }),
    verified: t.exposeBoolean('verified', { description: 'False where the record rests on general knowledge: see `note`.' }),
    note: t.exposeString('note', { nullable: true, description: 'Caveats.' }),
  }),
});

export const OccupationLevelEnum = builder.enumType('OccupationLevel', {
  description: 'Level of a node in the National Occupational Classification (2022).',
  values: {
    MAJOR: { description: 'Major group (大类), one digit: 2.' },
    MIDDLE: { description: 'Middle group (中类): 2-02.' },
    MINOR: { description: 'Minor group (小类): 2-02-10.' },
    OCCUPATION: { description: 'Occupation (细类), the sub-class level guidance catalogs use: 2-02-10-03.' },
  },
});

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
      description: 'The nearest group above that the hub holds (a minor group whose name no source gives is not loaded, so its occupations hang from the middle group).',
      resolve: (o, _a, ctx) => (o.parentId === null ? null : ctx.loaders.occupationById.load(o.parentId)),
    }),
    children: t.field({ type: [OccupationRef], description: 'Nodes directly below, by code.', resolve: (o, _a, ctx) => ctx.loaders.occupationsByParent.load(o.id) }),
  }),
});

const QualificationConnection = connectionOf('Qualification', QualificationRef, 'qualification');
const MAX_SEARCH = 200;

/** Matches a substring of names, abbreviation, slug, aliases or the issuer's names, any case. */
function searchCondition(search: string): SQL {
  const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
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
    description: 'Qualifications by slug, optionally filtered by a search string and a field.',
    args: {
      search: t.arg.string({ required: false, description: `Substring of the English or Chinese name, abbreviation, alias or issuing body, any case (at most ${MAX_SEARCH} characters).` }),
      field: t.arg.string({ required: false, description: 'Only qualifications of this field (exact, any case).' }),
      ...pageArgs,
    },
    resolve: async (_r, args, ctx) => {
      const { first, after } = parsePage('qualification', args);
      const search = args.search?.trim() ?? '';
      if (search.length > MAX_SEARCH) throw badInput(`search is at most ${MAX_SEARCH} characters`, { argument: 'search' });
      const filter = and(search ? searchCondition(search) : undefined, args.field ? ilike(qualifications.field, args.field.replace(/[\\%_]/g, (c) => `\\${c}`)) : undefined);
      const rows = await ctx.db.select().from(qualifications)
        .where(and(filter, after === null ? undefined : gt(qualifications.slug, after)))
        .orderBy(asc(qualifications.slug)).limit(first + 1);
      return pageFrom('qualification', rows, first, after, (r) => r.slug, () => ctx.db.$count(qualifications, filter));
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
    resolve: async (_r, { level }, ctx) => await ctx.db.select().from(occupations).where(eq(occupations.level, level ?? 'MAJOR')).orderBy(asc(occupations.code)),
  }),
}));
