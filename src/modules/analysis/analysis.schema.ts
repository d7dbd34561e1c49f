import type { DefaultConnectionArguments } from '@pothos/plugin-relay';
import { z } from 'zod';
import { badInput, notFound } from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { enumOf } from '../../graphql/enums.ts';
import { enumFilter, rowFilterInput, rowPredicate } from '../../graphql/filters.ts';
import { compositeKey, loadAll } from '../../graphql/nodes.ts';
import { orderTerm, orderValues } from '../../graphql/ordering.ts';
import { arrayConnection, type Connection, type Cursors, cursorsOf, keysetConnection } from '../../graphql/pagination.ts';
import { RecognitionAgreementRef } from '../agreement/agreement.schema.ts';
import { CatalogEditionRef, CatalogEntryConnection, CatalogEntryRef, CatalogRef, entryCount } from '../catalog/catalog.schema.ts';
import type { EditionRow, EntryRow } from '../catalog/catalog.store.ts';
import { FieldRef, resolveFieldTerm } from '../field/field.schema.ts';
import { JurisdictionRef } from '../jurisdiction/jurisdiction.schema.ts';
import type { JurisdictionRow } from '../jurisdiction/jurisdiction.store.ts';
import { OccupationRef, QualificationRef } from '../qualification/qualification.schema.ts';
import { StandardVersionRef } from '../standard/standard.schema.ts';
import { asOfArg, DatePrecisionEnum } from '../time/time.schema.ts';
import {
  type AttributeChange,
  COVERAGE_GROUPINGS,
  type CoverageGrouping,
  completeness,
  coverage,
  diffEditions,
  type EditionCompleteness,
  type EditionDiff,
  ENTRY_ATTRIBUTES,
  type EntryChange,
  EVENT_KINDS,
  EVENT_SUBJECTS,
  type EventKind,
  type EventSubject,
  type HonouredQualification,
  honouredBy,
  LIST_COMPARISONS,
  type OverlapCell,
  overlapCells,
  type TimelineEvent,
  timeline,
} from './analysis.service.ts';

const MAX_JURISDICTIONS = 40;

/** 1 to 40 distinct jurisdiction codes. */
const jurisdictionCodes = z
  .array(z.string())
  .transform((codes) => [...new Set(codes)])
  .refine((codes) => codes.length >= 1 && codes.length <= MAX_JURISDICTIONS, {
    message: `jurisdictions takes 1 to ${MAX_JURISDICTIONS} codes`,
  });

/** The jurisdictions of known codes; an unknown code is NOT_FOUND. */
async function jurisdictionSet(ctx: Context, codes: readonly string[]): Promise<JurisdictionRow[]> {
  const found = await loadAll(JurisdictionRef.getDataloader(ctx), codes);
  const missing = codes.filter((_c, i) => !found[i]);
  if (missing.length > 0) throw notFound('jurisdiction', missing.join(', '));
  return found as JurisdictionRow[];
}

/**
 * A keyset connection over a list already in memory and sorted by `keyOf` (ascending, no two
 * items alike): a page is the slice between the cursors, so a cursor keeps its place when the
 * list is computed again with items added or gone.
 */
function sortedConnection<T, K extends string | number>(
  args: DefaultConnectionArguments,
  cursors: Cursors,
  items: readonly T[],
  keyOf: (item: T) => K,
  keyFrom: (cursor: string, argument: string) => K,
): Promise<Connection<T>> {
  return keysetConnection(args, {
    cursors,
    keyOf,
    fetch: ({ after, before, limit, inverted }) => {
      const low = after === undefined ? undefined : keyFrom(after, 'after');
      const high = before === undefined ? undefined : keyFrom(before, 'before');
      const inRange = items.filter((item) => {
        const key = keyOf(item);
        return (low === undefined || key > low) && (high === undefined || key < high);
      });
      return (inverted ? inRange.reverse() : inRange).slice(0, limit);
    },
    totalCount: () => items.length,
  });
}
/** An entry id held by a cursor; anything else is BAD_USER_INPUT. */
const idFromCursor = (cursor: string, argument: string): number => {
  if (!/^\d{1,15}$/.test(cursor)) throw badInput(`${argument} is not a cursor of this connection`, { argument });
  return Number(cursor);
};
const slugFromCursor = (cursor: string): string => cursor;

