// What the exports promise, written out apart from the code that builds them.

/** The completeness columns every exported row ends with, in order. */
export const COMPLETENESS_COLUMNS = [
  'completeness_of',
  'declared_size',
  'loaded_size',
  'complete',
  'edition_valid_from',
  'edition_valid_from_precision',
  'edition_valid_to',
  'edition_valid_to_precision',
  'edition_source_titles',
  'edition_source_urls',
];
