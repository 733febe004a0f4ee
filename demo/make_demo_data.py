#!/usr/bin/env python3
"""Builds the demo's two SQLite databases from real public data (the npm package vega-datasets).

    make_demo_data.py --data-dir DIR --out OUT [--slice N]

DIR is the package's data folder (what demo/fetch_data.sh prints; the package folder itself works
too). Writes, replacing any old ones:

  OUT/source.db     the "legacy" database: three real tables, about 252,000 rows
                      zipcodes     42,049 US zip codes (zip_code TEXT, so '00501' keeps its zeros)
                      flights     200,000 flights (delay, distance, time of day)
                      birdstrikes  10,000 FAA wildlife strike reports
  OUT/target.db     the "migrated" copy, with three planted, deterministic defects:
                      flights      every row whose id % 1000 == 7 is lost (ids 7, 1007, ...)
                      birdstrikes  cost_total of the row with id 42 is 1,000 higher
                      zipcodes     zip_code stored as INTEGER ('00501' became 501)
                    everything else is copied faithfully.
  OUT/defects.json  what was planted and, for each rule of demo/demo_job.json, the values the
                    source and target should show and whether the rule should alarm; the values
                    are read back from the two databases, not assumed.

--slice N keeps only the first N rows of each table (a fast run of the same flow; every defect still
lands when N >= 42). Standard library only.
"""
import argparse
import csv
import json
import os
import sqlite3
import sys
import time

# --- the rules of demo/demo_job.json and what each should show ---------------------------------
# Names must match the sub_rule_name values in demo_job.json (run_demo.py --expect matches on them).
RULE_FLIGHTS_ROWS = "flights row count"
RULE_BIRD_COST_SUM = "birdstrikes cost_total sum"
RULE_ZIP_MIN = "zipcodes zip_code min"
RULE_ZIP_ROWS = "zipcodes row count"
RULE_BIRD_SPEED_NULLS = "birdstrikes speed_ias_knots nulls"
RULE_ZIP_LAT_SUM = "zipcodes latitude sum"
RULE_BIRD_DATE_MAX = "birdstrikes flight_date max"

LOST_MODULUS, LOST_REMAINDER = 1000, 7  # flights rows lost in the target: id % 1000 == 7
CHANGED_BIRDSTRIKE_ID = 42              # the birdstrikes row whose cost_total is changed
COST_DELTA = 1000                       # ... by this much
MIN_SLICE = CHANGED_BIRDSTRIKE_ID       # smaller slices would lose a defect
FLOAT_RELATIVE_TOLERANCE = 1e-9         # dqc's default for floating values (DESIGN §3.6, §3.10)

# Template ID -> (output label, SQL aggregate over column c). These are what dqc's built-in
# templates compute (DESIGN §3.6); the SQL here only serves to write the expected values.
TEMPLATES = {
    1: ("Total Rows", "count(*)"),
    2: ("Null Values", "sum(CASE WHEN {c} IS NULL THEN 1 ELSE 0 END)"),
    3: ("Distinct Values", "count(DISTINCT {c})"),
    6: ("Sum", "sum({c})"),
    7: ("Maximum", "max({c})"),
    8: ("Minimum", "min({c})"),
}

# (rule name, table, column or None, template ID, planted defect it reveals or None)
RULES = [
    (RULE_FLIGHTS_ROWS, "flights", None, 1, "lost_rows"),
    (RULE_BIRD_COST_SUM, "birdstrikes", "cost_total", 6, "changed_value"),
    (RULE_ZIP_MIN, "zipcodes", "zip_code", 8, "text_to_integer"),
    (RULE_ZIP_ROWS, "zipcodes", None, 1, None),
    (RULE_BIRD_SPEED_NULLS, "birdstrikes", "speed_ias_knots", 2, None),
    (RULE_ZIP_LAT_SUM, "zipcodes", "latitude", 6, None),
    (RULE_BIRD_DATE_MAX, "birdstrikes", "flight_date", 7, None),
]