/** The entry of an id, loaded through the CatalogEntry loader (batched, cached). */
const entryOf = async (ctx: Context, id: number): Promise<EntryRow | null> =>
  (await CatalogEntryRef.getDataloader(ctx).load(id)) as EntryRow | null;

// ---- catalogDiff -----------------------------------------------------------------------------

const EntryAttributeEnum = enumOf('EntryAttribute', ENTRY_ATTRIBUTES, 'An attribute of a catalog entry that a diff compares.', {
  LISTS:
    'The codes of the lists that carry the entry; compared only where both editions share a list vocabulary (`CatalogDiff.listComparison`).',
  FIELD: 'Field or sector.',
  CORRESPONDING_TITLE: 'The corresponding professional title, as worded.',
  TITLE_LEVEL: 'The level of the corresponding title.',
  SKILL_LEVEL: 'The corresponding skill-certificate level.',
  SOURCE_LEVEL: "The certificate's level in the system that issued it.",
  OCCUPATION_NAME: 'The mainland occupation (named without a code) that a listed certificate maps to.',
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
      resolve: (c) => c.fromEntryId,
    }),
    to: t.field({
      type: CatalogEntryRef,
      description: 'The entry in the `to` edition.',
      resolve: (c) => c.toEntryId,
    }),
    qualification: t.field({
      type: QualificationRef,
      nullable: true,
      description: 'The qualification both entries list.',
      resolve: async (c, _a, ctx) => {
        // The diff read the row with its entries (joinedQualification): no statement by id after it.
        const entry = await entryOf(ctx, c.toEntryId);
        return entry?.joinedQualification ?? entry?.qualificationId ?? null;
      },
    }),
    occupation: t.field({
      type: OccupationRef,
      nullable: true,
      description: 'The occupation both entries list.',
      resolve: async (c, _a, ctx) => {
        return (await entryOf(ctx, c.toEntryId))?.occupationId ?? null;
      },
    }),
    changes: t.field({ type: [AttributeChangeRef], description: 'Each attribute that differs.', resolve: (c) => c.changes }),
    listsAdded: t.stringList({
      description: "Codes of lists that carry it in `to` but not in `from`; empty where the diff's `listComparison` is MEMBERSHIP_ONLY.",
      resolve: (c) => c.listsAdded,
    }),
    listsRemoved: t.stringList({
      description: "Codes of lists that carried it in `from` but not in `to`; empty where the diff's `listComparison` is MEMBERSHIP_ONLY.",
      resolve: (c) => c.listsRemoved,
    }),
  }),
});

const ListComparisonEnum = enumOf(
  'DiffListComparison',
  LIST_COMPARISONS,
  "Whether a diff compares the entries' lists: only where both editions share a list vocabulary.",
  {
    COMPARED:
      'Both editions define the same set of list codes (or neither defines a list): list membership is compared, as the LISTS attribute and `listsAdded` / `listsRemoved`.',
    MEMBERSHIP_ONLY:
      "The editions' sets of list codes differ (two regions' tiers, or a series that added or dropped a list), so their codes are not comparable: entries added and removed and every other attribute are compared, lists never (no LISTS change, `listsAdded` and `listsRemoved` empty; an entry whose lists alone differ counts as unchanged).",
  },
);

const diffCursors = { added: cursorsOf('diff-added'), removed: cursorsOf('diff-removed'), changed: cursorsOf('diff-changed') };

interface DiffShape extends EditionDiff {
  fromId: number;
  toId: number;
}

