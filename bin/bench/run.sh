#!/usr/bin/env bash
# Benchmark of the BYOK AI proxy on native PHP: nginx + php-fpm (Debian), MariaDB, the fake
# upstream on loopback. The site is bin/native-site.sh's (shared with the e2e suite), set up
# idempotently; runs bin/bench/bench.mjs, prints the table and stops the processes it started.
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
#   BENCH_WP_VERSION=7.1.0          WordPress core (bin/install-wordpress-core.sh)
#   BENCH_PLUGIN_DIR=<repo>         the plugin measured (default this working tree); e.g. a snapshot:
#                                   git archive HEAD | tar -x -C DIR, plus build/ (while others edit)
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
WP_VERSION="${BENCH_WP_VERSION:-7.1.0}"
PLUGIN_DIR="${BENCH_PLUGIN_DIR:-$REPO}"
PLUGIN_DIR="${PLUGIN_DIR%/}"
WP_DIR="$BENCH_DIR/wordpress"
RUN="$BENCH_DIR/run"
LOGS="$BENCH_DIR/logs"
SITE_URL="http://127.0.0.1:$WP_PORT"
UPSTREAM_URL="http://127.0.0.1:$FAKE_PORT/openai/v1"

source "$REPO/bin/lib/timing.sh"
T_PHASE=$T0
TIMINGS=()
log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }
phase_done() { # name: records the time since the previous phase
  local t; t=$(now)
  TIMINGS+=("$(printf '%-28s %6s s' "$1" "$(seconds_since "$T_PHASE" "$t")")")
  T_PHASE=$t
}
case "$BUFFERING" in default | off) ;; *) die "BENCH_FASTCGI_BUFFERING must be 'default' or 'off'" ;; esac
[[ "$REQUESTS" =~ ^[0-9]+$ && "$WARMUP" =~ ^[0-9]+$ && "$WORKERS" =~ ^[1-9][0-9]*$ && "$CHUNK_MS" =~ ^[0-9]+$ ]] ||
  die "BENCH_REQUESTS, BENCH_WARMUP, BENCH_FPM_WORKERS and BENCH_CHUNK_MS must be integers"
cd "$REPO"
mkdir -p "$BENCH_DIR"

# ---- processes we start, stopped by PID on exit ------------------------------------------------
PIDS=()
DB_STARTED=0
SITE_STARTED=0
native_site() { # command: bin/native-site.sh with this run's settings
  NATIVE_SITE_DIR="$BENCH_DIR" NATIVE_WP_VERSION="$WP_VERSION" NATIVE_WP_PORT="$WP_PORT" \
    NATIVE_DB_NAME="$DB_NAME" NATIVE_FPM_WORKERS="$WORKERS" NATIVE_PLUGIN_DIR="$PLUGIN_DIR" NATIVE_FASTCGI_BUFFERING="$BUFFERING" \
    NATIVE_WP_DEBUG=0 NATIVE_MU_PLUGINS="$REPO/bin/bench/mu-plugin.php" NATIVE_SITE_TITLE="BYOK AI bench" \
    bash "$REPO/bin/native-site.sh" "$@"
}
cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  if [[ "${BENCH_KEEP_RUNNING:-0}" == 1 && $rc -eq 0 && $SITE_STARTED == 1 ]]; then
    log "BENCH_KEEP_RUNNING=1: $SITE_URL (admin / Application Password in $BENCH_DIR/credentials.json), upstream $UPSTREAM_URL. Ctrl-C stops them."
    trap 'BENCH_KEEP_RUNNING=0; cleanup' INT TERM
    # Until php-fpm ends (or Ctrl-C); tail in the background so the trap runs at once.
    tail --pid="$(cat "$RUN/php-fpm.pid" 2>/dev/null || echo 1)" -f /dev/null &
    wait $! || true
  fi
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  rm -f "$RUN/fake-provider.pid"
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  [[ $SITE_STARTED == 1 ]] && native_site stop
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