# --- table shapes --------------------------------------------------------------------------------
BIRD_COLUMNS = [  # (CSV header, column, type)
    ("Airport Name", "airport_name", "TEXT"),
    ("Aircraft Make Model", "aircraft_make_model", "TEXT"),
    ("Effect Amount of damage", "damage", "TEXT"),
    ("Flight Date", "flight_date", "TEXT"),
    ("Aircraft Airline Operator", "operator", "TEXT"),
    ("Origin State", "origin_state", "TEXT"),
    ("Phase of flight", "flight_phase", "TEXT"),
    ("Wildlife Size", "wildlife_size", "TEXT"),
    ("Wildlife Species", "wildlife_species", "TEXT"),
    ("Time of day", "time_of_day", "TEXT"),
    ("Cost Other", "cost_other", "INTEGER"),
    ("Cost Repair", "cost_repair", "INTEGER"),
    ("Cost Total $", "cost_total", "INTEGER"),
    ("Speed IAS in knots", "speed_ias_knots", "INTEGER"),  # empty in 2,836 rows: NULL
]

DDL_ZIPCODES = """CREATE TABLE zipcodes (
  zip_code  {zip_type} PRIMARY KEY,
  latitude  REAL NOT NULL,
  longitude REAL NOT NULL,
  city      TEXT NOT NULL,
  state     TEXT NOT NULL,
  county    TEXT NOT NULL)"""
DDL_FLIGHTS = """CREATE TABLE flights (
  id       INTEGER PRIMARY KEY,  -- position in flights-200k.json, from 1
  delay    INTEGER NOT NULL,     -- minutes
  distance INTEGER NOT NULL,     -- miles
  time     REAL NOT NULL)        -- hour of day of departure, fractional"""
DDL_BIRDSTRIKES = ("CREATE TABLE birdstrikes (\n  id INTEGER PRIMARY KEY,  -- line in birdstrikes.csv, from 1\n"
                   + ",\n".join(f"  {c} {t}" for _, c, t in BIRD_COLUMNS) + ")")


def fail(msg):
    print(f"make_demo_data: {msg}", file=sys.stderr)
    sys.exit(1)


def find_data_dir(d):
    for cand in (d, os.path.join(d, "data"), os.path.join(d, "node_modules", "vega-datasets", "data")):
        if all(os.path.isfile(os.path.join(cand, f)) for f in ("zipcodes.csv", "birdstrikes.csv", "flights-200k.json")):
            return cand
    fail(f"{d} holds no zipcodes.csv, birdstrikes.csv and flights-200k.json (run demo/fetch_data.sh)")


def to_int(text):
    text = text.strip()
    return int(text) if text != "" else None


