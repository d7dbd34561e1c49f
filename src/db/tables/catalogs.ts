import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgEnum, pgTable, primaryKey, text, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { day, lifecycleStatus, precision } from './common.ts';
import { instruments, verifiedColumn } from './instruments.ts';
import { jurisdictions } from './jurisdictions.ts';
import { fields, occupations, qualifications } from './qualifications.ts';

export const catalogKind = pgEnum('catalog_kind', ['QUALIFICATION', 'OCCUPATION_GUIDANCE', 'URGENT_NEEDS']);
export const titleLevel = pgEnum('title_level', ['ASSISTANT', 'INTERMEDIATE', 'DEPUTY_SENIOR', 'SENIOR']);

/** A series of editions that keeps its identity through renames. */
export const catalogs = pgTable(
  'catalogs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull().unique('catalogs_slug_key'),
    name: text('name').notNull(),
    nameZh: text('name_zh'),
    kind: catalogKind('kind').notNull(),
    jurisdictionId: integer('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    note: text('note'),
  },
  (t) => [index('catalogs_jurisdiction_idx').on(t.jurisdictionId)],
);

export const catalogEditions = pgTable(
  'catalog_editions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    catalogId: integer('catalog_id')
      .notNull()
      .references(() => catalogs.id),
    label: text('label').notNull(),
    title: text('title').notNull(),
    titleZh: text('title_zh'),
    status: lifecycleStatus('status').notNull(),
    issuedOn: day('issued_on'),
    issuedOnPrecision: precision('issued_on_precision'),
    validFrom: day('valid_from').notNull(),
    validFromPrecision: precision('valid_from_precision'),
    validTo: day('valid_to'),
    validToPrecision: precision('valid_to_precision'),
    repealedOn: day('repealed_on'),
    repealedBy: integer('repealed_by').references(() => instruments.id),
    /** What the source says the edition holds ("110 qualifications"), beside what is loaded. */
    declaredSize: integer('declared_size'),
    verified: verifiedColumn(),
    note: text('note'),
  },
  (t) => [
    unique('catalog_editions_catalog_label_key').on(t.catalogId, t.label),
    check('catalog_editions_valid_range', sql`${t.validTo} IS NULL OR ${t.validTo} > ${t.validFrom}`),
    check('catalog_editions_repeal_after_start', sql`${t.repealedOn} IS NULL OR ${t.repealedOn} >= ${t.validFrom}`),
    check('catalog_editions_repeal_has_instrument', sql`(${t.repealedOn} IS NULL) = (${t.repealedBy} IS NULL)`),
    check('catalog_editions_declared_size', sql`${t.declaredSize} IS NULL OR ${t.declaredSize} >= 0`),
    index('catalog_editions_catalog_from_idx').on(t.catalogId, t.validFrom),
    // The editions connection filters and orders by these across catalogs (graphql/filters.ts).
    index('catalog_editions_valid_from_idx').on(t.validFrom, t.id),
    index('catalog_editions_valid_to_idx').on(t.validTo),
  ],
);

export const catalogEditionSources = pgTable(
  'catalog_edition_sources',
  {
    editionId: integer('edition_id')
      .notNull()
      .references(() => catalogEditions.id, { onDelete: 'cascade' }),
    instrumentId: integer('instrument_id')
      .notNull()
      .references(() => instruments.id),
    note: text('note'),
  },
  (t) => [
    primaryKey({ name: 'catalog_edition_sources_pkey', columns: [t.editionId, t.instrumentId] }),
    index('catalog_edition_sources_instrument_idx').on(t.instrumentId),
  ],
);

