#!/usr/bin/env bash
# PHPUnit against a real WordPress in MariaDB, with the fake provider.
#
#   bin/test-php.sh [phpunit args]            WordPress $WP_CORE_VERSION (default 7.1.0)
#   WP_CORE_VERSION=6.6.4 bin/test-php.sh     the oldest supported core
#
# Each core gets its own database (byok_ai_tests_<version>), so two versions can run side by side.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export WP_CORE_VERSION="${WP_CORE_VERSION:-7.1.0}"
WP_CORE_DIR="$(bash bin/install-wordpress-core.sh "$WP_CORE_VERSION")"
export WP_CORE_DIR
export WP_TESTS_DB_NAME="${WP_TESTS_DB_NAME:-byok_ai_tests_${WP_CORE_VERSION//./_}}"
bash bin/test-db.sh
[ -f tests/fake-provider/dist/cli.js ] || npm run build:fake-provider
[ -f build/assistant/render.php ] || npm run --silent build
echo "[test-php] WordPress $WP_CORE_VERSION ($WP_CORE_DIR), PHP $(php -r 'echo PHP_VERSION;'), database $WP_TESTS_DB_NAME"
vendor/bin/phpunit "$@"
