import os from 'node:os';
// The live path: real events change the overview without a reload, the overview renders fast,
// and a 60-messages-a-second stream does not freeze the page.
import type { LiveSnapshot } from '../src/api/client';
import { STORE, expect, liveAvailable, serverUrl, test } from './support';

test('the overview renders its first view within 1 s', async ({ browser }) => {
  // Five cold loads, each in a fresh context (empty cache and storage); the median counts.
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(serverUrl() + '/');
    await page.waitForFunction(() => window.__storeopsOverviewRendered !== undefined);
    runs.push(await page.evaluate(() => window.__storeopsOverviewRendered!));
    await context.close();
  }
  const median = [...runs].sort((a, b) => a - b)[2]!;
  console.log(`METRIC overview_first_render_ms ${median.toFixed(0)} (median; runs ${runs.map((r) => r.toFixed(0)).join(', ')})`);
  // The budget is 1 s. On a machine whose load average exceeds its core count (other
  // builds running) the figure measures the machine, not the page: printed, not asserted.
  const load = os.loadavg()[0]!;
  const cores = os.cpus().length;
  test.skip(load > cores, `budget not asserted: load average ${load.toFixed(1)} on ${cores} cores`);
  expect(median).toBeLessThanOrEqual(Number(process.env.STOREOPS_E2E_RENDER_BUDGET_MS ?? 1000));
});

test("the overview's occupancy follows camera events without a reload", async ({ page, consoleErrors }) => {
  test.skip(!(await liveAvailable()), 'GET /api/v1/stores/{id}/live is not on this server yet: nothing to follow');
  await page.goto(serverUrl() + '/');
  await expect(page.getByTestId('page-overview')).toBeVisible();
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  const post = async (people: number) => {
    const response = await fetch(`${serverUrl()}/api/v1/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([
        { type: 'camera.count', store_id: STORE, ts: new Date().toISOString(), camera: 'cam-e2e', zone: 'electronics', people, queue: 0 },
      ]),
    });
    expect(response.ok).toBe(true);
  };
  await post(431);
  await expect(page.getByTestId('zone-electronics')).toContainText('431', { timeout: 15_000 });
  await post(467);
  await expect(page.getByTestId('zone-electronics')).toContainText('467', { timeout: 15_000 });
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  expect(consoleErrors).toEqual([]);
});

function fakeSnapshot(i: number): LiveSnapshot {
  const asOf = new Date(Date.UTC(2026, 10, 23, 20, 0, 0) + i * 16).toISOString();
  return {
    store_id: STORE,
    as_of: asOf,
    k: 5,
    people_in_store: 100 + i,
    zones: [{ zone_id: 'electronics', occupancy: 10 + (i % 50), source: 'camera', suppressed: false, updated_at: asOf }],
    lanes: Array.from({ length: 12 }, (_, l) => ({ lane_id: `L${String(l + 1).padStart(2, '0')}`, queue_length: (i + l) % 7, updated_at: asOf })),
    departments: [],
    totals: { sales_this_hour: 1000 + i, transactions_this_hour: 40 + i },
  };
}

test('60 stream updates a second do not freeze the page', async ({ page, consoleErrors }) => {
  // The stream and the live endpoint are played by the test (page.route / routeWebSocket), so
  // this runs whether or not the server has them; the store list and definition are real.
  const total = 180;
  await page.route(/\/api\/v1\/stores\/[^/]+\/live$/, (route) => route.fulfill({ json: fakeSnapshot(0) }));
  await page.routeWebSocket(/\/api\/v1\/stream$/, (ws) => {
    ws.onMessage(() => {
      ws.send(JSON.stringify({ type: 'subscribed', topics: ['live', 'events'], store_id: STORE }));
      let i = 1;
      const timer = setInterval(() => {
        ws.send(JSON.stringify({ topic: 'live', store_id: STORE, data: fakeSnapshot(i) }));
        if (++i > total) clearInterval(timer);
      }, 1000 / 60);
    });
  });
  await page.goto(serverUrl() + '/');
  await expect(page.getByTestId('connection-status').first()).toHaveAttribute('data-connection', 'streaming');
  // Longest gap between animation frames while the messages pour in.
  const gap = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let last = performance.now();
        let worst = 0;
        const start = last;
        const frame = (now: number) => {
          worst = Math.max(worst, now - last);
          last = now;
          if (now - start < 2500) requestAnimationFrame(frame);
          else resolve(worst);
        };
        requestAnimationFrame(frame);
      }),
  );
  await expect(page.getByTestId('kpi-people')).toHaveText(String(100 + total), { timeout: 10_000 });
  console.log(`METRIC stream_60hz_worst_frame_gap_ms ${gap.toFixed(0)}`);
  expect(gap).toBeLessThan(250);
  expect(consoleErrors).toEqual([]);
});
