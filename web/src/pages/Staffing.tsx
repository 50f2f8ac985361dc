import { Dialog, DialogPanel, DialogTitle } from '@headlessui/react';
import { useState } from 'react';
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { requestJson } from '../api/client';
import { futureEndpoints, type Shift, type StaffingResponse } from '../api/future_types';
import { useResource } from '../api/useResource';
import { Card, Empty, ErrorState, Loading, NotAvailable } from '../components/States';
import { formatDuration, formatMoney, formatStoreTime, storeDate } from '../lib/format';
import { useStores } from '../state/stores';

function ShiftEditor({ storeId, shift, onClose, onSaved }: { storeId: string; shift: Shift | null; onClose: () => void; onSaved: () => void }) {
  const [start, setStart] = useState(shift?.start ?? '');
  const [end, setEnd] = useState(shift?.end ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  if (!shift) return null;
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await requestJson(futureEndpoints.shift(storeId, shift.id), { method: 'PUT', json: { ...shift, start, end } });
      onSaved();
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Dialog open onClose={onClose} className="relative z-50">
      <div className="fixed inset-0 bg-black/30" aria-hidden />
      <div className="fixed inset-0 flex items-center justify-center p-4">
        <DialogPanel className="w-full max-w-sm rounded-lg bg-white p-4 shadow-xl">
          <DialogTitle className="font-semibold">Edit shift {shift.id}</DialogTitle>
          <label className="mt-3 block text-sm">Start<input className="mt-1 w-full rounded border px-2 py-1" value={start} onChange={(e) => setStart(e.target.value)} /></label>
          <label className="mt-2 block text-sm">End<input className="mt-1 w-full rounded border px-2 py-1" value={end} onChange={(e) => setEnd(e.target.value)} /></label>
          {error && <p role="alert" className="mt-2 text-sm text-red-700">{error}</p>}
          <div className="mt-4 flex justify-end gap-2">
            <button type="button" onClick={onClose} className="rounded px-3 py-1 text-sm hover:bg-slate-100">Cancel</button>
            <button type="button" disabled={saving} onClick={() => void save()} className="rounded bg-slate-900 px-3 py-1 text-sm text-white disabled:opacity-50">Save</button>
          </div>
        </DialogPanel>
      </div>
    </Dialog>
  );
}

export default function Staffing() {
  const storeId = useStores((s) => s.selectedId);
  const tz = useStores((s) => (s.list.status === 'ready' ? s.list.data.find((x) => x.id === s.selectedId)?.timezone : undefined)) ?? 'UTC';
  const [date] = useState(() => storeDate(new Date(), tz));
  const [staffing, reload] = useResource<StaffingResponse>(storeId ? futureEndpoints.staffing(storeId, date) : null);
  const [editing, setEditing] = useState<Shift | null>(null);

  let body;
  if (staffing.status === 'loading' || staffing.status === 'idle') body = <Loading label="Loading staffing…" />;
  else if (staffing.status === 'not-available') body = <NotAvailable feature="Staffing" />;
  else if (staffing.status === 'error') body = <ErrorState message={staffing.message} onRetry={reload} />;
  else if (staffing.data.slots.length === 0 && staffing.data.shifts.length === 0) body = <Empty title="No roster for this day" />;
  else {
    const data = staffing.data;
    body = (
      <div className="space-y-3">
        <Card title="Required vs scheduled staff" testId="staffing-chart">
          <div className="h-64">
            <ResponsiveContainer width="100%" height="100%">
              <ComposedChart data={data.slots.map((s) => ({ ...s, t: formatStoreTime(s.start, tz) }))}>
                <CartesianGrid stroke="#e2e8f0" />
                <XAxis dataKey="t" fontSize={12} />
                <YAxis fontSize={12} width={32} />
                <Tooltip />
                <Bar dataKey="scheduled" name="Scheduled" fill="#7dd3fc" isAnimationActive={false} />
                <Line dataKey="required" name="Required" stroke="#b91c1c" dot={false} isAnimationActive={false} />
              </ComposedChart>
            </ResponsiveContainer>
          </div>
        </Card>
        <Card title="Roster" testId="roster">
          <ul className="divide-y divide-slate-100 text-sm">
            {data.shifts.map((shift) => (
              <li key={shift.id} className="flex items-center justify-between py-1">
                <span>{shift.employee_id} · {shift.department}</span>
                <span>{formatStoreTime(shift.start, tz)}–{formatStoreTime(shift.end, tz)}</span>
                <button type="button" className="rounded px-2 text-sky-700 hover:bg-sky-50" onClick={() => setEditing(shift)}>Edit</button>
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Violations">
          {data.violations.length === 0 ? <p className="text-sm text-slate-500">No rule is broken.</p> : (
            <ul className="text-sm">{data.violations.map((v, i) => <li key={i}><b>{v.rule}</b> {v.message}</li>)}</ul>
          )}
        </Card>
        {data.cost_wait && data.cost_wait.length > 0 && (
          <Card title="Cost vs wait">
            <ul className="text-sm">{data.cost_wait.map((p) => <li key={p.staff_hours}>{p.staff_hours} h: {formatMoney(p.cost)}, wait {formatDuration(p.wait_seconds)}</li>)}</ul>
          </Card>
        )}
        <ShiftEditor key={editing?.id ?? ''} storeId={storeId!} shift={editing} onClose={() => setEditing(null)} onSaved={reload} />
      </div>
    );
  }
  return (
    <div className="space-y-3" data-testid="page-staffing">
      <h1 className="text-xl font-semibold">Staffing <span className="text-sm font-normal text-slate-500">{date}</span></h1>
      {body}
    </div>
  );
}