const CatalogDiffRef = builder.objectRef<DiffShape>('CatalogDiff').implement({
  description: 'What differs between two editions: entries added, removed and changed, each change typed, with counts.',
  fields: (t) => ({
    from: t.field({
      type: CatalogEditionRef,
      description: 'The edition compared from.',
      resolve: (d) => d.fromId,
    }),
    to: t.field({
      type: CatalogEditionRef,
      description: 'The edition compared to.',
      resolve: (d) => d.toId,
    }),
    added: t.field({
      type: [CatalogEntryRef],
      description:
        'Entries of `to` whose subject `from` lacks, in load order, all in one list; for a big diff page through `addedConnection` instead.',
      resolve: (d) => d.addedIds,
    }),
    removed: t.field({
      type: [CatalogEntryRef],
      description:
        'Entries of `from` whose subject `to` lacks, in load order, all in one list; for a big diff page through `removedConnection` instead.',
      resolve: (d) => d.removedIds,
    }),
    changed: t.field({
      type: [EntryChangeRef],
      description:
        'Same subject, different lists (where `listComparison` is COMPARED) or attributes, in load order, all in one list; for a big diff page through `changedConnection` instead.',
      resolve: (d) => d.changed,
    }),
    addedConnection: t.connection(
      {
        type: CatalogEntryRef,
        description: '`added` a page at a time, in the same order; `totalCount` is `addedCount`.',
        resolve: (d, args) => sortedConnection(args, diffCursors.added, d.addedIds, (id) => id, idFromCursor),
      },
      CatalogEntryConnection,
    ),
    removedConnection: t.connection(
      {
        type: CatalogEntryRef,
        description: '`removed` a page at a time, in the same order; `totalCount` is `removedCount`.',
        resolve: (d, args) => sortedConnection(args, diffCursors.removed, d.removedIds, (id) => id, idFromCursor),
      },
      CatalogEntryConnection,
    ),
    changedConnection: t.connection(
      {
        type: EntryChangeRef,
        description: '`changed` a page at a time, in the same order; `totalCount` is `changedCount`.',
        resolve: (d, args) => sortedConnection(args, diffCursors.changed, d.changed, (c) => c.toEntryId, idFromCursor),
      },
      { name: 'CatalogEntryChangeConnection', description: 'A page of changed entries of a diff (first or last ≤ 100, default 20).' },
      { name: 'CatalogEntryChangeEdge', description: 'One changed entry in a page, with its cursor.' },
    ),
    listComparison: t.field({
      type: ListComparisonEnum,
      description:
        'COMPARED when both editions define the same set of list codes (`fromListCodes` and `toListCodes`, as sets), or neither defines a list; MEMBERSHIP_ONLY otherwise, and lists are then not compared.',
      resolve: (d) => d.listComparison,
    }),
    fromListCodes: t.stringList({
      description: 'The codes of the lists `from` defines, in published order: its list vocabulary.',
      resolve: (d) => d.fromListCodes,
    }),
    toListCodes: t.stringList({
      description: 'The codes of the lists `to` defines, in published order: its list vocabulary.',
      resolve: (d) => d.toListCodes,
    }),
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
        const [a, b] = await Promise.all([
          CatalogEditionRef.getDataloader(ctx).load(d.fromId),
          CatalogEditionRef.getDataloader(ctx).load(d.toId),
        ]);
        const [na, nb] = await Promise.all([entryCount(ctx).load({ editionId: d.fromId }), entryCount(ctx).load({ editionId: d.toId })]);
        return a?.declaredSize != null && b?.declaredSize != null && na >= a.declaredSize && nb >= b.declaredSize;
      },
    }),
  }),
});

const EditionKeyInput = builder.inputType('EditionKeyInput', {
  description: "A catalog edition by its natural key, as people name it: the catalog's slug and the edition's label.",
  fields: (t) => ({
    catalog: t.string({ required: true, description: 'The catalog slug ("beijing-professional-qualifications").' }),
    edition: t.string({ required: true, description: 'The edition label within that catalog ("3.0", "International 1.0").' }),
  }),
});

/** Each side of a diff names its edition once: by global ID or by natural key. */
const oneEditionPerSide = z
  .looseObject({
    from: z.unknown().optional(),
    fromEdition: z.unknown().optional(),
    to: z.unknown().optional(),
    toEdition: z.unknown().optional(),
  })
  .superRefine((args, issues) => {
    for (const side of ['from', 'to'] as const) {
      const byId = args[side] != null;
      const byKey = args[`${side}Edition`] != null;
      if (byId === byKey)
        issues.addIssue({
          code: 'custom',
          path: [side],
          message: byId
            ? `${side}: give either \`${side}\` (a global ID) or \`${side}Edition\` (catalog slug and edition label), not both`
            : `${side}: give \`${side}\` (a global ID) or \`${side}Edition\` (catalog slug and edition label)`,
        });
    }
  });

