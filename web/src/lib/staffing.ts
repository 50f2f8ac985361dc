// Staffing: recommended staff per hour and department (GET /api/v1/staff/deployment/predict),
// the week roster (GET/PUT /api/v1/staff/schedules/{id}) as a timeline per employee, its score
// explanation, and the edit the page PUTs. Kept free of React for Vitest.
import type { components } from '../api/schema';
import type { StoreDefinition } from '../api/client';

export type DeploymentPredictions = components['schemas']['DeploymentPredictions'];
export type DeploymentPrediction = components['schemas']['DeploymentPrediction'];
export type Schedule = components['schemas']['Schedule'];
export type ScheduleList = components['schemas']['ScheduleList'];
export type ScheduleRequest = components['schemas']['ScheduleRequest'];
export type ScheduleEdit = components['schemas']['ScheduleEdit'];
export type ScheduleEditResult = components['schemas']['ScheduleEditResult'];
export type ScheduleJob = components['schemas']['ScheduleJob'];
export type Assignment = components['schemas']['Assignment'];
export type Violation = components['schemas']['Violation'];
export type RuleScore = components['schemas']['RuleScore'];
export type EmployeeList = components['schemas']['EmployeeList'];

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export function predictUrl(storeId: string): string {
  return `/api/v1/staff/deployment/predict?store_id=${encodeURIComponent(storeId)}&time_horizon=next_24_hours`;
}

export interface RequiredRow {
  start: string;
  slot: string;
  total: number;
  [department: string]: number | string;
}

/**
 * One row per hour (in the server's order) with the staff recommended on the floor for each
 * department and their total; `department` keeps only that one ('' = every department).
 */
