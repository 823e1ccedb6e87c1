#!/usr/bin/env bash
# Shared set-up for both README commands: system packages (when missing), .venv, Python packages.
# Usage: scripts/setup.sh [--test]   (--test adds PostgreSQL, Chromium and the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

need=()
dpkg -s libmagic1 >/dev/null 2>&1 || need+=(libmagic1)
dpkg -s gettext >/dev/null 2>&1 || need+=(gettext)
dpkg -s libpango-1.0-0 >/dev/null 2>&1 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
if [ "$want_test" = 1 ]; then
  dpkg -s postgresql >/dev/null 2>&1 || need+=(postgresql)
  dpkg -s chromium >/dev/null 2>&1 || need+=(chromium)
  dpkg -s poppler-utils >/dev/null 2>&1 || need+=(poppler-utils)
  dpkg -s redis-server >/dev/null 2>&1 || need+=(redis-server)
  dpkg -s nginx >/dev/null 2>&1 || need+=(nginx)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "==> installing Debian packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}"
fi

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $($PY --version)"
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v -i warning || true
echo "==> installing Python packages (requirements.lock)"
.venv/bin/pip install -q -r requirements.lock 2>&1 | grep -v -i "warning" || true
.venv/bin/pip install -q --no-deps -e . 2>&1 | grep -v -i "warning" || true
.venv/bin/python manage.py compilemessages -v0 --ignore=.venv 2>/dev/null || true
