#!/usr/bin/env bash
# Installs what the test suite needs on a fresh machine: Debian packages, npm and Composer
# dependencies, WordPress core. Idempotent and quick when everything is already there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DEBIAN_FRONTEND=noninteractive

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v sqlite3 >/dev/null || need+=(sqlite3)
command -v mariadbd >/dev/null || command -v mysqld >/dev/null || need+=(mariadb-server)
php -m | grep -qi '^mysqli$' || need+=(php8.2-mysql)
php -m | grep -qi '^curl$' || need+=(php8.2-curl)
if [ ${#need[@]} -gt 0 ]; then
  echo "[setup] apt-get install ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [ ! -d node_modules/@wordpress/scripts ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[setup] npm ci"
  npm ci --no-audit --no-fund
fi
if [ ! -x vendor/bin/phpunit ] || [ composer.json -nt vendor/autoload.php ]; then
  echo "[setup] composer install"
  composer install --no-interaction --no-progress
fi
bash bin/install-wordpress-core.sh
