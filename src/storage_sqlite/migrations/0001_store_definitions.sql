-- SPDX-License-Identifier: Apache-2.0
-- Store definitions (core::Store), normalised. Every child table carries store_id first so that
-- deleting a store cascades through primary-key indexes, and a `position` column so that each
-- vector of core::Store loads back in the order it was saved. REAL columns hold IEEE doubles
-- exactly. An empty optional reference (a SKU without a home zone) is stored as NULL, which
-- foreign keys ignore. Runs inside the migrator's transaction: no BEGIN/COMMIT here.

CREATE TABLE stores (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL
) STRICT;

-- One row per open day; a closed day has no row. weekday 0 is Monday.
CREATE TABLE store_opening_hours (
  store_id TEXT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
  open_minute INTEGER NOT NULL,
  close_minute INTEGER NOT NULL,
  PRIMARY KEY (store_id, weekday)
) STRICT;

CREATE TABLE zones (
  store_id TEXT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL
    CHECK (type IN ('entrance', 'department', 'aisle', 'checkout', 'service', 'stockroom')),
  centre_x_m REAL NOT NULL,
  centre_y_m REAL NOT NULL,
  area_m2 REAL NOT NULL,
  PRIMARY KEY (store_id, id),
  UNIQUE (store_id, position)
) STRICT;

CREATE TABLE zone_polygon_points (
  store_id TEXT NOT NULL,
  zone_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  x_m REAL NOT NULL,
  y_m REAL NOT NULL,
  PRIMARY KEY (store_id, zone_id, position),
  FOREIGN KEY (store_id, zone_id) REFERENCES zones (store_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE zone_links (
  store_id TEXT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  zone_a TEXT NOT NULL,
  zone_b TEXT NOT NULL,
  walking_distance_m REAL NOT NULL,
  PRIMARY KEY (store_id, position),
  FOREIGN KEY (store_id, zone_a) REFERENCES zones (store_id, id) ON DELETE CASCADE,
  FOREIGN KEY (store_id, zone_b) REFERENCES zones (store_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE departments (
  store_id TEXT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (store_id, id),
  UNIQUE (store_id, position)
) STRICT;

CREATE TABLE department_zones (
  store_id TEXT NOT NULL,
  department_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  zone_id TEXT NOT NULL,
  PRIMARY KEY (store_id, department_id, position),
  FOREIGN KEY (store_id, department_id) REFERENCES departments (store_id, id) ON DELETE CASCADE,
  FOREIGN KEY (store_id, zone_id) REFERENCES zones (store_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE department_skills (
  store_id TEXT NOT NULL,
  department_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  skill TEXT NOT NULL,
  PRIMARY KEY (store_id, department_id, position),
  FOREIGN KEY (store_id, department_id) REFERENCES departments (store_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE categories (
  store_id TEXT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  department_id TEXT,
  PRIMARY KEY (store_id, id),
  UNIQUE (store_id, position),
  FOREIGN KEY (store_id, department_id) REFERENCES departments (store_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE skus (
  store_id TEXT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  category_id TEXT,
  price_cents INTEGER NOT NULL,
  unit_cost_cents INTEGER NOT NULL,
  shelf_capacity INTEGER NOT NULL,
  home_zone TEXT,
  PRIMARY KEY (store_id, id),
  UNIQUE (store_id, position),
  FOREIGN KEY (store_id, category_id) REFERENCES categories (store_id, id) ON DELETE CASCADE,
  FOREIGN KEY (store_id, home_zone) REFERENCES zones (store_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE checkout_lanes (
  store_id TEXT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  position INTEGER NOT NULL,
  zone_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('staffed', 'express', 'self_checkout')),
  stations INTEGER NOT NULL,
  max_items INTEGER,
  PRIMARY KEY (store_id, id),
  UNIQUE (store_id, position),
  FOREIGN KEY (store_id, zone_id) REFERENCES zones (store_id, id) ON DELETE CASCADE
) STRICT;

-- Deleting a zone, department or category looks up the rows that reference it; without these
-- indexes replacing a store would scan the child tables once per deleted parent row.
CREATE INDEX zone_links_by_zone_a ON zone_links (store_id, zone_a);
CREATE INDEX zone_links_by_zone_b ON zone_links (store_id, zone_b);
CREATE INDEX department_zones_by_zone ON department_zones (store_id, zone_id);
CREATE INDEX categories_by_department ON categories (store_id, department_id);
CREATE INDEX skus_by_category ON skus (store_id, category_id);
CREATE INDEX skus_by_home_zone ON skus (store_id, home_zone);
CREATE INDEX checkout_lanes_by_zone ON checkout_lanes (store_id, zone_id);
