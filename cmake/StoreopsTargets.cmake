# SPDX-License-Identifier: Apache-2.0
# One call per subsystem, modelled on abseil's absl_cc_library:
#   storeops_add_library(forecast SOURCES a.cpp b.cpp DEPS storeops::core PRIVATE_DEPS Eigen3::Eigen)
# creates the static library storeops_forecast, its alias storeops::forecast, and puts only the
# folder's include/ on dependents' include path.
function(storeops_add_library name)
  cmake_parse_arguments(arg "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  set(target storeops_${name})
  if(arg_SOURCES)
    add_library(${target} STATIC ${arg_SOURCES})
    target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                         PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
    target_link_libraries(${target} PUBLIC ${arg_DEPS}
                                    PRIVATE ${arg_PRIVATE_DEPS} storeops_warnings storeops_options)
  else()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE ${CMAKE_CURRENT_SOURCE_DIR}/include)
    target_link_libraries(${target} INTERFACE ${arg_DEPS})
  endif()
  add_library(storeops::${name} ALIAS ${target})
endfunction()

# storeops_add_test(core SOURCES a_test.cpp DEPS storeops::core LABELS unit)
# One test executable per subsystem; ctest learns each TEST() through gtest_discover_tests.
function(storeops_add_test name)
  cmake_parse_arguments(arg "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  if(NOT arg_LABELS)
    set(arg_LABELS unit)
  endif()
  set(target ${name}_test)
  add_executable(${target} ${arg_SOURCES})
  target_link_libraries(${target} PRIVATE ${arg_DEPS} GTest::gtest_main GTest::gmock
                                          storeops_warnings storeops_options)
  gtest_discover_tests(${target} PROPERTIES LABELS "${arg_LABELS}" DISCOVERY_TIMEOUT 60
                       WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endfunction()
