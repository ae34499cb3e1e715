/** The calendar repository's contract, run on every storage adapter. */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/storage/db.ts';
import { migrate } from '../../src/storage/db.ts';
import { CalendarRepository } from '../../src/storage/repositories/calendar.ts';
import { adapters, PG_SKIP_REASON } from '../support/stores.ts';

it('runs the PostgreSQL contract in CI', () => {
  if (process.env.CI) expect(PG_SKIP_REASON, 'CI must set JIFEN_TEST_PG_URL').toBeUndefined();
  else if (PG_SKIP_REASON) console.warn(PG_SKIP_REASON);
});

for (const adapter of adapters()) {
  describe(`calendar repository on ${adapter.name}`, () => {
    let store: Store;
    let repo: CalendarRepository;
    beforeEach(async () => {
      store = await adapter.open();
      repo = new CalendarRepository(store.db);
    });
    afterEach(async () => {
      await store.close();
    });
    afterAll(async () => {
      await adapter.cleanup();
    });

    it('starts empty after migration, and migrating again changes nothing', async () => {
      expect(await repo.load()).toEqual({ years: [], days: [] });
      expect(await migrate(store.db)).toEqual([]);
    });

    it('stores a year notice with its days and reads them back in date order', async () => {
      await repo.enterYear(
        2027,
        '国务院办公厅关于2027年部分节假日安排的通知',
        [
          { date: '2027-02-20', kind: 'workday', name: '春节' },
          { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        ],
        'admin-1',
        '2026-12-01T08:00:00.000Z',
      );
      const got = await repo.load();
      expect(got.years).toEqual([{ year: 2027, notice: '国务院办公厅关于2027年部分节假日安排的通知', enteredBy: 'admin-1', enteredAt: '2026-12-01T08:00:00.000Z' }]);
      expect(got.days).toEqual([
        { date: '2027-01-01', kind: 'holiday', name: '元旦', notice: 2027 },
        { date: '2027-02-20', kind: 'workday', name: '春节', notice: 2027 },
      ]);
    });

    it('replaces a year as a whole when it is entered again', async () => {
      await repo.enterYear(2027, 'first', [{ date: '2027-01-01', kind: 'holiday' }, { date: '2027-05-01', kind: 'holiday' }], 'a', '2026-12-01T00:00:00Z');
      await repo.enterYear(2027, 'corrected', [{ date: '2027-10-01', kind: 'holiday' }], 'b', '2026-12-02T00:00:00Z');
      const got = await repo.load();
      expect(got.years.map((y) => y.notice)).toEqual(['corrected']);
      expect(got.days.map((d) => d.date)).toEqual(['2027-10-01']);
    });

    it('refuses a day outside the year and keeps what was there', async () => {
      await repo.enterYear(2027, 'first', [{ date: '2027-01-01', kind: 'holiday' }], 'a', '2026-12-01T00:00:00Z');
      await expect(repo.enterYear(2027, 'bad', [{ date: '2028-01-01', kind: 'holiday' }], 'a', '2026-12-01T00:00:00Z')).rejects.toThrow(/2028-01-01/);
      expect((await repo.load()).years.map((y) => y.notice)).toEqual(['first']);
    });

    it("accepts a notice's day in the December before its year, once, as the domain calendar does", async () => {
      await repo.enterYear(2012, '2012 notice', [{ date: '2011-12-31', kind: 'workday' }, { date: '2012-01-01', kind: 'holiday' }], 'a', '2026-12-01T00:00:00Z');
      const got = await repo.load();
      expect(got.days.map((d) => d.date)).toEqual(['2011-12-31', '2012-01-01']);
      await expect(repo.enterYear(2012, 'bad', [{ date: '2011-11-30', kind: 'holiday' }], 'a', '2026-12-01T00:00:00Z')).rejects.toThrow(/2011-11-30/);
      await repo.enterYear(2011, '2011 notice', [{ date: '2011-10-01', kind: 'holiday' }], 'a', '2026-12-01T00:00:00Z');
      await expect(repo.enterYear(2013, 'x', [{ date: '2012-12-31', kind: 'workday' }], 'a', '2026-12-01T00:00:00Z')).resolves.toBeUndefined();
      // Re-entering the 2012 notice keeps its December day; another notice may not claim it.
      await repo.enterYear(2012, '2012 notice, again', [{ date: '2011-12-31', kind: 'workday' }], 'a', '2026-12-02T00:00:00Z');
      expect((await repo.load()).days.filter((d) => d.date === '2011-12-31')).toHaveLength(1);
      await expect(repo.enterYear(2011, '2011 notice, corrected', [{ date: '2011-12-31', kind: 'holiday' }], 'a', '2026-12-02T00:00:00Z')).rejects.toThrow(
        /2011-12-31 is already entered under the 2012 notice/,
      );
      expect((await repo.load()).years.find((y) => y.year === 2011)?.notice).toBe('2011 notice');
    });

    it('rolls back the whole entry when the database refuses a row', async () => {
      await repo.enterYear(2027, 'first', [{ date: '2027-01-01', kind: 'holiday' }], 'a', '2026-12-01T00:00:00Z');
      const bad = [{ date: '2027-10-01', kind: 'holiday' as const }, { date: '2027-10-01', kind: 'holiday' as const }];
      await expect(repo.enterYear(2027, 'duplicate', bad, 'a', '2026-12-01T00:00:00Z')).rejects.toThrow();
      const got = await repo.load();
      expect(got.years.map((y) => y.notice)).toEqual(['first']);
      expect(got.days.map((d) => d.date)).toEqual(['2027-01-01']);
    });

    it('records an audit event for each entry', async () => {
      await repo.enterYear(2027, 'n', [{ date: '2027-01-01', kind: 'holiday' }], 'admin-7', '2026-12-01T00:00:00Z');
      const events = await store.db.selectFrom('audit_event').selectAll().execute();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actor: 'admin-7', action: 'calendar.enterYear', subject: 'calendar:2027' });
    });
  });
}
