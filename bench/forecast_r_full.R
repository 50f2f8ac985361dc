# SPDX-License-Identifier: Apache-2.0
# R's slow forecast-package models (tbats, auto.arima with Fourier terms) on EVERY series of the
# StoreOps Walmart split (fit the first 104 weeks, forecast the last 39, the 2,660 store x
# department series with all 143 weeks), resumable. Run by bench/forecast_r_full.sh.
#
# Usage: Rscript forecast_r_full.R DATA_DIR OUT_DIR SEED WORKERS WORKER
# Series are visited in a random order (set.seed(SEED); sample()), so the series finished when the
# run is stopped are a random sample of all. This worker takes every WORKERS-th series of that
# order starting at WORKER (0-based). After each series it appends one line per model to
# OUT_DIR/forecasts.WORKER.tsv:
#   series_id <TAB> model <TAB> seconds <TAB> fallback (0/1) <TAB> 39 forecasts
# and on a restart it skips the series already in any OUT_DIR/forecasts.*.tsv with both models (a
# line cut short by a kill is ignored), so WORKERS may change between runs. The models and the
# split come from bench/forecast_r_walmart.R, as in bench/forecast_r_compare.R.
suppressPackageStartupMessages(library(forecast))
# Shared with forecast_r_full.R / forecast_r_compare.R: the split, fourier_arima, slow_models.
script_dir <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
source(file.path(script_dir, "forecast_r_walmart.R"))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 5) {
  stop("usage: Rscript forecast_r_full.R DATA_DIR OUT_DIR SEED WORKERS WORKER")
}
data_dir <- args[1]
out_dir <- args[2]
seed <- as.integer(args[3])
workers <- as.integer(args[4])
worker <- as.integer(args[5])

# --- the split (forecast_r_walmart.R), as in bench/forecast_r_compare.R --------------------------
split <- walmart_split(data_dir)
keys <- split$keys
values <- split$values
n_series <- nrow(keys)
models <- slow_models

# --- resume ------------------------------------------------------------------------------------
done <- character(0)
out_file <- file.path(out_dir, sprintf("forecasts.%d.tsv", worker))
previous <- list.files(out_dir, pattern = "^forecasts\\.[0-9]+\\.tsv$", full.names = TRUE)
if (length(previous) > 0) {
  lines <- unlist(lapply(previous, readLines, warn = FALSE))
  parts <- strsplit(lines, "\t", fixed = TRUE)
  complete_line <- vapply(parts, length, 1L) == 4 + horizon
  parts <- parts[complete_line]
  if (length(parts) > 0) {
    ids <- vapply(parts, `[`, "", 1)
    model <- vapply(parts, `[`, "", 2)
    per_id <- tapply(model, ids, function(m) all(names(models) %in% m))
    done <- names(per_id)[per_id]
  }
}

if (file.exists(out_file) && file.size(out_file) > 0) {
  con <- file(out_file, "rb")
  seek(con, file.size(out_file) - 1)
  last <- readBin(con, "raw", 1)
  close(con)
  if (last != as.raw(10)) cat("\n", file = out_file, append = TRUE)  # end a line cut by a kill
}

set.seed(seed)
order <- sample.int(n_series)
mine <- order[seq_along(order) %% workers == worker %% workers]
todo <- mine[!(keys$key[mine] %in% done)]
cat(sprintf("R worker %d/%d: %d series of %d, %d already done, %d to do\n", worker, workers,
            length(mine), n_series, length(mine) - length(todo), length(todo)), file = stderr())

count <- 0
for (i in todo) {
  y <- ts(values[i, 1:fit_weeks], frequency = season)
  out <- character(0)
  for (name in names(models)) {
    started <- proc.time()[["elapsed"]]
    f <- tryCatch(as.numeric(models[[name]](y)), error = function(e) NULL)
    fallback <- 0
    if (is.null(f) || length(f) != horizon || any(!is.finite(f))) {
      f <- as.numeric(snaive(y, h = horizon)$mean)  # as the StoreOps backtest does
      fallback <- 1
    }
    seconds <- proc.time()[["elapsed"]] - started
    out <- c(out, paste(c(keys$key[i], name, sprintf("%.3f", seconds), fallback,
                          sprintf("%.6f", f)), collapse = "\t"))
  }
  # One write per series: both models or none.
  cat(paste0(paste(out, collapse = "\n"), "\n"), file = out_file, append = TRUE)
  count <- count + 1
  if (count %% 10 == 0) {
    cat(sprintf("R worker %d: %d/%d series done (%s)\n", worker, count, length(todo),
                format(Sys.time(), "%H:%M:%S")), file = stderr())
  }
}
cat(sprintf("R worker %d: finished\n", worker), file = stderr())
