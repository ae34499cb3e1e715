/**
 * Publication of results (2020 FAQ Q11): every determined application whose visible date has come is
 * published and its applicant is told by SMS — the total, and the last day to ask the district for
 * verification (7 working days, Q12). Run daily (`jifen publish`); publishing is idempotent, so a
 * rerun sends nothing twice.
 */
import type { WorkingCalendar } from '../domain/calendar.ts';
import { deadline } from '../domain/deadlines.ts';
import { todayInChina } from '../rules/index.ts';
import type { PeopleRepository } from '../storage/repositories/people.ts';
import type { ApplicationService } from './applications.ts';
import type { SmsTransport } from './sms.ts';

export interface NotifyDeps {
  applications: ApplicationService;
  people: PeopleRepository;
  transport: SmsTransport;
  calendar: () => WorkingCalendar | Promise<WorkingCalendar>;
  now: () => Date;
}

export interface PublicationReport {
  day: string;
  published: number;
  notified: number;
  /** Published, but the person has no phone on record: they look the result up themselves. */
  withoutPhone: number;
}

export function resultMessage(total: number, lastDay: string, provisional: boolean): string {
  return `【杭州积分】您的居住证积分已核定,总分${total}分。如有异议,请于${lastDay}${provisional ? '(暂定)' : ''}前向区流动人口办申请核查。`;
}

export async function publishAndNotify(d: NotifyDeps, day: string = todayInChina(d.now())): Promise<PublicationReport> {
  const published = await d.applications.publishDue(day);
  const cal = await d.calendar();
  const objection = deadline(cal, 'objection', day);
  const report: PublicationReport = { day, published: published.length, notified: 0, withoutPhone: 0 };
  if (published.length === 0) return report;
  const people = await d.people.byIds(published.map((a) => a.personId));
  const phoneOf = new Map(people.map((p) => [p.id!, p.phone]));
  for (const a of published) {
    const phone = phoneOf.get(a.personId);
    if (!phone) {
      report.withoutPhone++;
      continue;
    }
    await d.transport.send({ to: phone, kind: 'result', text: resultMessage((a.totalH ?? 0) / 100, objection.lastDay, objection.provisional) });
    report.notified++;
  }
  return report;
}
