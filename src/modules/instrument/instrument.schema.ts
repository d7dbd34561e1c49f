import type { ObjectRef } from '@pothos/core';
import { instrumentKind, reliability } from '../../db/tables/index.ts';
import { builder, type HubTypes } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { enumOf } from '../../graphql/enums.ts';
import { filterSql } from '../../graphql/filters.ts';
import { groupLoader, loadableNode } from '../../graphql/nodes.ts';
import { orderedConnection, sortsOf } from '../../graphql/ordering.ts';
import { AuthorityRef } from '../jurisdiction/jurisdiction.schema.ts';
import { DatePrecisionEnum } from '../time/time.schema.ts';
import { InstrumentFilterInput, InstrumentOrderEnum } from './instrument.filters.schema.ts';
import { INSTRUMENT_ORDER } from './instrument.filters.store.ts';
import {
  authoritiesOfInstruments,
  type CitationRow,
  type CitingKind,
  citations,
  countInstruments,
  type InstrumentRow,
  instrumentStore,
  instrumentsOrdered,
  repealLinks,
} from './instrument.store.ts';

export const InstrumentKindEnum = enumOf('InstrumentKind', instrumentKind.enumValues, 'What kind of document an instrument is.', {
  NOTICE: 'An official notice (通知) of an authority.',
  STANDARD_TEXT: 'The text of a standard or its annex.',
  CATALOG: 'A published catalog or list itself.',
  PRESS_RELEASE: 'A press release of an authority.',
  NEWS_REPORT: 'A news report or repost that carries the fact.',
  GUIDE: 'A service guide or handbook.',
  OTHER: 'Any other document.',
});

export const ReliabilityEnum = enumOf('Reliability', reliability.enumValues, 'How far the hub trusts a document as a source.', {
  HIGH: 'An official page, or several independent sources agree.',
  MEDIUM: 'One reputable secondary source (news, chamber of commerce, law firm).',
  LOW: 'One weak or third-party source: a lead, not a fact.',
});

/** Global ID: the slug. */
export const InstrumentRef = loadableNode('Instrument', instrumentStore);
export const CitationRef = builder.objectRef<CitationRow>('Citation');

const authoritiesOf = groupLoader(authoritiesOfInstruments, (a) => a.instrumentId);
const repealsOf = groupLoader(
  (db, ids: number[]) => repealLinks(db, ids, 'repeals'),
  (i) => i.askedId,
);
const repealedByOf = groupLoader(
  (db, ids: number[]) => repealLinks(db, ids, 'repealedBy'),
  (i) => i.askedId,
);
/** The citations of each kind of record, batched and cached per request. */
export const citationsOf: Record<CitingKind, ReturnType<typeof groupLoader<number, CitationRow>>> = {
  edition: groupLoader(
    (db, ids: number[]) => citations(db, 'edition', ids),
    (c) => c.ownerId,
  ),
  entry: groupLoader(
    (db, ids: number[]) => citations(db, 'entry', ids),
    (c) => c.ownerId,
  ),
  version: groupLoader(
    (db, ids: number[]) => citations(db, 'version', ids),
    (c) => c.ownerId,
  ),
  agreement: groupLoader(
    (db, ids: number[]) => citations(db, 'agreement', ids),
    (c) => c.ownerId,
  ),
  benefit: groupLoader(
    (db, ids: number[]) => citations(db, 'benefit', ids),
    (c) => c.ownerId,
  ),
  scheme: groupLoader(
    (db, ids: number[]) => citations(db, 'scheme', ids),
    (c) => c.ownerId,
  ),
};

