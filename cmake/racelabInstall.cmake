# Install rules (cmake --install BUILD [--prefix DIR]); each part only where it is built:
#   bin/racecheck, bin/racestress                  the commands
#   lib/libracecheck_tidy.so                       racecheck's rules as a clang-tidy plugin
#   lib/libracelab.so, include/racelab/            the harness and its headers (+ version.h)
#   lib/cmake/racelab/                             the CMake package:
#       find_package(racelab CONFIG REQUIRED)
#       target_link_libraries(my_test PRIVATE racelab::racelab)  # the harness
#       target_link_libraries(my_test PRIVATE racelab::gtest)    # + racelab/gtest.h and GoogleTest
#   share/man/man1/racecheck.1, racestress.1       the man pages, written by hand in docs/man/
# tests/install/ installs into a temporary prefix and checks all of it.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(RACELAB_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/racelab)

install(FILES ${PROJECT_BINARY_DIR}/generated/racelab/version.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/racelab)

if(TARGET racecheck)
  # Clang's shared libraries are found where Debian puts them (/usr/lib/<arch>), so no rpath.
  install(TARGETS racecheck RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES ${PROJECT_SOURCE_DIR}/docs/man/racecheck.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()
if(TARGET racecheck_tidy)
  #   clang-tidy --load=<prefix>/lib/libracecheck_tidy.so --checks='-*,racecheck-*' ...
  install(TARGETS racecheck_tidy LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
endif()

if(TARGET racelab)
  install(TARGETS racelab EXPORT racelabTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/include/racelab DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(EXPORT racelabTargets NAMESPACE racelab:: DESTINATION ${RACELAB_INSTALL_CMAKEDIR})
  if(TARGET racelab_gtest)
    # A set of its own: the package loads it only where GoogleTest is found.
    install(TARGETS racelab_gtest EXPORT racelabGTestTargets)
    install(EXPORT racelabGTestTargets NAMESPACE racelab:: DESTINATION ${RACELAB_INSTALL_CMAKEDIR})
  endif()

  configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/racelabConfig.cmake.in
    ${PROJECT_BINARY_DIR}/racelabConfig.cmake INSTALL_DESTINATION ${RACELAB_INSTALL_CMAKEDIR})
  write_basic_package_version_file(${PROJECT_BINARY_DIR}/racelabConfigVersion.cmake
    COMPATIBILITY SameMinorVersion)
  install(FILES ${PROJECT_BINARY_DIR}/racelabConfig.cmake ${PROJECT_BINARY_DIR}/racelabConfigVersion.cmake
    DESTINATION ${RACELAB_INSTALL_CMAKEDIR})
endif()

if(TARGET racestress)
  # libracelab.so sits in ../lib whatever the prefix (/usr, /opt/racelab, a test's temp folder).
  file(RELATIVE_PATH _lib_from_bin ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_LIBDIR})
  set_target_properties(racestress PROPERTIES INSTALL_RPATH "$ORIGIN/${_lib_from_bin}")
  install(TARGETS racestress RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES ${PROJECT_SOURCE_DIR}/docs/man/racestress.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()
