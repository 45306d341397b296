#!/usr/bin/env bash
# The whole suite: lint (ESLint, tsc, PHPCS/WPCS, PHPStan), jest, PHPUnit, Playwright.
# Prints a count per suite and the total as "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export FORCE_COLOR=0
LOG_DIR="artifacts/test-logs"
mkdir -p "$LOG_DIR"
passed=0
failed=0
summary=()

step() { # name, command...
  local name=$1; shift
  local start=$SECONDS
  echo "::: $name"
  if "$@" 2>&1 | tee "$LOG_DIR/$name.log"; then status=ok; else status=FAILED; fi
  summary+=("$(printf '%-10s %-7s %4ss' "$name" "$status" $((SECONDS - start)))")
  [ "$status" = ok ]
}

count() { # add passed/failed counts found in a log: kind, file
  local p=0 f=0
  case $1 in
    jest)
      p=$(grep -Eo '^Tests: .*' "$2" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+' | tail -1)
      f=$(grep -Eo '^Tests: .*' "$2" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+' | tail -1) ;;
    phpunit)
      p=$(grep -Eo '^OK \(([0-9]+) tests' "$2" | grep -Eo '[0-9]+' | head -1)
      if [ -z "$p" ]; then
        local t e fl
        t=$(grep -Eo '^Tests: [0-9]+' "$2" | grep -Eo '[0-9]+' | head -1)
        e=$(grep -Eo 'Errors: [0-9]+' "$2" | grep -Eo '[0-9]+' | head -1)
        fl=$(grep -Eo 'Failures: [0-9]+' "$2" | grep -Eo '[0-9]+' | head -1)
        f=$(( ${e:-0} + ${fl:-0} )); p=$(( ${t:-0} - f ))
      fi ;;
    playwright)
      p=$(grep -Eo '^ *[0-9]+ passed' "$2" | grep -Eo '[0-9]+' | tail -1)
      f=$(grep -Eo '^ *[0-9]+ failed' "$2" | grep -Eo '[0-9]+' | tail -1) ;;
  esac
  passed=$(( passed + ${p:-0} )); failed=$(( failed + ${f:-0} ))
}

bash bin/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
ok=1
step build npm run --silent build || ok=0
step fake npm run --silent build:fake-provider || ok=0
step eslint npm run --silent lint:js || ok=0
step tsc npm run --silent typecheck || ok=0
step phpcs npm run --silent lint:php || ok=0
step phpstan npm run --silent analyse:php || ok=0
step jest npm run --silent test:unit || ok=0; count jest "$LOG_DIR/jest.log"
step phpunit bash bin/test-php.sh || ok=0; count phpunit "$LOG_DIR/phpunit.log"
step e2e npx playwright test || ok=0; count playwright "$LOG_DIR/e2e.log"

echo
echo "Suite summary:"
printf '  %s\n' "${summary[@]}"
for s in "${summary[@]}"; do case "$s" in *FAILED*) ok=0 ;; esac; done
[ "$ok" = 1 ] || [ "$failed" -gt 0 ] || failed=1
echo "$passed passed, $failed failed"
[ "$ok" = 1 ] && [ "$failed" = 0 ]
