import { useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useResource } from '../api/useResource';
import { Card, Empty, ErrorState, Loading, NotAvailable } from '../components/States';
import { formatStoreDateTime, formatStoreTime, storeDate } from '../lib/format';
import {
  GRANULARITIES,
  accuracyFigures,
  departmentOptions,
  forecastRows,
  forecastHorizon,
  forecastUrl,
  formatMetric,
  metricAllowed,
  metricsFor,
  type Forecast,
  type ForecastGranularity,
  type ForecastMetric,
  type ForecastModelList,
  modelsUrl,
} from '../lib/forecast';
import { useDefinition, useStores } from '../state/stores';

const selectClass = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm';

function NoModel({ storeId }: { storeId: string }) {
  return (
    <Empty title="No forecast model trained yet">
      <span data-testid="forecast-no-model">
        A forecast appears after the nightly training, or once someone runs{' '}
        <code className="rounded bg-slate-100 px-1">storeops forecast train --store {storeId}</code>.
      </span>
    </Empty>
  );
}

export default function Forecasts() {
  const storeId = useStores((s) => s.selectedId);
  const tz = useStores((s) => (s.list.status === 'ready' ? s.list.data.find((x) => x.id === s.selectedId)?.timezone : undefined)) ?? 'UTC';
  const definition = useDefinition();
  const [department, setDepartment] = useState('');
  const [metric, setMetric] = useState<ForecastMetric>('sales');
  const [granularity, setGranularity] = useState<ForecastGranularity>('hour');
  // The model list first: an untrained store answers it with no champion (the forecast itself
  // would be a 404, which the browser logs as an error).
  const [models, retryModels] = useResource<ForecastModelList>(storeId ? modelsUrl(storeId) : null);
  const trained = models.status === 'ready' && models.data.champion !== null;
  const champion = models.status === 'ready' ? models.data.versions.find((v) => v.version === models.data.champion) : undefined;
  const horizon = forecastHorizon(granularity, champion);
  const [forecast, retry] = useResource<Forecast>(
    storeId && trained && horizon > 0 && metricAllowed(metric, department)
      ? forecastUrl({ storeId, department, metric, granularity, horizon })
      : null,
  );

  const chooseDepartment = (id: string) => {
    setDepartment(id);
    if (!metricAllowed(metric, id)) setMetric('sales');
  };
  const tick = (t: number) => (granularity === 'hour' ? formatStoreTime(t, tz) : storeDate(new Date(t), 'UTC'));

  let body;
  if (!storeId || models.status === 'loading' || models.status === 'idle') body = <Loading label="Loading forecast…" />;
  else if (models.status === 'error') body = <ErrorState message={models.message} onRetry={retryModels} />;
  else if (models.status === 'not-available') body = <NotAvailable feature="Forecasts" />;
  else if (!trained) body = <NoModel storeId={storeId} />;
  else if (horizon === 0)
    body = <Empty title={`The stored forecast is shorter than a ${granularity}`}>Pick a finer period, or train again.</Empty>;
  else if (forecast.status === 'loading' || forecast.status === 'idle') body = <Loading label="Loading forecast…" />;
  else if (forecast.status === 'not-available')
    body = <Empty title="No forecast for this selection">The champion model has no series for it; try the store total.</Empty>;
  else if (forecast.status === 'error') body = <ErrorState message={forecast.message} onRetry={retry} />;
  else if (forecast.data.points.length === 0) body = <Empty title="No forecast points">The model has no forecast for this period yet.</Empty>;
  else {
    const data = forecast.data;
    const rows = forecastRows(data);
    // A few weeks are points, not a curve: draw them.
    const few = rows.length < 12;
    body = (
      <div className="space-y-3">
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-5">
          <Card title="Model">
            <p className="font-medium">
              version <span data-testid="model-version">{data.model_version}</span>
            </p>
            <p className="text-xs text-slate-500">
              {data.model}
              {champion && <>, trained {formatStoreDateTime(champion.created, tz)} on data to {formatStoreDateTime(champion.data_to, tz)}</>}
            </p>
          </Card>
          {accuracyFigures(data.backtest).map((f) => (
            <Card key={f.label} title={f.label}>
              <p className="font-medium" data-testid={f.label === 'Backtest accuracy' ? 'backtest-accuracy' : undefined}>{f.value}</p>
              <p className="text-xs text-slate-500">{f.hint}</p>
            </Card>
          ))}
        </div>
        <Card testId="forecast-chart">
          <div className="h-72 sm:h-80">
            <ResponsiveContainer width="100%" height="100%">
              <ComposedChart data={rows} margin={{ left: 0, right: 8, top: 8, bottom: 0 }}>
                <CartesianGrid stroke="#e2e8f0" />
                <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={tick} fontSize={12} minTickGap={24} />
                <YAxis fontSize={12} tickFormatter={(v: number) => formatMetric(data.metric, v, true)} width={56} />
                <Tooltip
                  labelFormatter={(t) => (granularity === 'hour' ? formatStoreDateTime(Number(t), tz) : storeDate(new Date(Number(t)), 'UTC'))}
                  formatter={(value: unknown) =>
                    Array.isArray(value)
                      ? `${formatMetric(data.metric, Number(value[0]))} – ${formatMetric(data.metric, Number(value[1]))}`
                      : formatMetric(data.metric, Number(value))
                  }
                />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                <Area dataKey="band95" name="95 % band" stroke="none" fill="#bae6fd" isAnimationActive={false} />
                <Area dataKey="band80" name="80 % band" stroke="none" fill="#7dd3fc" isAnimationActive={false} />
                <Line dataKey="forecast" name="Forecast" stroke="#0369a1" strokeDasharray="5 3" dot={few} isAnimationActive={false} connectNulls={false} />
                <Line dataKey="actual" name="History" stroke="#0f172a" dot={few} isAnimationActive={false} connectNulls={false} />
              </ComposedChart>
            </ResponsiveContainer>
          </div>
          <p className="mt-1 text-xs text-slate-500">
            {granularity === 'hour' ? `Times in the store's time zone (${tz}).` : 'Days and weeks are UTC calendar buckets.'} {data.history.length} buckets of history,{' '}
            {data.points.length} of forecast.
          </p>
        </Card>
      </div>
    );
  }
  return (
    <div className="space-y-3" data-testid="page-forecasts">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">Forecasts</h1>
        <div className="flex flex-wrap gap-2">
          <select aria-label="Department" value={department} onChange={(e) => chooseDepartment(e.target.value)} className={selectClass}>
            {departmentOptions(definition).map((d) => <option key={d.id} value={d.id}>{d.label}</option>)}
          </select>
          <select aria-label="Metric" value={metric} onChange={(e) => setMetric(e.target.value as ForecastMetric)} className={selectClass}>
            {metricsFor(department).map((m) => <option key={m.id} value={m.id}>{m.label}</option>)}
          </select>
          <select aria-label="Period" value={granularity} onChange={(e) => setGranularity(e.target.value as ForecastGranularity)} className={selectClass}>
            {GRANULARITIES.map((g) => <option key={g.id} value={g.id}>{g.label}</option>)}
          </select>
        </div>
      </div>
      {body}
    </div>
  );
}
