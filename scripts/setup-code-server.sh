#!/usr/bin/env bash
# Installs code-server (VS Code in the browser) plus Debian's Chromium so that
# the editor tests can run on a machine without internet (npm registry and
# Debian apt only). Recipe: docs/architecture.md, "Editor tests on this machine".
#
# Idempotent: when everything is in place (stamp file + system packages) it
# returns in well under a second. Set RL_SETUP_FORCE=1 to redo every step.
#
#   bash scripts/setup-code-server.sh
#
# Installs into .vscode-test/code-server/ (git-ignored) unless
# RL_CODE_SERVER_DIR points elsewhere.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${RL_CODE_SERVER_DIR:-$ROOT/.vscode-test/code-server}"
STAMP="$DEST/.setup-complete"
STAMP_CONTENT="code-server@$CODE_SERVER_VERSION node=$(node -p 'process.versions.modules')"
APT_PACKAGES=(libkrb5-dev ripgrep chromium)

t0=$(date +%s)
log() { printf '[setup-code-server] %s\n' "$*"; }

# --- 1. Debian packages ------------------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  log "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- fast path ---------------------------------------------------------------
VSCODE="$DEST/node_modules/code-server/lib/vscode"
if [ "${RL_SETUP_FORCE:-0}" != 1 ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$STAMP_CONTENT" ] \
   && [ -f "$DEST/node_modules/code-server/out/node/entry.js" ] && [ -e "$VSCODE/node_modules.asar" ]; then
  log "already installed ($STAMP_CONTENT) in $DEST"
  exit 0
fi
rm -f "$STAMP"

# npm 11 may skip dependency install scripts; be explicit everywhere.
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export npm_config_loglevel="${npm_config_loglevel:-error}"

# --- 2. code-server itself ---------------------------------------------------
mkdir -p "$DEST"
if [ ! -f "$DEST/package.json" ]; then
  printf '{\n  "name": "rl-code-server",\n  "private": true,\n  "description": "code-server for Responsibility Lens editor tests (scripts/setup-code-server.sh)"\n}\n' >"$DEST/package.json"
fi
step() { local s=$(date +%s); log "$1"; shift; "$@"; log "  ... $(( $(date +%s) - s ))s"; }

if [ ! -f "$DEST/node_modules/code-server/package.json" ] \
   || [ "$(node -p "require('$DEST/node_modules/code-server/package.json').version")" != "$CODE_SERVER_VERSION" ]; then
  step "npm install code-server@$CODE_SERVER_VERSION" \
    npm install --prefix "$DEST" --ignore-scripts "code-server@$CODE_SERVER_VERSION"
fi
step "npm rebuild argon2" bash -c "cd '$DEST' && npm rebuild --ignore-scripts=false argon2"

# --- 3. VS Code's own dependencies (what code-server's postinstall would do) -
step "vscode: npm install --omit=dev" bash -c "cd '$VSCODE' && npm install --omit=dev --ignore-scripts --no-save"
step "vscode: npm rebuild native modules" bash -c "cd '$VSCODE' && JOBS=max npm_config_yes=true npm rebuild --ignore-scripts=false \
  kerberos node-pty @vscode/spdlog native-watchdog @parcel/watcher @vscode/deviceid"

RG="$(command -v rg)"
mkdir -p "$VSCODE/node_modules/@vscode/ripgrep/bin"
cp -f "$RG" "$VSCODE/node_modules/@vscode/ripgrep/bin/rg"
ln -sfn node_modules "$VSCODE/node_modules.asar"

step "vscode/extensions: npm install --omit=dev" bash -c "cd '$VSCODE/extensions' && npm install --omit=dev --ignore-scripts --no-save"

# --- 4. check that it actually works -----------------------------------------
log "checking native modules"
(cd "$DEST" && node -e "require('argon2')")
(cd "$VSCODE" && node -e "
for (const m of ['kerberos','node-pty','@vscode/spdlog','native-watchdog','@parcel/watcher','@vscode/deviceid']) {
  try { require(m); } catch (e) { console.error('cannot load ' + m + ': ' + e.message); process.exitCode = 1; }
}")
"$VSCODE/node_modules/@vscode/ripgrep/bin/rg" --version >/dev/null
test -x /usr/bin/chromium
node "$DEST/node_modules/code-server/out/node/entry.js" --version >/dev/null

echo "$STAMP_CONTENT" >"$STAMP"
log "done in $(( $(date +%s) - t0 ))s ($DEST)"
