// Employees of a store (GET/POST /api/v1/stores/{id}/employees, GET/PUT/DELETE …/{employee_id}):
// the form the add/edit dialog edits, the body it sends, the checks it makes before sending, and
// the mapping of the server's 400 details (`{field: "skills[1]", reason}`) onto the form's fields.
// Field keys are the server's own paths, so a message lands next to the input it is about.
// Kept free of React for Vitest.
import type { components } from '../api/schema';
import { ApiError } from '../api/client';
import { WEEKDAYS, parseClock } from './staffing';

export type Employee = components['schemas']['Employee'];
export type EmployeeInput = components['schemas']['EmployeeInput'];
export type EmployeeList = components['schemas']['EmployeeList'];

/** One unavailable window: `weekday` 0 = Monday … 6 = Sunday; `hard` false = a wish. */
export interface WindowRow {
  key: number;
  weekday: number;
  from: string;
  to: string;
  hard: boolean;
  weight: number;
}

export interface DayOffRow {
  key: number;
  date: string;
  hard: boolean;
  weight: number;
}

/** The dialog's state: text as typed (numbers are parsed when sent). */
export interface EmployeeForm {
  id: string;
  name: string;
  skills: string[];
  minHours: string;
  maxHours: string;
  maxShiftHours: string;
  maxConsecutiveDays: string;
  hourlyCost: string;
  minor: boolean;
  unavailable: WindowRow[];
  daysOff: DayOffRow[];
}

/** Messages by the server's field path ("name", "skills[1]", "availability.days_off[0].date"). */
export type FieldErrors = Record<string, string>;

let nextKey = 1;
export const rowKey = () => nextKey++;

export function emptyForm(): EmployeeForm {
  return {
    id: '',
    name: '',
    skills: [''],
    minHours: '0',
    maxHours: '40',
    maxShiftHours: '0',
    maxConsecutiveDays: '0',
    hourlyCost: '',
    minor: false,
    unavailable: [],
    daysOff: [],
  };
}

const hoursText = (value: number | undefined) => (value === undefined ? '' : String(Math.round(value * 100) / 100));

/** A weekday as the server may store it: 0-6 or a lower-case English day name. */
export function weekdayIndex(value: number | string): number {
  if (typeof value === 'number') return value;
  const names = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  const index = names.indexOf(value.toLowerCase());
  return index < 0 ? 0 : index;
}

export function formFromEmployee(employee: Employee): EmployeeForm {
  const contract = employee.contract;
  return {
    id: employee.id,
    name: employee.name,
    skills: employee.skills.length > 0 ? [...employee.skills] : [''],
    minHours: hoursText(contract.min_hours ?? 0),
    maxHours: hoursText(contract.max_hours ?? 0),
    maxShiftHours: hoursText(contract.max_shift_hours ?? 0),
    maxConsecutiveDays: String(contract.max_consecutive_days ?? 0),
    hourlyCost: String(employee.hourly_cost),
    minor: employee.minor,
    unavailable: (employee.availability.unavailable ?? []).map((w) => ({
      key: rowKey(),
      weekday: weekdayIndex(w.weekday),
      from: w.from ?? '00:00',
      to: w.to ?? '24:00',
      hard: w.hard ?? true,
      weight: w.weight ?? 1,
    })),
    daysOff: (employee.availability.days_off ?? []).map((d) => ({
      key: rowKey(),
      date: d.date,
      hard: d.hard ?? false,
      weight: d.weight ?? 5,
    })),
  };
}

