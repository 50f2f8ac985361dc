import { useState } from 'react';
import { requestJson } from '../api/client';
import { futureEndpoints, type SimulationKpis, type SimulationResult } from '../api/future_types';
import { useResource } from '../api/useResource';
import { Card, ErrorState, Loading, NotAvailable } from '../components/States';
import { formatCount, formatDuration, formatMoney } from '../lib/format';
import { useStores } from '../state/stores';

const rows: Array<[keyof SimulationKpis, string, (v: number) => string]> = [
  ['avg_wait_seconds', 'Average wait', formatDuration],
  ['sales', 'Sales', (v) => formatMoney(v)],
  ['staff_cost', 'Staff cost', (v) => formatMoney(v)],
  ['peak_occupancy', 'Peak occupancy', formatCount],
];

export default function Simulation() {
  const storeId = useStores((s) => s.selectedId);
  const [runs, retry] = useResource<{ simulations: unknown[] }>(storeId ? futureEndpoints.simulations(storeId) : null);
  const [extraStaff, setExtraStaff] = useState(0);
  const [footfall, setFootfall] = useState(1);
  const [result, setResult] = useState<SimulationResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  const run = async () => {
    if (!storeId) return;
    setRunning(true);
    setError(null);
    try {
      setResult(await requestJson<SimulationResult>(futureEndpoints.simulations(storeId), { method: 'POST', json: { extra_staff: extraStaff, footfall_multiplier: footfall } }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setRunning(false);
    }
  };

  let body;
  if (runs.status === 'loading' || runs.status === 'idle') body = <Loading />;
  else if (runs.status === 'not-available') body = <NotAvailable feature="Simulation" />;
  else if (runs.status === 'error') body = <ErrorState message={runs.message} onRetry={retry} />;
  else
    body = (
      <div className="grid gap-3 lg:grid-cols-3">
        <Card title="Scenario">
          <label className="block text-sm">Extra staff<input type="number" className="mt-1 w-full rounded border px-2 py-1" value={extraStaff} onChange={(e) => setExtraStaff(Number(e.target.value))} /></label>
          <label className="mt-2 block text-sm">Footfall × <input type="number" step="0.1" className="mt-1 w-full rounded border px-2 py-1" value={footfall} onChange={(e) => setFootfall(Number(e.target.value))} /></label>
          <button type="button" disabled={running} onClick={() => void run()} className="mt-3 rounded bg-slate-900 px-3 py-1 text-sm text-white disabled:opacity-50">{running ? 'Running…' : 'Run'}</button>
          {error && <p role="alert" className="mt-2 text-sm text-red-700">{error}</p>}
        </Card>
        <Card title="Baseline vs scenario" className="lg:col-span-2">
          {!result ? <p className="text-sm text-slate-500">Run a scenario to compare.</p> : (
            <table className="w-full text-sm">
              <thead className="text-left text-slate-500"><tr><th>KPI</th><th className="text-right">Baseline</th><th className="text-right">Scenario</th></tr></thead>
              <tbody>{rows.map(([key, label, fmt]) => <tr key={key} className="border-t border-slate-100"><td className="py-1">{label}</td><td className="text-right">{fmt(result.baseline[key])}</td><td className="text-right">{fmt(result.scenario[key])}</td></tr>)}</tbody>
            </table>
          )}
        </Card>
      </div>
    );
  return (
    <div className="space-y-3" data-testid="page-simulation">
      <h1 className="text-xl font-semibold">Simulation</h1>
      {body}
    </div>
  );
}
