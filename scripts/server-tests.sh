#!/usr/bin/env bash
# The server's test files (built: apps/server/dist), in three phases:
#  1. the files that measure nothing in real time run side by side (PARAWEB_TEST_CONCURRENCY,
#     default 3): each has its own temp directory, ports (port 0) and database; together they keep
#     both cores busy;
#  2. the senders' files (senders/), four at a time: they stream in real time and check what
#     listeners get (decoded audio, media time against wall time, titles, limits), not the stream
#     thread's lateness, and they mostly wait (about half a core for four);
#  3. the files that time the stream thread run one at a time, alone on the machine: the engine
#     (vss/: lateness, rates, chunk timing), whole para_server processes (main.test,
#     afs/sync/processes.test, leader/processes, failover, netcut and forward tests,
#     hls-leader.test), the WAL checkpointer, scheduled transitions, the UDP receiver.
# Usage: server-tests.sh [SUMMARY_FILE [PHASE...]]: node:test's counts "passed failed skipped" go
# to SUMMARY_FILE; PHASE is others, senders or alone (default: all three, in that order), so that
# scripts/test.sh can run other work beside the phases that mostly wait.
set -uo pipefail
cd "$(dirname "$0")/../apps/server"
summary=${1:-}
shift || true
phases=${*:-others senders alone}
SENDERS='^dist/src/senders/'
ALONE='^dist/src/vss/|^dist/src/main\.test\.js$|^dist/src/afs/sync/processes\.test\.js$|^dist/src/leader/(processes|failover|netcut|forward)\.test\.js$|^dist/src/hls-leader\.test\.js$|^dist/src/db/checkpointer\.test\.js$|^dist/src/schedule/transitions\.test\.js$|^dist/bin/para-recv-udp\.test\.js$'
# the sockwrite addon's tests (packages/sockwrite) run with the others
all=$(find dist ../../packages/sockwrite/dist -name '*.test.js' | sort)
senders=$(grep -E "$SENDERS" <<<"$all")
alone=$(grep -E "$ALONE" <<<"$all")
others=$(grep -vE "$SENDERS|$ALONE" <<<"$all")

# the encoder fixtures are made once, before files run side by side
node -e "import('./dist/test/fixtures.js').then((m) => m.fixtures())" || exit 1

status=0
phase() {
  local concurrency=$1 out=$2
  shift 2
  # a test that hangs fails after 5 minutes instead of holding CI until its deadline; the spec
  # output is also kept in a file through tee (a third reporter made node:test warn of 11 'end'
  # listeners on its stream in every phase)
  node --enable-source-maps --test --test-concurrency="$concurrency" --test-timeout=300000 \
    --test-reporter=spec \
    --test-reporter-destination=stdout --test-reporter=./test/summary-reporter.mjs \
    --test-reporter-destination="$out" "$@" | tee "$out.spec" || status=1
  # the spec reporter's closing list of failures (each with its error and what the test printed
  # at it), kept for the end of the run: scripts/test.sh prints it again where a CI log's tail
  # shows it
  sed 's/\x1b\[[0-9;]*m//g' "$out.spec" | sed -n '/failing tests:/,$p' >>"$tmp/failures"
}
tmp=$(mktemp -d)
for name in $phases; do
  # shellcheck disable=SC2086 # file lists are split on whitespace on purpose (paths have none)
  case $name in
    others) phase "${PARAWEB_TEST_CONCURRENCY:-3}" "$tmp/$name" $others ;;
    senders) phase 4 "$tmp/$name" $senders ;;
    alone) phase 1 "$tmp/$name" $alone ;;
    *) echo "server-tests.sh: unknown phase $name (others, senders, alone)" >&2; exit 2 ;;
  esac
done
passed=0; failed=0; skipped=0
for name in $phases; do
  read -r p f s <"$tmp/$name"
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done
[ -z "$summary" ] || echo "$passed $failed $skipped" >"$summary"
[ -z "$summary" ] || [ ! -s "$tmp/failures" ] || cp "$tmp/failures" "$summary.failures"
echo
echo "the slowest server test files of this run (seconds; others and senders run side by side):"
for name in $phases; do tail -n +2 "$tmp/$name"; done | sort -rn | head -12 | sed "s|$PWD/||"
rm -rf "$tmp"
exit $status
