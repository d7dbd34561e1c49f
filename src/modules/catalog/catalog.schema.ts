import type { DefaultConnectionArguments } from '@pothos/plugin-relay';
import DataLoader from 'dataloader';
import { catalogKind, titleLevel } from '../../db/tables/index.ts';
import { notFound } from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { enumOf } from '../../graphql/enums.ts';
import { filterSql } from '../../graphql/filters.ts';
import { compositeParser, groupLoader, loadableNode, pathLoader, perRequest } from '../../graphql/nodes.ts';
import { orderedConnection, orderedPage, sortsOf, sortValuesOf } from '../../graphql/ordering.ts';
import { type Connection, keysetConnection } from '../../graphql/pagination.ts';
import { BenefitRef, benefitsOf } from '../benefit/benefit.schema.ts';
import { FieldRef, resolveFieldTerm } from '../field/field.schema.ts';
import { addSourceFields } from '../instrument/instrument.schema.ts';
import { JurisdictionRef } from '../jurisdiction/jurisdiction.schema.ts';
import { OccupationRef, QualificationRef } from '../qualification/qualification.schema.ts';
import type { QualificationRow } from '../qualification/qualification.store.ts';
import { addValidityFields, asOfArg, DatePrecisionEnum } from '../time/time.schema.ts';
import { memberInForce } from '../time/validity.ts';
import { CatalogEditionFilterInput, CatalogEntryFilterInput, EditionOrderEnum, EntryOrderEnum } from './catalog.filters.schema.ts';
import { EDITION_ORDER, ENTRY_ORDER } from './catalog.filters.store.ts';
import {
  catalogStore,
  catalogsByJurisdiction,
  countEditions,
  type EditionRow,
  type EntryFilter,
  type EntryRow,
  editionStore,
  editionsByCatalog,
  editionsOrdered,
  entriesByQualification,
  entryCounts,
  entryPages,
  entryStore,
  listCatalogs,
  listingCounts,
  listingPages,
  listStore,
  listsByEdition,
  listsOfEntries,
} from './catalog.store.ts';

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

/** Global ID: the slug. */
export const CatalogRef = loadableNode('Catalog', catalogStore);
/** Global ID: the catalog's slug and the edition's label. */
export const CatalogEditionRef = loadableNode('CatalogEdition', editionStore, { parse: compositeParser(2, 'CatalogEdition') });
/** Global ID: the catalog's slug, the edition's label and the list's code. */
export const CatalogListRef = loadableNode('CatalogList', listStore, { parse: compositeParser(3, 'CatalogList') });
/** Global ID: the catalog's slug, the edition's label, 'qualification' or 'occupation', and its slug or code. */
export const CatalogEntryRef = loadableNode('CatalogEntry', entryStore, { parse: compositeParser(4, 'CatalogEntry'), cache: false });

/** Every edition of a catalog, oldest first: its page, the edition in force, neighbours and states all read it. */
export const editionsOf = groupLoader(editionsByCatalog, (e) => e.catalogId);
const listsOf = groupLoader(listsByEdition, (l) => l.editionId);
const listsOfEntry = groupLoader(listsOfEntries, (l) => l.entryId);
const catalogsOf = groupLoader(catalogsByJurisdiction, (c) => c.jurisdictionId);
const listingsOf = groupLoader(entriesByQualification, (e) => e.qualificationId!);

/** Loaded entries of an edition that pass a filter; one statement per filter, whatever the editions. */
export const entryCount = perRequest(
  (ctx) =>
    new DataLoader<{ editionId: number } & EntryFilter, number, string>(
      async (keys) => {
        const filterOf = (k: EntryFilter) => JSON.stringify([k.list ?? null, k.field ?? null, k.issuerCountry ?? null]);
        const counted = new Map<string, number>();
        for (const group of new Set(keys.map(filterOf))) {
          const sameFilter = keys.filter((k) => filterOf(k) === group);
          for (const c of await entryCounts(ctx.db, [...new Set(sameFilter.map((k) => k.editionId))], sameFilter[0]!))
            counted.set(`${c.editionId}|${group}`, c.n);
        }
        return keys.map((k) => counted.get(`${k.editionId}|${filterOf(k)}`) ?? 0);
      },
      { cacheKeyFn: (k) => `${k.editionId}|${JSON.stringify([k.list ?? null, k.field ?? null, k.issuerCountry ?? null])}` },
    ),
);

