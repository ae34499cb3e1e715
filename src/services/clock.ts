/**
 * The clock and the official working-day calendar of a service that runs cases on deadlines
 * (applications, objections, settlement rounds): now as an ISO instant, today in China, and the
 * current calendar (a fixed one in tests, the administrator-maintained one in the server).
 */
import type { WorkingCalendar } from '../domain/calendar.ts';
import { todayInChina } from '../rules/index.ts';

export interface ClockDeps {
  now: () => Date;
  /** The official working-day calendar, or a way to get the current one (CalendarService#calendar). */
  calendar: WorkingCalendar | (() => Promise<WorkingCalendar>);
}

export abstract class ClockedService {
  protected constructor(private readonly clock: ClockDeps) {}

  protected at(): string {
    return this.clock.now().toISOString();
  }

  protected today(): string {
    return todayInChina(this.clock.now());
  }

  protected async calendar(): Promise<WorkingCalendar> {
    return typeof this.clock.calendar === 'function' ? this.clock.calendar() : this.clock.calendar;
  }
}
