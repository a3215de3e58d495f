#!/usr/bin/env bash
# The second README command: every check and test. Lint and types first (cheap), then the
# server's tests (real SQLite, PostgreSQL, encoders), then the browser tests.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
status=0
step() { echo; echo "=== $*"; }

step "lint (eslint + prettier)"
npx eslint . || status=1
npx prettier --check . >/dev/null || { npx prettier --check . | tail -20; status=1; }

step "build + typecheck"
npx turbo run build typecheck --output-logs=errors-only || exit 1

step "server tests"
(cd apps/server && node --test --test-concurrency=1 --test-reporter=spec \
  --test-reporter-destination=stdout --test-reporter=./test/summary-reporter.mjs \
  --test-reporter-destination=../../.tmp-summary-server $(find dist -name '*.test.js' | sort)) || status=1

step "browser tests (Playwright, Debian Chromium)"
(cd e2e && npx playwright test) | tee .tmp-e2e.log
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

# one closing line for everything: N passed, N failed
passed=0; failed=0; skipped=0
if [ -f .tmp-summary-server ]; then
  read -r p f s < .tmp-summary-server; passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
fi
ep=$(grep -Eo '[0-9]+ passed' .tmp-e2e.log | tail -1 | grep -Eo '[0-9]+' || echo 0)
ef=$(grep -Eo '[0-9]+ failed' .tmp-e2e.log | tail -1 | grep -Eo '[0-9]+' || echo 0)
passed=$((passed + ep)); failed=$((failed + ef))
rm -f .tmp-summary-server .tmp-e2e.log
[ "$failed" -eq 0 ] || status=1
echo
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
