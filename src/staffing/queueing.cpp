// SPDX-License-Identifier: Apache-2.0
// Erlang C and Erlang A. Everything is computed in logarithms or through recursions whose terms
// stay in [0, 1], so thousands of agents and Erlangs neither overflow nor lose the answer to
// cancellation.
//
// Erlang C: Pw from the Erlang B recursion 1/B(n) = 1 + (n/A)/B(n-1) (kept as log(1/B)), then
// C = N B / (N - A (1 - B)); SL and ASA as in Gans, Koole & Mandelbaum, "Telephone call centers:
// tutorial, review and research prospects" (2003).
//
// Erlang A: Mandelbaum & Zeltyn, "Service engineering in action: the Palm/Erlang-A queue, with
// applications to call centers" (2007), with x = N mu / theta and y = lambda / theta and the lower
// incomplete gamma function gamma(x, y):
//   A(x, y) = x e^y y^-x gamma(x, y),     Pw = A E / (1 + (A - 1) E),  E = Erlang B(N, lambda/mu)
//   P(served | wait) = gamma(x + 1, y) / (y gamma(x, y)),   P(abandon) = theta E[W]
//   P(offered wait > t | wait) = gamma(x, y e^-theta t) / gamma(x, y)
// The service level (served within t) integrates the offered-wait density times the chance that
// patience outlasts it, which gives gamma(x + 1, .) differences (derivation in the test file).
#include "storeops/staffing/queueing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "invalid_input.hpp"

