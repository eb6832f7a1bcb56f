#!/usr/bin/env bash
# Back up Qoldau's PostgreSQL database and restore it: the commands operators run, and the ones
# tests/config/test_backup_restore.py runs.
#
#   tests/backup_restore.sh backup  SOURCE_URL DUMP_FILE    # pg_dump, custom format, then list it
#   tests/backup_restore.sh restore DUMP_FILE  TARGET_URL   # into an existing, empty database
#   tests/backup_restore.sh drill   SOURCE_URL DUMP_FILE TARGET_URL   # both, one after the other
#
# URLs are libpq connection URIs (postgres://user:password@host:port/dbname), as DATABASE_URL.
# pg_dump must be of the server's major version or newer: PG_BIN picks the binaries
# (default /usr/lib/postgresql/15/bin). Create the target first, e.g.
#   createdb -h HOST -U USER -T template0 -E UTF8 qoldau_restored
# The dump holds IINs and names: encrypt it before it leaves the database server (see README,
# "Personal data and deployment"), e.g. `age -r RECIPIENT -o DUMP_FILE.age DUMP_FILE`.
# The dump does not hold the secrets the data needs; back these up separately (not beside
# the dump): DJANGO_SECRET_KEY, SIGNATURE_LOG_SIGNING_KEY, SIGNATURE_LOG_NULLIFIER_KEY,
# EDS_STORAGE_KEY (without it the stored EDS signatures cannot be read), and the files that
# EDS_TRUST_ROOTS and EDS_CRLS name.
set -euo pipefail
umask 077  # the dump holds personal data: readable by its owner only

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

usage() {
    sed -n '5,7p' "$0" | sed 's/^# *//' >&2
    exit 2
}

backup() {
    local source=$1 dump=$2
    # --no-owner/--no-privileges: the restore's role owns what it restores, whatever the
    # source's roles were called.
    "$PG_BIN/pg_dump" --format=custom --compress=6 --no-owner --no-privileges \
        --file="$dump" --dbname="$source"
    # A dump that pg_restore cannot read is no backup: read its table of contents now.
    "$PG_BIN/pg_restore" --list "$dump" >/dev/null
    echo "backup: $(wc -c <"$dump") bytes written to $dump"
}

restore() {
    local dump=$1 target=$2
    # One transaction, stopping at the first error: a restore either completes or leaves the
    # target as empty as it was.
    "$PG_BIN/pg_restore" --no-owner --no-privileges --exit-on-error --single-transaction \
        --dbname="$target" "$dump"
    echo "restore: $dump restored"
}

case "${1:-}" in
    backup) [ "$#" -eq 3 ] || usage; backup "$2" "$3" ;;
    restore) [ "$#" -eq 3 ] || usage; restore "$2" "$3" ;;
    drill) [ "$#" -eq 4 ] || usage; backup "$2" "$3"; restore "$3" "$4" ;;
    *) usage ;;
esac
