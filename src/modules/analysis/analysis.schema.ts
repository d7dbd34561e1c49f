import { decodeGlobalID } from '@pothos/plugin-relay';
import { badInput, notFound } from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import { connectionOf, pageArgs, parsePage } from '../../graphql/connection.ts';
import type { Context } from '../../graphql/context.ts';
import { enumOf } from '../../graphql/enums.ts';
import {
  CatalogEditionRef,
  CatalogEntryRef,
  JurisdictionRef,
  OccupationRef,
  QualificationRef,
  RecognitionAgreementRef,
  StandardVersionRef,
} from '../../graphql/refs.ts';
import { present } from '../instrument/instrument.schema.ts';
import type { JurisdictionRow } from '../jurisdiction/jurisdiction.loaders.ts';
import type { QualificationRow } from '../qualification/qualification.loaders.ts';
import { asOfArg, DatePrecisionEnum } from '../time/time.schema.ts';
import {
  type AttributeChange,
  COVERAGE_GROUPINGS,
  type CoverageGrouping,
  completeness,
  coverage,
  diffEditions,
  type EditionCompleteness,
  ENTRY_ATTRIBUTES,
  type EntryChange,
  EVENT_KINDS,
  EVENT_SUBJECTS,
  type EventKind,
  type EventSubject,
  honouredBy,
  type TimelineEvent,
  timeline,
} from './analysis.service.ts';

const MAX_JURISDICTIONS = 40;

/** Resolves jurisdiction codes: 1 to 40 of them, each known. */
async function jurisdictionSet(ctx: Context, codes: readonly string[]): Promise<JurisdictionRow[]> {
  const unique = [...new Set(codes)];
  if (unique.length === 0 || unique.length > MAX_JURISDICTIONS) {
    throw badInput(`jurisdictions takes 1 to ${MAX_JURISDICTIONS} codes, got ${unique.length}`, { argument: 'jurisdictions' });
  }
  const found = await ctx.loaders.jurisdictionByCode.loadMany(unique);
  const missing = unique.filter((_c, i) => !found[i] || found[i] instanceof Error);
  if (missing.length > 0) throw notFound('jurisdiction', missing.join(', '));
  return found as JurisdictionRow[];
}

// ---- catalogDiff -----------------------------------------------------------------------------

const EntryAttributeEnum = enumOf('EntryAttribute', ENTRY_ATTRIBUTES, 'An attribute of a catalog entry that a diff compares.', {
  LISTS: 'The codes of the lists that carry the entry.',
  FIELD: 'Field or sector.',
  CORRESPONDING_TITLE: 'The corresponding professional title, as worded.',
  TITLE_LEVEL: 'The level of the corresponding title.',
  SKILL_LEVEL: 'The corresponding skill-certificate level.',
});

const AttributeChangeRef = builder.objectRef<AttributeChange>('EntryAttributeChange').implement({
  description: 'One attribute that differs between two entries of the same subject.',
  fields: (t) => ({
    attribute: t.field({ type: EntryAttributeEnum, description: 'The attribute.', resolve: (c) => c.attribute }),
    before: t.exposeString('before', { nullable: true, description: 'Its value in the `from` edition (lists: codes joined by ", ").' }),
    after: t.exposeString('after', { nullable: true, description: 'Its value in the `to` edition.' }),
  }),
});

