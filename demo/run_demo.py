#!/usr/bin/env python3
"""Runs the demo comparison job against a running dqc server, through its HTTP API only.

    run_demo.py --base http://127.0.0.1:PORT --project P --workspace W --token T \\
                --source demo/out/source.db --target demo/out/target.db \\
                --job demo/demo_job.json [--expect demo/out/defects.json]

Steps: create (or reuse) two SQLITE data connections for the two files, create the job of --job with
their IDs in place of SOURCE_CONN / TARGET_CONN (a job of the same name is deleted first), run it,
wait for the instance to finish, fetch its result and print one line per rule pair.

With --expect (the defects.json that make_demo_data.py wrote) it also checks the verdicts: every rule
on a planted defect must alarm, every rule on faithfully copied data must pass, the values must be
the ones read from the databases, and the instance must end ALARMING.

Exit status: 0 done (and expectations met), 1 expectations not met or the instance FAILED, 2 an API
call failed or the server could not be reached. Standard library only. --project, --workspace,
--token and --base may also come from DQC_PROJECT, DQC_WORKSPACE, DQC_TOKEN and DQC_BASE.
"""
import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal, InvalidOperation

PLACEHOLDERS = ("SOURCE_CONN", "TARGET_CONN")
# Keys of a result row that are not a template output (DESIGN §3.12).
FIXED_KEYS = ("Name", "Side", "Alarm", "Expression", "SQL", "Duration ms", "Status")
TEMPLATE_LABELS = {1: "Total Rows", 2: "Null Values", 3: "Distinct Values", 4: "Duplicate Values",
                   5: "Average", 6: "Sum", 7: "Maximum", 8: "Minimum"}
DEFAULT_RELATIVE_TOLERANCE = Decimal("1e-9")


class ApiError(Exception):
    def __init__(self, method, path, status, body, text):
        self.method, self.path, self.status, self.body, self.text = method, path, status, body, text
        super().__init__(self.describe())

    def error_code(self):
        return self.body.get("error_code") if isinstance(self.body, dict) else None

    def describe(self):
        if isinstance(self.body, dict) and "error_code" in self.body:
            rid = self.body.get("request_id")
            return (f"{self.method} {self.path} -> HTTP {self.status} {self.body.get('error_code')}: "
                    f"{self.body.get('error_msg')}" + (f" (request_id {rid})" if rid else ""))
        return f"{self.method} {self.path} -> HTTP {self.status}: {self.text[:500]!r}"


class Client:
    def __init__(self, base, project, workspace, token, verbose=False):
        self.base, self.project = base.rstrip("/"), project
        self.headers = {"workspace": workspace, "X-Auth-Token": token, "Content-Type": "application/json",
                        "Accept": "application/json"}
        self.verbose = verbose

    def call(self, method, path, body=None, raw=None):
        """Returns (status, parsed JSON or None, text). Network failures raise SystemExit(2)."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=self.headers)
        if self.verbose:
            print(f"> {method} {path} {data.decode()[:200] if data else ''}", file=sys.stderr)
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                status, text = resp.status, resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode("utf-8", "replace")
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            print(f"error: cannot reach {self.base} ({method} {path}): {reason}", file=sys.stderr)
            raise SystemExit(2)
        try:
            parsed = json.loads(text) if text.strip() else None  # Python's ints keep all 19 digits
        except ValueError:
            parsed = None
        if self.verbose:
            print(f"< {status} {text[:300]}", file=sys.stderr)
        return status, parsed, text

    def must(self, method, path, body=None, raw=None):
        status, parsed, text = self.call(method, path, body, raw)
        if status != 200:
            raise ApiError(method, path, status, parsed, text)
        return parsed

    def list_all(self, path, query=None, page=100, max_pages=50):
        """Pages through a list endpoint ({count, resources} or a bare array); yields its items."""
        for n in range(max_pages):
            q = dict(query or {}, limit=page, offset=n * page)
            b = self.must("GET", f"{path}?{urllib.parse.urlencode(q)}")
            items = b if isinstance(b, list) else (b or {}).get("resources") or []
            yield from items
            if len(items) < page:
                return


def ensure_connection(c, name, db_path):
    """Creates the SQLITE connection NAME for DB_PATH, or reuses (and repoints) one of that name."""
    path = f"/v1/{c.project}/data-connections"
    body = {"name": name, "type": "SQLITE", "config": {"path": db_path}}
    status, b, text = c.call("POST", path, body)
    if status == 200 and isinstance(b, dict) and b.get("id"):
        print(f"connection {name}: created {b['id']} -> {db_path}")
        return b["id"]
    if status != 400:
        raise ApiError("POST", path, status, b, text)
    first_error = ApiError("POST", path, status, b, text)
    existing = next((x for x in c.list_all(path) if isinstance(x, dict) and x.get("name") == name), None)
    if existing is None:
        raise first_error  # a 400 for another reason than the name
    cid = existing["id"]
    if (existing.get("type") or "").upper() == "SQLITE" and (existing.get("config") or {}).get("path") == db_path:
        print(f"connection {name}: reusing {cid} -> {db_path}")
        return cid
    c.must("PUT", f"{path}/{cid}", body)
    print(f"connection {name}: updated {cid} -> {db_path}")
    return cid


def ensure_postgres_connection(c, name, env_path):
    """Creates (or replaces) the POSTGRESQL connection NAME from the env file of scripts/test-dbs.sh,
    with its read-only account."""
    env = {}
    with open(env_path, encoding="utf-8") as f:
        for line in f:
            key, sep, value = line.strip().partition("=")
            if sep:
                env[key] = value
    path = f"/v1/{c.project}/data-connections"
    body = {"name": name, "type": "POSTGRESQL",
            "config": {"host": env["DQC_TEST_PG_HOST"], "port": int(env["DQC_TEST_PG_PORT"]),
                       "database": env["DQC_TEST_PG_DATABASE"], "user": env["DQC_TEST_PG_USER"],
                       "password": env["DQC_TEST_PG_PASSWORD"]}}
    existing = next((x for x in c.list_all(path) if isinstance(x, dict) and x.get("name") == name), None)
    if existing is not None:
        c.must("PUT", f"{path}/{existing['id']}", body)
        print(f"connection {name}: updated {existing['id']} -> PostgreSQL on port {env['DQC_TEST_PG_PORT']}")
        return existing["id"]
    cid = c.must("POST", path, body)["id"]
    print(f"connection {name}: created {cid} -> PostgreSQL on port {env['DQC_TEST_PG_PORT']}")
    return cid


def for_postgres_target(job):
    """The target rules read PostgreSQL: `databases` "main" is SQLite's; the schema is public."""
    for pair in job["sub_rules"]:
        pair[1].pop("databases", None)
    return job


