import { sql } from 'drizzle-orm';
import { chineseOrder } from '../../db/collation.ts';
import type { FilterFields, OrderSpec, SortKey, Via } from '../../db/keyset.ts';
import {
  catalogEditionSizes,
  catalogEditions,
  catalogEntries,
  catalogEntryLists,
  catalogLists,
  catalogs,
  occupations,
  organisations,
  qualifications,
} from '../../db/tables/index.ts';
import { subjectKey } from './catalog.store.ts';

// NOTE: the filters and orders of an edition's entries and of the editions connection, written
// over their rows (`catalog_entries`, `catalog_editions`); related values are subqueries, so the
// page's statement stays one statement.

/** A column of an entry's qualification (null for an occupation). */
const qualificationColumn = (column: string) =>
  sql`(SELECT ${sql.identifier(column)} FROM ${qualifications} AS entry_q WHERE entry_q.id = ${catalogEntries.qualificationId})`;

export const entryFilterFields = (): FilterFields => ({
  lists: {
    type: 'strings',
    some: (condition) =>
      sql`EXISTS (SELECT 1 FROM ${catalogEntryLists} AS entry_list JOIN ${catalogLists} AS list ON list.id = entry_list.list_id
        WHERE entry_list.entry_id = ${catalogEntries.id} AND ${condition(sql`list.code`)})`,
    description: 'The codes of the lists that carry the entry ("urgent", "a").',
  },
  field: { type: 'string', sql: catalogEntries.field, description: "The code of the entry's own field, where the source files it apart." },
  correspondingTitle: { type: 'string', sql: catalogEntries.correspondingTitle, description: 'The corresponding title, as worded.' },
  titleLevel: {
    type: 'enum',
    enum: 'TitleLevel',
    sql: catalogEntries.titleLevel,
    description: 'The level of the corresponding title.',
  },
  skillLevel: { type: 'string', sql: catalogEntries.skillLevel, description: 'The corresponding skill level, as worded.' },
  sourceLevel: { type: 'string', sql: catalogEntries.sourceLevel, description: "The certificate's level in the system that issued it." },
  occupationNameZh: { type: 'string', sql: catalogEntries.occupationNameZh, description: 'The mainland occupation named without a code.' },
  occupation: {
    type: 'string',
    sql: sql`(SELECT entry_o.code FROM ${occupations} AS entry_o WHERE entry_o.id = ${catalogEntries.occupationId})`,
    via: {
      key: catalogEntries.occupationId,
      rows: (condition) => sql`SELECT entry_o.id FROM ${occupations} AS entry_o WHERE ${condition(sql`entry_o.code`)}`,
    },
    description: 'The classification code of the occupation listed.',
  },
  verified: { type: 'boolean', sql: catalogEntries.verified, description: 'Whether the listing rests on more than one weak source.' },
  edition: {
    type: 'relation',
    filter: 'CatalogEditionFilter',
    exists: (condition) =>
      sql`EXISTS (SELECT 1 FROM ${catalogEditions} WHERE ${catalogEditions.id} = ${catalogEntries.editionId} AND ${condition})`,
    description: 'The edition that lists it: any edition condition (its jurisdiction, dates, catalog …).',
  },
  qualification: {
    type: 'relation',
    filter: 'QualificationFilter',
    exists: (condition) =>
      sql`EXISTS (SELECT 1 FROM ${qualifications} WHERE ${qualifications.id} = ${catalogEntries.qualificationId} AND ${condition})`,
    description: 'The qualification listed: any qualification condition (entries of occupations never pass one).',
  },
});

const loaded: SortKey = { sql: catalogEntries.id, cast: 'int', nullable: false, description: 'In the order the bundle gave them' };

export const ENTRY_ORDER: OrderSpec = {
  name: 'CatalogEntryOrder',
  keys: {
    LOADED: loaded,
    SUBJECT: { sql: subjectKey, cast: 'text', nullable: false, description: 'By qualification slug (or occupation code or name)' },
    NAME: { sql: qualificationColumn('name'), cast: 'text', nullable: true, description: "By the qualification's English name" },
    NAME_ZH: {
      sql: (db) => chineseOrder(db, qualificationColumn('name_zh')),
      cast: 'text',
      nullable: true,
      description:
        "By the qualification's Chinese name: by pinyin on PostgreSQL with ICU, by code point where the database has no Chinese collation (the embedded PGlite)",
    },
    ISSUER_COUNTRY: {
      sql: sql`(SELECT entry_o.country FROM ${qualifications} AS entry_q JOIN ${organisations} AS entry_o ON entry_o.id = entry_q.issuer_id WHERE entry_q.id = ${catalogEntries.qualificationId})`,
      cast: 'text',
      nullable: true,
      description: "By the country of the qualification's issuer",
    },
    TITLE_LEVEL: {
      sql: sql`${catalogEntries.titleLevel}::text`,
      cast: 'text',
      nullable: true,
      description: 'By the level of the corresponding title (by its name: ASSISTANT, DEPUTY_SENIOR, INTERMEDIATE, SENIOR)',
    },
    FIELD: { sql: catalogEntries.field, cast: 'text', nullable: true, description: "By the entry's own field code" },
  },
  tiebreak: loaded,
  aliases: { LOADED: 'LOADED_ASC', SUBJECT: 'SUBJECT_ASC' },
};

