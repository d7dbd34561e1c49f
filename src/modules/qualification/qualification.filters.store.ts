import { sql } from 'drizzle-orm';
import { chineseOrder } from '../../db/collation.ts';
import type { FilterFields, OrderSpec, SortKey, Via } from '../../db/keyset.ts';
import { catalogEditions, catalogEntries, catalogs, organisations, qualifications } from '../../db/tables/index.ts';

// NOTE: the filter and orders of every list of qualifications (the qualifications connection,
// a jurisdiction's honoured qualifications, an entry's qualification): written over the
// `qualifications` row, so each caller puts them where that row is.

const issuerVia = (column: 'slug' | 'country'): Via => ({
  key: qualifications.issuerId,
  rows: (condition) => sql`SELECT issuer.id FROM ${organisations} AS issuer WHERE ${condition(sql`issuer.${sql.identifier(column)}`)}`,
});
const issuerColumn = (column: 'slug' | 'country') =>
  sql`(SELECT ${sql.identifier(column)} FROM ${organisations} AS issuer WHERE issuer.id = ${qualifications.issuerId})`;

export const qualificationFilterFields = (): FilterFields => ({
  slug: { type: 'string', sql: qualifications.slug, description: 'The slug.' },
  name: { type: 'string', sql: qualifications.name, description: 'The English name.' },
  nameZh: { type: 'string', sql: qualifications.nameZh, description: 'The Chinese name.' },
  abbreviation: { type: 'string', sql: qualifications.abbreviation, description: 'The usual abbreviation.' },
  field: { type: 'string', sql: qualifications.field, description: 'The code of its field in the vocabulary ("cloud-computing").' },
  verified: { type: 'boolean', sql: qualifications.verified, description: 'Whether the record rests on a catalog text.' },
  issuer: { type: 'string', sql: issuerColumn('slug'), via: issuerVia('slug'), description: 'The slug of the issuing organisation.' },
  issuerCountry: {
    type: 'string',
    sql: issuerColumn('country'),
    via: issuerVia('country'),
    description: 'The country of the issuing organisation (ISO 3166-1 alpha-2, HK, MO, INT), upper case.',
  },
  listedIn: {
    type: 'jurisdictions',
    some: (condition) =>
      sql`EXISTS (SELECT 1 FROM ${catalogEntries} AS listing JOIN ${catalogEditions} AS listing_edition ON listing_edition.id = listing.edition_id
          JOIN ${catalogs} AS listing_catalog ON listing_catalog.id = listing_edition.catalog_id
          WHERE listing.qualification_id = ${qualifications.id} AND ${condition(sql`listing_catalog.jurisdiction_id`)})`,
    description: 'The jurisdictions whose catalogs list it, in any edition.',
  },
});

const key = (k: SortKey) => k;
const slug = key({ sql: qualifications.slug, cast: 'text', nullable: false, description: 'By slug' });

export const QUALIFICATION_ORDER: OrderSpec = {
  name: 'QualificationOrder',
  keys: {
    SLUG: slug,
    NAME: { sql: qualifications.name, cast: 'text', nullable: false, description: 'By English name' },
    NAME_ZH: {
      sql: (db) => chineseOrder(db, qualifications.nameZh),
      cast: 'text',
      nullable: true,
      description:
        'By Chinese name: by pinyin on PostgreSQL with ICU, by code point where the database has no Chinese collation (the embedded PGlite)',
    },
    ABBREVIATION: { sql: qualifications.abbreviation, cast: 'text', nullable: true, description: 'By abbreviation' },
    FIELD: { sql: qualifications.field, cast: 'text', nullable: true, description: 'By field code' },
    ISSUER_COUNTRY: { sql: issuerColumn('country'), cast: 'text', nullable: true, description: "By the issuer's country" },
    VERIFIED: { sql: qualifications.verified, cast: 'boolean', nullable: false, description: 'Unverified (false) before verified' },
  },
  tiebreak: slug,
  aliases: { SLUG: 'SLUG_ASC', NAME: 'NAME_ASC' },
};
