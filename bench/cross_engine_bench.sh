#!/usr/bin/env bash
# Cross-engine benchmark (issue 3): a comparison job of row count + sum + null count on a table of
# N rows (default 10,000,000) in PostgreSQL against the same table in MariaDB. It prints
#   - dqc's wall time for the instance (the server's start_time .. end_time), median of --runs;
#   - the wall time of the very SQL that dqc sent (read back from the instance's result), run one
#     after the other by `psql` and `mariadb` with warm caches, median of --runs;
#   - their ratio (target <= 1.1), and dqc's peak RSS during the runs, at N and at N/10 rows
#     (target: flat, independent of table size).
# Rows are generated inside each engine (generate_series, MariaDB's seq_1_to_N): loading them
# through a client would take far longer. Needs scripts/install-deps.sh; uses a release build.
#
#   bench/cross_engine_bench.sh [--rows N] [--runs K]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
rows=10000000
runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: bench/cross_engine_bench.sh [--rows N] [--runs K]" >&2; exit 2 ;;
  esac
done
small=$((rows / 10))

dqc=${DQC_BIN:-$root/build/dqc}
[ -x "$dqc" ] || scripts/build.sh release
work=$(mktemp -d /tmp/dqc-xbench.XXXXXX)
chmod 755 "$work"  # the postgres user must reach its data directory inside
export DQC_TEST_DBS_ENV=$work/dbs.env DQC_TEST_DBS_STATE=$work/dbs
# Buffers that hold the table: "warm caches" for both the clients and dqc.
export DQC_TEST_PG_SHARED_BUFFERS=1GB DQC_TEST_MY_BUFFER_POOL=1G
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  scripts/test-dbs.sh stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
scripts/test-dbs.sh start
set -a  # the accounts go to the measuring script below too
# shellcheck disable=SC1090
. "$DQC_TEST_DBS_ENV"
set +a

pg_admin() {
  PGPASSWORD=$DQC_TEST_PG_ADMIN_PASSWORD psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 \
    -p "$DQC_TEST_PG_PORT" -U "$DQC_TEST_PG_ADMIN_USER" -d "$DQC_TEST_PG_DATABASE" "$@"
}
my_admin() {
  mariadb --no-defaults -h 127.0.0.1 -P "$DQC_TEST_MY_PORT" -u "$DQC_TEST_MY_ADMIN_USER" \
    -p"$DQC_TEST_MY_ADMIN_PASSWORD" "$@"
}
now_ms() { date +%s%3N; }

echo "== generating $rows and $small rows in each engine" >&2
t0=$(now_ms)
for n in "$rows" "$small"; do
  pg_admin -c "CREATE TABLE public.big_$n AS SELECT g::bigint AS id, (g::bigint * 7919 % 1000003) AS v,
                 CASE WHEN g % 10 = 0 THEN NULL ELSE (g % 1000)::int END AS n
               FROM generate_series(1, $n) AS g" -c "VACUUM ANALYZE public.big_$n"
done
t1=$(now_ms)
my_admin -e "CREATE DATABASE dqct_bench;"
for n in "$rows" "$small"; do
  my_admin dqct_bench -e "CREATE TABLE big_$n (id BIGINT NOT NULL, v BIGINT, n INT) ENGINE=InnoDB;
    INSERT INTO big_$n SELECT seq, seq * 7919 % 1000003, IF(seq % 10 = 0, NULL, seq % 1000)
    FROM seq_1_to_$n; ANALYZE TABLE big_$n;" >/dev/null
done
t2=$(now_ms)
echo "   generated: PostgreSQL $(((t1 - t0) / 1000)) s, MariaDB $(((t2 - t1) / 1000)) s" >&2

echo "== dqc: server, tenant, connections" >&2
data=$work/dqc
mkdir -p "$data"
project=0833a5737480d53b2f25c010dc1a7b88
ws=$("$dqc" workspace create --data-dir "$data" --project $project --name bench 2>/dev/null)
echo "bench-password-1" | "$dqc" user create --data-dir "$data" --project $project --name bench \
  --password-stdin 2>/dev/null
"$dqc" workspace grant --data-dir "$data" --workspace "$ws" --user bench --role admin 2>/dev/null
token=$("$dqc" token issue --data-dir "$data" --project $project --user bench 2>/dev/null)
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
"$dqc" serve --data-dir "$data" --listen 127.0.0.1:$port 2>"$work/server.log" &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done

DQC_BENCH_WORK=$work DQC_BENCH_ROWS="$rows $small" DQC_BENCH_RUNS=$runs DQC_BENCH_PORT=$port \
  DQC_BENCH_PROJECT=$project DQC_BENCH_WS=$ws DQC_BENCH_TOKEN=$token DQC_BENCH_PID=$server \
  python3 - <<'PY'
import json, os, statistics, subprocess, threading, time, urllib.request

env = os.environ
base = "http://127.0.0.1:%s" % env["DQC_BENCH_PORT"]
project, ws, token = env["DQC_BENCH_PROJECT"], env["DQC_BENCH_WS"], env["DQC_BENCH_TOKEN"]
runs, pid, work = int(env["DQC_BENCH_RUNS"]), int(env["DQC_BENCH_PID"]), env["DQC_BENCH_WORK"]


