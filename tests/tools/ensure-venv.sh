#!/usr/bin/env bash
# Debian's python3 cannot create a venv until the python3-venv package is installed; install it (as
# root) and try again. Usage: ensure-venv.sh PYTHON VENV_DIR
set -euo pipefail
python="$1" venv="$2"
rm -rf "$venv"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  echo "[setup] $python cannot create a venv; apt-get install python$version-venv" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "python$version-venv" >/dev/null \
    || apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
  exec "$python" -m venv "$venv"
fi
echo "[setup] $python cannot create a venv: install your distribution's venv package (python3-venv)" >&2
exit 1
