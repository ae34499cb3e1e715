/**
 * Withdrawals (撤回) and the other parent's confirmation in the portal (issue 6), in a real browser on
 * the real server with the demo city. Two parents of 西湖区 hold published determinations (the second
 * with more points), made through the service layer, which also opens a settlement round and a school
 * round and files the first parent's settlement application and a school application naming the
 * second parent. Then, in chromium:
 * - the first parent withdraws the settlement application after the confirm step, and files again;
 * - the school application says the other parent has not confirmed, with the applicant's own points;
 * - the second parent sees the request (child's name, masked ID number, applicant's masked name) and
 *   confirms it after the confirm step; the request is gone and the child now uses the higher points;
 * - the first parent cancels a withdrawal (nothing happens), then withdraws the school application.
 * Needs Debian's chromium at /usr/bin/chromium and a built dist/web (`npm run build:web`, or
 * JIFEN_WEB_DIR).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar.ts';
import { checkCharacter } from '../../src/domain/id-number.ts';
import type { PersonBundle } from '../../src/domain/records.ts';
import { DEFAULT_WEB_DIR, startServer, type RunningServer } from '../../src/http/server.ts';
import { formatDay, toDay } from '../../src/rules/dates.ts';
import { todayInChina } from '../../src/rules/index.ts';
import { ApplicationService } from '../../src/services/applications.ts';
import type { StaffIdentity } from '../../src/services/auth.ts';
import { SchoolAdmissionService } from '../../src/services/school-admission.ts';
import { SettlementService } from '../../src/services/settlement.ts';
import { ApplicationRepository } from '../../src/storage/repositories/applications.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { SettlementRepository } from '../../src/storage/repositories/settlement.ts';
import { accessibilityProblems, describeInChromium, launchChromium, pollText, signInCode, watchedPage } from '../support/browser.ts';
import { eligiblePerson } from '../support/people.ts';
import { publishedDeterminations } from '../support/determinations.ts';
import { serverDatabases } from '../support/servers.ts';

const WEB_DIR = process.env.JIFEN_WEB_DIR ?? DEFAULT_WEB_DIR;
const TODAY = todayInChina();
const YEAR = Number(TODAY.slice(0, 4));
const plus = (day: string, n: number): string => formatDay(toDay(day) + n);
const ACCEPTED_ON = plus(TODAY, -75);
const admin: StaffIdentity = { id: 1, username: 'admin', displayName: '管理员', role: 'admin', district: null };

/** An IC permit endorsed every year, residence for eight years, a pension to last month: points today. */
function resident(seq: number, name: string, level: 'bachelor' | 'master'): PersonBundle {
  return eligiblePerson(seq, {
    name,
    phone: `13700000${seq}`,
    permits: [{ permitNo: `PW${seq}`, kind: 'ic', district: '330106', issuedOn: `${YEAR - 4}-03-01`, endorsements: [0, 1, 2, 3].map((i) => `${YEAR - 3 + i}-02-15`).filter((d) => d <= TODAY) }],
    residence: [{ from: `${YEAR - 8}-01-01`, to: null, status: 'registered', source: 'police', verified: false, sourceRef: `RW${seq}` }],
    insurance: [{ scheme: 'pension', fromMonth: (YEAR - 8) * 12, toMonth: YEAR * 12 + Number(TODAY.slice(5, 7)) - 2, backPaid: false, transferredIn: false }],
    declared: { education: { level } },
  });
}

const PARENT = resident(881, '周大海', 'bachelor');
const OTHER = resident(882, '吴小红', 'master');
const CHILD_BIRTH = `${YEAR - 7}-03-01`;
const CHILD_FIRST17 = `330106${CHILD_BIRTH.replaceAll('-', '')}881`;
const CHILD_ID = CHILD_FIRST17 + checkCharacter(CHILD_FIRST17);

