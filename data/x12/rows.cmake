# The one reader of the code lists of data/x12, included by
# codelist.cmake and remit-codes.cmake.  Each list is a CSV: '#' lines
# (its source, date and licence), a header row, then one code a row.  A
# row that does not parse stops the build, naming FILE:LINE.
#
# ck_x12_rows(FILE PATTERN VAR): VAR gets the codes of the first column,
# each matching PATTERN, as a list.
# ck_x12_rows(FILE PATTERN VAR TEXTS): VAR gets a C initializer, one
# {"CODE", "DESCRIPTION"} a line, from rows CODE,DESCRIPTION[,STOP]: the
# description in double quotes when it holds a comma or a quote ("" for
# a quote inside it), STOP (YYYY-MM-DD) the date a retired code stopped,
# which the description then ends with, or the word "retired" for a code
# its source lists as retired without a date.

function(ck_x12_rows file pattern var)
  file(READ ${file} content)
  # A CMake list splits at ';' and holds brackets together: set both
  # aside so that each line is one element, and put them back after.
  string(ASCII 1 semi)
  string(ASCII 2 open)
  string(ASCII 3 close)
  string(REPLACE "\r" "" content "${content}")
  string(REPLACE ";" "${semi}" content "${content}")
  string(REPLACE "[" "${open}" content "${content}")
  string(REPLACE "]" "${close}" content "${content}")
  string(REPLACE "\n" ";" lines "${content}")
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
    set(text "")
    set(stop "")
    if(NOT ARGN STREQUAL "TEXTS")
      string(REGEX REPLACE ",.*" "" code "${line}")
    elseif(line MATCHES "^([^,\"]*),\"((\"\"|[^\"])*)\"(,([^,\"]*))?$")
      set(code "${CMAKE_MATCH_1}")
      set(text "${CMAKE_MATCH_2}")
      set(stop "${CMAKE_MATCH_5}")
    elseif(line MATCHES "^([^,\"]*),([^,\"]+)(,([^,\"]*))?$")
      set(code "${CMAKE_MATCH_1}")
      set(text "${CMAKE_MATCH_2}")
      set(stop "${CMAKE_MATCH_4}")
    else()
      message(FATAL_ERROR "${file}:${n}: expected CODE,DESCRIPTION[,STOP] "
        "(the description in double quotes when it holds a comma or a "
        "quote)")
    endif()
    if(NOT code MATCHES "${pattern}")
      message(FATAL_ERROR "${file}:${n}: expected a code (${pattern}), "
        "found '${code}'")
    endif()
    if(NOT ARGN STREQUAL "TEXTS")
      list(APPEND out ${code})
      continue()
    endif()
    if(stop STREQUAL "retired")
      string(APPEND text " (retired)")
    elseif(NOT stop STREQUAL "")
      if(NOT stop MATCHES "^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$")
        message(FATAL_ERROR "${file}:${n}: expected the stop date as "
          "YYYY-MM-DD, found '${stop}'")
      endif()
      string(APPEND text " (retired: stopped ${stop})")
    endif()
    string(REPLACE "${semi}" ";" text "${text}")
    string(REPLACE "${open}" "[" text "${text}")
    string(REPLACE "${close}" "]" text "${text}")
    string(REPLACE "\"\"" "\"" text "${text}")
    # a C string: backslash and quote escaped, and '?' so that no "??"
    # makes a trigraph
    string(REPLACE "\\" "\\\\" text "${text}")
    string(REPLACE "\"" "\\\"" text "${text}")
    string(REPLACE "?" "\\?" text "${text}")
    string(APPEND out "\t{\"${code}\", \"${text}\"},\n")
  endforeach()
  set(${var} "${out}" PARENT_SCOPE)
endfunction()
