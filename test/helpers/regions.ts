// ISO 3166-2:CN (shared/reference/facts.md §5.1): the 31 mainland provincial-level divisions.
// Tests compare the hub's answers with these lists, written here independently of seeds/.
export const MAINLAND_PROVINCES = [
  'CN-AH',
  'CN-BJ',
  'CN-CQ',
  'CN-FJ',
  'CN-GD',
  'CN-GS',
  'CN-GX',
  'CN-GZ',
  'CN-HA',
  'CN-HB',
  'CN-HE',
  'CN-HI',
  'CN-HL',
  'CN-HN',
  'CN-JL',
  'CN-JS',
  'CN-JX',
  'CN-LN',
  'CN-NM',
  'CN-NX',
  'CN-QH',
  'CN-SC',
  'CN-SD',
  'CN-SH',
  'CN-SN',
  'CN-SX',
  'CN-TJ',
  'CN-XJ',
  'CN-XZ',
  'CN-YN',
  'CN-ZJ',
];

/** The 34 ISO 3166-2:CN codes: the mainland's 31, Hong Kong, Macao and Taiwan, in code order. */
export const ISO_CODES = [...MAINLAND_PROVINCES, 'CN-HK', 'CN-MO', 'CN-TW'].sort();
