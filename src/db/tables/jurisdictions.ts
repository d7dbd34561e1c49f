import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, check, index, integer, pgEnum, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

export const jurisdictionLevel = pgEnum('jurisdiction_level', ['NATIONAL', 'PROVINCIAL', 'MUNICIPAL', 'DISTRICT']);

export const jurisdictions = pgTable(
  'jurisdictions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull().unique('jurisdictions_code_key'),
    name: text('name').notNull(),
    nameZh: text('name_zh').notNull(),
    level: jurisdictionLevel('level').notNull(),
    parentId: integer('parent_id').references((): AnyPgColumn => jurisdictions.id),
    /** Inside the mainland work-permit system: false for Hong Kong, Macao and Taiwan. */
    mainland: boolean('mainland').notNull(),
    isoName: text('iso_name'),
  },
  (t) => [
    check('jurisdictions_code_format', sql`${t.code} ~ '^CN(-[A-Z]{2}){0,3}$'`),
    check('jurisdictions_national_has_no_parent', sql`(${t.level} = 'NATIONAL') = (${t.parentId} IS NULL)`),
    index('jurisdictions_parent_idx').on(t.parentId),
  ],
);

export const regionGroups = pgTable('region_groups', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  slug: text('slug').notNull().unique('region_groups_slug_key'),
  name: text('name').notNull(),
  nameZh: text('name_zh').notNull(),
});

export const regionGroupMembers = pgTable(
  'region_group_members',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => regionGroups.id, { onDelete: 'cascade' }),
    jurisdictionId: integer('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
  },
  (t) => [primaryKey({ name: 'region_group_members_pkey', columns: [t.groupId, t.jurisdictionId] })],
);

export const authorities = pgTable(
  'authorities',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull().unique('authorities_slug_key'),
    name: text('name').notNull(),
    nameZh: text('name_zh').notNull(),
    abbreviation: text('abbreviation'),
    jurisdictionId: integer('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
  },
  (t) => [index('authorities_jurisdiction_idx').on(t.jurisdictionId)],
);
