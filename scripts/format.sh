#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Formats every C++ file with the pinned clang-format-16. --check: report instead of rewriting.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- \
  '*.cpp' '*.hpp' '*.h' '*.cc' | grep -v '^build/' || true)
if [[ ${#files[@]} -eq 0 ]]; then
  exit 0
fi
if [[ "${1:-}" == "--check" ]]; then
  clang-format-16 --dry-run -Werror "${files[@]}"
  echo "format-check: ${#files[@]} files ok"
else
  clang-format-16 -i "${files[@]}"
fi
