// SPDX-License-Identifier: Apache-2.0
#include "storeops/testing/fixtures.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace storeops::testing {

std::filesystem::path SourcePath(const std::string& relative) {
  return std::filesystem::path(STOREOPS_SOURCE_DIR) / relative;
}

std::string ReadFileText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read test fixture %s\n", path.c_str());
    std::abort();
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

core::Store SmallStore(const std::string& id) {
  using core::Point;
  auto square = [](double x, double y, double side) {
    return std::vector<Point>{{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}};
  };
  core::Store store;
  store.id = core::StoreId{id};
  store.name = "Test Store " + id;
  store.time_zone = "America/Chicago";
  for (auto& day : store.opening_hours) {
    day = core::DailyHours{7 * 60, 22 * 60};
  }
  store.zones = {
      {core::ZoneId{"entrance"},
       "Entrance",
       core::ZoneType::kEntrance,
       square(0, 0, 10),
       {5, 5},
       100},
      {core::ZoneId{"produce"},
       "Produce",
       core::ZoneType::kDepartment,
       square(10, 0, 20),
       {20, 10},
       400},
      {core::ZoneId{"aisle_01"},
       "Aisle 1",
       core::ZoneType::kAisle,
       square(30, 0, 10),
       {35, 5},
       100},
      {core::ZoneId{"checkout"},
       "Checkout",
       core::ZoneType::kCheckout,
       square(0, 10, 10),
       {5, 15},
       100},
      {core::ZoneId{"stockroom"},
       "Stockroom",
       core::ZoneType::kStockroom,
       square(40, 0, 10),
       {45, 5},
       100},
  };
  store.adjacency = {
      {core::ZoneId{"entrance"}, core::ZoneId{"produce"}, 15},
      {core::ZoneId{"produce"}, core::ZoneId{"aisle_01"}, 15},
      {core::ZoneId{"entrance"}, core::ZoneId{"checkout"}, 10},
      {core::ZoneId{"aisle_01"}, core::ZoneId{"stockroom"}, 10},
  };
  store.departments = {
      {core::DepartmentId{"produce"}, "Produce", {core::ZoneId{"produce"}}, {"fresh"}},
      {core::DepartmentId{"grocery"}, "Grocery", {core::ZoneId{"aisle_01"}}, {}},
  };
  store.categories = {
      {core::CategoryId{"fruit"}, "Fruit", core::DepartmentId{"produce"}},
      {core::CategoryId{"snacks"}, "Snacks", core::DepartmentId{"grocery"}},
  };
  store.skus = {
      {core::SkuId{"0000001"}, "Bananas 1kg", core::CategoryId{"fruit"},
       core::Money::FromCents(129), core::Money::FromCents(80), 200, core::ZoneId{"produce"}},
      {core::SkuId{"0000002"}, "Apples 1kg", core::CategoryId{"fruit"}, core::Money::FromCents(249),
       core::Money::FromCents(150), 150, core::ZoneId{"produce"}},
      {core::SkuId{"0000003"}, "Crisps 150g", core::CategoryId{"snacks"},
       core::Money::FromCents(199), core::Money::FromCents(90), 80, core::ZoneId{"aisle_01"}},
  };
  store.lanes = {
      {core::LaneId{"L1"}, core::ZoneId{"checkout"}, core::LaneKind::kStaffed, 1, std::nullopt},
      {core::LaneId{"SCO"}, core::ZoneId{"checkout"}, core::LaneKind::kSelfCheckout, 6,
       std::nullopt},
  };
  return store;
}

}  // namespace storeops::testing