/** The edition a side of a diff names; an unknown ID, catalog slug or edition label is NOT_FOUND. */
async function editionOf(
  ctx: Context,
  id: string | undefined,
  key: { catalog: string; edition: string } | null | undefined,
): Promise<EditionRow> {
  const editions = CatalogEditionRef.getDataloader(ctx);
  if (id !== undefined) {
    const found = await editions.load(id);
    if (!found) throw notFound('edition', id);
    return found;
  }
  // The key the edition loader takes for global IDs (slug and label), so both ways batch together.
  const { catalog, edition } = key!;
  const [series, found] = await Promise.all([CatalogRef.getDataloader(ctx).load(catalog), editions.load(compositeKey([catalog, edition]))]);
  if (!series) throw notFound('catalog', catalog);
  if (!found) throw notFound('edition', edition);
  return found;
}

// ---- coverage --------------------------------------------------------------------------------

const CoverageGroupingEnum = enumOf('CoverageGrouping', COVERAGE_GROUPINGS, 'How coverage counts are grouped.', {
  FIELD: "By the qualification's field: the code of its term in the controlled vocabulary (the row's `field` has the labels).",
  ISSUER_COUNTRY: 'By the country of the issuing organisation.',
  LIST: 'By the code of the list that carries the entry giving the recognition.',
  BASIS: 'By recognition basis (LISTED, AGREEMENT, EQUIVALENCE).',
});

interface CoverageRowShape {
  jurisdictionId: number;
  group: string | null;
  count: number;
  groupBy: CoverageGrouping;
}
const CoverageRowRef = builder.objectRef<CoverageRowShape>('CoverageRow').implement({
  description: 'How many distinct qualifications one jurisdiction honours in one group.',
  fields: (t) => ({
    jurisdiction: t.field({
      type: JurisdictionRef,
      description: 'The jurisdiction.',
      resolve: (r) => r.jurisdictionId,
    }),
    group: t.exposeString('group', {
      nullable: true,
      description: "The group (a field's code, a country code, a list code or a basis); null where the data does not say.",
    }),
    field: t.field({
      type: FieldRef,
      nullable: true,
      description:
        'Grouped by FIELD: the field of the group, with its English and Chinese labels; null otherwise, and for the group of no known field.',
      resolve: (r, _a, ctx) => (r.groupBy === 'FIELD' ? resolveFieldTerm(r.group, ctx) : null),
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
      resolve: (e) => e.editionId,
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
      resolve: (r) => r.jurisdictionId,
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
      description:
        'Counts per jurisdiction and group, by jurisdiction code then group, all in one list; for many jurisdictions or groups page through `rowsConnection` instead.',
      resolve: (c) => c.rows,
    }),
    rowsConnection: t.connection(
      {
        type: CoverageRowRef,
        description: '`rows` a page at a time, in the same order.',
        resolve: (c, args) => arrayConnection(args, c.rows),
      },
      { name: 'CoverageRowConnection', description: 'A page of coverage rows (first or last ≤ 100, default 20).' },
      { name: 'CoverageRowEdge', description: 'One coverage row in a page, with its cursor.' },
    ),
    jurisdictions: t.field({
      type: [JurisdictionCoverageRef],
      description: 'Per jurisdiction: total honoured, and completeness of each edition in force.',
      resolve: (c) => c.jurisdictions,
    }),
  }),
});

// ---- overlap ---------------------------------------------------------------------------------

const sharedCursors = cursorsOf('shared');
const unsharedCursors = cursorsOf('unshared');

/** A page of qualifications of a cell, by slug: the cell holds them all (id and slug), so a page is a slice. */
const qualificationPage = (args: DefaultConnectionArguments, cursors: Cursors, qualifications: readonly HonouredQualification[]) =>
  sortedConnection(args, cursors, qualifications, (q) => q.slug, slugFromCursor).then((page) => ({
    ...page,
    edges: page.edges.map((e) => ({ ...e, node: e.node.id })),
  }));

