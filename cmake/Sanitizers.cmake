# SPDX-License-Identifier: Apache-2.0
# Sanitizer flags, switched by STOREOPS_SANITIZERS (the asan preset sets "address,undefined").
add_library(storeops_options INTERFACE)
if(STOREOPS_SANITIZERS)
  target_compile_options(storeops_options INTERFACE
    -fsanitize=${STOREOPS_SANITIZERS} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(storeops_options INTERFACE -fsanitize=${STOREOPS_SANITIZERS})
endif()
