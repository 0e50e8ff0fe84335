#!/usr/bin/env bash
# Install the third-party tools the test suite drives: Debian's chromium (for Playwright), a Java
# runtime for the Nu HTML checker, jing for the Atom schema, and npm packages into tests/node/.
# Idempotent: a second run installs nothing. apt-get runs only as root and only for what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
log() { printf '[test-tools] %s\n' "$*" >&2; }

APT_PKGS=(chromium fonts-dejavu-core default-jre-headless nodejs npm jing libxml2-utils git)
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
need_cmd() { command -v "$1" >/dev/null 2>&1; }
missing=()
for p in "${APT_PKGS[@]}"; do
  case "$p" in
    default-jre-headless) need_cmd java && continue ;;
    nodejs) need_cmd node && continue ;;
    npm) need_cmd npm && continue ;;
  esac
  have "$p" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && need_cmd apt-get; then
    log "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    log "missing ${missing[*]} (not root: tests that need them will be skipped)"
  fi
fi

if need_cmd npm; then
  cd tests/node
  want=$(node -p "Object.entries(require('./package.json').dependencies).map(([k,v])=>k+'@'+v).join(' ')")
  ok=1
  for spec in $want; do
    name="${spec%@*}"; ver="${spec##*@}"
    got=$(node -p "try{require('./node_modules/$name/package.json').version}catch(e){''}" 2>/dev/null || true)
    [ "$got" = "$ver" ] || ok=0
  done
  if [ "$ok" = 0 ]; then
    log "npm install $want"
    PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-package-lock --no-audit --no-fund --loglevel=error >/dev/null
  fi
fi
log "ready"