const UnsharedQualificationConnection = builder.connectionObject(
  {
    type: QualificationRef,
    name: 'UnsharedQualificationConnection',
    description:
      'A page of the qualifications one jurisdiction of a cell honours and the other does not (first or last ≤ 100, default 20).',
  },
  { name: 'UnsharedQualificationEdge', description: 'One qualification honoured on one side of a cell only, in a page, with its cursor.' },
);

const OverlapCellRef = builder.objectRef<OverlapCell>('OverlapCell').implement({
  description:
    'Two jurisdictions compared on the day: the qualifications both honour, and those only one of them does (a = b: what one honours, and nothing on either side alone).',
  fields: (t) => ({
    a: t.field({
      type: JurisdictionRef,
      description: 'The row jurisdiction.',
      resolve: (c) => c.a,
    }),
    b: t.field({
      type: JurisdictionRef,
      description: 'The column jurisdiction.',
      resolve: (c) => c.b,
    }),
    sharedCount: t.int({ description: 'How many qualifications both honour.', resolve: (c) => c.shared().length }),
    shared: t.connection(
      {
        type: QualificationRef,
        description: 'The qualifications both honour, by slug.',
        resolve: (c, args) => qualificationPage(args, sharedCursors, c.shared()),
      },
      { name: 'SharedQualificationConnection', description: 'A page of shared qualifications (first or last ≤ 100, default 20).' },
      { name: 'SharedQualificationEdge', description: 'One shared qualification in a page, with its cursor.' },
    ),
    onlyInACount: t.int({
      description: 'How many qualifications `a` honours and `b` does not: `sharedCount` + `onlyInACount` is what `a` honours.',
      resolve: (c) => c.onlyInA().length,
    }),
    onlyInBCount: t.int({
      description: 'How many qualifications `b` honours and `a` does not: `sharedCount` + `onlyInBCount` is what `b` honours.',
      resolve: (c) => c.onlyInB().length,
    }),
    onlyInA: t.connection(
      {
        type: QualificationRef,
        description: "The qualifications `a` honours and `b` does not, by slug (the cell (b, a)'s `onlyInB`).",
        resolve: (c, args) => qualificationPage(args, unsharedCursors, c.onlyInA()),
      },
      UnsharedQualificationConnection,
    ),
    onlyInB: t.connection(
      {
        type: QualificationRef,
        description: "The qualifications `b` honours and `a` does not, by slug (the cell (b, a)'s `onlyInA`).",
        resolve: (c, args) => qualificationPage(args, unsharedCursors, c.onlyInB()),
      },
      UnsharedQualificationConnection,
    ),
  }),
});

interface OverlapShape {
  asOf: string;
  ids: number[];
  cell: (a: number, b: number) => OverlapCell;
}
const OverlapRef = builder.objectRef<OverlapShape>('Overlap').implement({
  description: 'The matrix of qualifications honoured by both, or by one only, of each pair of jurisdictions on a day (any basis).',
  fields: (t) => ({
    asOf: t.field({ type: 'Date', description: 'The day.', resolve: (o) => o.asOf }),
    jurisdictions: t.field({
      type: [JurisdictionRef],
      description: 'The jurisdictions, in the order of the matrix.',
      resolve: (o) => o.ids,
    }),
    cells: t.field({
      type: [OverlapCellRef],
      description:
        'One cell per ordered pair (a, b) with a ≤ b in matrix order, row by row: the upper triangle, diagonal included. `matrix` has every ordered pair.',
      resolve: (o) => o.ids.flatMap((a, i) => o.ids.slice(i).map((b) => o.cell(a, b))),
    }),
    matrix: t.field({
      type: [OverlapCellRef],
      description:
        'One cell per ordered pair (a, b) of the jurisdictions, n × n, row by row: a in the order asked, then b in the order asked. The cell (a, b) shares what (b, a) shares, and its `onlyInA` is the `onlyInB` of (b, a).',
      resolve: (o) => o.ids.flatMap((a) => o.ids.map((b) => o.cell(a, b))),
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
      resolve: (e) => (e.subject === 'EDITION' ? e.id : null),
    }),
    standardVersion: t.field({
      type: StandardVersionRef,
      nullable: true,
      description: 'The standard version, for STANDARD_VERSION events.',
      resolve: (e) => (e.subject === 'STANDARD_VERSION' ? e.id : null),
    }),
    agreement: t.field({
      type: RecognitionAgreementRef,
      nullable: true,
      description: 'The agreement, for AGREEMENT events.',
      resolve: (e) => (e.subject === 'AGREEMENT' ? e.id : null),
    }),
    jurisdictions: t.field({
      type: [JurisdictionRef],
      description: 'Whose event it is: the publisher, or every party of an agreement.',
      resolve: (e) => e.jurisdictionIds,
    }),
  }),
});

