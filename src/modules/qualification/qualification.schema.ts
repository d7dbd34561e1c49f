import type { DefaultConnectionArguments } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { OrderedPage, Sort } from '../../db/keyset.ts';
import { occupationLevel } from '../../db/tables/index.ts';
import { badInput, notFound } from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { enumOf } from '../../graphql/enums.ts';
import { filterSql } from '../../graphql/filters.ts';
import { groupLoader, loadableNode } from '../../graphql/nodes.ts';
import { orderedConnection, sortsOf } from '../../graphql/ordering.ts';
import { offsetConnection } from '../../graphql/pagination.ts';
import { FieldRef, resolveFieldTerm } from '../field/field.schema.ts';
import { JurisdictionRef } from '../jurisdiction/jurisdiction.schema.ts';
import { QualificationFilterInput, QualificationOrderEnum } from './qualification.filters.schema.ts';
import { QUALIFICATION_ORDER } from './qualification.filters.store.ts';
import {
  type AliasRow,
  aliasesOf,
  countQualifications,
  listOccupations,
  listOrganisations,
  occupationStore,
  occupationsByParent,
  organisationStore,
  type QualificationQuery,
  type QualificationRow,
  qualificationStore,
  qualificationsByRelevance,
  qualificationsOrdered,
} from './qualification.store.ts';

/** Global ID: the slug. */
export const QualificationRef = loadableNode<QualificationRow>('Qualification', qualificationStore);
/** Global ID: the slug. */
export const OrganisationRef = loadableNode('Organisation', organisationStore);
/** Global ID: the classification code. */
export const OccupationRef = loadableNode('Occupation', occupationStore);

const aliasesOfQualification = groupLoader(aliasesOf, (a) => a.qualificationId);
const childrenOf = groupLoader(occupationsByParent, (o) => o.parentId!);

const AliasRef = builder.objectRef<AliasRow>('QualificationAlias').implement({
  description: 'Another name a qualification goes by.',
  fields: (t) => ({
    alias: t.exposeString('alias', { description: 'The other name.' }),
    lang: t.exposeString('lang', { description: 'Language of the name: "en" or "zh".' }),
  }),
});

QualificationRef.implement({
  description: 'An overseas professional qualification, with one identity across editions and regions.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable natural key: kebab-case of the common English name (ieee-fellow).' }),
    name: t.exposeString('name', { description: 'English name.' }),
    nameZh: t.exposeString('nameZh', { nullable: true, description: 'Chinese name, as catalogs print it.' }),
    abbreviation: t.exposeString('abbreviation', { nullable: true, description: 'Usual abbreviation (FCCA, FRSC).' }),
    field: t.exposeString('field', {
      nullable: true,
      description: 'Code of its field in the controlled vocabulary ("cloud-computing"); `fieldTerm` has the English and Chinese labels.',
    }),
    fieldTerm: t.field({
      type: FieldRef,
      nullable: true,
      description: 'Its field: the vocabulary term, with English and Chinese labels.',
      resolve: (q, _a, ctx) => resolveFieldTerm(q.field, ctx),
    }),
    issuer: t.field({
      type: OrganisationRef,
      nullable: true,
      description: 'The issuing organisation.',
      // A catalog page brings the issuer along: returned whole, it costs no promise.
      resolve: (q) => q.joinedIssuer ?? q.issuerId,
    }),
    aliases: t.field({
      type: [AliasRef],
      description: 'Other names, English and Chinese.',
      resolve: (q, _a, ctx) => aliasesOfQualification(ctx).load(q.id),
    }),
    verified: t.exposeBoolean('verified', {
      description: 'False where the name or issuer rests on general knowledge rather than a catalog text: see `note`.',
    }),
    note: t.exposeString('note', { nullable: true, description: 'Caveats about this qualification record.' }),
  }),
});

OrganisationRef.implement({
  description: 'A body that issues overseas qualifications (IEEE, ACCA, …).',
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

OccupationRef.implement({
  description: 'A node of the National Occupational Classification of the PRC (2022 edition).',
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
      resolve: (o) => o.parentId,
    }),
    children: t.field({
      type: [OccupationRef],
      description: 'Nodes directly below, by code.',
      resolve: (o, _a, ctx) => childrenOf(ctx).load(o.id),
    }),
  }),
});

const MIN_SEARCH = 2;
const MAX_SEARCH = 200;

/** A search as typed, trimmed: 2 to 200 characters (counted as people count them, not UTF-16 units). */
const searchText = z
  .string()
  .transform((s) => s.trim())
  .refine((s) => [...s].length >= MIN_SEARCH && [...s].length <= MAX_SEARCH, {
    message: `search takes ${MIN_SEARCH} to ${MAX_SEARCH} characters`,
  });

/**
 * A page of qualifications in the order asked: RELEVANCE (alone, with a search) by position,
 * every other order by keyset.
 */
