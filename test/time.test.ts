import { describe, expect, it } from 'vitest';
import { formatAtPrecision, isValidDay, parseFuzzyDate, todayInChina } from '../src/modules/time/dates.ts';
import { type Dated, endOf, memberInForce, stateOn } from '../src/modules/time/validity.ts';

const ed = (validFrom: string, validTo: string | null = null, repealedOn: string | null = null, status = 'PUBLISHED'): Dated => ({
  status,
  validFrom,
  validTo,
  repealedOn,
});

describe('calendar days', () => {
  it.each([
    ['2025-02-28', true],
    ['2025-02-29', false],
    ['2024-02-29', true],
    ['2025-02-30', false],
    ['2025-13-01', false],
    ['2025-04-31', false],
    ['2025-1-01', false],
    ['20250101', false],
    ['2025-09-30', true],
  ])('%s is a real day: %s', (value, ok) => expect(isValidDay(value)).toBe(ok));

  it('stores a month or a year as its first day, with the precision', () => {
    expect(parseFuzzyDate('2021-09')).toEqual({ date: '2021-09-01', precision: 'MONTH' });
    expect(parseFuzzyDate('2024')).toEqual({ date: '2024-01-01', precision: 'YEAR' });
    expect(parseFuzzyDate('2022-06-30')).toEqual({ date: '2022-06-30', precision: 'DAY' });
    expect(parseFuzzyDate('2021-13')).toBeNull();
    expect(formatAtPrecision('2021-09-01', 'MONTH')).toBe('2021-09');
  });

  it('takes today in China Standard Time, not UTC', () => {
    expect(todayInChina(new Date('2025-09-29T15:59:59Z'))).toBe('2025-09-29');
    expect(todayInChina(new Date('2025-09-29T16:00:00Z'))).toBe('2025-09-30');
  });
});

describe('validity state', () => {
  const one = ed('2021-09-01', '2022-06-30');
  const two = ed('2022-06-30', '2023-09-04');
  const intl = ed('2024-01-01', null, '2025-09-05');
  const y2025 = ed('2025-09-05');
  const series = [one, two, intl, y2025];

  it('is half-open: in force from validFrom inclusive to validTo exclusive', () => {
    expect(stateOn(one, '2021-08-31', series)).toBe('NOT_YET_IN_FORCE');
    expect(stateOn(one, '2021-09-01', series)).toBe('IN_FORCE');
    expect(stateOn(one, '2022-06-29', series)).toBe('IN_FORCE');
    expect(stateOn(one, '2022-06-30', series)).toBe('SUPERSEDED');
    expect(stateOn(two, '2022-06-30', series)).toBe('IN_FORCE');
  });

  it('lapses when its period ends and nothing of the series starts that day', () => {
    expect(stateOn(two, '2023-09-04', series)).toBe('LAPSED');
  });

  it('is repealed from the repeal day, and REPEALED wins a tie with a successor', () => {
    expect(stateOn(intl, '2025-09-04', series)).toBe('IN_FORCE');
    expect(stateOn(intl, '2025-09-05', series)).toBe('REPEALED');
    expect(endOf(intl)).toBe('2025-09-05');
    expect(stateOn(ed('2020-01-01', '2021-01-01', '2021-01-01'), '2021-06-01', [ed('2021-01-01')])).toBe('REPEALED');
    expect(stateOn(ed('2020-01-01', '2021-01-01', '2022-01-01'), '2021-06-01', [])).toBe('LAPSED');
  });

  it('never puts an unpublished version in force', () => {
    expect(stateOn(ed('2020-01-01', null, null, 'APPROVED'), '2024-01-01')).toBe('NOT_YET_IN_FORCE');
    expect(memberInForce([ed('2020-01-01', null, null, 'WITHDRAWN')], '2024-01-01')).toBeNull();
  });

  it('finds the one member in force on a day', () => {
    expect(memberInForce(series, '2023-12-31')).toBeNull();
    expect(memberInForce(series, '2025-09-05')).toBe(y2025);
    expect(memberInForce(series, '2022-06-30')).toBe(two);
  });
});
