# The embedding library and its installation. Takes: api/*.cpp over edict_compiler (which brings
# edict_runtime). Produces: libedict.so exporting only the public API (edict.map), the install
# rules for it, the headers, the `edict` command (and edict-resident, which it runs), stdlib/ and policies/ under share/edict, a CMake
# package (find_package(Edict) -> Edict::edict) and a pkg-config file (edict.pc).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

file(GLOB EDICT_API_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/api/*.cpp)
add_library(edict_api SHARED ${EDICT_API_SOURCES})
set_target_properties(edict_api PROPERTIES
  OUTPUT_NAME edict
  EXPORT_NAME edict
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
target_include_directories(edict_api
  PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
)
target_compile_features(edict_api INTERFACE cxx_std_17)
# The compiler and runtime are linked in whole but stay private: the version script exports only
# the C ABI and edict::api, so a host's own fmt or JSON library never meets ours.
target_link_libraries(edict_api PRIVATE edict_compiler Threads::Threads)
target_link_options(edict_api PRIVATE "LINKER:--version-script=${PROJECT_SOURCE_DIR}/cmake/edict.map")
set_target_properties(edict_api PROPERTIES LINK_DEPENDS ${PROJECT_SOURCE_DIR}/cmake/edict.map)
add_library(Edict::edict ALIAS edict_api)

install(TARGETS edict_api EXPORT EdictTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS edict RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The commands that stay running (serve, workbench, repl) are a program of their own that `edict`
# runs; not a command users type, so under libexec (tools/cli/resident_program.hpp finds it there).
install(TARGETS edict-resident RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/edict)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/edict DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# Imports of an installed policy resolve upward to share/edict (stdlib/, and policies/cn from
# policies/fujian/...); compiler/driver/compile.cpp falls back to EDICT_STDLIB_DIR's parent.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/stdlib/ DESTINATION ${CMAKE_INSTALL_DATADIR}/edict/stdlib)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/policies/ DESTINATION ${CMAKE_INSTALL_DATADIR}/edict/policies)

set(EDICT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Edict)
install(EXPORT EdictTargets NAMESPACE Edict:: DESTINATION ${EDICT_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/EdictConfig.cmake.in
  ${PROJECT_BINARY_DIR}/EdictConfig.cmake INSTALL_DESTINATION ${EDICT_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_DATADIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/EdictConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/EdictConfig.cmake ${PROJECT_BINARY_DIR}/EdictConfigVersion.cmake
  DESTINATION ${EDICT_CMAKE_DIR})

# pkg-config: ${pcfiledir}-relative paths, so the file stays right under `cmake --install --prefix`.
file(RELATIVE_PATH EDICT_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" EDICT_PC_TO_PREFIX "${EDICT_PC_TO_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/edict.pc.in ${PROJECT_BINARY_DIR}/edict.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/edict.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
