/**
 * The public simulator in a real browser, served by the real server: a resident on a phone fills in
 * the form and sees the same total the engine computes, the social-insurance item at 0.25 a month,
 * a stale result while an entry is wrong, the page in English, and the warning for an enterprise
 * honour. Needs Debian's chromium at /usr/bin/chromium and a built dist/web (`npm run build:web`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { accessibilityProblems, describeInChromium, launchChromium, pollText } from '../support/browser.ts';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { evaluate, messagesFor, project, type Facts } from '../../src/rules/index.ts';

const SCREENSHOT = path.join(os.tmpdir(), 'jifen-simulator-390.png');
const SCREENSHOT_EN = path.join(os.tmpdir(), 'jifen-simulator-390-en.png');
const WEB_INDEX = fileURLToPath(new URL('../../dist/web/index.html', import.meta.url));


/** The person the scenario types in, as the engine's facts. */
const FACTS: Facts = {
  person: { birthDate: '1990-05-01' },
  permit: { kind: 'ic', status: 'valid', district: '330106' },
  residence: [{ from: '2012-01-01', to: '2019-12-31', status: 'registered', source: 'police' }],
  socialInsurance: [{ from: '2012-01', to: '2019-12', scheme: 'pension' }],
  education: { level: 'bachelor' },
};
const AS_OF = '2020-03-01';

