# SPDX-License-Identifier: Apache-2.0
# Run by storeops_embed_text at build time (cmake -P).
file(READ ${INPUT} content)
string(FIND "${content}" ")storeops_embed\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )storeops_embed\"")
endif()
# A raw string literal keeps the file byte-for-byte; gcc has no practical length limit.
file(WRITE ${OUTPUT}.tmp
  "// Generated from ${INPUT} by cmake/EmbedText.cmake; do not edit.\n"
  "#include <string_view>\n"
  "namespace ${NAMESPACE} {\n"
  "extern const std::string_view ${SYMBOL};\n"
  "const std::string_view ${SYMBOL} = R\"storeops_embed(${content})storeops_embed\";\n"
  "}\n")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.tmp)
