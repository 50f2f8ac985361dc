import { Dialog, DialogPanel, DialogTitle } from '@headlessui/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { requestJson } from '../api/client';
import { useResource, type Resource } from '../api/useResource';
import { Card, Empty, ErrorState, Loading, NotAvailable } from '../components/States';
import { upsertEmployee, type Employee } from '../lib/employees';
import { formatMoney, formatStoreTime, storeDate } from '../lib/format';
import { isFinished, type JobAccepted } from '../lib/simulation';
import {
  WEEKDAYS,
  coverageOfDay,
  coverageSkills,
  dayLabel,
  dayOfWeek,
  editedRoster,
  formatClock,
  formatScore,
  formatScoreDelta,
  formatShiftLength,
  mondayOf,
  predictUrl,
  predictedDepartments,
  requiredByInterval,
  scoreExplanation,
  sortViolations,
  timeline,
  timelineSpan,
  validateShift,
  type DeploymentPredictions,
  type EmployeeList,
  type Schedule,
  type ScheduleEditResult,
  type ScheduleJob,
  type ScheduleList,
  type ScheduleRequest,
  type TimelineShift,
} from '../lib/staffing';
import { useDefinition, useStores } from '../state/stores';
import { Employees } from './Employees';
import { TradeoffCurve } from './Tradeoff';

const POLL_MS = 1000;
const BUILD_SECONDS = 20;
const selectClass = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm';

function useTimeZone(): string {
  return useStores((s) => (s.list.status === 'ready' ? s.list.data.find((x) => x.id === s.selectedId)?.timezone : undefined)) ?? 'UTC';
}

function RequiredStaff({ storeId }: { storeId: string }) {
  const tz = useTimeZone();
  const definition = useDefinition();
  const [department, setDepartment] = useState('');
  const [predict, retry] = useResource<DeploymentPredictions>(predictUrl(storeId));
  let body;
  if (predict.status === 'loading' || predict.status === 'idle') body = <Loading label="Loading staff needs…" />;
  else if (predict.status === 'not-available') body = <NotAvailable feature="Staff deployment" />;
  else if (predict.status === 'error') body = <ErrorState message={predict.message} onRetry={retry} />;
  else if (predict.data.predictions.length === 0) body = <Empty title="No prediction">The store is closed for the next 24 hours.</Empty>;
  else {
    const rows = requiredByInterval(predict.data.predictions, department).map((r) => ({ ...r, label: formatStoreTime(r.start, tz) }));
    body = (
      <>
        <div className="h-56" data-testid="required-chart">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} margin={{ left: 0, right: 8, top: 8, bottom: 0 }}>
              <CartesianGrid stroke="#e2e8f0" vertical={false} />
              <XAxis dataKey="label" fontSize={11} minTickGap={16} />
              <YAxis fontSize={12} width={32} allowDecimals={false} />
              <Tooltip formatter={(v: unknown) => [`${String(v)} staff on the floor`, 'Recommended']} />
              <Bar dataKey="total" name="Recommended" fill="#0369a1" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <p className="mt-1 text-xs text-slate-500">
          Staff on the floor for the 80th percentile of demand (queue departments by Erlang C), per hour in the store&apos;s time zone ({tz}).
        </p>
      </>
    );
  }
  const departments = predict.status === 'ready' ? predictedDepartments(predict.data.predictions, definition) : [];
  return (
    <Card testId="required-staff">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Required staff, next 24 h</h2>
        <select aria-label="Department" className={selectClass} value={department} onChange={(e) => setDepartment(e.target.value)}>
          <option value="">All departments</option>
          {departments.map((d) => <option key={d.id} value={d.id}>{d.label}</option>)}
        </select>
      </div>
      {body}
    </Card>
  );
}

