import { and, asc, eq } from 'drizzle-orm';
import { catalogKind, catalogs, titleLevel } from '../../db/tables/index.ts';
import { badInput, notFound } from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import { connectionOf, pageArgs, pageFrom, parsePage } from '../../graphql/connection.ts';
import type { Context } from '../../graphql/context.ts';
import { enumOf } from '../../graphql/enums.ts';
import { loadNodes, parseNodeId } from '../../graphql/node-ids.ts';
import {
  BenefitRef,
  CatalogEditionRef,
  CatalogEntryRef,
  CatalogListRef,
  CatalogRef,
  JurisdictionRef,
  OccupationRef,
  QualificationRef,
} from '../../graphql/refs.ts';
import { addSourceFields, present } from '../instrument/instrument.schema.ts';
import { addValidityFields, asOfArg, DatePrecisionEnum } from '../time/time.schema.ts';
import { memberInForce } from '../time/validity.ts';
import type { EditionRow, EntryRow } from './catalog.loaders.ts';

export const CatalogKindEnum = enumOf('CatalogKind', catalogKind.enumValues, 'What a catalog lists.', {
  QUALIFICATION: 'Recognised overseas or international professional qualifications.',
  OCCUPATION_GUIDANCE:
    'A guidance catalog for foreigners working in China: occupations (National Occupational Classification sub-classes) with requirements.',
  URGENT_NEEDS: 'A list of urgently needed talent (occupations) in key industries.',
});

export const TitleLevelEnum = enumOf(
  'TitleLevel',
  titleLevel.enumValues,
  'The level of the Chinese professional title a listed qualification corresponds to.',
  {
    ASSISTANT: 'Assistant level (助理级, e.g. assistant engineer).',
    INTERMEDIATE: 'Intermediate (中级, e.g. engineer).',
    DEPUTY_SENIOR: 'Deputy senior (副高级, e.g. senior engineer).',
    SENIOR: 'Senior (正高级).',
  },
);

builder.node(CatalogRef, {
  description: 'A published catalog as a series of editions; it keeps its identity when renamed.',
  id: { resolve: (c) => c.id, parse: parseNodeId },
  loadMany: (ids, ctx) => loadNodes(ctx.loaders.catalogById, ids),
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable natural key of the series.' }),
    name: t.exposeString('name', { description: 'English name of the series (each edition keeps its own title).' }),
    nameZh: t.exposeString('nameZh', { nullable: true, description: 'Chinese name of the series.' }),
    kind: t.field({ type: CatalogKindEnum, description: 'What the catalog lists.', resolve: (c) => c.kind }),
    note: t.exposeString('note', { nullable: true, description: 'Caveats about the series.' }),
    jurisdiction: t.field({
      type: JurisdictionRef,
      description: 'The jurisdiction that publishes the catalog.',
      resolve: async (c, _a, ctx) => (await ctx.loaders.jurisdictionById.load(c.jurisdictionId))!,
    }),
    editions: t.field({
      type: [CatalogEditionRef],
      description: 'Every edition, oldest first.',
      resolve: (c, _a, ctx) => ctx.loaders.editionsByCatalog.load(c.id),
    }),
    editionInForce: t.field({
      type: CatalogEditionRef,
      nullable: true,
      description: 'The edition in force on `asOf`; null when none is.',
      args: { asOf: asOfArg('to look at') },
      resolve: async (c, { asOf }, ctx) => memberInForce(await ctx.loaders.editionsByCatalog.load(c.id), asOf ?? ctx.today),
    }),
  }),
});

const CatalogEntryConnection = connectionOf('CatalogEntry', CatalogEntryRef, 'catalog entry');

const EntryOrderEnum = builder.enumType('CatalogEntryOrder', {
  description: "How an edition's entries are ordered.",
  values: {
    LOADED: { description: 'The order the bundle gave them (stable across reloads).' },
    SUBJECT: { description: 'By qualification slug (or occupation code).' },
  },
});

/** The edition `offset` places away in the same series (oldest first). */
async function neighbour(e: EditionRow, ctx: Context, offset: number): Promise<EditionRow | null> {
  const series = await ctx.loaders.editionsByCatalog.load(e.catalogId);
  const i = series.findIndex((s) => s.id === e.id);
  return i < 0 ? null : (series[i + offset] ?? null);
}

