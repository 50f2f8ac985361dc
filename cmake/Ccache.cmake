# SPDX-License-Identifier: Apache-2.0
# ccache keeps `make test` on a 2-core box fast when only a few files change.
find_program(STOREOPS_CCACHE ccache)
if(STOREOPS_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${STOREOPS_CCACHE}")
endif()
