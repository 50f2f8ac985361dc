import { useEffect, useMemo } from 'react';
import { futureEndpoints, type Alert } from '../api/future_types';
import { useResource } from '../api/useResource';
import { Card, ErrorState, Loading, NotAvailable } from '../components/States';
import { estimateWaitSeconds, formatAge, formatCount, formatDuration, formatMoney, formatOccupancy, formatStoreTime } from '../lib/format';
import { useLive } from '../state/live';
import { useDefinition, useStores } from '../state/stores';

declare global {
  interface Window {
    /** performance.now() when the overview first showed its KPIs; read by the e2e tests. */
    __storeopsOverviewRendered?: number;
  }
}

function Kpi({ label, value, sub, testId }: { label: string; value: string; sub?: string; testId: string }) {
  return (
    <Card>
      <p className="text-sm text-slate-500">{label}</p>
      <p data-testid={testId} className="mt-1 text-3xl font-semibold">
        {value}
      </p>
      {sub && <p className="mt-1 text-xs text-slate-500">{sub}</p>}
    </Card>
  );
}

function Sparkline({ values }: { values: number[] }) {
  if (values.length < 2) return null;
  const max = Math.max(...values, 1);
  const points = values.map((v, i) => `${(i / (values.length - 1)) * 100},${30 - (v / max) * 28}`).join(' ');
  return (
    <svg viewBox="0 0 100 30" className="mt-2 h-8 w-full" preserveAspectRatio="none" aria-hidden>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" className="text-sky-600" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}

function Alerts({ storeId }: { storeId: string }) {
  const [alerts] = useResource<{ alerts: Alert[] }>(futureEndpoints.alerts(storeId));
  if (alerts.status === 'loading' || alerts.status === 'idle') return <Loading />;
  if (alerts.status === 'not-available') return <p className="text-sm text-slate-500">Alerts: not available yet</p>;
  if (alerts.status === 'error') return <p className="text-sm text-red-700">{alerts.message}</p>;
  if (alerts.data.alerts.length === 0) return <p className="text-sm text-slate-500">No open alerts</p>;
  return (
    <ul className="space-y-1 text-sm">
      {alerts.data.alerts.map((alert) => (
        <li key={alert.id}>
          <span className="font-medium">{alert.severity}</span> {alert.message}
        </li>
      ))}
    </ul>
  );
}

export function Overview() {
  const definition = useDefinition();
  const definitionState = useStores((s) => s.definition);
  const select = useStores((s) => s.select);
  const storeId = useStores((s) => s.selectedId);
  const snapshot = useLive((s) => s.snapshot);
  const connection = useLive((s) => s.connection);
  const error = useLive((s) => s.error);

  const ready = definition !== null && (snapshot !== null || connection === 'unavailable' || connection === 'error');
  useEffect(() => {
    if (ready && window.__storeopsOverviewRendered === undefined) {
      window.__storeopsOverviewRendered = performance.now();
    }
  }, [ready]);

  const lanes = useMemo(() => {
    const kinds = new Map(definition?.lanes.map((lane) => [lane.id, lane]) ?? []);
    return (snapshot?.lanes ?? []).map((lane) => {
      const def = kinds.get(lane.lane_id);
      return { ...lane, kind: def?.kind ?? 'staffed', wait: estimateWaitSeconds(lane.queue_length, def?.kind, def?.stations ?? 1) };
    });
  }, [definition, snapshot]);

  const perMinuteSales = useMemo(() => {
    const byMinute = new Map<string, number>();
    for (const department of snapshot?.departments ?? []) {
      for (const minute of department.per_minute) byMinute.set(minute.minute, (byMinute.get(minute.minute) ?? 0) + minute.sales);
    }
    return [...byMinute.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
  }, [snapshot]);

  if (definitionState?.status === 'error') return <ErrorState message={definitionState.message} onRetry={() => storeId && select(storeId)} />;
  if (!definition || !storeId) return <Loading label="Loading store…" />;
  const tz = definition.timezone;

  return (
    <div className="space-y-4" data-testid="page-overview">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold">{definition.name}</h1>
        <p className="text-sm text-slate-500" data-testid="as-of">
          {snapshot ? `As of ${formatStoreTime(snapshot.as_of, tz)} (${formatAge(snapshot.as_of)})` : `Store time zone ${tz}`}
        </p>
      </div>
      {connection === 'unavailable' && <NotAvailable feature="Live figures" />}
      {connection === 'error' && !snapshot && <ErrorState message={error ?? 'Live figures could not be loaded'} />}
      {connection === 'connecting' && !snapshot && <Loading label="Connecting to the live stream…" />}
      {snapshot && (
        <>
          <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
            <Kpi testId="kpi-people" label="People in store" value={formatCount(snapshot.people_in_store)} sub={snapshot.people_in_store === null ? 'not enough data' : undefined} />
            <Kpi testId="kpi-sales" label="Sales this hour" value={formatMoney(snapshot.totals.sales_this_hour)} sub="forecast: not available yet" />
            <Kpi testId="kpi-transactions" label="Transactions this hour" value={formatCount(snapshot.totals.transactions_this_hour)} sub="forecast: not available yet" />
            <Kpi
              testId="kpi-queue"
              label="Longest wait"
              value={formatDuration(lanes.reduce<number | null>((max, lane) => (lane.wait !== null && (max === null || lane.wait > max) ? lane.wait : max), null))}
              sub={`${lanes.length} lanes reporting`}
            />
          </div>
          <div className="grid gap-3 lg:grid-cols-3">
            <Card title="Checkout lanes" className="lg:col-span-2" testId="lanes">
              {lanes.length === 0 ? (
                <p className="text-sm text-slate-500">No lane has reported a queue yet.</p>
              ) : (
                <table className="w-full text-sm">
                  <thead className="text-left text-slate-500">
                    <tr>
                      <th className="py-1">Lane</th>
                      <th>Kind</th>
                      <th className="text-right">Queue</th>
                      <th className="text-right">Est. wait</th>
                      <th className="hidden text-right sm:table-cell">Updated</th>
                    </tr>
                  </thead>
                  <tbody>
                    {lanes.map((lane) => (
                      <tr key={lane.lane_id} className="border-t border-slate-100">
                        <td className="py-1 font-medium">{lane.lane_id}</td>
                        <td>{lane.kind.replace('_', ' ')}</td>
                        <td className="text-right">{formatCount(lane.queue_length)}</td>
                        <td className="text-right">{formatDuration(lane.wait)}</td>
                        <td className="hidden text-right text-slate-500 sm:table-cell">{formatStoreTime(lane.updated_at, tz)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Card>
            <Card title="Open alerts" testId="alerts">
              <Alerts storeId={storeId} />
            </Card>
          </div>
          <div className="grid gap-3 lg:grid-cols-2">
            <Card title="Sales per minute this hour">
              {perMinuteSales.length < 2 ? <p className="text-sm text-slate-500">Not enough sales yet this hour.</p> : <Sparkline values={perMinuteSales} />}
            </Card>
            <Card title="Busiest zones" testId="zones">
              {snapshot.zones.length === 0 ? (
                <p className="text-sm text-slate-500">No zone has reported yet.</p>
              ) : (
                <ul className="space-y-1 text-sm">
                  {[...snapshot.zones]
                    .sort((a, b) => (b.occupancy ?? -1) - (a.occupancy ?? -1))
                    .slice(0, 6)
                    .map((zone) => (
                      <li key={zone.zone_id} className="flex justify-between" data-testid={`zone-${zone.zone_id}`}>
                        <span>{definition.zones.find((z) => z.id === zone.zone_id)?.name ?? zone.zone_id}</span>
                        <span className="font-medium">{formatOccupancy(zone.occupancy, zone.suppressed, snapshot.k)}</span>
                      </li>
                    ))}
                </ul>
              )}
            </Card>
          </div>
        </>
      )}
    </div>
  );
}
