// SPDX-License-Identifier: Apache-2.0
// Erlang C and Erlang A against the published worked example, a published table and independent
// solutions of the same queues as truncated birth-death chains.
//
// The Erlang A service level checked by TaggedCustomerServiceLevel: an arrival that finds i others
// queued is served once i + 1 departures ahead of it have happened (rates N mu + m theta,
// m = i..0) before its own patience runs out (rate theta). The code under test integrates the
// offered-wait density f(s) ~ exp(-N mu s - (lambda/theta) e^(-theta s)) against e^(-theta s)
// over [0, t]; substituting u = y e^(-theta s) gives the gamma(x + 1, .) difference it uses.
#include "storeops/staffing/queueing.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace storeops::staffing {
namespace {

// Designated initialisers would trip -Wmissing-field-initializers on the optional members.
QueueLoad Load(double calls, double interval_minutes, double aht_seconds) {
  QueueLoad load;
  load.calls = calls;
  load.interval_minutes = interval_minutes;
  load.aht_seconds = aht_seconds;
  return load;
}

QueueLoad WorkedExampleLoad() { return Load(100, 30, 180); }

ServiceTarget WorkedExampleTarget() {
  ServiceTarget target;
  target.service_level = 0.8;
  target.within_seconds = 20;
  return target;
}

// Stationary distribution of the M/M/N+M chain (theta = 0: M/M/N) truncated where the tail mass
// is negligible; computed in logs so large states do not overflow.
struct ChainMetrics {
  std::vector<double> pi;
  double waiting_probability = 0;
  double mean_queue = 0;
};

ChainMetrics SolveChain(double lambda, double mu, double theta, int agents, int states) {
  std::vector<double> log_weight(static_cast<size_t>(states), 0.0);
  for (int n = 1; n < states; ++n) {
    const double death = std::min(n, agents) * mu + std::max(n - agents, 0) * theta;
    log_weight[static_cast<size_t>(n)] =
        log_weight[static_cast<size_t>(n - 1)] + std::log(lambda / death);
  }
  double top = -std::numeric_limits<double>::infinity();
  for (double w : log_weight) {
    top = std::max(top, w);
  }
  ChainMetrics chain;
  chain.pi.resize(static_cast<size_t>(states));
  double total = 0;
  for (int n = 0; n < states; ++n) {
    chain.pi[static_cast<size_t>(n)] = std::exp(log_weight[static_cast<size_t>(n)] - top);
    total += chain.pi[static_cast<size_t>(n)];
  }
  for (int n = 0; n < states; ++n) {
    double& p = chain.pi[static_cast<size_t>(n)];
    p /= total;
    if (n >= agents) {
      chain.waiting_probability += p;
      chain.mean_queue += (n - agents) * p;
    }
  }
  return chain;
}

// P(served within t) for M/M/N+M by uniformising the tagged customer's position chain.
double TaggedCustomerServiceLevel(const ChainMetrics& chain, double mu, double theta, int agents,
                                  double t) {
  const int queue_states = static_cast<int>(chain.pi.size()) - agents;
  std::vector<double> mass(static_cast<size_t>(queue_states));
  double no_wait = 0;
  for (int n = 0; n < agents; ++n) {
    no_wait += chain.pi[static_cast<size_t>(n)];
  }
  for (int i = 0; i < queue_states; ++i) {
    mass[static_cast<size_t>(i)] = chain.pi[static_cast<size_t>(agents) + static_cast<size_t>(i)];
  }
  const double uniform_rate = agents * mu + queue_states * theta + theta;
  double served = 0;
  double served_by_t = 0;
  double poisson = std::exp(-uniform_rate * t);  // P(0 jumps); fine for uniform_rate * t < 700
  double cumulative = 0;
  for (int k = 0; cumulative < 1 - 1e-13 && k < 100000; ++k) {
    served_by_t += poisson * served;
    cumulative += poisson;
    std::vector<double> next(mass.size(), 0.0);
    for (int i = 0; i < queue_states; ++i) {
      const double m = mass[static_cast<size_t>(i)];
      const double ahead = (agents * mu + i * theta) / uniform_rate;
      const double leave = theta / uniform_rate;
      if (i == 0) {
        served += m * ahead;
      } else {
        next[static_cast<size_t>(i - 1)] += m * ahead;
      }
      next[static_cast<size_t>(i)] += m * (1 - ahead - leave);
    }
    mass = std::move(next);
    poisson *= uniform_rate * t / (k + 1);
  }
  return no_wait + served_by_t;
}

TEST(ErlangC, WorkedExampleMatchesThePublishedNumbers) {
  auto required = RequiredAgents(WorkedExampleLoad(), WorkedExampleTarget());
  ASSERT_TRUE(required.has_value()) << required.error().message;
  EXPECT_EQ(required->agents, 14);
  EXPECT_DOUBLE_EQ(required->traffic_erlangs, 10.0);
  // Published to three decimals, so compare to half a unit in the third.
  EXPECT_NEAR(required->service_level, 0.888, 0.0005);
  EXPECT_NEAR(required->waiting_probability, 0.174, 0.0005);
  EXPECT_NEAR(required->average_wait_seconds, 7.8, 0.05);
  EXPECT_NEAR(required->occupancy, 0.714, 0.0005);
  EXPECT_TRUE(required->stable);
  EXPECT_EQ(required->abandonment, 0.0);
  auto rostered = RosteredStaff(required->agents, 0.3);
  ASSERT_TRUE(rostered.has_value());
  EXPECT_EQ(*rostered, 20);
  // One fewer agent misses the target, which is why 14 is the answer.
  auto thirteen = ErlangC(WorkedExampleLoad(), 13, 20);
  ASSERT_TRUE(thirteen.has_value());
  EXPECT_LT(thirteen->service_level, 0.8);
}

TEST(ErlangC, MatchesPublishedTableForTenErlangs) {
  // Erlang C waiting probabilities for A = 10 from standard tables (4 decimals).
  const std::vector<std::pair<int, double>> table = {
      {11, 0.6821}, {12, 0.4494}, {13, 0.2853}, {14, 0.1741}, {15, 0.1020}};
  for (const auto& [agents, expected] : table) {
    auto metrics = ErlangC(WorkedExampleLoad(), agents, 20);
    ASSERT_TRUE(metrics.has_value());
    EXPECT_NEAR(metrics->waiting_probability, expected, 0.00005) << agents << " agents";
  }
}

TEST(ErlangC, MatchesBirthDeathSolve) {
  const double aht = 240;
  for (double calls : {30.0, 171.0, 540.0}) {
    const QueueLoad load = Load(calls, 15, aht);
    const double lambda = calls / 900.0;
    const double traffic = lambda * aht;
    for (int agents = static_cast<int>(traffic) + 1; agents < static_cast<int>(traffic) + 8;
         ++agents) {
      const ChainMetrics chain = SolveChain(lambda, 1 / aht, 0, agents, agents + 20000);
      auto metrics = ErlangC(load, agents, 30);
      ASSERT_TRUE(metrics.has_value());
      // Both are exact up to rounding; the truncated tail is below 1e-12 for these loads.
      EXPECT_NEAR(metrics->waiting_probability, chain.waiting_probability, 1e-9);
      EXPECT_NEAR(metrics->average_wait_seconds, chain.mean_queue / lambda, 1e-6);
    }
  }
}

TEST(ErlangC, MoreAgentsMeansBetterServiceAndLowerWait) {
  auto table = TradeOffTable(WorkedExampleLoad(), WorkedExampleTarget(), 5);
  ASSERT_TRUE(table.has_value());
  ASSERT_EQ(table->front().agents, 11);  // the first stable level for A = 10
  ASSERT_EQ(table->back().agents, 19);   // 14 + 5
  for (size_t i = 1; i < table->size(); ++i) {
    const auto& fewer = (*table)[i - 1];
    const auto& more = (*table)[i];
    EXPECT_EQ(more.agents, fewer.agents + 1);
    EXPECT_GT(more.service_level, fewer.service_level);
    EXPECT_LT(more.average_wait_seconds, fewer.average_wait_seconds);
    EXPECT_LT(more.waiting_probability, fewer.waiting_probability);
    EXPECT_LT(more.occupancy, fewer.occupancy);
  }
}

TEST(ErlangC, UnstableLevelsAreReportedNotDividedByZero) {
  for (int agents : {0, 1, 9, 10}) {
    auto metrics = ErlangC(WorkedExampleLoad(), agents, 20);
    ASSERT_TRUE(metrics.has_value());
    EXPECT_FALSE(metrics->stable) << agents;
    EXPECT_EQ(metrics->service_level, 0.0);
    EXPECT_EQ(metrics->waiting_probability, 1.0);
    EXPECT_TRUE(std::isinf(metrics->average_wait_seconds));
    EXPECT_FALSE(std::isnan(metrics->occupancy));
  }
}

TEST(ErlangC, LargeTrafficStaysFinite) {
  // A = 2000 Erlangs: 2000 calls per 3 minutes at 180 s each.
  const QueueLoad load = Load(2000, 3, 180);
  auto required = RequiredAgents(load, WorkedExampleTarget());
  ASSERT_TRUE(required.has_value());
  EXPECT_GT(required->agents, 2000);
  EXPECT_LT(required->agents, 2100);  // square-root staffing: A + O(sqrt(A))
  EXPECT_GE(required->service_level, 0.8);
  EXPECT_TRUE(std::isfinite(required->average_wait_seconds));
  for (int agents : {2001, 2050, 5000, 100000}) {
    auto metrics = ErlangC(load, agents, 20);
    ASSERT_TRUE(metrics.has_value());
    EXPECT_TRUE(std::isfinite(metrics->waiting_probability)) << agents;
    EXPECT_GE(metrics->waiting_probability, 0.0);
    EXPECT_LE(metrics->waiting_probability, 1.0);
  }
}

TEST(ErlangC, NoCallsNeedNoAgents) {
  const QueueLoad load = Load(0, 15, 180);
  auto required = RequiredAgents(load, WorkedExampleTarget());
  ASSERT_TRUE(required.has_value());
  EXPECT_EQ(required->agents, 0);
  EXPECT_EQ(required->service_level, 1.0);
}

TEST(RequiredAgents, AverageWaitAndOccupancyCapsRaiseTheAnswer) {
  ServiceTarget target = WorkedExampleTarget();
  target.max_average_wait_seconds = 3.0;
  auto capped_wait = RequiredAgents(WorkedExampleLoad(), target);
  ASSERT_TRUE(capped_wait.has_value());
  EXPECT_GT(capped_wait->agents, 14);
  EXPECT_LE(capped_wait->average_wait_seconds, 3.0);

  target = WorkedExampleTarget();
  target.max_occupancy = 0.6;
  auto capped_occupancy = RequiredAgents(WorkedExampleLoad(), target);
  ASSERT_TRUE(capped_occupancy.has_value());
  EXPECT_EQ(capped_occupancy->agents, 17);  // ceil(10 / 0.6)
  EXPECT_LE(capped_occupancy->occupancy, 0.6);
}

TEST(ErlangA, ConvergesToErlangCAsPatienceGrows) {
  auto erlang_c = ErlangC(WorkedExampleLoad(), 14, 20);
  ASSERT_TRUE(erlang_c.has_value());
  double previous_gap = 1;
  for (double patience : {600.0, 6000.0, 60000.0, 1e6, 1e8}) {
    QueueLoad load = WorkedExampleLoad();
    load.patience_seconds = patience;
    auto erlang_a = ErlangA(load, 14, 20);
    ASSERT_TRUE(erlang_a.has_value());
    const double gap = std::fabs(erlang_a->waiting_probability - erlang_c->waiting_probability);
    EXPECT_LE(gap, previous_gap) << patience;
    previous_gap = gap;
  }
  QueueLoad patient = WorkedExampleLoad();
  patient.patience_seconds = 1e8;
  auto erlang_a = ErlangA(patient, 14, 20);
  ASSERT_TRUE(erlang_a.has_value());
  // Abandonment ~ E[W] / patience ~ 1e-7; every measure is within that of Erlang C.
  EXPECT_NEAR(erlang_a->waiting_probability, erlang_c->waiting_probability, 1e-6);
  EXPECT_NEAR(erlang_a->service_level, erlang_c->service_level, 1e-6);
  EXPECT_NEAR(erlang_a->average_wait_seconds, erlang_c->average_wait_seconds, 1e-4);
  EXPECT_NEAR(erlang_a->occupancy, erlang_c->occupancy, 1e-6);
  EXPECT_LT(erlang_a->abandonment, 1e-6);
}

TEST(ErlangA, MatchesBirthDeathSolve) {
  const double aht = 180;
  for (double patience : {30.0, 120.0, 600.0}) {
    for (int agents : {5, 9, 10, 11, 14, 18}) {
      QueueLoad load = WorkedExampleLoad();
      load.patience_seconds = patience;
      const double lambda = 100.0 / 1800.0;
      const ChainMetrics chain = SolveChain(lambda, 1 / aht, 1 / patience, agents, agents + 3000);
      auto metrics = ErlangA(load, agents, 20);
      ASSERT_TRUE(metrics.has_value());
      const double abandonment = chain.mean_queue / patience / lambda;
      EXPECT_NEAR(metrics->waiting_probability, chain.waiting_probability, 1e-9)
          << agents << " agents, patience " << patience;
      EXPECT_NEAR(metrics->abandonment, abandonment, 1e-9)
          << agents << " agents, patience " << patience;
      EXPECT_NEAR(metrics->average_wait_seconds, chain.mean_queue / lambda, 1e-6);
      EXPECT_TRUE(metrics->stable);
    }
  }
}

TEST(ErlangA, ServiceLevelMatchesTaggedCustomerChain) {
  const double aht = 180;
  const double lambda = 100.0 / 1800.0;
  for (double patience : {60.0, 300.0}) {
    for (int agents : {8, 12, 14}) {
      for (double within : {0.0, 20.0, 60.0}) {
        QueueLoad load = WorkedExampleLoad();
        load.patience_seconds = patience;
        const ChainMetrics chain = SolveChain(lambda, 1 / aht, 1 / patience, agents, agents + 400);
        auto metrics = ErlangA(load, agents, within);
        ASSERT_TRUE(metrics.has_value());
        EXPECT_NEAR(metrics->service_level,
                    TaggedCustomerServiceLevel(chain, 1 / aht, 1 / patience, agents, within), 1e-8)
            << agents << " agents, patience " << patience << ", within " << within;
      }
    }
  }
}

TEST(ErlangA, FiniteWhenAgentsAtOrBelowTraffic) {
  QueueLoad load = WorkedExampleLoad();
  load.patience_seconds = 120;
  for (int agents : {0, 1, 5, 10}) {
    auto metrics = ErlangA(load, agents, 20);
    ASSERT_TRUE(metrics.has_value());
    EXPECT_TRUE(metrics->stable);
    for (double value : {metrics->service_level, metrics->waiting_probability,
                         metrics->average_wait_seconds, metrics->occupancy, metrics->abandonment}) {
      EXPECT_TRUE(std::isfinite(value)) << agents;
      EXPECT_GE(value, 0.0);
    }
    EXPECT_LE(metrics->abandonment, 1.0);
  }
}

TEST(ErlangA, LargeTrafficStaysFinite) {
  QueueLoad load = Load(2000, 3, 180);
  load.patience_seconds = 300;
  for (int agents : {1, 1000, 1990, 2000, 2050, 3000}) {
    auto metrics = ErlangA(load, agents, 20);
    ASSERT_TRUE(metrics.has_value());
    EXPECT_TRUE(std::isfinite(metrics->waiting_probability)) << agents;
    EXPECT_TRUE(std::isfinite(metrics->service_level)) << agents;
    EXPECT_TRUE(std::isfinite(metrics->abandonment)) << agents;
    EXPECT_GE(metrics->service_level, 0.0);
    EXPECT_LE(metrics->service_level, 1.0);
  }
  auto required = RequiredAgents(load, WorkedExampleTarget());
  ASSERT_TRUE(required.has_value());
  EXPECT_GT(required->agents, 1900);
  EXPECT_GE(required->service_level, 0.8);
}

TEST(ErlangA, TradeOffTableShowsAbandonmentFalling) {
  QueueLoad load = WorkedExampleLoad();
  load.patience_seconds = 120;
  auto table = TradeOffTable(load, WorkedExampleTarget(), 3);
  ASSERT_TRUE(table.has_value());
  ASSERT_GE(table->size(), 4U);
  for (size_t i = 1; i < table->size(); ++i) {
    EXPECT_LT((*table)[i].abandonment, (*table)[i - 1].abandonment);
    EXPECT_GT((*table)[i].service_level, (*table)[i - 1].service_level);
  }
}

TEST(RosteredStaff, RoundsUpAndAbsorbsBinaryRounding) {
  EXPECT_EQ(*RosteredStaff(14, 0.3), 20);
  EXPECT_EQ(*RosteredStaff(15, 0.3), 22);
  EXPECT_EQ(*RosteredStaff(0, 0.5), 0);
  EXPECT_EQ(*RosteredStaff(7, 0.0), 7);
}

struct BadQuery {
  std::string name;
  QueueLoad load;
  ServiceTarget target;
  int agents = 10;
  std::string field;
};

TEST(QueueErrors, EveryBadFieldIsNamed) {
  const QueueLoad good = WorkedExampleLoad();
  const ServiceTarget target = WorkedExampleTarget();
  auto with = [&](auto change) {
    QueueLoad load = good;
    change(load);
    return load;
  };
  auto aim = [&](auto change) {
    ServiceTarget t = target;
    change(t);
    return t;
  };
  const std::vector<BadQuery> cases = {
      {"negative calls", with([](QueueLoad& l) { l.calls = -1; }), target, 10, "calls"},
      {"NaN calls", with([](QueueLoad& l) { l.calls = std::nan(""); }), target, 10, "calls"},
      {"huge load", with([](QueueLoad& l) { l.calls = 1e12; }), target, 10, "calls"},
      {"zero interval", with([](QueueLoad& l) { l.interval_minutes = 0; }), target, 10,
       "interval_minutes"},
      {"zero AHT", with([](QueueLoad& l) { l.aht_seconds = 0; }), target, 10, "aht_seconds"},
      {"negative AHT", with([](QueueLoad& l) { l.aht_seconds = -5; }), target, 10, "aht_seconds"},
      {"zero patience", with([](QueueLoad& l) { l.patience_seconds = 0.0; }), target, 10,
       "patience_seconds"},
      {"target 0", good, aim([](ServiceTarget& t) { t.service_level = 0; }), 10, "service_level"},
      {"target 1", good, aim([](ServiceTarget& t) { t.service_level = 1; }), 10, "service_level"},
      {"negative threshold", good, aim([](ServiceTarget& t) { t.within_seconds = -1; }), 10,
       "within_seconds"},
      {"zero wait cap", good, aim([](ServiceTarget& t) { t.max_average_wait_seconds = 0.0; }), 10,
       "max_average_wait_seconds"},
      {"occupancy above 1", good, aim([](ServiceTarget& t) { t.max_occupancy = 1.5; }), 10,
       "max_occupancy"},
  };
  for (const auto& c : cases) {
    auto result = RequiredAgents(c.load, c.target);
    ASSERT_FALSE(result.has_value()) << c.name;
    EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument) << c.name;
    ASSERT_FALSE(result.error().details.empty()) << c.name;
    EXPECT_EQ(result.error().details[0].field, c.field) << c.name;
    // The same load problems are reported by the single-level evaluation and the table.
    if (c.field != "service_level" && c.field != "max_average_wait_seconds" &&
        c.field != "max_occupancy" && c.field != "within_seconds") {
      auto single = EvaluateQueue(c.load, 12, 20);
      ASSERT_FALSE(single.has_value()) << c.name;
      EXPECT_EQ(single.error().details[0].field, c.field) << c.name;
    }
    EXPECT_FALSE(TradeOffTable(c.load, c.target).has_value()) << c.name;
  }
  const std::vector<std::pair<int, double>> bad_levels = {{-1, 20}, {kMaxAgents + 1, 20}};
  for (const auto& [agents, within] : bad_levels) {
    auto result = ErlangC(good, agents, within);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().details[0].field, "agents");
  }
  auto bad_threshold = ErlangC(good, 12, -1);
  ASSERT_FALSE(bad_threshold.has_value());
  EXPECT_EQ(bad_threshold.error().details[0].field, "within_seconds");
  auto no_patience = ErlangA(good, 12, 20);
  ASSERT_FALSE(no_patience.has_value());
  EXPECT_EQ(no_patience.error().details[0].field, "patience_seconds");
  auto bad_extra = TradeOffTable(good, target, -1);
  ASSERT_FALSE(bad_extra.has_value());
  EXPECT_EQ(bad_extra.error().details[0].field, "extra_agents");
  for (double shrinkage : {-0.1, 1.0, std::nan("")}) {
    auto rostered = RosteredStaff(10, shrinkage);
    ASSERT_FALSE(rostered.has_value());
    EXPECT_EQ(rostered.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(rostered.error().details[0].field, "shrinkage");
  }
  auto negative_agents = RosteredStaff(-1, 0.3);
  ASSERT_FALSE(negative_agents.has_value());
  EXPECT_EQ(negative_agents.error().details[0].field, "agents");
}

}  // namespace
}  // namespace storeops::staffing
