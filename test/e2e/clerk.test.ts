/**
 * Window filing in a real browser, served by the real server with the demo city: a window clerk of
 * 西湖区 signs in, finds a person who holds an old nine-year paper permit (who can apply only at a
 * window, 2020 FAQ Q15), files a window application for them, uploads a scanned PDF, submits and
 * accepts it, and sees 已受理 with the acceptance day and the day results become visible; the work
 * queue's export downloads an xlsx that exceljs reads, with the applicant masked; a district officer
 * of 滨江区 opening the case's address is refused and sees nothing of the person. Then 西湖区's
 * district office determines it, after another tab did so first (the page's stale try is refused,
 * 已被他人修改,请刷新, and a reload shows the points); the admin filters the city's queue by district,
 * reads the SMS outbox with masked phones, exports it and adds a hotline.
 * Needs Debian's chromium at /usr/bin/chromium and a built dist/web (`npm run build:web`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkCharacter, maskIdNumber, maskName, maskPhone } from '../../src/domain/id-number.ts';
import { permitState } from '../../src/domain/permit.ts';
import type { PersonBundle } from '../../src/domain/records.ts';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { todayInChina } from '../../src/rules/index.ts';
import { ApplicationRepository } from '../../src/storage/repositories/applications.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { enqueueSms } from '../../src/storage/repositories/sms.ts';
import { serverDatabases } from '../support/servers.ts';
import { accessibilityProblems, describeInChromium, launchChromium, openedDialog, pollText } from '../support/browser.ts';
import { demoPassword } from '../support/demo.ts';

const SHOTS = path.join(os.tmpdir(), 'jifen-clerk');
const WEB_STAFF = fileURLToPath(new URL('../../dist/web/staff.html', import.meta.url));
const XIHU = '330106';
/** The smallest file that file-type reads as a PDF. */
const SCAN = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** A person of 西湖区 whose latest permit is a valid paper permit, with a declared education and no application yet. */
async function paperPermitPerson(server: RunningServer, today: string): Promise<PersonBundle> {
  const people = new PeopleRepository(server.store.db);
  const applications = new ApplicationRepository(server.store.db);
  for (const b of await people.page(0, 2000)) {
    if (b.district !== XIHU) continue;
    const latest = [...b.permits].filter((p) => p.issuedOn <= today).sort((x, y) => (x.issuedOn < y.issuedOn ? 1 : -1))[0];
    if (!latest || latest.kind !== 'paper9' || latest.district !== XIHU || permitState(latest, today).status !== 'valid') continue;
    if (b.declared.education === undefined || (await applications.byPerson(b.id!)).length > 0) continue;
    return b;
  }
  // The demo city has none today: one issued half a year ago (no endorsement due yet).
  const issued = new Date(Date.parse(`${today}T00:00:00Z`) - 180 * 86_400_000).toISOString().slice(0, 10);
  const first17 = '33010619850607' + '911';
  const b: PersonBundle = {
    idNumber: first17 + checkCharacter(first17),
    name: '纸证明',
    phone: '13700000911',
    birthDate: '1985-06-07',
    sex: 'female',
    urbanHukou: false,
    fullCivilCapacity: true,
    district: XIHU,
    permits: [{ permitNo: 'ZJ-PAPER-911', kind: 'paper9', district: XIHU, issuedOn: issued, endorsements: [] }],
    residence: [{ from: '2015-01-01', to: null, status: 'registered', source: 'handwritten', verified: true, sourceRef: 'H911' }],
    insurance: [],
    declared: { education: { level: 'bachelor' } },
  };
  const [id] = await people.insertBundles([b], new Date().toISOString());
  return { ...b, id: id! };
}

