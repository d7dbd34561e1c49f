import { filterInput } from '../../graphql/filters.ts';
import { orderEnum } from '../../graphql/ordering.ts';
import { QUALIFICATION_ORDER, qualificationFilterFields } from './qualification.filters.store.ts';

// NOTE: the GraphQL inputs of the qualification filter and orders (their SQL: qualification.filters.store.ts).

export const QualificationFilterInput = filterInput(
  'QualificationFilter',
  'Conditions on qualifications, in the style of PostGraphile’s connection filters.',
  qualificationFilterFields,
);

export const QualificationOrderEnum = orderEnum(
  {
    ...QUALIFICATION_ORDER,
    extra: {
      RELEVANCE: {
        description:
          'Best match to `search` first (exact, then prefix, then substring, then similar spelling); by slug among equals. The default with `search`; it cannot be combined with other orders.',
      },
    },
  },
  'How a list of qualifications is ordered: one or more keys, each ascending or descending; the slug breaks ties.',
);