CatalogRef.implement({
  description: 'A published catalog as a series of editions; it keeps its identity when renamed.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable natural key of the series.' }),
    name: t.exposeString('name', { description: 'English name of the series (each edition keeps its own title).' }),
    nameZh: t.exposeString('nameZh', { nullable: true, description: 'Chinese name of the series.' }),
    kind: t.field({ type: CatalogKindEnum, description: 'What the catalog lists.', resolve: (c) => c.kind }),
    note: t.exposeString('note', { nullable: true, description: 'Caveats about the series.' }),
    jurisdiction: t.field({
      type: JurisdictionRef,
      description: 'The jurisdiction that publishes the catalog.',
      resolve: (c) => c.jurisdictionId,
    }),
    editions: t.field({
      type: [CatalogEditionRef],
      description: 'Every edition, oldest first.',
      resolve: (c, _a, ctx) => editionsOf(ctx).load(c.id),
    }),
    editionInForce: t.field({
      type: CatalogEditionRef,
      nullable: true,
      description: 'The edition in force on `asOf`; null when none is.',
      args: { asOf: asOfArg('to look at') },
      resolve: async (c, { asOf }, ctx) => memberInForce(await editionsOf(ctx).load(c.id), asOf ?? ctx.today),
    }),
  }),
});

/** The edition `offset` places away in the same series (oldest first). */
async function neighbour(e: EditionRow, ctx: Context, offset: number): Promise<EditionRow | null> {
  const series = await editionsOf(ctx).load(e.catalogId);
  const i = series.findIndex((s) => s.id === e.id);
  return i < 0 ? null : (series[i + offset] ?? null);
}

export const CatalogEntryConnection = builder.connectionObject(
  { type: CatalogEntryRef, name: 'CatalogEntryConnection', description: 'A page of catalog entries (first or last ≤ 100, default 20).' },
  { name: 'CatalogEntryEdge', description: 'One catalog entry in a page, with its cursor.' },
);

/**
 * The entries pages of many editions at one place in a query: one statement for all of them
 * (every edition there shares the arguments).
 */
const entryPagesAt = pathLoader(entryConnections, (e) => e.id);

async function entryConnections(
  editions: EditionRow[],
  ctx: Context,
  args: DefaultConnectionArguments &
    EntryFilter & { orderBy?: readonly string[] | null | undefined; filter?: Record<string, unknown> | null | undefined },
): Promise<Connection<EntryRow>[]> {
  const sorts = sortsOf(ctx.db, ENTRY_ORDER, args.orderBy, ['LOADED_ASC']);
  const { cursors, page } = orderedPage(args, 'entry', sorts);
  const filterOf: EntryFilter = { list: args.list ?? null, field: args.field ?? null, issuerCountry: args.issuerCountry ?? null };
  const filter = await filterSql(ctx, CatalogEntryFilterInput, args.filter);
  const rows = await entryPages(ctx.db, editions, { ...filterOf, sorts, filter }, page);
  const byEdition = new Map<number, EntryRow[]>(editions.map((e) => [e.id, []]));
  for (const r of rows) byEdition.get(r.editionId)?.push(r);
  // With a filter, the counts of every edition here come from one statement, when one is asked for.
  let filtered: Promise<Map<number, number>> | undefined;
  const countFiltered = (editionId: number) => {
    filtered ??= entryCounts(
      ctx.db,
      editions.map((e) => e.id),
      { ...filterOf, filter },
    ).then((counts) => new Map(counts.map((c) => [c.editionId, c.n])));
    return filtered.then((counts) => counts.get(editionId) ?? 0);
  };
  return Promise.all(
    editions.map(({ id: editionId }) =>
      keysetConnection(args, {
        cursors,
        keyOf: (r: EntryRow) => JSON.stringify(sortValuesOf(r)),
        fetch: () => byEdition.get(editionId)!,
        totalCount: () => (filter ? countFiltered(editionId) : entryCount(ctx).load({ editionId, ...filterOf })),
      }),
    ),
  );
}

