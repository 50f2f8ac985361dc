import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
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
  skillRowOfIndex,
  upsertEmployee,
  validateForm,
  weekdayIndex,
  type Employee,
  type EmployeeForm,
} from './employees';

function employee(over: Partial<Employee> = {}): Employee {
  return {
    id: 'emp_1',
    store_id: 'store_001',
    name: 'Ada',
    skills: ['cashier', 'produce'],
    contract: { min_hours: 20, max_hours: 40, max_shift_hours: 0, max_consecutive_days: 0 },
    minor: false,
    hourly_cost: 18.5,
    availability: {
      unavailable: [{ weekday: 5, from: '00:00', to: '24:00', hard: true, weight: 1 }],
      days_off: [{ date: '2026-12-24', hard: false, weight: 5 }],
    },
    created: '2026-11-01T00:00:00Z',
    updated: '2026-11-01T00:00:00Z',
    ...over,
  };
}

function form(over: Partial<EmployeeForm> = {}): EmployeeForm {
  return { ...emptyForm(), id: 'emp_9', name: 'Bo', skills: ['cashier'], hourlyCost: '17', ...over };
}

describe('the employee form', () => {
  it('round-trips an employee through the form to the same body', () => {
    const e = employee();
    const body = bodyFromForm(formFromEmployee(e));
    expect(body).toEqual({
      id: 'emp_1',
      name: 'Ada',
      skills: ['cashier', 'produce'],
      contract: { min_hours: 20, max_hours: 40, max_shift_hours: 0, max_consecutive_days: 0 },
      minor: false,
      hourly_cost: 18.5,
      availability: {
        unavailable: [{ weekday: 5, from: '00:00', to: '24:00', hard: true, weight: 1 }],
        days_off: [{ date: '2026-12-24', hard: false, weight: 5 }],
      },
    });
  });

  it('leaves out blank skills and blank numbers (the server applies its defaults)', () => {
    const body = bodyFromForm(form({ skills: ['', ' cashier ', ''], hourlyCost: '', maxShiftHours: ' ' }));
    expect(body.skills).toEqual(['cashier']);
    expect(body).not.toHaveProperty('hourly_cost');
    expect(body.contract).not.toHaveProperty('max_shift_hours');
    expect(body.contract?.max_hours).toBe(40);
  });

  it('reads decimal commas and day names', () => {
    expect(bodyFromForm(form({ maxHours: '37,5' })).contract?.max_hours).toBe(37.5);
    expect(weekdayIndex('sunday')).toBe(6);
    expect(weekdayIndex(2)).toBe(2);
  });

  it('accepts a complete form', () => {
    expect(validateForm(form())).toEqual({});
  });

  it('names each bad field with the server’s field path', () => {
    const errors = validateForm(
      form({
        id: '.x',
        name: ' ',
        skills: ['cashier', 'fresh produce', 'cashier'],
        minHours: '30',
        maxHours: '20',
        maxShiftHours: '30',
        maxConsecutiveDays: '2.5',
        hourlyCost: '-1',
        unavailable: [{ key: 1, weekday: 0, from: '12:00', to: '09:00', hard: true, weight: 1 }],
        daysOff: [
          { key: 2, date: '2026-12-24', hard: false, weight: 5 },
          { key: 3, date: '2026-12-24', hard: false, weight: 5 },
          { key: 4, date: '', hard: false, weight: 5 },
        ],
      }),
    );
    expect(Object.keys(errors).sort()).toEqual([
      'availability.days_off[1].date',
      'availability.days_off[2].date',
      'availability.unavailable[0].to',
      'contract.max_consecutive_days',
      'contract.max_hours',
      'contract.max_shift_hours',
      'hourly_cost',
      'id',
      'name',
      'skills[1]',
      'skills[2]',
    ]);
    expect(errors['skills[2]']).toBe("'cashier' is listed twice");
    expect(errors['contract.max_hours']).toMatch(/below/);
  });
});

