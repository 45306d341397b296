#!/usr/bin/env bash
# Writes languages/byok-ai.pot with WP-CLI's `wp i18n make-pot` (run `npm run build` first).
#
#   bin/make-pot.sh [OUTPUT]        (default languages/byok-ai.pot)
#
# Sources: byok-ai.php (plugin headers), uninstall.php, includes/ (PHP) and build/: the built
# scripts and build/assistant/block.json (its title, description and keywords, with the "block
# title"/"block description"/"block keyword" contexts). The scripts are read as built, not from
# src/: make-pot can't parse TypeScript, and `#: build/settings.js:…` references are exactly what
# `wp i18n make-json` needs to name each script's translation file after the md5 of its path
# (byok-ai-LOCALE-<md5("build/settings.js")>.json, which load_script_textdomain() looks for).
# wp-scripts' minifier keeps `translators:` comments, so they become extracted comments (#.).
#
# Byte-identical from run to run: POT-Creation-Date is left empty (make-pot would stamp the
# current time) and the file comment carries no year. Offline: ../shared/tools/wp-cli-i18n-offline.php
# feeds make-pot the block.json schema from the local WordPress core instead of downloading it.
#
# Environment: WP_CLI_PHAR (default ../shared/tools/wp-cli-2.10.0.phar), WP_CLI_I18N_OFFLINE
# (default ../shared/tools/wp-cli-i18n-offline.php; set it empty where a network exists).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
TOOLS="$REPO/../shared/tools"
WP_CLI_PHAR="${WP_CLI_PHAR:-$TOOLS/wp-cli-2.10.0.phar}"
OFFLINE="${WP_CLI_I18N_OFFLINE-$TOOLS/wp-cli-i18n-offline.php}"
OUT="${1:-languages/byok-ai.pot}"

die() { printf '[make-pot] ERROR: %s\n' "$*" >&2; exit 1; }
[[ -f "$WP_CLI_PHAR" ]] || die "WP-CLI not found at $WP_CLI_PHAR (set WP_CLI_PHAR)"
[[ -f build/settings.js && -f build/assistant/block.json ]] || die "build/ is missing: run npm run build first"

args=(i18n make-pot . "$OUT"
  --slug=byok-ai --domain=byok-ai
  --include=byok-ai.php,uninstall.php,includes,build
  --headers='{"POT-Creation-Date":""}'
  --file-comment="This file is distributed under the same license as the BYOK AI plugin (GPL-2.0-or-later)."
  --skip-audit)
if [[ -n "$OFFLINE" ]]; then
  [[ -f "$OFFLINE" ]] || die "$OFFLINE not found (set WP_CLI_I18N_OFFLINE, or empty it where a network exists)"
  args+=(--require="$OFFLINE")
  WP_I18N_SCHEMA_DIR="$(bash bin/install-wordpress-core.sh)/wp-includes"
  export WP_I18N_SCHEMA_DIR
fi
[[ "$(id -u)" == 0 ]] && args+=(--allow-root)
mkdir -p "$(dirname "$OUT")"
php "$WP_CLI_PHAR" "${args[@]}" >/dev/null
printf '[make-pot] %s: %s messages\n' "$OUT" "$(grep -c '^msgid "[^"]' "$OUT")"
