-- SPDX-License-Identifier: Apache-2.0
-- Raw events clustered by (store_id, ts_ms, arrival), issue #3's ingest throughput.
--
-- 0002 kept each raw table as a rowid table plus two indexes, and a basket's lines as rows of
-- their own: every event cost three or more b-tree inserts on the single writer thread, which
-- capped durable ingest. Here each table IS its (store_id, ts_ms, arrival) index (WITHOUT ROWID),
-- so an event is one b-tree insert, and LoadEvents / the retention delete read that key directly.
-- A basket's lines move into one `lines` column: `<bytes of sku>:<sku>,<quantity>,<unit price
-- cents>;` per line, in line order (length-prefixed, so no SKU byte can break the encoding).
--
-- `arrival` still orders events with equal ts_ms and stays unique across the six tables; the
-- next one lives in event_sequence (a max() over WITHOUT ROWID tables would scan them all).
-- Runs inside the migrator's transaction: no BEGIN/COMMIT here.

CREATE TABLE event_sequence (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  next_arrival INTEGER NOT NULL
) STRICT;

-- Multi-argument max() is NULL when any argument is, hence the coalesce per table.
INSERT INTO event_sequence (id, next_arrival)
SELECT 1, 1 + max(coalesce((SELECT max(arrival) FROM pos_transactions), 0),
                  coalesce((SELECT max(arrival) FROM presence), 0),
                  coalesce((SELECT max(arrival) FROM camera_counts), 0),
                  coalesce((SELECT max(arrival) FROM inventory_snapshots), 0),
                  coalesce((SELECT max(arrival) FROM weather_observations), 0),
                  coalesce((SELECT max(arrival) FROM staff_clock), 0));

CREATE TABLE pos_transactions_clustered (
  store_id TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  arrival INTEGER NOT NULL,
  basket_id TEXT NOT NULL,
  lane_id TEXT NOT NULL,
  tender TEXT NOT NULL CHECK (tender IN ('cash', 'card', 'mobile', 'gift_card', 'other')),
  lines TEXT NOT NULL,
  PRIMARY KEY (store_id, ts_ms, arrival)
) STRICT, WITHOUT ROWID;

INSERT INTO pos_transactions_clustered
SELECT t.store_id, t.ts_ms, t.arrival, t.basket_id, t.lane_id, t.tender,
       coalesce((SELECT group_concat(encoded, '')
                 FROM (SELECT length(CAST(l.sku_id AS BLOB)) || ':' || l.sku_id || ',' ||
                              l.quantity || ',' || l.unit_price_cents || ';' AS encoded
                       FROM pos_lines AS l
                       WHERE l.transaction_arrival = t.arrival
                       ORDER BY l.position)), '')
FROM pos_transactions AS t;

DROP TABLE pos_lines;
DROP TABLE pos_transactions;
ALTER TABLE pos_transactions_clustered RENAME TO pos_transactions;

CREATE TABLE presence_clustered (
  store_id TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  arrival INTEGER NOT NULL,
  device_token TEXT NOT NULL,  -- the privacy filter's keyed hash, never a device identifier
  zone_id TEXT NOT NULL,
  PRIMARY KEY (store_id, ts_ms, arrival)
) STRICT, WITHOUT ROWID;
INSERT INTO presence_clustered
SELECT store_id, ts_ms, arrival, device_token, zone_id FROM presence;
DROP TABLE presence;
ALTER TABLE presence_clustered RENAME TO presence;

CREATE TABLE camera_counts_clustered (
  store_id TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  arrival INTEGER NOT NULL,
  camera_id TEXT NOT NULL,
  zone_id TEXT NOT NULL,
  people INTEGER NOT NULL,
  queue INTEGER NOT NULL,
  crossed_in INTEGER NOT NULL,
  crossed_out INTEGER NOT NULL,
  PRIMARY KEY (store_id, ts_ms, arrival)
) STRICT, WITHOUT ROWID;
INSERT INTO camera_counts_clustered
SELECT store_id, ts_ms, arrival, camera_id, zone_id, people, queue, crossed_in, crossed_out
FROM camera_counts;
DROP TABLE camera_counts;
ALTER TABLE camera_counts_clustered RENAME TO camera_counts;

CREATE TABLE inventory_snapshots_clustered (
  store_id TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  arrival INTEGER NOT NULL,
  sku_id TEXT NOT NULL,
  on_hand INTEGER NOT NULL,
  on_shelf INTEGER NOT NULL,
  PRIMARY KEY (store_id, ts_ms, arrival)
) STRICT, WITHOUT ROWID;
INSERT INTO inventory_snapshots_clustered
SELECT store_id, ts_ms, arrival, sku_id, on_hand, on_shelf FROM inventory_snapshots;
DROP TABLE inventory_snapshots;
ALTER TABLE inventory_snapshots_clustered RENAME TO inventory_snapshots;

CREATE TABLE weather_observations_clustered (
  store_id TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  arrival INTEGER NOT NULL,
  temperature_c REAL NOT NULL,
  precipitation_mm REAL NOT NULL,
  condition TEXT NOT NULL,
  PRIMARY KEY (store_id, ts_ms, arrival)
) STRICT, WITHOUT ROWID;
INSERT INTO weather_observations_clustered
SELECT store_id, ts_ms, arrival, temperature_c, precipitation_mm, condition
FROM weather_observations;
DROP TABLE weather_observations;
ALTER TABLE weather_observations_clustered RENAME TO weather_observations;

CREATE TABLE staff_clock_clustered (
  store_id TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  arrival INTEGER NOT NULL,
  employee_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('in', 'out', 'break_start', 'break_end')),
  department_id TEXT NOT NULL,
  PRIMARY KEY (store_id, ts_ms, arrival)
) STRICT, WITHOUT ROWID;
INSERT INTO staff_clock_clustered
SELECT store_id, ts_ms, arrival, employee_id, action, department_id FROM staff_clock;
DROP TABLE staff_clock;
ALTER TABLE staff_clock_clustered RENAME TO staff_clock;
