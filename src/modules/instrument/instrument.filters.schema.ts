import { filterInput } from '../../graphql/filters.ts';
import { orderEnum } from '../../graphql/ordering.ts';
import { INSTRUMENT_ORDER, instrumentFilterFields } from './instrument.filters.store.ts';

// NOTE: the GraphQL inputs of the instrument filter and orders (their SQL: instrument.filters.store.ts).

export const InstrumentFilterInput = filterInput('InstrumentFilter', 'Conditions on source documents.', instrumentFilterFields);

export const InstrumentOrderEnum = orderEnum(
  INSTRUMENT_ORDER,
  'How source documents are ordered: one or more keys, each ascending or descending; the load order breaks ties.',
);
