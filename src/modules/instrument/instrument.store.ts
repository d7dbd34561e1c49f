import { and, asc, eq, getTableColumns, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { keysetSql, type OrderedPage, type Sort } from '../../db/keyset.ts';
import { anyKey, keyedStore, prepared } from '../../db/prepared.ts';
import {
  agreementSources,
  authorities,
  benefitSources,
  catalogEditionSources,
  catalogEntrySources,
  instrumentAuthorities,
  instrumentRepeals,
  instruments,
  pointsSchemeSources,
  standardVersionSources,
} from '../../db/tables/index.ts';
import type { AuthorityRow } from '../jurisdiction/jurisdiction.store.ts';

export type InstrumentRow = typeof instruments.$inferSelect & { sortValues?: unknown };
/** A record's source: the instrument, and what the record takes from it. */
export interface CitationRow {
  ownerId: number;
  instrumentId: number;
  note: string | null;
}

export const instrumentStore = keyedStore('instrument', instruments, instruments.slug, (i) => i.slug);

/** The issuing authorities of these instruments, each with its instrument. */
export async function authoritiesOfInstruments(db: Db, ids: number[]): Promise<(AuthorityRow & { instrumentId: number })[]> {
  const rows = await prepared(db, 'authoritiesOfInstruments', () =>
    db
      .select({ instrumentId: instrumentAuthorities.instrumentId, authority: authorities })
      .from(instrumentAuthorities)
      .innerJoin(authorities, eq(authorities.id, instrumentAuthorities.authorityId))
      .where(anyKey(instrumentAuthorities.instrumentId))
      .orderBy(asc(authorities.id)),
  )(ids);
  return rows.map((r) => ({ ...r.authority, instrumentId: r.instrumentId }));
}

/** The instruments these repeal (`direction: 'repeals'`) or that repeal these (`'repealedBy'`), each with the instrument asked about. */
export async function repealLinks(
  db: Db,
  ids: number[],
  direction: 'repeals' | 'repealedBy',
): Promise<(InstrumentRow & { askedId: number })[]> {
  const [asked, other] =
    direction === 'repeals'
      ? [instrumentRepeals.instrumentId, instrumentRepeals.repealedId]
      : [instrumentRepeals.repealedId, instrumentRepeals.instrumentId];
  const rows = await prepared(db, `repealLinks:${direction}`, () =>
    db
      .select({ askedId: asked, instrument: instruments })
      .from(instrumentRepeals)
      .innerJoin(instruments, eq(instruments.id, other))
      .where(anyKey(asked))
      .orderBy(asc(other)),
  )(ids);
  return rows.map((r) => ({ ...r.instrument, askedId: r.askedId }));
}

const CITATION_TABLES = {
  edition: [catalogEditionSources, catalogEditionSources.editionId, catalogEditionSources.instrumentId, catalogEditionSources.note],
  entry: [catalogEntrySources, catalogEntrySources.entryId, catalogEntrySources.instrumentId, catalogEntrySources.note],
  version: [standardVersionSources, standardVersionSources.versionId, standardVersionSources.instrumentId, standardVersionSources.note],
  agreement: [agreementSources, agreementSources.agreementId, agreementSources.instrumentId, agreementSources.note],
  benefit: [benefitSources, benefitSources.benefitId, benefitSources.instrumentId, benefitSources.note],
  scheme: [pointsSchemeSources, pointsSchemeSources.schemeId, pointsSchemeSources.instrumentId, pointsSchemeSources.note],
} as const satisfies Record<string, [PgTable, PgColumn, PgColumn, PgColumn]>;
export type CitingKind = keyof typeof CITATION_TABLES;

/** The citations of records of one kind, each record's ordered by the instrument's issue date, oldest first. */
export async function citations(db: Db, kind: CitingKind, ownerIds: number[]): Promise<CitationRow[]> {
  const [table, owner, instrumentId, note] = CITATION_TABLES[kind];
  return (await prepared(db, `citations:${kind}`, () =>
    db
      .select({ ownerId: owner, instrumentId, note })
      .from(table as PgTable)
      .innerJoin(instruments, eq(instruments.id, instrumentId))
      .where(anyKey(owner))
      .orderBy(asc(instruments.issuedOn), asc(instruments.id)),
  )(ownerIds)) as CitationRow[];
}

/** A page of instruments in an `orderBy` order that pass a filter (keyset). */
export function instrumentsOrdered(db: Db, filter: SQL | undefined, sorts: Sort[], page: OrderedPage) {
  const keyset = keysetSql(sorts, page);
  return db
    .select({ ...getTableColumns(instruments), sortValues: keyset.values })
    .from(instruments)
    .where(and(filter, keyset.where))
    .orderBy(...keyset.orderBy)
    .limit(page.limit);
}

export async function countInstruments(db: Db, filter: SQL | undefined): Promise<number> {
  return await db.$count(instruments, filter);
}