const EntryChangeRef = builder.objectRef<EntryChange>('CatalogEntryChange').implement({
  description: 'The same qualification (or occupation) in both editions, with different lists or attributes.',
  fields: (t) => ({
    from: t.field({
      type: CatalogEntryRef,
      description: 'The entry in the `from` edition.',
      resolve: async (c, _a, ctx) => (await ctx.loaders.entryById.load(c.fromEntryId))!,
    }),
    to: t.field({
      type: CatalogEntryRef,
      description: 'The entry in the `to` edition.',
      resolve: async (c, _a, ctx) => (await ctx.loaders.entryById.load(c.toEntryId))!,
    }),
    qualification: t.field({
      type: QualificationRef,
      nullable: true,
      description: 'The qualification both entries list.',
      resolve: async (c, _a, ctx) => {
        const e = await ctx.loaders.entryById.load(c.toEntryId);
        return e?.qualificationId ? ctx.loaders.qualificationById.load(e.qualificationId) : null;
      },
    }),
    occupation: t.field({
      type: OccupationRef,
      nullable: true,
      description: 'The occupation both entries list.',
      resolve: async (c, _a, ctx) => {
        const e = await ctx.loaders.entryById.load(c.toEntryId);
        return e?.occupationId ? ctx.loaders.occupationById.load(e.occupationId) : null;
      },
    }),
    changes: t.field({ type: [AttributeChangeRef], description: 'Each attribute that differs.', resolve: (c) => c.changes }),
    listsAdded: t.stringList({ description: 'Codes of lists that carry it in `to` but not in `from`.', resolve: (c) => c.listsAdded }),
    listsRemoved: t.stringList({
      description: 'Codes of lists that carried it in `from` but not in `to`.',
      resolve: (c) => c.listsRemoved,
    }),
  }),
});

interface DiffShape {
  fromId: number;
  toId: number;
  addedIds: number[];
  removedIds: number[];
  changed: EntryChange[];
  unchangedCount: number;
}

const CatalogDiffRef = builder.objectRef<DiffShape>('CatalogDiff').implement({
  description: 'What differs between two editions: entries added, removed and changed, each change typed, with counts.',
  fields: (t) => ({
    from: t.field({
      type: CatalogEditionRef,
      description: 'The edition compared from.',
      resolve: async (d, _a, ctx) => (await ctx.loaders.editionById.load(d.fromId))!,
    }),
    to: t.field({
      type: CatalogEditionRef,
      description: 'The edition compared to.',
      resolve: async (d, _a, ctx) => (await ctx.loaders.editionById.load(d.toId))!,
    }),
    added: t.field({
      type: [CatalogEntryRef],
      description: 'Entries of `to` whose subject `from` lacks.',
      resolve: async (d, _a, ctx) => present(await ctx.loaders.entryById.loadMany(d.addedIds)),
    }),
    removed: t.field({
      type: [CatalogEntryRef],
      description: 'Entries of `from` whose subject `to` lacks.',
      resolve: async (d, _a, ctx) => present(await ctx.loaders.entryById.loadMany(d.removedIds)),
    }),
    changed: t.field({ type: [EntryChangeRef], description: 'Same subject, different lists or attributes.', resolve: (d) => d.changed }),
    addedCount: t.int({ description: 'How many entries were added.', resolve: (d) => d.addedIds.length }),
    removedCount: t.int({ description: 'How many entries were removed.', resolve: (d) => d.removedIds.length }),
    changedCount: t.int({ description: 'How many entries changed.', resolve: (d) => d.changed.length }),
    unchangedCount: t.int({
      description: 'Entries of `to` the same in `from`: added + changed + unchanged = the entries of `to`.',
      resolve: (d) => d.unchangedCount,
    }),
    complete: t.boolean({
      description:
        'True when both editions hold every entry they declare. When false, an entry may be "added" or "removed" only because the hub lacks it in one edition.',
      resolve: async (d, _a, ctx) => {
        const [a, b] = await Promise.all([ctx.loaders.editionById.load(d.fromId), ctx.loaders.editionById.load(d.toId)]);
        const [na, nb] = await Promise.all([
          ctx.loaders.entryCount.load({ editionId: d.fromId, list: null }),
          ctx.loaders.entryCount.load({ editionId: d.toId, list: null }),
        ]);
        return a?.declaredSize != null && b?.declaredSize != null && na >= a.declaredSize && nb >= b.declaredSize;
      },
    }),
  }),
});

