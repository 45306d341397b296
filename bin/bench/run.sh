#!/usr/bin/env bash
# Benchmark of the BYOK AI proxy on native PHP: nginx + php-fpm (Debian), MariaDB, the fake
# upstream on loopback. Sets everything up idempotently, runs bin/bench/bench.mjs, prints the
# table and stops the processes it started.
#
#   npm run bench                       (= bash bin/bench/run.sh)
#   npm run bench -- --requests 50      (extra arguments go to bench.mjs; see --help)
#
# Environment (defaults):
#   BENCH_DIR=/tmp/byok-ai-bench    site, configs, logs, sockets (outside the repo)
#   BENCH_WP_PORT=8801              nginx (127.0.0.1 only)
#   BENCH_FAKE_PORT=8802            fake upstream (127.0.0.1 only)
#   BENCH_REQUESTS=200              measured requests per case (after warm-up)
#   BENCH_WARMUP=20                 warm-up requests per case (not measured)
#   BENCH_FPM_WORKERS=2             php-fpm pm=static children
#   BENCH_CHUNK_MS=10               FAKE_PROVIDER_CHUNK_MS: gap between streamed chunks (see README)
#   BENCH_FASTCGI_BUFFERING=default default: nginx buffers FastCGI output unless the response says
#                                   X-Accel-Buffering: no (this tests the plugin's header);
#                                   off: fastcgi_buffering off for the whole site
#   BENCH_DB_NAME=byok_ai_bench     database (user byok_ai/byok_ai, as bin/test-db.sh creates it)
#   BENCH_FRESH=1                   drop the site and its tables first
#   BENCH_KEEP_RUNNING=1            leave nginx/php-fpm/fake running at the end (Ctrl-C to stop)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/tmp/byok-ai-bench}"
BENCH_DIR="${BENCH_DIR%/}"
WP_PORT="${BENCH_WP_PORT:-8801}"
FAKE_PORT="${BENCH_FAKE_PORT:-8802}"
REQUESTS="${BENCH_REQUESTS:-200}"
WARMUP="${BENCH_WARMUP:-20}"
WORKERS="${BENCH_FPM_WORKERS:-2}"
CHUNK_MS="${BENCH_CHUNK_MS:-10}"
BUFFERING="${BENCH_FASTCGI_BUFFERING:-default}"
DB_NAME="${BENCH_DB_NAME:-byok_ai_bench}"
DB_USER=byok_ai
DB_PASS=byok_ai
WP_DIR="$BENCH_DIR/wordpress"
RUN="$BENCH_DIR/run"
LOGS="$BENCH_DIR/logs"
SITE_URL="http://127.0.0.1:$WP_PORT"
UPSTREAM_URL="http://127.0.0.1:$FAKE_PORT/openai/v1"

T0=$(date +%s.%N)
T_PHASE=$T0
TIMINGS=()
log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }
phase_done() { # name: records the time since the previous phase
  local now; now=$(date +%s.%N)
  TIMINGS+=("$(awk -v a="$T_PHASE" -v b="$now" -v n="$1" 'BEGIN { printf "%-28s %6.1f s", n, b - a }')")
  T_PHASE=$now
}
case "$BUFFERING" in default | off) ;; *) die "BENCH_FASTCGI_BUFFERING must be 'default' or 'off'" ;; esac
[[ "$REQUESTS" =~ ^[0-9]+$ && "$WARMUP" =~ ^[0-9]+$ && "$WORKERS" =~ ^[1-9][0-9]*$ && "$CHUNK_MS" =~ ^[0-9]+$ ]] ||
  die "BENCH_REQUESTS, BENCH_WARMUP, BENCH_FPM_WORKERS and BENCH_CHUNK_MS must be integers"
cd "$REPO"
mkdir -p "$BENCH_DIR"

