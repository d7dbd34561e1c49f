import { and, asc, count, desc, eq, gt, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { NodeStore } from '../../db/batch.ts';
import type { Db } from '../../db/client.ts';
import { keyedStore, rowsWhereAny } from '../../db/prepared.ts';
import { accounts, apiTokens, auditLog, authorities, jurisdictions } from '../../db/tables/index.ts';
import type { Actor, Role } from './governance.rules.ts';

// NOTE: the SQL of accounts, credentials and the audit log. Rules live in governance.rules.ts.

const actorColumns = {
  accountId: accounts.id,
  login: accounts.login,
  authorityId: accounts.authorityId,
  roles: accounts.roles,
  disabledAt: accounts.disabledAt,
  jId: jurisdictions.id,
  jCode: jurisdictions.code,
  jLevel: jurisdictions.level,
  jParentId: jurisdictions.parentId,
  jMainland: jurisdictions.mainland,
};

interface ActorRow {
  accountId: number;
  login: string;
  authorityId: number;
  roles: readonly string[];
  disabledAt: string | null;
  jId: number;
  jCode: string;
  jLevel: Actor['jurisdiction']['level'];
  jParentId: number | null;
  jMainland: boolean;
}

function toActor(r: ActorRow): Actor & { disabled: boolean } {
  return {
    accountId: r.accountId,
    login: r.login,
    authorityId: r.authorityId,
    roles: r.roles as Role[],
    jurisdiction: { id: r.jId, code: r.jCode, level: r.jLevel, parentId: r.jParentId, mainland: r.jMainland },
    disabled: r.disabledAt !== null,
  };
}

const actorQuery = (db: Db) =>
  db
    .select(actorColumns)
    .from(accounts)
    .innerJoin(authorities, eq(authorities.id, accounts.authorityId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, authorities.jurisdictionId));

export interface TokenLookup {
  actor: Actor & { disabled: boolean };
  tokenId: number;
  expired: boolean;
  revoked: boolean;
}

/** The account a token hash belongs to, with the token's state judged by the database's clock. */
export async function actorByTokenHash(db: Db, hash: string): Promise<TokenLookup | null> {
  const [row] = await db
    .select({
      ...actorColumns,
      tokenId: apiTokens.id,
      expired: sql<boolean>`coalesce(${apiTokens.expiresAt} <= now(), false)`,
      revoked: sql<boolean>`${apiTokens.revokedAt} IS NOT NULL`,
    })
    .from(apiTokens)
    .innerJoin(accounts, eq(accounts.id, apiTokens.accountId))
    .innerJoin(authorities, eq(authorities.id, accounts.authorityId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, authorities.jurisdictionId))
    .where(eq(apiTokens.tokenHash, hash));
  if (!row) return null;
  return { actor: toActor(row), tokenId: row.tokenId, expired: row.expired, revoked: row.revoked };
}

export async function actorByLogin(db: Db, login: string): Promise<(Actor & { disabled: boolean }) | null> {
  const [row] = await actorQuery(db).where(eq(accounts.login, login));
  return row ? toActor(row) : null;
}

export async function actorById(db: Db, id: number): Promise<(Actor & { disabled: boolean }) | null> {
  const [row] = await actorQuery(db).where(eq(accounts.id, id));
  return row ? toActor(row) : null;
}

export async function insertAccount(
  db: Db,
  values: { login: string; name: string; authorityId: number; roles: Role[] },
): Promise<typeof accounts.$inferSelect> {
  const [row] = await db.insert(accounts).values(values).returning();
  return row!;
}

export async function insertToken(
  db: Db,
  values: { accountId: number; tokenHash: string; prefix: string; expiresAt: string | null },
): Promise<typeof apiTokens.$inferSelect> {
  const [row] = await db.insert(apiTokens).values(values).returning();
  return row!;
}

export async function revokeTokenRow(
  db: Db,
  id: number,
): Promise<{ before: typeof apiTokens.$inferSelect; after: typeof apiTokens.$inferSelect } | null> {
  const [before] = await db.select().from(apiTokens).where(eq(apiTokens.id, id)).for('update');
  if (!before) return null;
  if (before.revokedAt !== null) return { before, after: before };
  const [after] = await db.update(apiTokens).set({ revokedAt: sql`now()` }).where(eq(apiTokens.id, id)).returning();
  return { before, after: after! };
}

export async function authorityBySlug(db: Db, slug: string) {
  const [row] = await db.select().from(authorities).where(eq(authorities.slug, slug));
  return row ?? null;
}

export type AuditInsert = typeof auditLog.$inferInsert;

/** One audit row. Callers write it in the transaction of the change it records. */
export async function appendAudit(db: Db, entry: AuditInsert): Promise<void> {
  await db.insert(auditLog).values(entry);
}

export type AccountRow = typeof accounts.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;

/** Accounts by id and by login (their global ID). */
export const accountStore = keyedStore('account', accounts, accounts.login, (a) => a.login);

/** Tokens by id; their global ID is the id, since a token has no other name. */
export const apiTokenStore: NodeStore<ApiTokenRow> = {
  byIds: rowsWhereAny('apiTokenById', apiTokens, apiTokens.id),
  byKeys: (db, keys) => apiTokenStore.byIds(db, keys.map(Number).filter(Number.isSafeInteger)),
  keyOf: (t) => String(t.id),
};

export async function tokensOfAccounts(db: Db, accountIds: number[]): Promise<ApiTokenRow[]> {
  return db.select().from(apiTokens).where(inArray(apiTokens.accountId, accountIds)).orderBy(asc(apiTokens.id));
}

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditFilter {
  /** Only rows of these jurisdictions (null: any, rows without a jurisdiction included). */
  jurisdictionIds: number[] | null;
  accountId: number | null;
  subject: { type: string; id?: number; key?: string } | null;
  actions: string[] | null;
  since: string | null;
}

function auditWhere(f: AuditFilter): SQL[] {
  const where: SQL[] = [];
  if (f.jurisdictionIds) where.push(inArray(auditLog.jurisdictionId, f.jurisdictionIds));
  if (f.accountId !== null) where.push(eq(auditLog.accountId, f.accountId));
  if (f.subject) {
    where.push(eq(auditLog.subjectType, f.subject.type));
    if (f.subject.id !== undefined) where.push(eq(auditLog.subjectId, f.subject.id));
    if (f.subject.key !== undefined) where.push(eq(auditLog.subjectKey, f.subject.key));
  }
  if (f.actions) where.push(inArray(auditLog.action, f.actions));
  if (f.since) where.push(gte(auditLog.at, f.since));
  return where;
}

/** A page of the audit log in log order (`inverted`: backwards from `before`). */
export async function listAudit(
  db: Db,
  f: AuditFilter,
  page: { after: number | null; before: number | null; limit: number; inverted: boolean },
): Promise<AuditRow[]> {
  const where = auditWhere(f);
  if (page.after !== null) where.push(gt(auditLog.id, page.after));
  if (page.before !== null) where.push(lt(auditLog.id, page.before));
  return db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(page.inverted ? desc(auditLog.id) : asc(auditLog.id))
    .limit(page.limit);
}

export async function countAudit(db: Db, f: AuditFilter): Promise<number> {
  const where = auditWhere(f);
  const [row] = await db
    .select({ n: count() })
    .from(auditLog)
    .where(where.length ? and(...where) : undefined);
  return row?.n ?? 0;
}
