# Turns data/x12/carc.csv and rarc.csv (code, description) into a C header
# of code lists at build time, so that a new code is a data change and a
# rebuild: cmake -DCARC=... -DRARC=... -DOUT=... -P remit-codes.cmake.
# Each CSV: '#' lines (the source), a header row, then "code,description"
# (the description may be in double quotes, with commas inside).

function(read_texts file var)
  file(STRINGS ${file} lines ENCODING UTF-8)
  set(out "")
  set(n 0)
  set(header 1)
  foreach(line IN LISTS lines)
    math(EXPR n "${n} + 1")
    if(line MATCHES "^#" OR line STREQUAL "")
      continue()
    endif()
    if(header)
      set(header 0)
      continue()
    endif()
    # one MATCHES at a time: a failed one clears CMAKE_MATCH_n
    set(code "")
    if(line MATCHES "^([A-Z0-9]+),\"([^\"]*)\"$")
      set(code "${CMAKE_MATCH_1}")
      set(text "${CMAKE_MATCH_2}")
    elseif(line MATCHES "^([A-Z0-9]+),([^\",]+)$")
      set(code "${CMAKE_MATCH_1}")
      set(text "${CMAKE_MATCH_2}")
    endif()
    if(NOT code STREQUAL "")
      string(REPLACE "\\" "\\\\" text "${text}")
      string(APPEND out "\t{\"${code}\", \"${text}\"},\n")
    else()
      message(FATAL_ERROR "${file}:${n}: expected CODE,DESCRIPTION "
        "(the description quoted when it holds a comma), found '${line}'")
    endif()
  endforeach()
  set(${var} "${out}" PARENT_SCOPE)
endfunction()

read_texts(${CARC} carc)
read_texts(${RARC} rarc)
set(c "/* Generated from data/x12 by data/x12/remit-codes.cmake: do not edit. */\n")
string(APPEND c "static const struct ck_xr_code carc_codes[] = {\n${carc}\t{NULL, NULL}\n};\n\n")
string(APPEND c "static const struct ck_xr_code rarc_codes[] = {\n${rarc}\t{NULL, NULL}\n};\n")
file(WRITE ${OUT}.tmp "${c}")
file(RENAME ${OUT}.tmp ${OUT})
