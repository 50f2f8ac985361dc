import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { futureEndpoints, type ForecastResponse } from '../api/future_types';
import { useResource } from '../api/useResource';
import { Card, Empty, ErrorState, Loading, NotAvailable } from '../components/States';
import { formatCount, formatPercent, formatStoreDateTime, formatStoreTime } from '../lib/format';
import { useStores } from '../state/stores';
import { useState } from 'react';

const metrics = [
  { id: 'footfall', label: 'Footfall' },
  { id: 'sales', label: 'Sales' },
  { id: 'transactions', label: 'Transactions' },
];

export function forecastRows(response: ForecastResponse) {
  return response.points.map((p) => ({
    t: Date.parse(p.ts),
    actual: p.actual,
    forecast: p.forecast,
    band80: p.lo80 !== null && p.hi80 !== null ? [p.lo80, p.hi80] : null,
    band95: p.lo95 !== null && p.hi95 !== null ? [p.lo95, p.hi95] : null,
  }));
}

export default function Forecasts() {
  const storeId = useStores((s) => s.selectedId);
  const tz = useStores((s) => s.list.status === 'ready' ? s.list.data.find((x) => x.id === s.selectedId)?.timezone : undefined) ?? 'UTC';
  const [metric, setMetric] = useState('footfall');
  const [forecast, retry] = useResource<ForecastResponse>(storeId ? futureEndpoints.forecast(storeId, metric) : null);

  let body;
  if (forecast.status === 'loading' || forecast.status === 'idle') body = <Loading label="Loading forecast…" />;
  else if (forecast.status === 'not-available') body = <NotAvailable feature="Forecasts" />;
  else if (forecast.status === 'error') body = <ErrorState message={forecast.message} onRetry={retry} />;
  else if (forecast.data.points.length === 0) body = <Empty title="No forecast yet">The store needs some history first.</Empty>;
  else {
    const data = forecast.data;
    body = (
      <div className="space-y-3">
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Card title="Model">
            <p data-testid="model-version" className="font-medium">{data.model_version}</p>
          </Card>
          <Card title="Backtest MAPE"><p className="font-medium">{formatPercent(data.backtest?.mape)}</p></Card>
          <Card title="80 % band coverage"><p className="font-medium">{formatPercent(data.backtest?.coverage80)}</p></Card>
          <Card title="95 % band coverage"><p className="font-medium">{formatPercent(data.backtest?.coverage95)}</p></Card>
        </div>
        <Card testId="forecast-chart">
          <div className="h-80">
            <ResponsiveContainer width="100%" height="100%">
              <ComposedChart data={forecastRows(data)} margin={{ left: 0, right: 8, top: 8, bottom: 0 }}>
                <CartesianGrid stroke="#e2e8f0" />
                <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => formatStoreTime(t, tz)} fontSize={12} />
                <YAxis fontSize={12} tickFormatter={(v: number) => formatCount(v)} width={48} />
                <Tooltip labelFormatter={(t) => formatStoreDateTime(Number(t), tz)} />
                <Area dataKey="band95" name="95 % band" stroke="none" fill="#bae6fd" isAnimationActive={false} />
                <Area dataKey="band80" name="80 % band" stroke="none" fill="#7dd3fc" isAnimationActive={false} />
                <Line dataKey="forecast" name="Forecast" stroke="#0369a1" dot={false} isAnimationActive={false} />
                <Line dataKey="actual" name="History" stroke="#0f172a" dot={false} isAnimationActive={false} />
              </ComposedChart>
            </ResponsiveContainer>
          </div>
          <p className="mt-1 text-xs text-slate-500">Times in the store's time zone ({tz}).</p>
        </Card>
      </div>
    );
  }
  return (
    <div className="space-y-3" data-testid="page-forecasts">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">Forecasts</h1>
        <select aria-label="Metric" value={metric} onChange={(e) => setMetric(e.target.value)} className="rounded border border-slate-300 bg-white px-2 py-1 text-sm">
          {metrics.map((m) => <option key={m.id} value={m.id}>{m.label}</option>)}
        </select>
      </div>
      {body}
    </div>
  );
}
