/**
 * A school round (积分入学, issue 6) from creation to allocation, in a real browser on the real server
 * with the demo city. A parent of 西湖区 holds a published determination, made through the service
 * layer on the server's store. Then, in chromium:
 * - the administrator creates a school round for 西湖区 in the console (without a district it is
 *   refused, the field named; then with a least-points rule), adds two schools (the first
 *   with no seats left, the second with two) and opens it;
 * - the parent signs in with an SMS code (read from sms_outbox), opens 积分入学 from the portal's
 *   home, applies for a child (a birth date that disagrees with the ID number is refused first,
 *   named beside its field) naming the other parent, who has more points, and preferring the full
 *   school first, and sees the application filed with their own points until the other parent's
 *   count; a second parent files through the service for the full school only, naming nobody;
 * - on the round's page the administrator finds the application among those awaiting the other
 *   parent (待另一方父母确认), records the birth certificate seen (核验亲子关系: the document is
 *   required, the note optional) and the page shows 已确认(出生医学证明) with the other parent's
 *   higher points; a second child of the second parent, whose other parent declines in the portal
 *   while the check is open, is refused with the server's message (changed meanwhile), and then
 *   withdrawn by its parent;
 * - the administrator closes the round and allocates: the child is placed, with the other parent's
 *   points, in the first preferred school with seats (the second choice) with the school's lowest
 *   points placed, the other child is listed unplaced with the reason, and the results export
 *   opens with exceljs;
 * - the parent sees the child placed, and the other parent's points counted after the check.
 * Needs Debian's chromium at /usr/bin/chromium and a built dist/web (`npm run build:web`).
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
import { SchoolAdmissionService } from '../../src/services/school-admission.ts';
import { ApplicationRepository } from '../../src/storage/repositories/applications.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { SettlementRepository } from '../../src/storage/repositories/settlement.ts';
import { accessibilityProblems, describeInChromium, launchChromium, openedDialog, pollText, signInCode, watchedPage } from '../support/browser.ts';
import { demoPassword } from '../support/demo.ts';
import { eligiblePerson } from '../support/people.ts';
import { publishedDeterminations } from '../support/determinations.ts';
import { serverDatabases } from '../support/servers.ts';
import { sheetRows } from '../support/xlsx.ts';

const WEB_DIR = process.env.JIFEN_WEB_DIR ?? DEFAULT_WEB_DIR;
const TODAY = todayInChina();
const YEAR = Number(TODAY.slice(0, 4));
const plus = (day: string, n: number): string => formatDay(toDay(day) + n);
const ACCEPTED_ON = plus(TODAY, -75);

/** An IC permit endorsed every year, residence for eight years, a pension to last month: points today. */
function resident(seq: number, name: string): PersonBundle {
  return eligiblePerson(seq, {
    name,
    phone: `13900000${seq}`,
    permits: [{ permitNo: `PS${seq}`, kind: 'ic', district: '330106', issuedOn: `${YEAR - 4}-03-01`, endorsements: [0, 1, 2, 3].map((i) => `${YEAR - 3 + i}-02-15`).filter((d) => d <= TODAY) }],
    residence: [{ from: `${YEAR - 8}-01-01`, to: null, status: 'registered', source: 'police', verified: false, sourceRef: `RS${seq}` }],
    insurance: [{ scheme: 'pension', fromMonth: (YEAR - 8) * 12, toMonth: YEAR * 12 + Number(TODAY.slice(5, 7)) - 2, backPaid: false, transferredIn: false }],
    declared: { education: { level: 'bachelor' } },
  });
}

const PARENT = resident(871, '李大山');
/** The child's other parent: a master's degree, so more points than the applying parent. */
const SPOUSE: PersonBundle = { ...resident(873, '赵小燕'), declared: { education: { level: 'master' } } };
/** A second parent whose child asks only for the full school: left unplaced, with the reason. */
const OTHER = resident(872, '王二河');
const CHILD_BIRTH = `${YEAR - 7}-03-01`;
const CHILD_FIRST17 = `330106${CHILD_BIRTH.replaceAll('-', '')}811`;
const CHILD_ID = CHILD_FIRST17 + checkCharacter(CHILD_FIRST17);
const OTHER_CHILD_FIRST17 = `330106${CHILD_BIRTH.replaceAll('-', '')}812`;
const OTHER_CHILD_ID = OTHER_CHILD_FIRST17 + checkCharacter(OTHER_CHILD_FIRST17);
/** The second parent's second child names this other parent, who declines. */
const DECLINER = resident(874, '孙玉兰');
const THIRD_CHILD_FIRST17 = `330106${CHILD_BIRTH.replaceAll('-', '')}813`;
const THIRD_CHILD_ID = THIRD_CHILD_FIRST17 + checkCharacter(THIRD_CHILD_FIRST17);

