#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL server for the PostgreSQL variants of the catalogue.
#   eval "$(scripts/pg-test-server.sh start)"   initdb into a fresh folder under the system temp
#        folder, listen on 127.0.0.1 only, and print two shell assignments:
#        RACELAB_PG_DIR=<that folder> and RACELAB_PG_CONNINFO=<libpq connection string>
#   scripts/pg-test-server.sh stop DIR     stop the server in DIR and remove DIR
# PostgreSQL refuses to run as root, so as root the server runs as the 'postgres' user.
# Exit codes: 0 ok, 2 usage, 3 PostgreSQL is not installed, 4 the server did not start.
set -euo pipefail

usage() { echo "usage: $0 start | $0 stop DIR" >&2; exit 2; }
[ $# -ge 1 ] || usage
action=$1

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg-test-server: PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 3
fi

as_owner=()
if [ "$(id -u)" -eq 0 ]; then as_owner=(runuser -u postgres --); fi

case "$action" in
  start)
    [ $# -eq 1 ] || usage
    # A fresh folder of our own, so nothing of the user's is ever reused or overwritten.
    dir=$(mktemp -d -t racelab-pg.XXXXXX)
    [ ${#as_owner[@]} -eq 0 ] || chown postgres: "$dir"
    "${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U racelab --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 \
      || { echo "pg-test-server: initdb failed, see $dir/initdb.log" >&2; exit 4; }
    # A free port: let the kernel pick one, then hand it to the server.
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
           || echo $((20000 + RANDOM % 20000)))
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null \
      || { echo "pg-test-server: server did not start, see $dir/server.log" >&2; exit 4; }
    echo "RACELAB_PG_DIR='$dir'"
    echo "RACELAB_PG_CONNINFO='host=127.0.0.1 port=$port user=racelab dbname=postgres'"
    ;;
  stop)
    [ $# -eq 2 ] || usage
    dir=$2
    case "$(basename "$dir")" in racelab-pg.*) ;; *) echo "pg-test-server: $dir is not one of ours" >&2; exit 2 ;; esac
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    rm -rf "$dir"
    ;;
  *) usage ;;
esac