def substitute(x, mapping):
    if isinstance(x, dict):
        return {k: substitute(v, mapping) for k, v in x.items()}
    if isinstance(x, list):
        return [substitute(v, mapping) for v in x]
    if isinstance(x, str):
        return mapping.get(x, x)
    return x


def create_job(c, job):
    path = f"/v2/{c.project}/quality/consistency-tasks"
    status, b, text = c.call("POST", path, job)
    if status == 200 and isinstance(b, dict) and b.get("id") is not None:
        return b
    if status != 400:
        raise ApiError("POST", path, status, b, text)
    first_error = ApiError("POST", path, status, b, text)
    same = [x["id"] for x in c.list_all(path, {"name": job["name"]}) if isinstance(x, dict) and x.get("name") == job["name"]]
    if not same:
        raise first_error  # refused for another reason than its name
    print(f"job {job['name']}: deleting the previous job of that name ({', '.join(map(str, same))})")
    c.must("POST", f"{path}/batch-delete", same)
    return c.must("POST", path, job)


def run_job(c, job_id):
    path = f"/v2/{c.project}/quality/consistency-tasks/{job_id}/run"
    status, b, text = c.call("POST", path)
    if status == 400 and isinstance(b, dict) and b.get("error_code") in ("DQC.1000", "DQC.1001"):
        status, b, text = c.call("POST", path, {})  # a server that wants a JSON body even here
    if status != 200 or not isinstance(b, dict) or b.get("instance_id") is None:
        raise ApiError("POST", path, status, b, text)
    return b["instance_id"]


def same_id(a, b):
    return a is not None and b is not None and str(a) == str(b)


def wait_instance(c, instance_id, timeout, poll):
    deadline, shown = time.time() + timeout, None
    path = f"/v2/{c.project}/quality/instances"
    while True:
        inst = next((x for x in c.list_all(path, max_pages=5) if same_id(x.get("id"), instance_id)), None)
        status = inst.get("run_status") if inst else None
        if status != shown:
            print(f"instance {instance_id}: {status or 'not listed yet'}", file=sys.stderr)
            shown = status
        if inst is not None and status not in (None, "RUNNING"):
            return inst
        if time.time() > deadline:
            print(f"error: instance {instance_id} still {status or 'not listed'} after {timeout} s", file=sys.stderr)
            raise SystemExit(1)
        time.sleep(poll)


def fetch_results(c, instance_id):
    path = f"/v2/{c.project}/quality/instances/{instance_id}/result"
    out, offset = [], 0
    while True:
        b = c.must("GET", f"{path}?limit=100&offset={offset}")
        items = (b or {}).get("resources") or []
        out.extend(items)
        if len(items) < 100 or len(out) >= (b.get("count") or 0):
            return out
        offset += 100


