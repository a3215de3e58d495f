#!/usr/bin/env bash
# Starts para_server for the browser tests on a fresh data directory: the user list (admin, guest)
# with web passwords, and a music folder the journeys add. Usage: start-server.sh DATA_DIR ARGS...
set -euo pipefail
data=${1:?usage: start-server.sh DATA_DIR [server args]}; shift
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$(dirname "$here")")
dist="$repo/apps/server/${PARAWEB_E2E_SERVER_DIST:-dist}"
node "$here/make-users.mjs" "$data"
bash "$here/make-music.sh" "$data/music"
common=(--afs-database-dir "$data/db" --user-list "$data/users")
# the web passwords live in the database: para_webuser creates it on first use
echo "admin-password" | node "$dist/bin/para-webuser.js" "${common[@]}" passwd admin
echo "guest-password" | node "$dist/bin/para-webuser.js" "${common[@]}" passwd guest
exec node "$dist/src/main.js" "${common[@]}" "$@"
