// A tile grid cartogram of China's 34 provincial-level divisions: one square each, placed by hand
// near its real position (column west to east, row north to south). No map data from anywhere.
export const TILES: Record<string, [col: number, row: number]> = {
  'CN-HL': [7, 0],
  'CN-XJ': [1, 1],
  'CN-NM': [5, 1],
  'CN-JL': [7, 1],
  'CN-GS': [3, 2],
  'CN-NX': [4, 2],
  'CN-SX': [5, 2],
  'CN-BJ': [6, 2],
  'CN-LN': [7, 2],
  'CN-XZ': [1, 3],
  'CN-QH': [2, 3],
  'CN-SN': [4, 3],
  'CN-HE': [5, 3],
  'CN-TJ': [6, 3],
  'CN-SC': [3, 4],
  'CN-CQ': [4, 4],
  'CN-HA': [5, 4],
  'CN-SD': [6, 4],
  'CN-YN': [3, 5],
  'CN-GZ': [4, 5],
  'CN-HB': [5, 5],
  'CN-AH': [6, 5],
  'CN-JS': [7, 5],
  'CN-SH': [8, 5],
  'CN-GX': [4, 6],
  'CN-HN': [5, 6],
  'CN-JX': [6, 6],
  'CN-ZJ': [7, 6],
  'CN-GD': [5, 7],
  'CN-FJ': [6, 7],
  'CN-TW': [7, 7],
  'CN-HI': [3, 8],
  'CN-MO': [4, 8],
  'CN-HK': [5, 8],
};

/** The tile a jurisdiction is drawn on: a city (CN-GD-SZ) on its province's. */
export function tileOf(code: string): string | undefined {
  const province = code.split('-').slice(0, 2).join('-');
  return province in TILES ? province : undefined;
}
