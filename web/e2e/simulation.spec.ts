// The what-if page runs a real simulation job on the demo server and shows the KPI differences.
import { expect, screenshot, serverUrl, test } from './support';

test('a what-if simulation runs on the server and shows the differences', async ({ page, consoleErrors }) => {
  test.setTimeout(120_000);
  await page.goto(serverUrl() + '/simulation');
  await expect(page.getByTestId('simulation-count')).toBeVisible();
  await page.getByLabel('Staffed lanes (all day)').fill('3');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('kpi-avg_wait_seconds')).toBeVisible({ timeout: 100_000 });
  await expect(page.getByTestId('kpi-revenue')).toContainText('$');
  await screenshot(page, 'simulation-result');
  expect(consoleErrors).toEqual([]);
});
