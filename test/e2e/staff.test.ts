/**
 * The staff console in a real browser, served by the real server with the demo city: a district
 * officer of 西湖区 mistypes the password and sees the API's refusal, signs in, finds a person by the
 * start of their name, opens them from the keyboard, sees masked values only (the full ID number is
 * nowhere in the page) until pressing 显示完整信息, sees the stored points history and today's
 * total as the engine computes it, reads the page in English, is refused a person of another
 * district, is sent back to sign-in when the session disappears, and signs out; its search results
 * export to an xlsx masked as on screen. Five wrong passwords then lock another account, and the
 * lock-out message is shown.
 * Needs Debian's chromium at /usr/bin/chromium and a built dist/web (`npm run build:web`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { accessibilityProblems, describeInChromium, launchChromium, pollText } from '../support/browser.ts';
import { demoPassword } from '../support/demo.ts';
import { assembleFacts } from '../../src/domain/facts-assembly.ts';
import { maskIdNumber, maskPhone } from '../../src/domain/id-number.ts';
import { permitState } from '../../src/domain/permit.ts';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { evaluate, messagesFor, todayInChina } from '../../src/rules/index.ts';
import { PeopleRepository, type PersonBundle } from '../../src/storage/repositories/people.ts';
import { SnapshotRepository } from '../../src/storage/repositories/snapshots.ts';

const SCREENSHOT = path.join(os.tmpdir(), 'jifen-staff-person-1280.png');
const WEB_STAFF = fileURLToPath(new URL('../../dist/web/staff.html', import.meta.url));
const XIHU = '330106';


/** How much of the person page a bundle exercises: permits, suspensions, flagged insurance, declarations. */
function richness(b: PersonBundle, today: string): number {
  const suspended = b.permits.some((p) => permitState(p, today).suspensions.length > 0);
  return (
    (b.permits.length > 0 ? 4 : 0) +
    (suspended ? 4 : 0) +
    (b.insurance.some((s) => s.backPaid || s.transferredIn) ? 3 : 0) +
    (b.insurance.length > 0 ? 1 : 0) +
    (b.residence.length > 1 ? 1 : 0) +
    Object.keys(b.declared).length +
    (b.phone !== null ? 1 : 0)
  );
}

