// What-if simulations on the store's digital twin: the request the form builds, the polling
// decision, and the KPI rows the comparison table shows. Kept free of React for Vitest.
import type { components } from '../api/schema';
import { formatCount, formatDuration, formatMoney, formatPercent } from './format';

export type SimulationRequest = components['schemas']['SimulationRequest'];
export type SimulationComparison = components['schemas']['SimulationComparison'];
export type Estimate = components['schemas']['Estimate'];
export type Job = components['schemas']['Job'];
export type JobAccepted = components['schemas']['JobAccepted'];

export interface WhatIfForm {
  /** Staffed lanes open all day in the what-if (the plan keeps its own hours). */
  staffedLanes: number;
  /** Shoppers on an average day in the what-if, as a factor of the plan's. */
  trafficFactor: number;
  days: number;
  replications: number;
}

export const defaultWhatIf: WhatIfForm = { staffedLanes: 5, trafficFactor: 1, days: 1, replications: 3 };

/** The plan's shoppers on an average day (sim::DefaultScenario). */
export const PLAN_DAILY_SHOPPERS = 8000;

/** Problems with the form, by field; empty when it can be sent. */
export function validateWhatIf(form: WhatIfForm): Partial<Record<keyof WhatIfForm, string>> {
  const errors: Partial<Record<keyof WhatIfForm, string>> = {};
  if (!Number.isInteger(form.staffedLanes) || form.staffedLanes < 0) errors.staffedLanes = 'a whole number, 0 or more';
  if (!(form.trafficFactor > 0 && form.trafficFactor <= 5)) errors.trafficFactor = 'between 0 and 5';
  if (!Number.isInteger(form.days) || form.days < 1 || form.days > 28) errors.days = '1 to 28 days';
  if (!Number.isInteger(form.replications) || form.replications < 2 || form.replications > 20)
    errors.replications = '2 to 20 (intervals need at least 2)';
  return errors;
}

/** A/B: the plan as it is against the what-if, with common random numbers on the server. */
export function buildSimulationRequest(storeId: string, form: WhatIfForm): SimulationRequest {
  return {
    store_id: storeId,
    days: form.days,
    replications: form.replications,
    seed: 1,
    scenario: { name: 'plan' },
    compare: {
      name: 'what-if',
      staffing: { staffed_lanes: form.staffedLanes, intervals: [] },
      traffic: { daily_shoppers: Math.round(PLAN_DAILY_SHOPPERS * form.trafficFactor) },
    },
  };
}

export function isFinished(job: Pick<Job, 'status'>): boolean {
  return job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled';
}

export interface KpiRow {
  key: string;
  label: string;
  plan: string;
  whatIf: string;
  difference: string;
  /** True when the 95% interval of the difference excludes zero. */
  significant: boolean;
}

const kpis: Array<[string, string, (v: number) => string]> = [
  ['revenue', 'Revenue', (v) => formatMoney(v)],
  ['transactions', 'Transactions', formatCount],
  ['avg_wait_seconds', 'Average queue wait', formatDuration],
  ['p90_wait_seconds', '90th percentile wait', formatDuration],
  ['abandonment_rate', 'Queue abandonment', (v) => formatPercent(v)],
  ['lost_sales', 'Sales lost to empty shelves', (v) => formatMoney(v)],
  ['avg_shopping_minutes', 'Time in store', (v) => formatDuration(v * 60)],
];

function signed(value: number, format: (v: number) => string): string {
  const text = format(Math.abs(value));
  return value < 0 ? `−${text}` : `+${text}`;
}

export function comparisonRows(comparison: SimulationComparison): KpiRow[] {
  const rows: KpiRow[] = [];
  for (const [key, label, format] of kpis) {
    const a = comparison.a.kpis[key];
    const b = comparison.b.kpis[key];
    const d = comparison.difference[key];
    if (!a || !b || !d || d.mean === null) continue;
    const lo = d.ci95[0] ?? null;
    const hi = d.ci95[1] ?? null;
    const half = lo !== null && hi !== null ? (hi - lo) / 2 : null;
    rows.push({
      key,
      label,
      plan: format(a.mean ?? NaN),
      whatIf: format(b.mean ?? NaN),
      difference: half === null ? signed(d.mean, format) : `${signed(d.mean, format)} ± ${format(half)}`,
      significant: lo !== null && hi !== null && (lo > 0 || hi < 0),
    });
  }
  return rows;
}
