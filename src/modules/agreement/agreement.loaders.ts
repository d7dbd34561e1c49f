import { asc } from 'drizzle-orm';
import { manyLoader, oneLoader } from '../../db/batch.ts';
import type { Db } from '../../db/client.ts';
import { anyKey, prepared } from '../../db/prepared.ts';
import { agreementParties, recognitionAgreements } from '../../db/tables/index.ts';

export type AgreementRow = typeof recognitionAgreements.$inferSelect;
export type PartyRow = typeof agreementParties.$inferSelect;

export function createAgreementLoaders(db: Db) {
  return {
    agreementById: oneLoader<number, AgreementRow>(
      prepared(db, 'agreementById', () => db.select().from(recognitionAgreements).where(anyKey(recognitionAgreements.id))),
      (r) => r.id,
    ),
    agreementBySlug: oneLoader<string, AgreementRow>(
      prepared(db, 'agreementBySlug', () => db.select().from(recognitionAgreements).where(anyKey(recognitionAgreements.slug))),
      (r) => r.slug,
    ),
    partiesByAgreement: manyLoader<number, PartyRow>(
      prepared(db, 'partiesByAgreement', () =>
        db.select().from(agreementParties).where(anyKey(agreementParties.agreementId)).orderBy(asc(agreementParties.id)),
      ),
      (r) => r.agreementId,
    ),
  };
}
