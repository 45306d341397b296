#!/usr/bin/env bash
# PHPUnit against a real WordPress in MariaDB, with the fake provider.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash bin/install-wordpress-core.sh >/dev/null
bash bin/test-db.sh
[ -f tests/fake-provider/dist/cli.js ] || npm run build:fake-provider
[ -f build/assistant/render.php ] || npm run --silent build
vendor/bin/phpunit "$@"
