/**
 * The working-day overrides an administrator enters for years the bundled calendar does not cover
 * (or to correct one). Entering a year replaces that year's days as a whole, in one transaction, with
 * an audit event: a half-entered notice can never be read.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { appendAudit } from './audit.ts';

export interface CalendarDayRow {
  date: string;
  kind: 'holiday' | 'workday';
  name?: string;
}

export interface CalendarYearNotice {
  year: number;
  notice: string;
  enteredBy: string;
  enteredAt: string;
}

export interface StoredOverrides {
  years: CalendarYearNotice[];
  /** Each day with the year of the notice it was entered under (a previous December's day too). */
  days: Array<CalendarDayRow & { notice: number }>;
}

export class CalendarRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async load(): Promise<StoredOverrides> {
    const years = await this.db.selectFrom('calendar_year').selectAll().orderBy('year').execute();
    const days = await this.db.selectFrom('calendar_day').selectAll().orderBy('date').execute();
    return {
      years: years.map((y) => ({ year: Number(y.year), notice: y.notice, enteredBy: y.entered_by, enteredAt: y.entered_at })),
      days: days.map((d) => {
        const row: CalendarDayRow & { notice: number } = { date: d.date, kind: d.kind === 'workday' ? 'workday' : 'holiday', notice: Number(d.year) };
        if (d.name !== null) row.name = d.name;
        return row;
      }),
    };
  }

  /**
   * Replaces everything entered for `year` with this notice and these days. A notice may also name
   * days at the end of the previous December (the domain calendar accepts them, src/domain/calendar.ts);
   * such a day may be entered under one notice only.
   */
  async enterYear(year: number, notice: string, days: readonly CalendarDayRow[], actor: string, at: string): Promise<void> {
    for (const d of days) {
      if (!d.date.startsWith(`${year}-`) && !d.date.startsWith(`${year - 1}-12-`)) {
        throw new Error(`calendar day ${d.date} is not in ${year} (nor in the December before it)`);
      }
    }
    await this.db.transaction().execute(async (trx) => {
      if (days.length > 0) {
        const dates = days.map((d) => d.date);
        const taken = await trx.selectFrom('calendar_day').select(['date', 'year']).where('date', 'in', dates).where('year', '!=', year).execute();
        if (taken.length > 0) throw new Error(`calendar day ${taken[0]!.date} is already entered under the ${String(taken[0]!.year)} notice`);
      }
      await trx.deleteFrom('calendar_day').where('year', '=', year).execute();
      await trx.deleteFrom('calendar_year').where('year', '=', year).execute();
      await trx.insertInto('calendar_year').values({ year, notice, entered_by: actor, entered_at: at }).execute();
      if (days.length > 0) {
        await trx
          .insertInto('calendar_day')
          .values(days.map((d) => ({ date: d.date, year, kind: d.kind, name: d.name ?? null })))
          .execute();
      }
      await appendAudit(trx, {
        at,
        actor,
        action: 'calendar.enterYear',
        subject: `calendar:${year}`,
        detail: { notice, holidays: days.filter((d) => d.kind === 'holiday').length, workdays: days.filter((d) => d.kind === 'workday').length },
      });
    });
  }
}