# ---- 1-4. packages, core, MariaDB, the site: bin/native-site.sh ---------------------------------
mysqladmin ping --silent >/dev/null 2>&1 || DB_STARTED=1
mkdir -p "$RUN" "$LOGS"
stop_stale
port_busy "$FAKE_PORT" && die "port $FAKE_PORT on 127.0.0.1 is in use by another process; set BENCH_FAKE_PORT"
if [[ "${BENCH_FRESH:-0}" == 1 ]]; then
  log "BENCH_FRESH=1: dropping the site, its salts, the fake provider build and database $DB_NAME"
  native_site stop
  rm -rf "$WP_DIR" "$BENCH_DIR/salts.php" "$BENCH_DIR/fake-provider" "$BENCH_DIR/credentials.json" "$BENCH_DIR/results.json"
  mysql -uroot -e "DROP DATABASE IF EXISTS \`$DB_NAME\`" 2>/dev/null || true
fi
# The administrator's password is never used (Application Passwords are); random at install.
SITE_STARTED=1
if ! NATIVE_ADMIN_PASSWORD="$(php -r 'echo bin2hex(random_bytes(12));')" native_site start 2>&1 | sed 's/^/  /' >&2; then
  die "bin/native-site.sh start failed"
fi
FPM_BIN=$(command -v php-fpm8.2 || command -v php-fpm || ls /usr/sbin/php-fpm8.* 2>/dev/null | head -1)
NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)
phase_done "site (native-site.sh)"
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
# The idle rows' front-end pages: the bench post (with the blocks) and a post without the block.
export BENCH_POST_URL BENCH_PLAIN_URL BENCH_TRACE_FILE
BENCH_POST_URL=$(read_json post_url)
BENCH_PLAIN_URL=$(read_json plain_url)
# Where the mu-plugin appends the profile phase's traces (X-Bench-Trace: SQL, options, phases).
BENCH_TRACE_FILE="$WP_DIR/wp-content/bench-trace.jsonl"
rm -f "$BENCH_TRACE_FILE"
# The pid files of php-fpm, nginx and the fake upstream: the throughput phase's CPU per process.
export BENCH_RUN_DIR="$RUN"
phase_done "bench configure"

# ---- 5. fake upstream -------------------------------------------------------------------------
# Built into BENCH_DIR, not tests/fake-provider/dist: the bench never rewrites files that a test
# run elsewhere may be executing. Rebuilt whenever a source file is newer than the build.
FAKE_JS=$(native_site fake-build) || die "the fake provider does not build"
phase_done "fake provider build"
FAKE_PROVIDER_PORT="$FAKE_PORT" FAKE_PROVIDER_CHUNK_MS="$CHUNK_MS" \
  node "$FAKE_JS" >"$LOGS/fake-provider.log" 2>&1 &
PIDS+=($!)
echo $! >"$RUN/fake-provider.pid"

# ---- 6. wait for the fake upstream (nginx + php-fpm were started by native-site.sh) -----------
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
phase_done "fake upstream start"

# ---- 7. measure -------------------------------------------------------------------------------
# The plugin is the live working tree: note its revision, and whether it changed during the run.
code_sum() { find "$PLUGIN_DIR/byok-ai.php" "$PLUGIN_DIR/includes" -type f -name '*.php' -print0 | sort -z | xargs -0 cat | md5sum | cut -c1-12; }
CODE_BEFORE=$(code_sum)
PLUGIN_REV=$(git -C "$PLUGIN_DIR" describe --always --dirty 2>/dev/null || echo "not a git checkout: $PLUGIN_DIR")
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
# 3: the plugin added SQL to an idle request (the table says which); the summary below still prints.
BENCH_RC=0
wait $! || BENCH_RC=$?
[[ $BENCH_RC == 0 || $BENCH_RC == 3 ]] || exit "$BENCH_RC"
phase_done "benchmark"
if [[ "$(code_sum)" != "$CODE_BEFORE" ]]; then
  log "WARNING: the plugin's PHP code (includes/, byok-ai.php) changed during the run; the figures mix two versions"
fi

if [[ -s "$LOGS/debug.log" ]]; then
  log "PHP logged $(wc -l <"$LOGS/debug.log") line(s) during the run ($LOGS/debug.log); distinct messages:"
  sed 's/^\[[^]]*\] //' "$LOGS/debug.log" | sort | uniq -c | sort -rn | head -5 | sed 's/^/  /' >&2
fi
echo
echo "Setup and run times:"
printf '  %s\n' "${TIMINGS[@]}"
printf '  %-28s %6s s\n' total "$(seconds_since "$T0")"
exit "$BENCH_RC"
