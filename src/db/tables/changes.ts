import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { day } from './common.ts';
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