namespace storeops::staffing {
namespace {

using core::ErrorCode;
using core::FieldError;

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// Relative tolerance when comparing a computed service level with its target: the Erlang B
// recursion accumulates ~N ulps, far below any target a manager sets.
constexpr double kTargetSlack = 1e-12;
// Iteration caps for the incomplete gamma series and continued fraction; each converges in
// O(sqrt(x)) terms near x ~ y, so these are reached only for absurd patience values.
constexpr int kMaxSeriesTerms = 50'000'000;

bool IsFinite(double value) { return std::isfinite(value); }

core::Status ValidateLoad(const QueueLoad& load) {
  std::vector<FieldError> problems;
  if (!IsFinite(load.calls) || load.calls < 0) {
    problems.push_back({"calls", "must be a finite number >= 0"});
  }
  if (!IsFinite(load.interval_minutes) || load.interval_minutes <= 0) {
    problems.push_back({"interval_minutes", "must be > 0"});
  }
  if (!IsFinite(load.aht_seconds) || load.aht_seconds <= 0) {
    problems.push_back({"aht_seconds", "must be > 0"});
  }
  if (load.patience_seconds && (!IsFinite(*load.patience_seconds) || *load.patience_seconds <= 0)) {
    problems.push_back({"patience_seconds", "must be > 0"});
  }
  if (problems.empty()) {
    const double traffic = load.calls / (load.interval_minutes * 60.0) * load.aht_seconds;
    if (!IsFinite(traffic) || traffic > kMaxAgents) {
      problems.push_back(
          {"calls", "offered load exceeds " + std::to_string(kMaxAgents) + " Erlangs"});
    }
  }
  if (!problems.empty()) {
    return core::Fail(internal::InvalidInput("invalid queue load", std::move(problems)));
  }
  return core::Ok();
}

core::Status ValidateAgents(int agents, double within_seconds) {
  std::vector<FieldError> problems;
  if (agents < 0 || agents > kMaxAgents) {
    problems.push_back({"agents", "must be in [0, " + std::to_string(kMaxAgents) + "]"});
  }
  if (!IsFinite(within_seconds) || within_seconds < 0) {
    problems.push_back({"within_seconds", "must be a finite number >= 0"});
  }
  if (!problems.empty()) {
    return core::Fail(internal::InvalidInput("invalid queue query", std::move(problems)));
  }
  return core::Ok();
}

core::Status ValidateTarget(const ServiceTarget& target) {
  std::vector<FieldError> problems;
  if (!IsFinite(target.service_level) || target.service_level <= 0 || target.service_level >= 1) {
    problems.push_back({"service_level", "must be in (0, 1)"});
  }
  if (!IsFinite(target.within_seconds) || target.within_seconds < 0) {
    problems.push_back({"within_seconds", "must be a finite number >= 0"});
  }
  if (target.max_average_wait_seconds &&
      (!IsFinite(*target.max_average_wait_seconds) || *target.max_average_wait_seconds <= 0)) {
    problems.push_back({"max_average_wait_seconds", "must be > 0"});
  }
  if (target.max_occupancy && (!IsFinite(*target.max_occupancy) || *target.max_occupancy <= 0 ||
                               *target.max_occupancy > 1)) {
    problems.push_back({"max_occupancy", "must be in (0, 1]"});
  }
  if (!problems.empty()) {
    return core::Fail(internal::InvalidInput("invalid service target", std::move(problems)));
  }
  return core::Ok();
}

double Traffic(const QueueLoad& load) {
  return load.calls / (load.interval_minutes * 60.0) * load.aht_seconds;
}

// log(1/B(n)) from log(1/B(n-1)): 1/B(n) = 1 + (n/A) / B(n-1), i.e. log1p-exp of t.
double NextLogInverseErlangB(double previous, int n, double traffic) {
  const double t = std::log(static_cast<double>(n) / traffic) + previous;
  return t > 0 ? t + std::log1p(std::exp(-t)) : std::log1p(std::exp(t));
}

double LogInverseErlangB(int agents, double traffic) {
  double value = 0;  // B(0) = 1
  for (int n = 1; n <= agents; ++n) {
    value = NextLogInverseErlangB(value, n, traffic);
  }
  return value;
}

QueueMetrics NoCalls(int agents) {
  QueueMetrics metrics;
  metrics.agents = agents;
  metrics.service_level = 1;
  return metrics;
}

QueueMetrics ErlangCFrom(int agents, double traffic, double aht_seconds, double within_seconds,
                         double log_inverse_b) {
  QueueMetrics metrics;
  metrics.agents = agents;
  metrics.traffic_erlangs = traffic;
  const double n = static_cast<double>(agents);
  if (n <= traffic) {
    metrics.stable = false;
    metrics.service_level = 0;
    metrics.waiting_probability = 1;
    metrics.average_wait_seconds = kInfinity;
    metrics.occupancy = 1;
    return metrics;
  }
  // C = N / ((N - A)/B + A); exp() may overflow to +inf for N >> A, which correctly gives C = 0.
  const double spare = n - traffic;
  const double pw = n / (spare * std::exp(log_inverse_b) + traffic);
  metrics.waiting_probability = std::clamp(pw, 0.0, 1.0);
  metrics.service_level = std::clamp(
      1 - metrics.waiting_probability * std::exp(-spare * within_seconds / aht_seconds), 0.0, 1.0);
  metrics.average_wait_seconds = metrics.waiting_probability * aht_seconds / spare;
  metrics.occupancy = traffic / n;
  return metrics;
}

// log(gamma(x, y)) - x log(y) + y, i.e. the lower incomplete gamma function without its
// dominant factor, so ratios of nearby values keep their precision. Numerical Recipes' split:
// the series for y < x + 1, Legendre's continued fraction (modified Lentz) otherwise.
struct ScaledGamma {
  double log_scaled = 0;  // log(gamma(x, y)) - x log y + y
  // Series regime only: the sum S = sum_j y^j / ((x+1)...(x+j)) and J = sum_j j * term_j, used
  // for the abandonment probability without cancellation.
  bool series = false;
  double sum = 0;
  double weighted_sum = 0;
};

ScaledGamma LogScaledLowerGamma(double x, double y) {
  ScaledGamma result;
  if (y < x + 1) {
    // gamma(x, y) = y^x e^-y / x * S, all terms positive and decreasing.
    double term = 1;
    double sum = 1;
    double weighted = 0;
    for (int j = 1; j < kMaxSeriesTerms; ++j) {
      term *= y / (x + j);
      sum += term;
      weighted += j * term;
      const double ratio = y / (x + j + 1);
      // The tail is bounded by a geometric series with this ratio.
      if (term / (1 - ratio) < 1e-17 * sum &&
          term * (j + 1 / (1 - ratio)) / (1 - ratio) <= 1e-17 * weighted) {
        break;
      }
      if (term == 0) {
        break;
      }
    }
    result.series = true;
    result.sum = sum;
    result.weighted_sum = weighted;
    result.log_scaled = std::log(sum) - std::log(x);
    return result;
  }
  constexpr double kTiny = 1e-300;
  double b = y + 1 - x;
  double c = 1 / kTiny;
  double d = 1 / b;
  double h = d;
  for (int i = 1; i < kMaxSeriesTerms; ++i) {
    const double an = -i * (i - x);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < kTiny) {
      d = kTiny;
    }
    c = b + an / c;
    if (std::fabs(c) < kTiny) {
      c = kTiny;
    }
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < 1e-16) {
      break;
    }
  }
  // Upper regularised Q = e^-y y^x / Gamma(x) * h; gamma(x, y) = Gamma(x) (1 - Q).
  const double log_prefix = -y + x * std::log(y) - std::lgamma(x);
  const double q = std::min(std::exp(log_prefix) * h, 1.0 - 1e-16);
  result.log_scaled = std::lgamma(x) + std::log1p(-q) - x * std::log(y) + y;
  return result;
}