def rule_names(job_sent, job_answer):
    """Maps a source rule's ID (as a string) to its name; also returns the sent pairs in order."""
    names = {}
    for pair in (job_answer or {}).get("sub_rules") or []:
        src = pair[0] if isinstance(pair, list) and pair else pair
        if isinstance(src, dict) and src.get("id") is not None:
            names[str(src["id"])] = src.get("sub_rule_name")
    return names, [p[0] for p in job_sent["sub_rules"]]


def split_rows(rows):
    """Returns (source row, target row) of a result, by Side when given, else by position."""
    src = tgt = None
    for i, row in enumerate(rows if isinstance(rows, list) else []):
        side = str(row.get("Side") or "").lower() if isinstance(row, dict) else ""
        if side.startswith("s") or (not side and i == 0):
            src = row
        elif side.startswith("t") or (not side and i == 1):
            tgt = row
    return src or {}, tgt or {}


def metric_label(row, template_id):
    label = TEMPLATE_LABELS.get(template_id)
    if label and label in row:
        return label
    return next((k for k in row if k not in FIXED_KEYS), label or "?")


def verdict_of(src, tgt):
    alarms = [str(r.get("Alarm")).lower() for r in (src, tgt) if r.get("Alarm") is not None]
    if "error" in alarms:
        return "ERROR"
    if "true" in alarms:
        return "ALARM"
    if "false" in alarms:
        return "ok"
    return "?"


def show(v):
    return "null" if v is None else str(v)


def values_match(expected, got, exact, tolerance):
    if expected is None or got is None:
        return expected is None and got is None
    if exact:
        return str(expected) == str(got)
    try:
        e, g = Decimal(str(expected)), Decimal(str(got))
    except InvalidOperation:
        return str(expected) == str(got)
    return abs(e - g) <= tolerance * max(abs(e), abs(g))


