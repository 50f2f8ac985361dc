-- SPDX-License-Identifier: Apache-2.0
-- Retention (issue #3): hourly roll-ups kept after raw events are deleted, the roll-up watermark,
-- and the privacy key ring's sealed day keys. docs/RETENTION.md documents every column.
--
-- `hour_ms` is the UTC start of the hour in epoch milliseconds. No device token is stored here:
-- footfall keeps only the count of distinct tokens. Every roll-up's primary key is its natural
-- key, so SaveRollup replaces a row by (store, hour, key) and a re-run changes nothing.
-- Plain SQL types (INTEGER, TEXT, BLOB) so a PostgreSQL migration can mirror this one.
-- Runs inside the migrator's transaction: no BEGIN/COMMIT here.

CREATE TABLE hourly_sales (
  store_id TEXT NOT NULL,
  hour_ms INTEGER NOT NULL,
  department_id TEXT NOT NULL,
  transactions INTEGER NOT NULL,
  units INTEGER NOT NULL,
  sales_cents INTEGER NOT NULL,
  PRIMARY KEY (store_id, hour_ms, department_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE hourly_footfall (
  store_id TEXT NOT NULL,
  hour_ms INTEGER NOT NULL,
  zone_id TEXT NOT NULL,
  distinct_devices INTEGER NOT NULL,
  camera_in INTEGER NOT NULL,
  camera_out INTEGER NOT NULL,
  PRIMARY KEY (store_id, hour_ms, zone_id)
) STRICT, WITHOUT ROWID;

-- Buckets (seconds): b0 [0, 60), b1 [60, 300), b2 [300, 900), b3 [900, 1800), b4 [1800, 3600),
-- b5 [3600, inf) (storage::kDwellBucketUpperSeconds).
CREATE TABLE hourly_dwell (
  store_id TEXT NOT NULL,
  hour_ms INTEGER NOT NULL,
  zone_id TEXT NOT NULL,
  visits INTEGER NOT NULL,
  total_dwell_seconds INTEGER NOT NULL,
  b0 INTEGER NOT NULL,
  b1 INTEGER NOT NULL,
  b2 INTEGER NOT NULL,
  b3 INTEGER NOT NULL,
  b4 INTEGER NOT NULL,
  b5 INTEGER NOT NULL,
  PRIMARY KEY (store_id, hour_ms, zone_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE hourly_transitions (
  store_id TEXT NOT NULL,
  hour_ms INTEGER NOT NULL,
  from_zone_id TEXT NOT NULL,
  to_zone_id TEXT NOT NULL,
  transitions INTEGER NOT NULL,
  PRIMARY KEY (store_id, hour_ms, from_zone_id, to_zone_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE hourly_queues (
  store_id TEXT NOT NULL,
  hour_ms INTEGER NOT NULL,
  lane_id TEXT NOT NULL,
  samples INTEGER NOT NULL,
  queue_sum INTEGER NOT NULL,
  max_queue INTEGER NOT NULL,
  PRIMARY KEY (store_id, hour_ms, lane_id)
) STRICT, WITHOUT ROWID;

-- Every hour of the store before rolled_up_to_ms has been rolled up.
CREATE TABLE rollup_watermarks (
  store_id TEXT PRIMARY KEY,
  rolled_up_to_ms INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Sealed day keys (privacy::Seal, AES-256-GCM under the master key, which is never stored here).
-- `day` counts UTC days since 1970-01-01.
CREATE TABLE day_keys (
  day INTEGER PRIMARY KEY,
  sealed BLOB NOT NULL CHECK (length(sealed) > 0)
) STRICT;

-- One row (id = 1) once any key was destroyed: days before destroyed_before are refused forever.
CREATE TABLE key_ring_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  destroyed_before INTEGER NOT NULL
) STRICT;
