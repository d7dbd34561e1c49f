import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { keyedStore, rowsWhereAny } from '../../db/prepared.ts';
import { agreementParties, recognitionAgreements } from '../../db/tables/index.ts';

export type AgreementRow = typeof recognitionAgreements.$inferSelect;
export type PartyRow = typeof agreementParties.$inferSelect;
export type AgreementKind = AgreementRow['kind'];

export const agreementStore = keyedStore('agreement', recognitionAgreements, recognitionAgreements.slug, (a) => a.slug);

export const partiesOfAgreements = rowsWhereAny(
  'partiesOfAgreements',
  agreementParties,
  agreementParties.agreementId,
  asc(agreementParties.id),
);

/** Every agreement (of any date), by slug; of one kind when given. */
export async function listAgreements(db: Db, kind?: AgreementKind): Promise<AgreementRow[]> {
  return await db
    .select()
    .from(recognitionAgreements)
    .where(kind ? eq(recognitionAgreements.kind, kind) : undefined)
    .orderBy(asc(recognitionAgreements.slug));
}
