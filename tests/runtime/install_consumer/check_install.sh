#!/bin/sh
# ctest runtime.install_consumer: installs racelab from BUILD_DIR into a fresh prefix, then
# configures, builds and runs the out-of-tree project in this folder against it, as a user's
# project would. Extra arguments go to the project's cmake (a TSan build passes its flags).
#   check_install.sh BUILD_DIR GENERATOR [CMAKE_ARGS...]
set -eu
build=$1
generator=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d -t racelab-install.XXXXXX)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix"
cmake -S "$here" -B "$work/build" -G "$generator" -DCMAKE_PREFIX_PATH="$work/prefix" "$@"
cmake --build "$work/build"
ctest --test-dir "$work/build" --output-on-failure --no-tests=error
