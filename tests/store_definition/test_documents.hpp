// SPDX-License-Identifier: Apache-2.0
// A small hand-written definition that leaves every optional field at its default, shared by the
// tests that start from valid JSON and change one thing.
#pragma once

#include <string_view>

namespace storeops::store_definition::fixtures {

inline constexpr std::string_view kTinyStoreJson = R"json({
  "id": "tiny",
  "name": "Tiny Store",
  "timezone": "America/Chicago",
  "opening_hours": {
    "mon": {"open": "07:00", "close": "22:00"},
    "sat": {"open": "08:00", "close": "24:00"},
    "sun": null
  },
  "zones": [
    {"id": "entrance", "name": "Entrance", "type": "entrance",
     "polygon": [[0, 0], [10, 0], [10, 10], [0, 10]], "area_m2": 100},
    {"id": "produce", "name": "Produce", "type": "department",
     "polygon": [[10, 0], [30, 0], [30, 20], [10, 20]], "centre": [20, 10], "area_m2": 400},
    {"id": "checkout", "name": "Checkout", "type": "checkout",
     "polygon": [[0, 10], [10, 10], [10, 20], [0, 20]], "area_m2": 100}
  ],
  "adjacency": [
    {"from": "entrance", "to": "produce", "distance_m": 15},
    {"from": "entrance", "to": "checkout", "distance_m": 10},
    {"from": "produce", "to": "checkout", "distance_m": 20.5}
  ],
  "departments": [
    {"id": "produce", "name": "Produce", "zones": ["produce"], "skills": ["fresh_food"]},
    {"id": "front_end", "name": "Front end", "zones": ["checkout"]}
  ],
  "categories": [{"id": "fruit", "name": "Fruit", "department": "produce"}],
  "skus": [
    {"id": "0001234", "name": "Bananas 1 kg", "category": "fruit", "price": 1.29,
     "unit_cost": 0.80, "shelf_capacity": 200, "home_zone": "produce"}
  ],
  "lanes": [
    {"id": "L1", "zone": "checkout", "kind": "express", "max_items": 15},
    {"id": "SCO", "zone": "checkout", "kind": "self_checkout", "stations": 4}
  ]
})json";

}  // namespace storeops::store_definition::fixtures
