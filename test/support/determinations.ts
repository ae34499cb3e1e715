/**
 * Published points for people already on record, the way settlement and school rounds find them:
 * through the application service, each accepted at a window on the clock's day, determined, and
 * published on its result day (20 working days later on the official calendar). Moves `clock` to that
 * day. Returns the applications and totals in the order of `personIds`.
 */
import { expect } from 'vitest';
import type { ApplicationService, Who } from '../../src/services/applications.ts';

export interface Published {
  applicationIds: number[];
  /** Each determination's total, in hundredths. */
  totalsH: number[];
  publishedOn: string;
}

export async function publishedDeterminations(
  apps: ApplicationService,
  clock: Date,
  personIds: readonly number[],
  o: { clerk?: Who; district?: Who } = {},
): Promise<Published> {
  const clerk = o.clerk ?? { actor: 'clerk', actorId: 'staff:9' };
  const district = o.district ?? { actor: 'district', actorId: 'staff:8' };
  const applicationIds: number[] = [];
  const totalsH: number[] = [];
  let visible = '';
  for (const personId of personIds) {
    const a = await apps.createDraft(clerk, { personId, channel: 'window', intendedUse: 'settlement', filedBy: 'self' });
    await apps.submit(clerk, a.id);
    visible = (await apps.accept(clerk, a.id)).resultVisibleOn!;
    const det = await apps.determine(district, a.id);
    applicationIds.push(a.id);
    totalsH.push(det.totalH ?? 0);
  }
  clock.setTime(new Date(`${visible}T02:00:00Z`).getTime());
  expect(await apps.publishDue(visible)).toHaveLength(personIds.length);
  return { applicationIds, totalsH, publishedOn: visible };
}
