#!/usr/bin/env bash
# A WordPress site on native PHP for this plugin: nginx + php-fpm 8.2 (Debian) + MariaDB, the plugin
# a symlink to this working tree. Used by the e2e suite (bin/test-e2e.sh) and by `npm run bench`.
#
#   bin/native-site.sh start        set the site up (idempotent) and start php-fpm + nginx in the
#                                   background; returns once the site answers over HTTP
#   bin/native-site.sh stop         stop the php-fpm, nginx and fake provider of this site (PID files)
#   bin/native-site.sh fake-build   build the fake provider into NATIVE_SITE_DIR/fake-provider and
#                                   print the path of its cli.js
#   bin/native-site.sh fake-run     build it, then exec it in the foreground (FAKE_PROVIDER_* env)
#
# Environment (defaults):
#   NATIVE_SITE_DIR=/tmp/byok-ai-native   site (wordpress/), configs, logs/, run/ (outside the repo)
#   NATIVE_WP_VERSION=7.1.0               core from bin/install-wordpress-core.sh
#   NATIVE_WP_PORT=8811                   nginx, on 127.0.0.1 only
#   NATIVE_DB_NAME=byok_ai_native         MariaDB database (user byok_ai/byok_ai, via bin/test-db.sh)
#   NATIVE_FRESH=0                        1: empty the database, the uploads and the logs first
#   NATIVE_ADMIN_PASSWORD=password        the administrator "admin" (set at install only)
#   NATIVE_FPM_WORKERS=4                  php-fpm pm=static children
#   NATIVE_FASTCGI_BUFFERING=default      default: nginx buffers unless a response says
#                                         X-Accel-Buffering: no; off: never buffers
#   NATIVE_WP_DEBUG=1                     WP_DEBUG (the log is written either way, see below)
#   NATIVE_MU_PLUGINS=                    space-separated PHP files copied into wp-content/mu-plugins
#   NATIVE_SITE_TITLE="BYOK AI"           blog name at install
#   NATIVE_PLUGIN_DIR=<this repo>         the plugin tree to symlink (e.g. a built snapshot)
#
# PHP's error log and WP_DEBUG_LOG are the same file, NATIVE_SITE_DIR/logs/debug.log (emptied by
# every start). wp-config.php is rewritten on every start; salts are random once per site dir.
# Only loopback is used; WP_HTTP_BLOCK_EXTERNAL lets WordPress reach 127.0.0.1 and localhost only.
# Needs root the first time if Debian packages are missing (apt-get install, services not started).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SITE_DIR="${NATIVE_SITE_DIR:-/tmp/byok-ai-native}"
SITE_DIR="${SITE_DIR%/}"
WP_VERSION="${NATIVE_WP_VERSION:-7.1.0}"
WP_PORT="${NATIVE_WP_PORT:-8811}"
DB_NAME="${NATIVE_DB_NAME:-byok_ai_native}"
DB_USER=byok_ai
DB_PASS=byok_ai
ADMIN_PASSWORD="${NATIVE_ADMIN_PASSWORD:-password}"
WORKERS="${NATIVE_FPM_WORKERS:-4}"
BUFFERING="${NATIVE_FASTCGI_BUFFERING:-default}"
WP_DEBUG="${NATIVE_WP_DEBUG:-1}"
SITE_TITLE="${NATIVE_SITE_TITLE:-BYOK AI}"
WP_CLI_PHAR="${WP_CLI_PHAR:-$REPO/../shared/tools/wp-cli-2.10.0.phar}"
PLUGIN_DIR="${NATIVE_PLUGIN_DIR:-$REPO}"
WP_DIR="$SITE_DIR/wordpress"
RUN="$SITE_DIR/run"
LOGS="$SITE_DIR/logs"
SITE_URL="http://127.0.0.1:$WP_PORT"

log() { printf '[native-site] %s\n' "$*" >&2; }
die() { printf '[native-site] ERROR: %s\n' "$*" >&2; exit 1; }