QueueMetrics ErlangAFrom(int agents, double traffic, double aht_seconds, double patience,
                         double within_seconds, double log_inverse_b) {
  QueueMetrics metrics;
  metrics.agents = agents;
  metrics.traffic_erlangs = traffic;
  if (agents == 0) {
    // Nobody serves: every arrival waits out its patience and leaves.
    metrics.service_level = 0;
    metrics.waiting_probability = 1;
    metrics.abandonment = 1;
    metrics.average_wait_seconds = patience;
    metrics.occupancy = 0;
    return metrics;
  }
  const double n = static_cast<double>(agents);
  const double x = n * patience / aht_seconds;        // N mu / theta
  const double y = traffic * patience / aht_seconds;  // lambda / theta
  const ScaledGamma g = LogScaledLowerGamma(x, y);

  // Pw = 1 / (1 + (1/E - 1) / A(x, y)); log(1/E - 1) = l + log(1 - e^-l).
  const double log_inverse_minus_one = log_inverse_b + std::log(-std::expm1(-log_inverse_b));
  const double log_a = std::log(x) + g.log_scaled;
  const double pw = 1 / (1 + std::exp(log_inverse_minus_one - log_a));

  // P(abandon | wait): the positive series J / (y S) (no cancellation as patience grows), or
  // (y - x)/y + y^(x-1) e^-y / gamma(x, y), both terms positive when y > x + 1.
  double abandon_given_wait =
      g.series ? g.weighted_sum / (y * g.sum) : (y - x) / y + std::exp(-std::log(y) - g.log_scaled);
  abandon_given_wait = std::clamp(abandon_given_wait, 0.0, 1.0);

  // Fraction of waiting arrivals whose offered wait exceeds t, weighted by surviving patience:
  // gamma(x+1, z) / gamma(x+1, y) with z = y e^-theta t, kept in scaled logs so that
  // (x+1) log(z/y) = -(x+1) theta t and y - z = -y expm1(-theta t) are exact.
  const double theta_t = within_seconds / patience;
  double late_fraction = 1;
  if (within_seconds > 0) {
    const double z = y * std::exp(-theta_t);
    if (z <= 0) {
      late_fraction = 0;
    } else {
      const ScaledGamma gz = LogScaledLowerGamma(x + 1, z);
      const ScaledGamma gy = LogScaledLowerGamma(x + 1, y);
      late_fraction =
          std::exp(gz.log_scaled - gy.log_scaled - (x + 1) * theta_t - y * std::expm1(-theta_t));
      late_fraction = std::clamp(late_fraction, 0.0, 1.0);
    }
  }
  metrics.waiting_probability = std::clamp(pw, 0.0, 1.0);
  metrics.abandonment = metrics.waiting_probability * abandon_given_wait;
  metrics.service_level =
      std::clamp(1 - metrics.waiting_probability +
                     metrics.waiting_probability * (1 - abandon_given_wait) * (1 - late_fraction),
                 0.0, 1.0);
  // Exponential patience: P(abandon) = theta E[W] (Mandelbaum & Zeltyn 2007).
  metrics.average_wait_seconds = metrics.abandonment * patience;
  metrics.occupancy = std::clamp(traffic * (1 - metrics.abandonment) / n, 0.0, 1.0);
  return metrics;
}

