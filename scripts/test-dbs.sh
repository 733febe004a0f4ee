#!/usr/bin/env bash
# Throw-away PostgreSQL 15 and MariaDB servers for the tests (run as root; installs nothing:
# scripts/install-deps.sh does). `scripts/test-dbs.sh start` starts both on free loopback ports
# (127.0.0.1 only, password authentication over TCP), creates for each an admin account that
# tests use for fixtures and a read-only account (SELECT only) that dqc connects with, and writes
# them to the env file that the tests read (default build-test/test-dbs.env, or $DQC_TEST_DBS_ENV).
# `stop` stops both and removes their directories. Both are idempotent.
#
# Fixture grants: PostgreSQL tables and schemas the admin creates in database dqc_test are
# readable by the read-only account (default privileges); MariaDB databases named dqct_* are.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# One state directory per checkout (or $DQC_TEST_DBS_STATE), so several checkouts or a benchmark
# beside the tests do not collide.
state=${DQC_TEST_DBS_STATE:-/tmp/dqc-test-dbs-$(printf '%s' "$root" | sha256sum | cut -c1-12)}
# Buffer sizes: small for tests (fast start); the benchmarks ask for buffers that hold their tables.
pg_shared_buffers=${DQC_TEST_PG_SHARED_BUFFERS:-32MB}
my_buffer_pool=${DQC_TEST_MY_BUFFER_POOL:-32M}
envfile=${DQC_TEST_DBS_ENV:-$root/build-test/test-dbs.env}
pg_bin=/usr/lib/postgresql/15/bin

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
secret() { od -An -tx1 -N12 /dev/urandom | tr -d ' \n'; }

