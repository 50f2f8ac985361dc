# SPDX-License-Identifier: Apache-2.0
# R's forecast package on the StoreOps Walmart split (fit the first 104 weeks, forecast the last 39,
# the 2,660 store x department series with all 143 weeks). Run by bench/forecast_r_compare.sh,
# which also runs `storeops forecast backtest` on the CSV files written here, so both sides read
# identical numbers.
#
# Usage: Rscript forecast_r_compare.R DATA_DIR OUT_DIR SERIES_LIMIT SEED
# Writes OUT_DIR/split_all.csv and OUT_DIR/split_subset.csv (the long CSV of docs/FORECASTING.md)
# and OUT_DIR/r_results.tsv (model, scope, series, wmae, mae, seconds, fallbacks).
# snaive, thetaf and ets run on every series; tbats and auto.arima with Fourier terms run on a
# random subset of SERIES_LIMIT series (sample() with set.seed(SEED)), because they take seconds
# per series. The first three are also scored on that subset, to compare like with like.
suppressPackageStartupMessages(library(forecast))
# Shared with forecast_r_full.R / forecast_r_compare.R: the split, fourier_arima, slow_models.
script_dir <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
source(file.path(script_dir, "forecast_r_walmart.R"))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 4) {
  stop("usage: Rscript forecast_r_compare.R DATA_DIR OUT_DIR SERIES_LIMIT SEED")
}
data_dir <- args[1]
out_dir <- args[2]
series_limit <- as.integer(args[3])
seed <- as.integer(args[4])

# --- the split (forecast_r_walmart.R) ----------------------------------------------------------
split <- walmart_split(data_dir)
train <- split$train
weeks <- split$weeks
keys <- split$keys
values <- split$values
n_series <- nrow(keys)
features <- read.csv(file.path(data_dir, "features.csv"), stringsAsFactors = FALSE)
holiday_by_week <- tapply(train$IsHoliday == "TRUE" | train$IsHoliday == TRUE, train$Date, any)
holiday <- as.integer(holiday_by_week[weeks])

exogenous <- c("Temperature", "Fuel_Price", "MarkDown1", "MarkDown2", "MarkDown3", "MarkDown4",
               "MarkDown5", "CPI", "Unemployment")
for (m in paste0("MarkDown", 1:5)) {
  features[[m]][is.na(features[[m]])] <- 0  # no markdown recorded = none (as ReadWalmart)
}

write_split <- function(rows, path) {
  ids <- keys$key[rows]
  long <- data.frame(
    series_id = rep(ids, each = length(weeks)),
    timestamp = rep(weeks, times = length(rows)),
    value = as.vector(t(values[rows, , drop = FALSE])),
    holiday = rep(holiday, times = length(rows)),
    stringsAsFactors = FALSE)
  store <- rep(keys$Store[rows], each = length(weeks))
  at <- match(paste(store, long$timestamp), paste(features$Store, features$Date))
  for (x in exogenous) {
    long[[x]] <- features[[x]][at]
  }
  write.csv(long, path, row.names = FALSE, quote = FALSE)
}

set.seed(seed)
subset <- sort(sample.int(n_series, min(series_limit, n_series)))
write_split(seq_len(n_series), file.path(out_dir, "split_all.csv"))
write_split(subset, file.path(out_dir, "split_subset.csv"))
cat(sprintf("R: %d series, subset of %d (seed %d)\n", n_series, length(subset), seed),
    file = stderr())

# --- the models --------------------------------------------------------------------------------
test_weight <- ifelse(holiday[(fit_weeks + 1):(fit_weeks + horizon)] == 1, 5, 1)
actual <- values[, (fit_weeks + 1):(fit_weeks + horizon), drop = FALSE]

history <- function(i) ts(values[i, 1:fit_weeks], frequency = season)

models <- list(
  snaive = function(y) snaive(y, h = horizon)$mean,
  thetaf = function(y) thetaf(y, h = horizon)$mean,
  # R's ets refuses seasons longer than 24 and fits a non-seasonal model (it warns).
  ets = function(y) forecast(suppressWarnings(ets(y)), h = horizon)$mean,
  tbats = slow_models$tbats,
  arima_fourier = slow_models$arima_fourier)
on_subset_only <- names(slow_models)

score <- function(forecasts, rows) {
  e <- abs(actual[rows, , drop = FALSE] - forecasts[rows, , drop = FALSE])
  w <- matrix(test_weight, nrow = length(rows), ncol = horizon, byrow = TRUE)
  c(wmae = sum(w * e) / sum(w), mae = mean(e))
}

results <- data.frame()
for (name in names(models)) {
  rows <- if (name %in% on_subset_only) subset else seq_len(n_series)
  forecasts <- matrix(NA_real_, n_series, horizon)
  fallbacks <- 0
  started <- proc.time()[["elapsed"]]
  for (i in rows) {
    y <- history(i)
    f <- tryCatch(as.numeric(models[[name]](y)), error = function(e) NULL)
    if (is.null(f) || length(f) != horizon || any(!is.finite(f))) {
      f <- as.numeric(snaive(y, h = horizon)$mean)  # as the StoreOps backtest does
      fallbacks <- fallbacks + 1
    }
    forecasts[i, ] <- f
  }
  seconds <- proc.time()[["elapsed"]] - started
  scopes <- if (name %in% on_subset_only) list(subset = subset) else
    list(all = seq_len(n_series), subset = subset)
  for (scope in names(scopes)) {
    s <- score(forecasts, scopes[[scope]])
    results <- rbind(results, data.frame(
      model = name, scope = scope, series = length(scopes[[scope]]), wmae = s[["wmae"]],
      mae = s[["mae"]], seconds = if (scope == "subset" && length(rows) > length(subset)) NA else
        seconds, fallbacks = fallbacks))
  }
  cat(sprintf("R: %s on %d series: %.1f s\n", name, length(rows), seconds), file = stderr())
}
write.table(results, file.path(out_dir, "r_results.tsv"), sep = "\t", row.names = FALSE,
            quote = FALSE)
