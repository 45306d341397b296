#!/usr/bin/env bash
# Starts MariaDB (Debian's) if it isn't running and creates the test database and user.
# Idempotent. Used by the PHPUnit suite and by `npm run bench`.
set -euo pipefail
DB_NAME="${WP_TESTS_DB_NAME:-byok_ai_tests}"
DB_USER="${WP_TESTS_DB_USER:-byok_ai}"
DB_PASS="${WP_TESTS_DB_PASSWORD:-byok_ai}"

if ! mysqladmin ping --silent >/dev/null 2>&1; then
  if command -v service >/dev/null && service mariadb start >/dev/null 2>&1; then :; else
    (mysqld_safe >/dev/null 2>&1 &)
  fi
  for _ in $(seq 1 60); do mysqladmin ping --silent >/dev/null 2>&1 && break; sleep 0.5; done
fi
mysqladmin ping --silent >/dev/null 2>&1 || { echo "MariaDB did not start" >&2; exit 1; }

mysql -uroot <<SQL
CREATE DATABASE IF NOT EXISTS \`${DB_NAME}\` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '${DB_USER}'@'localhost' IDENTIFIED BY '${DB_PASS}';
CREATE USER IF NOT EXISTS '${DB_USER}'@'127.0.0.1' IDENTIFIED BY '${DB_PASS}';
GRANT ALL PRIVILEGES ON \`${DB_NAME}\`.* TO '${DB_USER}'@'localhost';
GRANT ALL PRIVILEGES ON \`${DB_NAME}\`.* TO '${DB_USER}'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
echo "[test-db] MariaDB ready: database ${DB_NAME}, user ${DB_USER}"
