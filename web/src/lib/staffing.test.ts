import { describe, expect, it } from 'vitest';
import {
  coverageOfDay,
  coverageSkills,
  dayLabel,
  dayOfWeek,
  editedRoster,
  formatClock,
  formatScoreDelta,
  formatShiftLength,
  isSchedule,
  mondayOf,
  parseClock,
  predictUrl,
  predictedDepartments,
  requiredByInterval,
  scoreExplanation,
  sortViolations,
  timeline,
  timelineSpan,
  validateShift,
  type Assignment,
  type DeploymentPrediction,
  type Schedule,
  type Violation,
} from './staffing';

function prediction(start: string, department: string, staff: number): DeploymentPrediction {
  return {
    time_slot: '08:00-09:00',
    start,
    department,
    recommended_staff: staff,
    rostered_staff: staff + 1,
    skill_requirements: [],
    staff_by_skill: {},
    predicted_customers: 0,
    customers_p80: 0,
    customers_p95: 0,
    confidence: 0.8,
    source: 'history_average',
  };
}

function assignment(employee: string, day: number, start: string, minutes: number, skill = 'cashier'): Assignment {
  return { employee, day, date: `2026-11-${30 + day}`, shift_id: `${skill}@${start}+${minutes}`, start, length_minutes: minutes, skill };
}

const violation = (message: string, hard: boolean, penalty: number, day: number | null = 0): Violation => ({
  rule: 'r',
  employee: null,
  day,
  hard,
  penalty,
  message,
});

describe('required staff', () => {
  const predictions = [
    prediction('2026-11-29T15:00:00Z', 'deli', 2),
    prediction('2026-11-29T14:00:00Z', 'deli', 1),
    prediction('2026-11-29T14:00:00Z', 'front_end', 3),
  ];
  it('sums the departments per hour, in time order', () => {
    const rows = requiredByInterval(predictions);
    expect(rows.map((r) => [r.start, r.total])).toEqual([
      ['2026-11-29T14:00:00Z', 4],
      ['2026-11-29T15:00:00Z', 2],
    ]);
    expect(rows[0]!.front_end).toBe(3);
  });
  it('keeps one department when asked', () => {
    expect(requiredByInterval(predictions, 'front_end').map((r) => r.total)).toEqual([3]);
  });
  it('names the departments from the store definition', () => {
    expect(predictedDepartments(predictions, { departments: [{ id: 'deli', name: 'Deli', zones: [] }] })).toEqual([
      { id: 'deli', label: 'Deli' },
      { id: 'front_end', label: 'front_end' },
    ]);
    expect(predictUrl('s 1')).toBe('/api/v1/staff/deployment/predict?store_id=s%201&time_horizon=next_24_hours');
  });
});

describe('clock and week', () => {
  it('parses and formats times of day', () => {
    expect(parseClock('08:30')).toBe(510);
    expect(parseClock('24:00')).toBe(1440);
    expect(parseClock('24:30')).toBeNull();
    expect(parseClock('8h')).toBeNull();
    expect(formatClock(510)).toBe('08:30');
    expect(formatClock(1440)).toBe('00:00');
    expect(formatShiftLength(480)).toBe('8 h');
    expect(formatShiftLength(450)).toBe('7 h 30 min');
  });
  it('finds the Monday of a week and the day of a date in it', () => {
    expect(mondayOf('2026-11-29')).toBe('2026-11-23'); // a Sunday
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(dayOfWeek('2026-11-30', '2026-12-02')).toBe(2);
    expect(dayOfWeek('2026-11-30', '2026-11-20')).toBe(0);
    expect(dayOfWeek('2026-11-30', '2026-12-20')).toBe(6);
    expect(dayLabel('2026-11-30', 2)).toBe('Wed 2 Dec');
  });
});