QueueMetrics EvaluateFrom(const QueueLoad& load, int agents, double traffic, double within_seconds,
                          double log_inverse_b) {
  if (load.calls == 0) {
    return NoCalls(agents);
  }
  if (const auto& patience = load.patience_seconds; patience.has_value()) {
    return ErlangAFrom(agents, traffic, load.aht_seconds, *patience, within_seconds, log_inverse_b);
  }
  return ErlangCFrom(agents, traffic, load.aht_seconds, within_seconds, log_inverse_b);
}

bool Meets(const QueueMetrics& metrics, const ServiceTarget& target) {
  if (!metrics.stable || metrics.service_level < target.service_level - kTargetSlack) {
    return false;
  }
  if (target.max_average_wait_seconds &&
      metrics.average_wait_seconds > *target.max_average_wait_seconds) {
    return false;
  }
  if (target.max_occupancy && metrics.occupancy > *target.max_occupancy + kTargetSlack) {
    return false;
  }
  return true;
}

// The first level worth evaluating: Erlang C needs N > A (and N >= A / occupancy cap); Erlang A
// is stable everywhere, so it starts at one agent.
int FirstCandidate(const QueueLoad& load, double traffic, const ServiceTarget& target) {
  if (load.calls == 0) {
    return 0;
  }
  if (load.patience_seconds) {
    return 1;
  }
  int first = static_cast<int>(std::floor(traffic)) + 1;
  if (target.max_occupancy) {
    first = std::max(first, static_cast<int>(std::ceil(traffic / *target.max_occupancy - 1e-9)));
  }
  return first;
}

}  // namespace

core::Result<double> TrafficErlangs(const QueueLoad& load) {
  if (auto valid = ValidateLoad(load); !valid) {
    return core::Fail(valid.error());
  }
  return Traffic(load);
}

core::Result<QueueMetrics> ErlangC(const QueueLoad& load, int agents, double within_seconds) {
  QueueLoad no_abandonment = load;
  no_abandonment.patience_seconds.reset();
  return EvaluateQueue(no_abandonment, agents, within_seconds);
}

core::Result<QueueMetrics> ErlangA(const QueueLoad& load, int agents, double within_seconds) {
  if (!load.patience_seconds) {
    return core::Fail(ErrorCode::kInvalidArgument, "Erlang A needs patience_seconds",
                      {{"patience_seconds", "must be set for Erlang A"}});
  }
  return EvaluateQueue(load, agents, within_seconds);
}

core::Result<QueueMetrics> EvaluateQueue(const QueueLoad& load, int agents, double within_seconds) {
  if (auto valid = ValidateLoad(load); !valid) {
    return core::Fail(valid.error());
  }
  if (auto valid = ValidateAgents(agents, within_seconds); !valid) {
    return core::Fail(valid.error());
  }
  const double traffic = Traffic(load);
  const double log_inverse_b = load.calls == 0 ? 0 : LogInverseErlangB(agents, traffic);
  return EvaluateFrom(load, agents, traffic, within_seconds, log_inverse_b);
}

