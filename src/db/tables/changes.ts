import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { day } from './common.ts';
import { accounts } from './governance.ts';
import { jurisdictions } from './jurisdictions.ts';

/**
 * What happened to a public record. NOTE: `…_LAPSED` events are never stored: they are derived
 * from dates when the feed is read (domain.md: states come from dates, never from a timer).
 */
export const changeKind = pgEnum('change_kind', [
  'EDITION_PUBLISHED',
  'EDITION_COMPLETED',
  'EDITION_SUPERSEDED',
  'EDITION_REPEALED',
  'EDITION_LAPSED',
  'VERSION_PUBLISHED',
  'VERSION_SUPERSEDED',
  'VERSION_REPEALED',
  'VERSION_LAPSED',
  'AGREEMENT_PUBLISHED',
  'AGREEMENT_REPEALED',
  'AGREEMENT_LAPSED',
  'CORRECTION',
]);

/**
 * The public change feed: one row per change of a published record, written in the transaction
 * of the change. `id` is the feed's position (a sequence: monotone, the same on every hub
 * process). Append-only, like the audit log (drizzle/0008). Drafts never appear here.
 */
export const changeEvents = pgTable(
  'change_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    kind: changeKind('kind').notNull(),
    /** catalog_edition, standard_version or recognition_agreement, with its id and natural key. */
    subjectType: text('subject_type').notNull(),
    subjectId: integer('subject_id').notNull(),
    subjectKey: text('subject_key').notNull(),
    jurisdictionId: integer('jurisdiction_id').references(() => jurisdictions.id),
    /** The day the change takes effect: a publication's first day, a repeal's day, the end by a successor. */
    effectiveOn: day('effective_on').notNull(),
    summary: text('summary').notNull(),
    details: jsonb('details').notNull(),
    /** Instruments the change rests on (ids), for `sources`. */
    instrumentIds: integer('instrument_ids').array().notNull(),
    /** Qualifications the change concerns (entries published, added), for the `qualification` filter. */
    qualificationIds: integer('qualification_ids').array().notNull(),
  },
  (t) => [
    check('change_events_not_derived', sql`${t.kind}::text NOT LIKE '%_LAPSED'`),
    index('change_events_jurisdiction_idx').on(t.jurisdictionId, t.id),
    index('change_events_qualifications_idx').using('gin', t.qualificationIds),
  ],
);

export const deliveryStatus = pgEnum('webhook_delivery_status', ['PENDING', 'DELIVERED', 'FAILED']);

/**
 * A subscription by HTTP: the hub POSTs each matching change to `url`, signed with `secret`
 * (HMAC-SHA256). The secret is kept (the hub needs it to sign) and shown to its owner once.
 */
export const webhooks = pgTable(
  'webhooks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => accounts.id),
    url: text('url').notNull(),
    secret: text('secret').notNull(),
    /** Only changes of records of these jurisdictions (null: all). */
    jurisdictionIds: integer('jurisdiction_ids').array(),
    /** Only these kinds (null: all). */
    kinds: changeKind('kinds').array(),
    /** Set by an admin only: the URL may be on loopback or a private network (tests, an internal bureau system). */
    allowPrivate: boolean('allow_private').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [check('webhooks_url_scheme', sql`${t.url} ~ '^https?://'`), index('webhooks_owner_idx').on(t.ownerId)],
);

/** The outbox: one delivery per webhook and change, written in the transaction of the change. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    webhookId: integer('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => changeEvents.id),
    status: deliveryStatus('status').notNull().default('PENDING'),
    attempts: integer('attempts').notNull().default(0),
    /** When it is due (again); a worker that claims it moves this forward by its lease. */
    dueAt: timestamp('due_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true, mode: 'string' }),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    unique('webhook_deliveries_webhook_event_key').on(t.webhookId, t.eventId),
    index('webhook_deliveries_due_idx').on(t.status, t.dueAt),
  ],
);

/** Every attempt of a delivery: when, the HTTP status (or none), the error. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: bigint('delivery_id', { mode: 'number' })
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    status: integer('status'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id)],
);
