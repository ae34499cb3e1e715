/**
 * The working-day calendar, as specifications. Every expected date below was counted by hand from
 * the State Council notice on the year's holidays, one day at a time; the count is in the comment.
 *
 * The rule under test: "N working days after D" is the N-th working day strictly after D.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDay, toDay } from '../rules/dates.ts';
import { createCalendar, type CalendarOverrides } from './calendar.ts';

const cal = createCalendar();

/**
 * A made-up but plausible notice for 2027 (the real one is not out yet): New Year's Day Fri 1 –
 * Sun 3 January; Spring Festival (New Year's Day of the lunar year is Sat 6 February 2027) Fri 5 –
 * Thu 11 February, with make-up working days Sun 31 January and Sat 20 February.
 */
const notice2027: CalendarOverrides = {
  years: [{ year: 2027, notice: '国务院办公厅关于2027年部分节假日安排的通知（测试用，虚构）' }],
  days: [
    ...['01', '02', '03'].map((d) => ({ date: `2027-01-${d}`, kind: 'holiday' as const, name: '元旦' })),
    ...['05', '06', '07', '08', '09', '10', '11'].map((d) => ({ date: `2027-02-${d}`, kind: 'holiday' as const, name: '春节' })),
    { date: '2027-01-31', kind: 'workday', name: '春节' },
    { date: '2027-02-20', kind: 'workday', name: '春节' },
  ],
};

describe('National Day 2024 (holidays Tue 1 – Mon 7 Oct; make-up working days Sun 29 Sep and Sat 12 Oct)', () => {
  it('treats Sunday 29 September 2024 as a make-up working day', () => {
    expect(cal.dayInfo('2024-09-29')).toEqual({ date: '2024-09-29', working: true, kind: 'makeUpWorkday', name: '国庆节', provisional: false });
  });

  it('treats 1–7 October 2024 as holidays, weekend days included, and 8 October as a working day', () => {
    for (let d = 1; d <= 7; d++) {
      const info = cal.dayInfo(`2024-10-0${d}`);
      expect(info.working).toBe(false);
      expect(info.kind).toBe('holiday');
    }
    expect(cal.dayInfo('2024-10-07')).toMatchObject({ working: false, kind: 'holiday', name: '国庆节' });
    expect(cal.dayInfo('2024-10-08')).toEqual({ date: '2024-10-08', working: true, kind: 'workday', provisional: false });
  });

  it('treats Saturday 12 October 2024 as a working day and Sunday 13 October as a weekend', () => {
    expect(cal.dayInfo('2024-10-12')).toMatchObject({ working: true, kind: 'makeUpWorkday' });
    expect(cal.dayInfo('2024-10-13')).toMatchObject({ working: false, kind: 'weekend' });
  });

  it('puts 7 working days after Fri 27 Sep 2024 on Sat 12 Oct', () => {
    // Sat 28 rests; Sun 29 (1, make-up), Mon 30 (2); 1–7 Oct holiday; Tue 8 (3), Wed 9 (4),
    // Thu 10 (5), Fri 11 (6), Sat 12 (7, make-up).
    expect(cal.addWorkingDays('2024-09-27', 7)).toEqual({ date: '2024-10-12', provisional: false });
    expect(cal.workingDaysBetween('2024-09-27', '2024-10-12')).toBe(7);
  });

  it('puts 15 working days after Mon 30 Sep 2024 on Fri 25 Oct', () => {
    // 1–7 Oct holiday; Tue 8 (1), 9 (2), 10 (3), Fri 11 (4), Sat 12 (5, make-up); Sun 13 rests;
    // Mon 14 (6) … Fri 18 (10); Mon 21 (11) … Fri 25 (15).
    expect(cal.addWorkingDays('2024-09-30', 15)).toEqual({ date: '2024-10-25', provisional: false });
    expect(cal.workingDaysBetween('2024-09-30', '2024-10-25')).toBe(15);
  });
});

