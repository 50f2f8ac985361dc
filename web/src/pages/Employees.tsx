// The store's employees on the Staffing page: a list with add / edit / delete, the add/edit form
// in a Headless UI dialog. Field messages come from lib/employees (checks before sending, and
// the server's 400 details mapped onto the inputs).
import { Dialog, DialogPanel, DialogTitle } from '@headlessui/react';
import { useId, useState, type ReactNode } from 'react';
import { requestJson } from '../api/client';
import type { Resource } from '../api/useResource';
import { Card, Empty, ErrorState, Loading, NotAvailable } from '../components/States';
import {
  availabilitySummary,
  bodyFromForm,
  contractSummary,
  emptyForm,
  errorsAfterEdit,
  errorsAfterRemove,
  formFromEmployee,
  knownSkills,
  problemsFromError,
  rowKey,
  validateForm,
  type Employee,
  type EmployeeForm,
  type FieldErrors,
} from '../lib/employees';
import { formatMoney } from '../lib/format';
import { WEEKDAYS } from '../lib/staffing';
import { useDefinition } from '../state/stores';

const inputClass = 'mt-0.5 w-full min-w-0 rounded border border-slate-300 px-2 py-1 text-sm aria-[invalid=true]:border-red-600';
const inlineInput = 'rounded border border-slate-300 px-2 py-1 text-sm aria-[invalid=true]:border-red-600';
const smallButton = 'rounded px-2 py-0.5 text-xs hover:bg-slate-100';

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-0.5 text-xs text-red-700" data-testid="field-error">
      {message}
    </p>
  );
}

/** A labelled input whose error (by the server's field path) shows right under it. */
function Field({ label, field, errors, children }: { label: string; field: string; errors: FieldErrors; children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode }) {
  const id = useId();
  const message = errors[field];
  return (
    <div className="min-w-0" data-field={field}>
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      {children({ id, 'aria-invalid': !!message, 'aria-describedby': message ? `${id}-error` : undefined })}
      <FieldError id={`${id}-error`} message={message} />
    </div>
  );
}

