/**
 * The portal and the public pages in a real browser, served by the real server with the demo city
 * (one chromium for the file, one context per user):
 * - /guide, /faq (the filter narrows the questions) and /windows render in Chinese and switch to
 *   English; the sign-in page names a bad ID number before sending anything;
 * - an applicant signs in with an SMS code (read from sms_outbox), files a settlement application,
 *   sees a text file refused before upload and a fake PNG refused by the server, uploads a PNG and
 *   submits; staff accept and determine over the staff HTTP API; publication (publishAndNotify as of
 *   the visible day) makes the result visible; the applicant sees the published total and its
 *   breakdown with traces, files an objection online, and the outbox holds the result SMS; a new
 *   application offers last cycle's evidence for reuse, item by item;
 * - an employer's HR signs in, records an employee's authorisation, files for them, uploads the
 *   written authorisation and submits; the employee sees the authorisation and revokes it;
 * - a parent mistypes the code (the refusal names the field), signs in and files for their child
 *   under 16 (guardian filing).
 * Needs Debian's chromium at /usr/bin/chromium and a built dist/web (`npm run build:web`), or the
 * build named by JIFEN_WEB_DIR.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkCharacter, maskName } from '../../src/domain/id-number.ts';
import type { PersonBundle } from '../../src/domain/records.ts';
import { DEFAULT_WEB_DIR, startServer, type RunningServer } from '../../src/http/server.ts';
import { ApplicationService } from '../../src/services/applications.ts';
import { CalendarService } from '../../src/services/calendar.ts';
import { publishAndNotify } from '../../src/services/notify.ts';
import { OutboxTransport } from '../../src/services/sms.ts';
import { ApplicationRepository } from '../../src/storage/repositories/applications.ts';
import { CalendarRepository } from '../../src/storage/repositories/calendar.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { SmsRepository } from '../../src/storage/repositories/sms.ts';
import { todayInChina } from '../../src/rules/index.ts';
import { serverDatabases } from '../support/servers.ts';
import { accessibilityProblems, describeInChromium, launchChromium, pollText, signInCode, watchedPage } from '../support/browser.ts';

const WEB_DIR = process.env.JIFEN_WEB_DIR ?? DEFAULT_WEB_DIR;
/** Real time: the browser keeps cookies by its own clock, so the server's must agree. */
const now = (): Date => new Date();
const TODAY = todayInChina();
const YEAR = Number(TODAY.slice(0, 4));
/** An IC permit issued four years ago and endorsed in the month before every anniversary up to today. */
const ENDORSED = Array.from({ length: 4 }, (_, i) => `${YEAR - 3 + i}-02-15`).filter((d) => d <= TODAY);

/** The password of a demo account, from the demo notes (`  xihu         <password>  西湖区流动人口办`). */
function demoPassword(notes: readonly string[], username: string): string {
  for (const line of notes) {
    const m = /^\s+(\S+)\s+(\S+)\s{2}/.exec(line);
    if (m && m[1] === username) return m[2]!;
  }
  throw new Error(`no demo password for ${username} in:\n${notes.join('\n')}`);
}

