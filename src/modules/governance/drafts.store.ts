import { and, asc, count, desc, eq, gt, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { keyedStore } from '../../db/prepared.ts';
import {
  accounts,
  approvalRules,
  authorities,
  catalogEditions,
  catalogs,
  draftConsents,
  drafts,
  instruments,
  jurisdictions,
  recognitionAgreements,
  standards,
  standardVersions,
} from '../../db/tables/index.ts';
import type { DraftKind, DraftStatus } from './governance.rules.ts';

// NOTE: the SQL of drafts and what they refer to. Rules live in governance.rules.ts.

export type DraftRow = typeof drafts.$inferSelect;
export type ConsentRow = typeof draftConsents.$inferSelect;

/** Drafts by id; their global ID is the id. Visibility is the service's to judge, not the store's. */
export const draftStore = {
  ...keyedStore('draft', drafts, drafts.id, (d) => String(d.id)),
  byKeys: (db: Db, keys: string[]) => draftStore.byIds(db, keys.map(Number).filter(Number.isSafeInteger)),
};

export async function insertDraft(db: Db, values: typeof drafts.$inferInsert): Promise<DraftRow> {
  const [row] = await db.insert(drafts).values(values).returning();
  return row!;
}

/** The draft, locked for the rest of the transaction: transitions of one draft take turns. */
export async function lockDraft(db: Db, id: number): Promise<DraftRow | null> {
  const [row] = await db.select().from(drafts).where(eq(drafts.id, id)).for('update');
  return row ?? null;
}

/** Changes a draft and raises its revision; with `revision`, only if that is still the current one. */
export async function changeDraft(
  db: Db,
  id: number,
  set: Partial<typeof drafts.$inferInsert>,
  revision?: number,
): Promise<DraftRow | null> {
  const [row] = await db
    .update(drafts)
    .set({ ...set, revision: sql`${drafts.revision} + 1`, updatedAt: sql`now()` })
    .where(revision === undefined ? eq(drafts.id, id) : and(eq(drafts.id, id), eq(drafts.revision, revision)))
    .returning();
  return row ?? null;
}

export interface DraftFilter {
  jurisdictionIds: number[] | null;
  statuses: DraftStatus[] | null;
  /** Only drafts these jurisdictions own or are parties to (null: any). */
  visibleTo: number[] | null;
}

function draftWhere(f: DraftFilter): SQL[] {
  const where: SQL[] = [];
  if (f.jurisdictionIds) where.push(inArray(drafts.jurisdictionId, f.jurisdictionIds));
  if (f.statuses) where.push(inArray(drafts.status, f.statuses));
  if (f.visibleTo) {
    where.push(
      sql`(${inArray(drafts.jurisdictionId, f.visibleTo)} OR EXISTS (SELECT 1 FROM ${draftParties(sql`d.id = ${drafts.id}`)} p WHERE ${inArray(sql`p.jurisdiction_id`, f.visibleTo)}))`,
    );
  }
  return where;
}

/** A page of drafts by id (oldest first; `inverted`: read backwards from `before`). */
export async function listDrafts(
  db: Db,
  f: DraftFilter,
  page: { after: number | null; before: number | null; limit: number; inverted: boolean },
): Promise<DraftRow[]> {
  const where = draftWhere(f);
  if (page.after !== null) where.push(gt(drafts.id, page.after));
  if (page.before !== null) where.push(lt(drafts.id, page.before));
  return db
    .select()
    .from(drafts)
    .where(where.length ? and(...where) : undefined)
    .orderBy(page.inverted ? desc(drafts.id) : asc(drafts.id))
    .limit(page.limit);
}

export async function countDrafts(db: Db, f: DraftFilter): Promise<number> {
  const where = draftWhere(f);
  const [row] = await db
    .select({ n: count() })
    .from(drafts)
    .where(where.length ? and(...where) : undefined);
  return row?.n ?? 0;
}

/**
 * The jurisdictions an agreement draft names as parties (a group stands for its members), read
 * from its payload, so the list query and the consent rules see the same set. NOTE: two plain
 * joins in a UNION, with the drafts asked for filtered first: one join with `code = … OR id IN
 * (members of the group)` was planned at a cost that switched on PostgreSQL's JIT, 150 ms a call.
 */
const draftParties = (drafts: SQL) => sql`(
  SELECT d.id AS draft_id, j.id AS jurisdiction_id
  FROM drafts d CROSS JOIN LATERAL jsonb_array_elements(d.payload->'agreement'->'parties') p
  JOIN jurisdictions j ON j.code = p->>'jurisdiction'
  WHERE d.kind = 'AGREEMENT' AND ${drafts}
  UNION
  SELECT d.id, m.jurisdiction_id
  FROM drafts d CROSS JOIN LATERAL jsonb_array_elements(d.payload->'agreement'->'parties') p
  JOIN region_groups g ON g.slug = p->>'group'
  JOIN region_group_members m ON m.group_id = g.id
  WHERE d.kind = 'AGREEMENT' AND ${drafts}
)`;

export async function partiesOfDrafts(db: Db, ids: number[]): Promise<{ draftId: number; jurisdictionId: number }[]> {
  if (ids.length === 0) return [];
  const found = await db.execute(
    sql`SELECT draft_id AS "draftId", jurisdiction_id AS "jurisdictionId" FROM ${draftParties(inArray(sql`d.id`, ids))} x`,
  );
  return (Array.isArray(found) ? found : (found as { rows: unknown[] }).rows) as { draftId: number; jurisdictionId: number }[];
}

export async function consentsOfDrafts(db: Db, ids: number[]): Promise<(ConsentRow & { login: string })[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ consent: draftConsents, login: accounts.login })
    .from(draftConsents)
    .innerJoin(accounts, eq(accounts.id, draftConsents.accountId))
    .where(inArray(draftConsents.draftId, ids))
    .orderBy(asc(draftConsents.at));
  return rows.map((r) => ({ ...r.consent, login: r.login }));
}

