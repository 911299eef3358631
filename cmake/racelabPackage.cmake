# cpack -G DEB (run in a build folder): one Debian package, racelab_<version>_<arch>.deb, holding
# everything cmake --install installs, under /usr. Its Depends are dpkg-shlibdeps's (libclang-cpp,
# libllvm, libstdc++, ... as the binaries actually link them) plus the package that holds Clang's
# resource directory (stddef.h and the other builtin headers racecheck parses with).
set(CPACK_PACKAGE_NAME racelab)
set(CPACK_PACKAGE_VENDOR racelab)
set(CPACK_PACKAGE_CONTACT "racelab maintainers <racelab@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "finds race conditions in C++ code: a static checker and a stress harness")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "racecheck, a Clang LibTooling static checker for data races, check-then-act and\n"
  "inconsistent locking, also as a clang-tidy plugin (libracecheck_tidy.so). racestress and\n"
  "the racelab harness library, which run concurrency scenarios under controlled\n"
  "interleavings. The harness headers and a CMake package (find_package(racelab)).")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_STRIP_FILES ON)  # RelWithDebInfo binaries are ~35 MB each with their debug info
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "clang-tidy, cmake, libgtest-dev")

if(RACECHECK_CLANG_RESOURCE_DIR)
  find_program(RACELAB_DPKG dpkg)
  if(RACELAB_DPKG)
    execute_process(COMMAND ${RACELAB_DPKG} -S ${RACECHECK_CLANG_RESOURCE_DIR}/include/stddef.h
                    OUTPUT_VARIABLE _owner ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
    string(REGEX REPLACE ":.*" "" _owner "${_owner}")
  endif()
  if(_owner)
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "${_owner}")
    message(STATUS "racelab package: Clang's builtin headers come from ${_owner}")
  else()
    message(STATUS "racelab package: no Debian package owns ${RACECHECK_CLANG_RESOURCE_DIR}; "
                   "the .deb will not depend on one")
  endif()
endif()

include(CPack)
