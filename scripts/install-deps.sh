#!/usr/bin/env bash
# Installs the Debian packages the wallet service needs to build, run and test, but only those
# that are missing. Silent when everything is present; loud and non-zero when it cannot install.
#
#   scripts/install-deps.sh            install what is missing
#   scripts/install-deps.sh --check    list what is missing, install nothing (exit 1 if any)
set -euo pipefail

# Build: compiler, CMake, pkg-config. Fuzzing: clang + libFuzzer runtime. Formatting: clang-format.
# civetweb: Debian's civetweb CMake config references /usr/bin/civetweb, so find_package needs
# the `civetweb` package beside libcivetweb-dev. postgresql: server (initdb, pg_ctl) + client.
packages=(
    cmake make gcc pkg-config
    clang libclang-rt-14-dev clang-format
    libcivetweb-dev civetweb
    libpq-dev postgresql
    libsodium-dev libjansson-dev libcmocka-dev
    valgrind curl ca-certificates git
)
# Node.js is only needed for the node-based tests and the dashboard build; a node already on
# PATH (e.g. installed outside Debian) is used as it is.
if ! command -v node >/dev/null 2>&1; then
    packages+=(nodejs npm)
elif ! command -v npm >/dev/null 2>&1; then
    packages+=(npm)
fi

missing=()
for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    if [[ "$status" != "installed" ]]; then
        missing+=("$pkg")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

if [[ "${1:-}" == "--check" ]]; then
    echo "missing packages: ${missing[*]}" >&2
    exit 1
fi

if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "install-deps: missing Debian packages: ${missing[*]}" >&2
    echo "install-deps: not root and sudo is not available; install them as root" >&2
    exit 1
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "${as_root[@]}" apt-get update >"$log" 2>&1; then
    cat "$log" >&2
    echo "install-deps: apt-get update failed" >&2
    exit 1
fi
if ! "${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
    cat "$log" >&2
    echo "install-deps: apt-get install failed for: ${missing[*]}" >&2
    exit 1
fi

# Verify: a package that apt could not configure would otherwise pass unnoticed.
still=()
for pkg in "${missing[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "installed" ]] || still+=("$pkg")
done
if [[ ${#still[@]} -gt 0 ]]; then
    echo "install-deps: still not installed after apt-get: ${still[*]}" >&2
    exit 1
fi
echo "install-deps: done" >&2
