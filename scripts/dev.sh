#!/usr/bin/env bash
# From a fresh clone to a running service, in one command:
#   installs the Debian packages that are missing, builds the dashboard (web/) and walletd,
#   starts the project-local PostgreSQL (var/pg), applies the migrations, adds the demo data,
#   then serves the dashboard and /graphql at http://127.0.0.1:8080 until Ctrl-C.
# Running it again reuses everything already there. The database keeps running afterwards;
# stop it with scripts/pg-local.sh stop.
#
# Environment: WALLET_LISTEN (default 127.0.0.1:8080) and the other WALLET_* settings are passed
# to walletd; WALLET_JOBS sets build parallelism (default 2).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

jobs=${WALLET_JOBS:-2}
step() { echo "dev: $*" >&2; }

./scripts/install-deps.sh

# The dashboard: built into web/dist, which walletd serves. A failure here leaves the API
# running without it, so it is reported, not fatal.
if [[ -f web/package-lock.json ]]; then
    if [[ ! -d web/node_modules || web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
        step "installing the dashboard's npm packages"
        npm ci --prefix web --no-audit --no-fund --loglevel=error ||
            step "WARNING: npm ci in web/ failed; the dashboard may be missing"
    fi
    step "building the dashboard (web/dist)"
    npm run --prefix web --silent build >/dev/null ||
        step "WARNING: the dashboard build failed; serving without it"
fi

step "building walletd (build/)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs" -- --no-print-directory >/dev/null

step "starting the project-local PostgreSQL (var/pg)"
url=$(./scripts/pg-local.sh start | sed -n 's/^WALLET_DATABASE_URL=//p')
[[ -n "$url" ]] || {
    echo "dev: the database did not start" >&2
    exit 1
}
export WALLET_DATABASE_URL="$url"

step "applying migrations"
build/walletd migrate

step "adding demo data"
set +e
build/walletd seed-demo
rc=$?
set -e
if ((rc == 2)); then
    step "seed-demo is not available yet; continuing without demo data"
elif ((rc != 0)); then
    exit "$rc"
fi

listen=${WALLET_LISTEN:-127.0.0.1:8080}
cat >&2 <<EOF
dev: serving the dashboard at http://$listen/ and GraphQL at http://$listen/graphql
dev: (GraphiQL at http://$listen/graphiql; health at http://$listen/health). Ctrl-C stops it.
dev: the database keeps running: WALLET_DATABASE_URL=$url
EOF
exec build/walletd serve
