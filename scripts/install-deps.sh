#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The one list of system packages StoreOps needs (Debian 12). Idempotent: installs only what is
# missing, and runs `apt-get update` only when it has something to install.
# Usage: scripts/install-deps.sh [--check]   (--check: list what is missing, install nothing)
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config make git
  # formatting and static analysis (pinned majors: output changes between versions)
  clang-format-16 clang-tidy-16
  clang-16 libclang-rt-16-dev   # libFuzzer targets (fuzz/, scripts/fuzz.sh)
  # libraries (docs/ARCHITECTURE.md says why each was chosen)
  libboost-dev            # Beast + Asio: HTTP and WebSocket server
  libssl-dev              # TLS, HMAC, AES-GCM
  nlohmann-json3-dev      # JSON for responses, store definitions and config
  libsimdjson-dev         # fast JSON parsing on the ingest path
  libsqlite3-dev sqlite3  # embedded storage (sqlite3: the shell, for inspecting a database)
  libspdlog-dev libfmt-dev
  libcli11-dev libtomlplusplus-dev
  libhowardhinnant-date-dev tzdata
  libexpected-dev
  libpaho-mqttpp-dev libpaho-mqtt-dev   # MQTT ingest connector (src/ingest)
  coinor-libcbc-dev       # COIN-OR CBC: the roster MIP (src/staffing)
  coinor-libclp-dev       # COIN-OR CLP: the roster column generation's master LP (src/staffing)
  libxgboost-dev          # xgboost C API: the global gradient-boosted model (src/forecast)
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  wrk curl procps iproute2
  mosquitto mosquitto-clients   # the real broker the MQTT integration test starts on loopback
  chromium                # the dashboard's browser tests (web/e2e; Node.js and npm come with the machine)
  python3-fastapi python3-uvicorn   # the product brief's stack, as a peer in bench/wrk_store_list.sh
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [[ "${1:-}" == "--check" ]]; then
  echo "install-deps: missing: ${missing[*]}"
  exit 1
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then
    sudo="sudo"
  else
    echo "install-deps: not root and no sudo; run as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"
