import { describe, expect, it } from 'vitest';
import { comparedToCheapest, costTickFormat, laneRuns, neighbour, peakLanes, tradeoffCurve, tradeoffUrl, type StaffTradeoff, type TradeoffPoint } from './tradeoff';

function point(cost: number, wait: number, meets = false): TradeoffPoint {
  return {
    labour_hours: cost / 15,
    labour_cost: cost,
    average_wait_seconds: wait,
    worst_wait_seconds: wait * 3,
    service_level: meets ? 0.85 : 0.5,
    meets_target: meets,
    lanes: [],
  };
}

function tradeoff(points: TradeoffPoint[], recommended: number | null): StaffTradeoff {
  return {
    store_id: 'store_001',
    date: '2026-11-30',
    department: 'checkout',
    currency: 'USD',
    wage_per_hour: 15,
    wage_source: 'default',
    max_lanes: 12,
    shrinkage: 0.15,
    interval_minutes: 15,
    aht_seconds: 180,
    customers: 4000,
    demand_source: 'history_average',
    target: { service_level: 0.8, within_seconds: 120 },
    points,
    recommended_index: recommended,
  };
}

describe('tradeoffCurve', () => {
  it('orders the points by cost and marks the recommended one', () => {
    const curve = tradeoffCurve(tradeoff([point(300, 60, true), point(200, 200), point(400, 10, true)], 0));
    expect(curve.points.map((p) => p.cost)).toEqual([200, 300, 400]);
    expect(curve.points.map((p) => p.index)).toEqual([1, 0, 2]);
    expect(curve.recommended).toMatchObject({ index: 0, cost: 300, wait: 60, worst: 180, serviceLevel: 0.85, meetsTarget: true, recommended: true });
    expect(curve.hidden).toEqual([]);
    expect(curve.cutoff).toBeNull();
  });

  it('leaves runaway waits of the cheapest plans off the chart', () => {
    const curve = tradeoffCurve(tradeoff([point(100, 20000), point(150, 5000), point(200, 300), point(300, 50, true), point(400, 5, true)], 3));
    expect(curve.cutoff).toBe(600);
    expect(curve.hidden.map((p) => p.cost)).toEqual([100, 150]);
    expect(curve.points.map((p) => p.cost)).toEqual([200, 300, 400]);
  });

  it('scales the cut-off with the recommended wait and keeps at least two points', () => {
    expect(tradeoffCurve(tradeoff([point(100, 5000), point(200, 1000, true)], 1)).cutoff).toBe(null);
    const noTarget = tradeoffCurve(tradeoff([point(100, 90000), point(200, 800), point(300, 700)], null));
    expect(noTarget.recommended).toBeNull();
    expect(noTarget.cutoff).toBe(4800); // 6 × the middle point's wait
    expect(noTarget.hidden.map((p) => p.cost)).toEqual([100]);
  });

  it('is empty for a closed day and skips non-finite figures', () => {
    expect(tradeoffCurve(tradeoff([], null))).toEqual({ points: [], hidden: [], cutoff: null, recommended: null });
    expect(tradeoffCurve(tradeoff([point(100, Number.POSITIVE_INFINITY), point(200, 10)], 1)).points.map((p) => p.cost)).toEqual([200]);
  });

  it('steps to the cheaper and the faster neighbour', () => {
    const curve = tradeoffCurve(tradeoff([point(300, 60, true), point(200, 200), point(400, 10, true)], 0));
    expect(neighbour(curve, 0, -1)).toBe(1);
    expect(neighbour(curve, 0, 1)).toBe(2);
    expect(neighbour(curve, 2, 1)).toBeNull();
    expect(neighbour(curve, 9, 1)).toBeNull();
    expect(comparedToCheapest(curve, curve.recommended!)).toEqual({ extraCost: 100, waitSaved: 140 });
    expect(comparedToCheapest(curve, curve.points[0]!)).toBeNull();
  });
});

describe('laneRuns', () => {
  const lane = (slot: string, lanes: number) => ({ start: '2026-11-30T14:00:00Z', time_slot: slot, lanes });
  it('joins equal neighbouring intervals and breaks at a change or a gap', () => {
    const lanes = [lane('08:00-08:15', 2), lane('08:15-08:30', 2), lane('08:30-08:45', 3), lane('08:45-09:00', 3), lane('09:00-09:15', 2), lane('21:00-21:15', 2)];
    expect(laneRuns(lanes)).toEqual([
      { from: '08:00', to: '08:30', lanes: 2, intervals: 2 },
      { from: '08:30', to: '09:00', lanes: 3, intervals: 2 },
      { from: '09:00', to: '09:15', lanes: 2, intervals: 1 },
      { from: '21:00', to: '21:15', lanes: 2, intervals: 1 },
    ]);
    expect(peakLanes(lanes)).toBe(3);
    expect(laneRuns([])).toEqual([]);
  });

  it('builds the query', () => {
    expect(tradeoffUrl('store 1', '2026-11-30')).toBe('/api/v1/staff/deployment/tradeoff?store_id=store+1&date=2026-11-30');
    expect(tradeoffUrl('s', '2026-11-30', 'pharmacy')).toContain('&department=pharmacy');
  });
});

describe('costTickFormat', () => {
  it('keeps neighbouring ticks of a narrow front apart', () => {
    expect(costTickFormat('USD', 5300, 5400)(5325)).toBe('$5,325');
    expect(costTickFormat('USD', 5300, 5310)(5302.5)).toBe('$5,302.50');
    expect(costTickFormat('USD', 2000, 12000)(12000)).toBe('$12K');
    expect(costTickFormat('EUR', 100, 300)(150)).toBe('€150');
  });
});
