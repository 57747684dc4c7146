# Turns the code lists of data/x12 into a C header at build time, so that
# a new list is a data change and a rebuild: cmake -DCATEGORY=... \
# -DSTATUS=... -DOUT=... -P codelist.cmake.  Rows are read by rows.cmake:
# the code in the first column.

include(${CMAKE_CURRENT_LIST_DIR}/rows.cmake)

ck_x12_rows(${CATEGORY} "^[A-Z][A-Z0-9]*$" categories)
ck_x12_rows(${STATUS} "^[0-9]+$" statuses)
list(SORT statuses COMPARE NATURAL)
list(REMOVE_DUPLICATES statuses)

set(c "/* Generated from data/x12 by data/x12/codelist.cmake: do not edit. */\n")
string(APPEND c "static const char *const category_codes[] = {\n")
foreach(code IN LISTS categories)
  string(APPEND c "\t\"${code}\",\n")
endforeach()
string(APPEND c "\tNULL\n};\n\n/* ascending */\nstatic const int status_codes[] = {\n")
foreach(code IN LISTS statuses)
  string(APPEND c "\t${code},\n")
endforeach()
string(APPEND c "};\n")
file(WRITE ${OUT}.tmp "${c}")
file(RENAME ${OUT}.tmp ${OUT})
