#!/usr/bin/env bash
# Installs the Debian 12 packages racelab needs, and only those that are missing.
# Why each one is here is written in README.md ("Dependencies").
set -euo pipefail

packages=(
  cmake ninja-build g++ ccache pkg-config
  clang-14 llvm-14-dev libclang-14-dev libclang-cpp14-dev     # racecheck against LLVM 14
  clang-19 llvm-19-dev libclang-19-dev                         # racecheck against LLVM 19
  clang-tidy-14 clang-tidy-19                                  # racecheck's clang-tidy plugin tests, benchmark
  libcli11-dev nlohmann-json3-dev                              # racestress's and the models lab's CLI and JSON
  libgtest-dev libgmock-dev libbenchmark-dev                   # tests and benchmarks
  libsqlite3-dev sqlite3                                       # the SQLite transaction variants
  postgresql libpq-dev                                         # the PostgreSQL variants
  libboost-dev libboost-context-dev libboost-fiber-dev         # the models lab: Asio, fibers
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
