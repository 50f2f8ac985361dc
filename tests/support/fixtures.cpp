// SPDX-License-Identifier: Apache-2.0
#include "storeops/testing/fixtures.hpp"

#include <cctype>
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

std::vector<std::string> MacSpellings(const std::string& mac) {
  std::string hex;
  for (char c : mac) {
    if (std::isxdigit(static_cast<unsigned char>(c))) {
      hex.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  std::string upper = hex;
  for (char& c : upper) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  std::string raw;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    raw.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  auto with = [](const std::string& digits, char sep) {
    std::string out;
    for (size_t i = 0; i < digits.size(); i += 2) {
      out += (i ? std::string(1, sep) : "") + digits.substr(i, 2);
    }
    return out;
  };
  return {hex,
          upper,
          with(hex, ':'),
          with(upper, ':'),
          with(hex, '-'),
          with(upper, '-'),
          hex.substr(0, 4) + "." + hex.substr(4, 4) + "." + hex.substr(8, 4),
          raw};
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
