import { and, asc, eq, getTableColumns, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { keysetSql, type OrderedPage, type Sort } from '../../db/keyset.ts';
import { keyedStore, rowsWhereAny } from '../../db/prepared.ts';
import { agreementParties, recognitionAgreements } from '../../db/tables/index.ts';

export type AgreementRow = typeof recognitionAgreements.$inferSelect & { sortValues?: unknown };
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

/** A page of agreements in an `orderBy` order that pass a condition (keyset). */
export function agreementsOrdered(db: Db, where: SQL | undefined, sorts: Sort[], page: OrderedPage) {
  const keyset = keysetSql(sorts, page);
  return db
    .select({ ...getTableColumns(recognitionAgreements), sortValues: keyset.values })
    .from(recognitionAgreements)
    .where(and(where, keyset.where))
    .orderBy(...keyset.orderBy)
    .limit(page.limit);
}

/** How many agreements pass a condition. */
export async function countAgreements(db: Db, where: SQL | undefined): Promise<number> {
  return await db.$count(recognitionAgreements, where);
}

/** The condition of a list of agreements: these only (a jurisdiction's, found by the recognition rules) when given, and a filter. */
export const agreementsWhere = (ids: number[] | undefined, filter: SQL | undefined): SQL | undefined =>
  and(ids ? inArray(recognitionAgreements.id, ids) : undefined, filter);
