#!/usr/bin/env python3
"""Copies the demo's target SQLite database into PostgreSQL (the cross-engine part of the demo).

    load_postgres.py --target target.db --env dbs.env

Each table of target.db becomes a table of the same name in the schema public of the database the
env file names (written by scripts/test-dbs.sh), with the SQLite column types mapped to their
PostgreSQL counterparts (INTEGER -> bigint, REAL -> double precision, TEXT -> text) and the rows
sent through `psql \\copy`, as the admin account. The read-only account can then read them.
Standard library and psql only.
"""
import argparse
import os
import sqlite3
import subprocess
import sys

TYPES = {"INTEGER": "bigint", "REAL": "double precision", "TEXT": "text"}


def read_env(path):
    env = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, sep, value = line.strip().partition("=")
            if sep:
                env[key] = value
    return env


def csv_field(v):
    """NULL as an unquoted empty field, text always quoted (so '' stays an empty string), numbers
    as Python writes them back exactly (repr of a float round-trips)."""
    if v is None:
        return ""
    if isinstance(v, str):
        return '"' + v.replace('"', '""') + '"'
    return repr(v)


def quote(name):
    return '"' + name.replace('"', '""') + '"'


def psql(env, sql, stdin=None):
    cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", env["DQC_TEST_PG_HOST"], "-p",
           env["DQC_TEST_PG_PORT"], "-U", env["DQC_TEST_PG_ADMIN_USER"], "-d",
           env["DQC_TEST_PG_DATABASE"], "-c", sql]
    subprocess.run(cmd, input=stdin, check=True, stdout=subprocess.DEVNULL,
                   env=dict(os.environ, PGPASSWORD=env["DQC_TEST_PG_ADMIN_PASSWORD"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--target", required=True, help="the demo's target.db")
    ap.add_argument("--env", required=True, help="env file of scripts/test-dbs.sh")
    args = ap.parse_args()
    env = read_env(args.env)
    con = sqlite3.connect(f"file:{args.target}?mode=ro", uri=True)
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for table in tables:
        cols = con.execute(f"PRAGMA table_info({quote(table)})").fetchall()
        ddl = ", ".join(f"{quote(c[1])} {TYPES.get(c[2].upper(), 'text')}" +
                        (" NOT NULL" if c[3] else "") for c in cols)
        psql(env, f"CREATE TABLE public.{quote(table)} ({ddl})")  # a fresh server each run
        lines = []
        for row in con.execute(f"SELECT * FROM {quote(table)}"):
            lines.append(",".join(csv_field(v) for v in row))
        if lines:
            psql(env, f"\\copy public.{quote(table)} FROM STDIN WITH (FORMAT csv)",
                 stdin=("\n".join(lines) + "\n").encode("utf-8"))
        n = len(lines)
        print(f"postgres: public.{table}: {n} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
