#!/usr/bin/env bash
# The throw-away PostgreSQL server (scripts/pg-test-server.sh) cannot be reached by anyone but
# its owner: it tries, and fails, to connect over TCP and as another local user.
#   pg_private_test.sh FILE    FILE: the pg_server fixture's pg_fixture.sh output.
# Exit 0: private; 1: reachable (or the owner cannot connect either: nothing was shown);
# 77: skipped (PostgreSQL not installed).
set -uo pipefail
file=$1
grep -q '^RACELAB_PG_UNAVAILABLE=' "$file" && { echo "skipped: PostgreSQL is not installed"; exit 77; }
conninfo=$(sed -n "s/^RACELAB_PG_CONNINFO='\(.*\)'$/\1/p" "$file")
dir=$(sed -n "s/^RACELAB_PG_DIR='\(.*\)'$/\1/p" "$file")
socket_dir=$(sed -n 's/.*host=\([^ ]*\).*/\1/p' <<<"$conninfo")
port=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' <<<"$conninfo")
fail() { echo "FAIL: $*"; exit 1; }
query() { PGCONNECT_TIMEOUT=5 psql -X -A -t -v ON_ERROR_STOP=1 "$@"; }

[ -n "$conninfo" ] && [ -n "$port" ] || fail "no connection string in $file"
case "$socket_dir" in /*) ;; *) fail "host=$socket_dir is not a socket folder: the server is reached over TCP" ;; esac
mode=$(stat -c %a "$socket_dir")
[ "$mode" = 700 ] || fail "the socket folder $socket_dir has mode $mode, not 700"
[ "$socket_dir" = "$dir" ] || fail "the socket folder is not the server's own folder $dir"

# The owner reaches it (else the refusals below would show nothing).
[ "$(query "$conninfo" -c 'select 1')" = 1 ] || fail "the owner cannot connect through $socket_dir"

# No TCP: no address to listen on, every TCP line of pg_hba.conf rejects, and a connection to
# the loopback addresses on its port is refused.
listen=$(query "$conninfo" -c 'show listen_addresses')
[ -z "$listen" ] || fail "listen_addresses is '$listen'"
open_tcp=$(query "$conninfo" -c "select count(*) from pg_hba_file_rules where type like 'host%' and auth_method <> 'reject'")
[ "$open_tcp" = 0 ] || fail "$open_tcp pg_hba.conf line(s) accept TCP connections"
for host in 127.0.0.1 ::1 localhost; do
  if out=$(query "host=$host port=$port user=racelab dbname=postgres" -c 'select 1' 2>&1); then
    fail "connected over TCP to $host:$port: $out"
  fi
  echo "TCP $host:$port refused: $(head -n 1 <<<"$out")"
done

# Another local user: 'nobody', switched to when this runs as root.
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
  if out=$(runuser -u nobody -- env PGCONNECT_TIMEOUT=5 psql -X -A -t "$conninfo" -c 'select 1' 2>&1); then
    fail "user nobody connected: $out"
  fi
  echo "user nobody refused: $(head -n 1 <<<"$out")"
  runuser -u nobody -- ls "$socket_dir" >/dev/null 2>&1 && fail "user nobody can list $socket_dir"
else
  echo "not root: the other-user check needs root to switch users; the folder's mode 700 above stands for it"
fi
echo "private"
