#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# clang-tidy-16 over the C++ files changed since BASE (default: origin/main or the first commit),
# using the ci build's compile_commands.json. Usage: scripts/tidy.sh [BASE]
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-$(git rev-parse --verify -q origin/main || git rev-list --max-parents=0 HEAD | tail -n1)}
mapfile -t files < <(git diff --name-only "$base" -- 'src/*.cpp' 'app/*.cpp' | while read -r f; do
  [[ -f "$f" ]] && echo "$f"; done)
if [[ ${#files[@]} -eq 0 ]]; then
  echo "tidy: no changed C++ sources"
  exit 0
fi
# GCC-only warning flags in compile_commands.json are unknown to clang.
clang-tidy-16 -p build/ci --quiet --extra-arg=-Wno-unknown-warning-option "${files[@]}"
