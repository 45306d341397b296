#!/usr/bin/env bash
# Smoke run of BYOK AI on another PHP through WordPress Playground (PHP in WebAssembly, SQLite):
# WordPress 7.1 with the plugin on PHP VERSION; an administrator logs in, deactivates and activates
# the plugin, points OpenAI at the fake provider, saves a key, chats (plain and streamed), publishes
# a post with the block; a logged-out visitor sees the block, asks (REST, plain and streamed, and
# the script-less form). Then: the plaintext key is not in the SQLite file, and the debug log holds
# no PHP error, warning, notice or deprecation from the plugin's files (any fails the run).
#
#   bash bin/smoke-php.sh [VERSION]        VERSION: 7.4 (default) ... 8.5
#
# Prints "N passed, N failed" on its own line; exits non-zero on any failure.
# Environment: SMOKE_WP_PORT (8841 for 7.4, 8843 otherwise), SMOKE_FAKE_PORT (the next port),
# SMOKE_DIR (/tmp/byok-ai-smoke-php<VERSION>: site, runtime, fake provider build, logs),
# BYOK_AI_WP_VERSION (7.1.0).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
source bin/lib/timing.sh

PHP="${1:-7.4}"
[[ "$PHP" =~ ^(7\.4|8\.[0-5])$ ]] || { echo "PHP version must be 7.4 or 8.0-8.5, not '$PHP'" >&2; exit 2; }
case "$PHP" in 7.4) default_port=8841 ;; *) default_port=8843 ;; esac
WP_PORT="${SMOKE_WP_PORT:-$default_port}"
FAKE_PORT="${SMOKE_FAKE_PORT:-$((WP_PORT + 1))}"
DIR="${SMOKE_DIR:-/tmp/byok-ai-smoke-php$PHP}"
SITE="$DIR/site"
KEY="sk-proj-BYOKSMOKE-php${PHP//./}-7c1e9a3f5b2d4e6a8c0b1d3fQRST"

log() { printf '[smoke-php %s] %s\n' "$PHP" "$*" >&2; }

mkdir -p "$DIR"
FAKE_PID=""
cleanup() {
  WP_PORT="$WP_PORT" BYOK_AI_SITE_DIR="$SITE" bash bin/start.sh stop 2>/dev/null || true
  [[ -n "$FAKE_PID" ]] && kill "$FAKE_PID" 2>/dev/null || true
}
trap cleanup EXIT

# The fake provider, compiled into our own folder (others may be rebuilding tests/fake-provider/dist)
# by bin/native-site.sh, as for the bench: rebuilt when a source is newer, tsc's errors tolerated.
FAKE_JS=$(NATIVE_SITE_DIR="$DIR" bash bin/native-site.sh fake-build) ||
  { log "the fake provider did not build"; echo "0 passed, 1 failed"; exit 1; }
FAKE_PROVIDER_PORT="$FAKE_PORT" FAKE_PROVIDER_CHUNK_MS=20 node "$FAKE_JS" > "$DIR/fake.log" 2>&1 &
FAKE_PID=$!

# The plugin as it is now, copied: the repo's build/ may be rewritten by a build running meanwhile
# (several people share this tree), and a site that loses build/ mid-run fails for that reason only.
build_complete() { # every file a built block.json names, each script's .asset.php, the settings app
  node -e '
    const fs = require("fs"), path = require("path");
    const root = process.argv[1], missing = [];
    const need = (f) => fs.existsSync(f) || missing.push(path.relative(root, f));
    need(path.join(root, "build/settings.js")); need(path.join(root, "build/settings.asset.php"));
    const blocks = fs.readdirSync(path.join(root, "build"), { recursive: true }).filter((f) => String(f).endsWith("block.json"));
    if (!blocks.length) missing.push("build/**/block.json");
    for (const b of blocks) {
      const dir = path.dirname(path.join(root, "build", String(b)));
      const json = JSON.parse(fs.readFileSync(path.join(root, "build", String(b)), "utf8"));
      for (const v of Object.values(json).flat()) {
        if (typeof v !== "string" || !v.startsWith("file:")) continue;
        const f = path.join(dir, v.slice(5));
        need(f);
        if (f.endsWith(".js")) need(f.replace(/\.js$/, ".asset.php"));
      }
    }
    if (missing.length) { console.error("missing: " + missing.join(", ")); process.exit(1); }
  ' "$1"
}
snapshot_ok=0
for _ in $(seq 1 60); do
  rm -rf "$DIR/plugin" && mkdir -p "$DIR/plugin"
  cp -a byok-ai.php uninstall.php readme.txt includes build languages "$DIR/plugin/" 2>/dev/null &&
    build_complete "$DIR/plugin" && { snapshot_ok=1; break; }
  log "build/ is incomplete (a build running?); trying again in 3 s"
  sleep 3
