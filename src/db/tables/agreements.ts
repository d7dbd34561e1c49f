import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import { catalogs } from './catalogs.ts';
import { day, lifecycleStatus, precision } from './common.ts';
import { instruments, verifiedColumn } from './instruments.ts';
import { jurisdictions, regionGroups } from './jurisdictions.ts';
import { qualifications } from './qualifications.ts';
import { standards, talentCategories } from './standards.ts';

/**
 * STATUS: a category granted by one party is honoured by the others.
 * NATIONWIDE: a national rule under which every mainland provincial-level jurisdiction honours a category.
 * LISTING: a qualification listed (or verified) by a party is honoured by the others.
 * EQUIVALENCE: one qualification counts as another.
 * TITLE: mutual recognition of professional titles or technician ranks; recorded, not applied by the rules.
 */
export const agreementKind = pgEnum('agreement_kind', ['STATUS', 'NATIONWIDE', 'LISTING', 'EQUIVALENCE', 'TITLE']);
export const agreementDirection = pgEnum('agreement_direction', ['MUTUAL', 'ONE_WAY']);
export const partyRole = pgEnum('agreement_party_role', ['PARTY', 'SOURCE', 'TARGET']);

export const recognitionAgreements = pgTable(
  'recognition_agreements',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull().unique('recognition_agreements_slug_key'),
    name: text('name').notNull(),
    nameZh: text('name_zh'),
    kind: agreementKind('kind').notNull(),
    direction: agreementDirection('direction').notNull(),
    status: lifecycleStatus('status').notNull(),
    validFrom: day('valid_from').notNull(),
    validFromPrecision: precision('valid_from_precision'),
    validTo: day('valid_to'),
    validToPrecision: precision('valid_to_precision'),
    repealedOn: day('repealed_on'),
    repealedBy: integer('repealed_by').references(() => instruments.id),
    categoryId: integer('category_id').references(() => talentCategories.id),
    /** The standard under which the category must have been conferred (national unified criteria). */
    standardId: integer('standard_id').references(() => standards.id),
    catalogId: integer('catalog_id').references(() => catalogs.id),
    qualificationId: integer('qualification_id').references(() => qualifications.id),
    equivalentQualificationId: integer('equivalent_qualification_id').references(() => qualifications.id),
    description: text('description'),
    descriptionZh: text('description_zh'),
    verified: verifiedColumn(),
    note: text('note'),
  },
  (t) => [
    check('recognition_agreements_valid_range', sql`${t.validTo} IS NULL OR ${t.validTo} > ${t.validFrom}`),
    check('recognition_agreements_repeal_after_start', sql`${t.repealedOn} IS NULL OR ${t.repealedOn} >= ${t.validFrom}`),
    check('recognition_agreements_repeal_has_instrument', sql`(${t.repealedOn} IS NULL) = (${t.repealedBy} IS NULL)`),
    check('recognition_agreements_status_scope', sql`${t.kind} NOT IN ('STATUS', 'NATIONWIDE') OR ${t.categoryId} IS NOT NULL`),
    check(
      'recognition_agreements_equivalence_scope',
      sql`(${t.kind} = 'EQUIVALENCE') = (${t.qualificationId} IS NOT NULL AND ${t.equivalentQualificationId} IS NOT NULL)
          AND (${t.qualificationId} IS NULL OR ${t.qualificationId} <> ${t.equivalentQualificationId})`,
    ),
    check('recognition_agreements_catalog_scope', sql`${t.catalogId} IS NULL OR ${t.kind} = 'LISTING'`),
    index('recognition_agreements_kind_from_idx').on(t.kind, t.validFrom),
    index('recognition_agreements_valid_from_idx').on(t.validFrom),
    index('recognition_agreements_category_idx').on(t.categoryId),
    index('recognition_agreements_qualification_idx').on(t.qualificationId),
    index('recognition_agreements_equivalent_idx').on(t.equivalentQualificationId),
  ],
);

export const agreementParties = pgTable(
  'agreement_parties',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    agreementId: integer('agreement_id')
      .notNull()
      .references(() => recognitionAgreements.id, { onDelete: 'cascade' }),
    role: partyRole('role').notNull(),
    jurisdictionId: integer('jurisdiction_id').references(() => jurisdictions.id),
    regionGroupId: integer('region_group_id').references(() => regionGroups.id),
  },
  (t) => [
    check('agreement_parties_one_party', sql`num_nonnulls(${t.jurisdictionId}, ${t.regionGroupId}) = 1`),
    unique('agreement_parties_key').on(t.agreementId, t.role, t.jurisdictionId, t.regionGroupId).nullsNotDistinct(),
    index('agreement_parties_jurisdiction_idx').on(t.jurisdictionId),
    index('agreement_parties_group_idx').on(t.regionGroupId),
  ],
);

export const agreementSources = pgTable(
  'agreement_sources',
  {
    agreementId: integer('agreement_id')
      .notNull()
      .references(() => recognitionAgreements.id, { onDelete: 'cascade' }),
    instrumentId: integer('instrument_id')
      .notNull()
      .references(() => instruments.id),
    note: text('note'),
  },
  (t) => [primaryKey({ name: 'agreement_sources_pkey', columns: [t.agreementId, t.instrumentId] })],
);
