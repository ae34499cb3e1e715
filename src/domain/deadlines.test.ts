/**
 * Deadlines across holidays with make-up working days. National Day 2024: 1–7 Oct off, Sun 29 Sep and
 * Sat 12 Oct worked. Spring Festival 2025: 28 Jan – 4 Feb off, Sun 26 Jan and Sat 8 Feb worked.
 */
import { describe, expect, it } from 'vitest';
import { createCalendar } from './calendar.ts';
import { deadline, timeliness } from './deadlines.ts';

const cal = createCalendar();

describe('deadlines of the points process on the official calendar', () => {
  it('opens the result 20 working days after an acceptance before National Day 2024', () => {
    // After Fri 27 Sep: Sun 29, Mon 30 Sep (2); 8–12 Oct (7); 14–18 (12); 21–25 (17); 28, 29, 30 Oct (20).
    expect(deadline(cal, 'resultVisible', '2024-09-27')).toEqual({ kind: 'resultVisible', from: '2024-09-27', lastDay: '2024-10-30', provisional: false });
  });

  it('refuses an objection filed on the 8th working day, across National Day 2024', () => {
    // Points received Mon 30 Sep 2024. Working days after it: 8, 9, 10, 11, 12 (Sat, worked), 14, 15 Oct.
    const last = deadline(cal, 'objection', '2024-09-30');
    expect(last.lastDay).toBe('2024-10-15');
    expect(timeliness(cal, 'objection', '2024-09-30', '2024-10-15')).toMatchObject({ onTime: true, workingDay: 7 });
    expect(timeliness(cal, 'objection', '2024-09-30', '2024-10-16')).toMatchObject({ onTime: false, workingDay: 8 });
  });

  it('gives the district 15 working days across the Spring Festival 2025', () => {
    // Objection Fri 24 Jan 2025: Sun 26, Mon 27 Jan (2); 5–8 Feb, 8 a worked Saturday (6); 10–14 (11); 17–20 Feb (15).
    expect(deadline(cal, 'districtVerification', '2025-01-24').lastDay).toBe('2025-02-20');
  });

  it('refuses a city review asked one day too late', () => {
    // District result Mon 27 Jan 2025: 5, 6, 7, 8 (Sat), 10, 11, 12 Feb are working days 1–7.
    expect(timeliness(cal, 'cityReviewRequest', '2025-01-27', '2025-02-12').onTime).toBe(true);
    expect(timeliness(cal, 'cityReviewRequest', '2025-01-27', '2025-02-13').onTime).toBe(false);
  });

  it('marks a deadline that runs into a year without a notice as provisional', () => {
    expect(deadline(cal, 'objection', '2026-12-28')).toMatchObject({ provisional: true });
  });
});
