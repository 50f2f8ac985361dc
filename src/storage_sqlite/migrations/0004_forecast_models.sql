-- SPDX-License-Identifier: Apache-2.0
-- Forecast model registry (issue #5): one row per trained model version of a store, and the
-- forecast series each version stored (storage/forecast_repository.hpp, docs/FORECASTING.md).
--
-- Times are epoch milliseconds (UTC). `settings_json` and `metrics_json` are opaque JSON text
-- written by the service. `score` is the champion rule's score (lower is better; NULL when not
-- finite). Exactly one version per store has `champion` = 1 once the store has any version (the
-- partial unique index enforces "at most one"). Series values are IEEE-754 doubles, 8 bytes each,
-- little-endian, in one BLOB per series. Plain SQL types so a PostgreSQL migration can mirror it.
-- Runs inside the migrator's transaction: no BEGIN/COMMIT here.

CREATE TABLE forecast_models (
  id INTEGER PRIMARY KEY,
  store_id TEXT NOT NULL,
  data_from_ms INTEGER NOT NULL,
  data_to_ms INTEGER NOT NULL,
  model_name TEXT NOT NULL,
  settings_json TEXT NOT NULL,
  metrics_json TEXT NOT NULL,
  score REAL,
  seconds REAL NOT NULL,
  created_ms INTEGER NOT NULL,
  champion INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX forecast_models_by_store ON forecast_models (store_id, id);
CREATE UNIQUE INDEX forecast_models_one_champion ON forecast_models (store_id) WHERE champion = 1;

CREATE TABLE forecast_series (
  model_id INTEGER NOT NULL REFERENCES forecast_models (id) ON DELETE CASCADE,
  department_id TEXT NOT NULL,
  metric TEXT NOT NULL,
  model_name TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  step_ms INTEGER NOT NULL,
  vals BLOB NOT NULL,
  params_json TEXT NOT NULL,
  PRIMARY KEY (model_id, department_id, metric)
) STRICT, WITHOUT ROWID;
