import { decodeGlobalID } from '@pothos/plugin-relay';
import { badInput, notFound } from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { cursorsOf, sequenceConnection } from '../../graphql/pagination.ts';
import { AuthorityRef, JurisdictionRef } from '../jurisdiction/jurisdiction.schema.ts';
import { listJurisdictions } from '../jurisdiction/jurisdiction.store.ts';
import { draftsFor, has } from './governance.rules.ts';
import { type AuditFilter, type AuditRow, accountStore, countAudit, listAudit } from './governance.store.ts';

const auditCursors = cursorsOf('Audit');

const AuditEntryRef = builder.objectRef<AuditRow>('AuditEntry').implement({
  description: 'One change, as the audit log recorded it in the transaction of the change. The log cannot be altered.',
  fields: (t) => ({
    position: t.string({
      description: 'Its place in the log: a database sequence, increasing, the same on every hub process.',
      resolve: (a) => String(a.id),
    }),
    at: t.field({ type: 'DateTime', description: 'When (the transaction’s time).', resolve: (a) => a.at }),
    actor: t.exposeString('actor', {
      description: 'Login of the account, or the operator’s tool (`cli:db:load`, `cli:accounts`, `hub:seed-on-empty`), as at the time.',
    }),
    authority: t.field({
      type: AuthorityRef,
      nullable: true,
      description: 'The authority the account acted for.',
      resolve: (a) => a.authorityId,
    }),
    action: t.exposeString('action', {
      description:
        'What was done: create_draft, update_draft, submit_draft, withdraw_draft, approve_draft, reject_draft, consent_agreement, publish, supersede, repeal, load_bundle, correct_bundle, import_bundle, create_account, issue_token, revoke_token.',
    }),
    subjectType: t.exposeString('subjectType', {
      description:
        'The kind of thing changed: draft, catalog_edition, standard_version, recognition_agreement, bundle, account, api_token.',
    }),
    subjectKey: t.exposeString('subjectKey', { description: 'What was changed, by natural key (`catalog@label`, a slug, a login).' }),
    jurisdiction: t.field({
      type: JurisdictionRef,
      nullable: true,
      description: 'The jurisdiction it belongs to; null for operator-wide changes (bundle loads).',
      resolve: (a) => a.jurisdictionId,
    }),
    before: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The changed part before the change; null for a creation.',
      resolve: (a) => a.before,
    }),
    after: t.field({ type: 'JSON', nullable: true, description: 'The changed part after the change.', resolve: (a) => a.after }),
    reason: t.exposeString('reason', { nullable: true, description: 'The reason an operator gave for a correction.' }),
    requestId: t.exposeString('requestId', { nullable: true, description: 'The request (x-request-id) that made the change.' }),
  }),
});

/** An audit subject by the global ID of what changed: drafts and tokens by number, the rest by natural key. */
function subjectOf(globalId: string): AuditFilter['subject'] {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw badInput('subject is not a global ID', { argument: 'subject' });
  }
  const composite = () => {
    try {
      const parts = JSON.parse(decoded.id) as string[];
      return `${parts[0]}@${parts[1]}`;
    } catch {
      throw badInput('subject is not a global ID of this hub', { argument: 'subject' });
    }
  };
  switch (decoded.typename) {
    case 'Draft':
      return { type: 'draft', id: Number(decoded.id) };
    case 'ApiToken':
      return { type: 'api_token', id: Number(decoded.id) };
    case 'Account':
      return { type: 'account', key: decoded.id };
    case 'CatalogEdition':
      return { type: 'catalog_edition', key: composite() };
    case 'StandardVersion':
      return { type: 'standard_version', key: composite() };
    case 'RecognitionAgreement':
      return { type: 'recognition_agreement', key: decoded.id };
    default:
      throw badInput(`The audit log records no changes of ${decoded.typename}`, { argument: 'subject' });
  }
}

builder.queryField('auditLog', (t) =>
  t.connection(
    {
      type: AuditEntryRef,
      authScopes: { authenticated: true },
      description:
        'The audit log, in log order. Reviewers and admins read all of it; editors read their own jurisdiction’s (a province’s editors: also its cities’).',
      args: {
        jurisdiction: t.arg.string({ description: 'Only changes of this jurisdiction (code).' }),
        actor: t.arg.globalID({ description: 'Only changes made by this account (its global ID).' }),
        subject: t.arg.id({
          description: 'Only changes of this thing (the global ID of a draft, edition, version, agreement, account or token).',
        }),
        action: t.arg.stringList({ description: 'Only these actions (see `AuditEntry.action`).' }),
        since: t.arg({ type: 'DateTime', description: 'Only changes at or after this moment.' }),
      },
      resolve: async (_r, args, ctx: Context) => {
        const actor = ctx.actor!;
        const all = await listJurisdictions(ctx.db);
        let jurisdictionIds: number[] | null =
          has(actor, 'ADMIN') || has(actor, 'REVIEWER') ? null : all.filter((j) => draftsFor(actor, j)).map((j) => j.id);
        if (args.jurisdiction) {
          const j = all.find((x) => x.code === args.jurisdiction);
          if (!j) throw notFound('jurisdiction', args.jurisdiction);
          jurisdictionIds = jurisdictionIds === null || jurisdictionIds.includes(j.id) ? [j.id] : [];
        }
        let accountId: number | null = null;
        if (args.actor) {
          if (args.actor.typename !== 'Account') throw badInput('actor is the global ID of an account', { argument: 'actor' });
          const [account] = await accountStore.byKeys(ctx.db, [args.actor.id]);
          accountId = account?.id ?? -1;
        }
        const filter: AuditFilter = {
          jurisdictionIds,
          accountId,
          subject: args.subject ? subjectOf(String(args.subject)) : null,
          actions: args.action ?? null,
          since: args.since ?? null,
        };
        return sequenceConnection(args, auditCursors, {
          fetch: (page) => listAudit(ctx.db, filter, page),
          totalCount: () => countAudit(ctx.db, filter),
        });
      },
    },
    { name: 'AuditEntryConnection', description: 'A page of the audit log (first or last ≤ 100, default 20).' },
    { name: 'AuditEntryEdge', description: 'One audit entry, with its cursor.' },
  ),
);
