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
  days: CalendarDayRow[];
}

export class CalendarRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async load(): Promise<StoredOverrides> {
    const years = await this.db.selectFrom('calendar_year').selectAll().orderBy('year').execute();
    const days = await this.db.selectFrom('calendar_day').selectAll().orderBy('date').execute();
    return {
      years: years.map((y) => ({ year: Number(y.year), notice: y.notice, enteredBy: y.entered_by, enteredAt: y.entered_at })),
      days: days.map((d) => {
        const row: CalendarDayRow = { date: d.date, kind: d.kind === 'workday' ? 'workday' : 'holiday' };
        if (d.name !== null) row.name = d.name;
        return row;
      }),
    };
  }

  /** Replaces everything entered for `year` with this notice and these days. */
  async enterYear(year: number, notice: string, days: readonly CalendarDayRow[], actor: string, at: string): Promise<void> {
    for (const d of days) {
      if (!d.date.startsWith(`${year}-`)) throw new Error(`calendar day ${d.date} is not in ${year}`);
    }
    await this.db.transaction().execute(async (trx) => {
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
