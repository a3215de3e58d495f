#!/usr/bin/env bash
# The first README command: install, build, create the embedded database with a small demo
# library, and start the server and the dashboard. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1

# the live mounts (/live.*, HLS) play files of other formats as renditions made by Debian's ffmpeg
if ! command -v ffmpeg >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "installing ffmpeg (the live mounts' renditions need it)"
    apt-get update -qq && apt-get install -y -qq --no-install-recommends ffmpeg
  else
    echo "paraweb needs ffmpeg for the live mounts; install it with:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ffmpeg" >&2
    exit 1
  fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npx turbo run build --output-logs=errors-only

DATA=${PARAWEB_DATA:-$PWD/data}
API_PORT=${PARAWEB_API_PORT:-8080}
WEB_PORT=${PARAWEB_WEB_PORT:-3000}
mkdir -p "$DATA"
COMMON=(--afs-database-dir "$DATA/db" --user-list "$DATA/users")
ADMIN=(node apps/server/dist/bin/para-admin.js "${COMMON[@]}")
"${ADMIN[@]}" add "$PWD/scripts/demo-library"
echo "demo library:"; "${ADMIN[@]}" ls -l
# the live mounts play the files of other formats as renditions: made now, so they play at once
"${ADMIN[@]}" rendition make

# first start: a user "admin" with every permission and a random web password
password=$(node scripts/first-admin.mjs "$DATA")
if [ -n "$password" ]; then
  printf '%s' "$password" | node apps/server/dist/bin/para-webuser.js "${COMMON[@]}" passwd admin
fi

SERVER_ARGS=("${COMMON[@]}" --api-port "$API_PORT" --autoplay --loglevel info)
apps/server/bin/para_server "${SERVER_ARGS[@]}" &
server=$!
(cd apps/web && PARAWEB_API_URL="${PARAWEB_API_URL:-}" node ../../node_modules/next/dist/bin/next start -p "$WEB_PORT") &
web=$!
trap 'kill $server $web 2>/dev/null; wait' INT TERM EXIT
echo
echo "paraweb is up: dashboard http://localhost:$WEB_PORT  API http://localhost:$API_PORT"
echo "log in as admin, password: $(cat "$DATA/admin-password")  (kept in $DATA/admin-password)"
echo "stream: http://localhost:8000/   para_client: node apps/server/dist/bin/para-client.js -u admin -k $DATA/keys/admin stat"
echo "admin CLI: ${ADMIN[*]} help"
wait -n $server $web