function EmployeeDialog({ storeId, initial, onClose, onSaved }: { storeId: string; initial: Employee | null; onClose: () => void; onSaved: (employee: Employee) => void }) {
  const definition = useDefinition();
  const suggestions = knownSkills(definition?.departments);
  const listId = useId();
  const [form, setForm] = useState<EmployeeForm>(() => (initial ? formFromEmployee(initial) : emptyForm()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const editing = initial !== null;

  const edit = (field: string, change: Partial<EmployeeForm>) => {
    setForm((f) => ({ ...f, ...change }));
    setErrors((e) => errorsAfterEdit(e, field));
  };
  const setSkill = (row: number, value: string) => edit(`skills[${row}]`, { skills: form.skills.map((s, i) => (i === row ? value : s)) });
  const removeSkill = (row: number) => {
    setForm((f) => ({ ...f, skills: f.skills.length > 1 ? f.skills.filter((_, i) => i !== row) : [''] }));
    setErrors((e) => errorsAfterRemove(e, 'skills', row));
  };
  const setWindow = (i: number, part: 'weekday' | 'from' | 'to' | 'hard', value: string | number | boolean) =>
    edit(`availability.unavailable[${i}].${part}`, { unavailable: form.unavailable.map((w, k) => (k === i ? { ...w, [part]: value } : w)) });
  const removeWindow = (i: number) => {
    setForm((f) => ({ ...f, unavailable: f.unavailable.filter((_, k) => k !== i) }));
    setErrors((e) => errorsAfterRemove(e, 'availability.unavailable', i));
  };
  const setDayOff = (i: number, part: 'date' | 'hard', value: string | boolean) =>
    edit(`availability.days_off[${i}].${part}`, { daysOff: form.daysOff.map((d, k) => (k === i ? { ...d, [part]: value } : d)) });
  const removeDayOff = (i: number) => {
    setForm((f) => ({ ...f, daysOff: f.daysOff.filter((_, k) => k !== i) }));
    setErrors((e) => errorsAfterRemove(e, 'availability.days_off', i));
  };

  const save = async () => {
    const problems = validateForm(form);
    setErrors(problems);
    setGeneral([]);
    if (Object.keys(problems).length > 0) return;
    setSaving(true);
    try {
      const path = `/api/v1/stores/${encodeURIComponent(storeId)}/employees`;
      const saved = editing
        ? await requestJson<Employee>(`${path}/${encodeURIComponent(initial.id)}`, { method: 'PUT', json: bodyFromForm(form) })
        : await requestJson<Employee>(path, { method: 'POST', json: bodyFromForm(form) });
      onSaved(saved);
    } catch (error) {
      const problems = problemsFromError(error, form);
      setErrors(problems.fields);
      setGeneral(problems.general);
    } finally {
      setSaving(false);
    }
  };

  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Dialog open onClose={() => !saving && onClose()} className="relative z-50">
      <div className="fixed inset-0 bg-black/30" aria-hidden />
      <div className="fixed inset-0 flex items-start justify-center overflow-y-auto p-2 sm:items-center sm:p-4">
        <DialogPanel className="w-full max-w-2xl rounded-lg bg-white p-4 shadow-xl" data-testid="employee-dialog">
          <DialogTitle className="font-semibold">{editing ? `Edit ${initial.name || initial.id}` : 'Add an employee'}</DialogTitle>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
            className="mt-3 space-y-4"
          >
            <div className="grid gap-3 sm:grid-cols-2">
              <Field label="Name" field="name" errors={errors}>
                {(p) => <input {...p} className={inputClass} value={form.name} autoComplete="off" onChange={(e) => edit('name', { name: e.target.value })} />}
              </Field>
              <Field label="Employee id" field="id" errors={errors}>
                {(p) => <input {...p} className={`${inputClass} disabled:bg-slate-100`} value={form.id} disabled={editing} autoComplete="off" placeholder="e.g. emp_042" onChange={(e) => edit('id', { id: e.target.value })} />}
              </Field>
            </div>

            <fieldset className="min-w-0" data-field="skills">
              <legend className="text-xs font-medium text-slate-600">Skills</legend>
              <datalist id={listId}>
                {suggestions.map((s) => <option key={s} value={s} />)}
              </datalist>
              <div className="mt-0.5 grid gap-2 sm:grid-cols-2">
                {form.skills.map((skill, row) => {
                  const field = `skills[${row}]`;
                  return (
                    <div key={row} className="min-w-0" data-field={field}>
                      <div className="flex gap-1">
                        <input
                          aria-label={`Skill ${row + 1}`}
                          aria-invalid={!!errors[field]}
                          list={listId}
                          className={inputClass}
                          value={skill}
                          onChange={(e) => setSkill(row, e.target.value)}
                        />
                        <button type="button" aria-label={`Remove skill ${row + 1}`} className={smallButton} onClick={() => removeSkill(row)}>
                          ✕
                        </button>
                      </div>
                      <FieldError id={`${listId}-skill-${row}`} message={errors[field]} />
                    </div>
                  );
                })}
              </div>
              <FieldError id={`${listId}-skills`} message={errors.skills} />
              <button type="button" className={`${smallButton} mt-1 text-sky-700`} onClick={() => setForm((f) => ({ ...f, skills: [...f.skills, ''] }))}>
                + Add skill
              </button>
            </fieldset>

            <fieldset className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              <legend className="col-span-full text-xs font-medium text-slate-600">Contract</legend>
              <Field label="Min hours / week" field="contract.min_hours" errors={errors}>
                {(p) => <input {...p} inputMode="decimal" className={inputClass} value={form.minHours} onChange={(e) => edit('contract.min_hours', { minHours: e.target.value })} />}
              </Field>
              <Field label="Max hours / week" field="contract.max_hours" errors={errors}>
                {(p) => <input {...p} inputMode="decimal" className={inputClass} value={form.maxHours} onChange={(e) => edit('contract.max_hours', { maxHours: e.target.value })} />}
              </Field>
              <Field label="Max shift hours (0: store rule)" field="contract.max_shift_hours" errors={errors}>
                {(p) => <input {...p} inputMode="decimal" className={inputClass} value={form.maxShiftHours} onChange={(e) => edit('contract.max_shift_hours', { maxShiftHours: e.target.value })} />}
              </Field>
              <Field label="Max days in a row (0: 5)" field="contract.max_consecutive_days" errors={errors}>
                {(p) => <input {...p} inputMode="numeric" className={inputClass} value={form.maxConsecutiveDays} onChange={(e) => edit('contract.max_consecutive_days', { maxConsecutiveDays: e.target.value })} />}
              </Field>
              <Field label="Hourly cost" field="hourly_cost" errors={errors}>
                {(p) => <input {...p} inputMode="decimal" className={inputClass} value={form.hourlyCost} placeholder="not set" onChange={(e) => edit('hourly_cost', { hourlyCost: e.target.value })} />}
              </Field>
              <label className="col-span-1 flex items-end gap-2 pb-1 text-sm sm:col-span-3">
                <input type="checkbox" checked={form.minor} onChange={(e) => edit('minor', { minor: e.target.checked })} />
                Minor (youth working-time rules)
              </label>
            </fieldset>

            <fieldset className="min-w-0" data-field="availability.unavailable">
              <legend className="text-xs font-medium text-slate-600">Unavailable, per weekday (store time)</legend>
              <FieldError id={`${listId}-unavailable`} message={errors['availability.unavailable']} />
              <div className="mt-1 divide-y divide-slate-100 rounded border border-slate-200">
                {WEEKDAYS.map((day, weekday) => {
                  const rows = form.unavailable.map((w, i) => ({ w, i })).filter(({ w }) => w.weekday === weekday);
                  return (
                    <div key={day} className="flex flex-wrap items-start gap-x-2 gap-y-1 px-2 py-1 text-sm" data-weekday={weekday}>
                      <span className="w-10 pt-1 font-medium">{day}</span>
                      <div className="min-w-0 flex-1 space-y-1">
                        {rows.length === 0 && <span className="inline-block pt-1 text-xs text-slate-400">available</span>}
                        {rows.map(({ w, i }) => {
                          const at = `availability.unavailable[${i}]`;
                          return (
                            <div key={w.key} data-field={at}>
                              <div className="flex flex-wrap items-center gap-1">
                                <input
                                  aria-label={`${day} unavailable from`}
                                  aria-invalid={!!errors[`${at}.from`]}
                                  className={`${inlineInput} w-20`}
                                  value={w.from}
                                  placeholder="HH:MM"
                                  onChange={(e) => setWindow(i, 'from', e.target.value)}
                                />
                                <span>–</span>
                                <input
                                  aria-label={`${day} unavailable to`}
                                  aria-invalid={!!errors[`${at}.to`]}
                                  className={`${inlineInput} w-20`}
                                  value={w.to}
                                  placeholder="HH:MM"
                                  onChange={(e) => setWindow(i, 'to', e.target.value)}
                                />
                                <select aria-label={`${day} rule`} className="rounded border border-slate-300 px-1 py-1 text-xs" value={w.hard ? 'hard' : 'wish'} onChange={(e) => setWindow(i, 'hard', e.target.value === 'hard')}>
                                  <option value="hard">cannot work</option>
                                  <option value="wish">prefers not</option>
                                </select>
                                <button type="button" aria-label={`Remove ${day} window`} className={smallButton} onClick={() => removeWindow(i)}>
                                  ✕
                                </button>
                              </div>
                              <FieldError id={`${listId}-${at}-from`} message={errors[`${at}.from`]} />
                              <FieldError id={`${listId}-${at}-to`} message={errors[`${at}.to`]} />
                            </div>
                          );
                        })}
                      </div>
                      <button
                        type="button"
                        className={`${smallButton} text-sky-700`}
                        aria-label={`Add unavailable time on ${day}`}
                        onClick={() => setForm((f) => ({ ...f, unavailable: [...f.unavailable, { key: rowKey(), weekday, from: '00:00', to: '24:00', hard: true, weight: 1 }] }))}
                      >
                        + time
                      </button>
                    </div>
                  );
                })}
              </div>
            </fieldset>

            <fieldset className="min-w-0" data-field="availability.days_off">
              <legend className="text-xs font-medium text-slate-600">Days off requested</legend>
              <FieldError id={`${listId}-days-off`} message={errors['availability.days_off']} />
              <div className="mt-1 space-y-1">
                {form.daysOff.map((d, i) => {
                  const at = `availability.days_off[${i}].date`;
                  return (
                    <div key={d.key} data-field={at}>
                      <div className="flex flex-wrap items-center gap-1">
                        <input type="date" aria-label={`Day off ${i + 1}`} aria-invalid={!!errors[at]} className={`${inlineInput} w-40`} value={d.date} onChange={(e) => setDayOff(i, 'date', e.target.value)} />
                        <select aria-label={`Day off ${i + 1} kind`} className="rounded border border-slate-300 px-1 py-1 text-xs" value={d.hard ? 'hard' : 'wish'} onChange={(e) => setDayOff(i, 'hard', e.target.value === 'hard')}>
                          <option value="wish">wish</option>
                          <option value="hard">granted leave</option>
                        </select>
                        <button type="button" aria-label={`Remove day off ${i + 1}`} className={smallButton} onClick={() => removeDayOff(i)}>
                          ✕
                        </button>
                      </div>
                      <FieldError id={`${listId}-${at}`} message={errors[at]} />
                    </div>
                  );
                })}
              </div>
              <button type="button" className={`${smallButton} mt-1 text-sky-700`} onClick={() => setForm((f) => ({ ...f, daysOff: [...f.daysOff, { key: rowKey(), date: '', hard: false, weight: 5 }] }))}>
                + Add day off
              </button>
            </fieldset>

            {(general.length > 0 || hasErrors) && (
              <div role="alert" className="rounded bg-red-50 p-2 text-sm text-red-800" data-testid="employee-form-error">
                {general.length > 0 ? general.map((g, i) => <p key={i}>{g}</p>) : <p>Please correct the marked fields.</p>}
              </div>
            )}
            <div className="flex justify-end gap-2">
              <button type="button" disabled={saving} onClick={onClose} className="rounded px-3 py-1 text-sm hover:bg-slate-100">
                Cancel
              </button>
              <button type="submit" disabled={saving} className="rounded bg-slate-900 px-3 py-1 text-sm text-white disabled:opacity-50">
                {saving ? 'Saving…' : editing ? 'Save changes' : 'Add employee'}
              </button>
            </div>
          </form>
        </DialogPanel>
      </div>
    </Dialog>
  );
}

function DeleteDialog({ storeId, employee, onClose, onDeleted }: { storeId: string; employee: Employee; onClose: () => void; onDeleted: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await requestJson<unknown>(`/api/v1/stores/${encodeURIComponent(storeId)}/employees/${encodeURIComponent(employee.id)}`, { method: 'DELETE' });
      onDeleted();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={() => !busy && onClose()} className="relative z-50">
      <div className="fixed inset-0 bg-black/30" aria-hidden />
      <div className="fixed inset-0 flex items-center justify-center p-4">
        <DialogPanel className="w-full max-w-sm rounded-lg bg-white p-4 shadow-xl">
          <DialogTitle className="font-semibold">Remove {employee.name || employee.id}?</DialogTitle>
          <p className="mt-1 text-sm text-slate-600">New rosters will not include them. Rosters already built keep their shifts.</p>
          {error && <p role="alert" className="mt-2 text-sm text-red-700">{error}</p>}
          <div className="mt-4 flex justify-end gap-2">
            <button type="button" disabled={busy} onClick={onClose} className="rounded px-3 py-1 text-sm hover:bg-slate-100">
              Cancel
            </button>
            <button type="button" disabled={busy} onClick={() => void remove()} className="rounded bg-red-700 px-3 py-1 text-sm text-white disabled:opacity-50">
              {busy ? 'Removing…' : 'Remove'}
            </button>
          </div>
        </DialogPanel>
      </div>
    </Dialog>
  );
}

/** The employees card: `employees` is the page's one list (the roster builder counts it too). */
export function Employees({ storeId, employees, retry, onSaved, onDeleted }: {
  storeId: string;
  employees: Resource<Employee[]>;
  retry: () => void;
  onSaved: (employee: Employee) => void;
  onDeleted: (id: string) => void;
}) {
  const [editing, setEditing] = useState<Employee | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Employee | null>(null);
  let body;
  if (employees.status === 'loading' || employees.status === 'idle') body = <Loading label="Loading employees…" />;
  else if (employees.status === 'not-available') body = <NotAvailable feature="Employees" />;
  else if (employees.status === 'error') body = <ErrorState message={employees.message} onRetry={retry} />;
  else if (employees.data.length === 0)
    body = (
      <Empty title="No employees yet">
        <span data-testid="employees-empty">Add the store&apos;s team: a roster is built from their skills, contracts and availability.</span>
      </Empty>
    );
  else
    body = (
      <ul className="divide-y divide-slate-100 text-sm" data-testid="employee-list">
        {employees.data.map((e) => (
          <li key={e.id} className="flex flex-wrap items-start gap-x-3 gap-y-1 py-2" data-testid="employee-row" data-employee={e.id}>
            <div className="min-w-0 flex-1">
              <p className="font-medium">
                {e.name || e.id} <span className="text-xs font-normal text-slate-400">{e.id}</span>
                {e.minor && <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-900">minor</span>}
              </p>
              <p className="text-xs text-slate-600" data-testid="employee-skills">{e.skills.length > 0 ? e.skills.join(', ') : 'no skills'}</p>
              <p className="text-xs text-slate-500">
                <span data-testid="employee-contract">{contractSummary(e)}</span> · {e.hourly_cost > 0 ? `${formatMoney(e.hourly_cost)}/h` : 'no wage set'} · {availabilitySummary(e)}
              </p>
            </div>
            <div className="flex gap-1">
              <button type="button" className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100" aria-label={`Edit ${e.name || e.id}`} onClick={() => setEditing(e)}>
                Edit
              </button>
              <button type="button" className="rounded border border-red-200 px-2 py-0.5 text-xs text-red-700 hover:bg-red-50" aria-label={`Remove ${e.name || e.id}`} onClick={() => setDeleting(e)}>
                Remove
              </button>
            </div>
          </li>
        ))}
      </ul>
    );
  return (
    <Card testId="employees">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">
          Employees{employees.status === 'ready' ? ` (${employees.data.length})` : ''}
        </h2>
        {employees.status === 'ready' && (
          <button type="button" className="rounded bg-slate-900 px-3 py-1 text-sm text-white" onClick={() => setEditing('new')}>
            Add employee
          </button>
        )}
      </div>
      {body}
      {editing && (
        <EmployeeDialog
          storeId={storeId}
          initial={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            onSaved(saved);
          }}
        />
      )}
      {deleting && (
        <DeleteDialog
          storeId={storeId}
          employee={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            onDeleted(deleting.id);
          }}
        />
      )}
    </Card>
  );
}
