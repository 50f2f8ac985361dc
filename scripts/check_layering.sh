#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Fails when a library under src/ includes a storeops header the dependency table forbids, or when
# a public header (include/) includes anything but the standard library and storeops headers.
# The table is the one in docs/ARCHITECTURE.md between the layering markers.
set -euo pipefail
cd "$(dirname "$0")/.."

table=$(sed -n '/<!-- layering:begin -->/,/<!-- layering:end -->/p' docs/ARCHITECTURE.md |
        grep -E '^\| `' || true)
if [[ -z "$table" ]]; then
  echo "check_layering: no dependency table found in docs/ARCHITECTURE.md" >&2
  exit 2
fi

declare -A allowed
while IFS='|' read -r _ library deps _; do
  library=$(echo "$library" | tr -d ' `')
  deps=$(echo "$deps" | tr -d ' `' | tr ',' ' ')
  allowed[$library]="$library $deps"
done <<< "$table"

status=0
for dir in src/*/; do
  library=$(basename "$dir")
  if [[ -z "${allowed[$library]+x}" ]]; then
    echo "check_layering: src/$library is not in the dependency table of docs/ARCHITECTURE.md"
    status=1
    continue
  fi
  while IFS=: read -r file line include; do
    used=$(echo "$include" | sed -E 's|.*"storeops/([a-z_]+)/.*|\1|')
    if [[ " ${allowed[$library]} " != *" $used "* ]]; then
      echo "$file:$line: src/$library may not include storeops/$used (allowed: ${allowed[$library]})"
      status=1
    fi
  done < <(grep -rnoE '#include "storeops/[a-z_]+/' "$dir" --include='*.hpp' --include='*.cpp' || true)
done

# Public headers: std and storeops only (tl/expected via core/result.hpp is the one exception).
while IFS=: read -r file line include; do
  if [[ "$include" != *'<tl/expected.hpp>'* ]]; then
    echo "$file:$line: public header includes a third-party header: $include"
    status=1
  fi
done < <(grep -rnE '#include <[^>]*[./][^>]*>' src/*/include || true)

if [[ $status -eq 0 ]]; then
  echo "check_layering: ok ($(ls -d src/*/ | wc -l) libraries)"
fi
exit $status
