# SPDX-License-Identifier: Apache-2.0
# Warning flags live on an INTERFACE target that every storeops target links PRIVATE, so third-party
# code never sees them and CMAKE_CXX_FLAGS stays untouched.
add_library(storeops_warnings INTERFACE)
target_compile_options(storeops_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
  -Wnon-virtual-dtor -Woverloaded-virtual -Wimplicit-fallthrough -Wmisleading-indentation
  -Wformat=2)
# GCC-only checks; clang builds the fuzz targets (libFuzzer).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(storeops_warnings INTERFACE -Wduplicated-cond -Wlogical-op)
endif()
if(STOREOPS_WARNINGS_AS_ERRORS)
  target_compile_options(storeops_warnings INTERFACE -Werror)
endif()
