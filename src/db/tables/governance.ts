import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { authorities, jurisdictions } from './jurisdictions.ts';

// Who may change what (domain.md "Governance"): accounts of authorities, their credentials,
// drafts on their way to publication, and the append-only audit log.

export const accountRole = pgEnum('account_role', ['EDITOR', 'REVIEWER', 'ADMIN']);
export const draftStatus = pgEnum('draft_status', ['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'PUBLISHED', 'WITHDRAWN']);
/** What a draft will publish: a catalog edition, a standard version or a recognition agreement. */
export const draftKind = pgEnum('draft_kind', ['EDITION', 'STANDARD_VERSION', 'AGREEMENT']);

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

export const accounts = pgTable(
  'accounts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Natural key, typed by people: `cq-editor`, `mohrss-reviewer`. */
    login: text('login').notNull().unique('accounts_login_key'),
    name: text('name').notNull(),
    authorityId: integer('authority_id')
      .notNull()
      .references(() => authorities.id),
    roles: accountRole('roles').array().notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    disabledAt: at('disabled_at'),
  },
  (t) => [
    check('accounts_login_format', sql`${t.login} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check('accounts_has_roles', sql`cardinality(${t.roles}) >= 1`),
    index('accounts_authority_idx').on(t.authorityId),
  ],
);

/** API tokens: only a SHA-256 of the token is kept; the token itself is shown once. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    tokenHash: text('token_hash').notNull().unique('api_tokens_hash_key'),
    /** The token's first characters, so people can tell their tokens apart without the secret. */
    prefix: text('prefix').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    /** First moment the token no longer works; null: until revoked. */
    expiresAt: at('expires_at'),
    revokedAt: at('revoked_at'),
  },
  (t) => [check('api_tokens_hash_format', sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`), index('api_tokens_account_idx').on(t.accountId)],
);

/**
 * Which kinds of record need national approval before they take effect: data, not code (the
 * 2025 MOHRSS notice: regional standards and guidance catalogs). `variant` is the catalog kind of
 * an edition or the scope of a standard; `*` for every agreement.
 */
export const approvalRules = pgTable(
  'approval_rules',
  {
    kind: draftKind('kind').notNull(),
    variant: text('variant').notNull(),
    nationalApproval: boolean('national_approval').notNull(),
    /** Where the rule comes from, cited in refusals. */
    basis: text('basis').notNull(),
  },
  (t) => [primaryKey({ name: 'approval_rules_pkey', columns: [t.kind, t.variant] })],
);

/**
 * A record on its way to publication, in the bundle format (one zod schema for both): drafts
 * never sit in the published tables, so nothing on the read side can show one by mistake.
 */
export const drafts = pgTable(
  'drafts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: draftKind('kind').notNull(),
    /** The jurisdiction that owns it: the catalog's, the standard's, or the agreement's drafter. */
    jurisdictionId: integer('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    /** What it will publish, by natural key: `beijing-qualifications@2026`, `cq-supplementary@2026`, an agreement slug. */
    subjectKey: text('subject_key').notNull(),
    payload: jsonb('payload').notNull(),
    status: draftStatus('status').notNull().default('DRAFT'),
    /** Raised by every change; an update that names an older revision is refused (CONFLICT). */
    revision: integer('revision').notNull().default(1),
    nationalApproval: boolean('national_approval').notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => accounts.id),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
    submittedAt: at('submitted_at'),
    decidedById: integer('decided_by').references(() => accounts.id),
    decidedAt: at('decided_at'),
    decisionNote: text('decision_note'),
    rejectionReason: text('rejection_reason'),
    publishedAt: at('published_at'),
    /** The row it became: catalog_editions, standard_versions or recognition_agreements id. */
    publishedId: integer('published_id'),
  },
  (t) => [
    check('drafts_revision_positive', sql`${t.revision} >= 1`),
    check('drafts_rejection_has_reason', sql`(${t.status} = 'REJECTED') = (${t.rejectionReason} IS NOT NULL)`),
    check(
      'drafts_decided_when_approved',
      sql`${t.status} NOT IN ('APPROVED', 'REJECTED', 'PUBLISHED') OR (${t.decidedById} IS NOT NULL AND ${t.decidedAt} IS NOT NULL)`,
    ),
    check('drafts_never_by_author', sql`${t.decidedById} IS NULL OR ${t.decidedById} <> ${t.authorId}`),
    check('drafts_published_has_row', sql`(${t.status} = 'PUBLISHED') = (${t.publishedId} IS NOT NULL)`),
    index('drafts_jurisdiction_status_idx').on(t.jurisdictionId, t.status),
    index('drafts_subject_idx').on(t.kind, t.subjectKey),
  ],
);

/** One party's consent to an agreement draft (national agreements: the reviewer's). */
export const draftConsents = pgTable(
  'draft_consents',
  {
    draftId: integer('draft_id')
      .notNull()
      .references(() => drafts.id, { onDelete: 'cascade' }),
    jurisdictionId: integer('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    revision: integer('revision').notNull(),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'draft_consents_pkey', columns: [t.draftId, t.jurisdictionId] })],
);

/**
 * Every change, who made it and what it was, before and after. Append-only: a trigger refuses
 * UPDATE, DELETE and TRUNCATE (drizzle/0005). The id is a sequence position, so the log reads
 * in order on every hub process.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: at('at').notNull().defaultNow(),
    /** Null for the operator's own tools (`npm run db:load`, `npm run accounts`): see `actor`. */
    accountId: integer('account_id').references(() => accounts.id),
    authorityId: integer('authority_id').references(() => authorities.id),
    /** The account's login, or the tool (`cli:db:load`), as it was at the time. */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: integer('subject_id'),
    subjectKey: text('subject_key').notNull(),
    jurisdictionId: integer('jurisdiction_id').references(() => jurisdictions.id),
    before: jsonb('before'),
    after: jsonb('after'),
    reason: text('reason'),
    requestId: text('request_id'),
  },
  (t) => [
    check('audit_log_action_format', sql`${t.action} ~ '^[a-z]+(_[a-z]+)*$'`),
    index('audit_log_jurisdiction_idx').on(t.jurisdictionId, t.id),
    index('audit_log_subject_idx').on(t.subjectType, t.subjectId, t.id),
    index('audit_log_account_idx').on(t.accountId, t.id),
  ],
);