function ShiftEditor({ shift, name, busy, error, onClose, onSave }: {
  shift: TimelineShift;
  name: string;
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onSave: (change: { start: string; lengthMinutes: number } | null) => void;
}) {
  const [start, setStart] = useState(shift.assignment.start);
  const [hours, setHours] = useState(String(shift.assignment.length_minutes / 60));
  const change = { start, lengthMinutes: Math.round(Number(hours) * 60) };
  const problem = validateShift(change);
  return (
    <Dialog open onClose={onClose} className="relative z-50">
      <div className="fixed inset-0 bg-black/30" aria-hidden />
      <div className="fixed inset-0 flex items-center justify-center p-4">
        <DialogPanel className="w-full max-w-sm rounded-lg bg-white p-4 shadow-xl">
          <DialogTitle className="font-semibold">Edit shift: {name}</DialogTitle>
          <p className="text-sm text-slate-500">{shift.assignment.skill}, {shift.assignment.date} (store time)</p>
          <label className="mt-3 block text-sm">
            Start
            <input type="time" className="mt-1 w-full rounded border px-2 py-1" value={start} onChange={(e) => setStart(e.target.value)} />
          </label>
          <label className="mt-2 block text-sm">
            Length (hours)
            <input type="number" step={0.5} min={1} max={12} className="mt-1 w-full rounded border px-2 py-1" value={hours} onChange={(e) => setHours(e.target.value)} />
          </label>
          {problem && <p className="mt-1 text-xs text-red-700">{problem}</p>}
          {error && <p role="alert" className="mt-2 text-sm text-red-700">{error}</p>}
          <div className="mt-4 flex flex-wrap justify-between gap-2">
            <button type="button" disabled={busy} onClick={() => onSave(null)} className="rounded px-3 py-1 text-sm text-red-700 hover:bg-red-50 disabled:opacity-50">Remove shift</button>
            <div className="flex gap-2">
              <button type="button" onClick={onClose} className="rounded px-3 py-1 text-sm hover:bg-slate-100">Cancel</button>
              <button type="button" disabled={busy || problem !== null} onClick={() => onSave(change)} className="rounded bg-slate-900 px-3 py-1 text-sm text-white disabled:opacity-50">
                {busy ? 'Saving…' : 'Save'}
              </button>
            </div>
          </div>
        </DialogPanel>
      </div>
    </Dialog>
  );
}

function EditResult({ result }: { result: ScheduleEditResult }) {
  const delta = result.delta;
  return (
    <Card title="Your edit, re-scored" testId="edit-result">
      <p className="text-sm">
        Score <b>{formatScore(result.previous_score)}</b> → <b data-testid="edit-score">{formatScore(result.score.total)}</b>:{' '}
        <span data-testid="edit-delta" className={delta.total !== null && delta.total > 0 ? 'text-red-700' : 'text-emerald-700'}>{formatScoreDelta(delta.total)}</span>
        {!result.feasible && <span className="ml-2 rounded bg-red-100 px-1 text-xs text-red-800">breaks a hard rule</span>}
      </p>
      {delta.by_rule.length > 0 && (
        <ul className="mt-1 text-xs text-slate-600">
          {delta.by_rule.map((r) => <li key={r.rule}>{scoreExplanation([r])[0]?.label ?? r.rule}: {formatScoreDelta(r.penalty)} ({r.count >= 0 ? '+' : ''}{r.count})</li>)}
        </ul>
      )}
      <div className="mt-2 grid gap-2 text-xs sm:grid-cols-2">
        <div>
          <p className="font-medium text-red-800">New problems ({delta.added.length})</p>
          <ul className="max-h-32 overflow-auto">{delta.added.slice(0, 20).map((v, i) => <li key={i}>{v.message}</li>)}</ul>
        </div>
        <div>
          <p className="font-medium text-emerald-800">Solved ({delta.removed.length})</p>
          <ul className="max-h-32 overflow-auto">{delta.removed.slice(0, 20).map((v, i) => <li key={i}>{v.message}</li>)}</ul>
        </div>
      </div>
    </Card>
  );
}

