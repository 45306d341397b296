#!/usr/bin/env bash
# Starts a local WordPress with BYOK AI active and an administrator logged in: PHP in WebAssembly
# (WordPress Playground) on an embedded SQLite database, booted offline from the local core tree.
# No Docker. Ctrl-C stops it; the site (files and database) is kept for the next start.
#
#   npm start        → http://localhost:8888 (wp-env) or http://127.0.0.1:8888 (Playground CLI),
#                      admin / password; Settings → BYOK AI is wp-admin/options-general.php?page=byok-ai
#
# Runtime (BYOK_AI_RUNTIME):
#   wp-env       (default) `wp-env start --runtime=playground` with the repo's .wp-env.json, its core
#                swapped for a copy of the local core (WP_ENV_CORE) and the "latest WordPress version"
#                cache seeded, which wp-env otherwise looks up on wordpress.org even when a core is set.
#   playground   the Playground CLI directly (what wp-env runs underneath). Used when
#                BYOK_AI_AUTOLOGIN=0, because wp-env's Playground runtime always logs the admin in.
# See docs/playground.md for what each can and cannot do offline.
#
# Environment:
#   WP_PORT              port (8888)
#   BYOK_AI_SITE_DIR     the WordPress folder of the site (default ~/.cache/byok-ai/site-PORT); its
#                        runtime state lives next to it, in SITE_DIR.runtime
#   BYOK_AI_FRESH=1      throw the site away and install a new one
#   BYOK_AI_AUTOLOGIN=0  no automatic login: the real login form (implies BYOK_AI_RUNTIME=playground)
#   BYOK_AI_WP_VERSION   the core (7.1.0; 6.6.4 is the other one in ../shared/wordpress)
#   BYOK_AI_PHP          PHP version (8.2; 7.4 to 8.5)
#   BYOK_AI_PLUGIN_DIR   mount this folder as the plugin instead of the repo (Playground CLI runtime
#                        only; bin/smoke-php.sh mounts a snapshot so that builds running meanwhile
#                        can't pull files from under it)
#   BYOK_AI_DETACH=1     return once the site answers and leave it running (stop it with
#                        `bash bin/start.sh stop` and the same variables)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

PORT="${WP_PORT:-8888}"
WP_VERSION="${BYOK_AI_WP_VERSION:-7.1.0}"
PHP_VERSION="${BYOK_AI_PHP:-8.2}"
AUTOLOGIN="${BYOK_AI_AUTOLOGIN:-1}"
RUNTIME="${BYOK_AI_RUNTIME:-wp-env}"
# The site must live outside the repo: the repo itself is mounted as the plugin.
SITE="${BYOK_AI_SITE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/byok-ai/site-$PORT}"
SITE="$(realpath -m "$SITE")"
STATE="$SITE.runtime"

