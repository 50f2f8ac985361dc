// SPDX-License-Identifier: Apache-2.0
// The global gradient-boosted model over all series ("gbm"), through the xgboost C API (Debian
// libxgboost-dev 1.7). This is the only file that includes <xgboost/c_api.h>; the features are in
// gbm_features.cpp.
//
// Determinism: histogram trees ("hist") with a fixed seed for row/column sampling. xgboost builds
// per-thread histograms and sums them in double precision in a fixed order, so the trees do not
// depend on nthread; gbm_test checks 1 vs 4 threads give identical numbers. xgboost's threads come
// from GlobalFitOptions::threads (Backtest passes its own thread count), except on small tables.
#include "gbm.hpp"

#include <cmath>
#include <exception>
#include <mutex>
#include <new>
#include <string>
#include <utility>

#include <xgboost/c_api.h>

namespace storeops::forecast::internal {
namespace {

// Owns one xgboost handle; the C API's free functions are the deleters.
template <class Handle, int (*Free)(Handle)>
class Owned {
 public:
  Owned() = default;
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;

  ~Owned() {
    if (handle_ != nullptr) {
      Free(handle_);
    }
  }

  Handle* Out() { return &handle_; }

  [[nodiscard]] Handle Get() const { return handle_; }

 private:
  Handle handle_ = nullptr;
};

using Matrix = Owned<DMatrixHandle, XGDMatrixFree>;
using Booster = Owned<BoosterHandle, XGBoosterFree>;

// Every C API call returns 0 or -1 with a thread-local message; this turns -1 into an exception
// that FitPredict catches at the boundary and maps to kInternal.
class XgbError : public std::exception {
 public:
  explicit XgbError(std::string message) : message_(std::move(message)) {}

  [[nodiscard]] const char* what() const noexcept override { return message_.c_str(); }

 private:
  std::string message_;
};

void Check(int status, const char* call) {
  if (status != 0) {
    throw XgbError(std::string("xgboost ") + call + ": " + XGBGetLastError());
  }
}

void Quiet() {
  static std::once_flag once;
  std::call_once(once, [] { Check(XGBSetGlobalConfig(R"({"verbosity":0})"), "global config"); });
}

void MakeMatrix(const FeatureTable& table, int threads, Matrix& matrix) {
  const auto rows = static_cast<bst_ulong>(table.cells.size() / table.columns);
  Check(XGDMatrixCreateFromMat_omp(table.cells.data(), rows, static_cast<bst_ulong>(table.columns),
                                   std::nanf(""), matrix.Out(), threads),
        "DMatrix");
}

void SetParam(const Booster& booster, const char* name, const std::string& value) {
  Check(XGBoosterSetParam(booster.Get(), name, value.c_str()), name);
}

core::Status CheckViews(std::span<const GlobalSeriesView> series, const GlobalFitOptions& options) {
  if (series.empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "gbm: no series");
  }
  if (options.horizon < 1 || options.season < 1 || options.threads < 1) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "gbm: horizon, season and threads must be at least 1");
  }
  const size_t columns = series.front().exogenous.size();
  for (size_t i = 0; i < series.size(); ++i) {
    const GlobalSeriesView& s = series[i];
    const std::string where = "gbm: series " + std::to_string(i + 1);
    if (s.values.empty()) {
      return core::Fail(core::ErrorCode::kInvalidArgument, where + " has no history");
    }
    const size_t needed = s.values.size() + static_cast<size_t>(options.horizon);
    auto covers = [&](size_t size) { return size == 0 || size >= needed; };
    if (!covers(s.timestamps.size()) || !covers(s.holiday.size())) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        where + ": timestamps and holidays must cover history + horizon");
    }
    if (s.exogenous.size() != columns) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        where + " has " + std::to_string(s.exogenous.size()) +
                            " exogenous columns; the first series has " + std::to_string(columns));
    }
    for (const auto& column : s.exogenous) {
      if (!covers(column.size())) {
        return core::Fail(core::ErrorCode::kInvalidArgument,
                          where + ": exogenous columns must cover history + horizon");
      }
    }
  }
  return core::Ok();
}

class GbmModel final : public GlobalModel {
 public:
  explicit GbmModel(const GbmSettings& settings) : settings_(settings) {}

  [[nodiscard]] std::string_view Name() const override { return "gbm"; }