def check_expectations(expect, lines, inst):
    problems = []
    by_name = {ln["rule"]: ln for ln in lines}
    for r in expect.get("rules", []):
        ln = by_name.get(r["rule"])
        if ln is None:
            problems.append(f"rule '{r['rule']}': no result for it")
            continue
        want = "ALARM" if r["expect"] == "alarm" else "ok"
        if ln["verdict"] != want:
            problems.append(f"rule '{r['rule']}': verdict {ln['verdict']}, expected {want}")
        for side in ("source", "target"):
            if not values_match(r.get(side), ln[side], r.get("exact", True), DEFAULT_RELATIVE_TOLERANCE):
                problems.append(f"rule '{r['rule']}': {side} {r.get('label', 'value')} is {show(ln[side])}, "
                                f"expected {show(r.get(side))}")
    for d in expect.get("defects", []):
        if d["rule"] in by_name and by_name[d["rule"]]["verdict"] != "ALARM":
            problems.append(f"planted defect '{d['id']}' ({d['table']}) was not caught by rule '{d['rule']}'")
    want_status = expect.get("expected_run_status", "ALARMING")
    if inst.get("run_status") != want_status:
        problems.append(f"instance run_status is {inst.get('run_status')}, expected {want_status}")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    env = os.environ.get
    ap.add_argument("--base", default=env("DQC_BASE", "http://127.0.0.1:8080"), help="server URL (DQC_BASE)")
    ap.add_argument("--project", default=env("DQC_PROJECT"), help="project ID (DQC_PROJECT)")
    ap.add_argument("--workspace", default=env("DQC_WORKSPACE"), help="workspace ID (DQC_WORKSPACE)")
    ap.add_argument("--token", default=env("DQC_TOKEN"), help="X-Auth-Token (DQC_TOKEN)")
    ap.add_argument("--source", required=True, help="source SQLite file (make_demo_data.py's source.db)")
    ap.add_argument("--target", required=True, help="target SQLite file (make_demo_data.py's target.db)")
    ap.add_argument("--job", required=True, help="job definition with SOURCE_CONN / TARGET_CONN (demo/demo_job.json)")
    ap.add_argument("--expect", help="defects.json of make_demo_data.py: check every verdict")
    ap.add_argument("--target-postgres", metavar="ENV_FILE",
                    help="compare against the copy of --target in PostgreSQL (env file of scripts/test-dbs.sh)")
    ap.add_argument("--job-name", help="name of the job (default: the name in --job)")
    ap.add_argument("--connection-prefix", default="vega-demo", help="names the connections PREFIX-source/-target")
    ap.add_argument("--timeout", type=float, default=600, help="seconds to wait for the instance (default 600)")
    ap.add_argument("--poll", type=float, default=0.5, help="seconds between polls (default 0.5)")
    ap.add_argument("--show-sql", action="store_true", help="also print the SQL each side ran")
    ap.add_argument("--json-out", help="write the job, instance and results seen to this file")
    ap.add_argument("-v", "--verbose", action="store_true", help="log every request and answer to stderr")
    args = ap.parse_args()
    for name in ("project", "workspace", "token"):
        if not getattr(args, name):
            ap.error(f"--{name} is required (or DQC_{name.upper()})")

    source, target = os.path.abspath(args.source), os.path.abspath(args.target)
    for p in (source, target):
        if not os.path.isfile(p):
            print(f"error: {p} does not exist (run demo/make_demo_data.py first)", file=sys.stderr)
            return 2
    with open(args.job, encoding="utf-8") as f:
        job_template = json.load(f)
    expect = None
    if args.expect:
        with open(args.expect, encoding="utf-8") as f:
            expect = json.load(f)

    c = Client(args.base, args.project, args.workspace, args.token, args.verbose)
    try:
        src_id = ensure_connection(c, f"{args.connection_prefix}-source", source)
        if args.target_postgres:
            tgt_id = ensure_postgres_connection(c, f"{args.connection_prefix}-target", args.target_postgres)
            job_template = for_postgres_target(job_template)
        else:
            tgt_id = ensure_connection(c, f"{args.connection_prefix}-target", target)
        if args.job_name:
            job_template["name"] = args.job_name
        job_sent = substitute(job_template, dict(zip(PLACEHOLDERS, (src_id, tgt_id))))
        job = create_job(c, job_sent)
        job_id = job["id"]
        print(f"job {job.get('name')}: {job_id} ({len(job_sent['sub_rules'])} rule pairs)")
        started = time.time()
        instance_id = run_job(c, job_id)
        print(f"instance {instance_id}: started")
        inst = wait_instance(c, instance_id, args.timeout, args.poll)
        elapsed = time.time() - started
        results = fetch_results(c, instance_id)
    except ApiError as e:
        print(f"error: {e.describe()}", file=sys.stderr)
        return 2

    names, sent_sources = rule_names(job_sent, job)
    lines = []
    for i, res in enumerate(results):
        src, tgt = split_rows(res.get("results"))
        sent = sent_sources[i] if i < len(sent_sources) else {}
        name = names.get(str(res.get("sub_rule_id"))) or sent.get("sub_rule_name") or f"#{i + 1}"
        template_id = next((s.get("template_id") for s in sent_sources if s.get("sub_rule_name") == name),
                           sent.get("template_id"))
        label = metric_label(src or tgt, template_id)
        lines.append({"rule": name, "sub_rule_id": res.get("sub_rule_id"), "metric": label,
                      "source": src.get(label), "target": tgt.get(label), "verdict": verdict_of(src, tgt),
                      "expression": src.get("Expression") or tgt.get("Expression"),
                      "source_sql": src.get("SQL"), "target_sql": tgt.get("SQL"),
                      "duration_ms": [src.get("Duration ms"), tgt.get("Duration ms")]})

    w = [max([len(h)] + [len(show(ln[k])) for ln in lines]) for h, k in
         (("rule", "rule"), ("metric", "metric"), ("source", "source"), ("target", "target"))]
    print()
    print(f"{'rule':<{w[0]}}  {'metric':<{w[1]}}  {'source':>{w[2]}}  {'target':>{w[3]}}  verdict")
    print(f"{'-' * w[0]}  {'-' * w[1]}  {'-' * w[2]}  {'-' * w[3]}  -------")
    for ln in lines:
        print(f"{ln['rule']:<{w[0]}}  {ln['metric']:<{w[1]}}  {show(ln['source']):>{w[2]}}  "
              f"{show(ln['target']):>{w[3]}}  {ln['verdict']}")
        if args.show_sql:
            print(f"    source SQL: {ln['source_sql']}\n    target SQL: {ln['target_sql']}")
    print()
    alarms = sum(1 for ln in lines if ln["verdict"] == "ALARM")
    print(f"instance {instance_id}: run_status {inst.get('run_status')}, {len(lines)} rule pairs, "
          f"{alarms} alarming, {elapsed:.1f} s")
    if inst.get("failure_reason"):
        print(f"failure_reason: {inst['failure_reason']}")

    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump({"job": job, "instance": inst, "results": results, "lines": lines}, f, indent=2)

    if inst.get("run_status") == "FAILED":
        if expect is not None:
            print("\nEXPECTATIONS NOT MET: the instance FAILED")
        return 1
    if expect is not None:
        problems = check_expectations(expect, lines, inst)
        if problems:
            print(f"\nEXPECTATIONS NOT MET ({len(problems)}):")
            for p in problems:
                print(f"  - {p}")
            return 1
        n_def = len(expect.get("defects", []))
        print(f"expectations met: all {n_def} planted defects alarm, "
              f"{len(expect.get('faithful', []))} faithful rules pass, run_status {inst.get('run_status')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