/** A number as typed; NaN when it is not one ('' is NaN too). */
function parseNumber(text: string): number {
  const trimmed = text.trim().replace(',', '.');
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

/**
 * The request body. Blank skill rows are left out (the others keep their order, so the server's
 * `skills[i]` is the i-th non-blank row: see `skillRowOfIndex`); numbers the user left blank are
 * left out so the server applies its defaults.
 */
export function bodyFromForm(form: EmployeeForm): EmployeeInput {
  const number = (text: string) => {
    const value = parseNumber(text);
    return Number.isFinite(value) ? value : undefined;
  };
  const body: EmployeeInput = {
    id: form.id.trim(),
    name: form.name.trim(),
    skills: form.skills.map((s) => s.trim()).filter((s) => s !== ''),
    contract: {
      min_hours: number(form.minHours),
      max_hours: number(form.maxHours),
      max_shift_hours: number(form.maxShiftHours),
      max_consecutive_days: number(form.maxConsecutiveDays),
    },
    minor: form.minor,
    hourly_cost: number(form.hourlyCost),
    availability: {
      unavailable: form.unavailable.map((w) => ({ weekday: w.weekday, from: w.from, to: w.to, hard: w.hard, weight: w.weight })),
      days_off: form.daysOff.map((d) => ({ date: d.date, hard: d.hard, weight: d.weight })),
    },
  };
  return JSON.parse(JSON.stringify(body)) as EmployeeInput; // drops the undefined numbers
}

/** The form row (index into `form.skills`) of the server's `skills[i]`: blank rows are not sent. */
export function skillRowOfIndex(skills: string[], index: number): number | null {
  let seen = -1;
  for (let row = 0; row < skills.length; row++) {
    if (skills[row]!.trim() === '') continue;
    seen += 1;
    if (seen === index) return row;
  }
  return null;
}

const ID_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The checks the dialog makes before it sends (the server makes them all again, and more):
 * the same field paths as the server's 400 details, so both show in the same place.
 */
export function validateForm(form: EmployeeForm): FieldErrors {
  const errors: FieldErrors = {};
  if (!ID_PATTERN.test(form.id.trim())) errors.id = 'use 1-64 letters, digits, . _ or -, not starting with "."';
  if (form.name.trim() === '') errors.name = 'is required';
  else if (form.name.trim().length > 200) errors.name = 'must be at most 200 characters';
  const seen = new Set<string>();
  form.skills.forEach((raw, row) => {
    const skill = raw.trim();
    if (skill === '') return;
    const at = `skills[${row}]`;
    if (/[@+\s]/.test(skill) || skill.length > 64) errors[at] = "1-64 characters without '@', '+' or spaces";
    else if (seen.has(skill)) errors[at] = `'${skill}' is listed twice`;
    seen.add(skill);
  });
  const hours = (text: string, field: string, max: number) => {
    if (text.trim() === '') return Number.NaN;
    const value = parseNumber(text);
    if (!Number.isFinite(value) || value < 0 || value > max) errors[field] = `a number of hours from 0 to ${max}`;
    return value;
  };
  const min = hours(form.minHours, 'contract.min_hours', 168);
  const max = hours(form.maxHours, 'contract.max_hours', 168);
  if (!errors['contract.max_hours'] && Number.isFinite(min) && Number.isFinite(max) && max < min) {
    errors['contract.max_hours'] = 'must not be below the minimum hours';
  }
  hours(form.maxShiftHours, 'contract.max_shift_hours', 24);
  if (form.maxConsecutiveDays.trim() !== '') {
    const days = parseNumber(form.maxConsecutiveDays);
    if (!Number.isInteger(days) || days < 0 || days > 7) errors['contract.max_consecutive_days'] = 'a whole number from 0 to 7';
  }
  if (form.hourlyCost.trim() !== '') {
    const cost = parseNumber(form.hourlyCost);
    if (!Number.isFinite(cost) || cost < 0 || cost > 100000) errors.hourly_cost = 'a number from 0 to 100000';
  }
  form.unavailable.forEach((w, i) => {
    const at = `availability.unavailable[${i}]`;
    const from = parseClock(w.from);
    const to = parseClock(w.to);
    if (from === null || from >= 1440) errors[`${at}.from`] = 'a time from 00:00 to 23:59';
    if (to === null) errors[`${at}.to`] = 'a time up to 24:00';
    else if (from !== null && to <= from) errors[`${at}.to`] = 'must be after the start';
  });
  const dates = new Set<string>();
  form.daysOff.forEach((d, i) => {
    const at = `availability.days_off[${i}].date`;
    if (!DATE_PATTERN.test(d.date) || Number.isNaN(Date.parse(`${d.date}T00:00:00Z`))) errors[at] = 'pick a date';
    else if (dates.has(d.date)) errors[at] = 'is listed twice';
    dates.add(d.date);
  });
  return errors;
}

/** Every field path the dialog has an input for (a message for any other goes to the top). */
export function formFields(form: EmployeeForm): Set<string> {
  const fields = new Set([
    'id',
    'name',
    'skills',
    'contract.min_hours',
    'contract.max_hours',
    'contract.max_shift_hours',
    'contract.max_consecutive_days',
    'hourly_cost',
    'minor',
    'availability.unavailable',
    'availability.days_off',
  ]);
  form.skills.forEach((_, row) => fields.add(`skills[${row}]`));
  form.unavailable.forEach((_, i) => {
    for (const part of ['weekday', 'from', 'to', 'hard', 'weight']) fields.add(`availability.unavailable[${i}].${part}`);
  });
  form.daysOff.forEach((_, i) => {
    for (const part of ['date', 'hard', 'weight']) fields.add(`availability.days_off[${i}].${part}`);
  });
  return fields;
}

export interface ServerProblems {
  /** By field path, as the form shows them (skills renumbered to the form's rows). */
  fields: FieldErrors;
  /** What has no field of its own in the form: shown above the buttons. */
  general: string[];
}

/**
 * A failed save, spread over the form: each 400 detail next to its field (weights have no input:
 * their messages go to the window's or the day's row), 409 (the id is taken) on the id, the rest
 * as a general message.
 */
export function problemsFromError(error: unknown, form: EmployeeForm): ServerProblems {
  const out: ServerProblems = { fields: {}, general: [] };
  if (!(error instanceof ApiError)) {
    out.general.push(error instanceof Error ? error.message : String(error));
    return out;
  }
  if (error.status === 409) {
    out.fields.id = error.message || 'an employee with this id exists already';
    return out;
  }
  const known = formFields(form);
  for (const { field, reason } of error.details) {
    let at = field;
    const skill = /^skills\[(\d+)\]$/.exec(field);
    if (skill) {
      const row = skillRowOfIndex(form.skills, Number(skill[1]));
      at = row === null ? 'skills' : `skills[${row}]`;
    }
    at = at.replace(/^(availability\.unavailable\[\d+\])\.(weight|hard|weekday)$/, '$1.from').replace(/^(availability\.days_off\[\d+\])\.(weight|hard)$/, '$1.date');
    if (known.has(at)) out.fields[at] = out.fields[at] ? `${out.fields[at]}; ${reason}` : reason;
    else out.general.push(`${field}: ${reason}`);
  }
  if (error.details.length === 0 || (Object.keys(out.fields).length === 0 && out.general.length === 0)) out.general.push(error.message);
  return out;
}

/**
 * The errors after row `index` of the list `prefix` (e.g. "skills", "availability.days_off") was
 * removed: that row's messages go, later rows' move up one, so each stays next to its input.
 */
export function errorsAfterRemove(errors: FieldErrors, prefix: string, index: number): FieldErrors {
  const out: FieldErrors = {};
  const escaped = prefix.replace(/[.[\]]/g, '\\$&');
  const pattern = new RegExp(`^${escaped}\\[(\\d+)\\](.*)$`);
  for (const [field, message] of Object.entries(errors)) {
    const match = pattern.exec(field);
    if (!match) {
      out[field] = message;
      continue;
    }
    const i = Number(match[1]);
    if (i === index) continue;
    out[`${prefix}[${i > index ? i - 1 : i}]${match[2]}`] = message;
  }
  return out;
}

/** The errors once the user changed `field` (its message and its list's message go). */
export function errorsAfterEdit(errors: FieldErrors, field: string): FieldErrors {
  const list = field.replace(/\[\d+\].*$/, '');
  const out: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    if (key === field || key === list) continue;
    // A window's or a day's other fields stay; `contract.max_hours` depends on the minimum too.
    if (field === 'contract.min_hours' && key === 'contract.max_hours') continue;
    out[key] = message;
  }
  return out;
}

