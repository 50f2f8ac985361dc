// Demand forecasts (GET /api/v1/forecast): the query the page sends, the rows the chart draws
// (history and forecast on one time axis, 80/95% bands) and the accuracy figures shown beside
// it. Kept free of React for Vitest.
import type { components } from '../api/schema';
import type { StoreDefinition } from '../api/client';
import { formatCount, formatMoney, formatPercent } from './format';

export type Forecast = components['schemas']['Forecast'];
export type ForecastBacktest = components['schemas']['ForecastBacktest'];
export type ForecastModelList = components['schemas']['ForecastModelList'];
export type ForecastMetric = Forecast['metric'];
export type ForecastGranularity = Forecast['granularity'];

export const METRICS: Array<{ id: ForecastMetric; label: string }> = [
  { id: 'sales', label: 'Sales' },
  { id: 'transactions', label: 'Transactions' },
  { id: 'customers', label: 'Customers' },
];

/** Bucket size and how many buckets of forecast (and of history: the server sends as many). */
export const GRANULARITIES: Array<{ id: ForecastGranularity; label: string; horizon: number }> = [
  { id: 'hour', label: 'By hour', horizon: 48 },
  { id: 'day', label: 'By day', horizon: 14 },
  { id: 'week', label: 'By week', horizon: 8 },
];

export type ForecastModelVersion = components['schemas']['ForecastModelVersion'];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Start of the UTC bucket holding `t` (weeks start Monday 00:00 UTC, as the server's). */
function bucketFloor(t: number, granularity: ForecastGranularity): number {
  if (granularity === 'hour') return Math.floor(t / HOUR) * HOUR;
  const day = Math.floor(t / DAY) * DAY;
  if (granularity === 'day') return day;
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return day - weekday * DAY;
}

/**
 * How many buckets to ask for: the wanted horizon, cut to what the model's stored forecast
 * covers (data_to + settings.forecast_days; the server refuses a horizon reaching past it).
 * Counted from the bucket after the one data_to falls in, so never too many. 0: not even one.
 */
export function forecastHorizon(
  granularity: ForecastGranularity,
  model: Pick<ForecastModelVersion, 'data_to' | 'settings'> | undefined,
): number {
  const wanted = GRANULARITIES.find((g) => g.id === granularity)?.horizon ?? 24;
  if (!model) return wanted;
  const dataTo = Date.parse(model.data_to);
  const days = Number(model.settings?.forecast_days ?? 14);
  if (Number.isNaN(dataTo) || !(days > 0)) return wanted;
  const size = granularity === 'hour' ? HOUR : granularity === 'day' ? DAY : 7 * DAY;
  const first = bucketFloor(dataTo, granularity) + size;
  const end = dataTo + days * DAY;
  return Math.max(0, Math.min(wanted, Math.floor((end - first) / size)));
}

export interface ForecastQuery {
  storeId: string;
  horizon: number;
  /** '' is the store total. */
  department: string;
  metric: ForecastMetric;
  granularity: ForecastGranularity;
}

/** Customers are counted at the doors: the server forecasts them for the store total only. */
export function metricAllowed(metric: ForecastMetric, department: string): boolean {
  return metric !== 'customers' || department === '';
}

/** The metrics offered for a department (the store total: all of them). */
export function metricsFor(department: string) {
  return METRICS.filter((m) => metricAllowed(m.id, department));
}

export function forecastUrl(query: ForecastQuery): string {
  const params = new URLSearchParams({
    store_id: query.storeId,
    metric: query.metric,
    granularity: query.granularity,
    horizon: String(query.horizon),
  });
  if (query.department) params.set('department', query.department);
  return `/api/v1/forecast?${params.toString()}`;
}

/** The selector's choices: the store total first, then the store definition's departments. */
export function departmentOptions(definition: Pick<StoreDefinition, 'departments'> | null) {
  return [
    { id: '', label: 'Store total' },
    ...(definition?.departments ?? []).map((d) => ({ id: d.id, label: d.name })),
  ];
}

export interface ForecastRow {
  t: number;
  actual: number | null;
  forecast: number | null;
  band80: [number, number] | null;
  band95: [number, number] | null;
}

/**
 * One row per bucket, oldest first: history rows carry `actual`, forecast rows `forecast` and
 * the bands. The last actual also starts the forecast line so the two lines join.
 */
export function forecastRows(forecast: Pick<Forecast, 'history' | 'points'>): ForecastRow[] {
  const rows = new Map<number, ForecastRow>();
  const row = (t: number) => {
    let r = rows.get(t);
    if (!r) {
      r = { t, actual: null, forecast: null, band80: null, band95: null };
      rows.set(t, r);
    }
    return r;
  };
  for (const h of forecast.history) {
    const t = Date.parse(h.ts);
    if (!Number.isNaN(t)) row(t).actual = h.value;
  }
  for (const p of forecast.points) {
    const t = Date.parse(p.ts);
    if (Number.isNaN(t)) continue;
    const r = row(t);
    r.forecast = p.mean;
    r.band80 = [p.lo80, p.hi80];
    r.band95 = [p.lo95, p.hi95];
  }
  const sorted = [...rows.values()].sort((a, b) => a.t - b.t);
  const firstForecast = sorted.findIndex((r) => r.forecast !== null);
  if (firstForecast > 0) {
    const joint = sorted[firstForecast - 1]!;
    if (joint.actual !== null && joint.forecast === null) {
      joint.forecast = joint.actual;
      joint.band80 = [joint.actual, joint.actual];
      joint.band95 = [joint.actual, joint.actual];
    }
  }
  return sorted;
}

/** Sales in dollars, the other metrics as counts. */
export function formatMetric(metric: ForecastMetric, value: number | null | undefined, compact = false): string {
  if (metric === 'sales') return formatMoney(value, compact ? { compact: true } : {});
  return formatCount(value);
}

export interface AccuracyFigure {
  label: string;
  value: string;
  hint: string;
}

/** The backtest in words a manager can read. */
export function accuracyFigures(backtest: ForecastBacktest): AccuracyFigure[] {
  const wmape = backtest.wmape;
  return [
    {
      label: 'Backtest accuracy',
      value: wmape === null ? '—' : formatPercent(Math.max(0, 1 - wmape)),
      hint: `1 − WMAPE (${formatPercent(wmape)} error) on the last ${backtest.horizon_hours} h held out`,
    },
    {
      label: 'MASE',
      value: backtest.mase === null ? '—' : backtest.mase.toFixed(2),
      hint: 'below 1: better than repeating the last season (naive)',
    },
    { label: '80 % band coverage', value: formatPercent(backtest.coverage80), hint: 'share of actuals inside the 80 % band' },
    { label: '95 % band coverage', value: formatPercent(backtest.coverage95), hint: 'share of actuals inside the 95 % band' },
  ];
}

export function modelsUrl(storeId: string): string {
  return `/api/v1/forecast/models?store_id=${encodeURIComponent(storeId)}`;
}
