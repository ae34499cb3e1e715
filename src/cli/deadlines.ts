/**
 * `jifen deadlines [--as-of YYYY-MM-DD]`: the daily check of objection deadlines (run it every
 * morning, e.g. from cron). It stores each open case's flag (on time, near, overdue), audits the
 * changes, and prints a summary with every overdue and near case — a missed deadline is printed
 * every day until an officer decides the case. Idempotent: a second run the same day changes nothing.
 */
import { todayInChina } from '../rules/index.ts';
import { CalendarService } from '../services/calendar.ts';
import { ObjectionService, type FlagReport } from '../services/objections.ts';
import type { Store } from '../storage/db.ts';
import { ApplicationRepository } from '../storage/repositories/applications.ts';
import { CalendarRepository } from '../storage/repositories/calendar.ts';
import { ObjectionRepository } from '../storage/repositories/objections.ts';
import { PeopleRepository } from '../storage/repositories/people.ts';
import { StaffRepository } from '../storage/repositories/staff.ts';

export async function runDeadlines(store: Store, asOf: string | undefined, now: () => Date = () => new Date()): Promise<FlagReport> {
  const calendar = new CalendarService(new CalendarRepository(store.db), now);
  await calendar.reload();
  const svc = new ObjectionService({
    objections: new ObjectionRepository(store.db),
    applications: new ApplicationRepository(store.db),
    people: new PeopleRepository(store.db),
    staff: new StaffRepository(store.db),
    calendar: () => calendar.calendar(),
    now,
  });
  return svc.flagDeadlines(asOf ?? todayInChina(now()));
}

export function formatDeadlines(r: FlagReport): string {
  const lines = [
    `异议期限检查 / objection deadlines ${r.asOf}: 未结 / open ${r.items.length}, 按期 / on time ${r.counts.on_time}, 临期 / near ${r.counts.near}, 逾期 / overdue ${r.counts.overdue} (标记变化 / flags changed ${r.changed})`,
  ];
  for (const i of r.items.filter((x) => x.flag !== 'on_time')) {
    const who = i.assignedTo === null ? '未分派 / unassigned' : `staff:${i.assignedTo}`;
    const left = i.daysRemaining < 0 ? `逾期 ${-i.daysRemaining} 个工作日 / ${-i.daysRemaining} working days overdue` : `剩 ${i.daysRemaining} 个工作日 / ${i.daysRemaining} working days left`;
    lines.push(`  ${i.flag === 'overdue' ? '逾期' : '临期'} objection ${i.objectionId} (${i.phase}, ${i.district ?? '-'}) 期限 / due ${i.deadline}${i.provisional ? ' (暂定)' : ''}: ${left}; ${who}${i.overdueTasks > 0 ? `; 部门逾期未复 / tasks overdue ${i.overdueTasks}` : ''}`);
  }
  return lines.join('\n') + '\n';
}
