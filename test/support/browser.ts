/**
 * Shared by the browser tests: Debian's chromium driven by playwright-core, and the rule for when it
 * is missing — a failure in CI (which installs it), a skip that says why elsewhere.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Kysely } from 'kysely';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/storage/schema.ts';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export async function pollText(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

/**
 * An antd dialog once it has finished opening: a click during its zoom-in animation can land on the
 * mask (closing it) or on a button not yet where it will be, which a loaded machine makes likely.
 */
export async function openedDialog(page: Page, name?: string | RegExp): Promise<Locator> {
  const dialog = name === undefined ? page.getByRole('dialog') : page.getByRole('dialog', { name });
  await expect.poll(() => dialog.evaluate((el) => el.getAnimations({ subtree: true }).length)).toBe(0);
  return dialog;
}

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The WCAG 2.1 A and AA problems axe-core (Deque's engine, the one browsers' audit tools use) finds on
 * the page as it stands, one line each (`rule (impact): selector — help`), for a test to expect none.
 * Evaluated through the debugging protocol, so the pages' Content-Security-Policy stays as served.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    type Node = { target: string[]; any: Array<{ data?: { fgColor?: string; bgColor?: string; contrastRatio?: number } | null }> };
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Node[] }> }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    const colours = (n: Node): string => {
      const d = n.any.find((c) => c.data?.contrastRatio !== undefined)?.data;
      return d ? ` [${d.fgColor ?? '?'} on ${d.bgColor ?? '?'}: ${d.contrastRatio}]` : '';
    };
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact ?? 'n/a'}): ${n.target.join(' ')}${colours(n)} — ${v.help}`));
  });
  return found;
}

/** `describe` when chromium is there; otherwise a failing suite in CI, a skipped one (saying why) elsewhere. */
export function describeInChromium(name: string, suite: () => void): void {
  if (fs.existsSync(CHROMIUM)) {
    describe(name, suite);
  } else if (process.env.CI) {
    describe(name, () => {
      it('has a browser to run in', () => {
        throw new Error(`chromium is missing at ${CHROMIUM}: install it with \`apt-get install -y chromium\``);
      });
    });
  } else {
    describe.skip(`${name} (skipped: ${CHROMIUM} not found; apt-get install -y chromium)`, () => {
      it('is skipped', () => undefined);
    });
  }
}

/**
 * A new page in its own context (one person, one session), whose page errors and console errors or
 * warnings are collected into `problems` — a journey ends by expecting none. Chromium's log line for
 * each 4xx answer to fetch is not a problem: the journeys check those refusals themselves.
 */
export async function watchedPage(
  browser: Browser,
  o: { width: number; height?: number; contexts: BrowserContext[]; problems: string[]; acceptDownloads?: boolean },
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: o.width, height: o.height ?? 900 }, locale: 'zh-CN', acceptDownloads: o.acceptDownloads ?? false });
  o.contexts.push(context);
  const page = await context.newPage();
  // Fail where the step is, well before the test's own timeout.
  page.setDefaultTimeout(8000);
  page.on('pageerror', (e) => o.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) return;
    if (m.type() === 'error' || m.type() === 'warning') o.problems.push(`console.${m.type()}: ${m.text()}`);
  });
  return page;
}

const SIGN_IN_CODE = /验证码\D*(\d{6})/;

/** The latest sign-in code texted to `phone`, read from the SMS outbox as the demo's applicants would. */
export async function signInCode(db: Kysely<Database>, phone: string): Promise<string> {
  const rows = await db.selectFrom('sms_outbox').select(['text']).where('to_phone', '=', phone).where('kind', '=', 'applicant.code').orderBy('id', 'desc').limit(1).execute();
  const m = SIGN_IN_CODE.exec(rows[0]?.text ?? '');
  if (!m) throw new Error(`no sign-in code for ${phone}: ${JSON.stringify(rows)}`);
  return m[1]!;
}
