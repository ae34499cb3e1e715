/**
 * An objection (issue 5, 2020 FAQ Q12) through the pages, in a real browser against the real server
 * with the demo city, on a fixed clock around National Day 2024 (1–7 Oct off; Sun 29 Sep and Sat 12
 * Oct worked), so every deadline is known:
 * - results published Sun 29 Sep (set up through the application service on the server's store);
 * - Tue 8 Oct: the applicant files an objection in the portal, which names the last allowed day
 *   (14 Oct, the 7th working day after publication); 西湖区's officer (demo account `xihu`) assigns it
 *   to themself, asks 公安, records the answer, enters a hand-written 暂住证 period and upholds it; the
 *   case page shows the old and new totals, the applicant sees the new total and the outbox holds the
 *   outcome SMS; the application's case page lists the objection and its history;
 * - Thu 17 Oct: the applicant's request for city review, one working day after its last day (16 Oct),
 *   is refused with the message naming that day;
 * - Tue 8 Oct too: 西湖区's window clerk files an objection brought to the window from another
 *   application's case page; the district rejects it (service) and on Wed 16 Oct, its last day, the
 *   applicant asks for review (service); the city office, after a stale step refused (已被他人修改,
 *   请刷新) and a reload, decides it on the page;
 * - Fri 25 Oct: the dashboard shows the seeded mix (filed through the service on 29 Sep, 30 Sep,
 *   9 Oct, 11 Oct and 14 Oct): one overdue, one due today, one within three working days, two on time.
 *
 * The browser keeps cookies by its own clock, which is not the server's: the session cookie's
 * `Expires` (in 2024) is taken off on the way in, so it lives as a session cookie.
 * On SQLite, and on a throw-away PostgreSQL schema when JIFEN_TEST_PG_URL is set.
 * Needs Debian's chromium at /usr/bin/chromium and a built dist/web (`npm run build:web`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { maskName } from '../../src/domain/id-number.ts';
import type { PersonBundle } from '../../src/domain/records.ts';
import { DEFAULT_WEB_DIR, startServer, type RunningServer } from '../../src/http/server.ts';
import { ApplicationService, type Who } from '../../src/services/applications.ts';
import { CalendarService } from '../../src/services/calendar.ts';
import { publishAndNotify } from '../../src/services/notify.ts';
import { ObjectionService } from '../../src/services/objections.ts';
import { OutboxTransport } from '../../src/services/sms.ts';
import { ApplicationRepository } from '../../src/storage/repositories/applications.ts';
import { CalendarRepository } from '../../src/storage/repositories/calendar.ts';
import { ObjectionRepository } from '../../src/storage/repositories/objections.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { SmsRepository } from '../../src/storage/repositories/sms.ts';
import { StaffRepository } from '../../src/storage/repositories/staff.ts';
import { accessibilityProblems, describeInChromium, launchChromium, openedDialog, pollText } from '../support/browser.ts';
import { demoPassword } from '../support/demo.ts';
import { eligiblePerson } from '../support/people.ts';
import { serverDatabases } from '../support/servers.ts';

const WEB_DIR = process.env.JIFEN_WEB_DIR ?? DEFAULT_WEB_DIR;
const XIHU = '330106';
const CODE = /验证码\D*(\d{6})/;
const MAIN = 951;
/** Filed at a window by 西湖区's clerk, from the application's case page. */
const WINDOW = 957;
const SHOTS = path.join(os.tmpdir(), 'jifen-objection');
/** The dashboard's cases and the day each is filed (all within 7 working days of 29 Sep). */
const SEEDS: Array<[number, string]> = [
  [952, '2024-09-29'], // due 24 Oct: overdue on 25 Oct
  [953, '2024-09-30'], // due 25 Oct: today
  [954, '2024-10-09'], // due 29 Oct: 2 working days left
  [955, '2024-10-11'], // due 31 Oct: 4 left
  [956, '2024-10-14'], // due 4 Nov: 6 left
];