  [[nodiscard]] core::Result<std::vector<ModelFit>> FitPredict(
      std::span<const GlobalSeriesView> series, const GlobalFitOptions& options) const override {
    if (auto valid = CheckViews(series, options); !valid) {
      return core::Fail(valid.error());
    }
    try {
      return Run(series, options);
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const std::exception& e) {
      return core::Fail(core::ErrorCode::kInternal, std::string("gbm: ") + e.what());
    }
  }

 private:
  std::vector<ModelFit> Run(std::span<const GlobalSeriesView> series,
                            const GlobalFitOptions& options) const {
    Quiet();
    const FeatureTable train = TrainingRows(series, options, settings_);
    const FeatureTable ahead = PredictionRows(series, options);
    std::vector<ModelFit> fits(series.size());
    std::vector<double> scales;
    for (const auto& s : series) {
      scales.push_back(SeriesScale(s.values));
    }
    if (train.labels.empty()) {
      throw XgbError("no training rows: every history has a single point");
    }
    // libgomp's idle threads spin between xgboost's many short parallel regions; on a small table
    // (and a busy machine) that costs more than the work, so small fits use one thread.
    constexpr size_t kParallelRows = 50000;
    const int threads = train.labels.size() < kParallelRows ? 1 : options.threads;
    Matrix train_matrix;
    MakeMatrix(train, threads, train_matrix);
    const auto rows = static_cast<bst_ulong>(train.labels.size());
    Check(XGDMatrixSetFloatInfo(train_matrix.Get(), "label", train.labels.data(), rows), "label");
    Check(XGDMatrixSetFloatInfo(train_matrix.Get(), "weight", train.weights.data(), rows),
          "weight");

    Booster booster;
    DMatrixHandle cache[] = {train_matrix.Get()};
    Check(XGBoosterCreate(cache, 1, booster.Out()), "booster");
    SetParam(booster, "nthread", std::to_string(threads));
    SetParam(booster, "seed", std::to_string(options.seed % 2147483647U));
    SetParam(booster, "tree_method", "hist");
    SetParam(booster, "objective", "reg:squarederror");
    SetParam(booster, "max_depth", std::to_string(settings_.max_depth));
    SetParam(booster, "eta", std::to_string(settings_.eta));
    SetParam(booster, "subsample", std::to_string(settings_.subsample));
    SetParam(booster, "colsample_bytree", std::to_string(settings_.colsample));
    SetParam(booster, "min_child_weight", std::to_string(settings_.min_child_weight));
    SetParam(booster, "max_bin", std::to_string(settings_.max_bin));
    for (int round = 0; round < settings_.rounds; ++round) {
      Check(XGBoosterUpdateOneIter(booster.Get(), round, train_matrix.Get()), "boost");
    }

    // In-sample residuals (for the Gaussian interval fallback): the training rows' errors.
    bst_ulong length = 0;
    const float* fitted = nullptr;
    Check(XGBoosterPredict(booster.Get(), train_matrix.Get(), 0, 0, 0, &length, &fitted),
          "predict");
    for (size_t r = 0; r < length; ++r) {
      const size_t i = train.series[r];
      fits[i].residuals.push_back(series[i].values[train.target[r]] - train.base[r] -
                                  static_cast<double>(fitted[r]) * scales[i]);
    }

    Matrix ahead_matrix;
    MakeMatrix(ahead, threads, ahead_matrix);
    const float* predicted = nullptr;
    Check(XGBoosterPredict(booster.Get(), ahead_matrix.Get(), 0, 0, 0, &length, &predicted),
          "predict");
    if (length != ahead.series.size()) {
      throw XgbError("prediction has " + std::to_string(length) + " rows, expected " +
                     std::to_string(ahead.series.size()));
    }
    for (size_t r = 0; r < length; ++r) {
      const size_t i = ahead.series[r];
      fits[i].mean.push_back(ahead.base[r] + static_cast<double>(predicted[r]) * scales[i]);
    }
    for (auto& fit : fits) {
      fit.method = "xgboost global model, " + std::to_string(settings_.rounds) + " trees";
    }
    return fits;
  }

  GbmSettings settings_;
};

}  // namespace

std::unique_ptr<GlobalModel> MakeGbmModel(const GbmSettings& settings) {
  return std::make_unique<GbmModel>(settings);
}

}  // namespace storeops::forecast::internal

namespace storeops::forecast {

std::vector<std::string> GlobalModelNames() { return {"gbm"}; }

std::unique_ptr<GlobalModel> MakeGlobalModel(std::string_view name) {
  if (name == "gbm") {
    return internal::MakeGbmModel(internal::GbmSettings{});
  }
  return nullptr;
}

}  // namespace storeops::forecast