# ---- processes we start, stopped by PID on exit ------------------------------------------------
PIDS=()
DB_STARTED=0
cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  if [[ "${BENCH_KEEP_RUNNING:-0}" == 1 && $rc -eq 0 && ${#PIDS[@]} -gt 0 ]]; then
    log "BENCH_KEEP_RUNNING=1: $SITE_URL (admin / Application Password in $BENCH_DIR/credentials.json), upstream $UPSTREAM_URL. Ctrl-C stops them."
    trap 'BENCH_KEEP_RUNNING=0; cleanup' INT TERM
    wait || true
  fi
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  rm -f "$RUN/fake-provider.pid"
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [[ $DB_STARTED == 1 ]]; then
    # Stop MariaDB only if this run started it and nobody else is connected to it meanwhile.
    local others
    others=$(mysql -uroot -N -e "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND COMMAND NOT IN ('Daemon','Binlog Dump') AND USER NOT IN ('system user','event_scheduler')" 2>/dev/null || echo 1)
    if [[ "$others" == 0 ]]; then
      mysqladmin -uroot shutdown 2>/dev/null && log "stopped MariaDB (this run had started it)"
    else
      log "left MariaDB running: this run started it, but other clients are connected"
    fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A previous run that was killed hard may have left its own processes: their PID files are ours.
stop_stale() {
  local f pid
  for f in "$RUN"/*.pid; do
    [[ -f "$f" ]] || continue
    pid=$(tr -dc '0-9' <"$f")
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$BENCH_DIR"; then
      log "stopping a stale process from an earlier run (pid $pid, $(basename "$f"))"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$f"
  done
}

# ---- 1. Debian packages -----------------------------------------------------------------------
FPM_BIN=""
find_fpm() { FPM_BIN=$(command -v php-fpm8.2 || command -v php-fpm || ls /usr/sbin/php-fpm8.* 2>/dev/null | head -1 || true); }
find_fpm
need=()
[[ -n "$FPM_BIN" ]] || need+=(php8.2-fpm)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx)
command -v curl >/dev/null || need+=(curl)
command -v mariadbd >/dev/null || command -v mysqld >/dev/null || need+=(mariadb-server)
if [[ -n "$FPM_BIN" ]]; then
  fpm_mods=$("$FPM_BIN" -m 2>/dev/null)
  grep -qx mysqli <<<"$fpm_mods" || need+=(php8.2-mysql)
  grep -qx curl <<<"$fpm_mods" || need+=(php8.2-curl)
fi
if [[ ${#need[@]} -gt 0 ]]; then
  [[ $(id -u) -eq 0 ]] || die "missing ${need[*]}; run as root or install them: apt-get install -y ${need[*]}"
  log "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Debian starts services on install (nginx would listen on 0.0.0.0:80); forbid that for the
  # duration unless the machine already has a policy (Docker images usually do).
  OWN_POLICY=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && OWN_POLICY=1
  fi
  if ! apt-get install -y -q --no-install-recommends "${need[@]}" >"$BENCH_DIR/apt.log" 2>&1; then
    apt-get update -q >>"$BENCH_DIR/apt.log" 2>&1
    apt-get install -y -q --no-install-recommends "${need[@]}" >>"$BENCH_DIR/apt.log" 2>&1 ||
      { [[ $OWN_POLICY == 1 ]] && rm -f /usr/sbin/policy-rc.d; tail -20 "$BENCH_DIR/apt.log" >&2; die "apt-get install failed (log: $BENCH_DIR/apt.log)"; }
  fi
  [[ $OWN_POLICY == 1 ]] && rm -f /usr/sbin/policy-rc.d
  find_fpm
fi
[[ -n "$FPM_BIN" ]] || die "php-fpm not found after installation"
NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)
[[ -f tests/fake-provider/tsconfig.json && -d node_modules/typescript ]] || die "run 'npm ci' first"
phase_done "packages"

# ---- 2. WordPress core ------------------------------------------------------------------------
bash bin/install-wordpress-core.sh >/dev/null 2>"$BENCH_DIR/core.log" ||
  { cat "$BENCH_DIR/core.log" >&2; die "bin/install-wordpress-core.sh failed"; }
CORE="$REPO/.cache/wordpress"
WP_VERSION=$(sed -n "s/^\$wp_version = '\([^']*\)';.*/\1/p" "$CORE/wp-includes/version.php")
phase_done "wordpress core"

# ---- 3. database ------------------------------------------------------------------------------
mysqladmin ping --silent >/dev/null 2>&1 || DB_STARTED=1
WP_TESTS_DB_NAME="$DB_NAME" WP_TESTS_DB_USER="$DB_USER" WP_TESTS_DB_PASSWORD="$DB_PASS" bash bin/test-db.sh >/dev/null
phase_done "mariadb"

# ---- 4. the site ------------------------------------------------------------------------------
mkdir -p "$BENCH_DIR" "$RUN" "$LOGS" "$BENCH_DIR/nginx"
stop_stale
rm -f "$LOGS"/*.log
for p in "$WP_PORT" "$FAKE_PORT"; do
  port_busy "$p" && die "port $p on 127.0.0.1 is in use by another process; set BENCH_WP_PORT / BENCH_FAKE_PORT"
done
if [[ "${BENCH_FRESH:-0}" == 1 ]]; then
  log "BENCH_FRESH=1: dropping the site, its salts, the fake provider build and database $DB_NAME"
  rm -rf "$WP_DIR" "$BENCH_DIR/salts.php" "$BENCH_DIR/fake-provider" "$BENCH_DIR/credentials.json" "$BENCH_DIR/results.json"
  mysql -uroot -e "DROP DATABASE IF EXISTS \`$DB_NAME\`"
  WP_TESTS_DB_NAME="$DB_NAME" bash bin/test-db.sh >/dev/null
fi
site_version=$(sed -n "s/^\$wp_version = '\([^']*\)';.*/\1/p" "$WP_DIR/wp-includes/version.php" 2>/dev/null || true)
if [[ "$site_version" != "$WP_VERSION" ]]; then
  log "copying WordPress $WP_VERSION core into $WP_DIR"
  rm -rf "$WP_DIR.tmp" && cp -a "$CORE" "$WP_DIR.tmp"
  [[ -d "$WP_DIR/wp-content" ]] && rm -rf "$WP_DIR"
  mv "$WP_DIR.tmp" "$WP_DIR"
fi
mkdir -p "$WP_DIR/wp-content/plugins" "$WP_DIR/wp-content/mu-plugins"
# The plugin is the working tree itself (symlink), so the benchmark measures the current code.
ln -sfn "$REPO" "$WP_DIR/wp-content/plugins/byok-ai"
cp "$REPO/bin/bench/mu-plugin.php" "$WP_DIR/wp-content/mu-plugins/byok-ai-bench.php"
# Salts: random once, kept between runs (the plugin refuses the sample's placeholders).
if [[ ! -s "$BENCH_DIR/salts.php" ]]; then
  php -r 'echo "<?php\n"; foreach (["AUTH_KEY","SECURE_AUTH_KEY","LOGGED_IN_KEY","NONCE_KEY","AUTH_SALT","SECURE_AUTH_SALT","LOGGED_IN_SALT","NONCE_SALT"] as $n) { echo "define( \x27$n\x27, \x27" . bin2hex(random_bytes(32)) . "\x27 );\n"; }' >"$BENCH_DIR/salts.php.tmp"
  mv "$BENCH_DIR/salts.php.tmp" "$BENCH_DIR/salts.php"
fi
# wp-config.php is rewritten every run from the current settings (ports, database).
cat >"$WP_DIR/wp-config.php" <<PHP
<?php
// Written by bin/bench/run.sh; rewritten on every run.
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
// 'local' lets Application Passwords work over plain http (WordPress 6.1).
define( 'WP_ENVIRONMENT_TYPE', 'local' );
define( 'WP_DEBUG', false );
define( 'WP_DEBUG_DISPLAY', false );
// No pseudo-cron spawning a loopback request from inside measured requests; no update checks.
define( 'DISABLE_WP_CRON', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'WP_ACCESSIBLE_HOSTS', '127.0.0.1,localhost' );
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
PHP
php "$REPO/bin/bench/setup-site.php" install "$WP_DIR" 2>&1 | sed 's/^/  /' >&2
CREDS=$(php "$REPO/bin/bench/setup-site.php" configure "$WP_DIR" "$UPSTREAM_URL")
(umask 077 && printf '%s\n' "$CREDS" >"$BENCH_DIR/credentials.json")
read_json() { node -e 'const o=JSON.parse(process.argv[1]); process.stdout.write(String(o[process.argv[2]]))' "$CREDS" "$1"; }
export BENCH_USER BENCH_APP_PASSWORD BENCH_KEY BENCH_POST BENCH_ASK_BLOCK BENCH_SUMMARY_BLOCK
BENCH_USER=$(read_json user)
BENCH_APP_PASSWORD=$(read_json app_password)
BENCH_KEY=$(read_json key)
# The published post holding the AI Assistant blocks a logged-out visitor asks (ask, summarize).
BENCH_POST=$(read_json post)
BENCH_ASK_BLOCK=$(read_json ask_block)
BENCH_SUMMARY_BLOCK=$(read_json summary_block)
phase_done "site install/configure"

# ---- 5. fake upstream -------------------------------------------------------------------------
# Built into BENCH_DIR, not tests/fake-provider/dist: the bench never rewrites files that a test
# run elsewhere may be executing. Rebuilt whenever a source file is newer than the build.
FAKE_OUT="$BENCH_DIR/fake-provider"
FAKE_JS="$FAKE_OUT/cli.js"
if [[ ! -f "$FAKE_JS" || -n "$(find tests/fake-provider/src tests/fake-provider/tsconfig.json tsconfig.base.json -newer "$FAKE_JS" -print -quit)" ]]; then
  log "building the fake provider into $FAKE_OUT"
  rm -rf "$FAKE_OUT"
  if ! npx --no-install tsc -p tests/fake-provider/tsconfig.json --outDir "$FAKE_OUT" >"$LOGS/fake-provider-build.log" 2>&1; then
    # tsc still emits JavaScript on type errors; a fake someone is editing may run regardless.
    [[ -f "$FAKE_JS" ]] || { cat "$LOGS/fake-provider-build.log" >&2; die "the fake provider does not build (tests/fake-provider/src)"; }
    log "WARNING: tsc reported errors in tests/fake-provider/src (see $LOGS/fake-provider-build.log); running its output anyway"
    touch -d '1970-01-02' "$FAKE_JS" # rebuild next time
  fi
fi
phase_done "fake provider build"
FAKE_PROVIDER_PORT="$FAKE_PORT" FAKE_PROVIDER_CHUNK_MS="$CHUNK_MS" \
  node "$FAKE_JS" >"$LOGS/fake-provider.log" 2>&1 &
PIDS+=($!)
echo $! >"$RUN/fake-provider.pid"

# ---- 6. php-fpm + nginx -----------------------------------------------------------------------
if [[ $(id -u) -eq 0 ]]; then
  FPM_USER_LINES=$'user = www-data\ngroup = www-data\nlisten.owner = www-data\nlisten.group = www-data'
  NGINX_USER="user www-data www-data;"
  chown www-data:www-data "$LOGS"
else
  FPM_USER_LINES=""
  NGINX_USER=""
fi
cat >"$BENCH_DIR/php-fpm.conf" <<CONF
; Written by bin/bench/run.sh. PHP settings come from Debian's fpm php.ini + conf.d (opcache on).
[global]
pid = $RUN/php-fpm.pid
error_log = $LOGS/php-fpm.log
daemonize = no

[bench]
$FPM_USER_LINES
listen = $RUN/php-fpm.sock
listen.mode = 0660
; static: no spawn latency in the measurements; the client is sequential, so one child works at a time.
pm = static
pm.max_children = $WORKERS
pm.max_requests = 0
request_terminate_timeout = 120
catch_workers_output = yes
php_admin_flag[log_errors] = on
php_admin_value[error_log] = $LOGS/php-error.log
CONF
if [[ "$BUFFERING" == off ]]; then
  BUFFERING_LINE="fastcgi_buffering off;"
else
  BUFFERING_LINE="# fastcgi_buffering: nginx default (on); a response with 'X-Accel-Buffering: no' is passed through unbuffered."
fi
cat >"$BENCH_DIR/nginx/nginx.conf" <<CONF
# Written by bin/bench/run.sh.
$NGINX_USER
worker_processes 1;
daemon off;
pid $RUN/nginx.pid;
error_log $LOGS/nginx-error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $BENCH_DIR/nginx/client_body;
  fastcgi_temp_path $BENCH_DIR/nginx/fastcgi;
  proxy_temp_path $BENCH_DIR/nginx/proxy;
  uwsgi_temp_path $BENCH_DIR/nginx/uwsgi;
  scgi_temp_path $BENCH_DIR/nginx/scgi;
  # One keep-alive connection carries the whole run.
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
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
      fastcgi_pass unix:$RUN/php-fpm.sock;
      fastcgi_read_timeout 120s;
      $BUFFERING_LINE
    }
  }
}
CONF
"$FPM_BIN" -t -y "$BENCH_DIR/php-fpm.conf" >"$LOGS/php-fpm-test.log" 2>&1 ||
  { cat "$LOGS/php-fpm-test.log" >&2; die "php-fpm configuration test failed"; }
"$NGINX_BIN" -t -p "$BENCH_DIR/nginx" -c "$BENCH_DIR/nginx/nginx.conf" -e "$LOGS/nginx-error.log" >"$LOGS/nginx-test.log" 2>&1 ||
  { cat "$LOGS/nginx-test.log" >&2; die "nginx configuration test failed"; }
"$FPM_BIN" -y "$BENCH_DIR/php-fpm.conf" -F >>"$LOGS/php-fpm.log" 2>&1 &
PIDS+=($!)
"$NGINX_BIN" -p "$BENCH_DIR/nginx" -c "$BENCH_DIR/nginx/nginx.conf" -e "$LOGS/nginx-error.log" >"$LOGS/nginx-stdout.log" 2>&1 &
PIDS+=($!)

wait_http() { # url what
  for _ in $(seq 1 100); do
    curl -sf -o /dev/null --max-time 2 "$1" && return 0
    sleep 0.1
  done
  die "$2 did not come up ($1); logs in $LOGS"
}
wait_http "http://127.0.0.1:$FAKE_PORT/__health" "the fake provider"
wait_http "$SITE_URL/wp-json/" "nginx + php-fpm"
for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || die "a server exited at start; logs in $LOGS"; done
phase_done "servers start"

# ---- 7. measure -------------------------------------------------------------------------------
# The plugin is the live working tree: note its revision, and whether it changed during the run.
code_sum() { find "$REPO/byok-ai.php" "$REPO/includes" -type f -name '*.php' -print0 | sort -z | xargs -0 cat | md5sum | cut -c1-12; }
CODE_BEFORE=$(code_sum)
PLUGIN_REV=$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo "not a git checkout")
NGINX_VERSION=$("$NGINX_BIN" -v 2>&1 | sed 's|.*nginx/||')
FPM_VERSION=$("$FPM_BIN" -v | sed -n '1s/^PHP \([^ ]*\).*/\1/p')
export BENCH_SERVER_INFO
BENCH_SERVER_INFO=$(
  node -e 'process.stdout.write(JSON.stringify({
    server: `nginx ${process.argv[1]} + php-fpm ${process.argv[2]} (FastCGI over a unix socket)`,
    workers: `pm = static, ${process.argv[3]} children (sequential client: one busy at a time)`,
    buffering: process.argv[4] === "off" ? "fastcgi_buffering off (site-wide)" : "nginx default (on); relies on the response header X-Accel-Buffering: no",
    chunkMs: Number(process.argv[5]),
    plugin: `git ${process.argv[6]}, PHP sources ${process.argv[7]}`,
  }))' "$NGINX_VERSION" "$FPM_VERSION" "$WORKERS" "$BUFFERING" "$CHUNK_MS" "$PLUGIN_REV" "$CODE_BEFORE"
)
# In the background + wait, so that a signal stops the run at once (bash defers traps while a
# foreground command runs).
node "$REPO/bin/bench/bench.mjs" --wp "$SITE_URL" --upstream "$UPSTREAM_URL" \
  --requests "$REQUESTS" --warmup "$WARMUP" --json "$BENCH_DIR/results.json" "$@" &
PIDS+=($!)
wait $!
phase_done "benchmark"
if [[ "$(code_sum)" != "$CODE_BEFORE" ]]; then
  log "WARNING: the plugin's PHP code (includes/, byok-ai.php) changed during the run; the figures mix two versions"
fi

if [[ -s "$LOGS/php-error.log" ]]; then
  log "PHP logged $(wc -l <"$LOGS/php-error.log") line(s) during the run ($LOGS/php-error.log); distinct messages:"
  sed 's/^\[[^]]*\] //' "$LOGS/php-error.log" | sort | uniq -c | sort -rn | head -5 | sed 's/^/  /' >&2
fi
echo
echo "Setup and run times:"
printf '  %s\n' "${TIMINGS[@]}"
awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN { printf "  %-28s %6.1f s\n", "total", b - a }'
