# SPDX-License-Identifier: Apache-2.0
# storeops_embed_text(OUTPUT file.cpp INPUT doc.json SYMBOL kName NAMESPACE storeops::api::internal)
# generates a source file defining `extern const std::string_view kName` holding the input's text,
# regenerated whenever the input changes. Used for the OpenAPI document and SQL migrations, which
# stay readable files in the tree but ship inside the binary.
set(STOREOPS_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/EmbedTextScript.cmake)

function(storeops_embed_text)
  cmake_parse_arguments(arg "" "OUTPUT;INPUT;SYMBOL;NAMESPACE" "" ${ARGN})
  add_custom_command(
    OUTPUT ${arg_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${arg_INPUT} -DOUTPUT=${arg_OUTPUT} -DSYMBOL=${arg_SYMBOL}
            -DNAMESPACE=${arg_NAMESPACE} -P ${STOREOPS_EMBED_SCRIPT}
    DEPENDS ${arg_INPUT} ${STOREOPS_EMBED_SCRIPT}
    COMMENT "Embedding ${arg_INPUT}"
    VERBATIM)
endfunction()
