// The cost/wait trade-off curve on the Staffing page: labour cost (x) against the average wait
// (y) of every Pareto-optimal staffing plan of one day at the checkout; the recommended plan is
// highlighted, hovering a point shows its figures, clicking it (or the buttons) shows its lanes
// per time slot.
import { useState } from 'react';
import { CartesianGrid, ComposedChart, Line, ReferenceDot, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useResource } from '../api/useResource';
import { Card, Empty, ErrorState, Loading, NotAvailable } from '../components/States';
import { formatCount, formatDuration, formatMoney, formatPercent, storeDate } from '../lib/format';
import { comparedToCheapest, costTickFormat, laneRuns, neighbour, peakLanes, tradeoffCurve, tradeoffUrl, type CurvePoint, type StaffTradeoff } from '../lib/tradeoff';

const RECOMMENDED = '#b91c1c';
const LINE = '#0369a1';

function PointTooltip({ active, payload, currency }: { active?: boolean; payload?: Array<{ payload?: CurvePoint }>; currency: string }) {
  const p = active ? payload?.[0]?.payload : undefined;
  if (!p) return null;
  return (
    <div className="max-w-[15rem] rounded border border-slate-200 bg-white px-2 py-1 text-xs shadow" data-testid="tradeoff-tooltip">
      {p.recommended && <p className="font-semibold text-red-800">Recommended</p>}
      <p>Labour {formatMoney(p.cost, { currency })} ({p.hours.toFixed(1)} h)</p>
      <p>Average wait {formatDuration(p.wait)}, worst interval {formatDuration(p.worst)}</p>
      <p>Served within target: {formatPercent(p.serviceLevel)}</p>
      <p className="text-slate-500">Click for its lanes</p>
    </div>
  );
}

