import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { jurisdictions } from './jurisdictions.ts';

/**
 * Hub-wide counters kept in the database, so every process agrees: `data_version` goes up with
 * every bundle load, and the ETags of cached answers carry it.
 */
export const hubMeta = pgTable('hub_meta', {
  key: text('key').primaryKey(),
  value: bigint('value', { mode: 'number' }).notNull(),
});

/** Automatic persisted queries, shared by every hub process (Apollo's cache would be per process). */
export const persistedQueries = pgTable(
  'persisted_queries',
  {
    key: text('key').primaryKey(),
    value: text('value').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    size: integer('size').notNull(),
  },
  // The trim after each registration walks this (graphql/http-cache.ts).
  (t) => [index('persisted_queries_expires_idx').on(t.expiresAt)],
);

/**
 * Coverage counts already worked out: one jurisdiction's honoured total and its groups on one
 * day, for one grouping, as of one `data_version`. Derived, so never a source: a row answers
 * only while its version is the current one (every writing transaction raises it), and a row of
 * an older version is never read again and is pruned when a newer one is written. Shared by
 * every hub process, unlike a cache in memory (analysis.service.ts `coverage`).
 */
export const coverageCounts = pgTable(
  'coverage_counts',
  {
    jurisdictionId: integer('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    groupBy: text('group_by').notNull(),
    dataVersion: bigint('data_version', { mode: 'number' }).notNull(),
    total: integer('total').notNull(),
    /** [[group or null, count], …] in the answer's order. */
    groups: jsonb('groups').$type<[string | null, number][]>().notNull(),
  },
  (t) => [
    primaryKey({ name: 'coverage_counts_pkey', columns: [t.jurisdictionId, t.day, t.groupBy, t.dataVersion] }),
    index('coverage_counts_version_idx').on(t.dataVersion),
    check('coverage_counts_group_by', sql`${t.groupBy} IN ('FIELD', 'ISSUER_COUNTRY', 'LIST', 'BASIS')`),
    check('coverage_counts_total_not_negative', sql`${t.total} >= 0`),
  ],
);