describeInChromium('staff console in chromium', () => {
    let server: RunningServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let dataDir: string;
    const problems: string[] = [];
    const refusals: string[] = [];
    const requestUrls: string[] = [];

    beforeAll(async () => {
      if (!fs.existsSync(WEB_STAFF)) throw new Error(`${WEB_STAFF} is missing: run \`npm run build:web\` first`);
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-staff-'));
      server = await startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl: undefined, demoData: true });
      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
      page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        // Chromium logs every 4xx answer to fetch; those are checked one by one below.
        if (/^Failed to load resource: the server responded with a status of 4(01|03|23)/.test(m.text())) return;
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
      });
      page.on('request', (r) => requestUrls.push(r.url()));
      page.on('response', (r) => {
        if (r.status() >= 400) refusals.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
      });
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('signs in, finds and opens a person, reveals their ID on request, shows their points, refuses another district, signs out, and shows a lock-out', async () => {
      const xihuPassword = demoPassword(server.demoNotes, 'xihu');
      expect(demoPassword(server.demoNotes, 'city')).toMatch(/^\S{8,}$/);

      // A person of 西湖区 with as much on record as the demo city offers, and someone elsewhere.
      const today = todayInChina();
      const everyone = await new PeopleRepository(server.store.db).page(0, 2000);
      expect(everyone.length).toBe(2000);
      const xihu = everyone.filter((b) => b.district === XIHU);
      expect(xihu.length).toBeGreaterThan(0);
      const person = [...xihu].sort((a, b) => richness(b, today) - richness(a, today) || a.id! - b.id!)[0]!;
      const other = everyone.find((b) => b.district !== null && b.district !== XIHU)!;
      // The shortest start of the name that finds them among the first 50 of the district.
      const prefix = [2, 3, 4, 99].map((n) => [...person.name].slice(0, n).join('')).find((p) => xihu.filter((b) => b.name.startsWith(p) && b.id! < person.id!).length < 49)!;
      const history = await new SnapshotRepository(server.store.db).history(person.id!);
      expect(history.length).toBeGreaterThan(0);
      const latest = history.at(-1)!;
      const expected = evaluate(assembleFacts(person, today), today);

      // Chinese by default, the sign-in form first.
      await page.goto(`${server.url}/staff`);
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await expect.poll(() => pollText(page.locator('h1'))).toBe('工作人员登录');

      // A wrong password: the API's message, and no way in.
      await page.getByLabel('用户名').fill('xihu');
      await page.getByLabel('密码').fill(`${xihuPassword}x`);
      await page.getByRole('button', { name: '登录' }).click();
      const signInError = page.getByTestId('signin-error');
      await expect.poll(() => pollText(signInError)).toContain('用户名或密码错误');
      expect(await signInError.getAttribute('data-code')).toBe('INVALID_CREDENTIALS');
      expect(await page.getByLabel('密码').inputValue()).toBe('');

      // The right one: the header names the officer, the role and the district.
      await page.getByLabel('密码').fill(xihuPassword);
      await page.getByLabel('密码').press('Enter');
      const who = page.getByTestId('who');
      await expect.poll(() => pollText(who)).toContain('西湖区流动人口办');
      expect(await pollText(who)).toContain('区级');
      expect(await pollText(who)).toContain('西湖区');
      await expect.poll(() => pollText(page.locator('h1'))).toBe('人员查询');

      // Search by the start of the name: masked values and district names in the table.
      const box = page.getByLabel('身份证号/手机号/姓名');
      expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
      await box.fill(prefix);
      await box.press('Enter');
      const row = page.locator(`[data-testid="search-results"] tr[data-person-id="${person.id}"]`);
      await expect.poll(() => row.count()).toBe(1);
      expect(await pollText(row)).toContain(person.name);
      expect(await pollText(row)).toContain(maskIdNumber(person.idNumber));
      expect(await pollText(row)).toContain('西湖区');
      for (const r of await page.locator('[data-testid="search-results"] tbody tr[data-person-id]').all()) expect(await pollText(r)).toContain('西湖区');
      expect(await page.content()).not.toContain(person.idNumber);

      // 导出 Excel: the same rows, masked as on screen (the query goes in the body, not the URL).
      const downloading = page.waitForEvent('download');
      await page.getByTestId('export-people').click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/^人员查询-\d{8}\.xlsx$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(await download.path());
      const sheet = wb.worksheets[0]!;
      expect(sheet.getRow(1).values).toEqual([undefined, '姓名', '身份证号', '手机号', '所在区', '出生日期']);
      const exported: unknown[][] = [];
      sheet.eachRow((r, n) => {
        if (n > 1) exported.push((r.values as unknown[]).slice(1));
      });
      expect(exported.find((r) => r[0] === person.name)?.[1]).toBe(maskIdNumber(person.idNumber));
      expect(exported.every((r) => r[3] === '西湖区')).toBe(true);
      expect(JSON.stringify(exported)).not.toContain(person.idNumber);

      // Opened from the keyboard: the name is a link in the row.
      await row.getByRole('link', { name: person.name }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => new URL(page.url()).pathname).toBe(`/staff/people/${person.id}`);
      await expect.poll(() => pollText(page.getByTestId('person-name'))).toBe(person.name);
      expect(await page.getByTestId('person-name').evaluate((el) => el === document.activeElement)).toBe(true);

      // Masked until asked: the full ID number and phone are nowhere in the page.
      const idNumber = page.getByTestId('id-number');
      expect(await pollText(idNumber)).toBe(maskIdNumber(person.idNumber));
      const html = await page.content();
      expect(html).not.toContain(person.idNumber);
      if (person.phone !== null) {
        expect(await pollText(page.getByTestId('phone'))).toBe(maskPhone(person.phone));
        expect(html).not.toContain(person.phone);
      }

      // Every section is there; the permit badges read 有效/中止/终止.
      for (const h of ['基本信息', '浙江省居住证', '居住登记', '社会保险缴费', '申报指标', '当前积分', '积分历史']) {
        expect(await page.getByRole('heading', { level: 2, name: h, exact: true }).count()).toBe(1);
      }
      const statusNames: Record<string, string> = { valid: '有效', suspended: '中止', terminated: '终止', notIssued: '未生效' };
      const permits = page.getByTestId('permit');
      expect(await permits.count()).toBe(person.permits.length);
      for (const p of person.permits) {
        const st = permitState(p, today);
        const card = permits.filter({ hasText: p.permitNo });
        expect(await pollText(card.locator('[data-status]'))).toBe(statusNames[st.status]);
        for (const s of st.suspensions) expect(await pollText(card)).toContain(`${s.from} 至 ${s.to}`);
      }

      // The points now: the engine's total for today's records, each item's points.
      expect(await pollText(page.getByTestId('current-total'))).toBe(String(expected.total));
      expect(await pollText(page.getByTestId('eligibility'))).toBe(expected.eligible ? '可以申请积分' : '暂不能申请积分');
      for (const item of expected.items) {
        expect(await page.getByTestId(`item-${item.indicator}`).locator('td[data-points]').getAttribute('data-points')).toBe(String(item.points));
      }
      const traced = expected.items.find((i) => i.trace.length > 0)!;
      const tracedRow = page.getByTestId(`item-${traced.indicator}`);
      await tracedRow.locator('summary').click();
      await expect.poll(() => pollText(tracedRow.locator('.trace'))).toContain(traced.trace[0]!.source);

      // The history: one row per stored snapshot, newest first, date and total as stored.
      const historyRows = page.getByTestId('history-row');
      expect(await historyRows.count()).toBe(history.length);
      const first = historyRows.first();
      expect(await pollText(first.getByTestId('history-as-of'))).toBe(latest.asOf);
      expect(await pollText(first.getByTestId('history-total'))).toBe(String(latest.totalH / 100));
      expect(latest.asOf).toBe(today);
      expect(latest.totalH / 100).toBe(expected.total);

      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(await accessibilityProblems(page)).toEqual([]);

      // 显示完整信息: an audited POST with the CSRF token; the full ID appears, in the page only.
      const revealRequest = page.waitForRequest((r) => r.url().includes(`/api/v1/staff/people/${person.id}/reveal`));
      await page.getByRole('button', { name: '显示完整信息' }).click();
      const sent = await revealRequest;
      expect(sent.method()).toBe('POST');
      expect(sent.headers()['x-csrf-token']).toMatch(/^\S{20,}$/);
      await expect.poll(() => pollText(idNumber)).toBe(person.idNumber);
      if (person.phone !== null) expect(await pollText(page.getByTestId('phone'))).toBe(person.phone);
      const stored = await page.evaluate(() => JSON.stringify({ ...window.localStorage }) + JSON.stringify({ ...window.sessionStorage }));
      expect(stored).not.toContain(person.idNumber);
      await page.getByRole('button', { name: '隐藏完整信息' }).click();
      await expect.poll(() => pollText(idNumber)).toBe(maskIdNumber(person.idNumber));

      // English: the page's words, the engine's words and the html lang change; the numbers do not.
      await page.getByTestId('lang-switch').click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
      await expect.poll(() => pollText(page.getByTestId('item-age').locator('th'))).toBe(messagesFor('en').indicator.age);
      expect(await page.getByRole('heading', { level: 2, name: 'Points history' }).count()).toBe(1);
      expect(await pollText(page.getByTestId('current-total'))).toBe(String(expected.total));
      await page.getByTestId('lang-switch').click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await expect.poll(() => pollText(page.getByTestId('item-age').locator('th'))).toBe(messagesFor('zh-CN').indicator.age);

      // Someone of another district, by address: refused, clearly.
      await page.goto(`${server.url}/staff/people/${other.id}`);
      const refusal = page.getByTestId('forbidden');
      await expect.poll(() => pollText(refusal)).toContain('此人不属于您所在的区');
      expect(await page.content()).not.toContain(other.name);

      // The session disappears (expired, revoked): the next call brings back the sign-in form.
      await page.getByRole('link', { name: '返回人员查询' }).click();
      await expect.poll(() => pollText(page.locator('h1'))).toBe('人员查询');
      await context.clearCookies();
      await page.getByLabel('身份证号/手机号/姓名').fill(prefix);
      await page.getByRole('button', { name: '查询', exact: true }).click();
      await expect.poll(() => pollText(page.locator('h1'))).toBe('工作人员登录');
      expect(await pollText(page.getByTestId('signin-notice'))).toContain('登录已失效');
      await page.getByLabel('用户名').fill('xihu');
      await page.getByLabel('密码').fill(xihuPassword);
      await page.getByRole('button', { name: '登录' }).click();
      await expect.poll(() => pollText(page.getByTestId('who'))).toContain('西湖区流动人口办');

      // Open the person again, this time by clicking anywhere in their row.
      await page.getByLabel('身份证号/手机号/姓名').fill(prefix);
      await page.getByLabel('身份证号/手机号/姓名').press('Enter');
      await row.locator('td').first().click();
      await expect.poll(() => pollText(page.getByTestId('person-name'))).toBe(person.name);

      // Sign out: back at the sign-in form at /staff, the cookie gone.
      await page.getByRole('button', { name: '退出登录' }).click();
      await expect.poll(() => pollText(page.locator('h1'))).toBe('工作人员登录');
      expect(new URL(page.url()).pathname).toBe('/staff');
      expect(await pollText(page.getByTestId('signin-notice'))).toContain('已安全退出');
      expect((await context.cookies()).filter((c) => c.name === 'jifen_staff')).toEqual([]);
      // Going back to the person's address shows the form, not the person.
      await page.goBack();
      await expect.poll(() => new URL(page.url()).pathname).toBe(`/staff/people/${person.id}`);
      expect(await pollText(page.locator('h1'))).toBe('工作人员登录');
      expect(await page.content()).not.toContain(person.name);

      // The fifth wrong password locks the account: then even the right one is refused, with the lock-out message.
      const binjiangPassword = demoPassword(server.demoNotes, 'binjiang');
      await page.getByLabel('用户名').fill('binjiang');
      const attempt = async (password: string): Promise<void> => {
        const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/staff/session' && r.request().method() === 'POST');
        await page.getByLabel('密码').fill(password);
        await page.getByRole('button', { name: '登录' }).click();
        await answered;
        await expect.poll(() => page.getByRole('button', { name: '登录' }).isEnabled()).toBe(true);
      };
      for (let i = 0; i < 5; i++) {
        await attempt(`wrong-${i}`);
        await expect.poll(() => signInError.getAttribute('data-code')).toBe(i < 4 ? 'INVALID_CREDENTIALS' : 'ACCOUNT_LOCKED');
      }
      await attempt(binjiangPassword);
      await expect.poll(() => signInError.getAttribute('data-code')).toBe('ACCOUNT_LOCKED');
      expect(await pollText(signInError)).toContain('锁定');
      expect(await pollText(signInError)).toContain('请联系系统管理员');
      expect(await page.getByTestId('who').count()).toBe(0);

      // Nothing personal ever went into a URL; the only refusals were the expected ones.
      for (const u of requestUrls) {
        expect(u).not.toContain(person.idNumber);
        if (person.phone !== null) expect(u).not.toContain(person.phone);
        expect(decodeURIComponent(u)).not.toContain(prefix);
      }
      expect(refusals).toEqual([
        '401 GET /api/v1/staff/session',
        '401 POST /api/v1/staff/session',
        `403 GET /api/v1/staff/people/${other.id}`,
        '401 POST /api/v1/staff/people/search',
        ...Array.from({ length: 4 }, () => '401 POST /api/v1/staff/session'),
        '423 POST /api/v1/staff/session',
        '423 POST /api/v1/staff/session',
      ]);
      expect(problems).toEqual([]);
    }, 120_000);
});
