// Every page at both sizes: loads without console errors, shows its content or a clear
// "not available yet" state, and leaves a screenshot in test-results/screenshots/.
import { expect, screenshot, serverUrl, test } from './support';

const pages = [
  { path: '/', name: 'overview', testId: 'page-overview' },
  { path: '/map', name: 'map', testId: 'page-map' },
  { path: '/forecasts', name: 'forecasts', testId: 'page-forecasts' },
  { path: '/staffing', name: 'staffing', testId: 'page-staffing' },
  { path: '/simulation', name: 'simulation', testId: 'page-simulation' },
  { path: '/associate', name: 'associate', testId: 'page-associate' },
];

const sizes = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

for (const size of sizes) {
  test.describe(`${size.width}x${size.height}`, () => {
    test.use({ viewport: size });

    for (const p of pages) {
      test(`${p.name} loads without console errors`, async ({ page, consoleErrors }) => {
        await page.goto(serverUrl() + p.path);
        await expect(page.getByTestId(p.testId)).toBeVisible();
        // Whatever the page waits for has settled: no spinner left.
        await expect(page.locator('[data-state="loading"]')).toHaveCount(0);
        await page.waitForTimeout(300);
        await screenshot(page, p.name);
        expect(consoleErrors).toEqual([]);
      });
    }

    test('the nav reaches every page without a reload', async ({ page, consoleErrors }) => {
      await page.goto(serverUrl() + '/');
      await expect(page.getByTestId('page-overview')).toBeVisible();
      await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
      for (const p of pages.slice(1)) {
        if (size.width < 1024) await page.getByTestId('nav-toggle').click();
        await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: new RegExp(`^${p.name === 'map' ? 'Store map' : p.name}$`, 'i') }).click();
        await expect(page.getByTestId(p.testId)).toBeVisible();
        expect(new URL(page.url()).pathname).toBe(p.path);
      }
      expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
      expect(consoleErrors).toEqual([]);
    });
  });
}

test('the store map shows figures on hover', async ({ page, consoleErrors }) => {
  await page.goto(serverUrl() + '/map');
  const zone = page.locator('[data-zone="electronics"] polygon');
  await zone.hover();
  await expect(page.getByTestId('map-tooltip')).toContainText('Electronics');
  await expect(page.getByTestId('map-tooltip')).toContainText('m²');
  expect(consoleErrors).toEqual([]);
});

test('the store selector lists the demo store', async ({ page }) => {
  await page.goto(serverUrl() + '/');
  await page.getByTestId('store-selector').click();
  await expect(page.getByRole('option', { name: /Supercenter/ })).toBeVisible();
});