function idNumber(birth: string, seq: number): string {
  const first17 = `330106${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** Someone of 西湖区 with an IC permit endorsed every year, ten years of residence and insurance, a degree. */
function person(seq: number, name: string, phone: string | null, birth = '1988-04-01'): PersonBundle {
  return {
    idNumber: idNumber(birth, seq),
    name,
    phone,
    birthDate: birth,
    sex: seq % 2 === 0 ? 'female' : 'male',
    urbanHukou: false,
    fullCivilCapacity: birth < '2008-01-01',
    district: '330106',
    permits: [{ permitNo: `PT${seq}`, kind: 'ic', district: '330106', issuedOn: `${YEAR - 4}-03-01`, endorsements: ENDORSED }],
    residence: [{ from: `${YEAR - 10}-01-01`, to: null, status: 'registered', source: 'police', verified: false, sourceRef: `RT${seq}` }],
    insurance: birth < '2008-01-01' ? [{ scheme: 'pension', fromMonth: (YEAR - 10) * 12, toMonth: YEAR * 12 + Number(TODAY.slice(5, 7)) - 2, backPaid: false, transferredIn: false }] : [],
    declared: birth < '2008-01-01' ? { education: { level: 'bachelor' } } : {},
  };
}

const APPLICANT = person(801, '测试申请人', '13900000801');
const EMPLOYEE = person(802, '测试职工', '13900000802');
const PARENT = person(803, '测试家长', '13900000803');
const CHILD = person(804, '测试孩子', null, `${YEAR - 12}-06-01`);

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

for (const db of serverDatabases('e2e_portal')) {
  describeInChromium(`portal and public pages in chromium on ${db.name}`, () => {
    let server: RunningServer;
    let browser: Browser;
    let dataDir: string;
    const problems: string[] = [];
    const contexts: BrowserContext[] = [];

    const newPage = (): Promise<Page> => watchedPage(browser, { width: 390, height: 844, contexts, problems });

    const codeFor = (phone: string): Promise<string> => signInCode(server.store.db, phone);

    async function signInBySms(page: Page, who: PersonBundle, o: { wrongCodeFirst?: boolean } = {}): Promise<void> {
      await page.goto(`${server.url}/portal`);
      await expect.poll(() => pollText(page.locator('h1'))).toBe('登录');
      await page.getByLabel('身份证号码').fill(who.idNumber);
      await page.getByRole('button', { name: '获取验证码' }).click();
      await expect.poll(() => pollText(page.getByTestId('request-code'))).toMatch(/秒后可重新获取/);
      expect(await page.getByTestId('request-code').isDisabled()).toBe(true);
      const code = await codeFor(who.phone!);
      if (o.wrongCodeFirst) {
        await page.getByLabel('短信验证码').fill(code === '000000' ? '111111' : '000000');
        await page.getByRole('button', { name: '登录', exact: true }).click();
        // The API's refusal, announced and naming the field.
        await expect.poll(() => pollText(page.getByRole('alert'))).toContain('短信验证码:验证码错误或已过期');
      }
      await page.getByLabel('短信验证码').fill(code);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      // The session names the person masked, as everywhere the full value is not needed.
      await expect.poll(() => pollText(page.getByTestId('signed-in'))).toBe(`已登录:${maskName(who.name)}`);
    }

    /** A staff session over HTTP, for the steps the staff console (being rebuilt) would take. */
    async function staff(username: string): Promise<(method: string, url: string, body?: unknown) => Promise<Record<string, unknown>>> {
      const res = await fetch(`${server.url}/api/v1/staff/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: demoPassword(server.demoNotes, username) }),
      });
      expect(res.status).toBe(200);
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      return async (method, url, body) => {
        const r = await fetch(`${server.url}${url}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
        const text = await r.text();
        expect(r.status, `${method} ${url}: ${text}`).toBeLessThan(300);
        return JSON.parse(text) as Record<string, unknown>;
      };
    }

    beforeAll(async () => {
      if (!fs.existsSync(path.join(WEB_DIR, 'portal.html'))) throw new Error(`${WEB_DIR}/portal.html is missing: run \`npm run build:web\` first`);
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-portal-'));
      server = await startServer({ port: 0, host: '127.0.0.1', dataDir, ...db.options, demoData: true, webDir: WEB_DIR, now, smsDispatchMs: 200 });
      await new PeopleRepository(server.store.db).insertBundles([APPLICANT, EMPLOYEE, PARENT, CHILD], now().toISOString());
      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await server?.close();
      await db.drop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('shows /guide, /faq (with a working filter) and /windows in Chinese, and in English after the switch', async () => {
      const page = await newPage();
      await page.goto(`${server.url}/guide`);
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await expect.poll(() => pollText(page.locator('h1'))).toBe('如何申请居住证积分');
      // The keyboard reaches the skip link first; nothing is wider than the phone.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到正文');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const guide = await pollText(page.getByTestId('guide'));
      for (const s of ['20 个工作日', '7 个工作日', '15 个工作日', '未满 16 周岁', '九年期老版纸质居住证', '第 12 问']) expect(guide).toContain(s);

      // The FAQ: all fifteen questions, then only those with the word typed.
      await page.getByRole('navigation', { name: '网站导航' }).getByRole('link', { name: '常见问题' }).click();
      await expect.poll(() => pollText(page.locator('h1'))).toBe('常见问题');
      expect(await page.getByTestId('faq-item').count()).toBe(15);
      expect(await pollText(page.getByTestId('faq'))).toContain('2020杭州居住证积分办理常见问题解答');
      await page.getByLabel('搜索问题').fill('社保');
      await expect.poll(() => page.getByTestId('faq-item').count()).toBeLessThan(15);
      for (const item of await page.getByTestId('faq-item').all()) expect(await pollText(item)).toContain('社保');
      expect(await pollText(page.getByTestId('faq-count'))).toMatch(/找到 \d+ 个问题/);
      await page.getByLabel('搜索问题').fill('没有这个词呀');
      await expect.poll(() => page.getByTestId('faq-item').count()).toBe(0);
      expect(await pollText(page.getByTestId('faq'))).toContain('没有找到');

      // The windows: one per urban district from the API, sample data marked as such, the real 12345.
      await page.goto(`${server.url}/windows`);
      await expect.poll(() => page.getByTestId('window').count()).toBe(10);
      expect(await pollText(page.getByTestId('window').filter({ hasText: '西湖区' }))).toContain('示例数据');
      expect(await pollText(page.getByTestId('hotline').first())).toContain('12345');
      await page.screenshot({ path: path.join(os.tmpdir(), 'jifen-portal-windows-390.png'), fullPage: true });
      expect(await accessibilityProblems(page)).toEqual([]);
      await page.getByLabel('选择区').selectOption('330108');
      await expect.poll(() => page.getByTestId('window').count()).toBe(1);
      expect(await pollText(page.getByTestId('window'))).toContain('滨江区');

      // English: the page's own words switch; the city's texts stay Chinese, marked as such.
      await page.getByTestId('lang-switch').click();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await expect.poll(() => pollText(page.locator('h1'))).toBe('Acceptance windows and hotlines');
      expect(await pollText(page.getByTestId('window'))).toContain('Binjiang');
      await page.goto(`${server.url}/faq`);
      await expect.poll(() => pollText(page.locator('h1'))).toBe('Frequently asked questions');
      expect(await page.locator('ol.faq').getAttribute('lang')).toBe('zh-CN');
      await page.getByLabel('Search the questions').fill('委托');
      await expect.poll(() => page.getByTestId('faq-item').count()).toBeGreaterThan(0);
      expect(await pollText(page.getByTestId('faq-count'))).toMatch(/of 15 questions/);
      await page.goto(`${server.url}/guide`);
      await expect.poll(() => pollText(page.locator('h1'))).toBe('How to apply for residence-permit points');
      expect(await pollText(page.getByTestId('guide'))).toContain('20 working days');
      // The sign-in pages too; an ID number that cannot be one is named before anything is sent.
      await page.goto(`${server.url}/portal`);
      await expect.poll(() => pollText(page.locator('h1'))).toBe('Sign in');
      await page.getByLabel('ID number').fill('12345');
      await page.getByRole('button', { name: 'Send code' }).click();
      await expect.poll(() => pollText(page.getByRole('alert'))).toContain('ID number: This is not a valid ID number');
      expect(await page.getByLabel('ID number').getAttribute('aria-invalid')).toBe('true');
      // Back to Chinese for the next tests in this context.
      await page.getByTestId('lang-switch').click();
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(problems).toEqual([]);
    }, 90_000);

    it('an applicant files, uploads and submits; after acceptance, determination and publication sees the total with its breakdown and gets the SMS', async () => {
      const page = await newPage();
      await signInBySms(page, APPLICANT);

      await page.getByRole('link', { name: '新建积分申请' }).click();
      await page.getByLabel('积分落户').check();
      await page.getByRole('button', { name: '创建申请', exact: true }).click();
      await expect.poll(() => pollText(page.getByTestId('state'))).toBe('填写中');
      const id = Number(/\/portal\/applications\/(\d+)$/.exec(page.url())![1]);

      // The declared indicators, in the simulator's own form sections: a master's degree, 120 volunteer hours.
      const declarations = page.getByTestId('declarations');
      expect(await pollText(declarations.getByTestId('declared-now'))).toBe('尚未申报任何指标。');
      await declarations.getByLabel('最高学历').selectOption('master');
      await declarations.getByLabel('志愿服务时长', { exact: false }).fill('120');
      await declarations.getByRole('button', { name: '保存申报' }).click();
      await expect.poll(() => pollText(declarations.getByTestId('declared-now'))).toBe('已申报:学历、志愿服务');

      // A text file: refused before upload, the field named, nothing sent.
      const file = page.getByLabel('选择文件');
      await file.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
      await page.getByRole('button', { name: '上传', exact: true }).click();
      const uploadError = page.getByTestId('upload-error');
      await expect.poll(() => pollText(uploadError)).toContain('选择文件');
      expect(await uploadError.getAttribute('role')).toBe('alert');
      expect(await pollText(uploadError)).toContain('text/plain');

      // Named .png but not one: the server, which types files by content, refuses it; its message is shown.
      await file.setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('this is not an image') });
      await page.getByRole('button', { name: '上传', exact: true }).click();
      await expect.poll(() => pollText(uploadError)).toContain('文件类型不支持');
      expect(await pollText(uploadError)).toContain('选择文件');
      expect(await page.getByTestId('evidence-list').count()).toBe(0);

      // A PNG for the degree: its type and size shown first, then listed.
      await file.setInputFiles({ name: '学位证.png', mimeType: 'image/png', buffer: PNG });
      expect(await pollText(page.getByTestId('chosen-file'))).toBe(`已选择:学位证.png(image/png,${PNG.length} B)`);
      await page.getByLabel('证明哪项指标').selectOption('education');
      await page.getByRole('button', { name: '上传', exact: true }).click();
      await expect.poll(() => pollText(page.getByTestId('evidence-list'))).toContain('学位证.png');
      expect(await pollText(page.getByTestId('evidence-list'))).toContain('学历');
      expect(await pollText(page.getByTestId('declared-checklist').locator('li.has'))).toBe('学历 已上传 1 份');

      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // What the police and social-insurance systems hold, with today's points from it, confirmed before submitting.
      const sources = page.getByTestId('source-records');
      await expect.poll(() => pollText(sources.getByTestId('source-periods'))).toContain('至今');
      expect(await pollText(sources.getByTestId('source-periods'))).toMatch(/^\d{4}-\d{2}-\d{2} 至/);
      expect(await sources.getByTestId('source-periods').locator('li').count()).toBeGreaterThan(0);
      expect(await pollText(sources.getByTestId('source-socialInsurance'))).toMatch(/\d+(\.\d+)? 分/);
      expect(await page.getByRole('button', { name: '提交申请' }).isDisabled()).toBe(true);
      await sources.getByLabel('我已核对以上由系统调取的信息').check();
      await page.getByRole('button', { name: '提交申请' }).click();
      await expect.poll(() => pollText(page.getByTestId('state'))).toBe('已提交,待受理');
      expect(await pollText(page.getByRole('status').filter({ hasText: '20 个工作日' }))).toContain('会收到短信');

      // Staff accept (window clerk) and determine (district office), as the console would.
      const clerk = await staff('xihu-window');
      const accepted = await clerk('POST', `/api/v1/staff/applications/${id}/accept`);
      const district = await staff('xihu');
      const determined = await district('POST', `/api/v1/staff/applications/${id}/determine`);
      const visibleOn = accepted.resultVisibleOn as string;
      // What was scored is what this application declared.
      expect(JSON.parse(determined.factsJson as string)).toMatchObject({ education: { level: 'master' }, volunteerHours: 120 });
      expect(visibleOn > (accepted.acceptedOn as string)).toBe(true);

      await page.reload();
      await expect.poll(() => pollText(page.getByTestId('state'))).toBe('已核定,待公布');
      expect(await pollText(page.getByTestId('visible-on'))).toBe(visibleOn);
      expect(await page.getByTestId('result').count()).toBe(0);

      // Publication day: the result becomes visible and the applicant is texted.
      const calendar = new CalendarService(new CalendarRepository(server.store.db), now);
      await calendar.reload();
      const people = new PeopleRepository(server.store.db);
      const sms = new SmsRepository(server.store.db);
      const applications = new ApplicationService({ applications: new ApplicationRepository(server.store.db), people, calendar: () => calendar.calendar(), now });
      const report = await publishAndNotify({ applications, people, sms, transport: new OutboxTransport(sms, now), calendar: () => calendar.calendar(), now }, visibleOn);
      expect(report.published).toBeGreaterThanOrEqual(1);

      await page.reload();
      await expect.poll(() => pollText(page.getByTestId('state'))).toBe('结果可查询');
      const total = (determined.totalH as number) / 100;
      expect(total).toBeGreaterThan(0);
      expect(await pollText(page.getByTestId('published-total'))).toBe(String(total));
      const breakdown = page.getByTestId('breakdown');
      expect(await pollText(breakdown.getByTestId('item-education'))).toContain('学历');
      const residence = breakdown.getByTestId('item-residence');
      await residence.locator('summary').click();
      await expect.poll(() => residence.locator('.trace-entry').count()).toBeGreaterThan(0);
      expect(await pollText(page.getByTestId('result'))).toContain('7 个工作日内');
      await page.screenshot({ path: path.join(os.tmpdir(), 'jifen-portal-result-390.png'), fullPage: true });
      expect(await accessibilityProblems(page)).toEqual([]);

      // An objection filed online: nothing chosen is refused naming the field; then it is listed.
      const objections = page.getByTestId('objections');
      await objections.getByRole('button', { name: '提出异议' }).click();
      await expect.poll(() => pollText(objections.getByRole('alert'))).toContain('对哪些指标有异议:请至少选择一项指标');
      await objections.getByRole('checkbox').first().check();
      await page.getByLabel('异议理由').fill('2015 年的居住登记没有计入。');
      await objections.getByRole('button', { name: '提出异议' }).click();
      await expect.poll(() => pollText(objections.getByTestId('objection'))).toContain('待核查');
      expect(await objections.getByRole('button', { name: '提出异议' }).count()).toBe(0);

      const texts = await server.store.db.selectFrom('sms_outbox').select(['text', 'kind']).where('to_phone', '=', APPLICANT.phone!).execute();
      expect(texts.filter((m) => m.kind === 'result').map((m) => m.text)).toEqual([expect.stringContaining(`总分${total}分`)]);

      // The list shows the state in words.
      await page.getByRole('link', { name: '返回' }).click();
      await expect.poll(() => pollText(page.getByTestId('applications'))).toContain('结果可查询');

      // Next cycle: last time's degree certificate is offered for reuse, item by item, once confirmed.
      await page.getByRole('link', { name: '新建积分申请' }).click();
      await page.getByLabel('积分落户').check();
      await page.getByRole('button', { name: '创建申请', exact: true }).click();
      await expect.poll(() => pollText(page.getByTestId('state'))).toBe('填写中');
      expect(await page.getByTestId('evidence-list').count()).toBe(0);
      await page.getByRole('button', { name: '确认「学位证.png」仍然有效并沿用' }).click();
      await expect.poll(() => pollText(page.getByTestId('evidence-list'))).toContain('学位证.png');
      expect(await page.getByRole('button', { name: /仍然有效并沿用/ }).count()).toBe(0);
      expect(problems).toEqual([]);
    }, 90_000);

    it('an employer’s HR signs in, records an employee’s authorisation, files for them and uploads the written authorisation', async () => {
      const page = await newPage();
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${server.url}/employer`);
      await expect.poll(() => pollText(page.locator('h1'))).toBe('登录');
      await page.getByLabel('用户名').fill('hr-demo');
      await page.getByLabel('密码').fill(`${demoPassword(server.demoNotes, 'hr-demo')}x`);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await expect.poll(() => page.getByRole('alert').count()).toBe(1);
      await page.getByLabel('密码').fill(demoPassword(server.demoNotes, 'hr-demo'));
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await expect.poll(() => pollText(page.locator('h1'))).toBe('单位代办积分申请');

      // A bad ID number is named before anything is sent.
      await page.getByLabel('职工身份证号码').fill('330106198804010000');
      await page.getByLabel('职工姓名').fill(EMPLOYEE.name);
      // At most a year ahead.
      await page.getByLabel('有效期至').fill(`${YEAR + 1}-${TODAY.slice(5, 7)}-01`);
      await page.getByRole('button', { name: '登记职工委托' }).click();
      await expect.poll(() => pollText(page.getByRole('alert'))).toContain('职工身份证号码');

      await page.getByLabel('职工身份证号码').fill(EMPLOYEE.idNumber);
      await page.getByRole('button', { name: '登记职工委托' }).click();
      const employees = page.getByTestId('employees');
      await expect.poll(() => pollText(employees)).toContain(EMPLOYEE.name);
      expect(await page.content()).not.toContain(EMPLOYEE.idNumber);

      // Recorded, awaiting the district's check of the written authorisation; usable meanwhile.
      expect(await pollText(employees.locator('tr', { hasText: EMPLOYEE.name }))).toContain('待核验');
      // The employee is told by SMS, in the transaction that recorded it.
      const told = await server.store.db.selectFrom('sms_outbox').select(['text']).where('to_phone', '=', EMPLOYEE.phone!).where('kind', '=', 'authorisation.created').execute();
      expect(told).toHaveLength(1);
      expect(told[0]!.text).toContain('委托');
      await employees.getByRole('button', { name: `为该职工创建申请: ${EMPLOYEE.name}` }).click();
      await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('radio');
      await page.getByLabel('积分落户').check();
      await page.getByRole('button', { name: '创建申请', exact: true }).click();
      await expect.poll(() => pollText(page.getByTestId('state'))).toBe('填写中');
      expect(await pollText(page.getByTestId('application'))).toContain('书面委托书');

      await page.getByLabel('上传书面委托书').setInputFiles({ name: '委托书.png', mimeType: 'image/png', buffer: PNG });
      await page.locator('form.upload').first().getByRole('button', { name: '上传', exact: true }).click();
      await expect.poll(() => pollText(page.getByTestId('evidence-list'))).toContain('委托书.png');
      expect(await pollText(page.getByTestId('evidence-list'))).toContain('书面委托书');
      await page.getByRole('button', { name: '提交申请' }).click();
      await expect.poll(() => pollText(page.getByTestId('state'))).toBe('已提交,待受理');
      await page.goto(`${server.url}/employer`);
      await expect.poll(() => pollText(page.getByTestId('employer-applications'))).toContain('已提交,待受理');
      expect(await pollText(page.getByTestId('employer-applications'))).toContain(EMPLOYEE.name);
      await page.screenshot({ path: path.join(os.tmpdir(), 'jifen-portal-employer-1280.png'), fullPage: true });
      expect(await accessibilityProblems(page)).toEqual([]);
      expect(problems).toEqual([]);
    }, 90_000);

    it('the employee sees the authorisation they gave and revokes it', async () => {
      const page = await newPage();
      await signInBySms(page, EMPLOYEE);
      await page.getByRole('link', { name: '我给单位的委托' }).click();
      const list = page.getByTestId('authorisations');
      await expect.poll(() => pollText(list)).toContain('杭州示例科技有限公司');
      expect(await pollText(list.getByTestId('auth-status'))).toBe('待核验');
      await list.getByRole('button', { name: '撤销委托: 杭州示例科技有限公司' }).click();
      await expect.poll(() => pollText(list.getByTestId('auth-status'))).toBe('已撤销');
      expect(await list.getByRole('button').count()).toBe(0);
      expect(problems).toEqual([]);
    }, 90_000);

    it('a parent signs in and files for their child under 16', async () => {
      const page = await newPage();
      await signInBySms(page, PARENT, { wrongCodeFirst: true });
      await page.getByRole('link', { name: '为家人代办' }).click();
      await page.getByLabel('家人的身份证号码').fill(CHILD.idNumber);
      await page.getByLabel('家人的姓名').fill(CHILD.name);
      await page.getByLabel('代办原因').selectOption('minor');
      await page.getByLabel('您与家人的关系').selectOption('父母');
      await page.getByLabel('积分落户').check();
      await page.getByRole('button', { name: '创建代办申请' }).click();
      await expect.poll(() => pollText(page.getByTestId('state'))).toBe('填写中');
      await page.getByLabel('材料类别').selectOption('relationship');
      await page.getByLabel('选择文件').setInputFiles({ name: '出生证明.png', mimeType: 'image/png', buffer: PNG });
      await page.getByRole('button', { name: '上传', exact: true }).click();
      await expect.poll(() => pollText(page.getByTestId('evidence-list'))).toContain('亲属关系证明');
      // The same page in English: the state as the domain names it, the kinds of evidence in English.
      await page.getByTestId('lang-switch').click();
      await expect.poll(() => pollText(page.getByTestId('state'))).toBe('draft');
      expect(await pollText(page.getByTestId('evidence-list'))).toContain('Proof of relationship');
      await page.getByTestId('lang-switch').click();
      await expect.poll(() => pollText(page.getByTestId('state'))).toBe('填写中');
      await page.getByRole('link', { name: '返回' }).click();
      await expect.poll(() => pollText(page.getByTestId('applications'))).toContain('我代办的');

      // Signing out ends the session: a reload shows the sign-in form again.
      await page.getByRole('button', { name: '退出登录' }).click();
      await expect.poll(() => pollText(page.locator('h1'))).toBe('登录');
      await page.reload();
      await expect.poll(() => pollText(page.locator('h1'))).toBe('登录');
      expect(problems).toEqual([]);
    }, 90_000);
  });
}
