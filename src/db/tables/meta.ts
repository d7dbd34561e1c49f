import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

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
