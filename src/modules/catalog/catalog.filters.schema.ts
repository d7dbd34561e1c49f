import { filterInput } from '../../graphql/filters.ts';
import { orderEnum } from '../../graphql/ordering.ts';
import { EDITION_ORDER, ENTRY_ORDER, editionFilterFields, entryFilterFields } from './catalog.filters.store.ts';

// NOTE: the GraphQL inputs of the entry and edition filters and orders (their SQL: catalog.filters.store.ts).

export const CatalogEntryFilterInput = filterInput('CatalogEntryFilter', 'Conditions on the entries of an edition.', entryFilterFields);

export const CatalogEditionFilterInput = filterInput('CatalogEditionFilter', 'Conditions on catalog editions.', editionFilterFields);

export const EntryOrderEnum = orderEnum(
  ENTRY_ORDER,
  "How an edition's entries are ordered: one or more keys, each ascending or descending; the load order breaks ties.",
);

export const EditionOrderEnum = orderEnum(
  EDITION_ORDER,
  'How catalog editions are ordered: one or more keys, each ascending or descending; the load order breaks ties.',
);
