// SPDX-License-Identifier: Apache-2.0
// Staffing demand from the store's champion forecast (issue #6): a DemandSource that serves
// department demand (metric "transactions", hourly) and checkout demand (metric "customers")
// from ForecastService and falls back to another source (AggregateDemandSource) for the hours
// the forecast cannot answer.
//
//   service::AggregateDemandSource history(db->aggregates(), clock);
//   service::ForecastDemandSource demand(forecasts, history, db->aggregates());
//   service::StaffingService staffing(catalog, db->staffing(), demand, jobs, clock);
//
// Mapping (docs/STAFFING.md, "Demand"):
// - department d: the forecast of department d's transactions.
// - "checkout": baskets a cashier serves, not the sum of the departments' transactions (which
//   counts a basket once per department it touches): the store's customers forecast times r,
//   r = assisted baskets (storage::HourlyBaskets, staffed and express lanes) / actual customers
//   over the up to 14 days of hours before the forecast starts. No basket roll-ups there (a
//   database from before schema 6) or no customers: checkout falls back to history.
// - 15-minute points split the hour evenly.
// - customers = the forecast mean; p80/p95 from the stored conformal intervals. The 80% interval
//   is central, so hi80 is the 90th percentile and hi95 the 97.5th: the half-widths are scaled
//   as if the errors were normal, p80 = mean + (hi80 - mean) x z(0.80)/z(0.90) = mean + 0.657 x
//   half80 and p95 = mean + (hi95 - mean) x z(0.95)/z(0.975) = mean + 0.839 x half95.
// - Fallback, per hour (each point's `source` says which served it): the store has no champion
//   model, the model has no forecast for the department, or the hour lies outside the stored
//   forecast (before its data end or past its horizon). Other errors are returned.
#pragma once

#include <string_view>
#include <vector>

#include "storeops/core/result.hpp"
#include "storeops/service/forecast_service.hpp"
#include "storeops/service/staffing_service.hpp"
#include "storeops/storage/aggregate_repository.hpp"

namespace storeops::service {

/// z(0.80) / z(0.90) and z(0.95) / z(0.975) of the standard normal distribution.
inline constexpr double kP80FromHalfWidth80 = 0.841621 / 1.281552;
inline constexpr double kP95FromHalfWidth95 = 1.644854 / 1.959964;

/// Thread-safe when both `forecasts` and `fallback` are.
class ForecastDemandSource final : public DemandSource {
 public:
  /// `aggregates` gives the basket roll-ups the checkout ratio is measured on.
  ForecastDemandSource(ForecastService& forecasts, DemandSource& fallback,
                       storage::AggregateRepository& aggregates);

  [[nodiscard]] core::Result<std::vector<DemandPoint>> Demand(
      const core::StoreId& store, std::string_view department, core::Timestamp from,
      core::Timestamp to, DemandGranularity granularity) override;

 private:
  ForecastService& forecasts_;
  DemandSource& fallback_;
  storage::AggregateRepository& aggregates_;
};

}  // namespace storeops::service
