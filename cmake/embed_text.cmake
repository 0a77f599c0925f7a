# Writes OUTPUT: a C++ file defining `std::string_view NAME()` in namespace NAMESPACE
# with the bytes of INPUT. Run at build time so an edited file rebuilds.
file(READ "${INPUT}" content)
set(delimiter "qalam_embed")
file(WRITE "${OUTPUT}.tmp" "#include <string_view>\n\nnamespace ${NAMESPACE} {\n\nstd::string_view ${NAME}() {\n  static constexpr char text[] = R\"${delimiter}(${content})${delimiter}\";\n  return {text, sizeof text - 1};\n}\n\n}  // namespace ${NAMESPACE}\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