describe('Spring Festival 2025 (holidays Tue 28 Jan – Tue 4 Feb; make-up working days Sun 26 Jan and Sat 8 Feb)', () => {
  it('puts 7 working days after Fri 24 Jan 2025 on Mon 10 Feb', () => {
    // Sat 25 rests; Sun 26 (1, make-up), Mon 27 (2); 28 Jan – 4 Feb holiday; Wed 5 (3), Thu 6 (4),
    // Fri 7 (5), Sat 8 (6, make-up); Sun 9 rests; Mon 10 (7).
    expect(cal.addWorkingDays('2025-01-24', 7)).toEqual({ date: '2025-02-10', provisional: false });
  });

  it('puts 20 working days after Fri 24 Jan 2025 on Thu 27 Feb', () => {
    // As above to Mon 10 Feb (7); Tue 11 (8) … Fri 14 (11); Mon 17 (12) … Fri 21 (16);
    // Mon 24 (17), Tue 25 (18), Wed 26 (19), Thu 27 (20).
    expect(cal.addWorkingDays('2025-01-24', 20)).toEqual({ date: '2025-02-27', provisional: false });
    expect(cal.workingDaysBetween('2025-01-24', '2025-02-27')).toBe(20);
  });

  it('treats Sunday 26 January and Saturday 8 February 2025 as working days, 28 January – 4 February as holidays', () => {
    expect(cal.dayInfo('2025-01-26')).toMatchObject({ working: true, kind: 'makeUpWorkday', name: '春节' });
    expect(cal.dayInfo('2025-02-08')).toMatchObject({ working: true, kind: 'makeUpWorkday' });
    expect(cal.dayInfo('2025-01-28')).toMatchObject({ working: false, kind: 'holiday', name: '春节' });
    expect(cal.dayInfo('2025-02-04')).toMatchObject({ working: false, kind: 'holiday' });
    expect(cal.workingDaysBetween('2025-01-27', '2025-02-04')).toBe(0);
  });
});

