import { asc, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { agreementParties, recognitionAgreements } from '../../db/tables/index.ts';
import { manyLoader, oneLoader } from '../../graphql/loader-utils.ts';

export type AgreementRow = typeof recognitionAgreements.$inferSelect;
export type PartyRow = typeof agreementParties.$inferSelect;

export function createAgreementLoaders(db: Db) {
  return {
    agreementById: oneLoader<number, AgreementRow>((ids) => db.select().from(recognitionAgreements).where(inArray(recognitionAgreements.id, ids)), (r) => r.id),
    agreementBySlug: oneLoader<string, AgreementRow>((slugs) => db.select().from(recognitionAgreements).where(inArray(recognitionAgreements.slug, slugs)), (r) => r.slug),
    partiesByAgreement: manyLoader<number, PartyRow>(
      (ids) => db.select().from(agreementParties).where(inArray(agreementParties.agreementId, ids)).orderBy(asc(agreementParties.id)),
      (r) => r.agreementId,
    ),
  };
}
