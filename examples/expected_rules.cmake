# racelab_expected_rules(TARGET): a variant's checker expectation is written once, as
# `// expect: racecheck-<rule>` markers on the lines racecheck must flag (tests/catalogue holds
# racecheck to those lines). For every source of TARGET that declares a variant, this collects
# the markers' rules into RACELAB_EXPECTED_RULES ("rule,rule", sorted, "" for none), from which
# RACELAB_VARIANT fills the variant's `checker` (racelab/catalogue.h). Editing a source
# re-runs CMake, so the definition follows its markers.
function(racelab_expected_rules target)
  get_target_property(sources ${target} SOURCES)
  foreach(source IN LISTS sources)
    get_filename_component(path "${source}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    file(STRINGS "${path}" declares REGEX "RACELAB_VARIANT\\(")
    if(NOT declares)
      continue()
    endif()
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${path}")
    # The same marker grammar as tests/catalogue/markers.cpp reads.
    file(STRINGS "${path}" marked REGEX "//.*expect:[ \t]*racecheck-[a-z-]+")
    set(rules "")
    foreach(line IN LISTS marked)
      string(REGEX MATCH "expect:[ \t]*(racecheck-[a-z-]+)" _ "${line}")
      list(APPEND rules "${CMAKE_MATCH_1}")
    endforeach()
    list(REMOVE_DUPLICATES rules)
    list(SORT rules)
    list(JOIN rules "," joined)
    set_property(SOURCE "${path}" APPEND PROPERTY COMPILE_DEFINITIONS "RACELAB_EXPECTED_RULES=\"${joined}\"")
  endforeach()
endfunction()