/** Eligible on these dates: an IC permit endorsed every year to 2024, police residence since 2016, pension to August 2024. */
function person(seq: number): PersonBundle {
  return eligiblePerson(seq, {
    district: XIHU,
    permits: [{ permitNo: `PE${seq}`, kind: 'ic', district: XIHU, issuedOn: '2019-03-01', endorsements: ['2020-02-15', '2023-02-15', '2024-02-15'] }],
    insurance: [{ scheme: 'pension', fromMonth: 2016 * 12, toMonth: 2024 * 12 + 7, backPaid: false, transferredIn: false }],
  });
}

for (const database of serverDatabases('e2e_objection')) {
  describeInChromium(`an objection in chromium, on the official calendar, on ${database.name}`, () => {
  let server: RunningServer;
  let browser: Browser;
  let dataDir: string;
  const clock = new Date('2024-08-30T02:00:00Z');
  const now = (): Date => new Date(clock.getTime());
  const setDay = (day: string): void => {
    clock.setTime(Date.parse(`${day}T02:00:00Z`));
  };
  const problems: string[] = [];
  const contexts: BrowserContext[] = [];
  const appOf = new Map<number, number>();
  let objections: ObjectionService;
  let sms: SmsRepository;
  let main: PersonBundle;
  let initialTotal = 0;

  async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN' });
    contexts.push(context);
    // The server's cookies expire in 2024 by its clock; the browser's clock would drop them at once.
    await context.route(`${server.url}/api/**`, async (route) => {
      const res = await route.fetch();
      const cookies = res.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie');
      if (cookies.length === 0) return route.fulfill({ response: res });
      const headers = res.headers();
      headers['set-cookie'] = cookies.map((h) => h.value.replace(/;\s*Expires=[^;]*/i, '')).join('\n');
      return route.fulfill({ response: res, headers });
    });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // Chromium logs every 4xx answer to fetch; the refusals are checked where they happen.
      if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) return;
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
    });
    return page;
  }

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIR, 'staff.html')) || !fs.existsSync(path.join(WEB_DIR, 'portal.html'))) throw new Error(`${WEB_DIR} has no staff.html or portal.html: run \`npm run build:web\` first`);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-objection-'));
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, ...database.options, demoData: true, now, webDir: WEB_DIR, smsDispatchMs: 60_000 });
    browser = await launchChromium();

    // Accepted and determined on Fri 30 Aug 2024; published on Sun 29 Sep, a worked day.
    const db = server.store.db;
    const people = new PeopleRepository(db);
    const calendar = new CalendarService(new CalendarRepository(db), now);
    await calendar.reload();
    sms = new SmsRepository(db);
    const applications = new ApplicationService({ applications: new ApplicationRepository(db), people, calendar: () => calendar.calendar(), now });
    const seqs = [MAIN, ...SEEDS.map(([s]) => s), WINDOW];
    const bundles = seqs.map(person);
    const ids = await people.insertBundles(bundles, '2024-01-01T00:00:00Z');
    main = { ...bundles[0]!, id: ids[0]! };
    const clerk: Who = { actor: 'clerk', actorId: 'staff:test' };
    for (const [i, seq] of seqs.entries()) {
      const a = await applications.createDraft(clerk, { personId: ids[i]!, channel: 'window', intendedUse: 'settlement', filedBy: 'self' });
      await applications.submit(clerk, a.id);
      await applications.accept(clerk, a.id);
      await applications.determine({ actor: 'district', actorId: 'staff:test' }, a.id);
      appOf.set(seq, a.id);
    }
    setDay('2024-09-29');
    const report = await publishAndNotify({ applications, people, sms, transport: new OutboxTransport(sms, now), calendar: () => calendar.calendar(), now }, '2024-09-29');
    expect(report.published).toBe(seqs.length);
    initialTotal = (await applications.get(appOf.get(MAIN)!)).totalH!;

    // The dashboard's mix, filed through the service on their days; the oldest is with 西湖区's officer.
    const staff = new StaffRepository(db);
    objections = new ObjectionService({ objections: new ObjectionRepository(db), applications: new ApplicationRepository(db), people, staff, calendar: () => calendar.calendar(), now });
    const xihu = (await staff.byUsername('xihu'))!;
    for (const [seq, day] of SEEDS) {
      setDay(day);
      const o = await objections.file({ actor: 'applicant', actorId: `person:${ids[seqs.indexOf(seq)]}` }, appOf.get(seq)!, { indicators: ['education'], reason: '学历未计入' }, 'online');
      if (seq === 952) await objections.assign({ actor: 'district', actorId: `staff:${xihu.id}` }, o.id, xihu.id);
    }
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
    await database.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Signs a staff member in where the console asks for it (it keeps the address). */
  async function staffSignIn(page: Page, address: string, username: string): Promise<void> {
    await page.goto(`${server.url}${address}`);
    await expect.poll(async () => (await page.getByTestId('who').count()) + (await page.getByLabel('用户名').count())).toBeGreaterThan(0);
    if ((await page.getByTestId('who').count()) === 0) {
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(demoPassword(server.demoNotes, username));
      await page.getByRole('button', { name: '登录' }).click();
      await expect.poll(() => page.getByTestId('who').count()).toBe(1);
    }
  }

  async function applicantSignIn(page: Page): Promise<void> {
    await page.goto(`${server.url}/portal`);
    await expect.poll(() => pollText(page.locator('h1'))).toBe('登录');
    await page.getByLabel('身份证号码').fill(main.idNumber);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect.poll(() => pollText(page.getByTestId('request-code'))).toMatch(/秒后可重新获取/);
    const rows = await server.store.db.selectFrom('sms_outbox').select(['text']).where('to_phone', '=', main.phone!).where('kind', '=', 'applicant.code').orderBy('id', 'desc').limit(1).execute();
    const code = CODE.exec(rows[0]?.text ?? '')?.[1];
    if (!code) throw new Error(`no sign-in code for ${main.phone}`);
    await page.getByLabel('短信验证码').fill(code);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => pollText(page.getByTestId('signed-in'))).toBe(`已登录:${maskName(main.name)}`);
  }

  const points = (h: number): string => String(h / 100);
  let objectionId = 0;
  let portal: Page;

  it('files an objection in the portal on Tue 8 Oct, told the last allowed day', async () => {
    setDay('2024-10-08');
    portal = await newPage({ width: 390, height: 844 });
    await applicantSignIn(portal);
    await portal.goto(`${server.url}/portal/applications/${appOf.get(MAIN)}`);
    await expect.poll(() => pollText(portal.getByTestId('published-total'))).toBe(points(initialTotal));
    const panel = portal.getByTestId('objections');
    await expect.poll(() => pollText(panel.getByTestId('objection-last-day'))).toBe('网上提出异议的最后一天:2024-10-14。');
    await panel.getByRole('checkbox', { name: '居住年限' }).check();
    await portal.getByLabel('异议理由').fill('2008年3月至2012年2月持手工填写的《暂住证》,未计入居住年限。');
    await panel.getByRole('button', { name: '提出异议' }).click();
    await expect.poll(() => pollText(panel.getByTestId('objection-state'))).toBe('待核查');
    // 15 working days from 8 Oct: 28 Oct.
    expect(await pollText(panel.getByTestId('objection'))).toContain('核查期限: 2024-10-28');
    const [o] = await objections.byApplication(appOf.get(MAIN)!);
    objectionId = o!.id;
  });

  it("is worked by 西湖区's officer: assigned, asked of 公安, answered, a hand-written 暂住证 entered, upheld; the points change", async () => {
    const page = await newPage();
    await staffSignIn(page, '/staff/objections', 'xihu');
    // The list of open objections holds the new case; it opens from there.
    await page.getByTestId('tab-list').click();
    const row = page.locator(`[data-testid="objection-list"] tr[data-objection-id="${objectionId}"]`);
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('link').first().click();
    await expect.poll(() => pollText(page.getByTestId('objection-title'))).toBe(`积分异议 ${objectionId}`);
    expect(await pollText(page.getByTestId('objection-state'))).toBe('待核查');
    expect(await pollText(page.getByTestId('objection-indicators'))).toBe('居住年限');
    expect(await pollText(page.getByTestId('district-deadline'))).toBe('2024-10-28');
    // Deciding before the case is assigned is not offered.
    expect(await page.getByTestId('decide-uphold').count()).toBe(0);

    await page.getByTestId('assign-me').click();
    await expect.poll(() => pollText(page.getByTestId('objection-state'))).toBe('核查中');
    expect(await pollText(page.getByTestId('objection-assigned'))).toContain('西湖区流动人口办');

    // A question to 公安 (the default department), due in 5 working days: 9, 10, 11, 12 (worked Saturday), 14 Oct.
    const tasks = page.getByTestId('objection-tasks');
    expect(await pollText(tasks.getByTestId('task-department'))).toBe('公安');
    await tasks.getByLabel('核查事项').fill('请核实申请人2008年3月至2012年2月的手工《暂住证》');
    await tasks.getByTestId('send-task').click();
    await expect.poll(() => pollText(tasks.locator('tbody'))).toContain('2024-10-14');
    expect(await pollText(tasks.locator('tbody'))).toContain('公安');
    await tasks.getByTestId('record-answer').click();
    const dialog = await openedDialog(page);
    await dialog.getByLabel('部门答复').fill('属实:2008年3月至2012年2月在西湖区暂住');
    await dialog.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => pollText(tasks.getByTestId('task-answer'))).toContain('属实:2008年3月至2012年2月在西湖区暂住');

    // The hand-written 暂住证: a wrong order of dates is refused by the server, naming the field.
    const periods = page.getByTestId('residence-periods');
    await periods.getByLabel('起始日期').fill('2012-02-29');
    await periods.getByLabel('截止日期').fill('2008-03-01');
    await periods.getByLabel('核实说明(证件编号、发证机关等)').fill('杭公暂字2008-001号,原件已核');
    await periods.getByTestId('add-period').click();
    await expect.poll(() => pollText(page.locator('.ant-message'))).toContain('截止日期: must not be before from');
    await periods.getByLabel('起始日期').fill('2008-03-01');
    await periods.getByLabel('截止日期').fill('2012-02-29');
    await periods.getByTestId('add-period').click();
    await expect.poll(() => pollText(periods.locator('tbody'))).toContain('手工填写的《暂住证》');
    expect(await pollText(periods.locator('tbody'))).toContain('2008-03-01');

    // Upheld: re-determined with the period counted; old and new totals side by side.
    await page.getByTestId('decide-uphold').click();
    const reason = await openedDialog(page, '异议成立的理由');
    await reason.getByLabel('理由(将告知申请人)').fill('公安答复属实,补计居住年限');
    await reason.getByRole('button', { name: '确定' }).click();
    // The re-determination runs inside the request: on a loaded machine it takes seconds, not one.
    // Should it fail, the page's own message (a conflict, a refusal) is in the assertion's text.
    await expect
      .poll(async () => `${await pollText(page.getByTestId('objection-state'))} ${await pollText(page.locator('.ant-message'))}`.trim(), { timeout: 15_000 })
      .toMatch(/^异议成立,已更正/);
    const upheld = (await objections.determinations(appOf.get(MAIN)!)).at(-1)!;
    expect(upheld.totalH).toBe(initialTotal + 2000);
    expect(await pollText(page.getByTestId('total-change'))).toBe(`原积分 ${points(initialTotal)} 分 → 现积分 ${points(upheld.totalH)} 分`);
    expect(await page.getByTestId('determination-total').allTextContents()).toEqual([points(initialTotal), points(upheld.totalH)]);

    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'objection-1280.png'), fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);

    // The application's case page lists the objection and its history, the new total with it.
    await page.getByTestId('objection-application').click();
    await expect.poll(() => pollText(page.getByTestId('determined-total'))).toBe(points(upheld.totalH));
    await expect.poll(() => pollText(page.getByTestId('case-objections'))).toContain('异议成立,已更正');
    await expect.poll(() => page.getByTestId('history-event').count()).toBeGreaterThan(5);
    const actions = await page.getByTestId('history-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions).toEqual(expect.arrayContaining(['application.publish', 'objection.file', 'objection.assign', 'application.redetermine', 'objection.uphold']));
    expect(await page.content()).not.toContain(main.idNumber);
    await page.screenshot({ path: path.join(SHOTS, 'case-history-1280.png'), fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);

    // The outcome SMS, queued with the decision.
    const texts = (await sms.latest(200)).filter((m) => m.to === main.phone && m.kind === 'objection.uphold');
    expect(texts).toHaveLength(1);
    expect(texts[0]!.text).toContain(`异议成立,积分已更正为${points(upheld.totalH)}分(原${points(initialTotal)}分)`);
    expect(texts[0]!.text).toContain('请于2024-10-16前向市流动人口办申请复核');

    // The applicant sees the new total and the old one beside it.
    await portal.reload();
    await expect.poll(() => pollText(portal.getByTestId('published-total'))).toBe(points(upheld.totalH));
    expect(await pollText(portal.getByTestId('objection-totals'))).toBe(`积分已更正:原 ${points(initialTotal)} 分,现 ${points(upheld.totalH)} 分。`);
    expect(await pollText(portal.getByTestId('review-last-day'))).toBe('申请市级复核的最后一天:2024-10-16。');
    await portal.screenshot({ path: path.join(SHOTS, 'portal-upheld-390.png'), fullPage: true });
    expect(await accessibilityProblems(portal)).toEqual([]);
  });

  it("files an objection brought to 西湖区's window from the application's case page", async () => {
    setDay('2024-10-08');
    const page = await newPage();
    await staffSignIn(page, `/staff/applications/${appOf.get(WINDOW)}`, 'xihu-window');
    const card = page.getByTestId('case-objections');
    await expect.poll(() => pollText(card)).toContain('本申请没有异议。');
    await card.getByTestId('window-objection').click();
    const dialog = await openedDialog(page, '窗口代为提出异议');
    await dialog.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => pollText(dialog)).toContain('请至少选择一项指标');
    await dialog.getByRole('checkbox', { name: '文化程度' }).check();
    await dialog.getByLabel('异议理由').fill('学历认证未计入');
    await dialog.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/staff\/objections\/\d+$/);
    await expect.poll(() => pollText(page.getByTestId('objection-state'))).toBe('待核查');
    expect(await pollText(page.getByTestId('objection-indicators'))).toBe('文化程度');
    // A clerk files; the district office verifies.
    expect(await page.getByTestId('assign-me').count()).toBe(0);
    const [o] = await objections.byApplication(appOf.get(WINDOW)!);
    expect(o).toMatchObject({ channel: 'window', filedByKind: 'clerk', filedOn: '2024-10-08', districtDeadline: '2024-10-28' });
  });

  it('lets the city office take a review asked in time (Wed 16 Oct) and decide it on its page', async () => {
    // 西湖区 rejects the window's objection on 8 Oct; the applicant asks for review on its last day.
    const staff = new StaffRepository(server.store.db);
    const xihu = (await staff.byUsername('xihu'))!;
    const district: Who = { actor: 'district', actorId: `staff:${xihu.id}` };
    const [o] = await objections.byApplication(appOf.get(WINDOW)!);
    await objections.assign(district, o!.id, xihu.id);
    await objections.reject(district, o!.id, '学历认证系统记录与申报不符');
    setDay('2024-10-16');
    await objections.requestReview({ actor: 'applicant', actorId: `person:${o!.personId}` }, o!.id, '学历证书为国家承认学历,请复核');

    const page = await newPage();
    await staffSignIn(page, '/staff/objections', 'city');
    await page.getByTestId('tab-list').click();
    const row = page.locator(`[data-testid="objection-list"] tr[data-objection-id="${o!.id}"]`);
    await expect.poll(() => pollText(row)).toContain('已申请市级复核');
    await row.getByRole('link').first().click();
    await expect.poll(() => pollText(page.getByTestId('review-reason'))).toBe('学历证书为国家承认学历,请复核');
    // 15 working days from 16 Oct (our reading of the city's own term): 6 Nov.
    expect(await pollText(page.getByTestId('review-deadline'))).toBe('2024-11-06');
    // The district's outcomes are not the city's to take.
    expect(await page.getByTestId('decide-uphold').count()).toBe(0);
    // Meanwhile the case is taken in another tab: the page's stale step is refused and says so.
    const city = (await staff.byUsername('city'))!;
    await objections.assign({ actor: 'city', actorId: `staff:${city.id}` }, o!.id, city.id);
    await page.getByTestId('assign-me').click();
    await expect.poll(() => pollText(page.getByTestId('conflict'))).toContain('已被他人修改,请刷新');
    await page.getByTestId('conflict').getByRole('button', { name: '刷新' }).click();
    await expect.poll(() => pollText(page.getByTestId('objection-assigned'))).toContain('市流动人口办');
    expect(await page.getByTestId('conflict').count()).toBe(0);
    await page.getByTestId('decide-review-reject').click();
    const dialog = await openedDialog(page, '复核不成立的理由');
    await dialog.getByLabel('理由(将告知申请人)').fill('经复核,区级核查结论无误');
    await dialog.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => pollText(page.getByTestId('objection-state'))).toBe('复核不成立');
    expect((await sms.latest(200)).filter((m) => m.kind === 'objection.reviewReject')).toHaveLength(1);
  });

  it('refuses a city review asked on Thu 17 Oct, one working day too late, naming the last day', async () => {
    setDay('2024-10-17');
    const page = await newPage({ width: 390, height: 844 });
    await applicantSignIn(page);
    await page.goto(`${server.url}/portal/applications/${appOf.get(MAIN)}`);
    const review = page.getByTestId('review-request');
    await expect.poll(() => review.count()).toBe(1);
    await review.getByLabel('复核理由').fill('居住年限仍少算一年');
    await review.getByRole('button', { name: '申请复核' }).click();
    await expect.poll(() => pollText(review.getByTestId('review-error'))).toContain('复核申请期限已过:最后一天是 2024年10月16日(区级核查结果出具后第 7 个工作日)');
    expect((await objections.get(objectionId)).state).toBe('upheld');
  });

  it('shows the dashboard on Fri 25 Oct: one overdue, one due today, one within three working days, two on time', async () => {
    setDay('2024-10-25');
    const page = await newPage();
    await staffSignIn(page, '/staff/objections', 'xihu');
    const dash = page.getByTestId('objection-dashboard');
    await expect.poll(() => pollText(dash.getByTestId('band-overdue').locator('.ant-statistic-content'))).toBe('1');
    expect(await pollText(dash.getByTestId('band-today').locator('.ant-statistic-content'))).toBe('1');
    expect(await pollText(dash.getByTestId('band-near').locator('.ant-statistic-content'))).toBe('1');
    expect(await pollText(dash.getByTestId('band-on-time').locator('.ant-statistic-content'))).toBe('2');
    expect(await pollText(dash)).toContain('统计日:2024-10-25');
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-1280.png'), fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);
    // Oldest deadline first, the missed one on top, in red and never hidden.
    const rows = dash.locator('[data-testid="dashboard-items"] tbody tr[data-objection-id]');
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-flag')))).toEqual(['overdue', 'near', 'near', 'on_time', 'on_time']);
    expect(await rows.first().getByTestId('remaining').textContent()).toBe('逾期 1 个工作日');
    expect(await rows.nth(1).getByTestId('remaining').textContent()).toBe('今日到期');
    expect(await rows.first().getByTestId('remaining').getAttribute('class')).toContain('ant-tag-error');
    // Each officer's open items: 西湖区's officer holds the overdue one, four are unassigned.
    // Columns: officer, open, near, overdue.
    expect(await dash.getByTestId('dashboard-officers').locator('tbody tr').allTextContents()).toEqual(['西湖区流动人口办101', '未分配420']);
    // Another day's view: a month on, every open deadline has passed.
    await dash.getByTestId('dashboard-as-of').fill('2024-11-29');
    await expect.poll(() => pollText(dash)).toContain('统计日:2024-11-29');
    await expect.poll(() => pollText(dash.getByTestId('band-overdue').locator('.ant-statistic-content'))).toBe('5');
    expect(problems).toEqual([]);
  });
});
}
