import { sql } from 'drizzle-orm';
import { type AnyPgColumn, check, foreignKey, index, integer, pgEnum, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { verifiedColumn } from './instruments.ts';

/** An issuing body of overseas qualifications (IEEE, ACCA, …). */
export const organisations = pgTable(
  'organisations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull().unique('organisations_slug_key'),
    name: text('name').notNull(),
    nameZh: text('name_zh'),
    abbreviation: text('abbreviation'),
    /** ISO 3166-1 alpha-2 of the body's seat, or HK / MO for the SARs; INT for international bodies. */
    country: text('country'),
    verified: verifiedColumn(),
    note: text('note'),
  },
  (t) => [check('organisations_country_format', sql`${t.country} IS NULL OR ${t.country} ~ '^([A-Z]{2}|INT)$'`)],
);

/**
 * The controlled vocabulary of fields (sectors) that qualifications and catalog entries are
 * filed under, so that coverage by field groups like with like whatever language a source used.
 */
export const fields = pgTable(
  'fields',
  {
    code: text('code').primaryKey(),
    nameEn: text('name_en').notNull(),
    nameZh: text('name_zh').notNull(),
    description: text('description'),
    /** Where the term comes from: the sources that name the field, and which label is a translation. */
    note: text('note'),
  },
  (t) => [check('fields_code_format', sql`${t.code} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)],
);

export const qualifications = pgTable(
  'qualifications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull().unique('qualifications_slug_key'),
    name: text('name').notNull(),
    nameZh: text('name_zh'),
    abbreviation: text('abbreviation'),
    issuerId: integer('issuer_id').references(() => organisations.id),
    /** The code of its field in the vocabulary (`fields`). */
    field: text('field'),
    verified: verifiedColumn(),
    note: text('note'),
  },
  (t) => [
    check('qualifications_slug_format', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    index('qualifications_issuer_idx').on(t.issuerId),
    foreignKey({ name: 'qualifications_field_fkey', columns: [t.field], foreignColumns: [fields.code] }).onUpdate('cascade'),
    index('qualifications_field_idx').on(t.field),
    // `orderBy: [NAME_ASC]` pages by (name, slug) keyset.
    index('qualifications_name_slug_idx').on(t.name, t.slug),
  ],
);

export const qualificationAliases = pgTable(
  'qualification_aliases',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    qualificationId: integer('qualification_id')
      .notNull()
      .references(() => qualifications.id, { onDelete: 'cascade' }),
    alias: text('alias').notNull(),
    lang: text('lang').notNull(),
  },
  (t) => [
    unique('qualification_aliases_qualification_alias_key').on(t.qualificationId, t.alias),
    check('qualification_aliases_lang', sql`${t.lang} IN ('en', 'zh')`),
  ],
);

export const occupationLevel = pgEnum('occupation_level', ['MAJOR', 'MIDDLE', 'MINOR', 'OCCUPATION']);

/** A node of the National Occupational Classification (2022): 2, 2-02, 2-02-10, 2-02-10-03. */
export const occupations = pgTable(
  'occupations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull().unique('occupations_code_key'),
    nameZh: text('name_zh').notNull(),
    name: text('name'),
    level: occupationLevel('level').notNull(),
    parentId: integer('parent_id').references((): AnyPgColumn => occupations.id),
    gbmCode: text('gbm_code'),
    /** L green, S digital, L/S both, as marked in the classification. */
    marker: text('marker'),
  },
  (t) => [
    check('occupations_code_format', sql`${t.code} ~ '^[1-8](-[0-9]{2}){0,3}$'`),
    check('occupations_marker', sql`${t.marker} IS NULL OR ${t.marker} IN ('L', 'S', 'L/S')`),
  ],
);
