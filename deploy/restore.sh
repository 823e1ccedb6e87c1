#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into the database DATABASE_URL points to (which must
# exist; its netral tables are replaced) and, if given, the private storage archive.
# Usage: deploy/restore.sh DUMP_FILE [PRIVATE_TAR_GZ]
# Restore with the SAME FIELD_ENCRYPTION_KEYS (and BLIND_INDEX_KEY) the backup was made with.
set -euo pipefail
cd "$(dirname "$0")/.."
dump=${1:?usage: restore.sh DUMP_FILE [PRIVATE_TAR_GZ]}
archive=${2:-}
url=${DATABASE_URL:-}
case "$url" in
  postgres://*|postgresql://*)
    pg_restore --clean --if-exists --no-owner --exit-on-error --dbname "$url" "$dump"
    ;;
  ""|sqlite://*)
    db=${url#sqlite://}; db=${db:-${SQLITE_PATH:-db.sqlite3}}
    cp "$dump" "$db"
    ;;
  *) echo "restore.sh: unsupported DATABASE_URL" >&2; exit 2 ;;
esac
if [ -n "$archive" ]; then
  private=${PRIVATE_STORAGE_ROOT:-var/private}
  mkdir -p "$private"
  tar -C "$private" -xzf "$archive"
fi
echo "restored from $dump${archive:+ and $archive}"