// ---- editions ------------------------------------------------------------------------------

const catalogVia = (column: string): Via => ({
  key: catalogEditions.catalogId,
  rows: (condition) => sql`SELECT edition_c.id FROM ${catalogs} AS edition_c WHERE ${condition(sql`edition_c.${sql.identifier(column)}`)}`,
});
const catalogColumn = (column: string) =>
  sql`(SELECT ${sql.identifier(column)} FROM ${catalogs} AS edition_c WHERE edition_c.id = ${catalogEditions.catalogId})`;
// The size the triggers keep (drizzle/0019), one row per edition, instead of counting its entries.
const loadedSize = sql`COALESCE((SELECT ${catalogEditionSizes.loadedSize} FROM ${catalogEditionSizes} WHERE ${catalogEditionSizes.editionId} = ${catalogEditions.id}), 0)`;

export const editionFilterFields = (): FilterFields => ({
  label: { type: 'string', sql: catalogEditions.label, description: 'The label ("2025").' },
  title: { type: 'string', sql: catalogEditions.title, description: 'The English title.' },
  titleZh: { type: 'string', sql: catalogEditions.titleZh, description: 'The Chinese title.' },
  catalog: { type: 'string', sql: catalogColumn('slug'), via: catalogVia('slug'), description: 'The slug of its catalog.' },
  kind: { type: 'enum', enum: 'CatalogKind', sql: catalogColumn('kind'), via: catalogVia('kind'), description: 'What its catalog lists.' },
  jurisdiction: {
    type: 'jurisdiction',
    sql: catalogColumn('jurisdiction_id'),
    via: catalogVia('jurisdiction_id'),
    description: 'The jurisdiction that publishes it, by code.',
  },
  issuedOn: { type: 'date', sql: catalogEditions.issuedOn, description: 'The day it was issued.' },
  validFrom: { type: 'date', sql: catalogEditions.validFrom, description: 'The first day of its validity.' },
  validTo: { type: 'date', sql: catalogEditions.validTo, description: 'The last day of its validity (missing: open-ended).' },
  repealedOn: { type: 'date', sql: catalogEditions.repealedOn, description: 'The day it was repealed.' },
  declaredSize: { type: 'int', sql: catalogEditions.declaredSize, description: 'The entries its source declares.' },
  loadedSize: { type: 'int', sql: loadedSize, description: 'The entries the hub holds.' },
  verified: { type: 'boolean', sql: catalogEditions.verified, description: 'Whether the record rests on a primary source.' },
});

const editionId: SortKey = { sql: catalogEditions.id, cast: 'int', nullable: false, description: 'In the order they were loaded' };

export const EDITION_ORDER: OrderSpec = {
  name: 'CatalogEditionOrder',
  keys: {
    VALID_FROM: { sql: catalogEditions.validFrom, cast: 'date', nullable: false, description: 'By the first day of validity' },
    VALID_TO: {
      sql: catalogEditions.validTo,
      cast: 'date',
      nullable: true,
      description: 'By the last day of validity (open-ended as the latest)',
    },
    ISSUED_ON: { sql: catalogEditions.issuedOn, cast: 'date', nullable: true, description: 'By the day of issue' },
    LABEL: { sql: catalogEditions.label, cast: 'text', nullable: false, description: 'By label' },
    CATALOG: { sql: catalogColumn('slug'), cast: 'text', nullable: false, description: "By its catalog's slug" },
    JURISDICTION: {
      sql: sql`(SELECT edition_j.code FROM ${catalogs} AS edition_c JOIN jurisdictions AS edition_j ON edition_j.id = edition_c.jurisdiction_id WHERE edition_c.id = ${catalogEditions.catalogId})`,
      cast: 'text',
      nullable: false,
      description: 'By the code of its jurisdiction',
    },
    DECLARED_SIZE: { sql: catalogEditions.declaredSize, cast: 'int', nullable: true, description: 'By declared size' },
    LOADED_SIZE: { sql: loadedSize, cast: 'int', nullable: false, description: 'By the entries the hub holds' },
    ID: editionId,
  },
  tiebreak: editionId,
};
