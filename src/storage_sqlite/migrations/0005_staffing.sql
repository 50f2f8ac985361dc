-- SPDX-License-Identifier: Apache-2.0
-- Employees, availability and week rosters (issue #6), normalised as storage::StaffingRepository
-- describes them. Nothing here references `stores`: saving a store definition deletes and
-- re-inserts the store row, and a cascade would take the staff with it. Child rows carry a
-- `position` so vectors load back in the order saved. Dates are days since 1970-01-01 (as in
-- day_keys) and instants epoch milliseconds. No BEGIN/COMMIT here.

CREATE TABLE employees (
  store_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  min_weekly_minutes INTEGER NOT NULL,
  max_weekly_minutes INTEGER NOT NULL,
  max_shift_minutes INTEGER NOT NULL,
  max_consecutive_days INTEGER NOT NULL,
  minor INTEGER NOT NULL CHECK (minor IN (0, 1)),
  hourly_cost_cents INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  PRIMARY KEY (store_id, id)
) STRICT;

CREATE TABLE employee_skills (
  store_id TEXT NOT NULL,
  employee_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  skill TEXT NOT NULL,
  PRIMARY KEY (store_id, employee_id, position),
  FOREIGN KEY (store_id, employee_id) REFERENCES employees (store_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE employee_unavailability (
  store_id TEXT NOT NULL,
  employee_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
  start_minute INTEGER NOT NULL,
  end_minute INTEGER NOT NULL,
  hard INTEGER NOT NULL CHECK (hard IN (0, 1)),
  weight REAL NOT NULL,
  PRIMARY KEY (store_id, employee_id, position),
  FOREIGN KEY (store_id, employee_id) REFERENCES employees (store_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE employee_days_off (
  store_id TEXT NOT NULL,
  employee_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  hard INTEGER NOT NULL CHECK (hard IN (0, 1)),
  weight REAL NOT NULL,
  PRIMARY KEY (store_id, employee_id, day),
  FOREIGN KEY (store_id, employee_id) REFERENCES employees (store_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE rosters (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL,
  week_start INTEGER NOT NULL,
  status TEXT NOT NULL,
  score_total REAL NOT NULL,
  feasible INTEGER NOT NULL CHECK (feasible IN (0, 1)),
  gap REAL NOT NULL,
  seconds REAL NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
) STRICT;

CREATE INDEX rosters_by_store_week ON rosters (store_id, week_start);

-- Employee ids are copied, not referenced: deleting an employee keeps past rosters readable.
CREATE TABLE roster_assignments (
  roster_id TEXT NOT NULL REFERENCES rosters (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  employee_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  shift_id TEXT NOT NULL,
  start_minute INTEGER NOT NULL,
  length_minutes INTEGER NOT NULL,
  skill TEXT NOT NULL,
  PRIMARY KEY (roster_id, position)
) STRICT;

CREATE TABLE roster_cover (
  roster_id TEXT NOT NULL REFERENCES rosters (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  day INTEGER NOT NULL,
  start_minute INTEGER NOT NULL,
  end_minute INTEGER NOT NULL,
  skill TEXT NOT NULL,
  required INTEGER NOT NULL,
  PRIMARY KEY (roster_id, position)
) STRICT;
