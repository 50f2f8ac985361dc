// SPDX-License-Identifier: Apache-2.0
// Two-level hierarchical reconciliation (FPP3 chapter 11). Every store is independent (there is no
// grand total), so each one is solved on its own: n = 1 + m series (the store, then its m
// departments), summing matrix S = [1...1; I_m].
//
// MinT (Wickramasuriya, Athanasopoulos & Hyndman 2019, JASA 114:804): bottom = (S' W^-1 S)^-1
// S' W^-1 y_hat, with W the error covariance. With short error samples (T of a few dozen, m up to
// ~80) the sample covariance is singular or noisy, so W shrinks its off-diagonal part towards zero
// with the intensity of Schäfer & Strimmer (2005, target "D": diagonal, unequal variances):
// lambda = sum_{i!=j} Var(r_ij) / sum_{i!=j} r_ij^2 over the correlations r of the errors (taken
// as mean zero, as forecast errors should be). The systems are small, so a plain Cholesky suffices
// and no linear algebra library is needed.
#include "storeops/forecast/reconcile.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace storeops::forecast {
namespace {

using Matrix = std::vector<double>;  // row-major, square unless noted

// In-place Cholesky (lower triangle) of the n x n matrix a; false when not positive definite.
bool Cholesky(Matrix& a, size_t n) {
  for (size_t j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (size_t k = 0; k < j; ++k) {
      d -= a[j * n + k] * a[j * n + k];
    }
    if (!(d > 1e-12 * std::max(1.0, std::abs(a[j * n + j])))) {
      return false;
    }
    a[j * n + j] = std::sqrt(d);
    for (size_t i = j + 1; i < n; ++i) {
      double v = a[i * n + j];
      for (size_t k = 0; k < j; ++k) {
        v -= a[i * n + k] * a[j * n + k];
      }
      a[i * n + j] = v / a[j * n + j];
    }
  }
  return true;
}

// Solves (L L') x = b in place, L from Cholesky.
void CholeskySolve(const Matrix& l, size_t n, std::vector<double>& b) {
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < i; ++k) {
      b[i] -= l[i * n + k] * b[k];
    }
    b[i] /= l[i * n + i];
  }
  for (size_t i = n; i-- > 0;) {
    for (size_t k = i + 1; k < n; ++k) {
      b[i] -= l[k * n + i] * b[k];
    }
    b[i] /= l[i * n + i];
  }
}

// The shrinkage covariance of the columns of `errors` (T rows x n columns, row-major); empty when a
// column has zero variance.
Matrix ShrunkCovariance(const Matrix& errors, size_t rows, size_t n) {
  const auto t = static_cast<double>(rows);
  Matrix cov(n * n, 0.0);
  for (size_t k = 0; k < rows; ++k) {
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j <= i; ++j) {
        cov[i * n + j] += errors[k * n + i] * errors[k * n + j] / t;
      }
    }
  }
  std::vector<double> sd(n);
  for (size_t i = 0; i < n; ++i) {
    sd[i] = std::sqrt(cov[i * n + i]);
    if (!(sd[i] > 0)) {
      return {};
    }
  }
  double variance_sum = 0;
  double correlation_sum = 0;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < i; ++j) {
      const double r = cov[i * n + j] / (sd[i] * sd[j]);
      double fourth = 0;  // sum over k of xs_ki^2 xs_kj^2 (standardised errors)
      for (size_t k = 0; k < rows; ++k) {
        const double a = errors[k * n + i] / sd[i];
        const double b = errors[k * n + j] / sd[j];
        fourth += a * a * b * b;
      }
      variance_sum += (fourth - t * r * r) / (t * (t - 1));
      correlation_sum += r * r;
    }
  }
  const double lambda =
      correlation_sum > 0 ? std::clamp(variance_sum / correlation_sum, 0.0, 1.0) : 1.0;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < i; ++j) {
      cov[i * n + j] *= 1 - lambda;
      cov[j * n + i] = cov[i * n + j];
    }
  }
  return cov;
}