CatalogEditionRef.implement({
  description: 'One edition of a catalog, with its validity period, declared size, lists and the entries known.',
  fields: (t) => ({
    label: t.exposeString('label', { description: 'Edition label ("2.0", "International 1.0", "2025").' }),
    title: t.exposeString('title', { description: 'English title of this edition.' }),
    titleZh: t.exposeString('titleZh', { nullable: true, description: 'Chinese title of this edition.' }),
    catalog: t.field({ type: CatalogRef, description: 'The series.', resolve: (e) => e.catalogId }),
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
      resolve: (e, _a, ctx) => entryCount(ctx).load({ editionId: e.id }),
    }),
    complete: t.boolean({
      nullable: true,
      description:
        'True when every declared entry is loaded; false when fewer are (absence from this edition then proves nothing); null when no size is declared.',
      resolve: async (e, _a, ctx) => (e.declaredSize === null ? null : (await entryCount(ctx).load({ editionId: e.id })) >= e.declaredSize),
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
      resolve: (e, _a, ctx) => listsOf(ctx).load(e.id),
    }),
    entries: t.connection(
      {
        type: CatalogEntryRef,
        description:
          'The entries the hub holds; `totalCount` counts those that pass the filters (without filters: the number loaded, to compare with `declaredSize`).',
        args: {
          list: t.arg.string({ required: false, description: 'Only entries on the list with this code (e.g. "urgent").' }),
          field: t.arg.string({
            required: false,
            description: 'Only entries whose qualification has this field: its code, or its English or Chinese label (exact, any case).',
          }),
          issuerCountry: t.arg.string({
            required: false,
            description: "Only entries whose qualification's issuer is seated in this country.",
          }),
          filter: t.arg({ type: CatalogEntryFilterInput.ref, required: false, description: 'Conditions on the entries (and, or, not).' }),
          orderBy: t.arg({
            type: [EntryOrderEnum],
            required: false,
            description: 'The order, key by key (default LOADED_ASC); the load order breaks ties.',
          }),
        },
        resolve: (e, args, ctx, info) => entryPagesAt(ctx, info, args).load(e),
      },
      CatalogEntryConnection,
    ),
  }),
});
addValidityFields(CatalogEditionRef, 'edition', (e, ctx) => editionsOf(ctx).load(e.catalogId));
addSourceFields(CatalogEditionRef, 'edition', 'edition', (e) => e.id);

CatalogListRef.implement({
  description: "A list (tier) of an edition: Beijing 2025's International list, Shanghai 3.0's category A.",
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
      resolve: (l, _a, ctx) => entryCount(ctx).load({ editionId: l.editionId, list: l.code }),
    }),
    note: t.exposeString('note', { nullable: true, description: 'Caveats about the list.' }),
    edition: t.field({ type: CatalogEditionRef, description: 'The edition.', resolve: (l) => l.editionId }),
    benefits: t.field({
      type: [BenefitRef],
      description: 'Benefits for holders of a qualification on this list.',
      resolve: (l, _a, ctx) => benefitsOf.list(ctx).load(l.id),
    }),
  }),
});

CatalogEntryRef.implement({
  description: 'One qualification (or occupation) listed by one edition, on one or more of its lists.',
  fields: (t) => ({
    edition: t.field({ type: CatalogEditionRef, description: 'The edition that lists it.', resolve: (e) => e.editionId }),
    qualification: t.field({
      type: QualificationRef,
      nullable: true,
      description: 'The qualification listed (qualification catalogs).',
      // A catalog page brings the row along: returning it whole spares graphql-js a promise per
      // entry (measured on W1, 100 entries a page), and caches it for the rest of the request.
      resolve: (e) => e.joinedQualification ?? e.qualificationId,
    }),
    occupation: t.field({
      type: OccupationRef,
      nullable: true,
      description: 'The occupation listed (guidance catalogs and urgent-needs lists).',
      resolve: (e) => e.occupationId,
    }),
    lists: t.field({
      type: [CatalogListRef],
      description: 'The lists of the edition that carry this entry.',
      resolve: (e, _a, ctx) => listsOfEntry(ctx).load(e.id),
    }),
    field: t.exposeString('field', {
      nullable: true,
      description:
        "Code of the entry's own field in the controlled vocabulary, where the source files it apart from the qualification's; `fieldTerm` has the labels.",
    }),
    fieldTerm: t.field({
      type: FieldRef,
      nullable: true,
      description: "The entry's own field: the vocabulary term, with English and Chinese labels.",
      resolve: (e, _a, ctx) => resolveFieldTerm(e.field, ctx),
    }),
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
    skillLevel: t.exposeString('skillLevel', {
      nullable: true,
      description: 'The mainland vocational skill level it corresponds to, as the source words it (四级).',
    }),
    occupationNameZh: t.exposeString('occupationNameZh', {
      nullable: true,
      description:
        "A mainland occupation as the source names it, where the sources give no classification code. Without a `qualification` it is what the entry lists (the certificates of that occupation: Fujian's 2018 Taiwan pilot); beside one, the occupation the certificate maps to (a Taiwan 技术士 certificate → 养老护理员).",
    }),
    sourceLevel: t.exposeString('sourceLevel', {
      nullable: true,
      description: "The listed certificate's level in the system that issued it, as the source words it (台湾地区标准等级: 单一级).",
    }),
    verified: t.exposeBoolean('verified', { description: 'False where the listing rests on one weak source: see `note`.' }),
    note: t.exposeString('note', { nullable: true, description: 'Caveats about this listing.' }),
  }),
});
addSourceFields(CatalogEntryRef, 'listing', 'entry', (e) => e.id);

builder.objectField(JurisdictionRef, 'catalogs', (t) =>
  t.field({
    type: [CatalogRef],
    description: 'Catalogs this jurisdiction publishes, by slug.',
    resolve: (j, _a, ctx) => catalogsOf(ctx).load(j.id),
  }),
);