for (const db of serverDatabases('e2e_school')) {
  describeInChromium(`a school round in chromium on ${db.name}`, () => {
    let server: RunningServer;
    let browser: Browser;
    let dataDir: string;
    const problems: string[] = [];
    const contexts: BrowserContext[] = [];
    let admin: Page;
    let parent: Page;
    let points = '';
    let spousePoints = '';
    let otherId = 0;
    let declinerId = 0;
    let schools: SchoolAdmissionService;

    const newPage = (width: number): Promise<Page> => watchedPage(browser, { width, contexts, problems, acceptDownloads: true });

    const codeFor = (phone: string): Promise<string> => signInCode(server.store.db, phone);

    const roundState = (page: Page): Promise<string> => pollText(page.locator('h1 [data-testid="school-round-state"]'));

    beforeAll(async () => {
      if (!fs.existsSync(path.join(WEB_DIR, 'staff.html'))) throw new Error(`${WEB_DIR}/staff.html is missing: run \`npm run build:web\` first`);
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-school-'));
      server = await startServer({ port: 0, host: '127.0.0.1', dataDir, ...db.options, demoData: true, webDir: WEB_DIR, smsDispatchMs: 200 });
      const people = new PeopleRepository(server.store.db);
      const ids = await people.insertBundles([PARENT, OTHER, SPOUSE, DECLINER], new Date().toISOString());
      otherId = ids[1]!;
      declinerId = ids[3]!;
      // Determinations accepted 75 days ago and published.
      const clock = new Date(`${ACCEPTED_ON}T02:00:00Z`);
      const applications = new ApplicationRepository(server.store.db);
      const apps = new ApplicationService({ applications, people, calendar: createCalendar(), now: () => clock });
      const published = await publishedDeterminations(apps, clock, ids);
      points = String(published.totalsH[0]! / 100);
      spousePoints = String(published.totalsH[2]! / 100);
      expect(published.publishedOn < TODAY).toBe(true);
      expect(Number(spousePoints)).toBeGreaterThan(Number(points));
      schools = new SchoolAdmissionService({ settlement: new SettlementRepository(server.store.db), applications, people, now: () => new Date() });
      browser = await launchChromium();
      admin = await newPage(1280);
      parent = await newPage(390);
    }, 180_000);

    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await server?.close();
      await db.drop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('the administrator creates a school round with two schools of 西湖区 and opens it', async () => {
      await admin.goto(`${server.url}/staff`);
      await expect.poll(() => pollText(admin.locator('h1'))).toBe('工作人员登录');
      await admin.getByLabel('用户名').fill('admin');
      await admin.getByLabel('密码').fill(demoPassword(server.demoNotes, 'admin'));
      await admin.getByRole('button', { name: '登录' }).click();
      await expect.poll(() => admin.getByTestId('who').count()).toBe(1);
      await admin.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '入学批次' }).click();
      await expect.poll(() => pollText(admin.locator('h1'))).toBe('入学批次');
      const form = admin.getByTestId('new-school-round');
      await form.getByLabel('批次名称').fill(`${YEAR}年秋季积分入学`);
      await form.getByLabel('申请开始日期').fill(TODAY);
      await form.getByLabel('申请截止日期').fill(plus(TODAY, 5));
      await form.getByLabel('年龄计算日').fill(plus(TODAY, 30));
      await form.getByLabel('预登记居住证取得截止日').fill(plus(TODAY, 30));
      // Without a district the server refuses, naming the field.
      await form.getByRole('button', { name: '创建批次' }).click();
      await expect.poll(() => pollText(form.getByTestId('new-school-round-error'))).toContain('config.districts');
      await form.getByLabel('参加区县').click();
      await admin.locator('.ant-select-item-option', { hasText: '西湖区' }).click();
      await admin.keyboard.press('Escape');
      await form.getByLabel('西湖区最低积分(分)').fill('100');
      await form.getByLabel('西湖区预登记儿童').click();
      await admin.locator('.ant-select-item-option', { hasText: '在其他儿童之后分配' }).click();
      await form.getByRole('button', { name: '创建批次' }).click();
      await expect.poll(() => roundState(admin)).toBe('草稿');
      expect(admin.url()).toMatch(/\/staff\/school\/\d+$/);
      expect(await pollText(admin.getByTestId('school-round-config'))).toContain('西湖区(最低积分 100 分;预登记儿童在其他儿童之后分配)');

      const add = admin.getByTestId('add-school');
      for (const [name, seats] of [
        ['西湖一小', '0'],
        ['西湖二小', '2'],
      ] as const) {
        await add.getByLabel('学校名称').fill(name);
        await add.getByLabel('学位数').fill(seats);
        await add.getByRole('button', { name: '添加' }).click();
        await expect.poll(() => pollText(admin.getByTestId('schools'))).toContain(name);
      }
      await admin.getByRole('button', { name: '开始受理' }).click();
      await expect.poll(() => roundState(admin)).toBe('受理中');
      expect(await admin.getByRole('button', { name: '分配学位' }).isDisabled()).toBe(true);
    }, 60_000);

    it('a parent applies for a child in the portal, preferring the full school first', async () => {
      await parent.goto(`${server.url}/portal`);
      await expect.poll(() => pollText(parent.locator('h1'))).toBe('登录');
      await parent.getByLabel('身份证号码').fill(PARENT.idNumber);
      await parent.getByRole('button', { name: '获取验证码' }).click();
      await expect.poll(() => pollText(parent.getByTestId('request-code'))).toMatch(/秒后可重新获取/);
      await parent.getByLabel('短信验证码').fill(await codeFor(PARENT.phone!));
      await parent.getByRole('button', { name: '登录', exact: true }).click();
      await expect.poll(() => parent.getByTestId('signed-in').count()).toBe(1);
      await parent.getByRole('link', { name: '积分入学', exact: true }).click();
      await expect.poll(() => pollText(parent.locator('h1'))).toBe('积分入学');
      const card = parent.getByTestId('open-school-round');
      await expect.poll(() => card.count()).toBe(1);
      await card.getByLabel('子女姓名').fill('李小一');
      await card.getByLabel('子女出生日期').fill(`${YEAR - 7}-03-02`);
      await card.getByLabel('子女身份证号码').fill(CHILD_ID);
      await card.getByLabel('另一方父母的身份证号码').fill(SPOUSE.idNumber);
      await card.getByLabel('第1志愿').selectOption({ label: '西湖一小(学位 0 个)' });
      await card.getByLabel('第2志愿').selectOption({ label: '西湖二小(学位 2 个)' });
      await card.getByRole('button', { name: '提交入学申请' }).click();
      await expect.poll(() => pollText(card.getByTestId('error'))).toContain('子女出生日期:与身份证号码中的出生日期不一致');
      await card.getByLabel('子女出生日期').fill(CHILD_BIRTH);
      await card.getByRole('button', { name: '提交入学申请' }).click();
      const mine = parent.getByTestId('school-application');
      await expect.poll(() => mine.count()).toBe(1);
      expect(await pollText(mine.getByTestId('school-state'))).toBe('已申请,等待分配');
      const text = await pollText(mine);
      expect(text).toContain('李小一');
      expect(text).not.toContain(CHILD_ID);
      expect(text).toContain(`使用积分:${points} 分`);
      expect(await pollText(mine.getByTestId('school-other-parent'))).toBe('另一方父母尚未确认:确认前子女只使用您的积分。');
      // The other parent files through the service, for the full school only.
      const [round] = (await schools.rounds()).filter((r) => r.state === 'open');
      const full = round!.schools.find((x) => x.name === '西湖一小')!;
      expect((await schools.apply(otherId, round!.id, { child: { name: '王小河', idNumber: OTHER_CHILD_ID }, district: '330106', preferences: [full.id] })).state).toBe('filed');
      await parent.screenshot({ path: path.join(os.tmpdir(), 'jifen-school-portal-390.png'), fullPage: true });
      expect(await accessibilityProblems(parent)).toEqual([]);
    }, 60_000);

    it('the administrator finds the application awaiting the other parent and records the birth certificate: 已确认, the higher points', async () => {
      // 王二河 files for a second child through the service, naming 孙玉兰.
      const [round] = (await schools.rounds()).filter((r) => r.state === 'open');
      const second = await schools.apply(otherId, round!.id, { child: { name: '王小溪', idNumber: THIRD_CHILD_ID }, otherParentIdNumber: DECLINER.idNumber, district: '330106', preferences: [round!.schools[0]!.id] });
      await admin.reload();
      const section = admin.getByTestId('school-applications');
      // Those awaiting the other parent are shown first: 李小一's and 王小溪's (王小河's names nobody).
      const rows = section.locator('tbody tr.ant-table-row');
      await expect.poll(() => rows.count()).toBe(2);

      // 孙玉兰 declines in the portal while the check is open: the server's refusal is shown by its message.
      await rows.filter({ hasText: '王小溪' }).getByRole('button', { name: '核验亲子关系' }).click();
      const open = await openedDialog(admin, /核验亲子关系/);
      await open.getByLabel('证明材料').click();
      await admin.locator('.ant-select-item-option', { hasText: '户口簿' }).click();
      expect((await schools.decide(declinerId, second.id, 'decline')).otherParentStatus).toBe('declined');
      await open.getByRole('button', { name: '确认核验' }).click();
      await expect.poll(() => pollText(open.getByTestId('parentage-error'))).toBe(`入学申请 ${second.id} 已被他人修改,请刷新后重试`);
      await open.getByRole('button', { name: '取消' }).click();
      await expect.poll(() => rows.count()).toBe(1);
      // And its parent withdraws it: it takes no part in the allocation.
      expect((await schools.withdraw(otherId, second.id)).state).toBe('withdrawn');

      const row = rows.first();
      expect(await pollText(row)).toContain('李小一');
      expect(await pollText(row)).toContain('赵小燕');
      expect(await pollText(row.getByTestId('other-parent-status'))).toBe('待确认');
      expect(await pollText(row.getByTestId('points-used'))).toBe(`${points}(申请人)`);
      expect(await pollText(section)).not.toContain(CHILD_ID);
      expect(await pollText(section)).not.toContain(SPOUSE.idNumber);

      await row.getByRole('button', { name: '核验亲子关系' }).click();
      const modal = await openedDialog(admin, /核验亲子关系/);
      expect(await modal.getByTestId('parentage-modal').count()).toBe(1);
      // The document is required.
      await modal.getByRole('button', { name: '确认核验' }).click();
      await expect.poll(() => pollText(modal.getByRole('alert'))).toBe('请选择核验的证明材料');
      await modal.getByLabel('证明材料').click();
      await admin.locator('.ant-select-item-option', { hasText: '出生医学证明' }).click();
      await modal.getByLabel('备注(选填)').fill('出生医学证明原件已核对');
      await modal.getByRole('button', { name: '确认核验' }).click();
      await expect.poll(() => modal.count()).toBe(0);
      await expect.poll(() => pollText(section.getByTestId('parentage-saved'))).toContain(`另一方父母已确认(出生医学证明),使用积分 ${spousePoints} 分`);
      await expect.poll(() => pollText(section)).toContain('没有待另一方父母确认的申请');

      await section.getByText('全部申请').click();
      // All of them: the withdrawn one is listed, as withdrawn.
      await expect.poll(() => rows.count()).toBe(3);
      expect(await pollText(rows.filter({ hasText: '王小溪' }).getByTestId('school-application-state'))).toBe('已撤回');
      const li = rows.filter({ hasText: '李小一' });
      await expect.poll(() => pollText(li.getByTestId('other-parent-status'))).toBe('已确认(出生医学证明)');
      expect(await pollText(li.getByTestId('points-used'))).toBe(`${spousePoints}(另一方父母)`);
      expect(await li.getByRole('button', { name: '核验亲子关系' }).count()).toBe(0);
      const wang = rows.filter({ hasText: '王小河' });
      expect(await pollText(wang.getByTestId('other-parent-status'))).toBe('无');
      expect(await pollText(wang.getByTestId('school-application-state'))).toBe('已申请');
      await admin.screenshot({ path: path.join(os.tmpdir(), 'jifen-school-parentage.png'), fullPage: true });
      expect(await accessibilityProblems(admin)).toEqual([]);
    }, 60_000);

    it('the administrator closes and allocates: the child is placed in the first preferred school with seats; the results export', async () => {
      await admin.reload();
      await admin.getByRole('button', { name: '截止受理' }).click();
      await expect.poll(() => roundState(admin)).toBe('已截止');
      await admin.getByRole('button', { name: '分配学位' }).click();
      await expect.poll(() => roundState(admin)).toBe('已分配');
      const results = admin.getByTestId('school-results');
      await expect.poll(() => results.getByTestId('school-result').count()).toBe(2);
      const full = results.getByTestId('school-result').filter({ hasText: '西湖一小' });
      const second = results.getByTestId('school-result').filter({ hasText: '西湖二小' });
      expect(await pollText(full.getByTestId('school-line'))).toBe('学位 0,录取 0,最低录取积分 —');
      await expect.poll(() => pollText(second.getByTestId('school-line'))).toBe(`学位 2,录取 1,最低录取积分 ${spousePoints}`);
      const row = second.locator('tbody tr').first();
      expect(await pollText(row)).toContain('李*一');
      expect(await pollText(row)).toContain('第2志愿');
      await expect.poll(() => pollText(row.getByTestId('other-parent-status'))).toBe('已确认(出生医学证明)');
      const unplaced = results.getByTestId('unplaced').locator('tbody tr');
      await expect.poll(() => unplaced.count()).toBe(1);
      expect(await pollText(unplaced)).toContain('王*河');
      expect(await pollText(unplaced)).toContain('志愿学校已满');
      await expect.poll(() => pollText(unplaced.getByTestId('other-parent-status'))).toBe('无');
      expect(await pollText(admin.getByTestId('schools'))).toContain(spousePoints);
      await admin.screenshot({ path: path.join(os.tmpdir(), 'jifen-school-results.png'), fullPage: true });
      expect(await accessibilityProblems(admin)).toEqual([]);

      const [download] = await Promise.all([admin.waitForEvent('download'), results.getByTestId('export-school-results').click()]);
      expect(download.suggestedFilename()).toMatch(/^积分入学结果-.*\.xlsx$/);
      const file = path.join(dataDir, 'school-results.xlsx');
      await download.saveAs(file);
      const rows = await sheetRows(file);
      expect(rows[0]).toEqual(['所在区', '学校', '序号', '名次', '儿童姓名', '积分', '志愿', '结果']);
      expect(rows[1]).toEqual(['西湖区', '西湖二小', 1, 1, '李*一', Number(spousePoints), 2, '已录取']);
      expect(rows.slice(2).map((r) => [r[0], r[4], r[7]])).toEqual([['西湖区', '王*河', '志愿学校已满']]);

      // The parents are texted, after a confirmation; the allocation is final from then on.
      await admin.getByTestId('school-action-notify').click();
      const confirm = await openedDialog(admin);
      expect(await pollText(confirm)).toContain('通知后不能重新分配学位');
      await confirm.getByRole('button', { name: '发送' }).click();
      await expect.poll(() => pollText(admin.getByTestId('results-sent'))).toContain('短信通知家长,分配结果不再变更');
      expect(await admin.getByTestId('school-action-allocate').isDisabled()).toBe(true);
      expect(await admin.getByTestId('school-action-notify').isDisabled()).toBe(true);
      const texted = await server.store.db.selectFrom('sms_outbox').select('text').where('kind', '=', 'school.result').execute();
      expect(texted.map((m) => m.text)).toHaveLength(2);
      expect(texted.map((m) => m.text)).toEqual(expect.arrayContaining([expect.stringContaining('已分配至西湖二小'), expect.stringContaining('未分配到学位')]));
    }, 60_000);

    it('the parent sees the child placed', async () => {
      await parent.reload();
      const mine = parent.getByTestId('school-application');
      await expect.poll(() => pollText(mine.getByTestId('school-state'))).toBe('已录取');
      expect(await pollText(mine.getByTestId('school-placed'))).toContain('第2志愿');
      // By name, though the round is closed and its schools are no longer listed as open.
      expect(await pollText(mine.getByTestId('school-placed'))).toContain('西湖二小');
      expect(await pollText(mine.getByTestId('school-other-parent'))).toBe('另一方父母已确认,子女使用父母双方中较高的积分。(受理窗口已核验亲子关系证明)');
      expect(await pollText(mine)).toContain(`使用积分:${spousePoints} 分`);
      expect(problems).toEqual([]);
    }, 60_000);
  });
}
