import { changeKind } from '../../db/tables/index.ts';
import { badInput, notFound } from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { enumOf } from '../../graphql/enums.ts';
import { loadAll } from '../../graphql/nodes.ts';
import { cursorsOf, keysetConnection } from '../../graphql/pagination.ts';
import { RecognitionAgreementRef } from '../agreement/agreement.schema.ts';
import { CatalogEditionRef } from '../catalog/catalog.schema.ts';
import { InstrumentRef } from '../instrument/instrument.schema.ts';
import { JurisdictionRef } from '../jurisdiction/jurisdiction.schema.ts';
import { QualificationRef } from '../qualification/qualification.schema.ts';
import { StandardVersionRef } from '../standard/standard.schema.ts';
import { todayInChina } from '../time/dates.ts';
import { followFeed } from './change.live.ts';
import { type ChangeFilter, type ChangeRow, countChanges, listChanges } from './change.store.ts';

export const ChangeKindEnum = enumOf('ChangeKind', changeKind.enumValues, 'What happened to a public record.', {
  EDITION_PUBLISHED: 'A catalog edition was published (or first loaded).',
  EDITION_COMPLETED: 'Entries were added to a published edition: the hub’s copy of the list grew.',
  EDITION_SUPERSEDED: 'A published edition ends, the day a successor starts.',
  EDITION_REPEALED: 'A published edition was repealed from a day.',
  EDITION_LAPSED: 'An edition’s validity ended with no successor: derived from its dates on that day, never stored.',
  VERSION_PUBLISHED: 'A standard version was published (or first loaded).',
  VERSION_SUPERSEDED: 'A published standard version ends, the day a successor starts.',
  VERSION_REPEALED: 'A published standard version was repealed from a day.',
  VERSION_LAPSED: 'A standard version’s validity ended with no successor (2025 MOHRSS notice: standards not renewed lapse).',
  AGREEMENT_PUBLISHED: 'A recognition agreement was published (or first loaded).',
  AGREEMENT_REPEALED: 'A published agreement was repealed from a day.',
  AGREEMENT_LAPSED: 'An agreement’s validity ended.',
  CORRECTION: 'The operator corrected the hub’s copy of a published record, with a reason.',
});

const changeCursors = cursorsOf('Change');
const cursorOf = (c: ChangeRow) => changeCursors.encode(`${c.position}.${c.derived}`);

function decodeCursor(cursor: string | null | undefined, argument: string): [number, number] | null {
  const key = changeCursors.decode(cursor, argument);
  if (key === undefined) return null;
  const m = /^(\d{1,15})\.([01])$/.exec(key);
  if (!m) throw badInput(`${argument} is not a cursor of the change feed`, { argument });
  return [Number(m[1]), Number(m[2])];
}

const ChangeEventRef = builder.objectRef<ChangeRow>('ChangeEvent').implement({
  description: 'One change of a public record. Drafts and rejections never appear in the feed.',
  fields: (t) => ({
    cursor: t.string({
      description:
        'Its place in the feed: pass it as `since` (or `after`) to read on. The same on every hub process; resumable after any gap.',
      resolve: cursorOf,
    }),
    kind: t.field({ type: ChangeKindEnum, description: 'What happened.', resolve: (c) => c.kind }),
    at: t.field({
      type: 'DateTime',
      description: 'When the change was written; for a lapse, the start of its day in China.',
      resolve: (c) => c.at,
    }),
    effectiveOn: t.field({ type: 'Date', description: 'The day it takes effect.', resolve: (c) => c.effectiveOn }),
    summary: t.string({ description: 'What changed, in a sentence.', resolve: (c) => c.summary }),
    details: t.field({
      type: 'JSON',
      description: 'What changed, as data (dates, counts, the reason of a correction).',
      resolve: (c) => c.details,
    }),
    subjectKey: t.string({
      description: 'The record, by natural key: `catalog@label`, `standard@label` or an agreement slug.',
      resolve: (c) => c.subjectKey,
    }),
    jurisdiction: t.field({ type: JurisdictionRef, nullable: true, description: 'Whose record it is.', resolve: (c) => c.jurisdictionId }),
    edition: t.field({
      type: CatalogEditionRef,
      nullable: true,
      description: 'The edition, for edition events.',
      resolve: (c) => (c.subjectType === 'catalog_edition' ? c.subjectId : null),
    }),
    standardVersion: t.field({
      type: StandardVersionRef,
      nullable: true,
      description: 'The standard version, for version events.',
      resolve: (c) => (c.subjectType === 'standard_version' ? c.subjectId : null),
    }),
    agreement: t.field({
      type: RecognitionAgreementRef,
      nullable: true,
      description: 'The agreement, for agreement events.',
      resolve: (c) => (c.subjectType === 'recognition_agreement' ? c.subjectId : null),
    }),
    sources: t.field({ type: [InstrumentRef], description: 'The documents the record rests on.', resolve: (c) => c.instrumentIds }),
  }),
});

