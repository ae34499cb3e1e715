/** Stateless instances: a year entered through one instance reaches the others within maxAge. */
import { afterAll, describe, expect, it } from 'vitest';
import { CalendarService } from '../../src/services/calendar.ts';
import { openStore } from '../../src/storage/db.ts';
import { CalendarRepository } from '../../src/storage/repositories/calendar.ts';

describe('calendar service', async () => {
  const store = await openStore({ sqliteFile: ':memory:' });
  afterAll(() => store.close());
  let t = 0;
  const clock = (): Date => new Date(t);
  const a = new CalendarService(new CalendarRepository(store.db), clock, 60_000);
  const b = new CalendarService(new CalendarRepository(store.db), clock, 60_000);

  it('sees a notice entered by another instance once its cached copy is older than maxAge', async () => {
    expect((await b.addWorkingDays('2026-12-30', '3', 'zh-CN')).provisional).toBe(true);
    await a.enterYear(2027, '2027 notice', [{ date: '2027-01-01', kind: 'holiday' }, { date: '2027-01-04', kind: 'holiday' }], 'admin');
    expect((await a.addWorkingDays('2026-12-30', '3', 'zh-CN')).provisional).toBe(false);
    expect((await b.addWorkingDays('2026-12-30', '3', 'zh-CN')).provisional).toBe(true);
    t += 60_001;
    expect(await b.addWorkingDays('2026-12-30', '3', 'zh-CN')).toMatchObject({ date: '2027-01-06', provisional: false });
  });

  it('refuses a notice that would make the calendar invalid, naming the bad day, and stores nothing', async () => {
    await expect(a.enterYear(2028, 'bad', [{ date: '2028-13-01', kind: 'holiday' }], 'admin')).rejects.toThrow(/2028-13-01/);
    expect((await new CalendarRepository(store.db).load()).years.map((y) => y.year)).toEqual([2027]);
  });
});