describe('the server’s 400 details on the form', () => {
  const invalid = (...details: Array<[string, string]>) =>
    new ApiError(400, 'INVALID_ARGUMENT', 'invalid employee', details.map(([field, reason]) => ({ field, reason })));

  it('puts each detail next to its field', () => {
    const f = form({ skills: ['cashier', 'bakery'] });
    const problems = problemsFromError(invalid(['contract.max_hours', 'must not be below contract.min_hours'], ['skills[1]', 'bad']), f);
    expect(problems.fields).toEqual({ 'contract.max_hours': 'must not be below contract.min_hours', 'skills[1]': 'bad' });
    expect(problems.general).toEqual([]);
  });

  it('maps skills[i] to the form row, skipping blank rows that were not sent', () => {
    const skills = ['', 'cashier', '', 'bakery'];
    expect(skillRowOfIndex(skills, 0)).toBe(1);
    expect(skillRowOfIndex(skills, 1)).toBe(3);
    expect(skillRowOfIndex(skills, 2)).toBeNull();
    const problems = problemsFromError(invalid(['skills[1]', "'bakery' is listed twice"]), form({ skills }));
    expect(problems.fields).toEqual({ 'skills[3]': "'bakery' is listed twice" });
  });

  it('puts a window’s or a day’s weight on its row and unknown fields on top', () => {
    const f = form({
      unavailable: [{ key: 1, weekday: 0, from: '08:00', to: '12:00', hard: true, weight: 1 }],
      daysOff: [{ key: 2, date: '2026-12-24', hard: false, weight: 5 }],
    });
    const problems = problemsFromError(
      invalid(
        ['availability.unavailable[0].weight', 'must be a non-negative number'],
        ['availability.days_off[0].weight', 'must be a non-negative number'],
        ['availability.unavailable[4].to', 'gone'],
        ['store_id', 'unknown'],
      ),
      f,
    );
    expect(problems.fields).toEqual({
      'availability.unavailable[0].from': 'must be a non-negative number',
      'availability.days_off[0].date': 'must be a non-negative number',
    });
    expect(problems.general).toEqual(['availability.unavailable[4].to: gone', 'store_id: unknown']);
  });

  it('joins two messages for one field', () => {
    const problems = problemsFromError(invalid(['name', 'a'], ['name', 'b']), form());
    expect(problems.fields.name).toBe('a; b');
  });

  it('puts a taken id (409) on the id and other failures on top', () => {
    expect(problemsFromError(new ApiError(409, 'ALREADY_EXISTS', 'employee emp_9 exists'), form()).fields).toEqual({ id: 'employee emp_9 exists' });
    expect(problemsFromError(new ApiError(500, 'INTERNAL', 'boom'), form())).toEqual({ fields: {}, general: ['boom'] });
    expect(problemsFromError(new ApiError(0, 'NETWORK', 'The server cannot be reached'), form()).general).toEqual(['The server cannot be reached']);
    expect(problemsFromError(new Error('x'), form()).general).toEqual(['x']);
  });
});

describe('errors while the user edits', () => {
  it('keeps each message next to its row when a row above is removed', () => {
    const errors = { 'skills[0]': 'a', 'skills[2]': 'c', name: 'n', 'availability.days_off[1].date': 'd' };
    expect(errorsAfterRemove(errors, 'skills', 1)).toEqual({ 'skills[0]': 'a', 'skills[1]': 'c', name: 'n', 'availability.days_off[1].date': 'd' });
    expect(errorsAfterRemove(errors, 'skills', 0)).toEqual({ 'skills[1]': 'c', name: 'n', 'availability.days_off[1].date': 'd' });
    expect(errorsAfterRemove(errors, 'availability.days_off', 0)).toEqual({ 'skills[0]': 'a', 'skills[2]': 'c', name: 'n', 'availability.days_off[0].date': 'd' });
  });

  it('clears the edited field, its list’s message, and max hours with min hours', () => {
    const errors = { name: 'n', skills: 's', 'skills[1]': 'x', 'skills[2]': 'y', 'contract.max_hours': 'm' };
    expect(errorsAfterEdit(errors, 'skills[1]')).toEqual({ name: 'n', 'skills[2]': 'y', 'contract.max_hours': 'm' });
    expect(errorsAfterEdit(errors, 'contract.min_hours')).toEqual({ name: 'n', skills: 's', 'skills[1]': 'x', 'skills[2]': 'y' });
  });
});

describe('the employee list', () => {
  it('keeps id order when adding or replacing', () => {
    const list = [employee({ id: 'a' }), employee({ id: 'c' })];
    expect(upsertEmployee(list, employee({ id: 'b' })).map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(upsertEmployee(list, employee({ id: 'c', name: 'New' })).map((e) => e.name)).toEqual(['Ada', 'New']);
  });

  it('summarises contract and availability', () => {
    expect(contractSummary(employee())).toBe('20–40 h/week');
    expect(contractSummary(employee({ contract: { min_hours: 0, max_hours: 37.5 } }))).toBe('up to 37.5 h/week');
    expect(availabilitySummary(employee())).toBe('unavailable Sat all day; 1 day off');
    expect(
      availabilitySummary(employee({ availability: { unavailable: [{ weekday: 'monday', from: '08:00', to: '12:00', hard: false, weight: 1 }], days_off: [] } })),
    ).toBe('unavailable Mon 08:00–12:00 (wish)');
    expect(availabilitySummary(employee({ availability: {} }))).toBe('available any time');
  });

  it('suggests the skills the departments ask for', () => {
    expect(knownSkills([{ skills: ['produce', 'cashier'] }, { skills: ['cashier'] }, {}])).toEqual(['cashier', 'produce']);
    expect(knownSkills(undefined)).toEqual([]);
  });
});
