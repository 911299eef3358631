#!/usr/bin/env bash
# Installs the Debian 12 packages racelab needs, and only those that are missing.
# Why each one is here is written in README.md ("Dependencies").
set -euo pipefail

packages=(
  cmake ninja-build g++ ccache pkg-config
  clang-14 llvm-14-dev libclang-14-dev libclang-cpp14-dev     # racecheck against LLVM 14
  libclang-rt-19-dev                                           # libFuzzer and ASan for racecheck_fuzz (clang 19)
  clang-19 llvm-19-dev libclang-19-dev                         # racecheck against LLVM 19
  clang-tidy-14 clang-tidy-19                                  # racecheck's clang-tidy plugin tests, benchmark
  libcli11-dev nlohmann-json3-dev                              # racestress's and the models lab's CLI and JSON
  libgtest-dev libgmock-dev libbenchmark-dev                   # tests and benchmarks
  libsqlite3-dev sqlite3                                       # the SQLite transaction variants
  postgresql libpq-dev                                         # the PostgreSQL variants
  libboost-dev libboost-context-dev libboost-fiber-dev         # the models lab: Asio, fibers
  gnuplot-nox                                                  # the models lab's charts (docs/models-lab/plot.gp)
  pandoc                                                       # the study site (racestress site)
  tidy                                                         # the site's HTML check (tests/site/validate_site.py)
  chromium nodejs                                              # the site's browser test (tests/site)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
else
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The site's browser test drives Debian's chromium with playwright-core from npm, at the version
# tests/site/package-lock.json pins (no browser download: the test points it at /usr/bin/chromium).
# npm comes with Node.js on some installs; Debian ships it as its own package.
site_test="$(cd "$(dirname "$0")/.." && pwd)/tests/site"
if [ ! -f "$site_test/node_modules/playwright-core/package.json" ]; then
  if ! command -v npm >/dev/null; then
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends npm
  fi
  echo "setup: npm ci in tests/site (playwright-core)"
  npm ci --prefix "$site_test" --no-audit --no-fund --loglevel=error
fi