describe('"N working days after D" is the N-th working day strictly after D', () => {
  it('puts 1 working day after Friday 15 November 2024 (no holiday near) on Monday 18 November', () => {
    expect(cal.addWorkingDays('2024-11-15', 1)).toEqual({ date: '2024-11-18', provisional: false });
  });

  it('does not count D even when D is a working day: 1 working day after Mon 18 Nov 2024 is Tue 19 Nov', () => {
    expect(cal.addWorkingDays('2024-11-18', 1).date).toBe('2024-11-19');
  });

  it('puts 1 working day after a holiday (Thu 3 Oct 2024) on the first working day after the holidays, Tue 8 Oct', () => {
    expect(cal.addWorkingDays('2024-10-03', 1).date).toBe('2024-10-08');
  });

  it('puts 1 working day after a weekend day (Sat 16 Nov 2024) on Mon 18 Nov, and after a make-up Saturday (12 Oct 2024) on Mon 14 Oct', () => {
    expect(cal.addWorkingDays('2024-11-16', 1).date).toBe('2024-11-18');
    expect(cal.addWorkingDays('2024-10-12', 1).date).toBe('2024-10-14');
  });

  it('gives D itself for 0 working days, even on a holiday, and never provisional', () => {
    expect(cal.addWorkingDays('2024-10-03', 0)).toEqual({ date: '2024-10-03', provisional: false });
    expect(cal.addWorkingDays('2027-06-01', 0)).toEqual({ date: '2027-06-01', provisional: false });
  });

  it('refuses a negative or fractional number of working days, and a malformed date', () => {
    expect(() => cal.addWorkingDays('2024-10-03', -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2024-10-03', 1.5)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2024-10-03', Number.NaN)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2024-02-30', 1)).toThrow(/not a date/);
    expect(() => cal.dayInfo('20241003')).toThrow(/not a date/);
    expect(() => cal.workingDaysBetween('2024-10-03', '2024-13-01')).toThrow(/not a date/);
  });

  it('counts working days in (from, to]: none when to is not after from', () => {
    expect(cal.workingDaysBetween('2024-11-18', '2024-11-18')).toBe(0);
    expect(cal.workingDaysBetween('2024-11-19', '2024-11-18')).toBe(0);
    // (Fri 15, Mon 18]: only Monday counts.
    expect(cal.workingDaysBetween('2024-11-15', '2024-11-18')).toBe(1);
  });
});

describe('coverage: 2026 is covered by chinese-days, 2027 is not until its notice is entered', () => {
  it('covers 2004–2026 from chinese-days, and nothing else by default', () => {
    const years = cal.coveredYears();
    expect(years[0]).toBe(2004);
    expect(years[years.length - 1]).toBe(2026);
    expect(years).toHaveLength(23);
    expect(cal.isCovered(2026)).toBe(true);
    expect(cal.isCovered(2003)).toBe(false);
    expect(cal.isCovered(2027)).toBe(false);
  });

  it('computes within 2026 without the provisional mark (3 working days after Fri 25 Dec 2026: 28, 29, 30 Dec)', () => {
    expect(cal.addWorkingDays('2026-12-25', 3)).toEqual({ date: '2026-12-30', provisional: false });
    expect(cal.dayInfo('2026-12-31').provisional).toBe(false);
  });

  it('marks 3 working days after Wed 30 Dec 2026 provisional and skips 1 Jan 2027', () => {
    // Thu 31 Dec (1); Fri 1 Jan 2027 is a fixed holiday; Sat 2, Sun 3 rest; Mon 4 (2), Tue 5 (3).
    expect(cal.addWorkingDays('2026-12-30', 3)).toEqual({ date: '2027-01-05', provisional: true });
    expect(cal.dayInfo('2027-01-01')).toEqual({ date: '2027-01-01', working: false, kind: 'holiday', name: '元旦', provisional: true });
    expect(cal.dayInfo('2027-01-04')).toEqual({ date: '2027-01-04', working: true, kind: 'workday', provisional: true });
  });

  it('marks a computation provisional as soon as one day of it lies in 2027: 1 working day after Thu 31 Dec 2026 is Mon 4 Jan 2027', () => {
    expect(cal.addWorkingDays('2026-12-31', 1)).toEqual({ date: '2027-01-04', provisional: true });
  });

  it('keeps only the holidays fixed by date in an uncovered year: 1 Jan, 1–2 May (2 May from 2025), 1–3 Oct; no make-up days', () => {
    // 2028: Tue 2 May and Tue 3 Oct are weekdays that rest; Mon 2 Oct rests; Wed 4 Oct works.
    expect(cal.dayInfo('2028-05-01')).toMatchObject({ kind: 'holiday', name: '劳动节', provisional: true });
    expect(cal.dayInfo('2028-05-02')).toMatchObject({ kind: 'holiday', name: '劳动节', provisional: true });
    expect(cal.dayInfo('2028-05-03')).toMatchObject({ kind: 'workday', provisional: true });
    expect(cal.dayInfo('2028-10-02')).toMatchObject({ kind: 'holiday', name: '国庆节' });
    expect(cal.dayInfo('2028-10-03')).toMatchObject({ kind: 'holiday', name: '国庆节' });
    expect(cal.dayInfo('2028-10-04')).toMatchObject({ kind: 'workday', provisional: true });
    expect(cal.dayInfo('2028-10-07')).toMatchObject({ kind: 'weekend', working: false, provisional: true });
    // Before chinese-days (2004) the same guess holds; 2 May 2003 (a Friday) was then a working day by that rule.
    expect(cal.dayInfo('2003-05-02')).toMatchObject({ kind: 'workday', provisional: true });
    // 30 working days after Wed 30 Dec 2026, guessing: Thu 31 Dec (1); Mon 4 – Fri 8 Jan (2–6),
    // 11–15 (7–11), 18–22 (12–16), 25–29 (17–21), Mon 1 – Fri 5 Feb (22–26), Mon 8 – Thu 11 Feb (27–30).
    expect(cal.addWorkingDays('2026-12-30', 30)).toEqual({ date: '2027-02-11', provisional: true });
  });

  it('follows an entered 2027 notice, and no longer marks dates through 2027 provisional', () => {
    const withNotice = createCalendar(notice2027);
    expect(withNotice.isCovered(2027)).toBe(true);
    expect(withNotice.coveredYears().at(-1)).toBe(2027);
    // Thu 31 Dec (1); 1–3 Jan holiday; Mon 4 (2), Tue 5 (3): the same date, now firm.
    expect(withNotice.addWorkingDays('2026-12-30', 3)).toEqual({ date: '2027-01-05', provisional: false });
    // 30 working days after Wed 30 Dec 2026 under the notice: Thu 31 Dec (1); 4–8 Jan (2–6),
    // 11–15 (7–11), 18–22 (12–16), 25–29 (17–21); Sun 31 Jan (22, make-up); Mon 1 – Thu 4 Feb (23–26);
    // 5–11 Feb holiday; Fri 12 (27); Mon 15 (28), Tue 16 (29), Wed 17 (30).
    expect(withNotice.addWorkingDays('2026-12-30', 30)).toEqual({ date: '2027-02-17', provisional: false });
    expect(withNotice.dayInfo('2027-01-31')).toEqual({ date: '2027-01-31', working: true, kind: 'makeUpWorkday', name: '春节', provisional: false });
    expect(withNotice.dayInfo('2027-02-20')).toMatchObject({ working: true, kind: 'makeUpWorkday' });
    expect(withNotice.dayInfo('2027-02-08')).toMatchObject({ working: false, kind: 'holiday', name: '春节' });
    // The notice replaces the guess: a date the notice does not list is an ordinary day.
    expect(withNotice.dayInfo('2027-05-03')).toEqual({ date: '2027-05-03', working: true, kind: 'workday', provisional: false });
    // 2028 is still a guess.
    expect(withNotice.addWorkingDays('2027-12-30', 1)).toEqual({ date: '2027-12-31', provisional: false });
    expect(withNotice.addWorkingDays('2027-12-31', 1)).toEqual({ date: '2028-01-03', provisional: true });
  });

  it('lets an override day correct chinese-days for a year whose notice is entered', () => {
    const corrected = createCalendar({
      years: [{ year: 2024, notice: '国办发明电〔2023〕7号' }],
      days: [{ date: '2024-10-08', kind: 'holiday', name: '国庆节（更正，测试用）' }],
    });
    // Sun 29 Sep (1), Mon 30 (2); 1–8 Oct holiday; Wed 9 (3), 10 (4), 11 (5), Sat 12 (6, make-up);
    // Sun 13 rests; Mon 14 (7).
    expect(corrected.addWorkingDays('2024-09-27', 7)).toEqual({ date: '2024-10-14', provisional: false });
    expect(corrected.dayInfo('2024-10-08')).toMatchObject({ working: false, kind: 'holiday', name: '国庆节（更正，测试用）' });
    // And the other way round: a workday override takes back a chinese-days holiday.
    const back = createCalendar({ years: [{ year: 2024, notice: '国办发明电〔2023〕7号' }], days: [{ date: '2024-10-07', kind: 'workday' }] });
    expect(back.dayInfo('2024-10-07')).toEqual({ date: '2024-10-07', working: true, kind: 'workday', provisional: false });
  });

  it('accepts a day at the end of December under the next year\'s notice, leaving that December year a guess', () => {
    const c = createCalendar({ years: [{ year: 2028, notice: '2028年通知（测试用，虚构）' }], days: [{ date: '2027-12-31', kind: 'holiday', name: '元旦' }] });
    expect(c.isCovered(2027)).toBe(false);
    expect(c.dayInfo('2027-12-31')).toEqual({ date: '2027-12-31', working: false, kind: 'holiday', name: '元旦', provisional: true });
  });
});

describe('override validation names the offending entry', () => {
  const years = [{ year: 2027, notice: '2027年通知（测试用）' }];

  it('rejects a date that is not a real date', () => {
    expect(() => createCalendar({ years, days: [{ date: '2027-02-30', kind: 'holiday' }] })).toThrow(/days\[0\] .*"2027-02-30".*not a real date/);
    expect(() => createCalendar({ years, days: [{ date: '2027-1-4', kind: 'holiday' }] })).toThrow(/days\[0\] .*"2027-1-4"/);
  });

  it('rejects the same date twice with conflicting kinds, naming both entries, but accepts an exact repeat', () => {
    const days = [
      { date: '2027-01-01', kind: 'holiday' as const },
      { date: '2027-02-05', kind: 'holiday' as const },
      { date: '2027-02-05', kind: 'workday' as const },
    ];
    expect(() => createCalendar({ years, days })).toThrow(/days\[2\] .*"2027-02-05".*conflicts with days\[1\]/);
    expect(() => createCalendar({ years, days: [days[1]!, days[1]!] })).not.toThrow();
  });

  it('rejects a day whose year has no notice entry (nor the next year)', () => {
    expect(() => createCalendar({ years, days: [{ date: '2027-01-01', kind: 'holiday' }, { date: '2029-01-01', kind: 'holiday' }] })).toThrow(
      /days\[1\] .*"2029-01-01".*no notice is entered for 2029/,
    );
    // A correction of chinese-days also needs the notice it comes from.
    expect(() => createCalendar({ years: [], days: [{ date: '2024-10-08', kind: 'holiday' }] })).toThrow(/days\[0\] .*"2024-10-08".*no notice/);
  });

  it('rejects an unknown kind, a bad year, an empty notice and a year entered twice', () => {
    const badKind = { years, days: [{ date: '2027-01-01', kind: 'rest' }] } as unknown as CalendarOverrides;
    expect(() => createCalendar(badKind)).toThrow(/days\[0\] .*"rest".*kind must be/);
    expect(() => createCalendar({ years: [{ year: 2027.5, notice: 'x' }], days: [] })).toThrow(/years\[0\] .*2027\.5/);
    expect(() => createCalendar({ years: [{ year: 2027, notice: '  ' }], days: [] })).toThrow(/years\[0\] .*notice must name/);
    expect(() => createCalendar({ years: [...years, { year: 2027, notice: '又一份' }], days: [] })).toThrow(/years\[1\] .*entered twice/);
  });
});

describe('properties', () => {
  // Dates 1990–2060 fall in the precomputed table; 2150–2250 are answered day by day.
  const inTable = fc.integer({ min: toDay('1990-01-01'), max: toDay('2060-12-31') });
  const farOff = fc.integer({ min: toDay('2150-01-01'), max: toDay('2250-12-31') });
  const anyDay = fc.oneof(inTable, farOff);
  const calendars = [cal, createCalendar(notice2027)];

  it('round-trips: workingDaysBetween(d, addWorkingDays(d, n).date) === n', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 0, max: 400 }), fc.constantFrom(...calendars), (day, n, c) => {
        const d = formatDay(day);
        return c.workingDaysBetween(d, c.addWorkingDays(d, n).date) === n;
      }),
      { numRuns: 2000 },
    );
  });

  it('lands, for n ≥ 1, on a working day strictly after d, and adding a then b is adding a + b', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 200 }), (day, a, b) => {
        const d = formatDay(day);
        const r = cal.addWorkingDays(d, a);
        expect(toDay(r.date)).toBeGreaterThan(day);
        expect(cal.dayInfo(r.date).working).toBe(true);
        expect(cal.addWorkingDays(r.date, b).date).toBe(cal.addWorkingDays(d, a + b).date);
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with counting dayInfo one day at a time, provisional mark included, across the edges of the table', () => {
    const edges = fc.oneof(
      fc.integer({ min: toDay('1983-12-01'), max: toDay('1984-02-01') }),
      fc.integer({ min: toDay('2056-12-01'), max: toDay('2057-02-01') }),
      fc.integer({ min: toDay('2026-12-01'), max: toDay('2027-02-01') }),
      inTable,
    );
    fc.assert(
      fc.property(edges, fc.integer({ min: 0, max: 60 }), (day, n) => {
        const d = formatDay(day);
        const r = cal.addWorkingDays(d, n);
        let count = 0;
        let provisional = false;
        let x = day;
        while (count < n) {
          x++;
          const info = cal.dayInfo(formatDay(x));
          provisional ||= info.provisional;
          if (info.working) count++;
        }
        expect(r).toEqual({ date: formatDay(x), provisional });
        expect(cal.workingDaysBetween(d, formatDay(x + 3))).toBe(
          n + [1, 2, 3].filter((k) => cal.dayInfo(formatDay(x + k)).working).length,
        );
      }),
      { numRuns: 500 },
    );
  });
});