pg_running() { [ -f "$state/pg/data/postmaster.pid" ] && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$state/pg/data" status >/dev/null 2>&1; }
my_running() { [ -S "$state/my/sock" ] && mariadb-admin --no-defaults --socket="$state/my/sock" -uroot ping >/dev/null 2>&1; }

stop() {
  if [ -d "$state/pg/data" ]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$state/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ -f "$state/my/pid" ]; then
    pid=$(cat "$state/my/pid" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$state"
  rm -f "$envfile"
}

start_pg() {
  local port=$1 admin_pw=$2 ro_pw=$3
  mkdir -p "$state/pg/sock"
  chown -R postgres:postgres "$state/pg"
  printf '%s\n' "$admin_pw" >"$state/pg/pwfile"
  chown postgres "$state/pg/pwfile"
  # Trust on the private socket (setup only), passwords over TCP (so a wrong one is refused).
  runuser -u postgres -- "$pg_bin/initdb" -D "$state/pg/data" -U dqc_admin --pwfile="$state/pg/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$state/pg/initdb.log" 2>&1
  rm -f "$state/pg/pwfile"
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$state/pg/data" -l "$state/pg/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$state/pg/sock \
        -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=$pg_shared_buffers \
        -c max_connections=100" start >/dev/null
  runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -h "$state/pg/sock" -p "$port" -U dqc_admin -d postgres >/dev/null <<SQL
CREATE ROLE dqc_ro LOGIN PASSWORD '$ro_pw';
CREATE DATABASE dqc_test OWNER dqc_admin;
\c dqc_test
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO dqc_ro;
ALTER DEFAULT PRIVILEGES FOR ROLE dqc_admin GRANT SELECT ON TABLES TO dqc_ro;
ALTER DEFAULT PRIVILEGES FOR ROLE dqc_admin GRANT USAGE ON SCHEMAS TO dqc_ro;
SQL
}

start_my() {
  local port=$1 admin_pw=$2 ro_pw=$3
  mkdir -p "$state/my"
  mariadb-install-db --no-defaults --user=root --datadir="$state/my/data" --skip-test-db \
    --auth-root-authentication-method=socket >"$state/my/install.log" 2>&1
  # Small buffers and no durability: a throw-away server that starts in a second.
  setsid mariadbd --no-defaults --user=root --datadir="$state/my/data" --socket="$state/my/sock" \
    --pid-file="$state/my/pid" --port="$port" --bind-address=127.0.0.1 --skip-networking=0 \
    --skip-name-resolve --log-error="$state/my/server.log" --innodb-buffer-pool-size=$my_buffer_pool \
    --innodb-log-file-size=16M --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
    --skip-log-bin --performance-schema=0 --character-set-server=utf8mb4 </dev/null >/dev/null 2>&1 &
  for _ in $(seq 1 300); do my_running && break; sleep 0.1; done
  my_running || { echo "MariaDB did not start; see $state/my/server.log" >&2; cat "$state/my/server.log" >&2; return 1; }
  mariadb --no-defaults --socket="$state/my/sock" -uroot <<SQL
DELETE FROM mysql.global_priv WHERE User = '';
FLUSH PRIVILEGES;
CREATE USER 'dqc_admin'@'%' IDENTIFIED BY '$admin_pw';
GRANT ALL PRIVILEGES ON *.* TO 'dqc_admin'@'%' WITH GRANT OPTION;
CREATE USER 'dqc_ro'@'%' IDENTIFIED BY '$ro_pw';
CREATE DATABASE dqc_test CHARACTER SET utf8mb4;
GRANT SELECT ON dqc_test.* TO 'dqc_ro'@'%';
GRANT SELECT ON \`dqct\\_%\`.* TO 'dqc_ro'@'%';
SQL
}

# `start pg` starts PostgreSQL alone (the demo's cross-engine target); `start` starts both.
only_pg=0

start() {
  if [ -f "$envfile" ] && pg_running && { [ $only_pg -eq 1 ] || my_running; }; then
    echo "test databases already running ($envfile)" >&2
    return 0
  fi
  stop
  mkdir -p "$state" "$(dirname "$envfile")"
  chmod 755 "$state"
  local pg_port my_port pg_admin pg_ro my_admin my_ro
  pg_port=$(free_port)
  my_port=$(free_port)
  while [ "$my_port" = "$pg_port" ]; do my_port=$(free_port); done
  pg_admin=$(secret); pg_ro=$(secret); my_admin=$(secret); my_ro=$(secret)
  start_pg "$pg_port" "$pg_admin" "$pg_ro"
  [ $only_pg -eq 1 ] || start_my "$my_port" "$my_admin" "$my_ro"
  umask 077
  cat >"$envfile.tmp" <<ENV
DQC_TEST_PG_HOST=127.0.0.1
DQC_TEST_PG_PORT=$pg_port
DQC_TEST_PG_DATABASE=dqc_test
DQC_TEST_PG_ADMIN_USER=dqc_admin
DQC_TEST_PG_ADMIN_PASSWORD=$pg_admin
DQC_TEST_PG_USER=dqc_ro
DQC_TEST_PG_PASSWORD=$pg_ro
DQC_TEST_MY_HOST=127.0.0.1
DQC_TEST_MY_PORT=$my_port
DQC_TEST_MY_DATABASE=dqc_test
DQC_TEST_MY_ADMIN_USER=dqc_admin
DQC_TEST_MY_ADMIN_PASSWORD=$my_admin
DQC_TEST_MY_USER=dqc_ro
DQC_TEST_MY_PASSWORD=$my_ro
ENV
  mv "$envfile.tmp" "$envfile"
  if [ $only_pg -eq 1 ]; then
    echo "test database: PostgreSQL on 127.0.0.1:$pg_port ($envfile)" >&2
  else
    echo "test databases: PostgreSQL on 127.0.0.1:$pg_port, MariaDB on 127.0.0.1:$my_port ($envfile)" >&2
  fi
}

if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/test-dbs.sh runs as root (PostgreSQL runs as the postgres user via runuser)" >&2
  exit 1
fi
[ "${1:-}" = start ] && [ "${2:-}" = pg ] && only_pg=1
if [ "${1:-}" = start ]; then
  [ -x "$pg_bin/initdb" ] && { [ $only_pg -eq 1 ] || command -v mariadbd >/dev/null; } ||
    { echo "PostgreSQL 15 or MariaDB is missing: run scripts/install-deps.sh" >&2; exit 1; }
fi

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: scripts/test-dbs.sh start [pg] | stop" >&2
    exit 2
    ;;
esac