builder.node(CatalogEditionRef, {
  description: 'One edition of a catalog, with its validity period, declared size, lists and the entries known.',
  id: { resolve: (e) => e.id, parse: parseNodeId },
  loadMany: (ids, ctx) => loadNodes(ctx.loaders.editionById, ids),
  fields: (t) => ({
    label: t.exposeString('label', { description: 'Edition label ("2.0", "International 1.0", "2025").' }),
    title: t.exposeString('title', { description: 'English title of this edition.' }),
    titleZh: t.exposeString('titleZh', { nullable: true, description: 'Chinese title of this edition.' }),
    catalog: t.field({
      type: CatalogRef,
      description: 'The series.',
      resolve: async (e, _a, ctx) => (await ctx.loaders.catalogById.load(e.catalogId))!,
    }),
    issuedOn: t.field({
      type: 'Date',
      nullable: true,
      description: 'Issue or release date, at `issuedOnPrecision`.',
      resolve: (e) => e.issuedOn,
    }),
    issuedOnPrecision: t.field({
      type: DatePrecisionEnum,
      nullable: true,
      description: 'How exactly `issuedOn` is known; null when there is no issue date.',
      resolve: (e) => (e.issuedOn === null ? null : e.issuedOnPrecision),
    }),
    declaredSize: t.exposeInt('declaredSize', {
      nullable: true,
      description: 'How many entries the source says the edition has ("110 qualifications"); null where not stated.',
    }),
    loadedSize: t.int({
      description: 'How many entries of the edition the hub holds.',
      resolve: (e, _a, ctx) => ctx.loaders.entryCount.load({ editionId: e.id, list: null }),
    }),
    complete: t.boolean({
      nullable: true,
      description:
        'True when every declared entry is loaded; false when fewer are (absence from this edition then proves nothing); null when no size is declared.',
      resolve: async (e, _a, ctx) =>
        e.declaredSize === null ? null : (await ctx.loaders.entryCount.load({ editionId: e.id, list: null })) >= e.declaredSize,
    }),
    previous: t.field({
      type: CatalogEditionRef,
      nullable: true,
      description: 'The edition of the same series before this one.',
      resolve: (e, _a, ctx) => neighbour(e, ctx, -1),
    }),
    next: t.field({
      type: CatalogEditionRef,
      nullable: true,
      description: 'The edition of the same series after this one.',
      resolve: (e, _a, ctx) => neighbour(e, ctx, 1),
    }),
    lists: t.field({
      type: [CatalogListRef],
      description: 'The lists (tiers) of the edition, in published order.',
      resolve: (e, _a, ctx) => ctx.loaders.listsByEdition.load(e.id),
    }),
    entries: t.field({
      type: CatalogEntryConnection,
      description:
        'The entries the hub holds; `totalCount` counts those that pass the filters (without filters: the number loaded, to compare with `declaredSize`).',
      args: {
        list: t.arg.string({ required: false, description: 'Only entries on the list with this code (e.g. "urgent").' }),
        field: t.arg.string({ required: false, description: 'Only entries whose qualification has this field (exact, any case).' }),
        issuerCountry: t.arg.string({
          required: false,
          description: "Only entries whose qualification's issuer is seated in this country.",
        }),
        orderBy: t.arg({ type: EntryOrderEnum, required: false, description: 'LOADED (default) or SUBJECT.' }),
        ...pageArgs,
      },
      resolve: async (e, args, ctx) => {
        const order = args.orderBy ?? 'LOADED';
        const kind = order === 'LOADED' ? 'entry' : 'entry-subject';
        const { first, after } = parsePage(kind, args);
        if (order === 'LOADED' && after !== null && !Number.isSafeInteger(Number(after)))
          throw badInput('after is not a cursor of this connection', { argument: 'after' });
        const filter = { list: args.list ?? null, field: args.field ?? null, issuerCountry: args.issuerCountry ?? null };
        const rows = first === 0 ? [] : await ctx.loaders.entryPage.load({ editionId: e.id, ...filter, order, limit: first + 1, after });
        return pageFrom(
          kind,
          rows,
          first,
          after,
          (r) => (order === 'LOADED' ? r.id : r.sortKey!),
          () => ctx.loaders.entryCount.load({ editionId: e.id, ...filter }),
        );
      },
    }),
  }),
});
addValidityFields(CatalogEditionRef, 'edition', (e, ctx) => ctx.loaders.editionsByCatalog.load(e.catalogId));
addSourceFields(CatalogEditionRef, 'edition', (e, ctx) => ctx.loaders.citationsByEdition.load(e.id));

builder.node(CatalogListRef, {
  description: "A list (tier) of an edition: Beijing 2025's International list, Shanghai 3.0's category A.",
  id: { resolve: (l) => l.id, parse: parseNodeId },
  loadMany: (ids, ctx) => loadNodes(ctx.loaders.listById, ids),
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Code of the list within its edition ("urgent", "a").' }),
    name: t.exposeString('name', { description: 'English name.' }),
    nameZh: t.exposeString('nameZh', { nullable: true, description: 'Chinese name.' }),
    position: t.exposeInt('position', { description: 'Order of the list in its edition, from 1.' }),
    declaredSize: t.exposeInt('declaredSize', {
      nullable: true,
      description: 'How many entries the source says the list has; null where not stated.',
    }),
    loadedSize: t.int({
      description: 'How many entries on this list the hub holds.',
      resolve: (l, _a, ctx) => ctx.loaders.entryCount.load({ editionId: l.editionId, list: l.code }),
    }),
    note: t.exposeString('note', { nullable: true, description: 'Caveats about the list.' }),
    edition: t.field({
      type: CatalogEditionRef,
      description: 'The edition.',
      resolve: async (l, _a, ctx) => (await ctx.loaders.editionById.load(l.editionId))!,
    }),
    benefits: t.field({
      type: [BenefitRef],
      description: 'Benefits for holders of a qualification on this list.',
      resolve: (l, _a, ctx) => ctx.loaders.benefitsByList.load(l.id),
    }),
  }),
});