async function filterOf(
  ctx: Context,
  args: { jurisdictions?: string[] | null; kinds?: ChangeFilter['kinds'] | null; qualification?: string | null },
): Promise<ChangeFilter> {
  let jurisdictionIds: number[] | null = null;
  if (args.jurisdictions) {
    // The request's loaders, as every other field that takes a code or a slug.
    const found = await loadAll(JurisdictionRef.getDataloader(ctx), args.jurisdictions);
    jurisdictionIds = args.jurisdictions.map((code, i) => {
      const j = found[i] as { id: number } | null;
      if (!j) throw notFound('jurisdiction', code);
      return j.id;
    });
  }
  let qualificationId: number | null = null;
  if (args.qualification) {
    const q = (await QualificationRef.getDataloader(ctx).load(args.qualification)) as { id: number } | null;
    if (!q) throw notFound('qualification', args.qualification);
    qualificationId = q.id;
  }
  return { jurisdictionIds, kinds: args.kinds ?? null, qualificationId, today: ctx.today };
}

builder.queryField('changes', (t) =>
  t.connection(
    {
      type: ChangeEventRef,
      description:
        'The public change feed, oldest first: publications, completions, supersessions, repeals, corrections, and lapses on their day (derived from dates). Read on from a cursor with `since`; an empty page means nothing new yet.',
      args: {
        since: t.arg.string({ description: 'A `cursor` of an event already read (like `after`).' }),
        jurisdictions: t.arg.stringList({ description: 'Only changes of records of these jurisdictions (codes).' }),
        kinds: t.arg({ type: [ChangeKindEnum], description: 'Only these kinds of change.' }),
        qualification: t.arg.string({ description: 'Only changes of editions that list this qualification (slug).' }),
      },
      resolve: async (_r, args, ctx: Context) => {
        if (args.since && args.after) throw badInput('Give `since` or `after`, not both', { argument: 'since' });
        const filter = await filterOf(ctx, args);
        const argument = args.since ? 'since' : 'after';
        const after = decodeCursor(args.since ?? args.after, argument);
        const before = decodeCursor(args.before, 'before');
        return keysetConnection(
          { ...args, after: args.since ?? args.after },
          {
            cursors: changeCursors,
            keyOf: (c: ChangeRow) => `${c.position}.${c.derived}`,
            fetch: (page) => listChanges(ctx.db, filter, { after, before, limit: page.limit, inverted: page.inverted }),
            totalCount: () => countChanges(ctx.db, filter),
          },
        );
      },
    },
    { name: 'ChangeConnection', description: 'A page of the change feed (first or last ≤ 100, default 20).' },
    { name: 'ChangeEdge', description: 'One change, with its cursor.' },
  ),
);

builder.subscriptionField('changes', (t) =>
  t.field({
    type: ChangeEventRef,
    description:
      'The change feed, live: the events after `since` (or, without it, from now on), then each new one as it is committed, from any hub process. Reconnect with the last `cursor` received to miss nothing and get nothing twice.',
    args: {
      since: t.arg.string({ description: 'The `cursor` of the last event received.' }),
      jurisdictions: t.arg.stringList({ description: 'Only changes of records of these jurisdictions (codes).' }),
      kinds: t.arg({ type: [ChangeKindEnum], description: 'Only these kinds of change.' }),
      qualification: t.arg.string({ description: 'Only changes of editions that list this qualification (slug).' }),
    },
    subscribe: async (_r, args, ctx: Context) => {
      if (!ctx.live) throw badInput('Subscriptions run over graphql-ws (a WebSocket on /graphql)');
      const filter = await filterOf(ctx, args);
      let after = decodeCursor(args.since, 'since');
      if (after === null) {
        const [last] = await listChanges(ctx.db, filter, { after: null, before: null, limit: 1, inverted: true });
        after = last ? [last.position, last.derived] : [0, 0];
      }
      const live = ctx.live;
      return followFeed(
        {
          async next() {
            // The day moves on for a long subscription: lapses come with it.
            const rows = await listChanges(
              ctx.db,
              { ...filter, today: todayInChina() },
              { after, before: null, limit: 100, inverted: false },
            );
            const last = rows.at(-1);
            if (last) after = [last.position, last.derived];
            return rows;
          },
        },
        live.waker,
        live.tooSlow,
      );
    },
    resolve: (event) => event,
  }),
);
