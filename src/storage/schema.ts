/**
 * The one `Database` type both dialects share. Dates are ISO text ('YYYY-MM-DD') in both, so the
 * SQL is the same; booleans and timestamps are normalised by the repositories' mappers.
 */
import type { Generated } from 'kysely';

export interface CalendarYearTable {
  year: number;
  /** The State Council notice as entered (title, number, date). */
  notice: string;
  entered_by: string;
  entered_at: string;
}

export interface CalendarDayTable {
  date: string;
  year: number;
  /** 'holiday' | 'workday' */
  kind: string;
  name: string | null;
}

export interface AuditEventTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: string;
}

export interface Database {
  calendar_year: CalendarYearTable;
  calendar_day: CalendarDayTable;
  audit_event: AuditEventTable;
}
