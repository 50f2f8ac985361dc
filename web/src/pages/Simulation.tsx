import { useEffect, useRef, useState } from 'react';
import { requestJson } from '../api/client';
import { useResource } from '../api/useResource';
import { Card, ErrorState, Loading } from '../components/States';
import {
  buildSimulationRequest,
  comparisonRows,
  defaultWhatIf,
  isFinished,
  validateWhatIf,
  type Job,
  type JobAccepted,
  type SimulationComparison,
  type WhatIfForm,
} from '../lib/simulation';
import { useStores } from '../state/stores';

const POLL_MS = 500;

const fields: Array<[keyof WhatIfForm, string, number]> = [
  ['staffedLanes', 'Staffed lanes (all day)', 1],
  ['trafficFactor', 'Shoppers ×', 0.1],
  ['days', 'Days', 1],
  ['replications', 'Replications', 1],
];

export default function Simulation() {
  const storeId = useStores((s) => s.selectedId);
  const [runs, retry] = useResource<{ simulations: Job[] }>(
    storeId ? `/api/v1/simulations?store_id=${encodeURIComponent(storeId)}` : null,
  );
  const [form, setForm] = useState<WhatIfForm>(defaultWhatIf);
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const cancelled = useRef(false);
  useEffect(() => () => void (cancelled.current = true), []);

  const problems = validateWhatIf(form);
  const run = async () => {
    if (!storeId || Object.keys(problems).length > 0) return;
    setRunning(true);
    setError(null);
    setJob(null);
    try {
      const accepted = await requestJson<JobAccepted>('/api/v1/simulations', {
        method: 'POST',
        json: buildSimulationRequest(storeId, form),
      });
      for (;;) {
        const polled = await requestJson<Job>(accepted.status_url);
        if (cancelled.current) return;
        setJob(polled);
        if (isFinished(polled)) {
          if (polled.status !== 'succeeded') setError(polled.error?.message ?? `The simulation ${polled.status}`);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      retry();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (!cancelled.current) setRunning(false);
    }
  };

  const comparison = job?.status === 'succeeded' ? (job.result as SimulationComparison) : null;
  let recent;
  if (runs.status === 'loading' || runs.status === 'idle') recent = <Loading />;
  else if (runs.status === 'error' || runs.status === 'not-available')
    recent = <ErrorState message={runs.status === 'error' ? runs.message : 'Simulations are not available on this server'} onRetry={retry} />;
  else recent = <p className="text-sm text-slate-500" data-testid="simulation-count">{runs.data.simulations.length} simulation(s) run on this server recently.</p>;

  return (
    <div className="space-y-3" data-testid="page-simulation">
      <h1 className="text-xl font-semibold">Simulation</h1>
      <div className="grid gap-3 lg:grid-cols-3">
        <Card title="What-if">
          {fields.map(([key, label, step]) => (
            <label key={key} className="mt-2 block text-sm first:mt-0">
              {label}
              <input
                type="number"
                step={step}
                className="mt-1 w-full rounded border px-2 py-1"
                value={form[key]}
                aria-invalid={problems[key] ? true : undefined}
                onChange={(e) => setForm({ ...form, [key]: Number(e.target.value) })}
              />
              {problems[key] && <span className="text-xs text-red-700">{problems[key]}</span>}
            </label>
          ))}
          <button
            type="button"
            disabled={running || !storeId || Object.keys(problems).length > 0}
            onClick={() => void run()}
            className="mt-3 rounded bg-slate-900 px-3 py-1 text-sm text-white disabled:opacity-50"
          >
            {running ? 'Running…' : 'Run'}
          </button>
          {running && job && (
            <div className="mt-2 text-xs text-slate-600" data-testid="simulation-progress">
              <div className="h-1.5 rounded bg-slate-200"><div className="h-1.5 rounded bg-slate-700" style={{ width: `${Math.round(job.progress * 100)}%` }} /></div>
              {job.message || job.status}
            </div>
          )}
          {error && <p role="alert" className="mt-2 text-sm text-red-700">{error}</p>}
          <div className="mt-3">{recent}</div>
        </Card>
        <Card title="Plan vs what-if (95% intervals)" className="lg:col-span-2" testId="simulation-result">
          {!comparison ? (
            <p className="text-sm text-slate-500">Run a what-if to compare it with the plan on the store&apos;s digital twin.</p>
          ) : (
            <table className="w-full text-sm">
              <thead className="text-left text-slate-500">
                <tr><th>KPI</th><th className="text-right">Plan</th><th className="text-right">What-if</th><th className="text-right">Difference</th></tr>
              </thead>
              <tbody>
                {comparisonRows(comparison).map((row) => (
                  <tr key={row.key} className="border-t border-slate-100" data-testid={`kpi-${row.key}`}>
                    <td className="py-1">{row.label}</td>
                    <td className="text-right">{row.plan}</td>
                    <td className="text-right">{row.whatIf}</td>
                    <td className={`text-right ${row.significant ? 'font-semibold' : 'text-slate-500'}`}>{row.difference}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </div>
  );
}
