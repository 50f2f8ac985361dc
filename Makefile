# SPDX-License-Identifier: Apache-2.0
# Thin aliases over CMake presets and scripts/. Every target installs what it needs first.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: all deps build demo test unit asan tsan fuzz bench format format-check tidy layering clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	cmake --preset ci
	cmake --build --preset ci

# Builds the binary and the dashboard (web/), then serves the sample supercenter on http://localhost:8080.
demo: deps
	cmake --preset ci
	cmake --build --preset ci --target storeops
	cd web && npm ci --no-audit --no-fund && npm run build
	./build/ci/app/storeops demo

# Format, layering, the -Werror build with unit + integration tests, benchmarks once, ASan/UBSan.
test:
	@scripts/test.sh

unit: build
	ctest --preset ci -L unit

asan: deps
	cmake --workflow --preset asan

tsan: deps
	cmake --preset tsan && cmake --build --preset tsan && ctest --preset tsan

# libFuzzer targets (clang) for the event parser and the CSV importer, five minutes each.
fuzz: deps
	scripts/fuzz.sh 300

# Figures of record for docs/BENCHMARKS.md (optimised build; takes a few minutes).
bench: deps
	cmake --preset release
	cmake --build --preset release
	bench/run_all.sh build/release

format:
	scripts/format.sh

format-check:
	scripts/format.sh --check

tidy: build
	scripts/tidy.sh

layering:
	scripts/check_layering.sh

clean:
	rm -rf build
