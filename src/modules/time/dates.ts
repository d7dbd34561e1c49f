export type Precision = 'DAY' | 'MONTH' | 'YEAR';

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD (2025-02-30 is not one). */
export function isValidDay(value: string): boolean {
  const m = DAY_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** "2021-09" → 2021-09-01 at MONTH precision; "2021" → 2021-01-01 at YEAR; null when not a real date. */
export function parseFuzzyDate(value: string): { date: string; precision: Precision } | null {
  if (/^\d{4}$/.test(value)) {
    const date = `${value}-01-01`;
    return isValidDay(date) ? { date, precision: 'YEAR' } : null;
  }
  if (/^\d{4}-\d{2}$/.test(value)) {
    const date = `${value}-01`;
    return isValidDay(date) ? { date, precision: 'MONTH' } : null;
  }
  return isValidDay(value) ? { date: value, precision: 'DAY' } : null;
}

/** Today's calendar day in China Standard Time (UTC+8, no daylight saving). */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Shows a stored day at its precision: "2021-09-01" MONTH → "2021-09". */
export function formatAtPrecision(date: string, precision: Precision): string {
  if (precision === 'YEAR') return date.slice(0, 4);
  if (precision === 'MONTH') return date.slice(0, 7);
  return date;
}

/** The same day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
