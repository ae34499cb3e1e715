/**
 * Working days on the official calendar: the bundled notices (chinese-days) plus the years an
 * administrator has entered. Processes are stateless, so the entered years are re-read from the
 * database when the cached copy is older than `maxAgeMs` — another instance may have entered one.
 */
import { createCalendar, type WorkingCalendar } from '../domain/calendar.ts';
import { parseDate } from '../rules/dates.ts';
import type { Locale } from '../rules/index.ts';
import type { CalendarDayRow, CalendarRepository } from '../storage/repositories/calendar.ts';
import { AppError, invalidInput } from './errors.ts';

export interface WorkingDayAnswer {
  from: string;
  days: number;
  date: string;
  provisional: boolean;
}

export class CalendarService {
  private cal: WorkingCalendar = createCalendar();
  private loadedAt = -Infinity;

  constructor(
    private readonly repo: CalendarRepository,
    private readonly now: () => Date,
    private readonly maxAgeMs = 60_000,
  ) {}

  async calendar(): Promise<WorkingCalendar> {
    if (this.now().getTime() - this.loadedAt > this.maxAgeMs) await this.reload();
    return this.cal;
  }

  async reload(): Promise<void> {
    const stored = await this.repo.load();
    this.cal = createCalendar({ years: stored.years.map((y) => ({ year: y.year, notice: y.notice })), days: stored.days });
    this.loadedAt = this.now().getTime();
  }

  async addWorkingDays(from: string | undefined, days: string | undefined, locale: Locale): Promise<WorkingDayAnswer> {
    const errors = [];
    if (from === undefined || parseDate(from) === undefined) {
      errors.push({ path: 'from', message: locale === 'en' ? 'must be a real date written YYYY-MM-DD' : '须为真实日期,格式 YYYY-MM-DD' });
    }
    const n = days === undefined ? NaN : Number(days);
    if (!Number.isInteger(n) || n < 0 || n > 3650) {
      errors.push({ path: 'days', message: locale === 'en' ? 'must be a whole number from 0 to 3650' : '须为 0 到 3650 的整数' });
    }
    if (errors.length > 0 || from === undefined) throw invalidInput(errors);
    const r = (await this.calendar()).addWorkingDays(from, n);
    return { from, days: n, date: r.date, provisional: r.provisional };
  }

  /** Enters (or replaces) a year's State Council notice; the whole calendar is checked before it is stored. */
  async enterYear(year: number, notice: string, days: CalendarDayRow[], actor: string): Promise<void> {
    const stored = await this.repo.load();
    const years = stored.years.filter((y) => y.year !== year).map((y) => ({ year: y.year, notice: y.notice }));
    years.push({ year, notice });
    const others = stored.days.filter((d) => d.notice !== year).map(({ notice: _notice, ...d }) => d);
    try {
      createCalendar({ years, days: [...others, ...days] });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new AppError('INVALID_INPUT', { 'zh-CN': `节假日安排有误: ${message}`, en: `invalid calendar: ${message}` }, [
        { path: 'days', message },
      ]);
    }
    try {
      await this.repo.enterYear(year, notice, days, actor, this.now().toISOString());
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!/^calendar day /.test(message)) throw err;
      throw new AppError('INVALID_INPUT', { 'zh-CN': `节假日安排有误: ${message}`, en: `invalid calendar: ${message}` }, [{ path: 'days', message }]);
    }
    await this.reload();
  }
}