/** A tier of an edition: Beijing 2025's International list, Shanghai 3.0's category A. */
export const catalogLists = pgTable(
  'catalog_lists',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    editionId: integer('edition_id')
      .notNull()
      .references(() => catalogEditions.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameZh: text('name_zh'),
    position: integer('position').notNull(),
    declaredSize: integer('declared_size'),
    note: text('note'),
  },
  (t) => [
    unique('catalog_lists_edition_code_key').on(t.editionId, t.code),
    // Target of the composite foreign key that keeps an entry's lists inside its own edition.
    unique('catalog_lists_id_edition_key').on(t.id, t.editionId),
    check('catalog_lists_code_format', sql`${t.code} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
  ],
);

export const catalogEntries = pgTable(
  'catalog_entries',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    editionId: integer('edition_id')
      .notNull()
      .references(() => catalogEditions.id, { onDelete: 'cascade' }),
    qualificationId: integer('qualification_id').references(() => qualifications.id),
    occupationId: integer('occupation_id').references(() => occupations.id),
    /** The code of the entry's own field in the vocabulary (`fields`), where the source files it apart from the qualification's. */
    field: text('field'),
    correspondingTitle: text('corresponding_title'),
    titleLevel: titleLevel('title_level'),
    skillLevel: text('skill_level'),
    // NOTE: Fujian's and Xiamen's direct recognition of Taiwan certificates names mainland
    // occupations in Chinese with no classification code in the sources, and maps a certificate of
    // one system (its level there) to a mainland occupation and skill level.
    occupationNameZh: text('occupation_name_zh'),
    sourceLevel: text('source_level'),
    verified: verifiedColumn(),
    note: text('note'),
  },
  (t) => [
    unique('catalog_entries_edition_qualification_key').on(t.editionId, t.qualificationId),
    unique('catalog_entries_edition_occupation_key').on(t.editionId, t.occupationId),
    unique('catalog_entries_id_edition_key').on(t.id, t.editionId),
    uniqueIndex('catalog_entries_edition_occupation_name_key').on(t.editionId, t.occupationNameZh).where(sql`${t.qualificationId} IS NULL`),
    // One subject: a qualification, a classified occupation, or an occupation named only by the
    // source; a named occupation beside a qualification is what the certificate maps to.
    check(
      'catalog_entries_one_subject',
      sql`num_nonnulls(${t.qualificationId}, ${t.occupationId}) <= 1 AND num_nonnulls(${t.qualificationId}, ${t.occupationId}, ${t.occupationNameZh}) >= 1 AND num_nonnulls(${t.occupationId}, ${t.occupationNameZh}) <= 1`,
    ),
    index('catalog_entries_qualification_idx').on(t.qualificationId, t.editionId),
    index('catalog_entries_occupation_idx').on(t.occupationId),
    foreignKey({ name: 'catalog_entries_field_fkey', columns: [t.field], foreignColumns: [fields.code] }).onUpdate('cascade'),
  ],
);

/**
 * How many entries the hub holds for each edition, kept by triggers on catalog_entries
 * (drizzle/0019): derived, never written by the hub. NOTE: counting an edition's entries on
 * every read cost a recognition question 26 ms at 100× (661 editions in force, 53,000 entries
 * counted); a published edition's size only grows when the hub completes its copy.
 */
export const catalogEditionSizes = pgTable(
  'catalog_edition_sizes',
  {
    editionId: integer('edition_id')
      .primaryKey()
      .references(() => catalogEditions.id, { onDelete: 'cascade' }),
    loadedSize: integer('loaded_size').notNull(),
  },
  (t) => [check('catalog_edition_sizes_not_negative', sql`${t.loadedSize} >= 0`)],
);

export const catalogEntryLists = pgTable(
  'catalog_entry_lists',
  {
    entryId: integer('entry_id').notNull(),
    listId: integer('list_id').notNull(),
    editionId: integer('edition_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'catalog_entry_lists_pkey', columns: [t.entryId, t.listId] }),
    foreignKey({
      name: 'catalog_entry_lists_entry_fkey',
      columns: [t.entryId, t.editionId],
      foreignColumns: [catalogEntries.id, catalogEntries.editionId],
    }).onDelete('cascade'),
    foreignKey({
      name: 'catalog_entry_lists_list_fkey',
      columns: [t.listId, t.editionId],
      foreignColumns: [catalogLists.id, catalogLists.editionId],
    }).onDelete('cascade'),
    index('catalog_entry_lists_list_idx').on(t.listId, t.entryId),
  ],
);

export const catalogEntrySources = pgTable(
  'catalog_entry_sources',
  {
    entryId: integer('entry_id')
      .notNull()
      .references(() => catalogEntries.id, { onDelete: 'cascade' }),
    instrumentId: integer('instrument_id')
      .notNull()
      .references(() => instruments.id),
    note: text('note'),
  },
  (t) => [
    primaryKey({ name: 'catalog_entry_sources_pkey', columns: [t.entryId, t.instrumentId] }),
    index('catalog_entry_sources_instrument_idx').on(t.instrumentId),
  ],
);