export function orderedQualifications<T>(
  ctx: Context,
  args: DefaultConnectionArguments & { orderBy?: readonly string[] | null | undefined },
  options: {
    kind: string;
    search: string | undefined;
    ordered: (sorts: Sort[], page: OrderedPage) => Promise<QualificationRow[]>;
    byRelevance?: (page: { offset: number; limit: number }) => Promise<QualificationRow[]>;
    totalCount: () => Promise<number>;
    shape: (rows: QualificationRow[]) => T[];
  },
) {
  const orderBy = args.orderBy ?? [];
  if (orderBy.includes('RELEVANCE') || (orderBy.length === 0 && options.search && options.byRelevance)) {
    if (orderBy.length > 1) throw badInput('orderBy RELEVANCE cannot be combined with other orders', { argument: 'orderBy' });
    if (!options.search || !options.byRelevance) throw badInput('orderBy RELEVANCE needs a search', { argument: 'orderBy' });
    const byRelevance = options.byRelevance;
    return offsetConnection(args, { fetch: async (page) => options.shape(await byRelevance(page)), totalCount: options.totalCount });
  }
  const sorts = sortsOf(ctx.db, QUALIFICATION_ORDER, orderBy, ['SLUG_ASC']);
  return orderedConnection(args, {
    kind: options.kind,
    sorts,
    fetch: async (page) => {
      const rows = await options.ordered(sorts, page);
      // The shaped items carry their rows' sort values, for their cursors.
      return options.shape(rows).map((item, i) => ({ ...item, sortValues: rows[i]!.sortValues }));
    },
    totalCount: options.totalCount,
  });
}

builder.queryFields((t) => ({
  qualification: t.field({
    type: QualificationRef,
    nullable: true,
    description: 'A qualification by slug ("ieee-fellow"); null when none has that slug.',
    args: { slug: t.arg.string({ required: true, description: 'The qualification slug.' }) },
    resolve: (_r, { slug }) => slug,
  }),
  qualifications: t.connection(
    {
      type: QualificationRef,
      description: 'Qualifications, found by `search` and narrowed by filters, ranked by relevance when searching and by slug otherwise.',
      args: {
        search: t.arg.string({
          required: false,
          description: `English or Chinese name, abbreviation, alias or issuing body, ${MIN_SEARCH} to ${MAX_SEARCH} characters: any case, Chinese substrings, prefixes and small typos.`,
          validate: searchText,
        }),
        field: t.arg.string({
          required: false,
          description: 'Only qualifications of this field: its code, or its English or Chinese label (exact, any case).',
        }),
        issuerCountry: t.arg.string({
          required: false,
          description: 'Only qualifications whose issuing body is seated in this country (ISO 3166-1 alpha-2, HK, MO, or INT).',
        }),
        listedIn: t.arg.string({
          required: false,
          description: 'Only qualifications that a catalog of this jurisdiction lists, in any edition. An unknown code is NOT_FOUND.',
        }),
        filter: t.arg({
          type: QualificationFilterInput.ref,
          required: false,
          description: 'Conditions on the qualifications (and, or, not).',
        }),
        orderBy: t.arg({
          type: [QualificationOrderEnum],
          required: false,
          description:
            'The order, key by key: RELEVANCE alone (the default with `search`), or keys such as [NAME_ZH_ASC, SLUG_DESC] (default SLUG_ASC).',
        }),
      },
      resolve: async (_r, args, ctx) => {
        const query: QualificationQuery = {
          search: args.search ?? undefined,
          field: args.field,
          issuerCountry: args.issuerCountry,
          filter: await filterSql(ctx, QualificationFilterInput, args.filter),
        };
        if (args.listedIn) {
          const j = await JurisdictionRef.getDataloader(ctx).load(args.listedIn);
          if (!j) throw notFound('jurisdiction', args.listedIn);
          query.listedInJurisdictionId = j.id;
        }
        // A page by relevance counts its matches before it reads them: totalCount then costs no
        // statement of its own, unless the page was not read.
        let ranked: ReturnType<typeof qualificationsByRelevance> | undefined;
        return orderedQualifications(ctx, args, {
          kind: 'qualification',
          search: query.search,
          ordered: (sorts, page) => qualificationsOrdered(ctx.db, query, sorts, page),
          byRelevance: async (page) => {
            ranked = qualificationsByRelevance(ctx.db, { ...query, search: query.search! }, page);
            return (await ranked).rows;
          },
          totalCount: async () => (ranked ? (await ranked).total : await countQualifications(ctx.db, query)),
          shape: (rows) => rows,
        });
      },
    },
    { name: 'QualificationConnection', description: 'A page of qualifications (first or last ≤ 100, default 20).' },
    { name: 'QualificationEdge', description: 'One qualification in a page, with its cursor.' },
  ),
  organisation: t.field({
    type: OrganisationRef,
    nullable: true,
    description: 'An issuing organisation by slug; null when none has that slug.',
    args: { slug: t.arg.string({ required: true, description: 'The organisation slug ("ieee").' }) },
    resolve: (_r, { slug }) => slug,
  }),
  organisations: t.field({
    type: [OrganisationRef],
    description: 'Every issuing organisation the hub knows, by slug.',
    resolve: async (_r, _a, ctx) => await listOrganisations(ctx.db),
  }),
  occupation: t.field({
    type: OccupationRef,
    nullable: true,
    description: 'A National Occupational Classification node by code ("2-02-10-03"); null when not loaded.',
    args: { code: t.arg.string({ required: true, description: 'The classification code.' }) },
    resolve: (_r, { code }) => code,
  }),
  occupations: t.field({
    type: [OccupationRef],
    description: 'The loaded classification nodes of one level (major groups when omitted), by code.',
    args: { level: t.arg({ type: OccupationLevelEnum, required: false, description: 'The level; MAJOR when omitted.' }) },
    resolve: (_r, { level }, ctx) => listOccupations(ctx.db, level ?? 'MAJOR'),
  }),
}));
