import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import { recognitionAgreements } from './agreements.ts';
import { catalogLists } from './catalogs.ts';
import { instruments, verifiedColumn } from './instruments.ts';
import { standardVersions, talentCategories } from './standards.ts';

export const benefitKind = pgEnum('benefit_kind', [
  'WORK_PERMIT',
  'VISA_RESIDENCE',
  'PERMANENT_RESIDENCE',
  'PROFESSIONAL_TITLE',
  'SKILL_CERTIFICATE',
  'TALENT_INTRODUCTION',
  'SERVICE',
]);
export const benefitAudience = pgEnum('benefit_audience', ['FOREIGN_NATIONALS', 'CHINESE_NATIONALS', 'ALL']);

export const benefits = pgTable('benefits', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  slug: text('slug').notNull().unique('benefits_slug_key'),
  kind: benefitKind('kind').notNull(),
  audience: benefitAudience('audience').notNull(),
  text: text('text').notNull(),
  textZh: text('text_zh'),
  /** Numbers the text names, e.g. { "maxAge": 65, "maxAgeHighEnd": 70, "validityYears": 5 }. */
  parameters: jsonb('parameters').$type<Record<string, number | string | boolean>>().notNull().default({}),
  verified: verifiedColumn(),
  note: text('note'),
});

export const benefitSources = pgTable(
  'benefit_sources',
  {
    benefitId: integer('benefit_id')
      .notNull()
      .references(() => benefits.id, { onDelete: 'cascade' }),
    instrumentId: integer('instrument_id')
      .notNull()
      .references(() => instruments.id),
    note: text('note'),
  },
  (t) => [primaryKey({ name: 'benefit_sources_pkey', columns: [t.benefitId, t.instrumentId] })],
);

/** Attaches a benefit to exactly one holder: a catalog list, a standard version's category, or an agreement. */
export const benefitLinks = pgTable(
  'benefit_links',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    benefitId: integer('benefit_id')
      .notNull()
      .references(() => benefits.id, { onDelete: 'cascade' }),
    listId: integer('list_id').references(() => catalogLists.id, { onDelete: 'cascade' }),
    standardVersionId: integer('standard_version_id').references(() => standardVersions.id, { onDelete: 'cascade' }),
    categoryId: integer('category_id').references(() => talentCategories.id),
    agreementId: integer('agreement_id').references(() => recognitionAgreements.id, { onDelete: 'cascade' }),
  },
  (t) => [
    check('benefit_links_one_holder', sql`num_nonnulls(${t.listId}, ${t.standardVersionId}, ${t.agreementId}) = 1`),
    check('benefit_links_category_needs_version', sql`${t.categoryId} IS NULL OR ${t.standardVersionId} IS NOT NULL`),
    unique('benefit_links_holder_key').on(t.benefitId, t.listId, t.standardVersionId, t.categoryId, t.agreementId).nullsNotDistinct(),
    index('benefit_links_list_idx').on(t.listId),
    index('benefit_links_version_idx').on(t.standardVersionId),
    index('benefit_links_agreement_idx').on(t.agreementId),
  ],
);
