import { filterInput } from '../../graphql/filters.ts';
import { orderEnum } from '../../graphql/ordering.ts';
import { AGREEMENT_ORDER, agreementFilterFields } from './agreement.filters.store.ts';

// NOTE: the GraphQL inputs of the agreement filter and orders (their SQL: agreement.filters.store.ts).

export const AgreementFilterInput = filterInput(
  'RecognitionAgreementFilter',
  'Conditions on recognition agreements.',
  agreementFilterFields,
);

export const AgreementOrderEnum = orderEnum(
  AGREEMENT_ORDER,
  'How agreements are ordered: one or more keys, each ascending or descending; the slug breaks ties.',
);
