import { describe, expect, it } from 'vitest';
import {
  accuracyFigures,
  departmentOptions,
  forecastHorizon,
  forecastRows,
  forecastUrl,
  formatMetric,
  metricAllowed,
  metricsFor,
  modelsUrl,
} from './forecast';

const point = (ts: string, mean: number) => ({ ts, mean, lo80: mean - 1, hi80: mean + 1, lo95: mean - 2, hi95: mean + 2 });

describe('forecast query', () => {
  it('asks for the store total without a department and sizes the horizon by granularity', () => {
    const url = new URL(forecastUrl({ storeId: 'store 1', department: '', metric: 'sales', granularity: 'hour', horizon: 48 }), 'http://x');
    expect(url.pathname).toBe('/api/v1/forecast');
    expect(Object.fromEntries(url.searchParams)).toEqual({ store_id: 'store 1', metric: 'sales', granularity: 'hour', horizon: '48' });
    const day = new URL(forecastUrl({ storeId: 's', department: 'produce', metric: 'transactions', granularity: 'day', horizon: 14 }), 'http://x');
    expect(day.searchParams.get('department')).toBe('produce');
    expect(day.searchParams.get('horizon')).toBe('14');
    expect(modelsUrl('a b')).toBe('/api/v1/forecast/models?store_id=a%20b');
  });
  it('offers customers for the store total only', () => {
    expect(metricAllowed('customers', '')).toBe(true);
    expect(metricAllowed('customers', 'deli')).toBe(false);
    expect(metricAllowed('sales', 'deli')).toBe(true);
    expect(metricsFor('deli').map((m) => m.id)).toEqual(['sales', 'transactions']);
    expect(metricsFor('').map((m) => m.id)).toContain('customers');
  });
  it('lists the store total then the departments of the definition', () => {
    expect(departmentOptions(null)).toEqual([{ id: '', label: 'Store total' }]);
    expect(departmentOptions({ departments: [{ id: 'deli', name: 'Deli', zones: [] }] })).toEqual([
      { id: '', label: 'Store total' },
      { id: 'deli', label: 'Deli' },
    ]);
  });
});

describe('forecastHorizon', () => {
  // The stored forecast of the demo's model: data to Fri 9 Oct 04:00 UTC, 14 days after it.
  const model = { data_to: '2026-10-09T04:00:00Z', settings: { forecast_days: 14 } };
  it('asks for no more buckets than the stored forecast covers', () => {
    expect(forecastHorizon('hour', model)).toBe(48);
    expect(forecastHorizon('day', model)).toBe(13);
    expect(forecastHorizon('week', model)).toBe(1);
  });
  it('gives 0 when not one bucket fits, and the wanted horizon without a model', () => {
    expect(forecastHorizon('week', { ...model, settings: { forecast_days: 3 } })).toBe(0);
    expect(forecastHorizon('day', undefined)).toBe(14);
    expect(forecastHorizon('day', { data_to: 'bad', settings: {} })).toBe(14);
  });
});

describe('forecastRows', () => {
  it('puts history and forecast on one sorted axis and joins the lines at the last actual', () => {
    const rows = forecastRows({
      history: [
        { ts: '2026-10-09T02:00:00Z', value: 20 },
        { ts: '2026-10-09T01:00:00Z', value: 10 },
      ],
      points: [point('2026-10-09T04:00:00Z', 40), point('2026-10-09T03:00:00Z', 30)],
    });
    expect(rows.map((r) => r.t)).toEqual([1, 2, 3, 4].map((h) => Date.parse(`2026-10-09T0${h}:00:00Z`)));
    expect(rows[0]).toMatchObject({ actual: 10, forecast: null, band80: null });
    expect(rows[1]).toMatchObject({ actual: 20, forecast: 20, band80: [20, 20], band95: [20, 20] });
    expect(rows[2]).toMatchObject({ actual: null, forecast: 30, band80: [29, 31], band95: [28, 32] });
  });
  it('copes with no history and with bad timestamps', () => {
    const rows = forecastRows({ history: [{ ts: 'nope', value: 1 }], points: [point('2026-10-09T03:00:00Z', 5)] });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.forecast).toBe(5);
  });
});

describe('figures', () => {
  it('formats sales as money and the other metrics as counts', () => {
    expect(formatMetric('sales', 1234.5)).toBe('$1,234.50');
    expect(formatMetric('sales', 1_234_567, true)).toBe('$1.2M');
    expect(formatMetric('customers', 12.6)).toBe('13');
  });
  it('turns the backtest into accuracy, MASE and coverage', () => {
    const figures = accuracyFigures({ wmape: 0.0936, mase: 0.75, coverage80: 0.889, coverage95: 1, horizon_hours: 27 });
    expect(figures.map((f) => f.value)).toEqual(['90.6 %', '0.75', '88.9 %', '100.0 %']);
    expect(figures[0]!.hint).toContain('27 h');
    const missing = accuracyFigures({ wmape: null, mase: null, coverage80: null, coverage95: null, horizon_hours: 0 });
    expect(missing.map((f) => f.value)).toEqual(['—', '—', '—', '—']);
  });
});
