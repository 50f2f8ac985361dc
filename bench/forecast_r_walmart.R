# SPDX-License-Identifier: Apache-2.0
# What bench/forecast_r_compare.R and bench/forecast_r_full.R share, sourced by both: the StoreOps
# Walmart split (fit the first 104 weeks, forecast the last 39, the 2,660 store x department series
# with all 143 weeks), built exactly as app/forecast_data.cpp ReadWalmart does, and R's auto.arima
# with Fourier terms, so both scripts fit the same models on the same numbers.
fit_weeks <- 104
horizon <- 39
season <- 52

# list(train, weeks, keys, values): the train.csv rows, the sorted week dates, the complete series
# (Store, Dept, key "store-dept") in store/department order, and their weekly sales by row.
walmart_split <- function(data_dir) {
  train <- read.csv(file.path(data_dir, "train.csv"), stringsAsFactors = FALSE)
  weeks <- sort(unique(train$Date))
  stopifnot(length(weeks) == fit_weeks + horizon)
  train$key <- paste(train$Store, train$Dept, sep = "-")
  counts <- table(train$key)
  complete <- names(counts)[counts == length(weeks)]
  keys <- unique(train[train$key %in% complete, c("Store", "Dept", "key")])
  keys <- keys[order(keys$Store, keys$Dept), ]
  values <- matrix(NA_real_, nrow(keys), length(weeks))
  row_of <- match(train$key, keys$key)
  col_of <- match(train$Date, weeks)
  ok <- !is.na(row_of)
  values[cbind(row_of[ok], col_of[ok])] <- train$Weekly_Sales[ok]
  stopifnot(!anyNA(values))
  list(train = train, weeks = weeks, keys = keys, values = values)
}

# K (Fourier pairs) by AICc among a few values, as FPP3 12.1 suggests; non-seasonal ARIMA errors.
fourier_arima <- function(y) {
  best <- NULL
  for (k in c(2, 5, 10)) {
    fit <- tryCatch(auto.arima(y, xreg = fourier(y, K = k), seasonal = FALSE),
                    error = function(e) NULL)
    if (!is.null(fit) && (is.null(best) || fit$aicc < best$fit$aicc)) {
      best <- list(fit = fit, k = k)
    }
  }
  if (is.null(best)) stop("no ARIMA fitted")
  forecast(best$fit, xreg = fourier(y, K = best$k, h = horizon))$mean
}

# The two models that take seconds per series.
slow_models <- list(
  tbats = function(y) forecast(tbats(y, use.parallel = FALSE), h = horizon)$mean,
  arima_fourier = function(y) fourier_arima(y))
