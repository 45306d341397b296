#!/usr/bin/env bash
# Plugin Check, the WordPress.org directory's checker, against the built release zip on WordPress 7.1.
#
#   bin/plugin-check.sh [--zip=byok-ai.zip | --no-build] [--keep]
#
# Makes byok-ai.zip unless --zip names one: `npm run plugin-zip` (build, .pot, zip), or with
# --no-build only the .pot and the zip from the current build/ (for CI, after its build step).
# Then installs a throwaway site (a copy of the pristine core from bin/install-wordpress-core.sh,
# outside the repository; MariaDB database $PLUGIN_CHECK_DB_NAME, default byok_ai_plugincheck, reset
# on every run), unpacks Plugin Check 1.2.0 and the zip into it, activates both and runs every
# check, experimental and runtime ones included:
#
#   wp plugin check byok-ai --format=json --include-experimental --require=…/plugin-check/cli.php
#
# ("plugin check" must be the first two words on the command line, or Plugin Check silently drops
# its runtime checks; every other flag comes after them.) It then adds the directory's newer rules
# that 1.2.0 lacks (bin/plugin-check-rules.php) and fails on any error or warning not listed, with
# its reason, in bin/plugin-check-allowed.json; an entry of that list that no longer matches fails
# too, so the list can't go stale. A PHP notice, warning or deprecation from the plugin's files
# during the run fails as well. Ends with one line: "Plugin Check: PASS|FAIL …".
#
# Environment: WP_CLI_PHAR, PLUGIN_CHECK_ARCHIVE (default: ../shared/tools), PLUGIN_CHECK_WP_VERSION
# (default 7.1.0), PLUGIN_CHECK_DB_NAME, WP_TESTS_DB_USER / WP_TESTS_DB_PASSWORD / WP_TESTS_DB_HOST.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
TOOLS="$REPO/../shared/tools"
WP_CLI_PHAR="${WP_CLI_PHAR:-$TOOLS/wp-cli-2.10.0.phar}"
PLUGIN_CHECK_ARCHIVE="${PLUGIN_CHECK_ARCHIVE:-$TOOLS/plugin-check-1.2.0.tar.gz}"
WP_VERSION="${PLUGIN_CHECK_WP_VERSION:-7.1.0}"
# Its own database, never the one PHPUnit may have in WP_TESTS_DB_NAME: it is reset here.
DB_NAME="${PLUGIN_CHECK_DB_NAME:-byok_ai_plugincheck}"
DB_USER="${WP_TESTS_DB_USER:-byok_ai}"
DB_PASS="${WP_TESTS_DB_PASSWORD:-byok_ai}"
DB_HOST="${WP_TESTS_DB_HOST:-localhost}"
ALLOWED="$REPO/bin/plugin-check-allowed.json"
SLUG=byok-ai

ZIP=""
KEEP=0
BUILD=1
for arg in "$@"; do
  case "$arg" in
    --zip=*) ZIP="${arg#--zip=}" ;;
    --keep) KEEP=1 ;;
    --no-build) BUILD=0 ;;
    *) echo "usage: $0 [--zip=path.zip | --no-build] [--keep]" >&2; exit 2 ;;
  esac
done

log() { printf '[plugin-check] %s\n' "$*" >&2; }
fail() { log "ERROR: $*"; echo "Plugin Check: FAIL ($*)"; exit 1; }

[[ -f "$WP_CLI_PHAR" ]] || fail "WP-CLI not found at $WP_CLI_PHAR (set WP_CLI_PHAR)"
[[ -f "$PLUGIN_CHECK_ARCHIVE" ]] || fail "Plugin Check not found at $PLUGIN_CHECK_ARCHIVE (set PLUGIN_CHECK_ARCHIVE)"

if [[ -z "$ZIP" ]]; then
  zip_log="$(mktemp)"
  if [[ "$BUILD" == 1 ]]; then
    log "building the release zip (npm run plugin-zip)"
    make_zip=(npm run --silent plugin-zip)
  else
    log "zipping the current build/ (bin/make-pot.sh, bin/plugin-zip.mjs)"
    make_zip=(sh -c 'bash bin/make-pot.sh && node bin/plugin-zip.mjs --list')
  fi
  if ! "${make_zip[@]}" >"$zip_log" 2>&1; then
    cat "$zip_log" >&2; rm -f "$zip_log"
    fail "making the zip failed"
  fi
  grep -E '^\[(make-pot|plugin-zip)\]' "$zip_log" >&2 || true
  rm -f "$zip_log"
  ZIP="$REPO/$SLUG.zip"
fi
ZIP="$(cd "$(dirname "$ZIP")" && pwd)/$(basename "$ZIP")"
[[ -f "$ZIP" ]] || fail "no zip at $ZIP"

