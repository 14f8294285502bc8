# Run as `cmake -DIN=file -DOUT=file.c -DSYMBOL=name -P EmbedFile.cmake`: writes OUT defining
# `const char SYMBOL[]` (NUL-terminated) and `const unsigned long SYMBOL_len` with IN's bytes.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR len "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
file(WRITE "${OUT}" "/* Generated from ${IN}; do not edit. */\n"
  "const char ${SYMBOL}[] = {${body}0x00};\n"
  "const unsigned long ${SYMBOL}_len = ${len};\n")