function PointDetails({ data, point, curve, onStep }: { data: StaffTradeoff; point: CurvePoint; curve: ReturnType<typeof tradeoffCurve>; onStep: (index: number) => void }) {
  const plan = data.points[point.index]!;
  const runs = laneRuns(plan.lanes);
  const cheaper = neighbour(curve, point.index, -1);
  const faster = neighbour(curve, point.index, 1);
  const versus = comparedToCheapest(curve, point);
  const currency = data.currency;
  return (
    <div className="min-w-0 text-sm" data-testid="tradeoff-point" data-index={point.index}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-medium">
          {point.recommended ? <span className="mr-1 rounded bg-red-100 px-1 text-xs text-red-800">recommended</span> : null}
          Plan {curve.points.findIndex((p) => p.index === point.index) + 1} of {curve.points.length}
        </p>
        <div className="flex gap-1">
          <button type="button" disabled={cheaper === null} onClick={() => cheaper !== null && onStep(cheaper)} className="rounded border border-slate-300 px-2 py-0.5 text-xs disabled:opacity-40">
            ← Cheaper
          </button>
          <button type="button" disabled={faster === null} onClick={() => faster !== null && onStep(faster)} className="rounded border border-slate-300 px-2 py-0.5 text-xs disabled:opacity-40">
            Faster →
          </button>
        </div>
      </div>
      <dl className="mt-2 grid grid-cols-2 gap-x-3 gap-y-1 text-xs">
        <dt className="text-slate-500">Labour cost</dt>
        <dd data-testid="tradeoff-cost">{formatMoney(point.cost, { currency })}</dd>
        <dt className="text-slate-500">Paid hours</dt>
        <dd>{point.hours.toFixed(1)} h</dd>
        <dt className="text-slate-500">Average wait</dt>
        <dd data-testid="tradeoff-wait">{formatDuration(point.wait)}</dd>
        <dt className="text-slate-500">Worst interval</dt>
        <dd>{formatDuration(point.worst)}</dd>
        <dt className="text-slate-500">Within {formatDuration(data.target.within_seconds)}</dt>
        <dd className={point.meetsTarget ? 'text-emerald-700' : 'text-red-700'}>
          {formatPercent(point.serviceLevel)} (target {formatPercent(data.target.service_level, 0)})
        </dd>
        {versus && (
          <>
            <dt className="text-slate-500">Vs the cheapest drawn</dt>
            <dd>
              +{formatMoney(versus.extraCost, { currency })}, {formatDuration(versus.waitSaved)} less wait
            </dd>
          </>
        )}
      </dl>
      <p className="mt-2 text-xs font-medium text-slate-600">Lanes open (store time), peak {peakLanes(plan.lanes)}</p>
      {runs.length === 0 ? (
        <p className="text-xs text-slate-500">No open interval.</p>
      ) : (
        <ul className="mt-1 max-h-48 overflow-y-auto text-xs" data-testid="tradeoff-lanes">
          {runs.map((r) => (
            <li key={r.from} className="flex items-center gap-2 py-0.5">
              <span className="w-24 shrink-0 tabular-nums">
                {r.from}–{r.to}
              </span>
              <span className="h-2 rounded bg-sky-600" style={{ width: `${Math.min(100, r.lanes * 8)}px` }} />
              <span>
                {r.lanes} lane{r.lanes === 1 ? '' : 's'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Curve({ data }: { data: StaffTradeoff }) {
  const curve = tradeoffCurve(data);
  const [selected, setSelected] = useState<number | null>(curve.recommended?.index ?? curve.points[0]?.index ?? null);
  const point = curve.points.find((p) => p.index === selected) ?? curve.recommended ?? curve.points[0];
  if (!point) return <Empty title="No staffing plan">The store is closed on {data.date}.</Empty>;
  const currency = data.currency;
  const recommended = curve.recommended;
  const costTick = costTickFormat(currency, curve.points[0]!.cost, curve.points[curve.points.length - 1]!.cost);
  return (
    <div className="grid gap-3 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <div className="min-w-0">
        <div className="h-64" data-testid="tradeoff-chart">
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart
              data={curve.points}
              margin={{ left: 4, right: 12, top: 8, bottom: 16 }}
              onClick={(state) => {
                const i = state?.activeTooltipIndex;
                const p = typeof i === 'number' ? curve.points[i] : undefined;
                if (p) setSelected(p.index);
              }}
            >
              <CartesianGrid stroke="#e2e8f0" />
              <XAxis
                type="number"
                dataKey="cost"
                domain={['dataMin', 'dataMax']}
                fontSize={11}
                tickFormatter={costTick}
                label={{ value: 'Labour cost of the day', position: 'insideBottom', offset: -10, fontSize: 11 }}
              />
              <YAxis
                type="number"
                dataKey="wait"
                fontSize={10}
                width={60}
                tickFormatter={(v: number) => formatDuration(v)}
                label={{ value: 'Average wait', angle: -90, position: 'insideLeft', fontSize: 11, dy: 40 }}
              />
              <Tooltip content={<PointTooltip currency={currency} />} />
              <Line dataKey="wait" type="linear" stroke={LINE} strokeWidth={2} dot={{ r: 3, fill: LINE }} activeDot={{ r: 6 }} isAnimationActive={false} />
              {recommended && <ReferenceDot x={recommended.cost} y={recommended.wait} r={7} fill={RECOMMENDED} stroke="white" strokeWidth={2} />}
              {point.index !== recommended?.index && <ReferenceDot x={point.cost} y={point.wait} r={6} fill="none" stroke="#0f172a" strokeWidth={2} />}
            </ComposedChart>
          </ResponsiveContainer>
        </div>
        <p className="mt-1 text-xs text-slate-500" data-testid="tradeoff-note">
          {recommended ? (
            <>
              <span className="mr-1 inline-block h-2 w-2 rounded-full" style={{ background: RECOMMENDED }} />
              Recommended: the cheapest plan serving {formatPercent(data.target.service_level, 0)} of customers within {formatDuration(data.target.within_seconds)}.
            </>
          ) : (
            <span className="text-red-700">
              No plan serves {formatPercent(data.target.service_level, 0)} of customers within {formatDuration(data.target.within_seconds)} with the lanes the store has.
            </span>
          )}{' '}
          {formatCount(data.customers)} customers expected
          ({data.demand_source === 'forecast' ? 'forecast' : data.demand_source === 'mixed' ? 'forecast and history' : 'history average'}), wage{' '}
          {formatMoney(data.wage_per_hour, { currency })}/h.
          {curve.hidden.length > 0 && curve.cutoff !== null && (
            <> {curve.hidden.length} cheaper plan(s) with waits over {formatDuration(curve.cutoff)} are left off the chart.</>
          )}
        </p>
      </div>
      <PointDetails data={data} point={point} curve={curve} onStep={setSelected} />
    </div>
  );
}

export function TradeoffCurve({ storeId, timeZone }: { storeId: string; timeZone: string }) {
  const [date, setDate] = useState(() => storeDate(new Date(), timeZone));
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const [tradeoff, retry] = useResource<StaffTradeoff>(valid ? tradeoffUrl(storeId, date) : null);
  let body;
  if (!valid) body = <p className="text-sm text-slate-500">Pick a day.</p>;
  else if (tradeoff.status === 'loading' || tradeoff.status === 'idle') body = <Loading label="Tracing the trade-off…" />;
  else if (tradeoff.status === 'not-available') body = <NotAvailable feature="Cost/wait trade-off" />;
  else if (tradeoff.status === 'error') body = <ErrorState message={tradeoff.message} onRetry={retry} />;
  else if (tradeoff.data.points.length === 0)
    body = (
      <Empty title="No staffing plan">
        <span data-testid="tradeoff-empty">The {tradeoff.data.department} queue is closed on {tradeoff.data.date}.</span>
      </Empty>
    );
  else body = <Curve key={`${tradeoff.data.date}-${tradeoff.data.department}`} data={tradeoff.data} />;
  return (
    <Card testId="tradeoff">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">
          Cost against wait{tradeoff.status === 'ready' ? `, ${tradeoff.data.department}` : ''}
        </h2>
        <label className="flex items-center gap-1 text-sm">
          Day
          <input type="date" aria-label="Trade-off day" className="rounded border border-slate-300 px-2 py-1 text-sm" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
      </div>
      {body}
    </Card>
  );
}
