#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run):
#   1. installs the Debian packages that are missing, and the npm packages of test/js and web/
#   2. the dashboard: production build and its unit tests
#   3. a normal build (build/) and every ctest test: unit, db and http (each run starts its own
#      throwaway PostgreSQL cluster, see test/db.cmake), node-based tests
#   4. the same with AddressSanitizer + UndefinedBehaviorSanitizer (build-sanitize/)
#   5. with clang: the libFuzzer targets (build-fuzz/), each fuzzing for a bounded time
#   6. the clang-format check over src include resolvers test
# Stops at the first failure. Running it again reuses the build directories.
#
# Environment: WALLET_JOBS (default 2) for build and test parallelism; WALLET_FUZZ_SECONDS to
# change how long each fuzz target runs (test/fuzz.cmake's default otherwise).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

jobs=${WALLET_JOBS:-2}
step() { echo "==> test: $*" >&2; }

step "dependencies"
./scripts/install-deps.sh
if [[ -f test/js/package-lock.json ]]; then
    step "npm ci (test/js)"
    npm ci --prefix test/js --no-audit --no-fund --loglevel=error
fi

if [[ -f web/package-lock.json ]]; then
    step "dashboard: npm ci, build, unit tests (web/)"
    npm ci --prefix web --no-audit --no-fund --loglevel=error
    npm run --prefix web build
    if grep -q '"test"' web/package.json; then
        npm test --prefix web
    fi
fi

step "build (build/)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$jobs"
step "tests (build/)"
(cd build && ctest --output-on-failure -j "$jobs")

step "build with sanitizers (build-sanitize/)"
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DWALLET_SANITIZE=ON
cmake --build build-sanitize -j "$jobs"
step "tests with sanitizers (build-sanitize/)"
(cd build-sanitize && ctest --output-on-failure -j "$jobs")

if command -v clang >/dev/null 2>&1; then
    step "fuzz targets (build-fuzz/)"
    fuzz_args=(-DWALLET_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug)
    if [[ -n "${WALLET_FUZZ_SECONDS:-}" ]]; then
        fuzz_args+=("-DWALLET_FUZZ_SECONDS=$WALLET_FUZZ_SECONDS")
    fi
    CC=clang cmake -S . -B build-fuzz "${fuzz_args[@]}"
    mapfile -t fuzz_targets < <(cmake --build build-fuzz --target help | sed -n 's/^\.\.\. \(fuzz_[A-Za-z0-9_]*\).*/\1/p')
    if [[ ${#fuzz_targets[@]} -gt 0 ]]; then
        cmake --build build-fuzz -j "$jobs" --target "${fuzz_targets[@]}"
        (cd build-fuzz && ctest --output-on-failure -j "$jobs" -L fuzz)
    else
        step "no fuzz targets defined"
    fi
else
    step "clang not found: fuzzing skipped"
fi

step "clang-format check (src include resolvers test)"
find src include resolvers test -type d -name node_modules -prune -o \
    -type f \( -name '*.c' -o -name '*.h' \) -print0 |
    xargs -0 -r clang-format --dry-run --Werror

step "all tests passed"