builder.objectField(QualificationRef, 'listings', (t) =>
  t.field({
    type: [CatalogEntryRef],
    description:
      'Every catalog entry that lists this qualification, in any edition of any region (whatever the day). The list grows with every edition: `listingsConnection` pages, filters and orders it.',
    resolve: (q, _a, ctx) => listingsOf(ctx).load(q.id),
  }),
);

/** The listings pages of many qualifications at one place in a query: one statement for all of them. */
const listingPagesAt = pathLoader(listingConnections, (q) => q.id);

async function listingConnections(
  parents: QualificationRow[],
  ctx: Context,
  args: DefaultConnectionArguments & {
    orderBy?: readonly string[] | null | undefined;
    filter?: Record<string, unknown> | null | undefined;
  },
): Promise<Connection<EntryRow>[]> {
  const sorts = sortsOf(ctx.db, ENTRY_ORDER, args.orderBy, ['LOADED_ASC']);
  const { cursors, page } = orderedPage(args, 'listing', sorts);
  const filter = await filterSql(ctx, CatalogEntryFilterInput, args.filter);
  const ids = parents.map((q) => q.id);
  const rows = await listingPages(ctx.db, ids, { sorts, filter }, page);
  const byParent = new Map<number, EntryRow[]>(ids.map((id) => [id, []]));
  for (const r of rows) byParent.get(r.qualificationId!)?.push(r);
  let counted: Promise<Map<number, number>> | undefined;
  const countsOf = () => {
    counted ??= listingCounts(ctx.db, ids, filter);
    return counted;
  };
  return Promise.all(
    ids.map((id) =>
      keysetConnection(args, {
        cursors,
        keyOf: (r: EntryRow) => JSON.stringify(sortValuesOf(r)),
        fetch: () => byParent.get(id)!,
        totalCount: async () => (await countsOf()).get(id) ?? 0,
      }),
    ),
  );
}

builder.objectField(QualificationRef, 'listingsConnection', (t) =>
  t.connection(
    {
      type: CatalogEntryRef,
      description:
        'The catalog entries that list this qualification, in any edition of any region, paged (both ways), filtered and ordered: use it rather than `listings` where the editions grow.',
      args: {
        filter: t.arg({
          type: CatalogEntryFilterInput.ref,
          required: false,
          description: 'Conditions on the entries (their edition, lists, levels …: and, or, not).',
        }),
        orderBy: t.arg({ type: [EntryOrderEnum], required: false, description: 'The order, key by key (default LOADED_ASC).' }),
      },
      resolve: (q, args, ctx, info) => listingPagesAt(ctx, info, args).load(q),
    },
    CatalogEntryConnection,
  ),
);

builder.queryFields((t) => ({
  editions: t.connection(
    {
      type: CatalogEditionRef,
      description:
        'Editions of every catalog, filtered and ordered (default: by first day of validity, then load order): "Guangdong\'s editions in force from 2024" is `editions(filter: { jurisdiction: { within: "CN-GD" }, validFrom: { greaterThanOrEqualTo: "2024-01-01" } })`.',
      args: {
        filter: t.arg({ type: CatalogEditionFilterInput.ref, required: false, description: 'Conditions on the editions (and, or, not).' }),
        orderBy: t.arg({ type: [EditionOrderEnum], required: false, description: 'The order, key by key (default VALID_FROM_ASC).' }),
      },
      resolve: async (_r, args, ctx) => {
        const filter = await filterSql(ctx, CatalogEditionFilterInput, args.filter);
        const sorts = sortsOf(ctx.db, EDITION_ORDER, args.orderBy, ['VALID_FROM_ASC']);
        return orderedConnection<EditionRow>(args, {
          kind: 'edition',
          sorts,
          fetch: (page) => editionsOrdered(ctx.db, filter, sorts, page),
          totalCount: () => countEditions(ctx.db, filter),
        });
      },
    },
    { name: 'CatalogEditionConnection', description: 'A page of catalog editions (first or last ≤ 100, default 20).' },
    { name: 'CatalogEditionEdge', description: 'One edition in a page, with its cursor.' },
  ),
  catalog: t.field({
    type: CatalogRef,
    nullable: true,
    description: 'A catalog series by slug; null when none has that slug.',
    args: { slug: t.arg.string({ required: true, description: 'The catalog slug ("beijing-professional-qualifications").' }) },
    resolve: (_r, { slug }) => slug,
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
        const j = await JurisdictionRef.getDataloader(ctx).load(args.jurisdiction);
        if (!j) throw notFound('jurisdiction', args.jurisdiction);
        jurisdictionId = j.id;
      }
      return listCatalogs(ctx.db, { jurisdictionId, kind: args.kind ?? undefined });
    },
  }),
}));
