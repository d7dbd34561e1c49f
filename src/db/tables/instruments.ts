import { boolean, index, integer, pgEnum, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { day, precision } from './common.ts';
import { authorities } from './jurisdictions.ts';

export const instrumentKind = pgEnum('instrument_kind', [
  'NOTICE',
  'STANDARD_TEXT',
  'CATALOG',
  'PRESS_RELEASE',
  'NEWS_REPORT',
  'GUIDE',
  'OTHER',
]);
/** How far the hub trusts a document, as marked in the reference facts: H, M, L. */
export const reliability = pgEnum('reliability', ['HIGH', 'MEDIUM', 'LOW']);

export const instruments = pgTable(
  'instruments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull().unique('instruments_slug_key'),
    kind: instrumentKind('kind').notNull(),
    title: text('title').notNull(),
    titleZh: text('title_zh'),
    documentNumber: text('document_number'),
    issuedOn: day('issued_on'),
    issuedOnPrecision: precision('issued_on_precision'),
    url: text('url'),
    reliability: reliability('reliability').notNull(),
    note: text('note'),
  },
  (t) => [
    // The instruments connection filters and orders by the day of issue (graphql/filters.ts).
    index('instruments_issued_on_idx').on(t.issuedOn, t.id),
  ],
);

export const instrumentAuthorities = pgTable(
  'instrument_authorities',
  {
    instrumentId: integer('instrument_id')
      .notNull()
      .references(() => instruments.id, { onDelete: 'cascade' }),
    authorityId: integer('authority_id')
      .notNull()
      .references(() => authorities.id),
  },
  (t) => [primaryKey({ name: 'instrument_authorities_pkey', columns: [t.instrumentId, t.authorityId] })],
);

/** Instrument → the instrument it repeals (Beijing's 2025 notice repeals JRSYF [2024] No. 10). */
export const instrumentRepeals = pgTable(
  'instrument_repeals',
  {
    instrumentId: integer('instrument_id')
      .notNull()
      .references(() => instruments.id, { onDelete: 'cascade' }),
    repealedId: integer('repealed_id')
      .notNull()
      .references(() => instruments.id),
  },
  (t) => [
    primaryKey({ name: 'instrument_repeals_pkey', columns: [t.instrumentId, t.repealedId] }),
    index('instrument_repeals_repealed_idx').on(t.repealedId),
  ],
);

/** Whether a record rests on a weak source: the API shows it, never hides it. */
export const verifiedColumn = () => boolean('verified').notNull().default(true);
