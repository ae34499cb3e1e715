/**
 * Demo data for a first start (`npm start` on an empty database): a small synthetic city, staff
 * accounts for each role with random passwords shown once, and a recompute as of today so that every
 * person already has a points history. Never runs on a database that has people or staff.
 */
import { randomBytes } from 'node:crypto';
import { todayInChina } from '../rules/index.ts';
import type { Store } from '../storage/db.ts';
import { PeopleRepository } from '../storage/repositories/people.ts';
import { PublicInfoRepository } from '../storage/repositories/public-info.ts';
import { URBAN_DISTRICTS } from '../domain/synthetic-city.ts';
import { StaffRepository, type StaffRole } from '../storage/repositories/staff.ts';
import { AuthService } from './auth.ts';
import { loadDemoEmployer } from './demo-employer.ts';
import { recompute } from './recompute.ts';
import { seedCity } from './seed.ts';

export const DEMO_PEOPLE = 2000;

const ACCOUNTS: Array<{ username: string; displayName: string; role: StaffRole; district: string | null }> = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', district: null },
  { username: 'city', displayName: '市流动人口办', role: 'city', district: null },
  { username: 'xihu', displayName: '西湖区流动人口办', role: 'district', district: '330106' },
  { username: 'xihu-window', displayName: '西湖区受理窗口', role: 'clerk', district: '330106' },
  { username: 'binjiang', displayName: '滨江区流动人口办', role: 'district', district: '330108' },
];

/** Loads the demo data if the database is empty; returns the lines to show the person who started it. */
export async function loadDemoData(store: Store, now: () => Date): Promise<string[]> {
  const people = new PeopleRepository(store.db);
  const staff = new StaffRepository(store.db);
  if ((await people.count()) > 0 || (await staff.count()) > 0) return [];
  const today = todayInChina(now());
  await seedCity(store, { people: DEMO_PEOPLE, seed: 1, asOf: today });
  await recompute(store, { asOf: today, now });
  await demoPublicInfo(new PublicInfoRepository(store.db), now);
  const auth = new AuthService({ staff, now });
  const lines = [`已载入演示数据 / demo data loaded: ${DEMO_PEOPLE} 人 people, 积分已按 ${today} 计算 / points computed`, '演示账号 (密码只显示这一次) / demo accounts (passwords shown only now):'];
  for (const a of ACCOUNTS) {
    const password = randomBytes(9).toString('base64url');
    await auth.createStaff({ ...a, password });
    lines.push(`  ${a.username.padEnd(12)} ${password}  ${a.displayName}`);
  }
  lines.push(...(await loadDemoEmployer(store, now)));
  return lines;
}

/**
 * One acceptance window per urban district and the citizen hotline. The windows' addresses, phones
 * and hours are not known here: they are marked 示例数据 (sample) and point to 12345, which is real.
 */
async function demoPublicInfo(repo: PublicInfoRepository, now: () => Date): Promise<void> {
  const change = { actor: 'system:demo', at: now().toISOString() };
  for (const d of URBAN_DISTRICTS) {
    await repo.createWindow(
      {
        district: d.code,
        name: `${d.name}居住证积分受理窗口`,
        address: `${d.name}(示例地址,请以区政务服务中心公布为准)`,
        phone: '12345',
        hours: '工作日(示例)',
        note: '示例数据:地址和办公时间为演示用的示例,不是真实信息;请拨打 12345 杭州市民服务热线咨询。Sample data, not real.',
      },
      change,
    );
  }
  await repo.createHotline({ name: '杭州市民服务热线', phone: '12345', hours: '全天 24 小时' }, change);
}
