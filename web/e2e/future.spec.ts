// Forecasts and staffing against the real demo server. The demo starts with no trained forecast
// model and no employees: these tests first check the page's empty state, then prepare the data
// the way an operator would (`storeops forecast train`, POST employees, the page's own "Build
// roster" button) and check the real data. They skip, with the reason, only when that cannot be
// done (no database to train on, training refused).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { STORE, expect, serverUrl, test } from './support';

const run = promisify(execFile);

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(serverUrl() + path);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

test('a forecast chart renders real data', async ({ page, consoleErrors }) => {
  test.setTimeout(240_000);
  let models = await getJson<{ champion: number | null }>(`/api/v1/forecast/models?store_id=${STORE}`);
  if (models.champion === null) {
    // The empty state says how a forecast comes.
    await page.goto(serverUrl() + '/forecasts');
    await expect(page.getByTestId('forecast-no-model')).toContainText(`storeops forecast train --store ${STORE}`);
    const bin = process.env.STOREOPS_E2E_BIN;
    const db = process.env.STOREOPS_E2E_DB;
    test.skip(!bin || !db, 'no trained forecast model on the demo server yet, and no database to train one on (STOREOPS_E2E_DB unset)');
    // The demo backfills its history in the background, oldest day first: training is refused
    // ("history too short") until a few days are in, so try again while the backfill runs.
    const deadline = Date.now() + 150_000;
    for (;;) {
      try {
        await run(bin!, ['forecast', 'train', '--db', db!, '--store', STORE, '--threads', '1', '--log-level', 'warn'], { timeout: 90_000 });
        break;
      } catch (error) {
        const stderr = (error as { stderr?: string }).stderr ?? String(error);
        if (Date.now() > deadline || !/too short/.test(stderr)) {
          test.skip(true, `no trained forecast model on the demo server yet, and \`storeops forecast train\` refused: ${stderr.trim().slice(0, 300)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5_000));
      }
    }
    models = await getJson<{ champion: number | null }>(`/api/v1/forecast/models?store_id=${STORE}`);
    expect(models.champion).not.toBeNull();
  }
  const forecast = await getJson<{ model_version: number; points: unknown[] }>(`/api/v1/forecast?store_id=${STORE}&horizon=48`);
  expect(forecast.points.length).toBeGreaterThan(0);

  await page.goto(serverUrl() + '/forecasts');
  await expect(page.getByTestId('model-version')).toHaveText(String(forecast.model_version));
  await expect(page.getByTestId('backtest-accuracy')).toHaveText(/\d+\.\d %/);
  const chart = page.getByTestId('forecast-chart');
  await expect(chart.locator('.recharts-line-curve').first()).toBeVisible();
  await expect(chart.locator('.recharts-area-area').first()).toBeVisible();
  // One department, by the day.
  await page.getByLabel('Department').selectOption({ label: 'Produce' });
  await page.getByLabel('Period').selectOption('day');
  await expect(page.getByTestId('model-version')).toBeVisible();
  await expect(chart.locator('.recharts-line-curve').first()).toBeVisible();
  await expect(page.getByLabel('Metric').locator('option')).toHaveText(['Sales', 'Transactions']);
  // By the week: the stored forecast (14 days) holds one or two whole weeks, drawn as points.
  await page.getByLabel('Period').selectOption('week');
  await expect(page.getByTestId('model-version')).toBeVisible();
  await expect(chart.locator('.recharts-line-curve, .recharts-line-dots circle').first()).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

interface Employee {
  id: string;
}
interface ScheduleSummary {
  id: string;
}
interface Assignment {
  employee: string;
  day: number;
  start: string;
  length_minutes: number;
}

/** A small team whose skills cover the store's departments, added through the employees API. */
async function addEmployees(): Promise<void> {
  const store = await getJson<{ departments: Array<{ skills?: string[] }> }>(`/api/v1/stores/${STORE}`);
  const skills = [...new Set(store.departments.flatMap((d) => d.skills ?? []))];
  const team = 12;
  for (let i = 0; i < team; i++) {
    const mine = skills.filter((_, k) => k % 4 === i % 4).concat(['cashier', 'stocking']);
    const response = await fetch(`${serverUrl()}/api/v1/stores/${STORE}/employees`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        id: `e2e_${String(i).padStart(2, '0')}`,
        name: `Associate ${String.fromCharCode(65 + i)}`,
        skills: [...new Set(mine)],
        contract: { min_hours: 0, max_hours: 40 },
        hourly_cost: 17 + (i % 5),
      }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
  }
}

test('a staffing edit round-trips to the server', async ({ page, consoleErrors }) => {
  test.setTimeout(150_000);
  await page.goto(serverUrl() + '/staffing');
  await expect(page.getByTestId('required-chart')).toBeVisible();

  let { schedules } = await getJson<{ schedules: ScheduleSummary[] }>(`/api/v1/staff/schedules?store_id=${STORE}`);
  if (schedules.length === 0) {
    const { employees } = await getJson<{ employees: Employee[] }>(`/api/v1/stores/${STORE}/employees`);
    if (employees.length === 0) {
      // The demo has no employees: the page says so, then the test hires a team.
      await expect(page.getByTestId('no-employees')).toBeVisible();
      await addEmployees();
      await page.reload();
    }
    await page.getByRole('button', { name: 'Build roster' }).click();
    await expect(page.getByTestId('roster')).toBeVisible({ timeout: 90_000 });
    ({ schedules } = await getJson<{ schedules: ScheduleSummary[] }>(`/api/v1/staff/schedules?store_id=${STORE}`));
  }
  expect(schedules.length).toBeGreaterThan(0);
  await expect(page.getByTestId('roster')).toBeVisible();
  await expect(page.getByTestId('roster-score')).not.toHaveText('—');
  await expect(page.getByTestId('score-explanation')).toBeVisible();

  // A day with shifts.
  const tabs = page.getByRole('tab');
  for (let d = 0; d < 7 && (await page.getByTestId('shift').count()) === 0; d++) await tabs.nth(d).click();
  const shift = page.getByTestId('shift').first();
  const employee = (await shift.getAttribute('data-employee'))!;
  const day = Number(await shift.getAttribute('data-day'));
  const start = (await shift.getAttribute('data-start'))!;
  const [h, m] = start.split(':').map(Number) as [number, number];
  const moved = `${String(h >= 16 ? h - 1 : h + 1).padStart(2, '0')}:${String(m).padStart(2, '0')}`;

  await shift.click();
  await page.getByLabel('Start').fill(moved);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('edit-result')).toBeVisible();
  await expect(page.getByTestId('edit-delta')).not.toHaveText('—');

  const saved = await getJson<{ status: string; assignments: Assignment[] }>(`/api/v1/staff/schedules/${schedules[0]!.id}`);
  expect(saved.status).toBe('edited');
  expect(saved.assignments.some((a) => a.employee === employee && a.day === day && a.start === moved)).toBe(true);
  // The timeline shows the moved shift.
  await expect(page.locator(`[data-testid="shift"][data-employee="${employee}"][data-start="${moved}"]`)).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