def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"workspace": ws, "X-Auth-Token": token,
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"null")


def rss_kib():
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def connection(name, kind, prefix):
    cfg = {"host": "127.0.0.1", "port": int(env[prefix + "PORT"]), "database": env[prefix + "DATABASE"],
           "user": env[prefix + "USER"], "password": env[prefix + "PASSWORD"]}
    return call("POST", "/v1/%s/data-connections" % project, {"name": name, "type": kind, "config": cfg})["id"]


pg = connection("pg", "POSTGRESQL", "DQC_TEST_PG_")
my = connection("my", "MYSQL", "DQC_TEST_MY_")


def rule(name, template, conn, table, column=None, alarm=None):
    r = {"sub_rule_name": name, "template_id": template, "connection": conn, "tables": table}
    if column:
        r["columns"] = column
    if alarm:
        r["alarm_condition"] = alarm
    return r


def run_job(n):
    pairs = []
    for name, template, column in (("rows", 1, None), ("sum v", 6, "v"), ("nulls n", 2, "n")):
        pairs.append([rule(name, template, pg, "public.big_%d" % n, column, "${1_1}!=${2_1}"),
                      rule(name, template, my, "dqct_bench.big_%d" % n, column)])
    job = call("POST", "/v2/%s/quality/consistency-tasks" % project,
               {"name": "bench-%d-%f" % (n, time.time()), "category_id": 0, "level": "MAJOR",
                "schedule_type": "ONCE", "sub_rules": pairs})
    peak = [rss_kib()]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kib())
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    inst = call("POST", "/v2/%s/quality/consistency-tasks/%d/run" % (project, job["id"]))["instance_id"]
    while True:
        items = call("GET", "/v2/%s/quality/instances?task_id=%d" % (project, job["id"]))["resources"]
        cur = [i for i in items if i["id"] == inst][0]
        if cur["run_status"] != "RUNNING":
            break
        time.sleep(0.02)
    done.set()
    sampler.join()
    result = call("GET", "/v2/%s/quality/instances/%d/result?limit=100" % (project, inst))
    if cur["run_status"] != "SUCCESS":
        raise SystemExit("instance ended %s: %s" % (cur["run_status"], cur.get("failure_reason")))
    sql = {"source": [], "target": []}
    values = []
    for pair in result["resources"]:
        for row in pair["results"]:
            sql[row["Side"]].append(row["SQL"])
        values.append({k: v for k, v in pair["results"][0].items() if k not in ("SQL", "Expression")})
    return (cur["end_time"] - cur["start_time"]) / 1000.0, peak[0], sql, values


def run_clients(sql):
    with open(work + "/pg.sql", "w") as f:
        f.write("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\n")
        f.write("".join(s + ";\n" for s in sql["source"]))
        f.write("COMMIT;\n")
    with open(work + "/my.sql", "w") as f:
        f.write("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY;\n")
        f.write("".join(s + ";\n" for s in sql["target"]))
        f.write("COMMIT;\n")
    t = time.monotonic()
    subprocess.run(["psql", "-X", "-q", "-o", "/dev/null", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                    "-p", env["DQC_TEST_PG_PORT"], "-U", env["DQC_TEST_PG_USER"], "-d",
                    env["DQC_TEST_PG_DATABASE"], "-f", work + "/pg.sql"],
                   check=True, env=dict(env, PGPASSWORD=env["DQC_TEST_PG_PASSWORD"]))
    with open(work + "/my.sql") as f:
        subprocess.run(["mariadb", "--no-defaults", "-h", "127.0.0.1", "-P", env["DQC_TEST_MY_PORT"],
                        "-u", env["DQC_TEST_MY_USER"], "-p" + env["DQC_TEST_MY_PASSWORD"]],
                       stdin=f, stdout=subprocess.DEVNULL, check=True)
    return time.monotonic() - t


print("idle dqc RSS before the runs: %.1f MiB" % (rss_kib() / 1024))
for n in [int(x) for x in env["DQC_BENCH_ROWS"].split()]:
    run_job(n)  # warm-up: both engines' caches, dqc's connections code paths
    dqc_times, peaks, client_times = [], [], []
    for _ in range(runs):
        secs, peak, sql, values = run_job(n)
        dqc_times.append(secs)
        peaks.append(peak)
        client_times.append(run_clients(sql))
    d, c = statistics.median(dqc_times), statistics.median(client_times)
    print("\n%d rows: values %s" % (n, json.dumps(values)))
    print("  SQL per side: source %s | target %s" % (sql["source"], sql["target"]))
    print("  dqc instance wall time, median of %d: %.3f s  (all: %s)" %
          (runs, d, ", ".join("%.3f" % x for x in dqc_times)))
    print("  psql + mariadb, same SQL, one after the other, median: %.3f s  (all: %s)" %
          (c, ", ".join("%.3f" % x for x in client_times)))
    print("  ratio dqc / clients: %.3f  (target <= 1.1)" % (d / c))
    print("  dqc peak RSS during the runs: %.1f MiB" % (max(peaks) / 1024))
PY
