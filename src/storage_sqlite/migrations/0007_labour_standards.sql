-- SPDX-License-Identifier: Apache-2.0
-- Labour standards per store (issue #6), as storage::StaffingRepository describes them: the
-- store's shrinkage and one row per department it configured ("checkout" for the tills). A store
-- without a row uses the defaults (docs/STAFFING.md). Like the employees, nothing references
-- `stores`: re-saving a store definition keeps its standards. No BEGIN/COMMIT here.

CREATE TABLE labour_standards (
  store_id TEXT PRIMARY KEY,
  shrinkage REAL NOT NULL,
  updated_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE labour_standard_departments (
  store_id TEXT NOT NULL REFERENCES labour_standards (store_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  department_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  skill TEXT NOT NULL,
  aht_seconds REAL NOT NULL,
  service_level REAL NOT NULL,
  within_seconds REAL NOT NULL,
  patience_seconds REAL,
  service_minutes_per_customer REAL NOT NULL,
  items_per_customer REAL NOT NULL,
  items_per_minute REAL NOT NULL,
  utilisation_target REAL NOT NULL,
  minimum_staff INTEGER NOT NULL,
  shrinkage REAL,
  PRIMARY KEY (store_id, position),
  UNIQUE (store_id, department_id)
) STRICT;
