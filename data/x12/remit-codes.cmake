# Turns data/x12/carc.csv and rarc.csv (code, description) into a C header
# of code lists at build time, so that a new code is a data change and a
# rebuild: cmake -DCARC=... -DRARC=... -DOUT=... -P remit-codes.cmake.
# Rows are read by rows.cmake: "code,description[,stop]".

include(${CMAKE_CURRENT_LIST_DIR}/rows.cmake)

ck_x12_rows(${CARC} "^([0-9]+|[A-Z][0-9]+)$" carc TEXTS)
ck_x12_rows(${RARC} "^(M|MA|N)[0-9]+$" rarc TEXTS)
set(c "/* Generated from data/x12 by data/x12/remit-codes.cmake: do not edit. */\n")
string(APPEND c "static const struct ck_xr_code carc_codes[] = {\n${carc}\t{NULL, NULL}\n};\n\n")
string(APPEND c "static const struct ck_xr_code rarc_codes[] = {\n${rarc}\t{NULL, NULL}\n};\n")
file(WRITE ${OUT}.tmp "${c}")
file(RENAME ${OUT}.tmp ${OUT})