builder.node(CatalogEntryRef, {
  description: 'One qualification (or occupation) listed by one edition, on one or more of its lists.',
  id: { resolve: (e) => e.id, parse: parseNodeId },
  loadMany: (ids, ctx) => loadNodes(ctx.loaders.entryById, ids),
  fields: (t) => ({
    edition: t.field({
      type: CatalogEditionRef,
      description: 'The edition that lists it.',
      resolve: async (e, _a, ctx) => (await ctx.loaders.editionById.load(e.editionId))!,
    }),
    qualification: t.field({
      type: QualificationRef,
      nullable: true,
      description: 'The qualification listed (qualification catalogs).',
      // A catalog page brings the row along: returning it directly spares graphql-js a promise
      // per entry (measured on W1, 100 entries a page).
      resolve: (e, _a, ctx) =>
        e.qualificationId === null ? null : (e.joinedQualification ?? ctx.loaders.qualificationById.load(e.qualificationId)),
    }),
    occupation: t.field({
      type: OccupationRef,
      nullable: true,
      description: 'The occupation listed (guidance catalogs and urgent-needs lists).',
      resolve: (e, _a, ctx) => (e.occupationId === null ? null : ctx.loaders.occupationById.load(e.occupationId)),
    }),
    lists: t.field({
      type: [CatalogListRef],
      description: 'The lists of the edition that carry this entry.',
      resolve: async (e, _a, ctx) =>
        present(await ctx.loaders.listById.loadMany((await ctx.loaders.listIdsByEntry.load(e.id)).map((l) => l.listId))),
    }),
    field: t.exposeString('field', { nullable: true, description: 'Field or sector, as the source gives it.' }),
    correspondingTitle: t.exposeString('correspondingTitle', {
      nullable: true,
      description: 'The Chinese professional title it corresponds to, as the source words it (副高级).',
    }),
    titleLevel: t.field({
      type: TitleLevelEnum,
      nullable: true,
      description: 'Level of the corresponding title.',
      resolve: (e) => e.titleLevel,
    }),
    skillLevel: t.exposeString('skillLevel', { nullable: true, description: 'Vocational skill-certificate level it corresponds to.' }),
    verified: t.exposeBoolean('verified', { description: 'False where the listing rests on one weak source: see `note`.' }),
    note: t.exposeString('note', { nullable: true, description: 'Caveats about this listing.' }),
  }),
});
addSourceFields(CatalogEntryRef, 'listing', (e, ctx) => ctx.loaders.citationsByEntry.load(e.id));

builder.objectField(JurisdictionRef, 'catalogs', (t) =>
  t.field({
    type: [CatalogRef],
    description: 'Catalogs this jurisdiction publishes, by slug.',
    resolve: (j, _a, ctx) => ctx.loaders.catalogsByJurisdiction.load(j.id),
  }),
);

builder.objectField(QualificationRef, 'listings', (t) =>
  t.field({
    type: [CatalogEntryRef],
    description: 'Every catalog entry that lists this qualification, in any edition of any region (whatever the day).',
    resolve: (q, _a, ctx) => ctx.loaders.entriesByQualification.load(q.id) as Promise<EntryRow[]>,
  }),
);

builder.queryFields((t) => ({
  catalog: t.field({
    type: CatalogRef,
    nullable: true,
    description: 'A catalog series by slug; null when none has that slug.',
    args: { slug: t.arg.string({ required: true, description: 'The catalog slug ("beijing-professional-qualifications").' }) },
    resolve: (_r, { slug }, ctx) => ctx.loaders.catalogBySlug.load(slug),
  }),
  catalogs: t.field({
    type: [CatalogRef],
    description: 'Catalogs, by slug: of one jurisdiction and/or one kind when given. An unknown jurisdiction code is a NOT_FOUND error.',
    args: {
      jurisdiction: t.arg.string({ required: false, description: 'Only catalogs of the jurisdiction with this code.' }),
      kind: t.arg({ type: CatalogKindEnum, required: false, description: 'Only catalogs of this kind.' }),
    },
    resolve: async (_r, args, ctx) => {
      let jurisdictionId: number | undefined;
      if (args.jurisdiction) {
        const j = await ctx.loaders.jurisdictionByCode.load(args.jurisdiction);
        if (!j) throw notFound('jurisdiction', args.jurisdiction);
        jurisdictionId = j.id;
      }
      return await ctx.db
        .select()
        .from(catalogs)
        .where(
          and(
            jurisdictionId === undefined ? undefined : eq(catalogs.jurisdictionId, jurisdictionId),
            args.kind ? eq(catalogs.kind, args.kind) : undefined,
          ),
        )
        .orderBy(asc(catalogs.slug));
    },
  }),
}));