case "$BUFFERING" in default | off) ;; *) die "NATIVE_FASTCGI_BUFFERING must be 'default' or 'off'" ;; esac
[[ "$WORKERS" =~ ^[1-9][0-9]*$ && "$WP_PORT" =~ ^[0-9]+$ ]] || die "NATIVE_FPM_WORKERS and NATIVE_WP_PORT must be integers"
[[ "$DB_NAME" =~ ^[A-Za-z0-9_]+$ ]] || die "NATIVE_DB_NAME: letters, digits and _ only"
cd "$REPO"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Stops the processes named by this site's PID files (only if their command line names the site dir).
stop_servers() { # [keep-fake]
  local f pid stopped=() files=("$RUN"/php-fpm.pid "$RUN"/nginx.pid)
  [[ "${1:-}" == keep-fake ]] || files+=("$RUN"/fake-provider.pid)
  for f in "${files[@]}"; do
    [[ -f "$f" ]] || continue
    pid=$(tr -dc '0-9' <"$f")
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$SITE_DIR"; then
      kill -TERM "$pid" 2>/dev/null || true
      stopped+=("$pid")
    fi
    rm -f "$f"
  done
  for pid in "${stopped[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  [[ ${#stopped[@]} -eq 0 ]] || log "stopped the servers of $SITE_DIR (pid ${stopped[*]})"
}

fake_build() { # prints the path of cli.js; rebuilt whenever a source is newer than the build
  local out="$SITE_DIR/fake-provider" js
  js="$out/cli.js"
  mkdir -p "$SITE_DIR"
  [[ -f tests/fake-provider/tsconfig.json && -d node_modules/typescript ]] || die "run 'npm ci' first"
  if [[ ! -f "$js" || -n "$(find tests/fake-provider/src tests/fake-provider/tsconfig.json tsconfig.base.json -newer "$js" -print -quit)" ]]; then
    log "building the fake provider into $out"
    rm -rf "$out"
    mkdir -p "$LOGS"
    # Built here, not in tests/fake-provider/dist: never rewrite files another run may be executing.
    if ! node node_modules/typescript/bin/tsc -p tests/fake-provider/tsconfig.json --outDir "$out" >"$LOGS/fake-provider-build.log" 2>&1; then
      # tsc still emits JavaScript on type errors; a fake someone is editing may run regardless.
      [[ -f "$js" ]] || { cat "$LOGS/fake-provider-build.log" >&2; die "the fake provider does not build (tests/fake-provider/src)"; }
      log "WARNING: tsc reported errors in tests/fake-provider/src (see $LOGS/fake-provider-build.log); running its output anyway"
      touch -d '1970-01-02' "$js" # rebuild next time
    fi
  fi
  printf '%s\n' "$js"
}

wp_cli() { php -d memory_limit=512M "$WP_CLI_PHAR" --path="$WP_DIR" --url="$SITE_URL" --allow-root --quiet "$@"; }

