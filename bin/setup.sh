#!/usr/bin/env bash
# Installs what the test suite needs on a fresh machine: Debian packages, npm and Composer
# dependencies, the WordPress cores (7.1.0 and 6.6.4 from ../shared/wordpress or $WP_CORE_ARCHIVES).
# Idempotent and quick when everything is already there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DEBIAN_FRONTEND=noninteractive

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v sqlite3 >/dev/null || need+=(sqlite3)
command -v mariadbd >/dev/null || command -v mysqld >/dev/null || need+=(mariadb-server)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v php-fpm8.2 >/dev/null || [ -x /usr/sbin/php-fpm8.2 ] || need+=(php8.2-fpm)
command -v curl >/dev/null || need+=(curl)
command -v unzip >/dev/null || need+=(unzip)
command -v zip >/dev/null || need+=(zip)
php -m | grep -qi '^mysqli$' || need+=(php8.2-mysql)
php -m | grep -qi '^curl$' || need+=(php8.2-curl)
if [ ${#need[@]} -gt 0 ]; then
  echo "[setup] apt-get install ${need[*]}"
  apt-get update -qq
  # Debian starts services on install (nginx would listen on 0.0.0.0:80): forbid that meanwhile.
  own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && own_policy=1
  fi
  apt-get install -y -qq "${need[@]}" >/dev/null || { [ $own_policy = 1 ] && rm -f /usr/sbin/policy-rc.d; exit 1; }
  [ $own_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
fi
if [ ! -d node_modules/@wordpress/scripts ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[setup] npm ci"
  npm ci --no-audit --no-fund
fi
if [ ! -x vendor/bin/phpunit ] || [ composer.json -nt vendor/autoload.php ]; then
  echo "[setup] composer install"
  composer install --no-interaction --no-progress
fi
for version in 7.1.0 6.6.4; do
  bash bin/install-wordpress-core.sh "$version" >/dev/null
done
