#!/usr/bin/env bash
# A project-local PostgreSQL cluster: the service's embedded default database, and the
# throwaway cluster each test run starts for itself (test/db.cmake).
#
#   scripts/pg-local.sh start   [DIR] [PORT]   initdb if needed, start, create database `wallet`,
#                                              print WALLET_DATABASE_URL=postgresql://...
#   scripts/pg-local.sh stop    [DIR]          stop it (fine if already stopped)
#   scripts/pg-local.sh status  [DIR]          exit 0 and say so if running, 3 if stopped
#   scripts/pg-local.sh url     [DIR]          print WALLET_DATABASE_URL=... of an initialised cluster
#   scripts/pg-local.sh destroy [DIR]          stop and delete the cluster (throwaway clusters)
#
# DIR defaults to var/pg in the source tree (git-ignored); PORT to 5433. PORT `auto` picks a free
# loopback port, trying several, so parallel test runs and a running dev server never collide.
# The server listens on 127.0.0.1 only, with its unix socket inside DIR; loopback TCP logins need
# the cluster's generated password (scram-sha-256), which is part of the printed URL.
# PG_LOCAL_FSYNC=off starts it with fsync off (for throwaway test clusters only).
#
# PostgreSQL refuses to run as root: run as root, the script creates the system user `walletpg`
# (PG_LOCAL_USER overrides) and runs initdb/pg_ctl as that user, which owns the cluster folder.
set -euo pipefail

# Our own connection parameters must not be overridden by the caller's libpq environment.
unset PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGPASSWORD PGPASSFILE PGSERVICE PGSERVICEFILE \
    PGOPTIONS PGDATA PGSSLMODE PGTARGETSESSIONATTRS 2>/dev/null || true

prog=pg-local
die() {
    echo "$prog: $*" >&2
    exit 1
}
say() { echo "$prog: $*" >&2; }

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cmd=${1:-}
dir=${2:-$root_dir/var/pg}
port_arg=${3:-}
db_user=wallet
db_name=wallet
pg_user=${PG_LOCAL_USER:-walletpg}

case "$cmd" in
start | stop | status | url | destroy) ;;
*)
    echo "usage: $0 start|stop|status|url|destroy [DIR] [PORT|auto]" >&2
    exit 2
    ;;
esac
[[ -z "$port_arg" || "$port_arg" == auto || "$port_arg" =~ ^[0-9]+$ ]] ||
    die "PORT must be a number or 'auto', got \"$port_arg\""
if [[ "$port_arg" =~ ^[0-9]+$ ]] && ((port_arg < 1024 || port_arg > 65535)); then
    die "PORT must be between 1024 and 65535, got $port_arg"
fi