const TimelineFilterInput = rowFilterInput<TimelineEvent>('TimelineEventFilter', 'Conditions on timeline events.', {
  date: { type: 'date', get: (e) => e.date, description: 'The day of the event.' },
  kind: { type: 'enum', filter: enumFilter('TimelineEventKind'), get: (e) => e.kind, description: 'What happened.' },
  subject: { type: 'enum', filter: enumFilter('TimelineSubject'), get: (e) => e.subject, description: 'What it happened to.' },
  precision: { type: 'enum', filter: enumFilter('DatePrecision'), get: (e) => e.precision, description: 'How exactly the day is known.' },
  jurisdictions: { type: 'jurisdictions', get: (e) => e.jurisdictionIds, description: 'Whose event it is, by code.' },
});

const TIMELINE_ORDER_KEYS = {
  DATE: { of: (e: TimelineEvent) => e.date, description: 'By day' },
  KIND: { of: (e: TimelineEvent) => EVENT_KINDS.indexOf(e.kind), description: 'By kind (ISSUED, IN_FORCE, SUPERSEDED, REPEALED, LAPSED)' },
  SUBJECT: {
    of: (e: TimelineEvent) => EVENT_SUBJECTS.indexOf(e.subject),
    description: 'By subject (EDITION, STANDARD_VERSION, AGREEMENT)',
  },
} as const;
const TimelineOrderEnum = builder.enumType('TimelineEventOrder', {
  description:
    'How timeline events are ordered: one or more keys, each ascending or descending; the timeline’s own order (day, subject, record, kind) breaks ties.',
  // Every event has a day, a kind and a subject: nothing is missing to place.
  values: orderValues(TIMELINE_ORDER_KEYS, false),
});

/** The events in the order asked, key by key; ties keep the timeline's own order (the sort is stable). */
function orderEvents(events: TimelineEvent[], orderBy: readonly string[] | null | undefined): TimelineEvent[] {
  if (!orderBy || orderBy.length === 0) return events;
  const keys = orderBy.map((o) => {
    const { name, desc } = orderTerm(o)!;
    return { of: TIMELINE_ORDER_KEYS[name as keyof typeof TIMELINE_ORDER_KEYS].of, sign: desc ? -1 : 1 };
  });
  return [...events].sort((a, b) => {
    for (const { of, sign } of keys) {
      const x = of(a);
      const y = of(b);
      if (x < y) return -sign;
      if (x > y) return sign;
    }
    return 0;
  });
}

