import { describe, expect, it } from 'vitest';
import {
  buildSimulationRequest,
  comparisonRows,
  defaultWhatIf,
  isFinished,
  validateWhatIf,
  type SimulationComparison,
} from './simulation';

const estimate = (mean: number, half = 0) => ({ mean, ci95: [mean - half, mean + half] });

function report(revenue: number, wait: number) {
  return {
    scenario: 's',
    days: 1,
    replications: 3,
    seed: 1,
    kpis: { revenue: estimate(revenue, 10), avg_wait_seconds: estimate(wait, 2) },
    zones: [],
    department_revenue: [],
  };
}

describe('what-if simulations', () => {
  it('builds an A/B request with the what-if lanes all day and scaled traffic', () => {
    const request = buildSimulationRequest('store_001', { ...defaultWhatIf, staffedLanes: 4, trafficFactor: 1.5 });
    expect(request.store_id).toBe('store_001');
    expect(request.scenario).toEqual({ name: 'plan' });
    expect(request.compare).toEqual({
      name: 'what-if',
      staffing: { staffed_lanes: 4, intervals: [] },
      traffic: { daily_shoppers: 12000 },
    });
  });

  it('names each bad field of the form', () => {
    expect(validateWhatIf(defaultWhatIf)).toEqual({});
    const errors = validateWhatIf({ staffedLanes: -1, trafficFactor: 0, days: 0, replications: 1 });
    expect(Object.keys(errors).sort()).toEqual(['days', 'replications', 'staffedLanes', 'trafficFactor']);
  });

  it('knows when a job is finished', () => {
    expect(isFinished({ status: 'running' })).toBe(false);
    expect(isFinished({ status: 'queued' })).toBe(false);
    expect(isFinished({ status: 'failed' })).toBe(true);
  });

  it('formats KPI rows with the signed difference and whether its interval excludes zero', () => {
    const comparison: SimulationComparison = {
      a: report(1000, 60),
      b: report(990, 150),
      difference: { revenue: estimate(-10, 15), avg_wait_seconds: estimate(90, 20) },
    };
    const [revenue, wait] = comparisonRows(comparison);
    expect(revenue && wait).toBeTruthy();
    if (!revenue || !wait) return;
    expect([revenue.key, wait.key]).toEqual(['revenue', 'avg_wait_seconds']);
    expect(revenue.difference).toBe('−$10.00 ± $15.00');
    expect(revenue.significant).toBe(false);
    expect(wait.plan).toBe('1 min');
    expect(wait.difference).toBe('+2 min ± 20 s');
    expect(wait.significant).toBe(true);
  });
});
