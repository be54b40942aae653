# Writes a C++ array of a font file's bytes: the UI font is compiled into the program, so the web
# page needs no extra download and the desktop app no font path. The font comes from a Debian
# package at build time; it is never committed.
#   cmake -DFONT=path.ttf -DOUT=font_data.inc -P embed_font.cmake
file(READ "${FONT}" hex HEX)
string(LENGTH "${hex}" n)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x..,){32})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}.tmp" "// GENERATED from ${FONT} by embed_font.cmake. Do not edit.\nalignas(4) static const unsigned char kUiFont[] = {\n${bytes}\n};\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
