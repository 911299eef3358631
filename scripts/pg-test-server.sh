#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL server for the PostgreSQL variants of the catalogue.
#   eval "$(scripts/pg-test-server.sh start)"   initdb into a fresh folder under the system temp
#        folder and print two shell assignments:
#        RACELAB_PG_DIR=<that folder> and RACELAB_PG_CONNINFO=<libpq connection string>
#   scripts/pg-test-server.sh stop DIR     stop the server in DIR and remove DIR
# Nothing is exposed: the server listens on no TCP address at all, only on a Unix socket in
# that folder, which mktemp makes mode 0700 (the socket itself is 0700 too), so no other local
# user can reach it; pg_hba.conf trusts that socket and rejects every TCP connection.
# PostgreSQL refuses to run as root, so as root the server runs as the 'postgres' user (root
# still reaches the socket; nobody else does).
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
    chmod 0700 "$dir"
    # The folder goes into a connection string and a server option, unquoted: only plain names.
    case "$dir" in *[!A-Za-z0-9/._-]*)
      rm -rf "$dir"; echo "pg-test-server: temp folder '$dir' has characters a connection string cannot hold" >&2; exit 4 ;;
    esac
    [ ${#as_owner[@]} -eq 0 ] || chown postgres: "$dir"
    "${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U racelab --auth-local=trust --auth-host=reject -E UTF8 \
      >"$dir/initdb.log" 2>&1 \
      || { echo "pg-test-server: initdb failed, see $dir/initdb.log" >&2; exit 4; }
    # The port only names the socket file (.s.PGSQL.<port>); nothing listens on it.
    port=5432
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses= -p $port -k $dir -c unix_socket_permissions=0700 -c fsync=off" start >/dev/null \
      || { echo "pg-test-server: server did not start, see $dir/server.log" >&2; exit 4; }
    echo "RACELAB_PG_DIR='$dir'"
    echo "RACELAB_PG_CONNINFO='host=$dir port=$port user=racelab dbname=postgres'"
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
