// SPDX-License-Identifier: Apache-2.0
// The model's laws: arrivals follow the profile, an M/M/c checkout matches Erlang C, fewer lanes
// mean longer waits, empty shelves lose revenue, a seed fixes the output, and running in steps
// gives the same events as running in one go.
#include "storeops/sim/simulator.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/sim/scenario.hpp"
#include "storeops/staffing/queueing.hpp"
#include "storeops/store_definition/store_json.hpp"
#include "storeops/testing/fixtures.hpp"

namespace storeops::sim {
namespace {

core::Store Supercenter() {
  auto store =
      store_definition::ReadStoreFile(testing::SourcePath("data/stores/supercenter.json").string());
  EXPECT_TRUE(store.has_value());
  return *store;
}

BasketModel ShippedModel() {
  auto model = ParseBasketModelJson(
      testing::ReadFileText(testing::SourcePath("data/sim/basket_model.json")));
  EXPECT_TRUE(model.has_value());
  return *model;
}

// Entrance - shop - checkout, open around the clock in UTC, one SKU that never runs out and
// `lanes` staffed lanes: the smallest store in which the checkout is an M/M/c queue.
core::Store QueueStore(int lanes) {
  auto square = [](double x) {
    return std::vector<core::Point>{{x, 0}, {x + 10, 0}, {x + 10, 10}, {x, 10}};
  };
  core::Store store;
  store.id = core::StoreId{"queue"};
  store.name = "Queue";
  store.time_zone = "UTC";
  for (auto& day : store.opening_hours) {
    day = core::DailyHours{0, 1440};
  }
  store.zones = {
      {core::ZoneId{"entrance"}, "Entrance", core::ZoneType::kEntrance, square(0), {5, 5}, 100},
      {core::ZoneId{"shop"}, "Shop", core::ZoneType::kDepartment, square(10), {15, 5}, 100},
      {core::ZoneId{"tills"}, "Tills", core::ZoneType::kCheckout, square(20), {25, 5}, 100},
  };
  store.adjacency = {{core::ZoneId{"entrance"}, core::ZoneId{"shop"}, 10},
                     {core::ZoneId{"shop"}, core::ZoneId{"tills"}, 10},
                     {core::ZoneId{"tills"}, core::ZoneId{"entrance"}, 10}};
  store.departments = {{core::DepartmentId{"all"}, "All", {core::ZoneId{"shop"}}, {}}};
  store.categories = {{core::CategoryId{"item"}, "Item", core::DepartmentId{"all"}}};
  store.skus = {{core::SkuId{"0000001"}, "Item", core::CategoryId{"item"},
                 core::Money::FromCents(100), core::Money::FromCents(50), 1'000'000'000,
                 core::ZoneId{"shop"}}};
  for (int i = 0; i < lanes; ++i) {
    store.lanes.push_back({core::LaneId{"L" + std::to_string(i + 1)}, core::ZoneId{"tills"},
                           core::LaneKind::kStaffed, 1, std::nullopt});
  }
  return store;
}

BasketModel OneCategoryModel() {
  BasketModel model;
  model.categories = {{core::CategoryId{"item"}, 1.0, true}};
  model.basket_size = {0, 1};
  return model;
}

Scenario QueueScenario(double arrivals_per_second, double service_seconds, int lanes, int days) {
  Scenario s;
  s.start_date = std::chrono::sys_days{std::chrono::year{2026} / 11 / 2};
  s.days = days;
  s.traffic.daily_shoppers = arrivals_per_second * 86400;
  s.traffic.weekday_factors.fill(1);
  s.traffic.hourly_weights.fill(1);
  s.staffing.base = {lanes, 0, 0};
  s.stock.restock_minutes.clear();
  s.stock.threshold_restock = false;
  s.checkout.exponential_service = true;
  s.checkout.staffed_base_seconds = service_seconds;
  s.checkout.staffed_per_unit_seconds = 0;
  s.checkout.self_checkout_share = 0;
  s.checkout.mean_patience_seconds.reset();
  s.checkout.single_line = true;
  return s;
}

RunOptions Opts(uint64_t seed, int32_t replications) {
  RunOptions options;
  options.seed = seed;
  options.replications = replications;
  return options;
}

double Kpi(const ScenarioReport& report, const std::string& name) {
  for (const auto& [n, e] : report.kpis) {
    if (n == name) {
      return e.mean;
    }
  }
  ADD_FAILURE() << "no KPI " << name;
  return 0;
}

Estimate Difference(const Comparison& c, const std::string& name) {
  for (const auto& [n, e] : c.difference) {
    if (n == name) {
      return e;
    }
  }
  ADD_FAILURE() << "no KPI " << name;
  return {};
}

TEST(SimArrivals, HourlyCountsMatchTheProfile) {
  const auto store = QueueStore(20);
  Scenario s = QueueScenario(0.0, 60, 20, 28);
  s.traffic.daily_shoppers = 3000;
  s.traffic.weekday_factors = {0.9, 0.8, 1.0, 1.0, 1.2, 1.5, 0.6};
  for (int h = 0; h < 24; ++h) {
    s.traffic.hourly_weights[static_cast<size_t>(h)] = 1.0 + 8.0 * std::sin(h * M_PI / 24.0);
  }
  auto report = RunScenario(store, s, OneCategoryModel(), Opts(11, 1));
  ASSERT_TRUE(report.has_value()) << report.error().message;
  const auto& observed = report->runs.front().arrivals_by_hour;
  double weight_total = 0;
  for (double w : s.traffic.hourly_weights) {
    weight_total += w;
  }
  double weekday_total = 0;
  for (double f : s.traffic.weekday_factors) {
    weekday_total += f;
  }
  const double day_units = weekday_total * 4;  // 28 days = 4 of each weekday
  double chi2 = 0;
  double chi2_flat = 0;
  double total = 0;
  for (size_t h = 0; h < 24; ++h) {
    const double expected =
        s.traffic.daily_shoppers * day_units * s.traffic.hourly_weights[h] / weight_total;
    chi2 += (observed[h] - expected) * (observed[h] - expected) / expected;
    total += observed[h];
  }
  for (size_t h = 0; h < 24; ++h) {
    const double flat = total / 24;
    chi2_flat += (observed[h] - flat) * (observed[h] - flat) / flat;
  }
  // 23 degrees of freedom: P(chi2 > 49.73) = 0.001.
  EXPECT_LT(chi2, 49.73) << "arrivals do not follow the hourly profile";
  EXPECT_GT(chi2_flat, 49.73) << "the test cannot tell the profile from a flat one";
  EXPECT_NEAR(total, s.traffic.daily_shoppers * day_units,
              4 * std::sqrt(s.traffic.daily_shoppers * day_units));
}

TEST(SimCheckout, MMcWaitMatchesErlangC) {
  constexpr double kLambda = 0.02;  // arrivals per second
  constexpr double kService = 120;  // mean service seconds: load 2.4 Erlangs
  constexpr int kLanes = 3;
  const auto store = QueueStore(kLanes);
  const Scenario s = QueueScenario(kLambda, kService, kLanes, 20);
  auto report = RunScenario(store, s, OneCategoryModel(), Opts(3, 8));
  ASSERT_TRUE(report.has_value()) << report.error().message;

  staffing::QueueLoad load;
  load.calls = kLambda * 1800;
  load.interval_minutes = 30;
  load.aht_seconds = kService;
  auto erlang = staffing::ErlangC(load, kLanes, 20);
  ASSERT_TRUE(erlang.has_value());
  Estimate wait;
  for (const auto& [name, e] : report->kpis) {
    if (name == "avg_wait_seconds") {
      wait = e;
    }
  }
  const double expected = erlang->average_wait_seconds;
  EXPECT_LT(wait.half_width, 0.15 * expected) << "too few customers to test anything";
  EXPECT_NEAR(wait.mean, expected, 3 * wait.half_width)
      << "simulated " << wait.mean << " s, Erlang C " << expected << " s";
  EXPECT_NEAR(Kpi(*report, "abandonment_rate"), 0, 1e-12);
}

TEST(SimCheckout, ClosingALaneRaisesWaits) {
  const auto store = Supercenter();
  Scenario a = DefaultScenario();
  a.days = 1;
  Scenario b = a;
  b.staffing.base.staffed_lanes = a.staffing.base.staffed_lanes - 2;
  auto c = CompareScenarios(store, a, b, ShippedModel(), Opts(5, 5));
  ASSERT_TRUE(c.has_value()) << c.error().message;
  const Estimate wait = Difference(*c, "avg_wait_seconds");
  EXPECT_GT(wait.mean - wait.half_width, 0) << "wait difference " << wait.mean;
  EXPECT_GT(Difference(*c, "p90_wait_seconds").mean, 0);
  // Common random numbers: the same shoppers arrive in both.
  EXPECT_DOUBLE_EQ(Difference(*c, "shoppers").mean, 0);
}

TEST(SimStock, StockoutsLowerRevenue) {
  const auto store = Supercenter();
  Scenario a = DefaultScenario();
  a.days = 1;
  Scenario b = a;
  b.stock.initial_fill = 0.05;
  b.stock.restock_minutes.clear();
  b.stock.threshold_restock = false;
  auto c = CompareScenarios(store, a, b, ShippedModel(), Opts(5, 3));
  ASSERT_TRUE(c.has_value()) << c.error().message;
  const Estimate revenue = Difference(*c, "revenue");
  EXPECT_LT(revenue.mean + revenue.half_width, 0);
  EXPECT_GT(Difference(*c, "lost_sales").mean, 0);
  EXPECT_GT(Kpi(c->b, "lost_units"), Kpi(c->a, "lost_units"));
}

// Share of shoppers who came in through `entrance`: the entrance cameras' in-crossings.
double EntranceShare(const core::Store& store, const Scenario& scenario,
                     const std::string& entrance) {
  auto sim = Simulation::Create(store, scenario, ShippedModel(), {3, 0, true});
  EXPECT_TRUE(sim.has_value());
  std::vector<SimEvent> events;
  sim->RunToEnd(&events);
  double in_there = 0;
  double in_all = 0;
  for (const auto& e : events) {
    if (const auto* c = std::get_if<core::CameraCount>(&e)) {
      const core::Zone* zone = store.FindZone(c->zone);
      if (zone != nullptr && zone->type == core::ZoneType::kEntrance) {
        in_all += c->crossed_in;
        in_there += c->zone.value() == entrance ? c->crossed_in : 0;
      }
    }
  }
  EXPECT_GT(in_all, 1000);
  return in_there / in_all;
}

TEST(SimTraffic, MainEntranceTakesMostShoppersAndScenarioSetsTheSplit) {
  const auto store = Supercenter();
  Scenario s = DefaultScenario();
  s.days = 1;
  // Default: the entrance by the tills takes 80 %, the garden-centre entrance the rest (binomial
  // sd over ~8,000 arrivals is 0.005; 0.02 leaves room for the day's variation).
  EXPECT_NEAR(EntranceShare(store, s, "garden_entrance"), 0.2, 0.02);
  s.shoppers.main_entrance_share = 0.95;
  EXPECT_NEAR(EntranceShare(store, s, "garden_entrance"), 0.05, 0.02);
  auto parsed = ParseScenarioJson(
      R"({"days": 1, "layout": {"entrances": {"entrance": 1, "garden_entrance": 1}}})");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_NEAR(EntranceShare(store, *parsed, "garden_entrance"), 0.5, 0.02);
  parsed->layout.entrances = {{core::ZoneId{"entrance"}, 1}};
  EXPECT_NEAR(EntranceShare(store, *parsed, "garden_entrance"), 0.0, 1e-9);
}

TEST(SimStock, DefaultPolicyLosesFewSalesToStockouts) {
  const auto store = Supercenter();
  Scenario s = DefaultScenario();  // a week: refills and weekend peaks included
  auto report = RunScenario(store, s, ShippedModel(), Opts(21, 2));
  ASSERT_TRUE(report.has_value()) << report.error().message;
  const double lost = Kpi(*report, "lost_sales");
  const double share = lost / (Kpi(*report, "revenue") + lost);
  // A well-run store loses about 1-3 % of demand to empty shelves (out-of-stock studies give
  // ~8 % of items out at a time, most of it substituted): the default must stay in that band.
  EXPECT_GT(share, 0.005);
  EXPECT_LT(share, 0.035);
}

TEST(SimTraffic, RainLowersFootfall) {
  const auto store = Supercenter();
  Scenario a = DefaultScenario();
  a.days = 1;
  Scenario b = a;
  b.default_weather.condition = "rain";
  auto c = CompareScenarios(store, a, b, ShippedModel(), Opts(9, 3));
  ASSERT_TRUE(c.has_value()) << c.error().message;
  const Estimate shoppers = Difference(*c, "shoppers");
  EXPECT_LT(shoppers.mean, -0.05 * Kpi(c->a, "shoppers"));
}

// A digest of everything an event says, to compare two runs.
std::string Describe(const SimEvent& event) {
  return std::visit(
      [](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        std::string text = std::to_string(core::ToEpochMs(e.ts)) + " ";
        if constexpr (std::is_same_v<T, core::PosTransaction>) {
          text += "pos " + e.basket_id + " " + e.lane.value();
          for (const auto& l : e.lines) {
            text += " " + l.sku.value() + "x" + std::to_string(l.quantity);
          }
        } else if constexpr (std::is_same_v<T, SimPresence>) {
          text += "presence " + e.device_id + " " + e.zone.value();
        } else if constexpr (std::is_same_v<T, core::CameraCount>) {
          text += "camera " + e.camera.value() + " " + std::to_string(e.people) + " " +
                  std::to_string(e.queue);
        } else if constexpr (std::is_same_v<T, core::InventorySnapshot>) {
          text += "inventory " + e.sku.value() + " " + std::to_string(e.on_shelf);
        } else if constexpr (std::is_same_v<T, core::WeatherObservation>) {
          text += "weather " + e.condition;
        } else {
          text += "clock " + e.employee_id.value();
        }
        return text;
      },
      event);
}

std::vector<std::string> RunEvents(uint64_t seed, std::chrono::milliseconds step) {
  const auto store = Supercenter();
  Scenario s = DefaultScenario();
  s.days = 1;
  auto sim = Simulation::Create(store, s, ShippedModel(), {seed, 0, true});
  EXPECT_TRUE(sim.has_value());
  std::vector<std::string> digest;
  std::vector<SimEvent> events;
  while (!sim->Finished()) {
    events.clear();
    sim->Advance(step, &events);
    for (const auto& e : events) {
      digest.push_back(Describe(e));
    }
  }
  return digest;
}

TEST(SimDeterminism, SameSeedSameEventsAnyStepSize) {
  const auto one = RunEvents(42, std::chrono::hours(24));
  const auto stepped = RunEvents(42, std::chrono::milliseconds(37'000));
  const auto other = RunEvents(43, std::chrono::hours(24));
  ASSERT_GT(one.size(), 10'000U);
  EXPECT_EQ(one, stepped);
  EXPECT_NE(one, other);
}

TEST(SimDeterminism, SameSeedSameKpis) {
  const auto store = Supercenter();
  Scenario s = DefaultScenario();
  s.days = 2;
  auto a = RunScenario(store, s, ShippedModel(), Opts(8, 2));
  auto b = RunScenario(store, s, ShippedModel(), Opts(8, 2));
  ASSERT_TRUE(a.has_value() && b.has_value());
  for (size_t i = 0; i < a->kpis.size(); ++i) {
    EXPECT_EQ(a->kpis[i].second.mean, b->kpis[i].second.mean) << a->kpis[i].first;
  }
}

TEST(SimEvents, SixTypesShapedLikeRealSources) {
  const auto store = Supercenter();
  Scenario s = DefaultScenario();
  s.days = 1;
  auto sim = Simulation::Create(store, s, ShippedModel(), {1, 0, true});
  ASSERT_TRUE(sim.has_value());
  std::vector<SimEvent> events;
  sim->RunToEnd(&events);
  std::array<size_t, 6> counts{};
  std::set<std::string> devices;
  size_t randomised = 0;
  std::vector<int64_t> entrance_camera;
  int64_t last_ts = 0;
  for (const auto& e : events) {
    counts[e.index()] += 1;
    const int64_t ts = std::visit([](const auto& x) { return core::ToEpochMs(x.ts); }, e);
    EXPECT_GE(ts, last_ts) << "events out of time order";
    last_ts = ts;
    if (const auto* p = std::get_if<SimPresence>(&e)) {
      ASSERT_EQ(p->device_id.size(), 17U);
      EXPECT_EQ(p->device_id[2], ':');
      if (devices.insert(p->device_id).second) {
        const int second_digit = std::stoi(p->device_id.substr(1, 1), nullptr, 16);
        randomised += (second_digit & 0x2) != 0 ? 1 : 0;
      }
      EXPECT_GE(p->rssi, -120);
      EXPECT_LE(p->rssi, 0);
    }
    if (const auto* c = std::get_if<core::CameraCount>(&e);
        c && c->camera.value() == "cam-entrance") {
      entrance_camera.push_back(ts);
    }
  }
  for (size_t i = 0; i < counts.size(); ++i) {
    EXPECT_GT(counts[i], 0U) << "no event of type " << i;
  }
  const auto kpis = sim->Results();
  // About 60 % of shoppers carry a visible phone; about half of those randomise their MAC.
  EXPECT_NEAR(static_cast<double>(devices.size()) / kpis.shoppers, 0.6, 0.05);
  EXPECT_NEAR(static_cast<double>(randomised) / static_cast<double>(devices.size()), 0.5, 0.05);
  EXPECT_EQ(counts[0], static_cast<size_t>(kpis.transactions));
  ASSERT_GT(entrance_camera.size(), 100U);
  for (size_t i = 1; i < entrance_camera.size(); ++i) {
    EXPECT_EQ(entrance_camera[i] - entrance_camera[i - 1], 10'000);
  }
}

TEST(SimMemory, ShopperPoolDoesNotGrowWithTheHorizon) {
  const auto store = Supercenter();
  Scenario s = DefaultScenario();
  s.days = 14;
  auto sim = Simulation::Create(store, s, ShippedModel(), {2, 0, false});
  ASSERT_TRUE(sim.has_value());
  sim->Advance(std::chrono::hours(48), nullptr);
  const size_t after_two_days = sim->ShopperCapacity();
  sim->RunToEnd(nullptr);
  EXPECT_LE(sim->ShopperCapacity(), after_two_days * 3 / 2);
  EXPECT_GT(sim->Results().shoppers, 100'000);
}

TEST(SimKpis, PlausibleSupercenterDay) {
  const auto store = Supercenter();
  Scenario s = DefaultScenario();
  s.days = 1;
  auto report = RunScenario(store, s, ShippedModel(), Opts(1, 2));
  ASSERT_TRUE(report.has_value());
  EXPECT_GT(Kpi(*report, "transactions"), 0.9 * Kpi(*report, "shoppers"));
  EXPECT_GT(Kpi(*report, "avg_shopping_minutes"), 5);
  EXPECT_LT(Kpi(*report, "avg_shopping_minutes"), 90);
  EXPECT_GT(Kpi(*report, "avg_distance_m"), 50);
  EXPECT_LT(Kpi(*report, "abandonment_rate"), 0.05);
}

TEST(SimOptions, RejectsBadReplicationsAndScenarios) {
  const auto store = Supercenter();
  auto bad = RunScenario(store, DefaultScenario(), ShippedModel(), Opts(1, 0));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument);
  Scenario s = DefaultScenario();
  s.layout.endcaps.push_back(core::CategoryId{"unicorns"});
  auto sim = Simulation::Create(store, s, ShippedModel(), {});
  ASSERT_FALSE(sim.has_value());
  EXPECT_EQ(sim.error().details.at(0).field, "layout.endcaps[0]");
}

}  // namespace
}  // namespace storeops::sim