for (const db of serverDatabases('e2e_clerk')) {
  describeInChromium(`window filing in chromium on ${db.name}`, () => {
    let server: RunningServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let dataDir: string;
    const problems: string[] = [];
    const refusals: string[] = [];
    let caseId = 0;
    let caseUrl = '';
    let person: PersonBundle;

    beforeAll(async () => {
      if (!fs.existsSync(WEB_STAFF)) throw new Error(`${WEB_STAFF} is missing: run \`npm run build:web\` first`);
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-clerk-'));
      server = await startServer({ port: 0, host: '127.0.0.1', dataDir, ...db.options, demoData: true });
      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
      page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        // Chromium logs every 4xx answer to fetch; the refusals are checked one by one.
        if (/^Failed to load resource: the server responded with a status of 4(01|03|09)/.test(m.text())) return;
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
      });
      page.on('response', (r) => {
        if (r.status() >= 400) refusals.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
      });
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await db.drop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const signIn = async (username: string): Promise<void> => {
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(demoPassword(server.demoNotes, username));
      await page.getByRole('button', { name: '登录' }).click();
      await expect.poll(() => page.getByTestId('who').count()).toBe(1);
    };

    it('files, scans, submits and accepts a paper-permit application at the window; exports the queue; refuses another district', async () => {
      const today = todayInChina();
      person = await paperPermitPerson(server, today);

      await page.goto(`${server.url}/staff`);
      await expect.poll(() => pollText(page.locator('h1'))).toBe('工作人员登录');
      await signIn('xihu-window');
      expect(await pollText(page.getByTestId('who'))).toContain('受理窗口');
      // The clerk's menu: the work queues, the search, and the rounds (their district's filings); nothing of the city's.
      const menu = page.getByRole('navigation', { name: '主导航' });
      expect(await menu.getByRole('link').allTextContents()).toEqual(['工作台', '人员查询', '落户批次', '入学批次']);

      // Found by the full ID number (sent in the body only), opened from the results.
      await page.getByLabel('身份证号/手机号/姓名').fill(person.idNumber);
      await page.getByRole('button', { name: '查询', exact: true }).click();
      const row = page.locator(`[data-testid="search-results"] tr[data-person-id="${person.id}"]`);
      await expect.poll(() => row.count()).toBe(1);
      await row.getByRole('link', { name: person.name }).click();
      await expect.poll(() => pollText(page.getByTestId('person-name'))).toBe(person.name);
      expect(await pollText(page.getByTestId('permit').first())).toContain('九年期纸质居住证');

      // 新建窗口申请: settlement, filed by the person themself.
      await page.getByTestId('new-application').click();
      const dialog = await openedDialog(page);
      await expect.poll(() => pollText(dialog)).toContain('只能在窗口办理');
      await dialog.getByRole('button', { name: '创建申请' }).click();
      await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/staff\/applications\/\d+$/);
      caseId = Number(new URL(page.url()).pathname.split('/').at(-1));
      caseUrl = new URL(page.url()).pathname;
      await expect.poll(() => pollText(page.getByTestId('case-state'))).toBe('填写中');
      expect(await pollText(page.getByTestId('case-id-number'))).toBe(maskIdNumber(person.idNumber));
      expect(await page.content()).not.toContain(person.idNumber);
      // Accepting a draft is not open yet, and says why.
      expect(await page.getByTestId('action-accept').isDisabled()).toBe(true);

      // The scan of the paper permit.
      await page.locator('[data-testid="materials"] input[type="file"]').setInputFiles({ name: '纸质居住证扫描.pdf', mimeType: 'application/pdf', buffer: SCAN });
      const materials = page.getByTestId('materials');
      await expect.poll(() => pollText(materials)).toContain('纸质居住证扫描.pdf');
      const open = materials.getByTestId('evidence-open');
      expect(await open.getAttribute('target')).toBe('_blank');
      const content = await context.request.get(`${server.url}${await open.getAttribute('href')}`);
      expect(content.status()).toBe(200);
      expect(content.headers()['content-type']).toContain('application/pdf');

      // Submitted at the window (allowed for a paper permit), then accepted.
      await page.getByTestId('action-submit').click();
      await expect.poll(() => pollText(page.getByTestId('case-state'))).toBe('已提交,待受理');
      await page.getByTestId('action-accept').click();
      await expect.poll(() => pollText(page.getByTestId('case-state'))).toBe('已受理');
      const stored = (await new ApplicationRepository(server.store.db).byId(caseId))!;
      expect(stored).toMatchObject({ state: 'accepted', channel: 'window', acceptedOn: today });
      expect(stored.resultVisibleOn! > today).toBe(true);
      expect(await pollText(page.getByTestId('accepted-on'))).toBe(today);
      expect(await pollText(page.getByTestId('result-visible-on'))).toBe(stored.resultVisibleOn);
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, 'case-1280.png'), fullPage: true });
      expect(await accessibilityProblems(page)).toEqual([]);

      // The queue 审核中 lists it, masked; its export is an xlsx with the same row.
      await menu.getByRole('link', { name: '工作台' }).click();
      await page.getByRole('tab', { name: '审核中' }).click();
      const queueRow = page.locator(`[data-testid="queue"] tr[data-application-id="${caseId}"]`);
      await expect.poll(() => queueRow.count()).toBe(1);
      expect(await pollText(queueRow)).toContain(maskName(person.name));
      await page.screenshot({ path: path.join(SHOTS, 'queue-1280.png'), fullPage: true });
      expect(await accessibilityProblems(page)).toEqual([]);
      const downloading = page.waitForEvent('download');
      await page.getByTestId('export-queue').click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/^积分申请-审核中-西湖区-\d{8}\.xlsx$/);
      const file = path.join(dataDir, 'queue.xlsx');
      await download.saveAs(file);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const ws = wb.worksheets[0]!;
      expect(ws.getRow(1).values).toEqual([undefined, '申请编号', '申请人', '身份证号', '区', '渠道', '用途', '代办', '提交时间', '受理日期', '结果可查日期', '状态']);
      const rows: unknown[][] = [];
      ws.eachRow((r, n) => {
        if (n > 1) rows.push((r.values as unknown[]).slice(1));
      });
      const mine = rows.find((r) => r[0] === caseId)!;
      expect(mine.slice(1, 7)).toEqual([maskName(person.name), maskIdNumber(person.idNumber), '西湖区', '窗口', '积分落户', '本人']);
      expect(mine.slice(8)).toEqual([today, stored.resultVisibleOn, '审核中']);
      expect(JSON.stringify(rows)).not.toContain(person.idNumber);

      // A district officer of 滨江区 at the case's address: refused, nothing of the person.
      await page.getByRole('button', { name: '退出登录' }).click();
      await expect.poll(() => pollText(page.locator('h1'))).toBe('工作人员登录');
      await page.goto(`${server.url}${caseUrl}`);
      await expect.poll(() => pollText(page.locator('h1'))).toBe('工作人员登录');
      await signIn('binjiang');
      const refusal = page.getByTestId('forbidden');
      await expect.poll(() => pollText(refusal)).toContain('此申请不属于您所在的区');
      await page.screenshot({ path: path.join(SHOTS, 'refused-1280.png'), fullPage: true });
      expect(await accessibilityProblems(page)).toEqual([]);
      const html = await page.content();
      expect(html).not.toContain(person.name);
      expect(html).not.toContain(maskIdNumber(person.idNumber));
      expect(refusals).toContain(`403 GET /api/v1/staff/applications/${caseId}`);
      expect(refusals.filter((r) => !r.startsWith('401 ') && !r.startsWith('403 '))).toEqual([]);
      expect(problems).toEqual([]);
    }, 120_000);

    it('lets the district office determine the case and shows the points; the admin reads the SMS outbox masked and adds a hotline', async () => {
      expect(caseId).toBeGreaterThan(0);
      await page.getByRole('button', { name: '退出登录' }).click();
      await expect.poll(() => pollText(page.locator('h1'))).toBe('工作人员登录');

      // 西湖区流动人口办 determines it: the points of the acceptance day, as stored.
      await page.goto(`${server.url}${caseUrl}`);
      await signIn('xihu');
      await expect.poll(() => pollText(page.getByTestId('case-state'))).toBe('已受理');
      // The declared education is not accepted, with the reason the applicant will be told.
      await page.getByTestId('review-reject-education').click();
      const reasonDialog = await openedDialog(page);
      await reasonDialog.getByLabel('理由(将告知申请人)').fill('学历证书无法核验');
      await reasonDialog.getByRole('button', { name: '确定' }).click();
      const education = page.getByTestId('indicators').locator('tr', { hasText: '学历证书无法核验' });
      await expect.poll(() => education.locator('[data-decision]').getAttribute('data-decision')).toBe('rejected');
      // Meanwhile another officer determines it (another tab); this page still shows the version it read.
      const other = await page.evaluate(async (id) => {
        const session = (await (await fetch('/api/v1/staff/session')).json()) as { csrfToken: string };
        const r = await fetch(`/api/v1/staff/applications/${id}/determine`, { method: 'POST', headers: { 'x-csrf-token': session.csrfToken } });
        return r.status;
      }, caseId);
      expect(other).toBe(200);
      // The page's own determination is refused (409) and it says so; a reload shows the new state.
      await page.getByTestId('action-determine').click();
      await expect.poll(() => pollText(page.getByTestId('conflict'))).toContain('已被他人修改,请刷新');
      await page.getByTestId('conflict').getByRole('button', { name: '刷新' }).click();
      await expect.poll(() => pollText(page.getByTestId('case-state'))).toBe('已核定');
      expect(await page.getByTestId('conflict').count()).toBe(0);
      const stored = (await new ApplicationRepository(server.store.db).byId(caseId))!;
      expect(stored.state).toBe('determined');
      await expect.poll(() => pollText(page.getByTestId('determined-total'))).toBe(String(stored.totalH! / 100));
      expect(await page.getByTestId('determined-age').count()).toBe(1);
      // The rejected indicator scored nothing.
      expect(await pollText(page.getByTestId('determined-education').locator('td').first())).toBe('0');
      // In English: antd's and our words change, the numbers do not.
      await page.getByTestId('lang-switch').click();
      await expect.poll(() => pollText(page.getByTestId('case-state'))).toBe('Determined');
      expect(await pollText(page.getByTestId('determined-total'))).toBe(String(stored.totalH! / 100));
      await page.getByTestId('lang-switch').click();
      await expect.poll(() => pollText(page.getByTestId('case-state'))).toBe('已核定');

      // The admin: the whole menu; the outbox with masked phones only, and its export.
      await page.getByRole('button', { name: '退出登录' }).click();
      await signIn('admin');
      const menu = page.getByRole('navigation', { name: '主导航' });
      expect(await menu.getByRole('link').allTextContents()).toEqual(['工作台', '人员查询', '短信发件箱', '受理窗口与咨询电话', '落户批次', '入学批次']);
      const phone = person.phone ?? '13700000911';
      await enqueueSms(server.store.db, { to: phone, text: `您的积分申请 ${caseId} 已受理`, kind: 'application.accepted' }, new Date().toISOString());
      // The whole city's queue, and one district's by the filter.
      await menu.getByRole('link', { name: '工作台' }).click();
      await page.getByRole('tab', { name: '已核定' }).click();
      const determinedRow = page.locator(`[data-testid="queue"] tr[data-application-id="${caseId}"]`);
      await expect.poll(() => determinedRow.count()).toBe(1);
      expect(await pollText(determinedRow)).toContain('西湖区');
      await page.getByTestId('district-filter').click();
      await page.locator('.ant-select-item-option[title="滨江区"]').click();
      await expect.poll(() => determinedRow.count()).toBe(0);
      await page.getByTestId('district-filter').click();
      await page.locator('.ant-select-item-option[title="西湖区"]').click();
      await expect.poll(() => determinedRow.count()).toBe(1);

      await menu.getByRole('link', { name: '短信发件箱' }).click();
      const outbox = page.getByTestId('outbox');
      const message = outbox.locator('tbody tr[data-row-key]', { hasText: `您的积分申请 ${caseId} 已受理` });
      await expect.poll(() => message.count()).toBe(1);
      expect(await pollText(message)).toContain(maskPhone(phone));
      expect(await page.content()).not.toContain(phone);
      for (const cell of await outbox.locator('tbody tr[data-row-key] td:nth-child(2)').allTextContents()) expect(cell).toMatch(/^\d{3}\*{4}\d{4}$/);
      const downloading = page.waitForEvent('download');
      await page.getByTestId('export-outbox').click();
      expect((await downloading).suggestedFilename()).toMatch(/^短信发件箱-\d{8}\.xlsx$/);

      // 受理窗口与咨询电话: a new hotline, saved and listed.
      await menu.getByRole('link', { name: '受理窗口与咨询电话' }).click();
      await expect.poll(() => pollText(page.locator('h1'))).toBe('受理窗口与咨询电话');
      await page.getByRole('button', { name: '新增' }).nth(1).click();
      const dialog = await openedDialog(page);
      await dialog.getByLabel('名称').fill('测试咨询电话');
      await dialog.getByLabel('电话').fill('0571-87654321');
      await dialog.getByLabel('办公时间').fill('工作日 9:00-17:00');
      await dialog.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => pollText(page.locator('body'))).toContain('测试咨询电话');
      expect(problems).toEqual([]);
    }, 120_000);
  });
}
