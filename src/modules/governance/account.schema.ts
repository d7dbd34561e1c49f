import { accountRole } from '../../db/tables/index.ts';
import { builder } from '../../graphql/builder.ts';
import { enumOf } from '../../graphql/enums.ts';
import { groupLoader, loadableNode } from '../../graphql/nodes.ts';
import { AuthorityRef } from '../jurisdiction/jurisdiction.schema.ts';
import { createAccount, issueToken, revokeToken } from './accounts.service.ts';
import type { Actor } from './governance.rules.ts';
import { type AccountRow, type ApiTokenRow, accountStore, apiTokenStore, tokensOfAccounts } from './governance.store.ts';

export const RoleEnum = enumOf('Role', accountRole.enumValues, 'What an account may do (domain.md, Governance).', {
  EDITOR: "Drafts and submits records for its authority's jurisdiction; a provincial editor also for that province's cities.",
  REVIEWER: 'The national authority: approves or rejects what needs national approval. Only accounts of a national authority.',
  ADMIN: 'The operator: accounts, tokens, imports and corrections.',
});

/** Global ID: the login. Seen by its own holder and by admins only. */
export const AccountRef = loadableNode<AccountRow>('Account', accountStore);
/** Global ID: the token's number (never the secret). */
export const ApiTokenRef = loadableNode<ApiTokenRow>('ApiToken', apiTokenStore, { cache: false });

const tokensOf = groupLoader(tokensOfAccounts, (t) => t.accountId);

AccountRef.implement({
  description: 'An account of an authority, with its roles. Visible to itself and to admins.',
  authScopes: (a) => ({ $any: { admin: true, account: a.id } }),
  fields: (t) => ({
    login: t.exposeString('login', { description: 'The name the account is known by (lowercase kebab-case).' }),
    name: t.exposeString('name', { description: 'Who holds the account: a person or a bureau system.' }),
    authority: t.field({
      type: AuthorityRef,
      description: 'The authority the account acts for, and so its jurisdiction.',
      resolve: (a) => a.authorityId,
    }),
    roles: t.field({ type: [RoleEnum], description: 'Its roles.', resolve: (a) => a.roles }),
    createdAt: t.field({ type: 'DateTime', description: 'When the account was created.', resolve: (a) => a.createdAt }),
    disabled: t.boolean({ description: 'A disabled account authenticates with nothing.', resolve: (a) => a.disabledAt !== null }),
    tokens: t.field({
      type: [ApiTokenRef],
      description: 'Its API tokens, oldest first, revoked and expired ones included (never the secrets).',
      resolve: (a, _args, ctx) => tokensOf(ctx).load(a.id),
    }),
  }),
});

ApiTokenRef.implement({
  description: 'An API token: only its first characters are kept beside a hash; the secret was shown once, when issued.',
  authScopes: (tk) => ({ $any: { admin: true, account: tk.accountId } }),
  fields: (t) => ({
    prefix: t.exposeString('prefix', { description: 'The first ten characters of the token, to tell tokens apart.' }),
    account: t.field({ type: AccountRef, description: 'Whose token it is.', resolve: (tk) => tk.accountId }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was issued.', resolve: (tk) => tk.createdAt }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'From this moment it no longer works; null: until revoked.',
      resolve: (tk) => tk.expiresAt,
    }),
    revokedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was revoked; null while it is not.',
      resolve: (tk) => tk.revokedAt,
    }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: AccountRef,
    nullable: true,
    description: 'The account the request’s credential stands for; null without a credential.',
    resolve: (_root, _args, ctx) => ctx.actor?.accountId ?? null,
  }),
);

const AccountInput = builder.inputType('AccountInput', {
  description: 'A new account.',
  fields: (t) => ({
    login: t.string({ required: true, description: 'Lowercase kebab-case, unique: `cq-editor`.' }),
    name: t.string({ required: true, description: 'Who holds it.' }),
    authority: t.string({ required: true, description: 'Slug of the authority it acts for (`chongqing-hrss`).' }),
    roles: t.field({ type: [RoleEnum], required: true, description: 'At least one role. REVIEWER only for a national authority.' }),
  }),
});

const AccountPayload = builder.objectRef<{ account: AccountRow }>('AccountPayload').implement({
  description: 'The account created.',
  fields: (t) => ({ account: t.field({ type: AccountRef, description: 'The account.', resolve: (p) => p.account }) }),
});

const TokenPayload = builder.objectRef<{ token: string | null; apiToken: ApiTokenRow }>('TokenPayload').implement({
  description: 'A token issued or revoked.',
  fields: (t) => ({
    token: t.string({
      nullable: true,
      description: 'The secret, on issue only: shown this once, never again. Send it as `Authorization: Bearer <token>`.',
      resolve: (p) => p.token,
    }),
    apiToken: t.field({ type: ApiTokenRef, description: 'The token’s record.', resolve: (p) => p.apiToken }),
  }),
});

const acting = (ctx: { actor: Actor | null; requestId: string }) => ({
  actor: ctx.actor,
  requestId: ctx.requestId,
});

builder.mutationFields((t) => ({
  createAccount: t.field({
    type: AccountPayload,
    authScopes: { admin: true },
    description: 'Creates an account of an authority (ADMIN). Its tokens come from `issueToken`.',
    args: { input: t.arg({ type: AccountInput, required: true, description: 'The account.' }) },
    resolve: async (_root, { input }, ctx) => ({ account: await createAccount(ctx.db, acting(ctx), input) }),
  }),
  issueToken: t.field({
    type: TokenPayload,
    authScopes: { authenticated: true },
    description: 'Issues an API token for an account (ADMIN; or an account for itself). The secret is in the answer once.',
    args: {
      account: t.arg.globalID({ for: AccountRef, required: true, description: 'Global ID of the account.' }),
      expiresOn: t.arg({
        type: 'Date',
        description: 'The day (China time) from which the token no longer works; omitted: until revoked.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const issued = await issueToken(ctx.db, acting(ctx), args.account.id, args.expiresOn ?? null);
      return { token: issued.token, apiToken: issued.row };
    },
  }),
  revokeToken: t.field({
    type: TokenPayload,
    authScopes: { authenticated: true },
    description: 'Revokes an API token at once (ADMIN; or the token’s own account). Revoking twice changes nothing.',
    args: { id: t.arg.globalID({ for: ApiTokenRef, required: true, description: 'Global ID of the token.' }) },
    resolve: async (_root, args, ctx) => {
      const id = Number(args.id.id);
      const revoked = await revokeToken(ctx.db, acting(ctx), Number.isSafeInteger(id) ? id : -1);
      return { token: null, apiToken: revoked.row };
    },
  }),
}));