def load(data_dir, limit):
    """Reads the three data files; returns {table: list of row tuples} in file order."""
    with open(os.path.join(data_dir, "zipcodes.csv"), newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        zipcodes = [(r["zip_code"], float(r["latitude"]), float(r["longitude"]), r["city"], r["state"],
                     r["county"]) for r in reader]
    with open(os.path.join(data_dir, "flights-200k.json"), encoding="utf-8") as f:
        flights = [(i, int(r["delay"]), int(r["distance"]), float(r["time"]))
                   for i, r in enumerate(json.load(f), start=1)]
    with open(os.path.join(data_dir, "birdstrikes.csv"), newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = [h for h, _, _ in BIRD_COLUMNS if h not in reader.fieldnames]
        if missing:
            fail(f"birdstrikes.csv lacks the columns {missing}")
        birdstrikes = []
        for i, r in enumerate(reader, start=1):
            birdstrikes.append((i,) + tuple(to_int(r[h]) if t == "INTEGER" else r[h] for h, _, t in BIRD_COLUMNS))
    tables = {"zipcodes": zipcodes, "flights": flights, "birdstrikes": birdstrikes}
    if limit is not None:
        tables = {k: v[:limit] for k, v in tables.items()}
    return tables


def plant_defects(src):
    """Returns the target's rows: the source's with the three defects."""
    flights = [r for r in src["flights"] if r[0] % LOST_MODULUS != LOST_REMAINDER]
    cost_idx = 1 + [c for _, c, _ in BIRD_COLUMNS].index("cost_total")
    birdstrikes = []
    for r in src["birdstrikes"]:
        if r[0] == CHANGED_BIRDSTRIKE_ID:
            r = r[:cost_idx] + (r[cost_idx] + COST_DELTA,) + r[cost_idx + 1:]
        birdstrikes.append(r)
    zipcodes = [(int(r[0]),) + r[1:] for r in src["zipcodes"]]
    return {"zipcodes": zipcodes, "flights": flights, "birdstrikes": birdstrikes}


def write_db(path, rows, zip_type):
    tmp = path + ".tmp"
    for p in (tmp, tmp + "-journal"):
        if os.path.exists(p):
            os.remove(p)
    con = sqlite3.connect(tmp, isolation_level=None)
    con.execute("PRAGMA journal_mode=OFF")  # a fresh file built in one go: no rollback journal needed
    con.execute("PRAGMA synchronous=OFF")
    con.execute("BEGIN")
    con.execute(DDL_ZIPCODES.format(zip_type=zip_type))
    con.execute(DDL_FLIGHTS)
    con.execute(DDL_BIRDSTRIKES)
    for table, table_rows in rows.items():
        if table_rows:
            marks = ",".join("?" * len(table_rows[0]))
            con.executemany(f"INSERT INTO {table} VALUES ({marks})", table_rows)
    con.execute("COMMIT")
    con.close()
    for p in (path, path + "-journal", path + "-wal", path + "-shm"):
        if os.path.exists(p):
            os.remove(p)
    os.replace(tmp, path)


def text_of(v):
    """A value as dqc prints it in a result row: a string, or None for a metric without a value."""
    if v is None:
        return None
    if isinstance(v, float):
        return repr(v)
    return str(v)


def measure(con, table, column, template_id):
    label, agg = TEMPLATES[template_id]
    sql = f'SELECT {agg.format(c=chr(34) + column + chr(34) if column else "")} FROM "{table}"'
    return label, con.execute(sql).fetchone()[0]


def check_job_file(path):
    """Fails unless the job definition has exactly the rules of RULES (names, templates, data)."""
    with open(path, encoding="utf-8") as f:
        job = json.load(f)
    have = []
    for pair in job["sub_rules"]:
        s, t = pair
        for key in ("sub_rule_name", "template_id", "tables", "columns"):
            if s.get(key) != t.get(key):
                fail(f"{path}: the two sides of rule '{s.get('sub_rule_name')}' differ in {key}")
        have.append((s["sub_rule_name"], s["tables"], s.get("columns"), s["template_id"]))
    want = [(n, t, c, tid) for n, t, c, tid, _ in RULES]
    if have != want:
        fail(f"{path} does not hold the rules this script writes expectations for:\n  job:    {have}\n  script: {want}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", required=True, help="vega-datasets data folder (demo/fetch_data.sh prints it)")
    ap.add_argument("--out", required=True, help="folder for source.db, target.db and defects.json")
    ap.add_argument("--slice", type=int, default=None, metavar="N",
                    help=f"keep only the first N rows of each table (N >= {MIN_SLICE})")
    args = ap.parse_args()
    if args.slice is not None and args.slice < MIN_SLICE:
        ap.error(f"--slice must be at least {MIN_SLICE}, so that every planted defect lands in the slice")

    started = time.time()
    job_file = os.path.join(os.path.dirname(os.path.abspath(__file__)), "demo_job.json")
    if os.path.exists(job_file):
        check_job_file(job_file)
    data_dir = find_data_dir(args.data_dir)
    os.makedirs(args.out, exist_ok=True)
    out = os.path.abspath(args.out)
    src_rows = load(data_dir, args.slice)
    tgt_rows = plant_defects(src_rows)
    source_db, target_db = os.path.join(out, "source.db"), os.path.join(out, "target.db")
    write_db(source_db, src_rows, "TEXT")
    write_db(target_db, tgt_rows, "INTEGER")

    # Read the expected values back from the files themselves (read-only, as dqc opens them).
    src = sqlite3.connect(f"file:{source_db}?mode=ro", uri=True)
    tgt = sqlite3.connect(f"file:{target_db}?mode=ro", uri=True)
    tables = {}
    for t in ("zipcodes", "flights", "birdstrikes"):
        tables[t] = {"source_rows": src.execute(f"SELECT count(*) FROM {t}").fetchone()[0],
                     "target_rows": tgt.execute(f"SELECT count(*) FROM {t}").fetchone()[0]}
    lost_ids = [r[0] for r in src.execute(f"SELECT id FROM flights WHERE id % {LOST_MODULUS} = {LOST_REMAINDER} ORDER BY id")]
    old_cost = src.execute("SELECT cost_total FROM birdstrikes WHERE id = ?", (CHANGED_BIRDSTRIKE_ID,)).fetchone()[0]
    new_cost = tgt.execute("SELECT cost_total FROM birdstrikes WHERE id = ?", (CHANGED_BIRDSTRIKE_ID,)).fetchone()[0]
    zip_types = {"source": src.execute("SELECT DISTINCT typeof(zip_code) FROM zipcodes").fetchall(),
                 "target": tgt.execute("SELECT DISTINCT typeof(zip_code) FROM zipcodes").fetchall()}

    rules = []
    for name, table, column, template_id, defect in RULES:
        label, sv = measure(src, table, column, template_id)
        _, tv = measure(tgt, table, column, template_id)
        floating = isinstance(sv, float) or isinstance(tv, float)
        # dqc compares as text when either side is text (DESIGN §3.10): '00501' != 501.
        # Floating values compare within dqc's default relative tolerance of 1e-9: a float SUM depends
        # on row order, and the target stores zipcodes in zip order (INTEGER PRIMARY KEY) while the
        # source keeps the file's order, so the two sums may differ in the last bits.
        if isinstance(sv, str) or isinstance(tv, str):
            differs = str(sv) != str(tv)
        elif floating and sv is not None and tv is not None:
            differs = abs(sv - tv) > FLOAT_RELATIVE_TOLERANCE * max(abs(sv), abs(tv))
        else:
            differs = sv != tv
        expect = "alarm" if defect else "ok"
        if (expect == "alarm") != differs:
            fail(f"rule '{name}': source {sv!r} and target {tv!r} do not show the intended verdict {expect}")
        rules.append({"rule": name, "table": table, "column": column, "template_id": template_id,
                      "label": label, "source": text_of(sv), "target": text_of(tv),
                      "exact": not floating, "expect": expect, "defect": defect})
    src.close()
    tgt.close()

    by_rule = {r["rule"]: r for r in rules}
    f_rows, b_sum, z_min = by_rule[RULE_FLIGHTS_ROWS], by_rule[RULE_BIRD_COST_SUM], by_rule[RULE_ZIP_MIN]
    defects = [
        {"id": "lost_rows", "table": "flights", "column": None, "rule": RULE_FLIGHTS_ROWS,
         "what": f"rows with id % {LOST_MODULUS} == {LOST_REMAINDER} are missing from the target "
                 f"({len(lost_ids)} rows: ids {', '.join(map(str, lost_ids[:3]))}{', ...' if len(lost_ids) > 3 else ''})",
         "lost_id_rule": f"id % {LOST_MODULUS} == {LOST_REMAINDER}", "lost_count": len(lost_ids),
         "lost_ids_first": lost_ids[:5], "source": f_rows["source"], "target": f_rows["target"],
         "expected_difference": -len(lost_ids)},
        {"id": "changed_value", "table": "birdstrikes", "column": "cost_total", "rule": RULE_BIRD_COST_SUM,
         "what": f"cost_total of the row with id {CHANGED_BIRDSTRIKE_ID} is {old_cost} in the source, "
                 f"{new_cost} in the target",
         "row_id": CHANGED_BIRDSTRIKE_ID, "source_value": old_cost, "target_value": new_cost,
         "source": b_sum["source"], "target": b_sum["target"], "expected_difference": new_cost - old_cost},
        {"id": "text_to_integer", "table": "zipcodes", "column": "zip_code", "rule": RULE_ZIP_MIN,
         "what": "zip_code is TEXT in the source and INTEGER in the target, so leading zeros are lost "
                 f"(source types {[t for (t,) in zip_types['source']]}, target types {[t for (t,) in zip_types['target']]})",
         "source": z_min["source"], "target": z_min["target"], "expected_difference": None},
    ]
    summary = {
        "data_dir": os.path.abspath(data_dir), "slice": args.slice,
        "source_db": source_db, "target_db": target_db,
        "tables": tables, "defects": defects,
        "faithful": [r["rule"] for r in rules if r["expect"] == "ok"],
        "rules": rules,
        "expected_run_status": "ALARMING",
    }
    with open(os.path.join(out, "defects.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")

    print(f"source: {source_db}")
    print(f"target: {target_db}")
    for t, c in tables.items():
        print(f"  {t:<12} source {c['source_rows']:>7} rows, target {c['target_rows']:>7} rows")
    print("planted defects:")
    for d in defects:
        diff = f", difference {d['expected_difference']:+d}" if d["expected_difference"] is not None else ""
        print(f"  {d['table']}.{d['column'] or '*'}: {d['what']}")
        print(f"      rule '{d['rule']}': source {d['source']}, target {d['target']}{diff}")
    print("faithful (should pass):")
    for r in rules:
        if r["expect"] == "ok":
            print(f"  rule '{r['rule']}': {r['label']} source {r['source']}, target {r['target']}")
    print(f"wrote {os.path.join(out, 'defects.json')} in {time.time() - started:.1f} s")


if __name__ == "__main__":
    main()