for (const db of serverDatabases('e2e_withdraw')) {
  describeInChromium(`withdrawals and the other parent's confirmation in chromium on ${db.name}`, () => {
    let server: RunningServer;
    let browser: Browser;
    let dataDir: string;
    const problems: string[] = [];
    const contexts: BrowserContext[] = [];
    let parent: Page;
    let other: Page;
    /** The points of each person (by id) as determined. */
    const points = new Map<number, string>();
    /** The points of the applicant and of the other parent. */
    let own = '';
    let higher = '';

    const newPage = (width: number): Promise<Page> => watchedPage(browser, { width, contexts, problems });

    async function applicantSignIn(page: Page, who: PersonBundle): Promise<void> {
      await page.goto(`${server.url}/portal`);
      await expect.poll(() => pollText(page.locator('h1'))).toBe('登录');
      await page.getByLabel('身份证号码').fill(who.idNumber);
      await page.getByRole('button', { name: '获取验证码' }).click();
      await expect.poll(() => pollText(page.getByTestId('request-code'))).toMatch(/秒后可重新获取/);
      await page.getByLabel('短信验证码').fill(await signInCode(server.store.db, who.phone!));
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await expect.poll(() => page.getByTestId('signed-in').count()).toBe(1);
    }

    beforeAll(async () => {
      if (!fs.existsSync(path.join(WEB_DIR, 'portal.html'))) throw new Error(`${WEB_DIR}/portal.html is missing: run \`npm run build:web\` first`);
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-withdraw-'));
      server = await startServer({ port: 0, host: '127.0.0.1', dataDir, ...db.options, demoData: true, webDir: WEB_DIR, smsDispatchMs: 200 });
      const people = new PeopleRepository(server.store.db);
      const ids = await people.insertBundles([PARENT, OTHER], new Date().toISOString());
      const clock = new Date(`${ACCEPTED_ON}T02:00:00Z`);
      const applications = new ApplicationRepository(server.store.db);
      const apps = new ApplicationService({ applications, people, calendar: createCalendar(), now: () => clock });
      const published = await publishedDeterminations(apps, clock, ids);
      ids.forEach((id, i) => points.set(id, String(published.totalsH[i]! / 100)));
      expect(published.publishedOn < TODAY).toBe(true);
      expect(Number(points.get(ids[1]!))).toBeGreaterThan(Number(points.get(ids[0]!)));

      const repo = new SettlementRepository(server.store.db);
      const settlement = new SettlementService({ settlement: repo, applications, people, calendar: createCalendar(), now: () => new Date() });
      const round = await settlement.createRound(admin, {
        name: '撤回测试批次',
        config: { window: { opens: plus(TODAY, -1), closes: plus(TODAY, 10) }, rule: { kind: 'line', line: 10000 }, announcement: { workingDays: 5 }, moveWindow: { from: plus(TODAY, 40), to: plus(TODAY, 120) } },
      });
      await settlement.openRound(admin, round.id);
      expect((await settlement.file(ids[0]!, round.id, {})).application.state).toBe('filed');

      const schools = new SchoolAdmissionService({ settlement: repo, applications, people, now: () => new Date() });
      const sr = await schools.createRound(admin, {
        name: '撤回测试入学批次',
        config: { window: { opens: plus(TODAY, -1), closes: plus(TODAY, 10) }, ageOn: `${YEAR + 1}-08-31`, proofBy: `${YEAR + 1}-08-31`, districts: [{ district: '330106' }] },
      });
      const withSchools = await schools.addSchools(admin, sr.id, [{ district: '330106', name: '西湖三小', seats: 3 }]);
      await schools.openRound(admin, sr.id);
      const a = await schools.apply(ids[0]!, sr.id, { child: { name: '周小溪', idNumber: CHILD_ID }, otherParentIdNumber: OTHER.idNumber, district: '330106', preferences: [withSchools.schools[0]!.id] });
      expect(a.otherParentStatus).toBe('pending');
      own = points.get(ids[0]!)!;
      higher = points.get(ids[1]!)!;

      browser = await launchChromium();
      parent = await newPage(390);
      other = await newPage(1280);
    }, 180_000);

    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await server?.close();
      await db.drop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('the applicant withdraws the settlement application after the confirm step, and files again', async () => {
      await applicantSignIn(parent, PARENT);
      await parent.getByRole('link', { name: '积分落户', exact: true }).click();
      await expect.poll(() => pollText(parent.locator('h1'))).toBe('积分落户');
      const mine = parent.getByTestId('settlement-application');
      await expect.poll(() => mine.count()).toBe(1);
      expect(await pollText(mine.getByTestId('settlement-state'))).toBe('已提交,等待公安审核');
      // Filed: no form to file again.
      expect(await parent.getByTestId('open-round').getByRole('button', { name: '提交落户申请' }).count()).toBe(0);
      await mine.getByRole('button', { name: '撤回申请' }).click();
      expect(await pollText(mine.getByTestId('settlement-withdraw'))).toContain('排名后不能再撤回');
      await mine.getByRole('button', { name: '确定撤回' }).click();
      await expect.poll(() => pollText(mine.getByTestId('settlement-state'))).toBe('已撤回');
      expect(await mine.getByRole('button', { name: '撤回申请' }).count()).toBe(0);
      await parent.getByTestId('open-round').getByRole('button', { name: '提交落户申请' }).click();
      await expect.poll(() => mine.count()).toBe(2);
      expect(await pollText(mine.first().getByTestId('settlement-state'))).toBe('已提交,等待公安审核');
      expect(await pollText(mine.nth(1).getByTestId('settlement-state'))).toBe('已撤回');
    }, 60_000);

    it('the school application says the other parent has not confirmed and uses the applicant’s points', async () => {
      await parent.goto(`${server.url}/portal/school`);
      await expect.poll(() => pollText(parent.locator('h1'))).toBe('积分入学');
      const mine = parent.getByTestId('school-application');
      await expect.poll(() => mine.count()).toBe(1);
      expect(await pollText(mine.getByTestId('school-other-parent'))).toBe('另一方父母尚未确认:确认前子女只使用您的积分。');
      expect(await pollText(mine)).toContain(`使用积分:${own} 分`);
      expect(await parent.getByTestId('school-confirmations').count()).toBe(0);
    }, 60_000);

    it('the other parent sees the request with names masked and confirms it after the confirm step', async () => {
      await applicantSignIn(other, OTHER);
      await other.goto(`${server.url}/portal/school`);
      await expect.poll(() => pollText(other.locator('h1'))).toBe('积分入学');
      const request = other.getByTestId('school-confirmation');
      await expect.poll(() => request.count()).toBe(1);
      const text = await pollText(request);
      expect(text).toContain('周小溪');
      expect(text).toContain('周*海');
      expect(text).not.toContain('周大海');
      expect(text).not.toContain(CHILD_ID);
      expect(text).toContain(`330106********${CHILD_ID.slice(-4)}`);
      await request.getByRole('button', { name: '确认是我的子女' }).click();
      expect(await pollText(request.getByTestId('school-confirm'))).toContain('不能撤销');
      await request.getByRole('button', { name: '确定确认' }).click();
      await expect.poll(() => other.getByTestId('school-confirmation').count()).toBe(0);
      expect(await pollText(other.getByRole('status').filter({ hasText: '已确认' }))).toBe('已确认。');
      // Confirmed: the application is among the other parent's, who cannot withdraw it.
      const theirs = other.getByTestId('school-application');
      await expect.poll(() => theirs.count()).toBe(1);
      expect(await theirs.getByRole('button', { name: '撤回申请' }).count()).toBe(0);
      await other.screenshot({ path: path.join(os.tmpdir(), 'jifen-school-confirm-1280.png'), fullPage: true });
      expect(await accessibilityProblems(other)).toEqual([]);
    }, 60_000);

    it('the applicant sees the confirmation, cancels a withdrawal, then withdraws the school application', async () => {
      await parent.reload();
      const mine = parent.getByTestId('school-application');
      await expect.poll(() => pollText(mine.getByTestId('school-other-parent'))).toBe('另一方父母已确认,子女使用父母双方中较高的积分。');
      expect(await pollText(mine)).toContain(`使用积分:${higher} 分`);
      await mine.getByRole('button', { name: '撤回申请' }).click();
      await mine.getByRole('button', { name: '取消' }).click();
      expect(await pollText(mine.getByTestId('school-state'))).toBe('已申请,等待分配');
      await mine.getByRole('button', { name: '撤回申请' }).click();
      await mine.getByRole('button', { name: '确定撤回' }).click();
      await expect.poll(() => pollText(mine.getByTestId('school-state'))).toBe('已撤回');
      expect(await mine.getByRole('button', { name: '撤回申请' }).count()).toBe(0);
      await parent.screenshot({ path: path.join(os.tmpdir(), 'jifen-school-withdrawn-390.png'), fullPage: true });
      expect(await accessibilityProblems(parent)).toEqual([]);
      expect(problems).toEqual([]);
    }, 60_000);
  });
}
