# Writes scenarios_data.inc: every scenario of playground/scenarios as a C++ raw string literal,
# sorted by file name (the Simulation screen's gallery; scenario_gallery.cpp orders the lessons).
#   cmake -DSRC=playground/scenarios -DOUT=.../scenarios_data.inc -P embed_scenarios.cmake
file(GLOB files RELATIVE "${SRC}" "${SRC}/*.json")
list(SORT files)
set(out "// GENERATED from playground/scenarios by embed_scenarios.cmake. Do not edit.\n")
string(APPEND out "static const std::pair<const char*, const char*> kScenarioFiles[] = {\n")
foreach(f ${files})
  file(READ "${SRC}/${f}" text)
  string(FIND "${text}" ")ecsplay\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${f} contains )ecsplay\" and cannot be embedded as a raw string literal")
  endif()
  string(APPEND out "  {\"${f}\", R\"ecsplay(${text})ecsplay\"},\n")
endforeach()
string(APPEND out "};\n")
file(WRITE "${OUT}.tmp" "${out}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
