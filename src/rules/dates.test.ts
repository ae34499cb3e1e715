import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addYears, civil, dayNumber, formatDay, fullYears, parseDate, parseMonth, todayInChina } from './dates.ts';

describe('dates', () => {
  it('rejects dates that do not exist', () => {
    expect(parseDate('2023-02-29')).toBeUndefined();
    expect(parseDate('2024-02-29')).toBeDefined();
    expect(parseDate('2024-13-01')).toBeUndefined();
    expect(parseDate('2024-04-31')).toBeUndefined();
    expect(parseDate('2024-4-1')).toBeUndefined();
    expect(parseDate('2024-1a-01')).toBeUndefined();
    expect(parseDate(' 2024-01-01')).toBeUndefined();
    expect(parseDate('2024/01/01')).toBeUndefined();
    expect(parseDate('2024-01-00')).toBeUndefined();
    expect(parseMonth('2024-00')).toBeUndefined();
    expect(parseMonth('2024-12')).toBe(2024 * 12 + 11);
  });

  it('round-trips every day between 1900 and 2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber(1900, 1, 1), max: dayNumber(2100, 12, 31) }), (d) => {
        expect(parseDate(formatDay(d))).toBe(d);
        const c = civil(d);
        expect(dayNumber(c.y, c.m, c.d)).toBe(d);
      }),
    );
  });

  it('counts full years of age, a birthday counting on the day itself', () => {
    expect(fullYears(parseDate('1990-03-01')!, parseDate('2020-02-29')!)).toBe(29);
    expect(fullYears(parseDate('1990-03-01')!, parseDate('2020-03-01')!)).toBe(30);
  });

  it('moves 29 February to 28 February in a common year', () => {
    expect(formatDay(addYears(parseDate('2020-02-29')!, -5))).toBe('2015-02-28');
  });

  it('gives the date in China (UTC+8), not the server time zone', () => {
    expect(todayInChina(new Date('2026-12-01T16:30:00Z'))).toBe('2026-12-02');
    expect(todayInChina(new Date('2026-12-01T15:59:59Z'))).toBe('2026-12-01');
  });
});
