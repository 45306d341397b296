#!/usr/bin/env bash
# Runs the Playwright suite against WordPress on native PHP (nginx + php-fpm + MariaDB, set up by
# bin/native-site.sh from tests/e2e/global-setup.ts), with Debian's Chromium.
#
#   bin/test-e2e.sh                 WordPress 7.1.0, every spec
#   bin/test-e2e.sh 6.6.4           WordPress 6.6.4, the @smoke specs
#   bin/test-e2e.sh 7.1.0 --grep X  extra arguments go to `playwright test`
#
# Environment: E2E_WP_VERSION (when no version argument), E2E_SUITE=full|smoke (default: full on
# 7.1.0, smoke otherwise); see tests/e2e/config.ts for ports, site folder and database.
# Ports: 8811/8812 for 7.1.0, 8813/8814 for 6.6.4 (WordPress / fake provider), loopback only.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

VERSION="${E2E_WP_VERSION:-7.1.0}"
if [[ $# -gt 0 && "$1" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  VERSION="$1"
  shift
fi
export E2E_WP_VERSION="$VERSION"

log() { printf '[test-e2e] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ -d node_modules/@playwright/test ]] || die "run 'npm ci' first"
if [[ ! -x /usr/bin/chromium ]]; then
  # Debian's Chromium: never `npx playwright install` (no downloads besides the registries).
  [[ $(id -u) -eq 0 ]] || die "/usr/bin/chromium is missing: apt-get install -y chromium"
  log "apt-get install chromium"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >/dev/null ||
    { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >/dev/null; } ||
    die "apt-get install chromium failed"
fi
if [[ ! -f build/settings.asset.php || ! -f build/assistant/block.json ]]; then
  log "no build/: npm run build"
  npm run build >/dev/null
fi

# One run at a time per WordPress port (the site, its database and the fake provider's port are
# per version and port): a second run waits for the first instead of resetting its database.
declare -A DEFAULT_PORTS=([7.1.0]=8811 [6.6.4]=8813)
PORT="${E2E_WP_PORT:-${DEFAULT_PORTS[$VERSION]:-8811}}"
mkdir -p /tmp/byok-ai-e2e
exec 9>"/tmp/byok-ai-e2e/run-$PORT.lock"
if ! flock -n 9; then
  log "another e2e run uses port $PORT: waiting for it to end"
  flock 9
fi

# What an interrupted earlier run on this port left running (by its PID files; we hold the lock).
INSTANCE=$([[ "$PORT" == "${DEFAULT_PORTS[$VERSION]:-8811}" ]] && echo "$VERSION" || echo "$VERSION-$PORT")
NATIVE_SITE_DIR="${E2E_SITE_DIR:-/tmp/byok-ai-e2e/$INSTANCE}" bash bin/native-site.sh stop 9>&-

SUITE="${E2E_SUITE:-$([[ "$VERSION" == 7.1.0 ]] && echo full || echo smoke)}"
log "WordPress $VERSION, $SUITE suite"
start=$(date +%s)
rc=0
# fd 9 (the lock) stays with this script: servers started meanwhile must not inherit it.
npx playwright test "$@" 9>&- || rc=$?
log "WordPress $VERSION ($SUITE): exit $rc in $(($(date +%s) - start)) s"
exit "$rc"
