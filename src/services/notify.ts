/**
 * Publication of results (2020 FAQ Q11): every determined application whose visible date has come is
 * published and its applicant is told by SMS — the total, and the last day to ask the district for
 * verification (7 working days, Q12). Run daily (`jifen publish`); publishing is idempotent, so a
 * rerun sends nothing twice. Each message is queued in the transaction that publishes its result
 * (transactional outbox), so a crash can neither lose it nor send it for an unpublished result.
 */
import type { WorkingCalendar } from '../domain/calendar.ts';
import { deadline } from '../domain/deadlines.ts';
import { todayInChina } from '../rules/index.ts';
import type { PeopleRepository } from '../storage/repositories/people.ts';
import type { ApplicationService } from './applications.ts';
import type { SmsRepository } from '../storage/repositories/sms.ts';
import { dispatchQueued, type SmsTransport } from './sms.ts';

export interface NotifyDeps {
  applications: ApplicationService;
  people: PeopleRepository;
  sms: SmsRepository;
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
  const cal = await d.calendar();
  const objection = deadline(cal, 'objection', day);
  const report: PublicationReport = { day, published: 0, notified: 0, withoutPhone: 0 };
  const published = await d.applications.publishDue(day, {
    message: async (a) => {
      const [p] = await d.people.byIds([a.personId]);
      if (!p?.phone) return null;
      return { to: p.phone, kind: 'result', text: resultMessage((a.totalH ?? 0) / 100, objection.lastDay, objection.provisional) };
    },
  });
  report.published = published.length;
  const phones = new Set((await d.people.contacts(published.map((a) => a.personId))).filter((p) => p.phone).map((p) => p.id));
  for (const a of published) {
    if (phones.has(a.personId)) report.notified++;
    else report.withoutPhone++;
  }
  // The messages were queued with the publication; hand them to the transport now. Any left by a
  // crash here are sent by the next run (or by the server's dispatcher).
  await dispatchQueued(d.sms, d.transport);
  await d.transport.settled?.();
  return report;
}
