/**
 * A settlement round (积分落户, issue 6) from opening to announcement to notice, in a real browser on
 * the real server with the demo city. Three people of 西湖区 hold published determinations of at
 * least 100 points, made through the service layer on the server's store and accepted before the
 * round's cut-off. Then, in chromium:
 * - the administrator creates a quota round (a move window inside the application window is refused,
 *   the error beside its field), edits the draft in the same form, prefilled (a field error beside its
 *   field; a save on a version changed meanwhile refused and the round reloaded; then a new name and
 *   announcement), and opens it;
 * - an applicant signs in with an SMS code (read from sms_outbox), checks the eligibility, applies
 *   with a spouse moving along and sees the documents the spouse must bring; the two others file
 *   through the service;
 * - the administrator closes the round, the city officer records the police review in the console
 *   (one referred first), the administrator ranks (the line shown and marked), exports the ranking
 *   (read back with exceljs) and announces;
 * - the public announcement page lists the admitted masked (no full name or ID number in the page)
 *   and finds one by the last 4 of the ID number;
 * - after the announcement (the server's clock moved past its last day) the administrator issues the
 *   notices and the applicant opens the printable notice, in Chinese;
 * - in the move window the city officer records the move (登记落户) of one admitted person: a day
 *   outside the window is refused in the modal, the state 已落户 is shown and stored, and the notices
 *   are counted valid / moved / forfeited.
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
import { SettlementService } from '../../src/services/settlement.ts';
import { ApplicationRepository } from '../../src/storage/repositories/applications.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { SettlementRepository } from '../../src/storage/repositories/settlement.ts';
import { accessibilityProblems, describeInChromium, launchChromium, openedDialog, pollText, signInCode, watchedPage } from '../support/browser.ts';
import { demoPassword } from '../support/demo.ts';
import { eligiblePerson, testIdNumber } from '../support/people.ts';
import { publishedDeterminations } from '../support/determinations.ts';
import { readPdf } from '../support/pdf.ts';
import { serverDatabases } from '../support/servers.ts';
import { sheetRows } from '../support/xlsx.ts';

const WEB_DIR = process.env.JIFEN_WEB_DIR ?? DEFAULT_WEB_DIR;
/** The server's clock: real time (the browser keeps cookies by its own), moved forward past the announcement later. */
let offsetMs = 0;
const now = (): Date => new Date(Date.now() + offsetMs);
const TODAY = todayInChina();
const YEAR = Number(TODAY.slice(0, 4));
const plus = (day: string, n: number): string => formatDay(toDay(day) + n);
/** Accepted well before the round's cut-off (the first day of last month). */
const ACCEPTED_ON = plus(TODAY, -75);

/** An IC permit endorsed every year, residence since `since`, a pension to last month: eligible today. */
function resident(seq: number, name: string, since: number, level: 'master' | 'bachelor'): PersonBundle {
  return eligiblePerson(seq, {
    name,
    phone: `13900000${seq}`,
    permits: [{ permitNo: `PS${seq}`, kind: 'ic', district: '330106', issuedOn: `${YEAR - 4}-03-01`, endorsements: [0, 1, 2, 3].map((i) => `${YEAR - 3 + i}-02-15`).filter((d) => d <= TODAY) }],
    residence: [{ from: `${since}-01-01`, to: null, status: 'registered', source: 'police', verified: false, sourceRef: `RS${seq}` }],
    insurance: [{ scheme: 'pension', fromMonth: since * 12, toMonth: YEAR * 12 + Number(TODAY.slice(5, 7)) - 2, backPaid: false, transferredIn: false }],
    declared: { education: { level } },
  });
}

