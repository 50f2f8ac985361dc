-- SPDX-License-Identifier: Apache-2.0
-- The store's baskets per UTC hour (issue #6): each pos.transaction counted once, however many
-- departments its lines touch. hourly_sales.transactions counts a basket once per department, so
-- their sum over-counts what the tills serve. Hours rolled up before this migration have no row
-- (readers fall back to the department sum for them); nothing is backfilled, because the raw
-- events of those hours may already be deleted. self_checkout_baskets: those paid at a
-- self-checkout lane of the store definition (no cashier served them). No BEGIN/COMMIT here.

CREATE TABLE hourly_baskets (
  store_id TEXT NOT NULL,
  hour_ms INTEGER NOT NULL,
  baskets INTEGER NOT NULL,
  self_checkout_baskets INTEGER NOT NULL,
  PRIMARY KEY (store_id, hour_ms)
) STRICT, WITHOUT ROWID;
