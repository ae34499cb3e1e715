/**
 * The working-day deadlines of the points process (2020 FAQ Q11, Q12), counted on the official
 * calendar (src/domain/calendar.ts): "N working days after D" is the N-th working day strictly after D,
 * and a step is on time when it happens on or before that day.
 *
 * - results can be looked up 20 working days after acceptance (Q11);
 * - an objection to the district within 7 working days of getting the points (Q12);
 * - the district's verification within 15 working days of the objection (Q12);
 * - a request for city review within 7 working days of the district's result (Q12).
 *
 * Issue 5 (objections) applies these; the numbers are data so that a later text can change them.
 */
import type { WorkingCalendar } from './calendar.ts';

export const DEADLINES = {
  resultVisible: { workingDays: 20, source: '2020 FAQ Q11' },
  objection: { workingDays: 7, source: '2020 FAQ Q12' },
  districtVerification: { workingDays: 15, source: '2020 FAQ Q12' },
  cityReviewRequest: { workingDays: 7, source: '2020 FAQ Q12' },
} as const;

export type DeadlineKind = keyof typeof DEADLINES;

export interface Deadline {
  kind: DeadlineKind;
  /** The day the count starts from (not itself counted). */
  from: string;
  /** The last day on which the step is on time. */
  lastDay: string;
  /** True when the date runs through a year whose holiday notice is not yet entered. */
  provisional: boolean;
}

export function deadline(cal: WorkingCalendar, kind: DeadlineKind, from: string): Deadline {
  const r = cal.addWorkingDays(from, DEADLINES[kind].workingDays);
  return { kind, from, lastDay: r.date, provisional: r.provisional };
}

export interface Timeliness {
  onTime: boolean;
  /** Which working day after `from` the step falls on (0 when on `from` itself or before). */
  workingDay: number;
  deadline: Deadline;
}

/** Whether a step taken on `on` is within its deadline counted from `from`. */
export function timeliness(cal: WorkingCalendar, kind: DeadlineKind, from: string, on: string): Timeliness {
  const d = deadline(cal, kind, from);
  return { onTime: on <= d.lastDay, workingDay: cal.workingDaysBetween(from, on), deadline: d };
}
