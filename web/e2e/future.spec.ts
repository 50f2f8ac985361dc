// Pages whose endpoints are still being built: each test is skipped, with the reason, until the
// server answers.
import { storeDate } from '../src/lib/format';
import { STORE, expect, serverUrl, test } from './support';

async function exists(path: string) {
  return (await fetch(serverUrl() + path)).status !== 404;
}

test('a forecast chart renders real data', async ({ page, consoleErrors }) => {
  test.skip(!(await exists(`/api/v1/stores/${STORE}/forecasts?metric=footfall`)), 'the forecasts endpoint is not on this server yet');
  await page.goto(serverUrl() + '/forecasts');
  await expect(page.getByTestId('model-version')).not.toBeEmpty();
  await expect(page.locator('[data-testid="forecast-chart"] .recharts-line-curve').first()).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('a staffing edit round-trips to the server', async ({ page, consoleErrors }) => {
  const tz = ((await (await fetch(`${serverUrl()}/api/v1/stores/${STORE}`)).json()) as { timezone: string }).timezone;
  const today = storeDate(new Date(), tz);
  test.skip(!(await exists(`/api/v1/stores/${STORE}/staffing?date=${today}`)), 'the staffing endpoint is not on this server yet');
  await page.goto(serverUrl() + '/staffing');
  await page.getByTestId('roster').getByRole('button', { name: 'Edit' }).first().click();
  const end = page.getByLabel('End');
  const original = await end.inputValue();
  const changed = original.replace(/T(\d\d):/, (_, h: string) => `T${String((Number(h) + 23) % 24).padStart(2, '0')}:`);
  await end.fill(changed);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const staffing = (await (await fetch(`${serverUrl()}/api/v1/stores/${STORE}/staffing?date=${today}`)).json()) as { shifts: Array<{ end: string }> };
  expect(staffing.shifts.some((s) => s.end === changed)).toBe(true);
  expect(consoleErrors).toEqual([]);
});
