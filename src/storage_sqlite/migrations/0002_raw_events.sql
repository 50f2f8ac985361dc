-- SPDX-License-Identifier: Apache-2.0
-- Raw events (core::Event, one table per type) and dead letters (storage::DeadLetter), issue #3.
-- Raw rows live for the retention window and are then deleted by ts_ms, hence the ts_ms indexes.
--
-- `arrival` is the rowid and one sequence across all six tables: the repository hands out
-- max(arrival) + 1, + 2, ... on the writer thread, so events with the same ts_ms load back in the
-- order they were appended whatever their type. Appending in rowid order keeps inserts at the
-- right edge of each b-tree.
--
-- No foreign key to `stores`: saving a store replaces its definition by delete + insert, and
-- events for that store keep arriving meanwhile; they must be storable even before the store is
-- defined (events validated against an older definition, imports of history). A cascade would
-- also delete a store's history whenever its definition is saved. Ingest checks the store id.
--
-- Units: ts_ms and received_at_ms are UTC epoch milliseconds; money is INTEGER cents; doubles
-- are REAL (exact, except that -0.0 reads back as 0.0: SQLite stores integral REALs as integers). Enums are TEXT, spelled as on the wire: tender 'cash', 'card', 'mobile',
-- 'gift_card', 'other'; clock action 'in', 'out', 'break_start', 'break_end'.
-- Runs inside the migrator's transaction: no BEGIN/COMMIT here.

CREATE TABLE pos_transactions (
  arrival INTEGER PRIMARY KEY,
  store_id TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  basket_id TEXT NOT NULL,
  lane_id TEXT NOT NULL,
  tender TEXT NOT NULL CHECK (tender IN ('cash', 'card', 'mobile', 'gift_card', 'other'))
) STRICT;

-- The basket's lines; `position` is the index in PosTransaction::lines.
CREATE TABLE pos_lines (
  transaction_arrival INTEGER NOT NULL
    REFERENCES pos_transactions (arrival) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  sku_id TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  unit_price_cents INTEGER NOT NULL,
  PRIMARY KEY (transaction_arrival, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE presence (
  arrival INTEGER PRIMARY KEY,
  store_id TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  device_token TEXT NOT NULL,  -- the privacy filter's keyed hash, never a device identifier
  zone_id TEXT NOT NULL
) STRICT;

CREATE TABLE camera_counts (
  arrival INTEGER PRIMARY KEY,
  store_id TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  camera_id TEXT NOT NULL,
  zone_id TEXT NOT NULL,
  people INTEGER NOT NULL,
  queue INTEGER NOT NULL,
  crossed_in INTEGER NOT NULL,
  crossed_out INTEGER NOT NULL
) STRICT;

CREATE TABLE inventory_snapshots (
  arrival INTEGER PRIMARY KEY,
  store_id TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  sku_id TEXT NOT NULL,
  on_hand INTEGER NOT NULL,
  on_shelf INTEGER NOT NULL
) STRICT;

CREATE TABLE weather_observations (
  arrival INTEGER PRIMARY KEY,
  store_id TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  temperature_c REAL NOT NULL,
  precipitation_mm REAL NOT NULL,
  condition TEXT NOT NULL
) STRICT;

CREATE TABLE staff_clock (
  arrival INTEGER PRIMARY KEY,
  store_id TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  employee_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('in', 'out', 'break_start', 'break_end')),
  department_id TEXT NOT NULL
) STRICT;

-- Rejected input, already redacted by the ingest codec. id is the rowid: newest = highest.
CREATE TABLE dead_letters (
  id INTEGER PRIMARY KEY,
  received_at_ms INTEGER NOT NULL,
  source TEXT NOT NULL,
  event_index INTEGER NOT NULL,
  field TEXT NOT NULL,
  reason TEXT NOT NULL,
  payload TEXT NOT NULL
) STRICT;

-- (store_id, ts_ms) serves LoadEvents (the rowid rides along, so ORDER BY ts_ms, arrival needs
-- no sort); ts_ms alone serves the retention delete across all stores.
CREATE INDEX pos_transactions_by_store_ts ON pos_transactions (store_id, ts_ms);
CREATE INDEX pos_transactions_by_ts ON pos_transactions (ts_ms);
CREATE INDEX presence_by_store_ts ON presence (store_id, ts_ms);
CREATE INDEX presence_by_ts ON presence (ts_ms);
CREATE INDEX camera_counts_by_store_ts ON camera_counts (store_id, ts_ms);
CREATE INDEX camera_counts_by_ts ON camera_counts (ts_ms);
CREATE INDEX inventory_snapshots_by_store_ts ON inventory_snapshots (store_id, ts_ms);
CREATE INDEX inventory_snapshots_by_ts ON inventory_snapshots (ts_ms);
CREATE INDEX weather_observations_by_store_ts ON weather_observations (store_id, ts_ms);
CREATE INDEX weather_observations_by_ts ON weather_observations (ts_ms);
CREATE INDEX staff_clock_by_store_ts ON staff_clock (store_id, ts_ms);
CREATE INDEX staff_clock_by_ts ON staff_clock (ts_ms);
CREATE INDEX dead_letters_by_received_at ON dead_letters (received_at_ms);