export function requiredByInterval(predictions: DeploymentPrediction[], department = ''): RequiredRow[] {
  const rows = new Map<string, RequiredRow>();
  for (const p of predictions) {
    if (department && p.department !== department) continue;
    let row = rows.get(p.start);
    if (!row) {
      row = { start: p.start, slot: p.time_slot, total: 0 };
      rows.set(p.start, row);
    }
    row[p.department] = ((row[p.department] as number | undefined) ?? 0) + p.recommended_staff;
    row.total += p.recommended_staff;
  }
  return [...rows.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/** Departments that appear in the predictions, named from the store definition when it has them. */
export function predictedDepartments(
  predictions: DeploymentPrediction[],
  definition: Pick<StoreDefinition, 'departments'> | null,
): Array<{ id: string; label: string }> {
  const names = new Map((definition?.departments ?? []).map((d) => [d.id, d.name]));
  const ids = [...new Set(predictions.map((p) => p.department))];
  return ids.map((id) => ({ id, label: names.get(id) ?? id }));
}

/** "HH:MM" → minutes after midnight; null when malformed. "24:00" is the end of the day. */
export function parseClock(value: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) return null;
  return hours * 60 + minutes;
}

export function formatClock(minutes: number): string {
  const m = ((Math.round(minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** "8 h", "7 h 30 min". */
export function formatShiftLength(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export interface TimelineShift {
  index: number;
  assignment: Assignment;
  /** Minutes after the day's midnight (store time). */
  from: number;
  to: number;
}

export interface TimelineRow {
  employee: string;
  name: string;
  shifts: TimelineShift[];
}

/**
 * The roster of one day (0 = week_start) as one row per employee, every employee of the roster
 * included (an empty row is a day off). `index` is the position in schedule.assignments.
 */
export function timeline(
  assignments: Assignment[],
  day: number,
  names: Map<string, string> = new Map(),
): TimelineRow[] {
  const rows = new Map<string, TimelineRow>();
  for (const a of assignments) {
    if (!rows.has(a.employee)) rows.set(a.employee, { employee: a.employee, name: names.get(a.employee) ?? a.employee, shifts: [] });
  }
  assignments.forEach((a, index) => {
    if (a.day !== day) return;
    const from = parseClock(a.start) ?? 0;
    rows.get(a.employee)!.shifts.push({ index, assignment: a, from, to: from + a.length_minutes });
  });
  for (const row of rows.values()) row.shifts.sort((x, y) => x.from - y.from);
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The hours the timeline axis spans for a day: from the earliest start to the latest end, whole hours. */
export function timelineSpan(rows: TimelineRow[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of rows)
    for (const s of row.shifts) {
      lo = Math.min(lo, s.from);
      hi = Math.max(hi, s.to);
    }
  if (!Number.isFinite(lo)) return [6 * 60, 22 * 60];
  return [Math.floor(lo / 60) * 60, Math.ceil(hi / 60) * 60];
}

export interface CoverageRow {
  start: string;
  required: number;
  scheduled: number;
}

/** Required vs scheduled staff per interval of one day, for one skill or summed over all ('' ). */
export function coverageOfDay(schedule: Pick<Schedule, 'coverage'>, day: number, skill = ''): CoverageRow[] {
  const rows = new Map<string, CoverageRow>();
  for (const c of schedule.coverage) {
    if (c.day !== day || (skill && c.skill !== skill)) continue;
    const row = rows.get(c.start) ?? { start: c.start, required: 0, scheduled: 0 };
    row.required += c.required;
    row.scheduled += c.scheduled;
    rows.set(c.start, row);
  }
  return [...rows.values()].sort((a, b) => (parseClock(a.start) ?? 0) - (parseClock(b.start) ?? 0));
}

/** The skills a roster covers, each with the departments (of the store definition) that need it. */
export function coverageSkills(
  schedule: Pick<Schedule, 'coverage'>,
  definition: Pick<StoreDefinition, 'departments'> | null,
): Array<{ id: string; label: string }> {
  const skills = [...new Set(schedule.coverage.map((c) => c.skill))].sort();
  return skills.map((skill) => {
    const departments = (definition?.departments ?? []).filter((d) => d.skills?.includes(skill)).map((d) => d.name);
    const named = departments.length > 2 ? `${departments.slice(0, 2).join(', ')}, …` : departments.join(', ');
    return { id: skill, label: departments.length ? `${skill} (${named})` : skill };
  });
}

/** The date of a day of the roster, "Mon 30 Nov". */
export function dayLabel(weekStart: string, day: number): string {
  const date = new Date(`${weekStart}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return WEEKDAYS[day] ?? String(day);
  date.setUTCDate(date.getUTCDate() + day);
  return date.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** The Monday on or before a store-local calendar date (YYYY-MM-DD): the roster's week_start. */
export function mondayOf(localDate: string): string {
  const date = new Date(`${localDate}T12:00:00Z`);
  const back = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - back);
  return date.toISOString().slice(0, 10);
}

/** The day of the roster (0..6) a store-local date falls on, clamped into the week. */
export function dayOfWeek(weekStart: string, localDate: string): number {
  const diff = Math.round((Date.parse(`${localDate}T12:00:00Z`) - Date.parse(`${weekStart}T12:00:00Z`)) / 86_400_000);
  return Number.isFinite(diff) ? Math.min(6, Math.max(0, diff)) : 0;
}

export interface ShiftChange {
  start: string;
  lengthMinutes: number;
}

/** Problems with an edited shift; null when it can be sent. */
export function validateShift(change: ShiftChange): string | null {
  const start = parseClock(change.start);
  if (start === null || start >= 1440) return 'Start is a time of day, HH:MM';
  if (!Number.isInteger(change.lengthMinutes) || change.lengthMinutes < 60 || change.lengthMinutes > 720)
    return 'A shift lasts 1 to 12 hours';
  return null;
}

/**
 * The PUT body: every assignment of the roster as it is (start and length, keeping its skill),
 * the one at `index` changed, or removed when `change` is null.
 */
export function editedRoster(assignments: Assignment[], index: number, change: ShiftChange | null): ScheduleEdit {
  const edited: ScheduleEdit['assignments'] = [];
  assignments.forEach((a, i) => {
    if (i === index && change === null) return;
    const c = i === index ? change! : { start: a.start, lengthMinutes: a.length_minutes };
    edited.push({ employee: a.employee, day: a.day, start: c.start, length_minutes: c.lengthMinutes, skill: a.skill });
  });
  return { assignments: edited };
}

export interface RuleLine {
  rule: string;
  label: string;
  penalty: number;
  count: number;
  share: number;
}

const RULE_LABELS: Record<string, string> = {
  cover_under: 'Intervals short of staff',
  cover_over: 'Intervals over-staffed',
  labour_cost: 'Labour cost',
  fairness: 'Uneven hours between employees',
  shift_on_request: 'Shift wishes not granted',
  shift_off_request: 'Day-off wishes not granted',
  unavailable_soft: 'Shifts in preferred-off times',
  not_allowed: 'Shifts an employee may not work',
  rest_or_succession: 'Too little rest between shifts',
  max_shifts: 'Too many shifts',
  max_total_minutes: 'Over contract hours',
  min_total_minutes: 'Under contract hours',
  max_consecutive_shifts: 'Too many days in a row',
  min_consecutive_shifts: 'Too few days in a row',
  min_consecutive_days_off: 'Days off too short',
  max_weekends: 'Too many weekends',
  hard_cover: 'Hard cover missed',
};

export function ruleLabel(rule: string): string {
  return RULE_LABELS[rule] ?? rule.replace(/_/g, ' ');
}

/** What the score is made of: the rules with a penalty or a count, largest penalty first. */
export function scoreExplanation(byRule: RuleScore[]): RuleLine[] {
  const total = byRule.reduce((sum, r) => sum + Math.max(0, r.penalty), 0);
  return byRule
    .filter((r) => r.penalty !== 0 || r.count !== 0)
    .map((r) => ({ rule: r.rule, label: ruleLabel(r.rule), penalty: r.penalty, count: r.count, share: total > 0 ? Math.max(0, r.penalty) / total : 0 }))
    .sort((a, b) => b.penalty - a.penalty || a.rule.localeCompare(b.rule));
}

/** Hard violations first, then by penalty. */
export function sortViolations(violations: Violation[]): Violation[] {
  return [...violations].sort((a, b) => Number(b.hard) - Number(a.hard) || b.penalty - a.penalty || (a.day ?? -1) - (b.day ?? -1));
}

/** A penalty change for people: "+307.7 (worse)", "−12 (better)", "no change". */
export function formatScoreDelta(delta: number | null | undefined): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return '—';
  const rounded = Math.round(delta * 10) / 10;
  if (rounded === 0) return 'no change';
  const text = Math.abs(rounded).toLocaleString('en-US', { maximumFractionDigits: 1 });
  return rounded > 0 ? `+${text} (worse)` : `−${text} (better)`;
}

export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return '—';
  return score.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** A GET /api/v1/staff/schedules/{id} answer is a schedule or, for a job id, the job. */
export function isSchedule(value: Schedule | ScheduleJob): value is Schedule {
  return 'assignments' in value && Array.isArray((value as Schedule).assignments);
}
