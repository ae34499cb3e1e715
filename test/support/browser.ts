/**
 * Shared by the browser tests: Debian's chromium driven by playwright-core, and the rule for when it
 * is missing — a failure in CI (which installs it), a skip that says why elsewhere.
 */
import fs from 'node:fs';
import { chromium, type Browser, type Locator } from 'playwright-core';
import { describe, it } from 'vitest';

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