describeInChromium('simulator page in chromium', () => {
    let server: RunningServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let dataDir: string;
    const problems: string[] = [];

    beforeAll(async () => {
      if (!fs.existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: run \`npm run build:web\` first`);
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-sim-'));
      server = await startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl: undefined });
      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', hasTouch: true, isMobile: true });
      page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
      });
      // The page must not call the server to score: every request stays on the page's own assets.
      page.on('request', (r) => {
        const u = new URL(r.url());
        if (u.pathname.startsWith('/api/')) problems.push(`api call: ${r.method()} ${u.pathname}`);
      });
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${new URL(r.url()).pathname}`);
      });
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('scores a resident as the engine does, keeps a stale result on bad input, speaks English and warns on an enterprise honour', async () => {
      const expected = evaluate(FACTS, AS_OF);
      const si = expected.items.find((i) => i.indicator === 'socialInsurance')!;
      expect(expected.policyVersion).toBe('hangzhou-2018');
      expect(si.points).toBe(24);

      await page.goto(`${server.url}/simulator`);

      // Chinese by default.
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await expect.poll(() => pollText(page.locator('h1'))).toBe('模拟积分');
      expect(await pollText(page.getByTestId('lang-switch'))).toBe('English');

      // The form, as a person fills it in.
      await page.getByLabel('出生日期').fill(FACTS.person.birthDate);
      await page.getByLabel('居住证类型').selectOption('ic');
      await page.getByLabel('签发地').selectOption('330106');
      await page.getByLabel('状态', { exact: true }).selectOption('valid');

      await page.getByRole('button', { name: '添加居住登记' }).click();
      const period = page.getByRole('group', { name: '居住登记 第 1 条' });
      await period.getByLabel('开始日期').fill('2012-01-01');
      await period.getByLabel('结束日期').fill('2019-12-31');
      await period.getByLabel('登记状态').selectOption('registered');
      await period.getByLabel('来源').selectOption('police');

      await page.getByRole('button', { name: '添加社保缴费' }).click();
      const run = page.getByRole('group', { name: '社保缴费 第 1 条' });
      await run.getByLabel('开始月份').fill('2012-01');
      await run.getByLabel('结束月份').fill('2019-12');
      await run.getByLabel('险种').selectOption('pension');

      await page.getByLabel('最高学历').selectOption('bachelor');
      await page.getByLabel('积分核算日').fill(AS_OF);

      // The total is the engine's total for the same facts; the item row shows 96 months × 0.25.
      const total = page.getByTestId('total');
      await expect.poll(() => pollText(total)).toBe(String(expected.total));
      const siRow = page.getByTestId('item-socialInsurance');
      expect(await siRow.locator('.item-points').getAttribute('data-points')).toBe('24');
      expect(await pollText(siRow)).toContain('24 分');
      expect(await pollText(siRow)).toContain('96');
      for (const item of expected.items) {
        expect(await page.getByTestId(`item-${item.indicator}`).locator('.item-points').getAttribute('data-points')).toBe(String(item.points));
      }
      expect(await pollText(page.locator('.eligibility-head'))).toBe('可以申请积分');
      const projection = project(FACTS, AS_OF);
      expect(projection.reachedOn).toBe(AS_OF);
      expect(await pollText(page.getByTestId('projection'))).toContain(AS_OF);

      // The explanation lists the trace: the insurance run counted under FAQ Q7.
      await siRow.locator('summary').click();
      await expect.poll(() => pollText(siRow.locator('.trace'))).toContain('faq2020.q7');
      expect(await pollText(siRow.locator('.trace'))).toContain('社保缴费 第 1 条');

      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(await accessibilityProblems(page)).toEqual([]);

      // An end before the start: the error sits by the input, the last result stays, marked stale.
      await period.getByLabel('结束日期').fill('2011-12-31');
      const endError = period.locator('.field-error');
      await expect.poll(() => pollText(endError)).toContain('不能早于开始日期 2012-01-01');
      expect(await period.getByLabel('结束日期').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('.stale-note').count()).toBe(1);
      expect(await pollText(total)).toBe(String(expected.total));
      await period.getByLabel('结束日期').fill('2019-12-31');
      await expect.poll(() => page.locator('.stale-note').count()).toBe(0);
      expect(await endError.count()).toBe(0);

      // English: the heading and the engine's own texts change, the number does not.
      await page.getByTestId('lang-switch').click();
      await expect.poll(() => pollText(page.locator('h1'))).toBe('Points simulator');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await pollText(page.getByTestId('lang-switch'))).toBe('中文');
      expect(await pollText(siRow)).toContain(messagesFor('en').indicator.socialInsurance);
      expect(await pollText(total)).toBe(String(expected.total));

      // An enterprise honour scores nothing and brings the engine's warning.
      await page.getByRole('button', { name: 'Add honour' }).click();
      const honour = page.getByRole('group', { name: 'Honour 1' });
      await honour.getByLabel('Level').selectOption('city');
      await honour.getByLabel('Awarded by').selectOption('enterprise');
      await honour.getByLabel('Awarded on').fill('2019-06-01');
      const withHonour: Facts = { ...FACTS, honours: [{ level: 'city', issuer: 'enterprise', awardedOn: '2019-06-01' }] };
      const honoured = evaluate(withHonour, AS_OF, { locale: 'en' });
      const warning = honoured.warnings.find((w) => w.code === 'ENTERPRISE_HONOUR_NOT_COUNTED')!;
      expect(warning.message).toBe(messagesFor('en').warning.ENTERPRISE_HONOUR_NOT_COUNTED({}));
      const shown = page.locator('.warnings li[data-code="ENTERPRISE_HONOUR_NOT_COUNTED"]');
      await expect.poll(() => pollText(shown)).toBe(warning.message);
      expect(await page.getByTestId('item-honours').locator('.item-points').getAttribute('data-points')).toBe('0');
      expect(await pollText(total)).toBe(String(honoured.total));
      expect(honoured.total).toBe(expected.total);

      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: SCREENSHOT_EN, fullPage: true });
      expect(await accessibilityProblems(page)).toEqual([]);

      // The choice of language is remembered for the next visit.
      const again = await context.newPage();
      await again.goto(`${server.url}/`);
      await expect.poll(() => pollText(again.locator('h1'))).toBe('Points simulator');
      await again.close();

      expect(problems).toEqual([]);
    }, 90_000);
});
