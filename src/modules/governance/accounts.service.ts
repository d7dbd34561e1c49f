import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { accountRole } from '../../db/tables/index.ts';
import { badInput, HubError, notFound } from '../../errors.ts';
import { isValidDay } from '../time/dates.ts';
import { type Credential, hashToken, newToken, unauthenticated } from './credentials.ts';
import { type Actor, has, type Role } from './governance.rules.ts';
import {
  actorById,
  actorByLogin,
  actorByTokenHash,
  appendAudit,
  authorityBySlug,
  insertAccount,
  insertToken,
  revokeTokenRow,
} from './governance.store.ts';

/** Who is acting, for authorisation and for the audit log: an account, or an operator's tool. */
export interface Acting {
  actor: Actor | null;
  /** `cli:accounts`, `cli:db:load`: the operator's own tools, which act without an account. */
  tool?: string;
  requestId?: string;
}

export function auditActor(acting: Acting) {
  return {
    accountId: acting.actor?.accountId ?? null,
    authorityId: acting.actor?.authorityId ?? null,
    actor: acting.actor?.login ?? acting.tool ?? 'unknown',
    requestId: acting.requestId ?? null,
  };
}

export const forbidden = (message: string, details: Record<string, unknown> = {}) => new HubError('FORBIDDEN', message, details);

/** An admin (or an operator's tool, which only runs with shell access to the database). */
function requireAdmin(acting: Acting, what: string): void {
  if (acting.tool) return;
  if (!acting.actor) throw unauthenticated(`${what} needs a credential`);
  if (!has(acting.actor, 'ADMIN')) throw forbidden(`${what} is for ADMIN accounts`, { rule: 'admin-only' });
}

/**
 * The actor a credential stands for, or null without one. A credential that is present but
 * wrong (unknown, expired, revoked, of a disabled account, a JWT that does not verify) is
 * UNAUTHENTICATED: it is never served as anonymous.
 */
export async function authenticate(db: Db, credential: Credential, verifyJwt?: (jwt: string) => Promise<string>): Promise<Actor | null> {
  if (credential.kind === 'none') return null;
  if (credential.kind === 'token') {
    const found = await actorByTokenHash(db, hashToken(credential.token));
    if (!found) throw unauthenticated('Unknown API token');
    if (found.revoked) throw unauthenticated('This API token has been revoked');
    if (found.expired) throw unauthenticated('This API token has expired');
    if (found.actor.disabled) throw unauthenticated('The account of this token is disabled');
    return found.actor;
  }
  if (!verifyJwt) throw unauthenticated('This hub accepts no single sign-on JWTs: no key set is configured (HUB_JWKS_URL)');
  const login = await verifyJwt(credential.jwt);
  const actor = await actorByLogin(db, login);
  if (!actor) throw unauthenticated(`The JWT names no account of this hub ('${login}')`);
  if (actor.disabled) throw unauthenticated('The account this JWT names is disabled');
  return actor;
}

export const accountInput = z.object({
  login: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'login: lowercase kebab-case, such as cq-editor')
    .max(60),
  name: z.string().trim().min(1).max(200),
  authority: z.string().min(1).describe('Slug of the authority the account belongs to'),
  roles: z.array(z.enum(accountRole.enumValues)).min(1, 'an account has at least one role'),
});
export type AccountInput = z.infer<typeof accountInput>;