core::Result<QueueMetrics> RequiredAgents(const QueueLoad& load, const ServiceTarget& target) {
  if (auto valid = ValidateLoad(load); !valid) {
    return core::Fail(valid.error());
  }
  if (auto valid = ValidateTarget(target); !valid) {
    return core::Fail(valid.error());
  }
  const double traffic = Traffic(load);
  if (load.calls == 0) {
    return NoCalls(0);
  }
  // Walk up from the first candidate, carrying the Erlang B recursion along so the whole search
  // costs O(answer) steps rather than O(answer^2).
  int agents = FirstCandidate(load, traffic, target);
  double log_inverse_b = LogInverseErlangB(agents, traffic);
  for (; agents <= kMaxAgents; ++agents) {
    QueueMetrics metrics =
        EvaluateFrom(load, agents, traffic, target.within_seconds, log_inverse_b);
    if (Meets(metrics, target)) {
      return metrics;
    }
    log_inverse_b = NextLogInverseErlangB(log_inverse_b, agents + 1, traffic);
  }
  return core::Fail(ErrorCode::kFailedPrecondition,
                    "no staffing level up to " + std::to_string(kMaxAgents) + " meets the target");
}

core::Result<std::vector<QueueMetrics>> TradeOffTable(const QueueLoad& load,
                                                      const ServiceTarget& target,
                                                      int extra_agents) {
  if (extra_agents < 0 || extra_agents > 1000) {
    return core::Fail(ErrorCode::kInvalidArgument, "extra_agents must be in [0, 1000]",
                      {{"extra_agents", "must be in [0, 1000]"}});
  }
  auto required = RequiredAgents(load, target);
  if (!required) {
    return core::Fail(required.error());
  }
  const double traffic = Traffic(load);
  int first = 0;
  if (load.calls > 0) {
    const int first_stable = static_cast<int>(std::floor(traffic)) + 1;
    first = load.patience_seconds
                ? std::max(1, std::min(first_stable, required->agents) - extra_agents)
                : first_stable;
  }
  const int last = std::min(kMaxAgents, required->agents + extra_agents);
  std::vector<QueueMetrics> rows;
  rows.reserve(static_cast<size_t>(last) - static_cast<size_t>(first) + 1);
  double log_inverse_b = load.calls == 0 ? 0 : LogInverseErlangB(first, traffic);
  for (int agents = first; agents <= last; ++agents) {
    rows.push_back(EvaluateFrom(load, agents, traffic, target.within_seconds, log_inverse_b));
    if (load.calls > 0) {
      log_inverse_b = NextLogInverseErlangB(log_inverse_b, agents + 1, traffic);
    }
  }
  return rows;
}

core::Result<int> RosteredStaff(int agents, double shrinkage) {
  std::vector<FieldError> problems;
  if (agents < 0 || agents > kMaxAgents) {
    problems.push_back({"agents", "must be in [0, " + std::to_string(kMaxAgents) + "]"});
  }
  if (!IsFinite(shrinkage) || shrinkage < 0 || shrinkage >= 1) {
    problems.push_back({"shrinkage", "must be in [0, 1)"});
  }
  if (!problems.empty()) {
    return core::Fail(internal::InvalidInput("invalid staffing", std::move(problems)));
  }
  // The slack absorbs binary rounding: 14 / (1 - 0.3) is 20.000000000000004 in doubles.
  const double rostered = std::ceil(static_cast<double>(agents) / (1 - shrinkage) - 1e-9);
  if (rostered > static_cast<double>(std::numeric_limits<int>::max())) {
    return core::Fail(ErrorCode::kInvalidArgument, "shrinkage leaves too few working hours",
                      {{"shrinkage", "rostered staff would overflow"}});
  }
  return static_cast<int>(rostered);
}

}  // namespace storeops::staffing