// MinT for one store: reconciles `bottom` rows in place (the top is then their sum). False when
// the covariance cannot be used (the caller keeps bottom-up).
bool MinTStore(const std::vector<size_t>& children, size_t store, const ReconcileInput& input,
               std::vector<std::vector<double>>& bottom) {
  const size_t m = children.size();
  const size_t n = m + 1;
  const size_t rows = input.top_errors[store].size();
  Matrix errors(rows * n);
  for (size_t k = 0; k < rows; ++k) {
    errors[k * n] = input.top_errors[store][k];
    for (size_t c = 0; c < m; ++c) {
      errors[k * n + 1 + c] = input.bottom_errors[children[c]][k];
    }
  }
  Matrix w = ShrunkCovariance(errors, rows, n);
  if (w.empty() || !Cholesky(w, n)) {
    return false;
  }
  // X = W^-1 S, column by column (S's column c: 1 in row 0 and in row 1 + c).
  Matrix x(n * m);  // n rows x m columns
  for (size_t c = 0; c < m; ++c) {
    std::vector<double> column(n, 0.0);
    column[0] = 1;
    column[1 + c] = 1;
    CholeskySolve(w, n, column);
    for (size_t i = 0; i < n; ++i) {
      x[i * m + c] = column[i];
    }
  }
  // A = S' X (m x m): row c of S' picks rows 0 and 1 + c of X.
  Matrix a(m * m);
  for (size_t r = 0; r < m; ++r) {
    for (size_t c = 0; c < m; ++c) {
      a[r * m + c] = x[c] + x[(1 + r) * m + c];
    }
  }
  // A is symmetric in exact arithmetic; average away rounding so Cholesky sees a symmetric matrix.
  for (size_t r = 0; r < m; ++r) {
    for (size_t c = 0; c < r; ++c) {
      const double v = (a[r * m + c] + a[c * m + r]) / 2;
      a[r * m + c] = v;
      a[c * m + r] = v;
    }
  }
  if (!Cholesky(a, m)) {
    return false;
  }
  const size_t horizon = input.top[store].size();
  for (size_t h = 0; h < horizon; ++h) {
    // b = X' y_hat, then A bottom = b.
    std::vector<double> b(m, 0.0);
    for (size_t c = 0; c < m; ++c) {
      b[c] += x[c] * input.top[store][h];
      for (size_t i = 0; i < m; ++i) {
        b[c] += x[(1 + i) * m + c] * input.bottom[children[i]][h];
      }
    }
    CholeskySolve(a, m, b);
    for (size_t c = 0; c < m; ++c) {
      bottom[children[c]][h] = b[c];
    }
  }
  return true;
}

core::Status Check(const ReconcileInput& input, ReconcileMethod method,
                   std::vector<std::vector<size_t>>& children) {
  auto fail = [](const std::string& message) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "reconcile: " + message);
  };
  if (input.parent.size() != input.bottom.size()) {
    return fail(std::to_string(input.bottom.size()) + " departments but " +
                std::to_string(input.parent.size()) + " parent indices");
  }
  if (input.top.empty()) {
    return fail("no stores");
  }
  const size_t horizon = input.top.front().size();
  auto finite = [&](const std::vector<double>& v) {
    return v.size() == horizon &&
           std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
  };
  children.assign(input.top.size(), {});
  for (size_t d = 0; d < input.bottom.size(); ++d) {
    if (input.parent[d] >= input.top.size()) {
      return fail("department " + std::to_string(d) + " has parent " +
                  std::to_string(input.parent[d]) + " but there are " +
                  std::to_string(input.top.size()) + " stores");
    }
    if (!finite(input.bottom[d])) {
      return fail("department " + std::to_string(d) + ": forecasts must be " +
                  std::to_string(horizon) + " finite numbers");
    }
    children[input.parent[d]].push_back(d);
  }
  for (size_t s = 0; s < input.top.size(); ++s) {
    if (!finite(input.top[s])) {
      return fail("store " + std::to_string(s) + ": forecasts must be " + std::to_string(horizon) +
                  " finite numbers");
    }
    if (children[s].empty()) {
      return fail("store " + std::to_string(s) + " has no department");
    }
  }
  if (method != ReconcileMethod::kMinTShrink) {
    return core::Ok();
  }
  if (input.top_errors.size() != input.top.size() ||
      input.bottom_errors.size() != input.bottom.size()) {
    return fail("MinT needs forecast errors for every store and department");
  }
  for (size_t s = 0; s < input.top.size(); ++s) {
    const size_t rows = input.top_errors[s].size();
    if (rows < 2) {
      return fail("store " + std::to_string(s) + " has fewer than 2 forecast errors");
    }
    for (size_t d : children[s]) {
      if (input.bottom_errors[d].size() != rows) {
        return fail("department " + std::to_string(d) + " has " +
                    std::to_string(input.bottom_errors[d].size()) + " forecast errors; its store " +
                    std::to_string(rows));
      }
    }
  }
  return core::Ok();
}

}  // namespace

core::Result<Reconciled> Reconcile(const ReconcileInput& input, ReconcileMethod method) {
  std::vector<std::vector<size_t>> children;
  if (auto valid = Check(input, method, children); !valid) {
    return core::Fail(valid.error());
  }
  Reconciled out;
  out.bottom = input.bottom;
  if (method == ReconcileMethod::kMinTShrink) {
    for (size_t s = 0; s < input.top.size(); ++s) {
      // A singular covariance (e.g. an error column of zeros) leaves that store bottom-up.
      if (!MinTStore(children[s], s, input, out.bottom)) {
        for (size_t d : children[s]) {
          out.bottom[d] = input.bottom[d];
        }
      }
    }
  }
  const size_t horizon = input.top.front().size();
  out.top.assign(input.top.size(), std::vector<double>(horizon, 0.0));
  for (size_t d = 0; d < out.bottom.size(); ++d) {
    for (size_t h = 0; h < horizon; ++h) {
      out.top[input.parent[d]][h] += out.bottom[d][h];
    }
  }
  return out;
}

}  // namespace storeops::forecast