# --- PostgreSQL binaries (Debian keeps them outside PATH) ----------------------------------------
find_bindir() {
    local d
    for d in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
        [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && {
            echo "$d"
            return
        }
    done
    if command -v pg_config >/dev/null 2>&1; then
        d=$(pg_config --bindir)
        [[ -x "$d/initdb" ]] && {
            echo "$d"
            return
        }
    fi
    d=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
    [[ -x "$d/initdb" ]] && {
        echo "$d"
        return
    }
    die "PostgreSQL server binaries (initdb, pg_ctl) not found; run scripts/install-deps.sh"
}
bindir=$(find_bindir)

# --- running as the cluster's owner -------------------------------------------------------------
is_root=0
[[ $(id -u) -eq 0 ]] && is_root=1

ensure_pg_user() {
    ((is_root)) || return 0
    id -u "$pg_user" >/dev/null 2>&1 && return 0
    if ! useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$pg_user" 2>/dev/null; then
        # Another run may have created it at the same moment.
        id -u "$pg_user" >/dev/null 2>&1 || die "could not create system user $pg_user (useradd failed)"
    fi
}

# Runs a command as the cluster owner, from / so its working folder is always reachable, without
# the lock descriptor (a server started here would otherwise hold the lock for its lifetime).
as_owner() {
    if ((is_root)); then
        (cd / && runuser -u "$pg_user" -- "$@" 9>&-)
    else
        (cd / && "$@" 9>&-)
    fi
}

# --- cluster location -----------------------------------------------------------------------------
mkdir -p "$(dirname "$dir")"
dir=$(cd "$(dirname "$dir")" && pwd)/$(basename "$dir")

# The folder the server really uses. It is DIR itself, unless the cluster owner cannot reach DIR
# (a parent folder without o+x, e.g. under /root) or the socket path would be too long for a
# unix socket; then the cluster lives in /var/tmp and DIR is a symbolic link to it.
real_dir_for_new() {
    local reachable=1
    if ((is_root)); then
        as_owner test -x "$(dirname "$dir")" 2>/dev/null || reachable=0
    fi
    ((${#dir} <= 80)) || reachable=0
    if ((reachable)); then
        echo "$dir"
    else
        echo "/var/tmp/walletpg-$(printf '%s' "$dir" | sha256sum | cut -c1-16)"
    fi
}
if [[ -L "$dir" ]]; then
    real_dir=$(readlink -f "$dir")
else
    real_dir=$dir
fi
# An existing cluster keeps the owner it was created with.
if ((is_root)) && [[ -d "$real_dir/data" ]]; then
    owner=$(stat -c %U "$real_dir/data")
    [[ "$owner" != root ]] && pg_user=$owner
fi

lock_cluster() {
    # Serialises concurrent start/stop/destroy of the same DIR.
    exec 9>"$(dirname "$dir")/.$(basename "$dir").lock"
    flock 9
}

data_dir() { echo "$real_dir/data"; }

is_running() {
    [[ -f "$(data_dir)/PG_VERSION" ]] || return 1
    as_owner "$bindir/pg_ctl" status -D "$(data_dir)" >/dev/null 2>&1
}

print_url() {
    local port password url
    [[ -f "$real_dir/port" && -f "$real_dir/password" ]] || die "no cluster in $dir (run: $0 start $dir)"
    port=$(cat "$real_dir/port")
    password=$(cat "$real_dir/password")
    url="postgresql://$db_user:$password@127.0.0.1:$port/$db_name"
    # Also as a libpq service file: "service=wallet" with PGSERVICEFILE=DIR/pg_service.conf
    # connects without knowing the port in advance (the test fixture hands this to tests).
    (
        umask 077
        printf '%s\n' "$url" >"$real_dir/database_url"
        printf '[wallet]\nhost=127.0.0.1\nport=%s\nuser=%s\npassword=%s\ndbname=%s\n' \
            "$port" "$db_user" "$password" "$db_name" >"$real_dir/pg_service.conf"
    )
    echo "WALLET_DATABASE_URL=$url"
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

init_cluster() {
    ensure_pg_user
    mkdir -p "$real_dir"
    if [[ "$real_dir" != "$dir" ]]; then
        ln -sfn "$real_dir" "$dir"
    fi
    chmod 0700 "$real_dir"
    # The generated password of the `wallet` role: alphanumeric, so it needs no URL escaping.
    local password
    password=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)
    (
        umask 077
        printf '%s\n' "$password" >"$real_dir/password"
    )
    if ((is_root)); then
        chown -R "$pg_user:$pg_user" "$real_dir"
    fi
    local locale_args=(--encoding=UTF8 --locale=C)
    if locale -a 2>/dev/null | grep -qix 'c.utf-\?8'; then
        locale_args=(--encoding=UTF8 --locale=C.UTF-8 --lc-collate=C)
    fi
    if ! as_owner "$bindir/initdb" -D "$(data_dir)" -U "$db_user" --pwfile="$real_dir/password" \
        --auth-local=trust --auth-host=scram-sha-256 "${locale_args[@]}" \
        >"$real_dir/initdb.log" 2>&1; then
        cat "$real_dir/initdb.log" >&2
        die "initdb failed in $(data_dir)"
    fi
    # Loopback TCP only; the unix socket in the cluster folder, reachable by its owner only.
    cat >>"$(data_dir)/postgresql.conf" <<EOF

# --- scripts/pg-local.sh ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$real_dir'
unix_socket_permissions = 0700
max_connections = 200
EOF
}

# Starts the server on one port; returns 0 when it accepts connections, 1 if the port was taken,
# and exits on any other failure.
start_on() {
    local port=$1
    local opts="-p $port"
    if [[ "${PG_LOCAL_FSYNC:-on}" == off ]]; then
        opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    local log="$real_dir/postgres.log"
    if ((is_root)); then
        touch "$log" && chown "$pg_user:$pg_user" "$log"
    fi
    local before=0
    [[ -f "$log" ]] && before=$(wc -c <"$log")
    if ! as_owner "$bindir/pg_ctl" start -D "$(data_dir)" -l "$log" -o "$opts" -w -t 60 >/dev/null 2>&1; then
        if tail -c +"$((before + 1))" "$log" | grep -qiE 'could not (create|bind)|address already in use'; then
            as_owner "$bindir/pg_ctl" stop -D "$(data_dir)" -m immediate >/dev/null 2>&1 || true
            return 1
        fi
        tail -n 30 "$log" >&2 || true
        die "could not start PostgreSQL in $(data_dir) (log: $log)"
    fi
    # pg_ctl -w has waited for the postmaster; confirm it accepts connections.
    if ! "$bindir/pg_isready" -q -h "$real_dir" -p "$port" -U "$db_user" -d postgres -t 30; then
        die "PostgreSQL started but does not accept connections on port $port"
    fi
    echo "$port" >"$real_dir/port"
    return 0
}

do_start() {
    lock_cluster
    if [[ ! -f "$(data_dir)/PG_VERSION" ]]; then
        ensure_pg_user
        [[ -L "$dir" ]] || real_dir=$(real_dir_for_new)
        init_cluster
    fi
    if is_running; then
        local running
        running=$(cat "$real_dir/port")
        if [[ "$port_arg" =~ ^[0-9]+$ && "$port_arg" != "$running" ]]; then
            die "the cluster in $dir is already running on port $running (stop it to change port)"
        fi
    else
        local candidates=()
        if [[ "$port_arg" =~ ^[0-9]+$ ]]; then
            candidates=("$port_arg")
        elif [[ "$port_arg" == auto ]]; then
            # The port this cluster had last time first, then random high ports.
            [[ -f "$real_dir/port" ]] && candidates+=("$(cat "$real_dir/port")")
            mapfile -t -O "${#candidates[@]}" candidates < <(shuf -i 20000-60999 -n 20)
        elif [[ -f "$real_dir/port" ]]; then
            candidates=("$(cat "$real_dir/port")")
        else
            candidates=(5433)
        fi
        local p started=0
        for p in "${candidates[@]}"; do
            if port_in_use "$p"; then
                continue
            fi
            if start_on "$p"; then
                started=1
                break
            fi
        done
        if ((!started)); then
            if [[ "$port_arg" == auto ]]; then
                die "no free loopback port found after ${#candidates[@]} tries"
            fi
            die "port ${candidates[0]} on 127.0.0.1 is in use; pass another: $0 start $dir PORT"
        fi
        say "PostgreSQL running in $dir on 127.0.0.1:$(cat "$real_dir/port")"
    fi
    local port
    port=$(cat "$real_dir/port")
    local exists
    exists=$("$bindir/psql" -X -q -h "$real_dir" -p "$port" -U "$db_user" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$db_name'")
    if [[ "$exists" != 1 ]]; then
        "$bindir/createdb" -h "$real_dir" -p "$port" -U "$db_user" "$db_name" ||
            die "could not create database $db_name"
    fi
    print_url
}

do_stop() {
    lock_cluster
    if is_running; then
        as_owner "$bindir/pg_ctl" stop -D "$(data_dir)" -m fast -w -t 60 >/dev/null ||
            die "could not stop PostgreSQL in $dir"
        say "PostgreSQL in $dir stopped"
    fi
}

case "$cmd" in
start) do_start ;;
stop) do_stop ;;
status)
    if is_running; then
        echo "running in $dir on 127.0.0.1:$(cat "$real_dir/port")"
        exit 0
    fi
    if [[ -f "$(data_dir)/PG_VERSION" ]]; then
        echo "stopped ($dir)"
    else
        echo "no cluster in $dir"
    fi
    exit 3
    ;;
url)
    [[ -f "$(data_dir)/PG_VERSION" ]] || die "no cluster in $dir (run: $0 start $dir)"
    print_url
    ;;
destroy)
    do_stop
    # Only a folder this script made: never delete an unrelated DIR given by mistake.
    if [[ -d "$real_dir" ]]; then
        if [[ -f "$real_dir/password" || -f "$real_dir/data/PG_VERSION" ]]; then
            rm -rf "$real_dir"
        else
            die "$dir does not look like a pg-local cluster; not deleting it"
        fi
    fi
    [[ -L "$dir" ]] && rm -f "$dir"
    rm -f "$(dirname "$dir")/.$(basename "$dir").lock"
    ;;
esac
