#!/bin/sh
# Runs one node test of test/js/ (node ARGS...), installing test/js's pinned npm packages
# first with `npm ci` when they are missing, as on a fresh CI machine. The ctest
# registrations using it share RESOURCE_LOCK test_js_node_modules, so no two of them run
# npm ci at once (nor a test while npm ci replaces node_modules).
#
# Usage: run.sh NODE NPM SCRIPT.mjs [ARGS...]
set -e
node=$1
npm=$2
shift 2
dir=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$dir/node_modules/graphql" ] || [ ! -d "$dir/node_modules/graphql-http" ]; then
    echo "run.sh: installing test/js's npm packages (npm ci)" >&2
    "$npm" ci --prefix "$dir" --no-audit --no-fund >&2
fi
exec "$node" "$@"