/** The list in id order with `employee` added or replaced. */
export function upsertEmployee(list: Employee[], employee: Employee): Employee[] {
  return [...list.filter((e) => e.id !== employee.id), employee].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** "Mon 08:00–12:00, Sat all day (wish)" */
export function availabilitySummary(employee: Employee): string {
  const windows = (employee.availability.unavailable ?? []).map((w) => {
    const day = WEEKDAYS[weekdayIndex(w.weekday)] ?? '?';
    const from = w.from ?? '00:00';
    const to = w.to ?? '24:00';
    const span = from === '00:00' && to === '24:00' ? 'all day' : `${from}–${to}`;
    return `${day} ${span}${w.hard === false ? ' (wish)' : ''}`;
  });
  const days = (employee.availability.days_off ?? []).length;
  const parts = windows.length > 0 ? [`unavailable ${windows.join(', ')}`] : [];
  if (days > 0) parts.push(`${days} day${days === 1 ? '' : 's'} off`);
  return parts.length > 0 ? parts.join('; ') : 'available any time';
}

/** "20–40 h/week", "up to 40 h/week". */
export function contractSummary(employee: Employee): string {
  const min = employee.contract.min_hours ?? 0;
  const max = employee.contract.max_hours ?? 0;
  const fmt = (h: number) => String(Math.round(h * 10) / 10);
  return min > 0 ? `${fmt(min)}–${fmt(max)} h/week` : `up to ${fmt(max)} h/week`;
}

/** Skills the store's departments ask for, for the dialog's suggestions. */
export function knownSkills(departments: Array<{ skills?: string[] }> | undefined): string[] {
  return [...new Set((departments ?? []).flatMap((d) => d.skills ?? []))].sort();
}
