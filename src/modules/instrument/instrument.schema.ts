import type { ObjectRef } from '@pothos/core';
import { asc, gt } from 'drizzle-orm';
import { instrumentKind, instruments, reliability } from '../../db/tables/index.ts';
import { builder } from '../../graphql/builder.ts';
import { connectionOf, pageArgs, pageFrom, parsePage } from '../../graphql/connection.ts';
import type { Context } from '../../graphql/context.ts';
import { enumOf } from '../../graphql/enums.ts';
import { loadNodes, parseNodeId } from '../../graphql/node-ids.ts';
import { AuthorityRef, CitationRef, InstrumentRef } from '../../graphql/refs.ts';
import type { AuthorityRow } from '../jurisdiction/jurisdiction.loaders.ts';
import { DatePrecisionEnum } from '../time/time.schema.ts';
import type { CitationRow } from './instrument.loaders.ts';

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

builder.node(InstrumentRef, {
  description: 'A source document: every fact the hub serves points at one or more instruments.',
  id: { resolve: (i) => i.id, parse: parseNodeId },
  loadMany: (ids, ctx) => loadNodes(ctx.loaders.instrumentById, ids),
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
      resolve: async (i, _a, ctx) =>
        present(
          await ctx.loaders.authorityById.loadMany((await ctx.loaders.authorityIdsByInstrument.load(i.id)).map((x) => x.authorityId)),
        ) as AuthorityRow[],
    }),
    repeals: t.field({
      type: [InstrumentRef],
      description: 'Instruments this one repeals.',
      resolve: async (i, _a, ctx) =>
        present(await ctx.loaders.instrumentById.loadMany((await ctx.loaders.repealsByInstrument.load(i.id)).map((x) => x.repealedId))),
    }),
    repealedBy: t.field({
      type: [InstrumentRef],
      description: 'Instruments that repeal this one.',
      resolve: async (i, _a, ctx) =>
        present(await ctx.loaders.instrumentById.loadMany((await ctx.loaders.repealedByInstrument.load(i.id)).map((x) => x.instrumentId))),
    }),
  }),
});

CitationRef.implement({
  description: 'A source of a record: the instrument, and what the record takes from it.',
  fields: (t) => ({
    instrument: t.field({
      type: InstrumentRef,
      description: 'The source document.',
      resolve: async (c, _a, ctx) => (await ctx.loaders.instrumentById.load(c.instrumentId))!,
    }),
    note: t.exposeString('note', { nullable: true, description: 'What this document supports, e.g. "declared size" or "release date".' }),
  }),
});

/** Drops misses and errors from a DataLoader `loadMany`. */
export function present<T>(rows: (T | null | Error)[]): T[] {
  return rows.filter((r): r is T => r !== null && !(r instanceof Error));
}

/** Adds `sources` and `citations` to a type whose records cite instruments. */
// NOTE: `any` stands for the builder's schema types, which a generic helper cannot name.
export function addSourceFields<T>(
  ref: ObjectRef<any, T>,
  what: string,
  citationsOf: (row: T, ctx: Context) => Promise<CitationRow[]>,
): void {
  builder.objectFields(ref, (t) => ({
    sources: t.field({
      type: [InstrumentRef],
      description: `The documents this ${what} comes from, oldest first.`,
      resolve: async (row, _a, ctx) =>
        present(await ctx.loaders.instrumentById.loadMany((await citationsOf(row as T, ctx)).map((c) => c.instrumentId))),
    }),
    citations: t.field({
      type: [CitationRef],
      description: `The documents this ${what} comes from, each with what it supports.`,
      resolve: (row, _a, ctx) => citationsOf(row as T, ctx),
    }),
  }));
}

const InstrumentConnection = connectionOf('Instrument', InstrumentRef, 'instrument');

builder.queryFields((t) => ({
  instrument: t.field({
    type: InstrumentRef,
    nullable: true,
    description: 'A source document by slug; null when none has that slug.',
    args: { slug: t.arg.string({ required: true, description: 'The instrument slug.' }) },
    resolve: (_r, { slug }, ctx) => ctx.loaders.instrumentBySlug.load(slug),
  }),
  instruments: t.field({
    type: InstrumentConnection,
    description: 'Every source document the hub cites, in the order they were loaded.',
    args: { ...pageArgs },
    resolve: async (_r, args, ctx) => {
      const { first, after } = parsePage('instrument', args);
      const afterId = after === null ? null : Number(after);
      const rows = await ctx.db
        .select()
        .from(instruments)
        .where(afterId === null || Number.isNaN(afterId) ? undefined : gt(instruments.id, afterId))
        .orderBy(asc(instruments.id))
        .limit(first + 1);
      return pageFrom(
        'instrument',
        rows,
        first,
        after,
        (r) => r.id,
        async () => await ctx.db.$count(instruments),
      );
    },
  }),
}));
