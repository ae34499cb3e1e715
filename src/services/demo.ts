/**
 * Demo data for a first start (`npm start` on an empty database): a small synthetic city, staff
 * accounts for each role with random passwords shown once, and a recompute as of today so that every
 * person already has a points history. Never runs on a database that has people or staff.
 */
import { randomBytes } from 'node:crypto';
import { todayInChina } from '../rules/index.ts';
import type { Store } from '../storage/db.ts';
import { PeopleRepository } from '../storage/repositories/people.ts';
import { StaffRepository, type StaffRole } from '../storage/repositories/staff.ts';
import { AuthService } from './auth.ts';
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
  const auth = new AuthService({ staff, now });
  const lines = [`已载入演示数据 / demo data loaded: ${DEMO_PEOPLE} 人 people, 积分已按 ${today} 计算 / points computed`, '演示账号 (密码只显示这一次) / demo accounts (passwords shown only now):'];
  for (const a of ACCOUNTS) {
    const password = randomBytes(9).toString('base64url');
    await auth.createStaff({ ...a, password });
    lines.push(`  ${a.username.padEnd(12)} ${password}  ${a.displayName}`);
  }
  return lines;
}
