// The cost/wait trade-off curve (GET /api/v1/staff/deployment/tradeoff): the Pareto front of
// labour cost against expected wait at a queue department for one store day. Shapes the reply
// into chart points, keeps the chart readable when the cheapest plans have runaway waits, and
// summarises a point's lanes per time slot. Kept free of React for Vitest.
import type { components } from '../api/schema';

export type StaffTradeoff = components['schemas']['StaffTradeoff'];
export type TradeoffPoint = components['schemas']['TradeoffPoint'];
export type TradeoffLanes = components['schemas']['TradeoffLanes'];

export function tradeoffUrl(storeId: string, date: string, department = ''): string {
  const query = new URLSearchParams({ store_id: storeId, date });
  if (department) query.set('department', department);
  return `/api/v1/staff/deployment/tradeoff?${query.toString()}`;
}

export interface CurvePoint {
  /** Index in the reply's points. */
  index: number;
  cost: number;
  hours: number;
  /** Average wait, seconds. */
  wait: number;
  worst: number;
  serviceLevel: number;
  meetsTarget: boolean;
  recommended: boolean;
}

export interface Curve {
  /** The points drawn, labour cost ascending. */
  points: CurvePoint[];
  /** Cheaper points left off the chart because their waits would flatten the rest. */
  hidden: CurvePoint[];
  /** The wait above which points are left off (seconds); null when none is. */
  cutoff: number | null;
  recommended: CurvePoint | null;
}

/** Waits beyond this many times the recommended one (and beyond `MIN_CUTOFF_SECONDS`) are not drawn. */
const CUTOFF_FACTOR = 6;
const MIN_CUTOFF_SECONDS = 600;

/**
 * The chart's points: every point of the front, labour cost ascending, with the recommended one
 * marked. The cheapest plans of a front can have waits of hours (a queue barely stable), which
 * would squash the interesting part of the curve to the x axis: points waiting more than
 * max(10 min, 6 × the recommended wait) are left off the chart (and listed as such).
 */
export function tradeoffCurve(tradeoff: StaffTradeoff): Curve {
  const all: CurvePoint[] = tradeoff.points
    .map((p, index) => ({
      index,
      cost: p.labour_cost,
      hours: p.labour_hours,
      wait: p.average_wait_seconds,
      worst: p.worst_wait_seconds,
      serviceLevel: p.service_level,
      meetsTarget: p.meets_target,
      recommended: index === tradeoff.recommended_index,
    }))
    .filter((p) => Number.isFinite(p.cost) && Number.isFinite(p.wait))
    .sort((a, b) => a.cost - b.cost || b.wait - a.wait);
  const recommended = all.find((p) => p.recommended) ?? null;
  if (all.length === 0) return { points: [], hidden: [], cutoff: null, recommended: null };
  const reference = recommended?.wait ?? all[Math.floor(all.length / 2)]!.wait;
  const cutoff = Math.max(MIN_CUTOFF_SECONDS, CUTOFF_FACTOR * reference);
  const hidden = all.filter((p) => p.wait > cutoff && !p.recommended);
  // Never hide so much that fewer than two points are left.
  if (hidden.length === 0 || all.length - hidden.length < 2) return { points: all, hidden: [], cutoff: null, recommended };
  return { points: all.filter((p) => !hidden.includes(p)), hidden, cutoff, recommended };
}

/** The point next to `index` (in the curve's order): -1 cheaper, +1 faster; null at either end. */
export function neighbour(curve: Curve, index: number, step: -1 | 1): number | null {
  const order = curve.points.map((p) => p.index);
  const at = order.indexOf(index);
  if (at < 0) return null;
  return order[at + step] ?? null;
}

export interface LaneRun {
  /** Local "HH:MM" start and end of the run. */
  from: string;
  to: string;
  lanes: number;
  /** Intervals in the run. */
  intervals: number;
}

/**
 * A plan's lanes per interval as runs of equal lanes ("08:00–10:30: 3 lanes"), in the store's
 * local time from each interval's `time_slot` ("14:00-14:15"). A gap between intervals (the store
 * closed) starts a new run.
 */
export function laneRuns(lanes: TradeoffLanes[]): LaneRun[] {
  const runs: LaneRun[] = [];
  for (const interval of lanes) {
    const [from = '', to = ''] = interval.time_slot.split('-');
    const last = runs[runs.length - 1];
    if (last && last.lanes === interval.lanes && last.to === from) {
      last.to = to;
      last.intervals += 1;
    } else {
      runs.push({ from, to, lanes: interval.lanes, intervals: 1 });
    }
  }
  return runs;
}

/** The most lanes the plan opens at once, and when ("peak 6 lanes"). */
export function peakLanes(lanes: TradeoffLanes[]): number {
  return lanes.reduce((m, l) => Math.max(m, l.lanes), 0);
}

/** What the recommended point costs and saves next to the cheapest drawn point. */
export function comparedToCheapest(curve: Curve, point: CurvePoint): { extraCost: number; waitSaved: number } | null {
  const cheapest = curve.points[0];
  if (!cheapest || cheapest.index === point.index) return null;
  return { extraCost: point.cost - cheapest.cost, waitSaved: cheapest.wait - point.wait };
}

/**
 * Tick labels for the cost axis: whole currency units, compact ("$12K") only when the axis spans
 * thousands, so neighbouring ticks of a narrow front do not all read the same.
 */
export function costTickFormat(currency: string, min: number, max: number, locale = 'en-US'): (value: number) => string {
  const span = Math.abs(max - min);
  const digits = span >= 5000 ? 1 : span >= 20 ? 0 : 2;
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    notation: span >= 5000 ? 'compact' : 'standard',
    maximumFractionDigits: digits,
    minimumFractionDigits: digits === 2 ? 2 : 0,
  });
  return (value: number) => format.format(value);
}