export async function createAccount(db: Db, acting: Acting, input: AccountInput) {
  requireAdmin(acting, 'Creating accounts');
  const parsed = accountInput.safeParse(input);
  if (!parsed.success) throw badInput(parsed.error.issues.map((i) => i.message).join('; '));
  const { login, name, authority, roles } = parsed.data;
  return db.transaction(async (tx) => {
    const a = await authorityBySlug(tx as unknown as Db, authority);
    if (!a) throw notFound('authority', authority);
    if (await actorByLogin(tx as unknown as Db, login)) throw new HubError('CONFLICT', `An account '${login}' exists already`, { login });
    let row: Awaited<ReturnType<typeof insertAccount>>;
    try {
      row = await insertAccount(tx as unknown as Db, { login, name, authorityId: a.id, roles: [...new Set(roles)] as Role[] });
    } catch (error) {
      if (constraintOf(error) === 'accounts_reviewer_is_national') {
        throw badInput(`A REVIEWER belongs to the national authority; ${authority} is not national`, { rule: 'reviewer-is-national' });
      }
      throw error;
    }
    await appendAudit(tx as unknown as Db, {
      ...auditActor(acting),
      action: 'create_account',
      subjectType: 'account',
      subjectId: row.id,
      subjectKey: row.login,
      jurisdictionId: a.jurisdictionId,
      before: null,
      after: { login: row.login, name: row.name, authority, roles: row.roles },
    });
    return row;
  });
}

/** Issues a token for an account: by an admin, or by the account for itself. The token is returned once. */
export async function issueToken(db: Db, acting: Acting, login: string, expiresOn: string | null) {
  if (!acting.tool) {
    if (!acting.actor) throw unauthenticated('Issuing tokens needs a credential');
    if (!has(acting.actor, 'ADMIN') && acting.actor.login !== login) {
      throw forbidden('Only an ADMIN issues tokens for other accounts', { rule: 'admin-only' });
    }
  }
  if (expiresOn !== null && !isValidDay(expiresOn)) throw badInput(`expiresOn '${expiresOn}' is not a calendar day`);
  return db.transaction(async (tx) => {
    const account = await actorByLogin(tx as unknown as Db, login);
    if (!account) throw notFound('account', login);
    const accountId = account.accountId;
    if (account.disabled) throw new HubError('CONFLICT', `Account '${account.login}' is disabled`);
    const t = newToken();
    // A day of China Standard Time: the token works until the start of that day there.
    const expiresAt = expiresOn === null ? null : `${expiresOn}T00:00:00+08:00`;
    if (expiresAt !== null && Date.parse(expiresAt) <= Date.now()) throw badInput(`expiresOn ${expiresOn} is not in the future`);
    const row = await insertToken(tx as unknown as Db, { accountId, tokenHash: t.hash, prefix: t.prefix, expiresAt });
    await appendAudit(tx as unknown as Db, {
      ...auditActor(acting),
      action: 'issue_token',
      subjectType: 'api_token',
      subjectId: row.id,
      subjectKey: `${account.login}/${row.prefix}`,
      jurisdictionId: account.jurisdiction.id,
      before: null,
      after: { account: account.login, prefix: row.prefix, expiresAt: row.expiresAt },
    });
    return { token: t.token, row, account };
  });
}

export async function revokeToken(db: Db, acting: Acting, tokenId: number) {
  if (!acting.tool && !acting.actor) throw unauthenticated('Revoking tokens needs a credential');
  return db.transaction(async (tx) => {
    const changed = await revokeTokenRow(tx as unknown as Db, tokenId);
    if (!changed) throw notFound('token', String(tokenId));
    const account = (await actorById(tx as unknown as Db, changed.before.accountId))!;
    if (!acting.tool && !has(acting.actor!, 'ADMIN') && acting.actor!.accountId !== account.accountId) {
      throw forbidden('Only an ADMIN revokes tokens of other accounts', { rule: 'admin-only' });
    }
    if (changed.before.revokedAt === null) {
      await appendAudit(tx as unknown as Db, {
        ...auditActor(acting),
        action: 'revoke_token',
        subjectType: 'api_token',
        subjectId: tokenId,
        subjectKey: `${account.login}/${changed.before.prefix}`,
        jurisdictionId: account.jurisdiction.id,
        before: { revokedAt: null },
        after: { revokedAt: changed.after.revokedAt },
      });
    }
    return { row: changed.after, account };
  });
}

/** The name of the constraint (or trigger-raised constraint) a database error names, on either engine. */
export function constraintOf(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const c = (e as { constraint_name?: unknown; constraint?: unknown }).constraint_name ?? (e as { constraint?: unknown }).constraint;
    if (typeof c === 'string') return c;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