export async function addConsent(db: Db, values: typeof draftConsents.$inferInsert): Promise<boolean> {
  const rows = await db.insert(draftConsents).values(values).onConflictDoNothing().returning();
  return rows.length > 0;
}

export async function clearConsents(db: Db, draftId: number): Promise<void> {
  await db.delete(draftConsents).where(eq(draftConsents.draftId, draftId));
}

export async function approvalRule(db: Db, kind: DraftKind, variant: string) {
  const [row] = await db
    .select()
    .from(approvalRules)
    .where(and(eq(approvalRules.kind, kind), inArray(approvalRules.variant, [variant, '*'])))
    .orderBy(sql`${approvalRules.variant} = '*'`);
  return row ?? null;
}

export async function catalogForDraft(db: Db, slug: string, lock = false) {
  const q = db
    .select({ catalog: catalogs, jurisdictionCode: jurisdictions.code })
    .from(catalogs)
    .innerJoin(jurisdictions, eq(jurisdictions.id, catalogs.jurisdictionId))
    .where(eq(catalogs.slug, slug));
  const [row] = lock ? await q.for('update', { of: catalogs }) : await q;
  return row ?? null;
}

export async function standardForDraft(db: Db, slug: string, lock = false) {
  const q = db
    .select({ standard: standards, jurisdictionCode: jurisdictions.code })
    .from(standards)
    .innerJoin(jurisdictions, eq(jurisdictions.id, standards.jurisdictionId))
    .where(eq(standards.slug, slug));
  const [row] = lock ? await q.for('update', { of: standards }) : await q;
  return row ?? null;
}

/** The published editions (or versions) of one series, for the overlap and supersession rules. */
export async function publishedEditions(db: Db, catalogId: number) {
  return db
    .select()
    .from(catalogEditions)
    .where(and(eq(catalogEditions.catalogId, catalogId), eq(catalogEditions.status, 'PUBLISHED')))
    .orderBy(asc(catalogEditions.validFrom));
}

export async function publishedVersions(db: Db, standardId: number) {
  return db
    .select()
    .from(standardVersions)
    .where(and(eq(standardVersions.standardId, standardId), eq(standardVersions.status, 'PUBLISHED')))
    .orderBy(asc(standardVersions.validFrom));
}

/** Ends a published edition (or version) the day its successor starts: the one change publication allows. */
export async function endOnSuccessor(db: Db, kind: 'EDITION' | 'STANDARD_VERSION', id: number, day: string): Promise<void> {
  const table = kind === 'EDITION' ? catalogEditions : standardVersions;
  await db.update(table).set({ validTo: day, validToPrecision: 'DAY' }).where(eq(table.id, id));
}

export async function recordRepeal(db: Db, kind: DraftKind, id: number, on: string, instrumentId: number): Promise<void> {
  const table = kind === 'EDITION' ? catalogEditions : kind === 'STANDARD_VERSION' ? standardVersions : recognitionAgreements;
  await db.update(table).set({ repealedOn: on, repealedBy: instrumentId }).where(eq(table.id, id));
}

export async function publishedRecord(db: Db, kind: DraftKind, id: number) {
  const table = kind === 'EDITION' ? catalogEditions : kind === 'STANDARD_VERSION' ? standardVersions : recognitionAgreements;
  const [row] = await db.select().from(table).where(eq(table.id, id));
  return (row ?? null) as
    | (Record<string, unknown> & { id: number; status: string; validFrom: string; validTo: string | null; repealedOn: string | null })
    | null;
}

export async function instrumentsBySlug(db: Db, slugs: string[]) {
  if (slugs.length === 0) return [];
  return db.select({ id: instruments.id, slug: instruments.slug }).from(instruments).where(inArray(instruments.slug, slugs));
}

export async function agreementBySlug(db: Db, slug: string) {
  const [row] = await db.select().from(recognitionAgreements).where(eq(recognitionAgreements.slug, slug));
  return row ?? null;
}

export async function authorityOfAccount(db: Db, accountId: number) {
  const [row] = await db
    .select({ slug: authorities.slug })
    .from(accounts)
    .innerJoin(authorities, eq(authorities.id, accounts.authorityId))
    .where(eq(accounts.id, accountId));
  return row?.slug ?? null;
}
