#!/bin/sh
# axe-core, pinned in tests/axe/package.json, for the accessibility checks of the browser tests.
# Installs Debian's nodejs and npm first if they are missing (needs root or sudo).
set -e
cd "$(dirname "$0")/../tests/axe"
[ -f node_modules/axe-core/axe.min.js ] && exit 0
if ! command -v npm >/dev/null; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
npm install --no-audit --no-fund --silent