function Roster({ initial, names }: { initial: Schedule; names: Map<string, string> }) {
  const tz = useTimeZone();
  const definition = useDefinition();
  const [schedule, setSchedule] = useState<Schedule>(initial);
  const [day, setDay] = useState(() => dayOfWeek(initial.week_start, storeDate(new Date(), tz)));
  const [skill, setSkill] = useState('');
  const [editing, setEditing] = useState<TimelineShift | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [result, setResult] = useState<ScheduleEditResult | null>(null);
  const [showAll, setShowAll] = useState(false);

  const rows = timeline(schedule.assignments, day, names);
  const [lo, hi] = timelineSpan(rows);
  const span = Math.max(60, hi - lo);
  const coverage = coverageOfDay(schedule, day, skill);
  const rules = scoreExplanation(schedule.score.by_rule);
  const violations = sortViolations(schedule.violations.filter((v) => v.day === null || v.day === day));
  const hard = violations.filter((v) => v.hard).length;

  const save = async (change: { start: string; lengthMinutes: number } | null) => {
    if (!editing) return;
    setSaving(true);
    setSaveError(null);
    try {
      const edited = await requestJson<ScheduleEditResult>(`/api/v1/staff/schedules/${encodeURIComponent(schedule.id)}`, {
        method: 'PUT',
        json: editedRoster(schedule.assignments, editing.index, change),
      });
      setSchedule(edited);
      setResult(edited);
      setEditing(null);
    } catch (e) {
      setSaveError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="space-y-3">
      <Card testId="roster-summary">
        <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
          <p>
            Week of <b>{schedule.week_start}</b> · {schedule.status === 'edited' ? 'edited by hand' : 'solved'} ·{' '}
            {schedule.feasible ? <span className="text-emerald-700">meets every hard rule</span> : <span className="text-red-700">breaks a hard rule</span>}
          </p>
          <p>
            Score (penalty, lower is better): <b data-testid="roster-score">{formatScore(schedule.score.total)}</b>
          </p>
        </div>
        <div role="tablist" aria-label="Day" className="mt-2 flex gap-1 overflow-x-auto">
          {WEEKDAYS.map((_, d) => (
            <button
              key={d}
              role="tab"
              type="button"
              aria-selected={d === day}
              onClick={() => setDay(d)}
              className={`whitespace-nowrap rounded px-2 py-1 text-xs ${d === day ? 'bg-slate-900 text-white' : 'bg-slate-100 hover:bg-slate-200'}`}
            >
              {dayLabel(schedule.week_start, d)}
            </button>
          ))}
        </div>
      </Card>
      {result && <EditResult result={result} />}
      <div className="grid gap-3 lg:grid-cols-2">
        <Card testId="coverage-chart" className="min-w-0">
          <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
            <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Required vs scheduled</h2>
            <select aria-label="Skill" className={`${selectClass} w-full min-w-0 sm:w-auto sm:max-w-xs`} value={skill} onChange={(e) => setSkill(e.target.value)}>
              <option value="">All skills</option>
              {coverageSkills(schedule, definition).map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
            </select>
          </div>
          {coverage.length === 0 ? (
            <p className="text-sm text-slate-500">Nothing required on this day.</p>
          ) : (
            <div className="h-56">
              <ResponsiveContainer width="100%" height="100%">
                <ComposedChart data={coverage} margin={{ left: 0, right: 8, top: 8, bottom: 0 }}>
                  <CartesianGrid stroke="#e2e8f0" vertical={false} />
                  <XAxis dataKey="start" fontSize={11} minTickGap={16} />
                  <YAxis fontSize={12} width={32} allowDecimals={false} />
                  <Tooltip />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  <Bar dataKey="scheduled" name="Scheduled" fill="#7dd3fc" isAnimationActive={false} />
                  <Line dataKey="required" name="Required" type="stepAfter" stroke="#b91c1c" dot={false} isAnimationActive={false} />
                </ComposedChart>
              </ResponsiveContainer>
            </div>
          )}
        </Card>
        <Card title="Why this score" testId="score-explanation" className="min-w-0">
          {rules.length === 0 ? (
            <p className="text-sm text-slate-500">No penalty: every rule is met.</p>
          ) : (
            <table className="w-full text-sm">
              <tbody>
                {rules.map((r) => (
                  <tr key={r.rule} className="border-t border-slate-100 first:border-0">
                    <td className="py-1">{r.label}</td>
                    <td className="text-right text-slate-500">{r.count}×</td>
                    <td className="w-20 text-right">{formatScore(r.penalty)}</td>
                    <td className="w-20 pl-2"><div className="h-1.5 rounded bg-slate-700" style={{ width: `${Math.round(r.share * 100)}%` }} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
      <Card testId="roster">
        <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Roster, {dayLabel(schedule.week_start, day)}</h2>
        {rows.length === 0 ? (
          <p className="text-sm text-slate-500">Nobody is rostered this week.</p>
        ) : (
          <div className="space-y-1 text-xs">
            <div className="flex pl-24 text-slate-500 sm:pl-32">
              <span className="flex-1">{formatClock(lo)}</span>
              <span>{formatClock(hi)} (store time)</span>
            </div>
            {rows.map((row) => (
              <div key={row.employee} className="flex items-center gap-2" data-testid="roster-row">
                <span className="w-24 shrink-0 truncate sm:w-32" title={row.employee}>{row.name}</span>
                <div className="relative h-6 flex-1 rounded bg-slate-50">
                  {row.shifts.length === 0 && <span className="absolute left-1 top-1 text-slate-400">day off</span>}
                  {row.shifts.map((s) => (
                    <button
                      key={s.index}
                      type="button"
                      data-testid="shift"
                      data-employee={s.assignment.employee}
                      data-day={s.assignment.day}
                      data-start={s.assignment.start}
                      title={`${s.assignment.skill} ${s.assignment.start}, ${formatShiftLength(s.assignment.length_minutes)}: edit`}
                      onClick={() => {
                        setSaveError(null);
                        setEditing(s);
                      }}
                      className="absolute top-0 h-6 overflow-hidden whitespace-nowrap rounded bg-sky-600 px-1 text-left text-white hover:bg-sky-800"
                      style={{ left: `${((s.from - lo) / span) * 100}%`, width: `${((s.to - s.from) / span) * 100}%` }}
                    >
                      {s.assignment.start} {s.assignment.skill}
                    </button>
                  ))}
                </div>
              </div>
            ))}
            <p className="pt-1 text-slate-500">Click a shift to change or remove it; the roster is re-scored by the server.</p>
          </div>
        )}
      </Card>
      <div className="grid gap-3 lg:grid-cols-2">
        <Card testId="violations" className="min-w-0">
          <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
            Rule violations, {dayLabel(schedule.week_start, day)} and the week ({violations.length}{hard > 0 ? `, ${hard} hard` : ''} of{' '}
            {schedule.violations.length})
          </h2>
          {violations.length === 0 ? (
            <p className="text-sm text-slate-500">No rule is broken on this day.</p>
          ) : (
            <>
              <ul className="space-y-0.5 text-sm">
                {(showAll ? violations : violations.slice(0, 12)).map((v, i) => (
                  <li key={i} className={v.hard ? 'text-red-800' : ''}>
                    {v.hard && <span className="mr-1 rounded bg-red-100 px-1 text-xs">hard</span>}
                    {v.message}
                  </li>
                ))}
              </ul>
              {violations.length > 12 && (
                <button type="button" className="mt-1 text-sm text-sky-700 hover:underline" onClick={() => setShowAll(!showAll)}>
                  {showAll ? 'Show fewer' : `Show all ${violations.length}`}
                </button>
              )}
            </>
          )}
        </Card>
        <Card title="Hours and cost per employee" className="min-w-0">
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="text-left text-xs text-slate-500">
                <tr><th>Employee</th><th className="text-right">Shifts</th><th className="text-right">Hours</th><th className="text-right">Cost</th></tr>
              </thead>
              <tbody>
                {schedule.score.by_employee.map((e) => (
                  <tr key={e.employee} className="border-t border-slate-100">
                    <td className="py-0.5">{names.get(e.employee) ?? e.employee}{e.hard_violations > 0 && <span className="ml-1 text-xs text-red-700">({e.hard_violations} hard)</span>}</td>
                    <td className="text-right">{e.shifts}</td>
                    <td className="text-right">{(e.paid_minutes / 60).toFixed(1)}</td>
                    <td className="text-right">{formatMoney(e.cost)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      </div>
      {editing && (
        <ShiftEditor
          key={editing.index}
          shift={editing}
          name={names.get(editing.assignment.employee) ?? editing.assignment.employee}
          busy={saving}
          error={saveError}
          onClose={() => setEditing(null)}
          onSave={(change) => void save(change)}
        />
      )}
    </div>
  );
}

/**
 * The store's employees, fetched once for the page: the employees card edits them (the list is
 * patched with the server's reply, no refetch), the roster builder counts them, the roster names them.
 */
function useEmployees(storeId: string) {
  const [resource, retry] = useResource<EmployeeList>(`/api/v1/stores/${encodeURIComponent(storeId)}/employees`);
  const base = resource.status === 'ready' ? resource.data : null;
  const [patched, setPatched] = useState<{ from: EmployeeList; list: Employee[] } | null>(null);
  const list = patched && patched.from === base ? patched.list : (base?.employees ?? []);
  const employees: Resource<Employee[]> = useMemo(() => (resource.status === 'ready' ? { status: 'ready', data: list } : resource), [resource, list]);
  return {
    employees,
    retry,
    saved: (employee: Employee) => base && setPatched({ from: base, list: upsertEmployee(list, employee) }),
    deleted: (id: string) => base && setPatched({ from: base, list: list.filter((e) => e.id !== id) }),
  };
}

function BuildRoster({ storeId, employees, retry, onBuilt }: { storeId: string; employees: Resource<Employee[]>; retry: () => void; onBuilt: () => void }) {
  const tz = useTimeZone();
  const [job, setJob] = useState<ScheduleJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const cancelled = useRef(false);
  useEffect(() => () => void (cancelled.current = true), []);
  const weekStart = mondayOf(storeDate(new Date(), tz));

  const build = async () => {
    setRunning(true);
    setError(null);
    try {
      const request: ScheduleRequest = { store_id: storeId, week_start: weekStart, time_limit_seconds: BUILD_SECONDS };
      const accepted = await requestJson<JobAccepted>('/api/v1/staff/schedules', { method: 'POST', json: request });
      for (;;) {
        const polled = await requestJson<ScheduleJob>(accepted.status_url);
        if (cancelled.current) return;
        setJob(polled);
        if (isFinished(polled)) {
          if (polled.status === 'succeeded') onBuilt();
          else {
            const details = polled.error?.details?.map((d) => d.reason).filter(Boolean).join('; ');
            setError(`${polled.error?.message ?? `The roster build ${polled.status}`}${details ? `: ${details}` : ''}`);
          }
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (!cancelled.current) setRunning(false);
    }
  };

  if (employees.status === 'loading' || employees.status === 'idle') return <Loading label="Loading employees…" />;
  if (employees.status === 'error') return <ErrorState message={employees.message} onRetry={retry} />;
  if (employees.status === 'not-available') return <NotAvailable feature="Employees" />;
  if (employees.data.length === 0)
    return (
      <Empty title="No roster yet, and no employees">
        <span data-testid="no-employees">A roster needs the store&apos;s employees first: add them under Employees below.</span>
      </Empty>
    );
  return (
    <div data-state="empty" data-testid="no-roster" className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center">
      <p className="font-medium text-slate-700">No roster yet</p>
      <p className="mt-1 text-sm text-slate-500">
        Build the week of {weekStart} for the store&apos;s {employees.data.length} employee(s). The solver takes up to {BUILD_SECONDS} seconds.
      </p>
      <button type="button" disabled={running} onClick={() => void build()} className="mt-3 rounded bg-slate-900 px-3 py-1 text-sm text-white disabled:opacity-50">
        {running ? 'Building…' : 'Build roster'}
      </button>
      {running && job && (
        <div className="mx-auto mt-2 max-w-xs text-xs text-slate-600" data-testid="roster-progress">
          <div className="h-1.5 rounded bg-slate-200"><div className="h-1.5 rounded bg-slate-700" style={{ width: `${Math.round(job.progress * 100)}%` }} /></div>
          {job.message || job.status}
        </div>
      )}
      {error && <p role="alert" className="mt-2 text-sm text-red-700">{error}</p>}
    </div>
  );
}

function LatestRoster({ storeId, employees, retryEmployees }: { storeId: string; employees: Resource<Employee[]>; retryEmployees: () => void }) {
  const [list, reloadList] = useResource<ScheduleList>(`/api/v1/staff/schedules?store_id=${encodeURIComponent(storeId)}`);
  const latest = list.status === 'ready' ? list.data.schedules[0] : undefined;
  const [schedule, reloadSchedule] = useResource<Schedule>(latest ? `/api/v1/staff/schedules/${encodeURIComponent(latest.id)}` : null);
  const names = new Map(employees.status === 'ready' ? employees.data.map((e) => [e.id, e.name]) : []);

  if (list.status === 'loading' || list.status === 'idle') return <Loading label="Loading roster…" />;
  if (list.status === 'error') return <ErrorState message={list.message} onRetry={reloadList} />;
  if (list.status === 'not-available') return <NotAvailable feature="Rosters" />;
  if (!latest) return <BuildRoster storeId={storeId} employees={employees} retry={retryEmployees} onBuilt={reloadList} />;
  if (schedule.status === 'loading' || schedule.status === 'idle') return <Loading label="Loading roster…" />;
  if (schedule.status === 'error') return <ErrorState message={schedule.message} onRetry={reloadSchedule} />;
  if (schedule.status === 'not-available') return <ErrorState message="The roster was deleted" onRetry={reloadList} />;
  return <Roster key={schedule.data.id} initial={schedule.data} names={names} />;
}

function StoreStaffing({ storeId }: { storeId: string }) {
  const { employees, retry, saved, deleted } = useEmployees(storeId);
  const tz = useTimeZone();
  return (
    <>
      <RequiredStaff storeId={storeId} />
      <TradeoffCurve key={tz} storeId={storeId} timeZone={tz} />
      <LatestRoster storeId={storeId} employees={employees} retryEmployees={retry} />
      <Employees storeId={storeId} employees={employees} retry={retry} onSaved={saved} onDeleted={deleted} />
    </>
  );
}

export default function Staffing() {
  const storeId = useStores((s) => s.selectedId);
  return (
    <div className="space-y-3" data-testid="page-staffing">
      <h1 className="text-xl font-semibold">Staffing</h1>
      {!storeId ? (
        <Loading />
      ) : (
        <StoreStaffing key={storeId} storeId={storeId} />
      )}
    </div>
  );
}
