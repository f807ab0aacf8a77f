#!/usr/bin/env bash
# Runs the editor test: test/e2e/run.sh real|fake. Installs code-server into the cache first if
# needed. Expects `make package` to have built speclint.vsix and compiled the test to out/.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode="${1:?usage: run.sh real|fake}"
start=$(date +%s)
dir=$(test/e2e/install-code-server.sh)
echo "code-server ready in $(( $(date +%s) - start )) s: $dir"
CODE_SERVER_DIR="$dir" SPECLINT_E2E_SERVER="$mode" exec node --test out/test/e2e/
