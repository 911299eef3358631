# Install rules: the harness library, its headers and a CMake package, so that a project of
# its own uses an installed racelab with
#   find_package(racelab CONFIG REQUIRED)
#   target_link_libraries(my_test PRIVATE racelab::racelab)  # the harness
#   target_link_libraries(my_test PRIVATE racelab::gtest)    # + racelab/gtest.h and GoogleTest
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(RACELAB_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/racelab)

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
