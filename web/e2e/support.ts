import { expect, test as base, type ConsoleMessage, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const serverUrl = () => {
  const url = process.env.STOREOPS_E2E_URL;
  if (!url) throw new Error('STOREOPS_E2E_URL is not set: run through playwright.config.ts');
  return url;
};

export const STORE = 'store_001';

/**
 * Endpoints the dashboard calls before the server has them (they answer 404 today and the page
 * shows "not available yet"). Chromium logs every 404 as a console error; only these are
 * forgiven. Remove an entry when its endpoint lands.
 */
export const notYetBuilt = [/\/api\/v1\/stores\/[^/]+\/alerts$/];

export const screenshotDir = path.resolve(import.meta.dirname, '..', 'test-results', 'screenshots');

export async function screenshot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  const { width, height } = page.viewportSize() ?? { width: 0, height: 0 };
  await page.screenshot({ path: path.join(screenshotDir, `${name}-${width}x${height}.png`), fullPage: true });
}

/** Collects console errors and page errors, less the forgiven 404s of endpoints not built yet. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() !== 'error') return;
      const url = message.location().url;
      if (/status of 404/.test(message.text()) && notYetBuilt.some((re) => re.test(url))) return;
      errors.push(`${message.text()} (${url})`);
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    await use(errors);
  },
});

export async function liveAvailable(): Promise<boolean> {
  const response = await fetch(`${serverUrl()}/api/v1/stores/${STORE}/live`);
  return response.status !== 404;
}

export { expect };
