#!/usr/bin/env bash
# Starts a local WordPress with BYOK AI active: WordPress Playground CLI (PHP in WebAssembly) on
# an embedded SQLite database, booted offline from the local core tree. No Docker.
#
#   npm start                        → http://127.0.0.1:8888, admin / password
#
# Environment: WP_PORT (8888), BYOK_AI_SITE_DIR (where the site lives; kept between runs),
# BYOK_AI_FRESH=1 (start from an empty site), BYOK_AI_AUTOLOGIN=0 (show the real login form).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${WP_PORT:-8888}"
# The site must live outside the repo: the repo itself is mounted as the plugin.
SITE="${BYOK_AI_SITE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/byok-ai/site-$PORT}"
AUTOLOGIN="${BYOK_AI_AUTOLOGIN:-1}"
cd "$REPO"

[ -d node_modules/@wp-playground/cli ] || npm ci
bash bin/install-wordpress-core.sh >/dev/null
[ -f build/settings.asset.php ] || npm run build >/dev/null

if [ "${BYOK_AI_FRESH:-0}" = 1 ]; then rm -rf "$SITE"; fi
if [ ! -f "$SITE/wp-includes/version.php" ]; then
  mkdir -p "$(dirname "$SITE")"
  cp -a .cache/wordpress "$SITE"
  # A real site has unique salts; the plugin refuses to encrypt with the sample's placeholders.
  php -r '
    $sample = file_get_contents( $argv[1] . "/wp-config-sample.php" );
    $config = preg_replace_callback( "/put your unique phrase here/", function () { return bin2hex( random_bytes( 32 ) ); }, $sample );
    file_put_contents( $argv[1] . "/wp-config.php", $config );
  ' "$SITE"
fi

RUNTIME="$SITE.runtime"
mkdir -p "$RUNTIME"
BLUEPRINT="$RUNTIME/blueprint.json"
LOGIN=$([ "$AUTOLOGIN" = 1 ] && echo true || echo false)
cat > "$BLUEPRINT" <<JSON
{
  "preferredVersions": { "php": "8.2", "wp": "latest" },
  "login": $LOGIN,
  "constants": {
    "WP_HTTP_BLOCK_EXTERNAL": true,
    "WP_ACCESSIBLE_HOSTS": "127.0.0.1,localhost",
    "AUTOMATIC_UPDATER_DISABLED": true,
    "WP_DEBUG": true,
    "WP_DEBUG_LOG": true,
    "WP_DEBUG_DISPLAY": false
  },
  "steps": [ { "step": "activatePlugin", "pluginPath": "byok-ai/byok-ai.php" } ]
}
JSON

echo "BYOK AI: starting WordPress $(sed -n "s/^\$wp_version = '\(.*\)';/\1/p" .cache/wordpress/wp-includes/version.php) at http://127.0.0.1:$PORT"
echo "BYOK AI: log in at http://127.0.0.1:$PORT/wp-admin/ as admin / password; settings: http://127.0.0.1:$PORT/wp-admin/options-general.php?page=byok-ai"
echo "BYOK AI: site files and SQLite database in $SITE"
# Playground leaves ~60 MB per run in TMPDIR; keep it in our own folder and clean it on exit.
export TMPDIR="$RUNTIME/tmp"
rm -rf "$TMPDIR" && mkdir -p "$TMPDIR"
exec node node_modules/@wp-playground/cli/wp-playground.js server \
  --port "$PORT" \
  --mount-dir-before-install "$SITE" /wordpress \
  --wordpress-install-mode install-from-existing-files-if-needed \
  --mount "$REPO:/wordpress/wp-content/plugins/byok-ai" \
  --blueprint "$BLUEPRINT"
