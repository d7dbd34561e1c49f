import { sql } from 'drizzle-orm';
import type { FilterFields, OrderSpec, SortKey } from '../../db/keyset.ts';
import {
  agreementParties,
  catalogs,
  qualifications,
  recognitionAgreements,
  regionGroupMembers,
  talentCategories,
} from '../../db/tables/index.ts';

// NOTE: the filter and orders of every list of agreements (the root connection, a
// jurisdiction's), over the `recognition_agreements` row.

const slugOf = (table: typeof catalogs | typeof qualifications, column: unknown) =>
  sql`(SELECT ref.slug FROM ${table} AS ref WHERE ref.id = ${column})`;

export const agreementFilterFields = (): FilterFields => ({
  slug: { type: 'string', sql: recognitionAgreements.slug, description: 'The slug.' },
  name: { type: 'string', sql: recognitionAgreements.name, description: 'The English name.' },
  nameZh: { type: 'string', sql: recognitionAgreements.nameZh, description: 'The Chinese name.' },
  kind: { type: 'enum', enum: 'AgreementKind', sql: recognitionAgreements.kind, description: 'What it recognises.' },
  direction: {
    type: 'enum',
    enum: 'AgreementDirection',
    sql: recognitionAgreements.direction,
    description: 'Which way it works.',
  },
  validFrom: { type: 'date', sql: recognitionAgreements.validFrom, description: 'The first day it applies.' },
  validTo: { type: 'date', sql: recognitionAgreements.validTo, description: 'The last day it applies (missing: open-ended).' },
  repealedOn: { type: 'date', sql: recognitionAgreements.repealedOn, description: 'The day it was repealed.' },
  verified: { type: 'boolean', sql: recognitionAgreements.verified, description: 'Whether the record rests on a primary source.' },
  category: {
    type: 'string',
    sql: sql`(SELECT c.code FROM ${talentCategories} AS c WHERE c.id = ${recognitionAgreements.categoryId})`,
    description: 'The code of the talent category it carries (STATUS, NATIONWIDE).',
  },
  catalog: {
    type: 'string',
    sql: slugOf(catalogs, recognitionAgreements.catalogId),
    description: 'The slug of the catalog it extends (LISTING).',
  },
  qualification: {
    type: 'string',
    sql: slugOf(qualifications, recognitionAgreements.qualificationId),
    description: 'The slug of the qualification it makes count (EQUIVALENCE).',
  },
  parties: {
    type: 'jurisdictions',
    some: (condition) =>
      sql`EXISTS (SELECT 1 FROM ${agreementParties} AS party LEFT JOIN ${regionGroupMembers} AS member ON member.group_id = party.region_group_id
        WHERE party.agreement_id = ${recognitionAgreements.id} AND ${condition(sql`COALESCE(party.jurisdiction_id, member.jurisdiction_id)`)})`,
    description: 'Its parties (any role), by code: a region group stands for each of its members.',
  },
});

const slug: SortKey = { sql: recognitionAgreements.slug, cast: 'text', nullable: false, description: 'By slug' };

export const AGREEMENT_ORDER: OrderSpec = {
  name: 'RecognitionAgreementOrder',
  keys: {
    SLUG: slug,
    NAME: { sql: recognitionAgreements.name, cast: 'text', nullable: false, description: 'By English name' },
    KIND: { sql: sql`${recognitionAgreements.kind}::text`, cast: 'text', nullable: false, description: 'By kind (by its name)' },
    VALID_FROM: { sql: recognitionAgreements.validFrom, cast: 'date', nullable: false, description: 'By the first day it applies' },
    VALID_TO: {
      sql: recognitionAgreements.validTo,
      cast: 'date',
      nullable: true,
      description: 'By the last day it applies (open-ended as the latest)',
    },
  },
  tiebreak: slug,
};