log() { printf 'BYOK AI: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

case "$SITE/" in "$REPO"/*) die "BYOK_AI_SITE_DIR ($SITE) must be outside the repo, which is mounted as the plugin" ;; esac
[[ "$AUTOLOGIN" == 1 || "$RUNTIME" == playground ]] || {
  log "BYOK_AI_AUTOLOGIN=0: using the Playground CLI (wp-env's Playground runtime always logs in)"
  RUNTIME=playground
}
[[ "$RUNTIME" == wp-env || "$RUNTIME" == playground ]] || die "BYOK_AI_RUNTIME must be wp-env or playground, not '$RUNTIME'"

WP_ENV_BIN="$REPO/node_modules/@wordpress/env/bin/wp-env"
PLAYGROUND_BIN="$REPO/node_modules/@wp-playground/cli/wp-playground.js"
export WP_ENV_HOME="$STATE/wp-env"
# Playground leaves ~60 MB per run in TMPDIR when it is killed before it is ready: keep it ours.
export TMPDIR="$STATE/tmp"

wp_env() { WP_ENV_CORE="$SITE" WP_ENV_PORT="$PORT" WP_ENV_PHP_VERSION="$PHP_VERSION" node "$WP_ENV_BIN" "$@"; }

# Stops what an earlier run left behind (a detached run, or one whose shell was killed).
stop_previous() {
  local pidfile pid
  for pidfile in "$WP_ENV_HOME"/*/playground.pid "$STATE/playground.pid"; do
    [[ -f "$pidfile" ]] || continue
    pid=$(cat "$pidfile")
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && grep -qa 'wp-playground' "/proc/$pid/cmdline" 2>/dev/null; then
      log "stopping the site's earlier server (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

if [[ "${1:-}" == stop ]]; then
  stop_previous
  rm -rf "$TMPDIR"
  exit 0
fi

[[ -d node_modules/@wp-playground/cli && -d node_modules/@wordpress/env ]] || npm ci
CORE="$(bash bin/install-wordpress-core.sh "$WP_VERSION")"
[[ -f build/settings.asset.php && -f build/assistant/block.json ]] || npm run build >/dev/null

stop_previous
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "port $PORT is in use by another process: set WP_PORT to a free port"
fi
if [[ "${BYOK_AI_FRESH:-0}" == 1 ]]; then rm -rf "$SITE" "$STATE"; fi
if [[ -f "$SITE/wp-includes/version.php" ]]; then
  have=$(sed -n "s/^\$wp_version = '\([^']*\)';.*/\1/p" "$SITE/wp-includes/version.php")
  [[ "${have%.0}" == "${WP_VERSION%.0}" ]] ||
    die "$SITE holds WordPress $have, not $WP_VERSION: set BYOK_AI_FRESH=1 to replace it, or another BYOK_AI_SITE_DIR"
else
  # A copy: Playground writes wp-config.php, the database and logs into the core it mounts.
  rm -rf "$SITE" "$STATE"
  mkdir -p "$(dirname "$SITE")"
  cp -a "$CORE" "$SITE.partial"
  rm -f "$SITE.partial/.byok-ai-core-ok"
  # A real site has unique salts; the plugin refuses to encrypt with the sample's placeholders.
  node -e '
    const fs = require("fs"), crypto = require("crypto");
    const dir = process.argv[1];
    const sample = fs.readFileSync(dir + "/wp-config-sample.php", "utf8");
    const config = sample.replace(/put your unique phrase here/g, () => crypto.randomBytes(32).toString("hex"));
    if (config === sample) { throw new Error("no salt placeholders in wp-config-sample.php"); }
    fs.writeFileSync(dir + "/wp-config.php", config);
  ' "$SITE.partial"
  mv "$SITE.partial" "$SITE"
fi
mkdir -p "$STATE"
rm -rf "$TMPDIR" && mkdir -p "$TMPDIR"

if [[ "$RUNTIME" == wp-env ]]; then
  URL="http://localhost:$PORT"
else
  URL="http://127.0.0.1:$PORT"
fi
banner() {
  log "WordPress $WP_VERSION, PHP $PHP_VERSION, SQLite, through $([[ $RUNTIME == wp-env ]] && echo "wp-env (Playground runtime)" || echo "the Playground CLI")"
  log "site: $URL/ — admin / password$([[ $AUTOLOGIN == 1 ]] && echo " (logged in on the first visit)")"
  log "settings: $URL/wp-admin/options-general.php?page=byok-ai"
  log "files, SQLite database and debug.log: $SITE (wp-content/database, wp-content/debug.log)"
}

if [[ "$RUNTIME" == playground ]]; then
  # The same wp-config constants as .wp-env.json gives wp-env (one place to change them), plus the
  # PHP version and the login choice. The CLI ignores --php and --login when a blueprint is given.
  BLUEPRINT="$STATE/blueprint.json"
  node -e '
    const fs = require("fs");
    const [envFile, out, php, login, url] = process.argv.slice(1);
    const env = JSON.parse(fs.readFileSync(envFile, "utf8"));
    const constants = { WP_ENVIRONMENT_TYPE: "local", ...(env.config || {}), WP_HOME: url, WP_SITEURL: url };
    fs.writeFileSync(out, JSON.stringify({
      preferredVersions: { php, wp: "latest" },
      login: login === "1",
      constants,
      steps: [ { step: "activatePlugin", pluginPath: "byok-ai/byok-ai.php" } ],
    }, null, "\t"));
  ' "$REPO/.wp-env.json" "$BLUEPRINT" "$PHP_VERSION" "$AUTOLOGIN" "$URL"
  banner
  echo $$ > "$STATE/playground.pid"
  args=(server --port "$PORT" --site-url "$URL" --php "$PHP_VERSION"
    --mount-dir-before-install "$SITE" /wordpress
    --wordpress-install-mode install-from-existing-files-if-needed
    --mount-dir "${BYOK_AI_PLUGIN_DIR:-$REPO}" /wordpress/wp-content/plugins/byok-ai
    --blueprint "$BLUEPRINT")
  if [[ "${BYOK_AI_DETACH:-0}" == 1 ]]; then
    setsid node "$PLAYGROUND_BIN" "${args[@]}" >"$STATE/playground.log" 2>&1 < /dev/null &
    echo $! > "$STATE/playground.pid"
    for _ in $(seq 1 1800); do
      grep -q '^Ready!' "$STATE/playground.log" && { log "ready (log: $STATE/playground.log)"; exit 0; }
      kill -0 "$(cat "$STATE/playground.pid")" 2>/dev/null || { cat "$STATE/playground.log" >&2; die "the Playground CLI exited"; }
      sleep 0.1
    done
    die "no 'Ready!' from the Playground CLI after 180 s (log: $STATE/playground.log)"
  fi
  exec node "$PLAYGROUND_BIN" "${args[@]}"
fi

# wp-env: it parses a default config with "the latest WordPress version" before it reads
# .wp-env.json, and offline (no DNS for wordpress.org) it takes that from its cache or fails, even
# though the core is given. Seed the cache of this config (the md5 of its path names the folder).
CACHE_DIR="$WP_ENV_HOME/$(node -p 'require("crypto").createHash("md5").update(process.argv[1]).digest("hex")' "$REPO/.wp-env.json")"
mkdir -p "$CACHE_DIR"
node -e '
  const fs = require("fs");
  const [file, version] = process.argv.slice(1);
  let cache = {};
  try { cache = JSON.parse(fs.readFileSync(file, "utf8")); } catch {}
  cache.latestWordPressVersion = cache.latestWordPressVersion || version;
  fs.writeFileSync(file, JSON.stringify(cache));
' "$CACHE_DIR/wp-env-cache.json" "${WP_VERSION%.0}"

banner
wp_env start --runtime=playground
LOG="$CACHE_DIR/playground.log"
PID="$(cat "$CACHE_DIR/playground.pid")"
# wp-env returns at the first HTTP answer, but the CLI answers before its blueprint has finished
# (about a second before its "Ready!" line). A visit in that gap is served without wp-env's
# WP_SITEURL/WP_HOME, so its login cookies are named for http://127.0.0.1:PORT and stop working
# one request later (the fresh site's first visitor lands on the login form). Wait for "Ready!".
for _ in $(seq 1 1800); do
  grep -q '^Ready!' "$LOG" 2>/dev/null && break
  kill -0 "$PID" 2>/dev/null || { cat "$LOG" >&2; die "the Playground server exited"; }
  sleep 0.1
done
grep -q '^Ready!' "$LOG" || die "no 'Ready!' from Playground after 180 s (log: $LOG)"
if [[ "${BYOK_AI_DETACH:-0}" == 1 ]]; then
  log "running in the background (log: $LOG); stop it with: bash bin/start.sh stop"
  exit 0
fi
# wp-env runs the server detached and returns; stay in the foreground like `wp-env start` would
# not, so that Ctrl-C (or a supervisor's SIGTERM) stops it.
stop() {
  trap - INT TERM
  log "stopping"
  wp_env stop >/dev/null 2>&1 || stop_previous
  [[ -n "${TAIL:-}" ]] && kill "$TAIL" 2>/dev/null
  rm -rf "$TMPDIR"
  exit 0
}
trap stop INT TERM
log "serving; Ctrl-C stops (log: $LOG)"
tail -n 0 --pid="$PID" -f "$LOG" &
TAIL=$!
wait "$TAIL" || true
log "the server exited"
exit 1