InstrumentRef.implement({
  description: 'A source document: every fact the hub serves points at one or more instruments.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable natural key.' }),
    kind: t.field({ type: InstrumentKindEnum, description: 'Kind of document.', resolve: (i) => i.kind }),
    title: t.exposeString('title', { description: 'English title (official translation where one exists).' }),
    titleZh: t.exposeString('titleZh', { nullable: true, description: 'Chinese title.' }),
    documentNumber: t.exposeString('documentNumber', {
      nullable: true,
      description: 'Document number (文号), e.g. 外专发〔2017〕40号; null where not known.',
    }),
    issuedOn: t.field({ type: 'Date', nullable: true, description: 'Issue date, at `issuedOnPrecision`.', resolve: (i) => i.issuedOn }),
    issuedOnPrecision: t.field({
      type: DatePrecisionEnum,
      nullable: true,
      description: 'How exactly the issue date is known; null when there is no issue date.',
      resolve: (i) => (i.issuedOn === null ? null : i.issuedOnPrecision),
    }),
    url: t.exposeString('url', { nullable: true, description: 'Where the document (or the copy used) can be read.' }),
    reliability: t.field({ type: ReliabilityEnum, description: 'How far the hub trusts this document.', resolve: (i) => i.reliability }),
    note: t.exposeString('note', { nullable: true, description: 'Caveats about this document.' }),
    authorities: t.field({
      type: [AuthorityRef],
      description: 'The issuing authorities.',
      resolve: (i, _a, ctx) => authoritiesOf(ctx).load(i.id),
    }),
    repeals: t.field({
      type: [InstrumentRef],
      description: 'Instruments this one repeals.',
      resolve: (i, _a, ctx) => repealsOf(ctx).load(i.id),
    }),
    repealedBy: t.field({
      type: [InstrumentRef],
      description: 'Instruments that repeal this one.',
      resolve: (i, _a, ctx) => repealedByOf(ctx).load(i.id),
    }),
  }),
});

CitationRef.implement({
  description: 'A source of a record: the instrument, and what the record takes from it.',
  fields: (t) => ({
    instrument: t.field({ type: InstrumentRef, description: 'The source document.', resolve: (c) => c.instrumentId }),
    note: t.exposeString('note', { nullable: true, description: 'What this document supports, e.g. "declared size" or "release date".' }),
  }),
});

/** Adds `sources` and `citations` to a type whose records cite instruments. */
export function addSourceFields<T>(ref: ObjectRef<HubTypes, unknown, T>, what: string, kind: CitingKind, idOf: (row: T) => number): void {
  const citationsFor = (row: T, ctx: Context) => citationsOf[kind](ctx).load(idOf(row));
  builder.objectFields(ref, (t) => ({
    sources: t.field({
      type: [InstrumentRef],
      description: `The documents this ${what} comes from, oldest first.`,
      resolve: async (row, _a, ctx) => (await citationsFor(row as T, ctx)).map((c) => c.instrumentId),
    }),
    citations: t.field({
      type: [CitationRef],
      description: `The documents this ${what} comes from, each with what it supports.`,
      resolve: (row, _a, ctx) => citationsFor(row as T, ctx),
    }),
  }));
}

builder.queryFields((t) => ({
  instrument: t.field({
    type: InstrumentRef,
    nullable: true,
    description: 'A source document by slug; null when none has that slug.',
    args: { slug: t.arg.string({ required: true, description: 'The instrument slug.' }) },
    resolve: (_r, { slug }) => slug,
  }),
  instruments: t.connection(
    {
      type: InstrumentRef,
      description: 'Every source document the hub cites, filtered and ordered (default: in the order they were loaded), paged both ways.',
      args: {
        filter: t.arg({ type: InstrumentFilterInput.ref, required: false, description: 'Conditions on the documents (and, or, not).' }),
        orderBy: t.arg({ type: [InstrumentOrderEnum], required: false, description: 'The order, key by key (default LOADED_ASC).' }),
      },
      resolve: async (_r, args, ctx) => {
        const filter = await filterSql(ctx, InstrumentFilterInput, args.filter);
        const sorts = sortsOf(ctx.db, INSTRUMENT_ORDER, args.orderBy, ['LOADED_ASC']);
        return orderedConnection<InstrumentRow>(args, {
          kind: 'instrument',
          sorts,
          fetch: (page) => instrumentsOrdered(ctx.db, filter, sorts, page),
          totalCount: () => countInstruments(ctx.db, filter),
        });
      },
    },
    { name: 'InstrumentConnection', description: 'A page of instruments (first or last ≤ 100, default 20).' },
    { name: 'InstrumentEdge', description: 'One instrument in a page, with its cursor.' },
  ),
}));
