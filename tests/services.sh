#!/usr/bin/env bash
# Runs a command against throwaway PostgreSQL 15 and Redis servers: tests/services.sh COMMAND [ARGS...]
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
export DEBIAN_FRONTEND=noninteractive

die() { echo "services.sh: $*" >&2; exit 1; }

# --- install what is missing ------------------------------------------------
need_root() { [ "$(id -u)" -eq 0 ] || die "$1 is missing and we are not root to install it"; }

if [ ! -x "$PG_BIN/initdb" ]; then
    need_root "PostgreSQL 15 ($PG_BIN/initdb)"
    apt-get update
    apt-get install -y postgresql-15 || apt-get install -y postgresql
    [ -x "$PG_BIN/initdb" ] || die "no $PG_BIN/initdb after installing PostgreSQL"
fi
if ! command -v redis-server >/dev/null; then
    need_root "redis-server"
    apt-get install -y redis-server || { apt-get update && apt-get install -y redis-server; }
fi
# gettext: the translation catalogues are compiled and checked (tests/config/test_translations.py).
if ! command -v msgfmt >/dev/null; then
    need_root "gettext (msgfmt)"
    apt-get install -y gettext || { apt-get update && apt-get install -y gettext; }
fi
# Chromium: the browser journeys and accessibility checks (tests/browser/) drive Debian's build,
# since Playwright's own browser download cannot reach its servers from here.
if [ ! -x /usr/bin/chromium ]; then
    need_root "chromium (/usr/bin/chromium)"
    apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }
fi

# --- helpers ----------------------------------------------------------------
free_port() {
    if command -v python3 >/dev/null; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
        return
    fi
    local port
    for _ in $(seq 100); do
        port=$((20000 + RANDOM % 30000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    die "could not find a free port"
}

# As root, PostgreSQL must run as an unprivileged user; otherwise as ourselves.
if [ "$(id -u)" -eq 0 ]; then
    AS=(runuser -u nobody --)
    base=/tmp  # must be traversable by nobody
else
    AS=()
    base=${TMPDIR:-/tmp}
fi
as_pg() { (cd "$tmp" && "${AS[@]}" "$@"); }

# --- set up and always tear down ------------------------------------------
tmp=$(mktemp -d "$base/qoldau-services.XXXXXX")
chmod 755 "$tmp"
pgdir=$tmp/pg   # data in $pgdir/data, socket and log in $pgdir
mkdir -p "$pgdir" "$tmp/redis"
[ "${#AS[@]}" -eq 0 ] || chown nobody "$pgdir"

redis_started=
cleanup() {
    trap '' INT TERM
    trap - EXIT
    set +e
    if [ -f "$pgdir/data/postmaster.pid" ]; then
        as_pg "$PG_BIN/pg_ctl" stop -D "$pgdir/data" -m fast -w -t 30 >/dev/null \
            || as_pg "$PG_BIN/pg_ctl" stop -D "$pgdir/data" -m immediate -w >/dev/null
    fi
    if [ -n "$redis_started" ] && [ -f "$tmp/redis/redis.pid" ]; then
        pid=$(cat "$tmp/redis/redis.pid")
        kill "$pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- PostgreSQL -------------------------------------------------------------
PG_PORT=$(free_port)
locale=C
locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$' && locale=C.UTF-8
as_pg "$PG_BIN/initdb" -D "$pgdir/data" -A trust -U postgres --encoding=UTF8 --locale="$locale" \
    >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; die "initdb failed"; }
cat >>"$pgdir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$pgdir'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
if ! as_pg "$PG_BIN/pg_ctl" start -D "$pgdir/data" -l "$pgdir/postgres.log" -w -t 30 >/dev/null; then
    cat "$pgdir/postgres.log" >&2
    die "PostgreSQL did not start (log above)"
fi

# --- Redis ------------------------------------------------------------------
REDIS_PORT=$(free_port)
redis_started=1
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
    --dir "$tmp/redis" --daemonize yes --pidfile "$tmp/redis/redis.pid" \
    --logfile "$tmp/redis/redis.log"

# --- wait until both accept connections (bounded) ---------------------------
for i in $(seq 100); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break
    [ "$i" -lt 100 ] || { cat "$pgdir/postgres.log" >&2; die "PostgreSQL not ready after 10s (log above)"; }
    sleep 0.1
done
for i in $(seq 100); do
    [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && break
    [ "$i" -lt 100 ] || { cat "$tmp/redis/redis.log" >&2 2>/dev/null; die "Redis not ready after 10s"; }
    sleep 0.1
done

"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres qoldau

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/qoldau"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
# Where the servers live, for the failure drills (bench/drills.py), which kill and restart them.
export SERVICES_PG_BIN="$PG_BIN" SERVICES_PGDATA="$pgdir/data" SERVICES_REDIS_DIR="$tmp/redis"

# --- run the command, keep its status --------------------------------------
# In the foreground, so that Ctrl-C reaches it; our traps run once it has exited.
status=0
"$@" || status=$?
exit "$status"