builder.queryFields((t) => ({
  catalogDiff: t.field({
    type: CatalogDiffRef,
    description:
      'Entries added, removed and changed (lists, attributes) between two editions of any catalogs. Each edition is named by its global ID (`from`, `to`) or by its natural key (`fromEdition`, `toEdition`): exactly one of the two for each side.',
    args: {
      from: t.arg.globalID({
        for: CatalogEditionRef,
        required: false,
        description: 'Global ID of the edition to compare from; or give `fromEdition`, not both.',
      }),
      fromEdition: t.arg({
        type: EditionKeyInput,
        required: false,
        description: 'The edition to compare from by catalog slug and edition label; or give `from`, not both.',
      }),
      to: t.arg.globalID({
        for: CatalogEditionRef,
        required: false,
        description: 'Global ID of the edition to compare to; or give `toEdition`, not both.',
      }),
      toEdition: t.arg({
        type: EditionKeyInput,
        required: false,
        description: 'The edition to compare to by catalog slug and edition label; or give `to`, not both.',
      }),
    },
    validate: oneEditionPerSide,
    resolve: async (_r, args, ctx) => {
      const [from, to] = await Promise.all([editionOf(ctx, args.from?.id, args.fromEdition), editionOf(ctx, args.to?.id, args.toEdition)]);
      const diff = await diffEditions(ctx.db, from.id, to.id);
      // NOTE: the diff read its entries whole; a second statement reading them again by id was
      // the most expensive of a W5 request at 100× (issue 13).
      const entries = CatalogEntryRef.getDataloader(ctx);
      for (const e of diff.entries) entries.prime(e.id, e);
      return { fromId: from.id, toId: to.id, ...diff };
    },
  }),
  coverage: t.field({
    type: CoverageRef,
    description: `How many qualifications each of 1 to ${MAX_JURISDICTIONS} jurisdictions honours on \`asOf\` (any basis), grouped, with the completeness of the editions behind the counts.`,
    args: {
      jurisdictions: t.arg.stringList({
        required: true,
        description: `Jurisdiction codes, 1 to ${MAX_JURISDICTIONS}.`,
        validate: jurisdictionCodes,
      }),
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
        rows: counted.rows
          .sort((a, b) => order.get(a.jurisdictionId)! - order.get(b.jurisdictionId)!)
          .map((r) => ({ ...r, groupBy: args.groupBy })),
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
    description: `For 1 to ${MAX_JURISDICTIONS} jurisdictions, the qualifications honoured (any basis) by both, or by one only, of each pair on \`asOf\`.`,
    args: {
      jurisdictions: t.arg.stringList({
        required: true,
        description: `Jurisdiction codes, 1 to ${MAX_JURISDICTIONS}; the matrix keeps this order.`,
        validate: jurisdictionCodes,
      }),
      asOf: asOfArg('to compare on'),
    },
    resolve: async (_r, args, ctx) => {
      const js = await jurisdictionSet(ctx, args.jurisdictions);
      const day = args.asOf ?? ctx.today;
      const ids = js.map((j) => j.id);
      return { asOf: day, ids, cell: overlapCells(await honouredBy(ctx.db, ids, day)) };
    },
  }),
  timeline: t.connection(
    {
      type: TimelineEventRef,
      description:
        'Dated events in [from, to): editions, standard versions and agreements issued, coming into force, superseded, repealed or lapsing. "What lapses next year" is `timeline(from: "2027-01-01", to: "2028-01-01", kinds: [LAPSED])`.',
      args: {
        from: t.arg({ type: 'Date', required: true, description: 'First day of the range (inclusive).' }),
        to: t.arg({ type: 'Date', required: true, description: 'Day after the range (exclusive).' }),
        jurisdictions: t.arg.stringList({
          required: false,
          description: `Only events of these jurisdictions (1 to ${MAX_JURISDICTIONS}; an agreement belongs to each of its parties).`,
          validate: jurisdictionCodes.nullish(),
        }),
        kinds: t.arg({ type: [EventKindEnum], required: false, description: 'Only these kinds of event.' }),
        subjects: t.arg({ type: [EventSubjectEnum], required: false, description: 'Only events about these things.' }),
        filter: t.arg({
          type: TimelineFilterInput.ref,
          required: false,
          description: 'Conditions on the events (and, or, not), checked on the events of the range.',
        }),
        orderBy: t.arg({
          type: [TimelineOrderEnum],
          required: false,
          description:
            'The order, key by key (default: by day, then subject, record and kind). The timeline is computed for the range, so it pages by position.',
        }),
      },
      validate: z.looseObject({ from: z.string(), to: z.string() }).refine((a) => a.to > a.from, {
        message: 'to must be after from (the range is [from, to))',
        path: ['to'],
      }),
      resolve: async (_r, args, ctx) => {
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
        const passes = await rowPredicate<TimelineEvent>(ctx, TimelineFilterInput, args.filter);
        return arrayConnection(args, orderEvents(events.filter(passes), args.orderBy as string[] | null | undefined));
      },
    },
    { name: 'TimelineEventConnection', description: 'A page of timeline events (first or last ≤ 100, default 20).' },
    { name: 'TimelineEventEdge', description: 'One timeline event in a page, with its cursor.' },
  ),
}));
