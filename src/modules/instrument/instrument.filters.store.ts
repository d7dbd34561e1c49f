import { sql } from 'drizzle-orm';
import type { FilterFields, OrderSpec, SortKey } from '../../db/keyset.ts';
import { authorities, instrumentAuthorities, instruments } from '../../db/tables/index.ts';

// NOTE: the filter and orders of the instruments connection, over the `instruments` row.

/** `condition` holds for one of the instrument's issuing authorities (`column` of the authority). */
const someAuthority = (column: string) => (condition: (value: ReturnType<typeof sql>) => ReturnType<typeof sql>) =>
  sql`EXISTS (SELECT 1 FROM ${instrumentAuthorities} AS ia JOIN ${authorities} AS a ON a.id = ia.authority_id
    WHERE ia.instrument_id = ${instruments.id} AND ${condition(sql`a.${sql.identifier(column)}`)})`;

export const instrumentFilterFields = (): FilterFields => ({
  slug: { type: 'string', sql: instruments.slug, description: 'The slug.' },
  kind: { type: 'enum', enum: 'InstrumentKind', sql: instruments.kind, description: 'What kind of document it is.' },
  title: { type: 'string', sql: instruments.title, description: 'The English title.' },
  titleZh: { type: 'string', sql: instruments.titleZh, description: 'The Chinese title.' },
  documentNumber: { type: 'string', sql: instruments.documentNumber, description: 'The document number (京人社事业发〔2025〕4号).' },
  issuedOn: { type: 'date', sql: instruments.issuedOn, description: 'The day it was issued.' },
  url: { type: 'string', sql: instruments.url, description: 'Where it is published.' },
  reliability: { type: 'enum', enum: 'Reliability', sql: instruments.reliability, description: 'How far the hub trusts it.' },
  authorities: { type: 'strings', some: someAuthority('slug'), description: 'The slugs of its issuing authorities.' },
  jurisdictions: {
    type: 'jurisdictions',
    some: someAuthority('jurisdiction_id'),
    description: 'The jurisdictions of its issuing authorities, by code.',
  },
});

const loaded: SortKey = { sql: instruments.id, cast: 'int', nullable: false, description: 'In the order they were loaded' };

export const INSTRUMENT_ORDER: OrderSpec = {
  name: 'InstrumentOrder',
  keys: {
    LOADED: loaded,
    ISSUED_ON: { sql: instruments.issuedOn, cast: 'date', nullable: true, description: 'By the day of issue (undated as the latest)' },
    SLUG: { sql: instruments.slug, cast: 'text', nullable: false, description: 'By slug' },
    TITLE: { sql: instruments.title, cast: 'text', nullable: false, description: 'By English title' },
    KIND: { sql: sql`${instruments.kind}::text`, cast: 'text', nullable: false, description: 'By kind (by its name)' },
    RELIABILITY: {
      sql: sql`${instruments.reliability}::text`,
      cast: 'text',
      nullable: false,
      description: 'By reliability (by its name: HIGH, LOW, MEDIUM)',
    },
  },
  tiebreak: loaded,
};
