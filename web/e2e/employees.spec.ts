// Employees on the Staffing page against the real demo server: add one through the dialog (the
// form's field messages on the way), edit it, find both after a reload and in the API, then delete
// it. Leaves the store as it found it (future.spec.ts expects a demo without employees).
import type { Page } from '@playwright/test';
import { STORE, expect, screenshot, serverUrl, test } from './support';

const ID = 'e2e_dana';

async function getEmployee(id: string): Promise<{ status: number; body: { name?: string; skills?: string[]; contract?: { min_hours: number; max_hours: number }; availability?: { unavailable: unknown[]; days_off: unknown[] } } }> {
  const response = await fetch(`${serverUrl()}/api/v1/stores/${STORE}/employees/${id}`);
  return { status: response.status, body: response.ok ? await response.json() : {} };
}

const fieldError = (page: Page, field: string) => page.getByRole('dialog').locator(`[data-field="${field}"] [data-testid="field-error"]`).first();

test.afterAll(async () => {
  // A failed run must not leave the employee behind for the other specs.
  await fetch(`${serverUrl()}/api/v1/stores/${STORE}/employees/${ID}`, { method: 'DELETE' });
});

test('the server names bad employee fields the way the form expects', async () => {
  const response = await fetch(`${serverUrl()}/api/v1/stores/${STORE}/employees`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: 'e2e_bad', name: 'Bad', skills: ['cashier', 'cashier'], contract: { min_hours: 30, max_hours: 20 }, availability: { days_off: [{ date: 'soon' }] } }),
  });
  expect(response.status).toBe(400);
  const body = (await response.json()) as { error: { details: Array<{ field: string }> } };
  expect(body.error.details.map((d) => d.field).sort()).toEqual(['availability.days_off[0].date']);
  const second = await fetch(`${serverUrl()}/api/v1/stores/${STORE}/employees`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: 'e2e_bad', name: 'Bad', skills: ['cashier', 'cashier'], contract: { min_hours: 30, max_hours: 20 } }),
  });
  expect(second.status).toBe(400);
  const details = ((await second.json()) as { error: { details: Array<{ field: string }> } }).error.details.map((d) => d.field).sort();
  expect(details).toEqual(['contract.max_hours', 'skills[1]']);
});

test('add, edit, reload and delete an employee', async ({ page, consoleErrors }) => {
  await page.goto(serverUrl() + '/staffing');
  const card = page.getByTestId('employees');
  await expect(card.getByRole('button', { name: 'Add employee' })).toBeVisible();
  expect((await getEmployee(ID)).status).toBe(404);

  // Add: an empty form is refused field by field, before anything is sent.
  await card.getByRole('button', { name: 'Add employee' }).click();
  const dialog = page.getByRole('dialog');
  await expect(page.getByTestId('employee-dialog')).toBeVisible();
  await dialog.getByRole('button', { name: 'Add employee' }).click();
  await expect(fieldError(page, 'name')).toHaveText('is required');
  await expect(fieldError(page, 'id')).toBeVisible();
  await dialog.getByLabel('Name', { exact: true }).fill('Dana E2E');
  await expect(fieldError(page, 'name')).toHaveCount(0);
  await dialog.getByLabel('Employee id', { exact: true }).fill(ID);
  await dialog.getByLabel('Skill 1', { exact: true }).fill('cashier');
  await dialog.getByRole('button', { name: '+ Add skill' }).click();
  await dialog.getByLabel('Skill 2', { exact: true }).fill('fresh produce');
  await dialog.getByLabel('Min hours / week', { exact: true }).fill('30');
  await dialog.getByLabel('Max hours / week', { exact: true }).fill('20');
  await dialog.getByRole('button', { name: 'Add employee' }).click();
  await expect(fieldError(page, 'skills[1]')).toContainText('spaces');
  await expect(fieldError(page, 'contract.max_hours')).toContainText('below');
  await dialog.getByLabel('Skill 2', { exact: true }).fill('produce');
  await dialog.getByLabel('Max hours / week', { exact: true }).fill('32');
  await dialog.getByRole('button', { name: 'Add unavailable time on Sat' }).click();
  await dialog.getByRole('button', { name: 'Add unavailable time on Mon' }).click();
  await dialog.getByLabel('Mon unavailable from', { exact: true }).fill('08:00');
  await dialog.getByLabel('Mon unavailable to', { exact: true }).fill('12:00');
  await dialog.getByRole('button', { name: '+ Add day off' }).click();
  await dialog.getByLabel('Day off 1', { exact: true }).fill('2026-12-24');
  await screenshot(page, 'employee-dialog');
  await dialog.getByRole('button', { name: 'Add employee' }).click();
  await expect(dialog).toHaveCount(0);
  const row = page.locator(`[data-testid="employee-row"][data-employee="${ID}"]`);
  await expect(row.getByTestId('employee-skills')).toHaveText('cashier, produce');
  await expect(row.getByTestId('employee-contract')).toHaveText('30–32 h/week');
  await expect(row).toContainText('unavailable Sat all day, Mon 08:00–12:00; 1 day off');

  // A second employee with the same id: the server's 409 lands on the id field.
  await card.getByRole('button', { name: 'Add employee' }).click();
  await dialog.getByLabel('Name', { exact: true }).fill('Dana again');
  await dialog.getByLabel('Employee id', { exact: true }).fill(ID);
  await dialog.getByRole('button', { name: 'Add employee' }).click();
  await expect(fieldError(page, 'id')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);

  // Edit: more hours, one skill less, and the Monday window goes.
  await page.reload();
  await row.getByRole('button', { name: 'Edit Dana E2E' }).click();
  await expect(dialog.getByLabel('Skill 2', { exact: true })).toHaveValue('produce');
  await dialog.getByLabel('Max hours / week', { exact: true }).fill('38');
  await dialog.getByRole('button', { name: 'Remove skill 2' }).click();
  await dialog.getByRole('button', { name: 'Remove Mon window' }).click();
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog).toHaveCount(0);
  await page.reload();
  await expect(row.getByTestId('employee-skills')).toHaveText('cashier');
  await expect(row.getByTestId('employee-contract')).toHaveText('30–38 h/week');
  await expect(row).toContainText('unavailable Sat all day; 1 day off');
  const saved = await getEmployee(ID);
  expect(saved.body.skills).toEqual(['cashier']);
  expect(saved.body.contract?.max_hours).toBe(38);
  expect(saved.body.availability?.unavailable).toHaveLength(1);
  await screenshot(page, 'employees');

  // Delete.
  await row.getByRole('button', { name: 'Remove Dana E2E' }).click();
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(row).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('employees').getByRole('button', { name: 'Add employee' })).toBeVisible();
  await expect(row).toHaveCount(0);
  expect((await getEmployee(ID)).status).toBe(404);
  // The 409 above is the one console error expected (Chromium logs every failed request).
  expect(consoleErrors.filter((e) => !/status of 409/.test(e))).toEqual([]);
});

test.describe('390x844', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('the employee dialog fits a phone', async ({ page, consoleErrors }) => {
    await page.goto(serverUrl() + '/staffing');
    await page.getByTestId('employees').getByRole('button', { name: 'Add employee' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Add unavailable time on Wed' }).click();
    await dialog.getByRole('button', { name: '+ Add day off' }).click();
    await dialog.getByRole('button', { name: 'Add employee' }).click();
    await expect(fieldError(page, 'availability.days_off[0].date')).toHaveText('pick a date');
    const box = await page.getByTestId('employee-dialog').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'employee-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    await screenshot(page, 'employees');
    expect(consoleErrors).toEqual([]);
  });
});
