import { asc, eq, inArray } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { manyLoader, oneLoader } from '../../db/batch.ts';
import type { Db } from '../../db/client.ts';
import { anyKey, prepared } from '../../db/prepared.ts';
import { benefitLinks, benefits } from '../../db/tables/index.ts';

export type BenefitRow = typeof benefits.$inferSelect;
export type LinkedBenefit = BenefitRow & { holderId: number; categoryId: number | null };

function linked(db: Db, holder: PgColumn) {
  return manyLoader<number, LinkedBenefit>(
    async (ids) =>
      (
        await db
          .select({ holderId: holder, categoryId: benefitLinks.categoryId, benefit: benefits })
          .from(benefitLinks)
          .innerJoin(benefits, eq(benefits.id, benefitLinks.benefitId))
          .where(inArray(holder, ids))
          .orderBy(asc(benefitLinks.id))
      ).map((r) => ({ ...r.benefit, holderId: r.holderId as number, categoryId: r.categoryId })),
    (r) => r.holderId,
  );
}

export function createBenefitLoaders(db: Db) {
  return {
    benefitById: oneLoader<number, BenefitRow>(
      prepared(db, 'benefitById', () => db.select().from(benefits).where(anyKey(benefits.id))),
      (r) => r.id,
    ),
    benefitsByList: linked(db, benefitLinks.listId),
    benefitsByVersion: linked(db, benefitLinks.standardVersionId),
    benefitsByAgreement: linked(db, benefitLinks.agreementId),
  };
}