async function editionFromGlobalId(ctx: Context, id: string, argument: string): Promise<number> {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(id);
  } catch {
    throw badInput(`${argument} is not a valid ID`, { argument });
  }
  if (decoded.typename !== 'CatalogEdition')
    throw badInput(`${argument} is the ID of a ${decoded.typename}, not of a CatalogEdition`, { argument });
  const editionId = Number(decoded.id);
  if (!Number.isSafeInteger(editionId) || !(await ctx.loaders.editionById.load(editionId))) throw notFound('edition', id);
  return editionId;
}

// ---- coverage --------------------------------------------------------------------------------

const CoverageGroupingEnum = enumOf('CoverageGrouping', COVERAGE_GROUPINGS, 'How coverage counts are grouped.', {
  FIELD: "By the qualification's field.",
  ISSUER_COUNTRY: 'By the country of the issuing organisation.',
  LIST: 'By the code of the list that carries the entry giving the recognition.',
  BASIS: 'By recognition basis (LISTED, AGREEMENT, EQUIVALENCE).',
});

interface CoverageRowShape {
  jurisdictionId: number;
  group: string | null;
  count: number;
}
const CoverageRowRef = builder.objectRef<CoverageRowShape>('CoverageRow').implement({
  description: 'How many distinct qualifications one jurisdiction honours in one group.',
  fields: (t) => ({
    jurisdiction: t.field({
      type: JurisdictionRef,
      description: 'The jurisdiction.',
      resolve: async (r, _a, ctx) => (await ctx.loaders.jurisdictionById.load(r.jurisdictionId))!,
    }),
    group: t.exposeString('group', {
      nullable: true,
      description: 'The group (a field, a country code, a list code or a basis); null where the data does not say.',
    }),
    count: t.exposeInt('count', { description: 'Distinct qualifications honoured in the group.' }),
  }),
});

const EditionCompletenessRef = builder.objectRef<EditionCompleteness>('EditionCompleteness').implement({
  description: 'How much of an edition in force the hub holds.',
  fields: (t) => ({
    edition: t.field({
      type: CatalogEditionRef,
      description: 'The edition.',
      resolve: async (e, _a, ctx) => (await ctx.loaders.editionById.load(e.editionId))!,
    }),
    declaredSize: t.exposeInt('declaredSize', { nullable: true, description: 'Entries the source declares; null where not stated.' }),
    loadedSize: t.exposeInt('loadedSize', { description: 'Entries the hub holds.' }),
    complete: t.boolean({
      nullable: true,
      description: 'Loaded ≥ declared; null when no size is declared.',
      resolve: (e) => (e.declaredSize === null ? null : e.loadedSize >= e.declaredSize),
    }),
  }),
});

interface JurisdictionCoverageShape {
  jurisdictionId: number;
  honoured: number;
  editions: EditionCompleteness[];
}
const JurisdictionCoverageRef = builder.objectRef<JurisdictionCoverageShape>('JurisdictionCoverage').implement({
  description: "One jurisdiction's total and the completeness of its editions in force.",
  fields: (t) => ({
    jurisdiction: t.field({
      type: JurisdictionRef,
      description: 'The jurisdiction.',
      resolve: async (r, _a, ctx) => (await ctx.loaders.jurisdictionById.load(r.jurisdictionId))!,
    }),
    honouredCount: t.int({ description: 'Distinct qualifications it honours, by any basis.', resolve: (r) => r.honoured }),
    editions: t.field({
      type: [EditionCompletenessRef],
      description: 'Its qualification-catalog editions in force: declared against loaded.',
      resolve: (r) => r.editions,
    }),
  }),
});

