#!/usr/bin/env bash
# Back up netral: the database (pg_dump custom format, or a SQLite online copy) and private storage
# (evidence originals and display copies). Usage: deploy/backup.sh DEST_DIR
# Reads DATABASE_URL and PRIVATE_STORAGE_ROOT from the environment (systemd: /etc/netral/netral.env).
# The encryption keys are deliberately NOT in the backup: keep FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY
# in a separate safe place. A backup without its keys cannot reveal reporters; without them it cannot be
# read at all.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:?usage: backup.sh DEST_DIR}
keep_days=${BACKUP_KEEP_DAYS:-14}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$dest"
umask 077
url=${DATABASE_URL:-}
case "$url" in
  postgres://*|postgresql://*)
    pg_dump --format=custom --no-owner --file "$dest/netral-db-$stamp.dump" "$url"
    ;;
  ""|sqlite://*)
    db=${url#sqlite://}; db=${db:-${SQLITE_PATH:-db.sqlite3}}
    .venv/bin/python - "$db" "$dest/netral-db-$stamp.sqlite3" <<'PY'
import sqlite3, sys
src, dst = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
src.backup(dst)
PY
    ;;
  *) echo "backup.sh: unsupported DATABASE_URL" >&2; exit 2 ;;
esac
private=${PRIVATE_STORAGE_ROOT:-var/private}
if [ -d "$private" ]; then
  tar -C "$private" -czf "$dest/netral-private-$stamp.tar.gz" .
fi
find "$dest" -maxdepth 1 -name 'netral-*' -mtime +"$keep_days" -delete
echo "backup written: $dest (netral-*-$stamp.*)"
