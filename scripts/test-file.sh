#!/usr/bin/env bash
# One test file, named by its source path, with stack traces pointing into the TypeScript source:
#   npm run test:file -- apps/server/src/vss/vss.test.ts [node --test options, e.g. --test-name-pattern=pause]
#   npm run test:file -- apps/web/src/lib/stream-timeline.test.ts [vitest options]
#   npm run test:file -- e2e/tests/library.spec.ts [playwright options]
# The server is compiled incrementally first (its workers and spawned processes run the built
# files), then node runs the compiled test with --enable-source-maps.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
file=${1:?usage: npm run test:file -- <path/to/x.test.ts> [runner options]}
shift
file=$(realpath --relative-to=. "$file")
case "$file" in
  apps/server/*.test.ts)
    (cd apps/server && npm run --silent build)
    rel=${file#apps/server/}
    cd apps/server && exec node --enable-source-maps --test "$@" "dist/${rel%.ts}.js"
    ;;
  apps/web/*.test.ts | apps/web/*.test.tsx)
    cd apps/web && exec npx vitest run "${file#apps/web/}" "$@"
    ;;
  e2e/*.spec.ts)
    npx turbo run build --filter=@paraweb/server --filter=@paraweb/web --output-logs=errors-only
    cd e2e && exec npx playwright test "${file#e2e/}" "$@"
    ;;
  *)
    echo "not a test file of apps/server, apps/web or e2e: $file" >&2
    exit 2
    ;;
esac
