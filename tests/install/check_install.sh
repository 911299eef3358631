#!/bin/sh
# ctest install.prefix: installs racelab from BUILD_DIR into a temporary prefix (no root, no
# network), then checks what a user gets there:
#   - each built command is in bin/, runs from there, and --version prints racelab's version
#     (racecheck: and the LLVM it was built with);
#   - each command's man page is in share/man/man1 and mentions every option its --help lists
#     (racestress: and every subcommand, with its options);
#   - clang-tidy loads the plugin from lib/ and lists racecheck's rules;
#   - the project in consumer/ finds the package (find_package(racelab)), builds and runs.
#   check_install.sh BUILD_DIR GENERATOR VERSION [CLANG_TIDY]
set -eu
build=$1
generator=$2
version=$3
clang_tidy=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d -t racelab-prefix.XXXXXX)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# passed PART: says PART is fine when nothing failed since the last call.
checked=0
passed() { [ "$failures" -eq "$checked" ] && echo "$1: ok"; checked=$failures; }

cmake --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log"; exit 1; }
installed() { grep -q "^-- \(Installing\|Up-to-date\): $prefix/$1\$" "$work/install.log"; }

# expect_version COMMAND EXPECTED_LINE...: the command's --version prints each line.
expect_version() {
  command=$1
  shift
  out=$("$prefix/bin/$command" --version) || fail "$command --version exits $?"
  for line in "$@"; do
    printf '%s\n' "$out" | grep -qxF "$line" || fail "$command --version does not print '$line':
$out"
  done
}

# options_in_help HELP_TEXT: the long options (--name) a --help text lists.
options_in_help() { printf '%s\n' "$1" | grep -o -- '--[a-z][a-z0-9-]*' | sort -u; }

# expect_man_covers COMMAND HELP_TEXT: the man page mentions every option of the help text.
expect_man_covers() {
  page=$prefix/share/man/man1/$1.1
  [ -f "$page" ] || { fail "no man page $page"; return; }
  text=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$page")
  for option in $(options_in_help "$2"); do
    case $option in --help-list|--help-hidden|--help-list-hidden) continue ;; esac
    printf '%s\n' "$text" | grep -qF -- "$option" ||
      fail "$1 --help lists $option, docs/man/$1.1 does not mention it"
  done
}

if installed bin/racecheck; then
  expect_version racecheck "racecheck (racelab) $version"
  "$prefix/bin/racecheck" --version | grep -q '^built with LLVM [0-9]' ||
    fail "racecheck --version does not name its LLVM"
  "$prefix/bin/racecheck" --list-checks | grep -q '^racecheck-' || fail "racecheck --list-checks lists no rule"
  expect_man_covers racecheck "$("$prefix/bin/racecheck" --help)"
  passed "racecheck"
fi
if installed lib/libracecheck_tidy.so && [ -n "$clang_tidy" ]; then
  "$clang_tidy" --load="$prefix/lib/libracecheck_tidy.so" --checks='-*,racecheck-*' --list-checks |
    grep -q 'racecheck-unsynchronized-write' || fail "clang-tidy does not load $prefix/lib/libracecheck_tidy.so"
  passed "clang-tidy plugin"
fi
if installed bin/racestress; then
  expect_version racestress "racestress (racelab) $version"
  "$prefix/bin/racestress" list --scenarios | grep -qx lost_update || fail "racestress list has no lost_update"
  # Every command listed under "Subcommands:", and each one's own options.
  help=$("$prefix/bin/racestress" --help)
  commands=$(printf '%s\n' "$help" | sed -n '/^Subcommands:/,/^$/s/^  \([a-z][a-z_-]*\) .*/\1/p')
  [ -n "$commands" ] || fail "racestress --help lists no command"
  for command in $commands; do
    grep -q "^\.B racestress $command\b" "$prefix/share/man/man1/racestress.1" ||
      fail "docs/man/racestress.1 has no synopsis line for 'racestress $command'"
    help="$help
$("$prefix/bin/racestress" "$command" --help)"
  done
  expect_man_covers racestress "$help"
  passed "racestress"
fi
if installed lib/cmake/racelab/racelabConfig.cmake; then
  installed include/racelab/version.h || fail "racelab/version.h is not installed"
  cmake -S "$here/consumer" -B "$work/consumer" -G "$generator" -DCMAKE_PREFIX_PATH="$prefix" \
    >"$work/consumer.log" 2>&1 || { cat "$work/consumer.log"; fail "the consumer project does not configure"; }
  if [ -f "$work/consumer/CMakeCache.txt" ]; then
    cmake --build "$work/consumer" >>"$work/consumer.log" 2>&1 ||
      { cat "$work/consumer.log"; fail "the consumer project does not build"; }
  fi
  if [ -x "$work/consumer/lost_update" ]; then
    out=$("$work/consumer/lost_update") || fail "the consumer's stress test: $out"
    printf '%s\n' "$out" | grep -qxF "racelab $version" || fail "the consumer sees another racelab: $out"
    passed "find_package(racelab) consumer"
  fi
fi
[ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