start() {
  local t0 need=() fpm_bin fpm_mods nginx_bin core site_version
  t0=$(date +%s.%N)
  # ---- Debian packages ----
  find_fpm() { fpm_bin=$(command -v php-fpm8.2 || command -v php-fpm || ls /usr/sbin/php-fpm8.* 2>/dev/null | head -1 || true); }
  find_fpm
  [[ -n "$fpm_bin" ]] || need+=(php8.2-fpm)
  command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx)
  command -v curl >/dev/null || need+=(curl)
  command -v mariadbd >/dev/null || command -v mysqld >/dev/null || [[ -x /usr/sbin/mariadbd ]] || need+=(mariadb-server)
  command -v php >/dev/null || need+=(php8.2-cli)
  if [[ -n "$fpm_bin" ]]; then
    fpm_mods=$("$fpm_bin" -m 2>/dev/null)
    grep -qx mysqli <<<"$fpm_mods" || need+=(php8.2-mysql)
    grep -qx curl <<<"$fpm_mods" || need+=(php8.2-curl)
  fi
  mkdir -p "$SITE_DIR" "$RUN" "$LOGS" "$SITE_DIR/nginx"
  if [[ ${#need[@]} -gt 0 ]]; then
    [[ $(id -u) -eq 0 ]] || die "missing ${need[*]}; run as root or install them: apt-get install -y ${need[*]}"
    log "apt-get install ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Debian starts services on install (nginx would listen on 0.0.0.0:80); forbid that for the
    # duration unless the machine already has a policy (Docker images usually do).
    local own_policy=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && own_policy=1
    fi
    if ! apt-get install -y -q --no-install-recommends "${need[@]}" >"$SITE_DIR/apt.log" 2>&1; then
      apt-get update -q >>"$SITE_DIR/apt.log" 2>&1
      apt-get install -y -q --no-install-recommends "${need[@]}" >>"$SITE_DIR/apt.log" 2>&1 ||
        { [[ $own_policy == 1 ]] && rm -f /usr/sbin/policy-rc.d; tail -20 "$SITE_DIR/apt.log" >&2; die "apt-get install failed (log: $SITE_DIR/apt.log)"; }
    fi
    [[ $own_policy == 1 ]] && rm -f /usr/sbin/policy-rc.d
    find_fpm
  fi
  [[ -n "$fpm_bin" ]] || die "php-fpm not found after installation"
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  [[ -f "$WP_CLI_PHAR" ]] || die "WP-CLI not found at $WP_CLI_PHAR (set WP_CLI_PHAR)"

  # ---- core, database ----
  core=$(bash bin/install-wordpress-core.sh "$WP_VERSION" 2>"$SITE_DIR/core.log") ||
    { cat "$SITE_DIR/core.log" >&2; die "bin/install-wordpress-core.sh $WP_VERSION failed"; }
  # MariaDB in its own session: it outlives this script and whatever started it.
  WP_TESTS_DB_NAME="$DB_NAME" WP_TESTS_DB_USER="$DB_USER" WP_TESTS_DB_PASSWORD="$DB_PASS" \
    setsid -w bash bin/test-db.sh >/dev/null

  # ---- the site ----
  stop_servers keep-fake
  port_busy "$WP_PORT" && die "port $WP_PORT on 127.0.0.1 is in use by another process; choose another NATIVE_WP_PORT"
  if [[ "${NATIVE_FRESH:-0}" == 1 ]]; then
    log "NATIVE_FRESH=1: emptying database $DB_NAME and the site's uploads"
    mysql -uroot -e "DROP DATABASE IF EXISTS \`$DB_NAME\`"
    WP_TESTS_DB_NAME="$DB_NAME" WP_TESTS_DB_USER="$DB_USER" WP_TESTS_DB_PASSWORD="$DB_PASS" bash bin/test-db.sh >/dev/null
    rm -rf "$WP_DIR/wp-content/uploads" "$WP_DIR/wp-content/upgrade"
  fi
  site_version=$(sed -n "s/^\$wp_version = '\([^']*\)';.*/\1/p" "$WP_DIR/wp-includes/version.php" 2>/dev/null || true)
  if [[ "${site_version%.0}" != "${WP_VERSION%.0}" ]]; then
    log "copying the WordPress $WP_VERSION core into $WP_DIR"
    rm -rf "$WP_DIR.tmp" && cp -a "$core" "$WP_DIR.tmp"
    rm -rf "$WP_DIR"
    mv "$WP_DIR.tmp" "$WP_DIR"
  fi
  mkdir -p "$WP_DIR/wp-content/plugins" "$WP_DIR/wp-content/mu-plugins"
  # The plugin is the working tree itself, so the current code runs.
  [[ -f "$PLUGIN_DIR/byok-ai.php" ]] || die "NATIVE_PLUGIN_DIR: no byok-ai.php in $PLUGIN_DIR"
  ln -sfn "$PLUGIN_DIR" "$WP_DIR/wp-content/plugins/byok-ai"
  find "$WP_DIR/wp-content/mu-plugins" -maxdepth 1 -name 'byok-ai-*.php' -delete
  local mu
  for mu in ${NATIVE_MU_PLUGINS:-}; do
    [[ -f "$mu" ]] || die "NATIVE_MU_PLUGINS: no file $mu"
    cp "$mu" "$WP_DIR/wp-content/mu-plugins/byok-ai-$(basename "$mu")"
  done
  # No network here: WordPress.org's update checks (run on admin_init and on the plugins/themes
  # screens) can only fail, and each failure logs a PHP warning from core into the debug log.
  cat >"$WP_DIR/wp-content/mu-plugins/byok-ai-native-offline.php" <<'PHP'
<?php
/**
 * Plugin Name: Offline site (bin/native-site.sh)
 * Description: No update checks against WordPress.org: this test/bench machine has no network.
 */
foreach ( array(
	'admin_init'           => array( '_maybe_update_core', '_maybe_update_plugins', '_maybe_update_themes' ),
	'wp_version_check'     => array( 'wp_version_check' ),
	'wp_update_plugins'    => array( 'wp_update_plugins' ),
	'wp_update_themes'     => array( 'wp_update_themes' ),
	'load-plugins.php'     => array( 'wp_update_plugins' ),
	'load-themes.php'      => array( 'wp_update_themes' ),
	'load-update.php'      => array( 'wp_update_plugins', 'wp_update_themes' ),
	'load-update-core.php' => array( 'wp_update_plugins', 'wp_update_themes' ),
) as $byok_ai_hook => $byok_ai_callbacks ) {
	foreach ( $byok_ai_callbacks as $byok_ai_callback ) {
		remove_action( $byok_ai_hook, $byok_ai_callback );
	}
}
PHP
  # Salts: random once per site (the plugin refuses the sample's placeholders).
  if [[ ! -s "$SITE_DIR/salts.php" ]]; then
    php -r 'echo "<?php\n"; foreach (["AUTH_KEY","SECURE_AUTH_KEY","LOGGED_IN_KEY","NONCE_KEY","AUTH_SALT","SECURE_AUTH_SALT","LOGGED_IN_SALT","NONCE_SALT"] as $n) { echo "define( \x27$n\x27, \x27" . bin2hex(random_bytes(32)) . "\x27 );\n"; }' >"$SITE_DIR/salts.php.tmp"
    mv "$SITE_DIR/salts.php.tmp" "$SITE_DIR/salts.php"
  fi
  local debug_php=false
  [[ "$WP_DEBUG" == 1 ]] && debug_php=true
  cat >"$WP_DIR/wp-config.php" <<PHP
<?php
// Written by bin/native-site.sh; rewritten on every start.
define( 'DB_NAME', '$DB_NAME' );
define( 'DB_USER', '$DB_USER' );
define( 'DB_PASSWORD', '$DB_PASS' );
define( 'DB_HOST', 'localhost' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
require __DIR__ . '/../salts.php';
\$table_prefix = 'wp_';
define( 'WP_HOME', '$SITE_URL' );
define( 'WP_SITEURL', '$SITE_URL' );
// 'local' lets Application Passwords work over plain http.
define( 'WP_ENVIRONMENT_TYPE', 'local' );
define( 'WP_DEBUG', $debug_php );
define( 'WP_DEBUG_LOG', '$LOGS/debug.log' );
define( 'WP_DEBUG_DISPLAY', false );
// No pseudo-cron firing loopback requests into the measured or tested ones; no update checks.
define( 'DISABLE_WP_CRON', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'WP_ACCESSIBLE_HOSTS', '127.0.0.1,localhost' );
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
PHP
  : >"$LOGS/debug.log"
  rm -f "$LOGS/nginx-error.log" "$LOGS/php-fpm.log"

  if [[ "${NATIVE_FRESH:-0}" == 1 ]] || ! wp_cli core is-installed 2>/dev/null; then
    wp_cli core install --title="$SITE_TITLE" --admin_user=admin --admin_password="$ADMIN_PASSWORD" \
      --admin_email=admin@example.org --skip-email >"$LOGS/install.log" 2>&1 ||
      { cat "$LOGS/install.log" >&2; die "wp core install failed"; }
    log "installed WordPress $(wp_cli core version) into database $DB_NAME"
  fi
  # Pretty permalinks (/wp-json/… is what real sites serve: nginx try_files → index.php) and the
  # plugin active, in one WP-CLI process (each costs a second or more of PHP start-up).
  wp_cli eval '
    if ( "/%postname%/" !== get_option( "permalink_structure" ) ) {
      global $wp_rewrite;
      $wp_rewrite->set_permalink_structure( "/%postname%/" );
      $wp_rewrite->flush_rules( false );
    }
    require_once ABSPATH . "wp-admin/includes/plugin.php";
    if ( ! is_plugin_active( "byok-ai/byok-ai.php" ) ) {
      $result = activate_plugin( "byok-ai/byok-ai.php" );
      if ( is_wp_error( $result ) ) {
        fwrite( STDERR, "activate_plugin: " . $result->get_error_message() . "\n" );
        exit( 1 );
      }
    }
  ' >"$LOGS/install.log" 2>&1 || { cat "$LOGS/install.log" >&2; die "configuring the site (permalinks, activating BYOK AI) failed"; }

  # ---- php-fpm + nginx ----
  local fpm_user_lines="" nginx_user="" buffering_line
  if [[ $(id -u) -eq 0 ]]; then
    fpm_user_lines=$'user = www-data\ngroup = www-data\nlisten.owner = www-data\nlisten.group = www-data'
    nginx_user="user www-data www-data;"
    # What the web server writes: uploads, the logs. Core and the plugin stay root's.
    mkdir -p "$WP_DIR/wp-content/uploads"
    chown www-data:www-data "$LOGS" "$LOGS/debug.log" "$WP_DIR/wp-content" 
    chown -R www-data:www-data "$WP_DIR/wp-content/uploads"
  fi
  cat >"$SITE_DIR/php-fpm.conf" <<CONF
; Written by bin/native-site.sh. PHP settings come from Debian's fpm php.ini + conf.d (opcache on).
[global]
pid = $RUN/php-fpm.pid
error_log = $LOGS/php-fpm.log
daemonize = no

[site]
$fpm_user_lines
listen = $RUN/php-fpm.sock
listen.mode = 0660
; static: no spawn latency.
pm = static
pm.max_children = $WORKERS
pm.max_requests = 0
request_terminate_timeout = 120
catch_workers_output = yes
php_admin_flag[log_errors] = on
; The same file as WP_DEBUG_LOG: messages from before WordPress loads land there too.
php_admin_value[error_log] = $LOGS/debug.log
CONF
  if [[ "$BUFFERING" == off ]]; then
    buffering_line="fastcgi_buffering off;"
  else
    buffering_line="# fastcgi_buffering: nginx default (on); a response with 'X-Accel-Buffering: no' is passed through unbuffered."
  fi
  cat >"$SITE_DIR/nginx/nginx.conf" <<CONF
# Written by bin/native-site.sh.
$nginx_user
worker_processes 1;
daemon off;
pid $RUN/nginx.pid;
error_log $LOGS/nginx-error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  client_body_temp_path $SITE_DIR/nginx/client_body;
  fastcgi_temp_path $SITE_DIR/nginx/fastcgi;
  proxy_temp_path $SITE_DIR/nginx/proxy;
  uwsgi_temp_path $SITE_DIR/nginx/uwsgi;
  scgi_temp_path $SITE_DIR/nginx/scgi;
  client_max_body_size 64m;
  keepalive_requests 1000000;
  keepalive_timeout 300s;
  server {
    listen 127.0.0.1:$WP_PORT;
    server_name 127.0.0.1;
    root $WP_DIR;
    index index.php;
    location / {
      try_files \$uri \$uri/ /index.php?\$args;
    }
    location ~ \.php\$ {
      try_files \$uri =404;
      # Debian's fastcgi_params as of 2026, but for HTTP_HOST: Debian's sets it to \$host, which
      # drops the port, and WordPress then redirects every front-end URL to itself (canonical
      # redirect loop) on any port but 80. The port is put back here.
      fastcgi_param QUERY_STRING \$query_string;
      fastcgi_param REQUEST_METHOD \$request_method;
      fastcgi_param CONTENT_TYPE \$content_type;
      fastcgi_param CONTENT_LENGTH \$content_length;
      fastcgi_param SCRIPT_NAME \$fastcgi_script_name;
      fastcgi_param REQUEST_URI \$request_uri;
      fastcgi_param DOCUMENT_URI \$document_uri;
      fastcgi_param DOCUMENT_ROOT \$document_root;
      fastcgi_param SERVER_PROTOCOL \$server_protocol;
      fastcgi_param REQUEST_SCHEME \$scheme;
      fastcgi_param HTTPS \$https if_not_empty;
      fastcgi_param GATEWAY_INTERFACE CGI/1.1;
      fastcgi_param SERVER_SOFTWARE nginx/\$nginx_version;
      fastcgi_param REMOTE_ADDR \$remote_addr;
      fastcgi_param REMOTE_PORT \$remote_port;
      fastcgi_param REMOTE_USER \$remote_user;
      fastcgi_param SERVER_ADDR \$server_addr;
      fastcgi_param SERVER_PORT \$server_port;
      fastcgi_param SERVER_NAME \$server_name;
      fastcgi_param REDIRECT_STATUS 200;
      fastcgi_param HTTP_HOST \$host:\$server_port;
      fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
      fastcgi_pass unix:$RUN/php-fpm.sock;
      fastcgi_read_timeout 120s;
      $buffering_line
    }
  }
}
CONF
  "$fpm_bin" -t -y "$SITE_DIR/php-fpm.conf" >"$LOGS/php-fpm-test.log" 2>&1 ||
    { cat "$LOGS/php-fpm-test.log" >&2; die "php-fpm configuration test failed"; }
  "$nginx_bin" -t -p "$SITE_DIR/nginx" -c "$SITE_DIR/nginx/nginx.conf" -e "$LOGS/nginx-error.log" >"$LOGS/nginx-test.log" 2>&1 ||
    { cat "$LOGS/nginx-test.log" >&2; die "nginx configuration test failed"; }
  # Own sessions: they outlive this script, and no terminal signal or process-group kill of the
  # caller reaches them. `stop` ends them by their PID files.
  setsid "$fpm_bin" -y "$SITE_DIR/php-fpm.conf" -F </dev/null >>"$LOGS/php-fpm.log" 2>&1 &
  setsid "$nginx_bin" -p "$SITE_DIR/nginx" -c "$SITE_DIR/nginx/nginx.conf" -e "$LOGS/nginx-error.log" </dev/null >"$LOGS/nginx-stdout.log" 2>&1 &
  local i ok=0
  for i in $(seq 1 300); do
    if [[ -s "$RUN/php-fpm.pid" && -s "$RUN/nginx.pid" ]] && curl -sf -o /dev/null --max-time 5 "$SITE_URL/wp-login.php"; then ok=1; break; fi
    sleep 0.1
  done
  if [[ $ok != 1 ]]; then
    tail -5 "$LOGS/php-fpm.log" "$LOGS/nginx-error.log" >&2 2>/dev/null || true
    stop_servers keep-fake
    die "the site did not come up at $SITE_URL (logs in $LOGS)"
  fi
  log "WordPress $(sed -n "s/^\$wp_version = '\([^']*\)';.*/\1/p" "$WP_DIR/wp-includes/version.php") at $SITE_URL (nginx + $("$fpm_bin" -v | sed -n '1s/^PHP \([^ ]*\).*/php-fpm \1/p'), $WORKERS workers, database $DB_NAME) in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s; debug log $LOGS/debug.log"
}

case "${1:-}" in
  start) start ;;
  stop) stop_servers ;;
  fake-build) fake_build ;;
  fake-run)
    js=$(fake_build)
    # A run killed hard may have left its fake provider on the port: its PID file is ours.
    mkdir -p "$RUN"
    if [[ -f "$RUN/fake-provider.pid" ]]; then
      pid=$(tr -dc '0-9' <"$RUN/fake-provider.pid")
      if [[ -n "$pid" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$SITE_DIR/fake-provider"; then
        log "stopping the fake provider left by an earlier run (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
      fi
    fi
    echo $$ >"$RUN/fake-provider.pid"
    exec node "$js"
    ;;
  *) sed -n '2,30p' "$0" >&2; exit 2 ;;
esac
