#!/usr/bin/env bash
# The main job on real data: installs and builds dqc, starts `dqc serve` on the embedded SQLite
# store, loads public data (npm package vega-datasets@3.2.1: zip codes, 200,000 flights, bird
# strikes) into a source SQLite database and an imperfect copy of it into a target, creates the
# connections and a comparison job through the HTTP API, runs it and prints each rule's verdict.
# Then it keeps serving in the foreground until Ctrl-C.
#
#   scripts/demo.sh                 the full demo (port $DQC_PORT, default 8080)
#   scripts/demo.sh --check [N]     the same flow on the first N rows of each table (default 2000),
#                                   checks every verdict, stops the server and exits (for tests)
#   DQC_BIN=path/to/dqc             use that binary instead of building one
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
check=0
slice=""
if [ "${1:-}" = "--check" ]; then
  check=1
  slice=${2:-2000}
fi

if [ -z "${DQC_BIN:-}" ]; then
  scripts/install-deps.sh
  scripts/build.sh release
  DQC_BIN=$root/build/dqc
fi

work=${DQC_DEMO_DIR:-$root/.demo}
[ $check -eq 1 ] && work=$(mktemp -d /tmp/dqc-demo-check.XXXXXX)
mkdir -p "$work"
chmod 755 "$work"  # the throw-away PostgreSQL below runs as the postgres user, inside it
server_dir=$work/server      # dqc's own data directory
sources=$work/databases      # the databases dqc compares (outside its data directory)
rm -rf "$server_dir" "$sources"
mkdir -p "$server_dir" "$sources"

echo "== data: vega-datasets@3.2.1 from the npm registry" >&2
data=$(demo/fetch_data.sh)
python3 demo/make_demo_data.py --data-dir "$data" --out "$sources" ${slice:+--slice "$slice"} >&2

echo "== dqc: a project, a workspace, a user and a token (operator commands)" >&2
project=0833a5737480d53b2f25c010dc1a7b88
workspace=$("$DQC_BIN" workspace create --data-dir "$server_dir" --project $project --name demo)
echo "demo-password-123" | "$DQC_BIN" user create --data-dir "$server_dir" --project $project \
  --name demo --password-stdin
"$DQC_BIN" workspace grant --data-dir "$server_dir" --workspace "$workspace" --user demo --role admin
token=$("$DQC_BIN" token issue --data-dir "$server_dir" --project $project --user demo --ttl 7d)

port=${DQC_PORT:-8080}
if [ $check -eq 1 ] || ! python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',$port))" 2>/dev/null; then
  port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
fi
"$DQC_BIN" serve --data-dir "$server_dir" --listen "127.0.0.1:$port" --sqlite-root "$sources" \
  2>"$work/server.log" &
server=$!
# The cross-engine part's PostgreSQL (scripts/test-dbs.sh) lives in $work/postgres.
export DQC_TEST_DBS_STATE=$work/postgres DQC_TEST_DBS_ENV=$work/postgres.env
pg_started=0
# Also on Ctrl-C, which reaches the server too: every step may fail without ending the cleanup.
cleanup() {
  kill $server 2>/dev/null || true
  wait $server 2>/dev/null || true
  [ $pg_started -eq 0 ] || scripts/test-dbs.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done

echo "== the comparison job, through the HTTP API" >&2
status=0
python3 demo/run_demo.py --base "http://127.0.0.1:$port" --project $project --workspace "$workspace" \
  --token "$token" --source "$sources/source.db" --target "$sources/target.db" \
  --job demo/demo_job.json --expect "$sources/defects.json" || status=$?

# Cross-engine: the same target in PostgreSQL, when its server is installed (it runs as the
# postgres user, which only root can switch to).
if [ -x /usr/lib/postgresql/15/bin/postgres ] && [ "$(id -u)" -eq 0 ]; then
  echo "== cross-engine: the target copied into a throw-away PostgreSQL, compared with the SQLite source" >&2
  pg_started=1
  scripts/test-dbs.sh start pg
  python3 demo/load_postgres.py --target "$sources/target.db" --env "$DQC_TEST_DBS_ENV"
  python3 demo/run_demo.py --base "http://127.0.0.1:$port" --project $project --workspace "$workspace" \
    --token "$token" --source "$sources/source.db" --target "$sources/target.db" \
    --target-postgres "$DQC_TEST_DBS_ENV" --connection-prefix vega-demo-pg \
    --job-name vega-migration-check-postgres --job demo/demo_job.json \
    --expect "$sources/defects.json" || status=$?
else
  echo "== cross-engine part skipped: it needs PostgreSQL 15's server (scripts/install-deps.sh) and root" >&2
fi

if [ $check -eq 1 ]; then
  cleanup
  trap - EXIT
  rm -rf "$work"
  exit $status
fi
cat <<EOT

== dqc is serving at http://127.0.0.1:$port (store: $server_dir/dqc.db; log: $work/server.log)
   project:   $project
   workspace: $workspace
   token:     $token   (valid 7 days)

   curl -s -H "workspace: $workspace" -H "X-Auth-Token: $token" \\
        "http://127.0.0.1:$port/v2/$project/quality/consistency-tasks?limit=10"

   The API is described in docs/api.md. Press Ctrl-C to stop.
EOT
wait $server