describe('the roster timeline', () => {
  const assignments = [
    assignment('emp_b', 0, '14:00', 480),
    assignment('emp_a', 0, '06:00', 240, 'stocking'),
    assignment('emp_a', 0, '12:00', 240),
    assignment('emp_c', 1, '09:00', 480),
  ];
  it('has one row per employee of the week, their shifts of the day in order, a day off empty', () => {
    const rows = timeline(assignments, 0, new Map([['emp_c', 'Cleo']]));
    expect(rows.map((r) => r.name)).toEqual(['Cleo', 'emp_a', 'emp_b']);
    expect(rows[0]!.shifts).toEqual([]);
    expect(rows[1]!.shifts.map((s) => [s.index, s.from, s.to])).toEqual([
      [1, 360, 600],
      [2, 720, 960],
    ]);
    expect(timelineSpan(rows)).toEqual([360, 1320]);
    expect(timelineSpan([])).toEqual([360, 1320]);
  });
  it('builds the PUT body with one shift changed or removed, keeping the others as they are', () => {
    const changed = editedRoster(assignments, 2, { start: '13:00', lengthMinutes: 300 });
    expect(changed.assignments).toHaveLength(4);
    expect(changed.assignments[2]).toEqual({ employee: 'emp_a', day: 0, start: '13:00', length_minutes: 300, skill: 'cashier' });
    expect(changed.assignments[1]).toEqual({ employee: 'emp_a', day: 0, start: '06:00', length_minutes: 240, skill: 'stocking' });
    const removed = editedRoster(assignments, 0, null);
    expect(removed.assignments.map((a) => a.employee)).toEqual(['emp_a', 'emp_a', 'emp_c']);
  });
  it('checks an edited shift', () => {
    expect(validateShift({ start: '08:00', lengthMinutes: 480 })).toBeNull();
    expect(validateShift({ start: '24:00', lengthMinutes: 480 })).toMatch(/HH:MM/);
    expect(validateShift({ start: '8', lengthMinutes: 480 })).toMatch(/HH:MM/);
    expect(validateShift({ start: '08:00', lengthMinutes: 30 })).toMatch(/1 to 12/);
    expect(validateShift({ start: '08:00', lengthMinutes: 13 * 60 })).toMatch(/1 to 12/);
  });
});

describe('coverage and score', () => {
  const coverage: Schedule['coverage'] = [
    { day: 0, start: '07:00', end: '08:00', skill: 'cashier', required: 2, scheduled: 2 },
    { day: 0, start: '06:00', end: '07:00', skill: 'cashier', required: 2, scheduled: 1 },
    { day: 0, start: '06:00', end: '07:00', skill: 'stocking', required: 2, scheduled: 0 },
    { day: 1, start: '06:00', end: '07:00', skill: 'cashier', required: 5, scheduled: 5 },
  ];
  it('sums required and scheduled per interval of a day, for all skills or one', () => {
    expect(coverageOfDay({ coverage }, 0)).toEqual([
      { start: '06:00', required: 4, scheduled: 1 },
      { start: '07:00', required: 2, scheduled: 2 },
    ]);
    expect(coverageOfDay({ coverage }, 0, 'stocking')).toEqual([{ start: '06:00', required: 2, scheduled: 0 }]);
  });
  it('labels skills with the departments that need them', () => {
    const definition = { departments: [{ id: 'front_end', name: 'Front end', zones: [], skills: ['cashier'] }] };
    expect(coverageSkills({ coverage }, definition)).toEqual([
      { id: 'cashier', label: 'cashier (Front end)' },
      { id: 'stocking', label: 'stocking' },
    ]);
  });
  it('explains the score by the rules that cost something, largest first', () => {
    const lines = scoreExplanation([
      { rule: 'labour_cost', penalty: 40, count: 30 },
      { rule: 'cover_over', penalty: 0, count: 0 },
      { rule: 'cover_under', penalty: 160, count: 12 },
    ]);
    expect(lines.map((l) => [l.rule, l.share])).toEqual([
      ['cover_under', 0.8],
      ['labour_cost', 0.2],
    ]);
    expect(lines[0]!.label).toBe('Intervals short of staff');
    expect(scoreExplanation([{ rule: 'new_rule', penalty: 1, count: 1 }])[0]!.label).toBe('new rule');
  });
  it('puts hard violations first, then the costliest', () => {
    const sorted = sortViolations([violation('a', false, 100), violation('b', true, 0), violation('c', false, 200)]);
    expect(sorted.map((v) => v.message)).toEqual(['b', 'c', 'a']);
  });
  it('words a score change', () => {
    expect(formatScoreDelta(307.72)).toBe('+307.7 (worse)');
    expect(formatScoreDelta(-12)).toBe('−12 (better)');
    expect(formatScoreDelta(0.01)).toBe('no change');
    expect(formatScoreDelta(null)).toBe('—');
  });
  it('tells a schedule from a build job', () => {
    expect(isSchedule({ assignments: [] } as unknown as Schedule)).toBe(true);
    expect(isSchedule({ job_id: 'job_1', status: 'running' } as never)).toBe(false);
  });
});