interface CoverageShape {
  asOf: string;
  groupBy: CoverageGrouping;
  rows: CoverageRowShape[];
  jurisdictions: JurisdictionCoverageShape[];
}
const CoverageRef = builder.objectRef<CoverageShape>('Coverage').implement({
  description: 'Qualifications honoured on a day by a set of jurisdictions, grouped, with how complete the underlying editions are.',
  fields: (t) => ({
    asOf: t.field({ type: 'Date', description: 'The day.', resolve: (c) => c.asOf }),
    groupBy: t.field({ type: CoverageGroupingEnum, description: 'The grouping.', resolve: (c) => c.groupBy }),
    rows: t.field({
      type: [CoverageRowRef],
      description: 'Counts per jurisdiction and group, by jurisdiction code then group.',
      resolve: (c) => c.rows,
    }),
    jurisdictions: t.field({
      type: [JurisdictionCoverageRef],
      description: 'Per jurisdiction: total honoured, and completeness of each edition in force.',
      resolve: (c) => c.jurisdictions,
    }),
  }),
});

// ---- overlap ---------------------------------------------------------------------------------

type Honoured = { id: number; slug: string };
interface OverlapCellShape {
  a: number;
  b: number;
  shared: Honoured[];
}
const QualificationPageConnection = connectionOf('SharedQualification', QualificationRef, 'shared qualification');

