#!/usr/bin/env bash
# ctest fixture: one throw-away PostgreSQL server shared by every PostgreSQL test of a ctest
# run, instead of one initdb per test process.
#   pg_fixture.sh start FILE   start it (scripts/pg-test-server.sh) and write its shell
#                              assignments to FILE, which the tests read through
#                              RACELAB_PG_CONNINFO_FILE. PostgreSQL not installed: FILE says
#                              so and the tests skip themselves.
#   pg_fixture.sh stop FILE    stop the server FILE names and remove FILE.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 start|stop FILE" >&2; exit 2; }
server="$(dirname "$0")/../../scripts/pg-test-server.sh"
file=$2
case "$1" in
  start)
    rc=0
    out=$("$server" start) || rc=$?
    if [ $rc -eq 3 ]; then
      echo "RACELAB_PG_UNAVAILABLE='PostgreSQL is not installed'" >"$file"
      exit 0
    fi
    [ $rc -eq 0 ] || exit $rc
    printf '%s\n' "$out" >"$file"
    ;;
  stop)
    [ -f "$file" ] || exit 0
    dir=$(sed -n "s/^RACELAB_PG_DIR='\(.*\)'$/\1/p" "$file")
    [ -z "$dir" ] || "$server" stop "$dir"
    rm -f "$file"
    ;;
  *) echo "usage: $0 start|stop FILE" >&2; exit 2 ;;
esac