const FIRST = resident(861, '张三丰', YEAR - 10, 'master');
const SECOND = resident(862, '李四', YEAR - 9, 'bachelor');
const THIRD = resident(863, '王小明', YEAR - 6, 'bachelor');
/** Already of Hangzhou urban hukou and never determined: two reasons against. */
const HUKOU = { ...resident(864, '赵六', YEAR - 6, 'bachelor'), urbanHukou: true };
const SPOUSE_FIRST17 = '33010619900101701';
const SPOUSE_ID = SPOUSE_FIRST17 + checkCharacter(SPOUSE_FIRST17);
const ROUND_NAME = `${YEAR}年积分落户测试批次`;
const EDITED_NAME = `${YEAR}年第一批积分落户`;
const MOVE_FROM = plus(TODAY, 30);
const MOVE_TO = plus(TODAY, 120);

for (const db of serverDatabases('e2e_settlement')) {
  describeInChromium(`a settlement round in chromium on ${db.name}`, () => {
    let server: RunningServer;
    let browser: Browser;
    let dataDir: string;
    const problems: string[] = [];
    const contexts: BrowserContext[] = [];
    const personIds = new Map<string, number>();
    let settlement: SettlementService;
    let roundId = 0;
    let admin: Page;
    let city: Page;
    let applicant: Page;

    const newPage = (width: number): Promise<Page> => watchedPage(browser, { width, contexts, problems, acceptDownloads: true });

    async function staffSignIn(page: Page, username: string): Promise<void> {
      await expect.poll(() => pollText(page.locator('h1'))).toBe('工作人员登录');
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(demoPassword(server.demoNotes, username));
      await page.getByRole('button', { name: '登录' }).click();
      await expect.poll(() => page.getByTestId('who').count()).toBe(1);
    }

    const codeFor = (phone: string): Promise<string> => signInCode(server.store.db, phone);

    async function applicantSignIn(page: Page, who: PersonBundle): Promise<void> {
      await page.goto(`${server.url}/portal`);
      await expect.poll(() => pollText(page.locator('h1'))).toBe('登录');
      await page.getByLabel('身份证号码').fill(who.idNumber);
      await page.getByRole('button', { name: '获取验证码' }).click();
      await expect.poll(() => pollText(page.getByTestId('request-code'))).toMatch(/秒后可重新获取/);
      await page.getByLabel('短信验证码').fill(await codeFor(who.phone!));
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await expect.poll(() => page.getByTestId('signed-in').count()).toBe(1);
    }

    const roundState = (page: Page): Promise<string> => pollText(page.locator('h1 [data-testid="round-state"]'));


    beforeAll(async () => {
      if (!fs.existsSync(path.join(WEB_DIR, 'staff.html'))) throw new Error(`${WEB_DIR}/staff.html is missing: run \`npm run build:web\` first`);
      // Each database's journey starts on today's date (the previous one moved the clock on).
      offsetMs = 0;
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-settlement-'));
      server = await startServer({ port: 0, host: '127.0.0.1', dataDir, ...db.options, demoData: true, webDir: WEB_DIR, now, smsDispatchMs: 200 });
      const people = new PeopleRepository(server.store.db);
      const ids = await people.insertBundles([FIRST, SECOND, THIRD], now().toISOString());
      [FIRST, SECOND, THIRD].forEach((p, i) => personIds.set(p.idNumber, ids[i]!));
      await people.insertBundles([HUKOU], now().toISOString());
      // Determinations accepted 75 days ago and published: the points as of the round's cut-off.
      const clock = new Date(`${ACCEPTED_ON}T02:00:00Z`);
      const applications = new ApplicationRepository(server.store.db);
      const apps = new ApplicationService({ applications, people, calendar: createCalendar(), now: () => clock });
      const published = await publishedDeterminations(apps, clock, ids);
      for (const total of published.totalsH) expect(total).toBeGreaterThanOrEqual(10_000);
      expect(published.publishedOn < TODAY).toBe(true);
      settlement = new SettlementService({ settlement: new SettlementRepository(server.store.db), applications, people, calendar: createCalendar(), now });
      browser = await launchChromium();
      admin = await newPage(1280);
      city = await newPage(1280);
      applicant = await newPage(390);
    }, 180_000);

    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await server?.close();
      await db.drop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('the administrator creates a quota round (a bad move window named beside its field), edits the draft and opens it', async () => {
      await admin.goto(`${server.url}/staff`);
      await staffSignIn(admin, 'admin');
      await admin.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '落户批次' }).click();
      await expect.poll(() => pollText(admin.locator('h1'))).toBe('落户批次');
      const form = admin.getByTestId('new-round');
      await form.getByLabel('批次名称').fill(ROUND_NAME);
      await form.getByLabel('申请开始日期').fill(TODAY);
      await form.getByLabel('申请截止日期').fill(plus(TODAY, 5));
      // The default cut-off, shown before it is chosen: the first day of the month before the window opens.
      const month = Number(TODAY.slice(5, 7));
      const cutOff = month === 1 ? `${YEAR - 1}-12-01` : `${YEAR}-${String(month - 1).padStart(2, '0')}-01`;
      expect(await pollText(form)).toContain(`不填则为默认值 ${cutOff}`);
      await form.getByLabel('名额(按排名划线)').check();
      await form.getByLabel('名额(人)').fill('2');
      await form.getByLabel('公示期(工作日)').fill('3');
      await form.getByLabel('迁移落户开始日期').fill(plus(TODAY, 2));
      await form.getByLabel('迁移落户截止日期').fill(MOVE_TO);
      await form.getByRole('button', { name: '创建批次' }).click();
      await expect.poll(() => pollText(form.getByTestId('error-moveFrom'))).toBe('迁移期须在申请截止之后开始');
      expect(await pollText(form.getByTestId('new-round-error'))).toContain('迁移期须在申请截止之后开始');
      await form.getByLabel('迁移落户开始日期').fill(MOVE_FROM);
      await form.getByRole('button', { name: '创建批次' }).click();
      await expect.poll(() => roundState(admin)).toBe('草稿');
      roundId = Number(/\/staff\/settlement\/(\d+)$/.exec(admin.url())![1]);
      expect(await pollText(admin.getByTestId('round-config'))).toContain(cutOff);
      expect(await pollText(admin.getByTestId('round-config'))).toContain('名额 2 人,线上并列全部准入');
      expect(await pollText(admin.getByTestId('round-config'))).toContain('3 个工作日');

      // The draft is edited in the form that created it, prefilled.
      await admin.getByRole('button', { name: '编辑', exact: true }).click();
      await openedDialog(admin);
      const edit = admin.getByTestId('edit-round');
      await expect.poll(() => edit.getByLabel('批次名称').inputValue()).toBe(ROUND_NAME);
      expect(await edit.getByLabel('申请开始日期').inputValue()).toBe(TODAY);
      expect(await edit.getByLabel('名额(人)').inputValue()).toBe('2');
      expect(await edit.getByLabel('公示期(工作日)').inputValue()).toBe('3');
      expect(await edit.getByLabel('迁移落户开始日期').inputValue()).toBe(MOVE_FROM);
      expect(await edit.getByLabel('积分截止日期').inputValue()).toBe('');
      // The server's field error beside its field.
      await edit.getByLabel('公示期(工作日)').fill('0');
      await edit.getByRole('button', { name: '保存修改' }).click();
      await expect.poll(() => pollText(edit.getByTestId('error-workingDays'))).toMatch(/^公示期须为1至\d+个工作日$/);
      // Someone else changes the draft meanwhile: the save on the old version is refused and the page reloads.
      const elsewhere = `${ROUND_NAME}(他人修改)`;
      const adminId = { id: 1, username: 'admin', displayName: '管理员', role: 'admin' as const, district: null };
      expect((await settlement.updateRound(adminId, roundId, { name: elsewhere })).version).toBe(2);
      await edit.getByLabel('公示期(工作日)').fill('4');
      await edit.getByRole('button', { name: '保存修改' }).click();
      await expect.poll(() => pollText(admin.getByTestId('round-error'))).toContain('已被他人修改');
      await expect.poll(() => pollText(admin.locator('h1'))).toBe(`${elsewhere} 草稿`);
      expect(await admin.getByTestId('edit-round').count()).toBe(0);
      // Again, on the version shown: a new name and a 4 working-day announcement.
      await admin.getByRole('button', { name: '编辑', exact: true }).click();
      await openedDialog(admin);
      await expect.poll(() => edit.getByLabel('批次名称').inputValue()).toBe(elsewhere);
      await edit.getByLabel('批次名称').fill(EDITED_NAME);
      await admin.screenshot({ path: path.join(os.tmpdir(), 'jifen-settlement-edit.png') });
      expect(await accessibilityProblems(admin)).toEqual([]);
      await edit.getByLabel('公示期(工作日)').fill('4');
      await edit.getByRole('button', { name: '保存修改' }).click();
      await expect.poll(() => pollText(admin.locator('h1'))).toBe(`${EDITED_NAME} 草稿`);
      expect(await admin.getByTestId('edit-round').count()).toBe(0);
      const config = await pollText(admin.getByTestId('round-config'));
      expect(config).toContain('4 个工作日');
      expect(config).toContain('名额 2 人,线上并列全部准入');
      expect(config).toContain(`${MOVE_FROM} ~ ${MOVE_TO}`);
      expect(config).toContain(cutOff);
      const stored = await settlement.round(roundId);
      expect([stored.name, stored.config.announcement.workingDays, stored.config.cutOff, stored.version]).toEqual([EDITED_NAME, 4, undefined, 3]);

      await admin.getByRole('button', { name: '开始受理' }).click();
      await expect.poll(() => roundState(admin)).toBe('受理中');
      expect(await admin.getByRole('button', { name: '截止受理' }).isEnabled()).toBe(true);
      expect(await admin.getByRole('button', { name: '公示' }).isDisabled()).toBe(true);
    }, 60_000);

    it('an applicant checks the eligibility and applies with a spouse; the documents each needs are listed', async () => {
      await applicantSignIn(applicant, FIRST);
      await applicant.getByRole('link', { name: '积分落户', exact: true }).click();
      await expect.poll(() => pollText(applicant.locator('h1'))).toBe('积分落户');
      const card = applicant.getByTestId('open-round');
      await expect.poll(() => card.count()).toBe(1);
      await card.getByRole('button', { name: '检查申请条件' }).click();
      await expect.poll(() => pollText(card.getByTestId('eligibility'))).toMatch(/您符合申请条件。截至 \d{4}-\d{2}-01 您的积分为 [\d.]+ 分。/);
      await card.getByRole('button', { name: '添加随迁人员' }).click();
      await card.getByLabel('姓名 1').fill('林一');
      await card.getByLabel('身份证号码 1').fill(SPOUSE_ID);
      await card.getByRole('button', { name: '提交落户申请' }).click();
      const mine = applicant.getByTestId('settlement-application');
      await expect.poll(() => mine.count()).toBe(1);
      expect(await pollText(mine.getByTestId('settlement-state'))).toBe('已提交,等待公安审核');
      const docs = await pollText(mine.getByTestId('family-documents'));
      expect(docs).toContain('结婚证');
      expect(docs).not.toContain(SPOUSE_ID);
      await applicant.screenshot({ path: path.join(os.tmpdir(), 'jifen-settlement-portal-390.png'), fullPage: true });
      expect(await accessibilityProblems(applicant)).toEqual([]);
      // Someone who may not apply is told every reason, in plain words.
      const other = await newPage(390);
      await applicantSignIn(other, HUKOU);
      await other.goto(`${server.url}/portal/settlement`);
      await other.getByTestId('open-round').getByRole('button', { name: '检查申请条件' }).click();
      const why = other.getByTestId('eligibility');
      await expect.poll(() => why.locator('li').count()).toBe(2);
      expect(await why.locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-reason')))).toEqual(['NO_DETERMINATION', 'URBAN_HUKOU']);
      expect(await pollText(why)).toContain('您目前不符合申请条件');
      expect(await pollText(why)).toContain('已是杭州市区户籍');
      expect(await pollText(why)).toMatch(/没有截至\d{4}-\d{2}-01的积分核定结果/);
      // The two others file through the service.
      for (const p of [SECOND, THIRD]) expect((await settlement.file(personIds.get(p.idNumber)!, roundId, {})).application.state).toBe('filed');
    }, 60_000);

    it('the administrator closes, the city officer records the police review, the ranking draws the line; the ranking exports', async () => {
      await admin.reload();
      await admin.getByRole('button', { name: '截止受理' }).click();
      await expect.poll(() => roundState(admin)).toBe('已截止');

      await city.goto(`${server.url}/staff/settlement/${roundId}`);
      await staffSignIn(city, 'city');
      const list = city.getByTestId('settlement-applications');
      await expect.poll(() => list.locator('tbody tr[data-application-id]').count()).toBe(3);
      const first = list.locator('tbody tr[data-application-id]').first();
      await first.getByRole('button', { name: '提交公安审核' }).click();
      await expect.poll(() => pollText(first)).toContain('公安审核通过');
      for (let i = 0; i < 3; i++) {
        const row = list.locator('tbody tr[data-application-id]').nth(i);
        await row.getByRole('button', { name: '审核通过' }).click();
        await expect.poll(() => pollText(row)).toContain('通过');
        await expect.poll(() => row.getByRole('button', { name: '审核通过' }).count()).toBe(0);
      }

      await admin.reload();
      await admin.getByRole('button', { name: '排名', exact: true }).click();
      await expect.poll(() => roundState(admin)).toBe('已排名');
      const ranking = admin.getByTestId('ranking');
      await expect.poll(() => pollText(ranking.getByTestId('ranking-line'))).toMatch(/^分数线 [\d.]+ 分,拟准入 2 人$/);
      await expect.poll(() => ranking.locator('tbody tr[data-position]').count()).toBe(3);
      expect(await pollText(ranking.locator('tbody tr[data-position="2"]'))).toContain('分数线');
      expect(await ranking.getByTestId('line-marker').count()).toBe(1);
      expect(await pollText(ranking.locator('tbody tr[data-position="1"]'))).toContain('张三丰');
      expect(await pollText(ranking.locator('tbody tr[data-position="3"]'))).toContain('未准入');

      const [download] = await Promise.all([admin.waitForEvent('download'), ranking.getByTestId('export-ranking').click()]);
      expect(download.suggestedFilename()).toMatch(/^积分落户排名-.*\.xlsx$/);
      const file = path.join(dataDir, 'ranking.xlsx');
      await download.saveAs(file);
      const rows = await sheetRows(file);
      expect(rows[0]).toEqual(['序号', '名次', '姓名', '身份证号', '所在区', '积分', '居住登记月数', '社保积分', '基础积分', '受理日期', '状态']);
      expect(rows.slice(1).map((r) => [r[0], r[2], r[10]])).toEqual([
        [1, '张*丰', '拟准入'],
        [2, '李*', '拟准入'],
        [3, '王*明', '未准入'],
      ]);

      // Statistics: the chart of the 10-point bands (echarts draws on a canvas) and the districts.
      await admin.getByTestId('tab-statistics').click();
      await expect.poll(() => admin.getByTestId('points-chart').locator('canvas').count()).toBeGreaterThan(0);
      expect(await pollText(admin.getByTestId('by-district'))).toContain('西湖区');
      await admin.screenshot({ path: path.join(os.tmpdir(), 'jifen-settlement-statistics.png'), fullPage: true });
      expect(await accessibilityProblems(admin)).toEqual([]);
      await admin.getByTestId('tab-ranking').click();
      await admin.screenshot({ path: path.join(os.tmpdir(), 'jifen-settlement-ranking.png'), fullPage: true });
      expect(await accessibilityProblems(admin)).toEqual([]);
    }, 90_000);

    it('announces: the public page lists the admitted masked and finds one by the last 4 of the ID number', async () => {
      await admin.getByRole('button', { name: '公示', exact: true }).click();
      await expect.poll(() => roundState(admin)).toBe('公示中');
      const pub = await newPage(390);
      await pub.goto(`${server.url}/settlement/announcement/${roundId}`);
      await expect.poll(() => pub.getByTestId('announcement-row').count()).toBe(2);
      expect(await pollText(pub.locator('h1'))).toContain('积分落户公示');
      expect(await pub.getByTestId('announcement-row').locator('td:nth-child(3)').allTextContents()).toEqual(['张*丰', '李*']);
      const html = await pub.content();
      for (const p of [FIRST, SECOND, THIRD]) {
        expect(html).not.toContain(p.idNumber);
        if (p.name.length > 2) expect(html).not.toContain(p.name);
      }
      expect(html).not.toContain('王*明');
      await pub.getByLabel('按姓名或身份证号后4位查询').fill(testIdNumber(862).slice(-4));
      await pub.getByRole('button', { name: '查询', exact: true }).click();
      await expect.poll(() => pub.getByTestId('announcement-row').count()).toBe(1);
      expect(await pollText(pub.getByTestId('announcement-row'))).toContain('李*');
      expect(await pollText(pub.getByTestId('announcement-count'))).toBe('共 1 人');
      await pub.screenshot({ path: path.join(os.tmpdir(), 'jifen-settlement-announcement-390.png'), fullPage: true });
      expect(await accessibilityProblems(pub)).toEqual([]);
      // In English the page's words switch; the list stays as announced.
      await pub.getByTestId('lang-switch').click();
      await expect.poll(() => pollText(pub.locator('h1'))).toMatch(/^Settlement announcement/);
      expect(await pollText(pub.getByTestId('announcement-period'))).toMatch(/^Announced from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/);
    }, 60_000);

    it('after the announcement the notices are issued and the applicant opens the printable notice in Chinese', async () => {
      const r = await settlement.round(roundId);
      expect(r.announcedTo).not.toBeNull();
      // The server's clock moves to the day after the announcement's last day (sessions end with it).
      offsetMs = new Date(`${plus(r.announcedTo!, 1)}T02:00:00Z`).getTime() - Date.now();
      await admin.reload();
      await staffSignIn(admin, 'admin');
      await admin.getByRole('button', { name: '发放准入通知书' }).click();
      await expect.poll(() => roundState(admin)).toBe('已发通知');

      await applicantSignIn(applicant, FIRST);
      await applicant.goto(`${server.url}/portal/settlement`);
      const mine = applicant.getByTestId('settlement-application');
      await expect.poll(() => pollText(mine.getByTestId('settlement-state'))).toBe('已发准入通知书');
      const href = await mine.getByTestId('notice-link').getAttribute('href');
      expect(href).toMatch(/^\/settlement\/notice\/\d+$/);
      await applicant.goto(`${server.url}${href}`);
      const text = await pollText(applicant.locator('body'));
      expect(text).toContain('杭州市积分落户准入通知书');
      expect(text).toContain('张三丰');
      expect(text).toContain('配偶');
      expect(text).toContain('林一');
      expect(text).not.toContain(FIRST.idNumber);
      expect(text).not.toContain(SPOUSE_ID);
      // The same notice as a PDF, its Chinese text embedded: downloaded from the portal and read back.
      await applicant.goBack();
      const [pdf] = await Promise.all([applicant.waitForEvent('download'), mine.getByTestId('notice-pdf-link').click()]);
      expect(pdf.suggestedFilename()).toMatch(/^准入通知书-JF\d{4}-\d{6}\.pdf$/);
      const read = await readPdf(await fs.promises.readFile(await pdf.path()));
      const pdfText = read.text.join('').replace(/\s+/g, '');
      expect(pdfText).toContain('杭州市积分落户准入通知书');
      expect(pdfText).toContain('张三丰(身份证号');
      expect(pdfText).toContain('林一');
      expect(pdfText).not.toContain(FIRST.idNumber);
      expect(problems).toEqual([]);
    }, 60_000);

    it('in the move window the city officer records the move of one admitted person; the notices are counted', async () => {
      // The server's clock moves into the move window (sessions end with it).
      const today = plus(MOVE_FROM, 5);
      offsetMs = new Date(`${today}T02:00:00Z`).getTime() - Date.now();
      const [first, second] = (await settlement.ranking(roundId)).filter((a) => a.state === 'notice_issued');
      expect([first?.name, second?.name]).toEqual(['张三丰', '李四']);
      await city.goto(`${server.url}/staff/settlement/${roundId}`);
      await staffSignIn(city, 'city');
      await expect.poll(() => roundState(city)).toBe('已发通知');
      const counts = city.getByTestId('notice-counts');
      await expect.poll(() => counts.getByTestId('notices-valid').getAttribute('data-count')).toBe('2');
      const row = city.getByTestId('settlement-applications').locator(`tbody tr[data-application-id="${first!.id}"]`);
      expect(await pollText(row.locator('[data-state]'))).toBe('已发准入通知书');
      await row.getByRole('button', { name: '登记落户' }).click();
      const dialog = await openedDialog(city);
      const modal = dialog.getByTestId('move-modal');
      const date = modal.getByLabel('落户日期');
      // The browser's today (the server's clock was moved, the browser's was not): before the move window.
      expect(await date.inputValue()).toBe(todayInChina());
      await dialog.getByRole('button', { name: '保存', exact: true }).click();
      await expect.poll(() => pollText(modal.getByTestId('move-date-error'))).toBe(`落户日期须在迁移落户期 ${MOVE_FROM} 至 ${MOVE_TO} 之内`);
      await city.screenshot({ path: path.join(os.tmpdir(), 'jifen-settlement-move.png') });
      expect(await accessibilityProblems(city)).toEqual([]);
      expect(await settlement.application(first!.id)).toMatchObject({ state: 'notice_issued', movedOn: null });
      // By keyboard: the day typed into the labelled field, Enter saves.
      const movedOn = plus(today, -1);
      await date.fill(movedOn);
      await date.press('Enter');
      await expect.poll(() => modal.count()).toBe(0);
      await expect.poll(() => pollText(row.locator('[data-state]'))).toBe('已落户');
      expect(await pollText(row.getByTestId('moved-on'))).toBe(movedOn);
      await expect.poll(() => counts.getByTestId('notices-moved').getAttribute('data-count')).toBe('1');
      expect(await counts.getByTestId('notices-valid').getAttribute('data-count')).toBe('1');
      expect(await counts.getByTestId('notices-forfeited').getAttribute('data-count')).toBe('0');
      // The other admitted person still has the action.
      const other = city.getByTestId('settlement-applications').locator(`tbody tr[data-application-id="${second!.id}"]`);
      expect(await other.getByRole('button', { name: '登记落户' }).count()).toBe(1);
      // A window prints that person's notice as a PDF.
      const [printed] = await Promise.all([city.waitForEvent('download'), other.getByTestId('notice-pdf').click()]);
      expect((await readPdf(await fs.promises.readFile(await printed.path()))).text.join('').replace(/\s+/g, '')).toContain('李四(身份证号');
      // Stored, as the API reads it back.
      const res = await city.request.get(`${server.url}/api/v1/staff/settlement/applications/${first!.id}`);
      expect(res.status()).toBe(200);
      expect(await res.json()).toMatchObject({ id: first!.id, state: 'moved', movedOn, version: first!.version + 1 });
      // The counts in English.
      await city.getByTestId('lang-switch').click();
      await expect.poll(() => pollText(counts)).toContain('Admission notices');
      expect(await pollText(row.locator('[data-state]'))).toBe('moved');
      await city.getByTestId('lang-switch').click();
      await expect.poll(() => pollText(counts)).toContain('准入通知书');
      expect(problems).toEqual([]);
    }, 60_000);
  });
}
