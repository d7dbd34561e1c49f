import { asc, eq, inArray } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { manyLoader, oneLoader } from '../../db/batch.ts';
import type { Db } from '../../db/client.ts';
import { anyKey, prepared } from '../../db/prepared.ts';
import {
  agreementSources,
  benefitSources,
  catalogEditionSources,
  catalogEntrySources,
  instrumentAuthorities,
  instrumentRepeals,
  instruments,
  pointsSchemeSources,
  standardVersionSources,
} from '../../db/tables/index.ts';

export type InstrumentRow = typeof instruments.$inferSelect;
/** A record's source: the instrument, and what the record takes from it. */
export interface CitationRow {
  ownerId: number;
  instrumentId: number;
  note: string | null;
}

/** Citations of one kind of record, ordered by the instrument's issue date, oldest first. */
function citations(db: Db, table: PgTable, owner: PgColumn, instrumentId: PgColumn, note: PgColumn) {
  return manyLoader<number, CitationRow>(
    async (ids) =>
      (await db
        .select({ ownerId: owner, instrumentId, note })
        .from(table as never)
        .innerJoin(instruments, eq(instruments.id, instrumentId))
        .where(inArray(owner, ids))
        .orderBy(asc(instruments.issuedOn), asc(instruments.id))) as CitationRow[],
    (r) => r.ownerId,
  );
}

export function createInstrumentLoaders(db: Db) {
  return {
    instrumentById: oneLoader<number, InstrumentRow>(
      prepared(db, 'instrumentById', () => db.select().from(instruments).where(anyKey(instruments.id))),
      (r) => r.id,
    ),
    instrumentBySlug: oneLoader<string, InstrumentRow>(
      prepared(db, 'instrumentBySlug', () => db.select().from(instruments).where(anyKey(instruments.slug))),
      (r) => r.slug,
    ),
    authorityIdsByInstrument: manyLoader<number, { instrumentId: number; authorityId: number }>(
      prepared(db, 'authorityIdsByInstrument', () =>
        db
          .select()
          .from(instrumentAuthorities)
          .where(anyKey(instrumentAuthorities.instrumentId))
          .orderBy(asc(instrumentAuthorities.authorityId)),
      ),
      (r) => r.instrumentId,
    ),
    repealsByInstrument: manyLoader<number, { instrumentId: number; repealedId: number }>(
      prepared(db, 'repealsByInstrument', () =>
        db.select().from(instrumentRepeals).where(anyKey(instrumentRepeals.instrumentId)).orderBy(asc(instrumentRepeals.repealedId)),
      ),
      (r) => r.instrumentId,
    ),
    repealedByInstrument: manyLoader<number, { instrumentId: number; repealedId: number }>(
      prepared(db, 'repealedByInstrument', () =>
        db.select().from(instrumentRepeals).where(anyKey(instrumentRepeals.repealedId)).orderBy(asc(instrumentRepeals.instrumentId)),
      ),
      (r) => r.repealedId,
    ),
    citationsByEdition: citations(
      db,
      catalogEditionSources,
      catalogEditionSources.editionId,
      catalogEditionSources.instrumentId,
      catalogEditionSources.note,
    ),
    citationsByEntry: citations(
      db,
      catalogEntrySources,
      catalogEntrySources.entryId,
      catalogEntrySources.instrumentId,
      catalogEntrySources.note,
    ),
    citationsByVersion: citations(
      db,
      standardVersionSources,
      standardVersionSources.versionId,
      standardVersionSources.instrumentId,
      standardVersionSources.note,
    ),
    citationsByAgreement: citations(
      db,
      agreementSources,
      agreementSources.agreementId,
      agreementSources.instrumentId,
      agreementSources.note,
    ),
    citationsByBenefit: citations(db, benefitSources, benefitSources.benefitId, benefitSources.instrumentId, benefitSources.note),
    citationsByScheme: citations(
      db,
      pointsSchemeSources,
      pointsSchemeSources.schemeId,
      pointsSchemeSources.instrumentId,
      pointsSchemeSources.note,
    ),
  };
}