done
[[ "$snapshot_ok" == 1 ]] || { log "build/ stayed incomplete for 3 minutes: run npm run build"; echo "0 passed, 1 failed"; exit 1; }

log "starting WordPress ${BYOK_AI_WP_VERSION:-7.1.0} on PHP $PHP at http://127.0.0.1:$WP_PORT"
BOOT0=$(now)
if ! WP_PORT="$WP_PORT" BYOK_AI_SITE_DIR="$SITE" BYOK_AI_FRESH=1 BYOK_AI_RUNTIME=playground \
  BYOK_AI_AUTOLOGIN=0 BYOK_AI_PHP="$PHP" BYOK_AI_DETACH=1 BYOK_AI_PLUGIN_DIR="$DIR/plugin" bash bin/start.sh; then
  log "WordPress did not start"
  echo "0 passed, 1 failed"
  exit 1
fi
BOOT=$(seconds_since "$BOOT0")
log "booted in $BOOT s"

for _ in $(seq 1 200); do
  curl -fsS -o /dev/null "http://127.0.0.1:$FAKE_PORT/__health" 2>/dev/null && break
  kill -0 "$FAKE_PID" 2>/dev/null || { cat "$DIR/fake.log" >&2; log "the fake provider exited"; exit 1; }
  sleep 0.1
done

set +e
SMOKE_URL="http://127.0.0.1:$WP_PORT" SMOKE_FAKE_URL="http://127.0.0.1:$FAKE_PORT" SMOKE_PHP="$PHP" \
  SMOKE_KEY="$KEY" node tests/smoke/php-smoke.mjs | tee "$DIR/steps.log"
set -e
passed=$(sed -n 's/^steps: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$DIR/steps.log")
failed=$(sed -n 's/^steps: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$DIR/steps.log")
[[ -n "$passed" ]] || { passed=0; failed=1; echo "  FAIL  the smoke script did not finish"; }

check() { # name, then a command that succeeds when the check passes
  local name="$1"; shift
  if "$@"; then passed=$((passed + 1)); echo "  ok    $name"; else failed=$((failed + 1)); echo "  FAIL  $name"; fi
}
no_plaintext_key() {
  local db="$SITE/wp-content/database/.ht.sqlite"
  [[ -s "$db" ]] || { echo "        no database at $db"; return 1; }
  ! grep -aqF "$KEY" "$db"
}
# The debug log and Playground's own output: PHP errors of any level whose file is the plugin's.
no_plugin_php_errors() {
  local logs=("$SITE/wp-content/debug.log" "$(dirname "$SITE")/site.runtime/playground.log") hits
  hits=$(cat "${logs[@]}" 2>/dev/null | grep -E 'PHP (Fatal error|Parse error|Warning|Notice|Deprecated|Strict Standards|Recoverable fatal error)|(Fatal error|Warning|Notice|Deprecated): ' | grep -E 'plugins/byok-ai/' || true)
  [[ -z "$hits" ]] || { printf '        %s\n' "$hits" | head -20; return 1; }
}
check "the plaintext key is not in the SQLite database" no_plaintext_key
check "no PHP error, warning, notice or deprecation from the plugin in the logs" no_plugin_php_errors

other=$(grep -E 'PHP (Fatal error|Parse error|Warning|Notice|Deprecated)' "$SITE/wp-content/debug.log" 2>/dev/null | grep -cv 'plugins/byok-ai/' || true)
[[ "${other:-0}" == 0 ]] || log "debug.log: ${other} PHP message(s) from other files (not the plugin's; not failing): $SITE/wp-content/debug.log"
log "boot $BOOT s, whole run $(seconds_since "$T0") s"
echo "$passed passed, $failed failed"
[[ "$failed" == 0 ]]