const OverlapCellRef = builder.objectRef<OverlapCellShape>('OverlapCell').implement({
  description: 'The qualifications two jurisdictions both honour on the day (a = b: what one honours).',
  fields: (t) => ({
    a: t.field({
      type: JurisdictionRef,
      description: 'The row jurisdiction.',
      resolve: async (c, _x, ctx) => (await ctx.loaders.jurisdictionById.load(c.a))!,
    }),
    b: t.field({
      type: JurisdictionRef,
      description: 'The column jurisdiction.',
      resolve: async (c, _x, ctx) => (await ctx.loaders.jurisdictionById.load(c.b))!,
    }),
    sharedCount: t.int({ description: 'How many qualifications both honour.', resolve: (c) => c.shared.length }),
    shared: t.field({
      type: QualificationPageConnection,
      description: 'The qualifications both honour, by slug.',
      args: { ...pageArgs },
      resolve: async (c, args, ctx) => {
        const { first, after } = parsePage('shared', args);
        const start = after === null ? 0 : c.shared.findIndex((q) => q.slug > after);
        const slice = start < 0 ? [] : c.shared.slice(start, start + first);
        const rowsFound = present(await ctx.loaders.qualificationById.loadMany(slice.map((q) => q.id))) as QualificationRow[];
        const edges = rowsFound.map((node) => ({ cursor: Buffer.from(`shared:${node.slug}`).toString('base64url'), node }));
        return {
          edges,
          pageInfo: {
            hasNextPage: start >= 0 && start + first < c.shared.length,
            hasPreviousPage: after !== null,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
          totalCount: async () => c.shared.length,
        };
      },
    }),
  }),
});

const OverlapRef = builder.objectRef<{ asOf: string; ids: number[]; cells: OverlapCellShape[] }>('Overlap').implement({
  description: 'The matrix of qualifications honoured by both of each pair of jurisdictions on a day (any basis).',
  fields: (t) => ({
    asOf: t.field({ type: 'Date', description: 'The day.', resolve: (o) => o.asOf }),
    jurisdictions: t.field({
      type: [JurisdictionRef],
      description: 'The jurisdictions, in the order of the matrix.',
      resolve: async (o, _a, ctx) => present(await ctx.loaders.jurisdictionById.loadMany(o.ids)),
    }),
    cells: t.field({
      type: [OverlapCellRef],
      description: 'One cell per ordered pair (a, b) with a ≤ b in matrix order, row by row.',
      resolve: (o) => o.cells,
    }),
  }),
});

// ---- timeline --------------------------------------------------------------------------------

const EventKindEnum = enumOf('TimelineEventKind', EVENT_KINDS, 'What happened on the day.', {
  ISSUED: 'Issued or released.',
  IN_FORCE: 'Came into force.',
  SUPERSEDED: 'Ended, and a later member of its series took over that day.',
  REPEALED: 'Ended by a repealing instrument.',
  LAPSED: 'Its validity ended and nothing replaced it.',
});
const EventSubjectEnum = enumOf('TimelineSubject', EVENT_SUBJECTS, 'What the event is about.', {
  EDITION: 'A catalog edition.',
  STANDARD_VERSION: 'A standard version.',
  AGREEMENT: 'A recognition agreement.',
});

const TimelineEventRef = builder.objectRef<TimelineEvent>('TimelineEvent').implement({
  description: 'A dated event in the life of an edition, a standard version or an agreement.',
  fields: (t) => ({
    date: t.field({ type: 'Date', description: 'The day, at `precision`.', resolve: (e) => e.date }),
    precision: t.field({ type: DatePrecisionEnum, description: 'How exactly the day is known.', resolve: (e) => e.precision }),
    kind: t.field({ type: EventKindEnum, description: 'What happened.', resolve: (e) => e.kind }),
    subject: t.field({ type: EventSubjectEnum, description: 'What it happened to.', resolve: (e) => e.subject }),
    edition: t.field({
      type: CatalogEditionRef,
      nullable: true,
      description: 'The edition, for EDITION events.',
      resolve: (e, _a, ctx) => (e.subject === 'EDITION' ? ctx.loaders.editionById.load(e.id) : null),
    }),
    standardVersion: t.field({
      type: StandardVersionRef,
      nullable: true,
      description: 'The standard version, for STANDARD_VERSION events.',
      resolve: (e, _a, ctx) => (e.subject === 'STANDARD_VERSION' ? ctx.loaders.versionById.load(e.id) : null),
    }),
    agreement: t.field({
      type: RecognitionAgreementRef,
      nullable: true,
      description: 'The agreement, for AGREEMENT events.',
      resolve: (e, _a, ctx) => (e.subject === 'AGREEMENT' ? ctx.loaders.agreementById.load(e.id) : null),
    }),
    jurisdictions: t.field({
      type: [JurisdictionRef],
      description: 'Whose event it is: the publisher, or every party of an agreement.',
      resolve: async (e, _a, ctx) => present(await ctx.loaders.jurisdictionById.loadMany(e.jurisdictionIds)),
    }),
  }),
});
const TimelineConnection = connectionOf('TimelineEvent', TimelineEventRef, 'timeline event');

builder.queryFields((t) => ({
  catalogDiff: t.field({
    type: CatalogDiffRef,
    description: 'Entries added, removed and changed (lists, attributes) between two editions of any catalogs.',
    args: {
      from: t.arg.id({ required: true, description: 'Global ID of the edition to compare from.' }),
      to: t.arg.id({ required: true, description: 'Global ID of the edition to compare to.' }),
    },
    resolve: async (_r, args, ctx) => {
      const fromId = await editionFromGlobalId(ctx, String(args.from), 'from');
      const toId = await editionFromGlobalId(ctx, String(args.to), 'to');
      return { fromId, toId, ...(await diffEditions(ctx.db, fromId, toId)) };
    },
  }),
  coverage: t.field({
    type: CoverageRef,
    description: `How many qualifications each of 1 to ${MAX_JURISDICTIONS} jurisdictions honours on \`asOf\` (any basis), grouped, with the completeness of the editions behind the counts.`,
    args: {
      jurisdictions: t.arg.stringList({ required: true, description: `Jurisdiction codes, 1 to ${MAX_JURISDICTIONS}.` }),
      groupBy: t.arg({ type: CoverageGroupingEnum, required: true, description: 'How to group the counts.' }),
      asOf: asOfArg('to count on'),
    },
    resolve: async (_r, args, ctx) => {
      const js = await jurisdictionSet(ctx, args.jurisdictions);
      const day = args.asOf ?? ctx.today;
      const ids = js.map((j) => j.id);
      const [counted, editions] = await Promise.all([coverage(ctx.db, ids, day, args.groupBy), completeness(ctx.db, ids, day)]);
      const order = new Map([...js].sort((a, b) => a.code.localeCompare(b.code)).map((j, i) => [j.id, i]));
      return {
        asOf: day,
        groupBy: args.groupBy,
        rows: counted.rows.sort((a, b) => order.get(a.jurisdictionId)! - order.get(b.jurisdictionId)!),
        jurisdictions: [...order.keys()].map((id) => ({
          jurisdictionId: id,
          honoured: counted.totals.get(id) ?? 0,
          editions: editions.filter((e) => e.jurisdictionId === id),
        })),
      };
    },
  }),
  overlap: t.field({
    type: OverlapRef,
    description: `For 1 to ${MAX_JURISDICTIONS} jurisdictions, the qualifications honoured (any basis) by both of each pair on \`asOf\`.`,
    args: {
      jurisdictions: t.arg.stringList({
        required: true,
        description: `Jurisdiction codes, 1 to ${MAX_JURISDICTIONS}; the matrix keeps this order.`,
      }),
      asOf: asOfArg('to compare on'),
    },
    resolve: async (_r, args, ctx) => {
      const js = await jurisdictionSet(ctx, args.jurisdictions);
      const day = args.asOf ?? ctx.today;
      const ids = js.map((j) => j.id);
      const honoured = await honouredBy(ctx.db, ids, day);
      const cells: OverlapCellShape[] = [];
      ids.forEach((a, i) => {
        const mine = new Set(honoured.get(a)!.map((q) => q.id));
        for (const b of ids.slice(i)) cells.push({ a, b, shared: honoured.get(b)!.filter((q) => mine.has(q.id)) });
      });
      return { asOf: day, ids, cells };
    },
  }),
  timeline: t.field({
    type: TimelineConnection,
    description:
      'Dated events in [from, to): editions, standard versions and agreements issued, coming into force, superseded, repealed or lapsing. "What lapses next year" is `timeline(from: "2027-01-01", to: "2028-01-01", kinds: [LAPSED])`.',
    args: {
      from: t.arg({ type: 'Date', required: true, description: 'First day of the range (inclusive).' }),
      to: t.arg({ type: 'Date', required: true, description: 'Day after the range (exclusive).' }),
      jurisdictions: t.arg.stringList({
        required: false,
        description: 'Only events of these jurisdictions (an agreement belongs to each of its parties).',
      }),
      kinds: t.arg({ type: [EventKindEnum], required: false, description: 'Only these kinds of event.' }),
      subjects: t.arg({ type: [EventSubjectEnum], required: false, description: 'Only events about these things.' }),
      ...pageArgs,
    },
    resolve: async (_r, args, ctx) => {
      if (args.to <= args.from) throw badInput('to must be after from (the range is [from, to))', { argument: 'to' });
      const { first, after } = parsePage('event', args);
      const offset = after === null ? 0 : Number(after);
      if (!Number.isSafeInteger(offset) || offset < 0) throw badInput('after is not a cursor of this connection', { argument: 'after' });
      const jurisdictionIds = args.jurisdictions ? (await jurisdictionSet(ctx, args.jurisdictions)).map((j) => j.id) : undefined;
      const events = await timeline(
        ctx.db,
        { from: args.from, to: args.to },
        {
          ...(jurisdictionIds ? { jurisdictionIds } : {}),
          ...(args.kinds ? { kinds: args.kinds as EventKind[] } : {}),
          ...(args.subjects ? { subjects: args.subjects as EventSubject[] } : {}),
        },
      );
      const page = events.slice(offset, offset + first);
      const edges = page.map((node, i) => ({ cursor: Buffer.from(`event:${offset + i + 1}`).toString('base64url'), node }));
      return {
        edges,
        pageInfo: {
          hasNextPage: offset + first < events.length,
          hasPreviousPage: offset > 0,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
        totalCount: async () => events.length,
      };
    },
  }),
}));
