#!/usr/bin/env bash
# The second README command: every check and test. The builds (which type-check) first, then the
# server's tests (real SQLite, PostgreSQL, encoders) with lint and the web app's unit tests beside
# the part that mostly waits, then the browser tests. Each step prints how long it took; turbo
# replays builds, type checks and the web unit tests from its cache when their inputs did not
# change.
# PARAWEB_TEST_CONCURRENCY: how many server test files run side by side, except the senders'
# and the real-time ones (default 3; scripts/server-tests.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
status=0
mkdir -p .tmp
started=$SECONDS
step_started=$SECONDS
step_name=''
timings=()
end_step() {
  [ -n "$step_name" ] && timings+=("$(printf '%5ds  %s' $((SECONDS - step_started)) "$step_name")")
  step_name=''
}
step() {
  end_step
  step_name=$*
  step_started=$SECONDS
  echo
  echo "=== $*"
}

step "build (the server's and the web app's builds type-check them) and the e2e types"
# tsc (server) and next build (web) check the same tsconfig their typecheck scripts do: only the
# journeys, which nothing builds, are type-checked apart.
npx turbo run build @paraweb/e2e#typecheck --output-logs=errors-only || exit 1

step "server tests that measure nothing in real time, side by side"
bash scripts/server-tests.sh "$PWD/.tmp/summary-server-others" others || status=1

step "the senders' server tests, with lint and the web unit tests beside them"
# The senders' files stream in real time and mostly wait: lint (eslint is one thread) and the
# web unit tests use the idle core meanwhile; their output is printed after the tests'. The
# files that time the stream thread wait until these are done.
(
  lint=0
  npx eslint . || lint=1
  npx prettier --check --cache --cache-location .tmp/prettier-cache . >/dev/null ||
    { npx prettier --check . | tail -20; lint=1; }
  exit $lint
) >.tmp/lint.log 2>&1 &
lint_pid=$!
npx turbo run test --filter=@paraweb/web --output-logs=full >.tmp/web-unit.log 2>&1 &
web_pid=$!
bash scripts/server-tests.sh "$PWD/.tmp/summary-server-senders" senders || status=1
wait "$lint_pid" || status=1
wait "$web_pid" || status=1
echo
echo "--- lint (eslint + prettier)"
cat .tmp/lint.log
echo "--- web unit tests (Vitest)"
cat .tmp/web-unit.log
rm -f .tmp/lint.log

step "server tests that time the stream thread, one at a time"
bash scripts/server-tests.sh "$PWD/.tmp/summary-server-alone" alone || status=1

step "browser tests (Playwright, Debian Chromium): two runs side by side"
# The journeys that listen in real time mostly wait: they run beside the others, each run with
# its own server, web app, ports and database (e2e/playwright.config.ts). The listening run's
# lines are printed when both have ended.
(cd e2e && PARAWEB_E2E_PART=listening PARAWEB_E2E_PORT_OFFSET=50 npx playwright test) \
  >.tmp/e2e-listening.log 2>&1 &
listening_pid=$!
(cd e2e && PARAWEB_E2E_PART=others npx playwright test) | tee .tmp/e2e.log
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
wait "$listening_pid" || status=1
echo
echo "--- the journeys that listen in real time"
cat .tmp/e2e-listening.log
end_step

# one closing line for everything: N passed, N failed
passed=0; failed=0; skipped=0
for summary in .tmp/summary-server-{others,senders,alone}; do
  [ -f "$summary" ] || continue
  read -r p f s <"$summary"; passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done
count() { grep -Eo "$1" "$2" | tail -1 | grep -Eo '[0-9]+' | head -1 || true; }
# Vitest: "Tests  2 failed | 9 passed (11)"
# (its colours stripped first: under CI, turbo passes them through and the line did not match)
webline=$(sed 's/\x1b\[[0-9;]*m//g' .tmp/web-unit.log | grep -E 'Tests +[0-9]' | tail -1)
wp=$(grep -Eo '[0-9]+ passed' <<<"$webline" | grep -Eo '[0-9]+' || true)
wf=$(grep -Eo '[0-9]+ failed' <<<"$webline" | grep -Eo '[0-9]+' || true)
passed=$((passed + ${wp:-0})); failed=$((failed + ${wf:-0}))
for log in .tmp/e2e.log .tmp/e2e-listening.log; do
  ep=$(count '[0-9]+ passed' "$log")
  ef=$(count '[0-9]+ failed' "$log")
  passed=$((passed + ${ep:-0})); failed=$((failed + ${ef:-0}))
done
# the server tests' failures once more, at the end where a CI log's tail shows them (with the
# journeys' output in between, they were far above it)
for failures in .tmp/summary-server-{others,senders,alone}.failures; do
  [ -f "$failures" ] || continue
  echo
  echo "--- server tests that failed ($(basename "$failures" .failures | sed 's/summary-server-//'))"
  head -c 12000 "$failures"
done
rm -f .tmp/summary-server-* .tmp/e2e.log .tmp/e2e-listening.log .tmp/web-unit.log
[ "$failed" -eq 0 ] || status=1
echo
echo "time per step:"
printf '%s\n' "${timings[@]}"
printf '%5ds  total\n' $((SECONDS - started))
echo
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
