// The cost/wait trade-off curve on the Staffing page, drawn from the real
// GET /api/v1/staff/deployment/tradeoff of the demo server, at both sizes.
import { STORE, expect, screenshot, serverUrl, test } from './support';

interface Tradeoff {
  date: string;
  currency: string;
  points: Array<{ labour_cost: number; average_wait_seconds: number; lanes: unknown[] }>;
  recommended_index: number | null;
}

async function front(date?: string): Promise<Tradeoff> {
  const response = await fetch(`${serverUrl()}/api/v1/staff/deployment/tradeoff?store_id=${STORE}${date ? `&date=${date}` : ''}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Tradeoff;
}

/**
 * A front with a curve to draw (two points or more): today's, else one of the next two days'.
 * The demo backfills its history at start, so the demand (and the front) may take a while.
 */
async function frontWithACurve(): Promise<Tradeoff> {
  const deadline = Date.now() + 150_000;
  for (;;) {
    const today = await front();
    const next = new Date(`${today.date}T12:00:00Z`);
    const candidates = [today];
    for (let d = 1; d <= 2; d++) candidates.push(await front(new Date(next.getTime() + d * 86_400_000).toISOString().slice(0, 10)));
    const found = candidates.find((c) => c.points.length >= 2);
    if (found || Date.now() > deadline) return found ?? today;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
}

for (const size of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test.describe(`${size.width}x${size.height}`, () => {
    test.use({ viewport: size });

    test('the cost/wait curve renders real data', async ({ page, consoleErrors }) => {
      test.setTimeout(200_000);
      const front = await frontWithACurve();
      test.skip(front.points.length < 2, `the demo server traced no front of two points or more for the next three days (${front.points.length} point(s))`);
      await page.goto(serverUrl() + '/staffing');
      const card = page.getByTestId('tradeoff');
      await card.getByLabel('Trade-off day').fill(front.date);
      const chart = card.getByTestId('tradeoff-chart');
      await expect(chart.locator('.recharts-line-curve')).toBeVisible();
      expect(await chart.locator('.recharts-line-dots circle').count()).toBeGreaterThanOrEqual(2);
      // The recommended point is highlighted and selected first, with its lanes.
      const details = card.getByTestId('tradeoff-point');
      if (front.recommended_index !== null) {
        await expect(chart.locator('.recharts-reference-dot')).toHaveCount(1);
        await expect(details).toHaveAttribute('data-index', String(front.recommended_index));
        await expect(details).toContainText('recommended');
        const cost = front.points[front.recommended_index]!.labour_cost;
        await expect(card.getByTestId('tradeoff-cost')).toHaveText(new Intl.NumberFormat('en-US', { style: 'currency', currency: front.currency }).format(cost));
      }
      await expect(card.getByTestId('tradeoff-lanes').locator('li').first()).toContainText(/\d{2}:\d{2}–\d{2}:\d{2}.*lane/);
      // Hover shows a point's figures.
      const dot = chart.locator('.recharts-line-dots circle').nth(1);
      const box = (await dot.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await expect(card.getByTestId('tradeoff-tooltip')).toContainText('Average wait');
      // Click picks it; the buttons walk the front.
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const picked = await details.getAttribute('data-index');
      const faster = card.getByRole('button', { name: 'Faster →' });
      const cheaper = card.getByRole('button', { name: '← Cheaper' });
      if (await faster.isEnabled()) await faster.click();
      else await cheaper.click();
      await expect(details).not.toHaveAttribute('data-index', picked ?? '');
      await expect(page.locator('[data-state="loading"]')).toHaveCount(0, { timeout: 30_000 });
      await screenshot(page, 'tradeoff');
      expect(consoleErrors).toEqual([]);
    });
  });
}