CORE="$(bash bin/install-wordpress-core.sh "$WP_VERSION")" || fail "WordPress $WP_VERSION is not available"
SITE="$(mktemp -d "${TMPDIR:-/tmp}/byok-ai-plugincheck.XXXXXX")"
if [[ "$KEEP" == 1 ]]; then log "site kept in $SITE"; else trap 'rm -rf "$SITE"' EXIT; fi
cp -a "$CORE/." "$SITE/"
rm -f "$SITE/.byok-ai-core-ok"

ROOT_FLAG=()
[[ "$(id -u)" == 0 ]] && ROOT_FLAG=(--allow-root)
# Every flag goes after the command words (see above).
wp() { php "$WP_CLI_PHAR" "$@" --path="$SITE" "${ROOT_FLAG[@]}"; }

WP_TESTS_DB_NAME="$DB_NAME" bash bin/test-db.sh >&2 || fail "MariaDB is not available"
wp config create --dbname="$DB_NAME" --dbuser="$DB_USER" --dbpass="$DB_PASS" --dbhost="$DB_HOST" \
  --skip-check --quiet --extra-php <<'PHP' || fail "wp config create failed"
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', __DIR__ . '/debug.log' );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'WP_ACCESSIBLE_HOSTS', '127.0.0.1' );
define( 'DISABLE_WP_CRON', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
// A key from wp-config (never used: no request leaves the machine), so the AI Assistant block
// renders its form and enqueues its assets on the page the runtime checks visit.
define( 'BYOK_AI_OPENAI_API_KEY', 'sk-plugincheck-00000000000000000000000000000000' );
define( 'BYOK_AI_ANTHROPIC_API_KEY', 'sk-ant-plugincheck-00000000000000000000000000000000' );
define( 'BYOK_AI_GEMINI_API_KEY', 'AIzaPluginCheck000000000000000000000000' );
PHP
wp db reset --yes --quiet >&2 || fail "could not reset database $DB_NAME"
wp core install --url=http://127.0.0.1 --title="Plugin Check" --admin_user=admin \
  --admin_password=admin --admin_email=admin@example.invalid --skip-email --quiet >&2 ||
  fail "wp core install failed"

tar -xzf "$PLUGIN_CHECK_ARCHIVE" -C "$SITE/wp-content/plugins"
# The runtime checks run on their own tables (prefix wp_pc_), installed during the check, and
# visit the newest post of each type: make that a post with the AI Assistant block, so the
# block's front end (form, styles, view module) is what they measure.
mkdir -p "$SITE/wp-content/mu-plugins"
cat >"$SITE/wp-content/mu-plugins/byok-ai-plugin-check-content.php" <<'PHP'
<?php
add_action(
	'wp_install',
	static function () {
		// Core's "Hello world!" post, written a moment ago, becomes older than the block's.
		wp_update_post(
			array(
				'ID'        => 1,
				'post_date' => '2000-01-01 00:00:00',
			)
		);
		wp_insert_post(
			array(
				'post_title'   => 'AI Assistant',
				'post_status'  => 'publish',
				'post_content' => "<!-- wp:paragraph -->\n<p>A post with the AI Assistant block.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:byok-ai/assistant {\"blockId\":\"plugincheck1\"} /-->",
			)
		);
	}
);
PHP
node -e 'new (require("adm-zip"))(process.argv[1]).extractAllTo(process.argv[2], true)' \
  "$ZIP" "$SITE/wp-content/plugins" || fail "could not unpack $ZIP"
[[ -f "$SITE/wp-content/plugins/$SLUG/$SLUG.php" ]] || fail "$ZIP has no $SLUG/$SLUG.php"
wp plugin activate plugin-check "$SLUG" --quiet >&2 || fail "activation failed"

OUT="$SITE/plugin-check.out"
start=$SECONDS
log "running Plugin Check $(basename "$PLUGIN_CHECK_ARCHIVE" .tar.gz | sed 's/plugin-check-//') on WordPress $(wp core version)"
# "plugin check" first: see the header.
if ! php "$WP_CLI_PHAR" plugin check "$SLUG" --format=json --include-experimental \
  --require="$SITE/wp-content/plugins/plugin-check/cli.php" --path="$SITE" "${ROOT_FLAG[@]}" \
  >"$OUT" 2>"$SITE/plugin-check.err"; then
  cat "$SITE/plugin-check.err" >&2
  fail "wp plugin check stopped with an error"
fi
grep -q '^Setting up runtime environment' "$OUT" || fail "the runtime checks did not run"
log "Plugin Check took $((SECONDS - start))s"

php "$REPO/bin/plugin-check-rules.php" report "$OUT" "$SITE/wp-content/plugins/$SLUG" "$ALLOWED" \
  "$SITE/debug.log" "$(wp core version)"
