import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { anyKey, keyedStore, prepared } from '../../db/prepared.ts';
import { benefitLinks, benefits } from '../../db/tables/index.ts';

export type BenefitRow = typeof benefits.$inferSelect;
/** A benefit as linked to one holder; `categoryId` narrows a standard version's benefit to one of its categories. */
export type LinkedBenefit = BenefitRow & { holderId: number; categoryId: number | null };
/** What a benefit can be attached to. */
export type BenefitHolder = 'list' | 'version' | 'agreement';

export const benefitStore = keyedStore('benefit', benefits, benefits.slug, (b) => b.slug);

const HOLDER = { list: benefitLinks.listId, version: benefitLinks.standardVersionId, agreement: benefitLinks.agreementId } as const;

/** The benefits linked to these holders of one kind, in link order. */
export async function benefitsOfHolders(db: Db, holder: BenefitHolder, ids: number[]): Promise<LinkedBenefit[]> {
  const column = HOLDER[holder];
  const rows = await prepared(db, `benefitsOf:${holder}`, () =>
    db
      .select({ holderId: column, categoryId: benefitLinks.categoryId, benefit: benefits })
      .from(benefitLinks)
      .innerJoin(benefits, eq(benefits.id, benefitLinks.benefitId))
      .where(anyKey(column))
      .orderBy(asc(benefitLinks.id)),
  )(ids);
  return rows.map((r) => ({ ...r.benefit, holderId: r.holderId!, categoryId: r.categoryId }));
}
