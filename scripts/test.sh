#!/usr/bin/env bash
# Installs what the tests need, builds the test configuration (sanitizers on) and runs every test:
# unit tests, HTTP-level tests against the real dqc binary, the crash test, the demo flow on a
# small slice, and the black-box seed-contract check. Throw-away PostgreSQL and MariaDB servers
# (scripts/test-dbs.sh) run for the duration; tests that need them fail, not skip, without them.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
scripts/install-deps.sh
scripts/build.sh test
scripts/test-dbs.sh start
trap '"$root/scripts/test-dbs.sh" stop' EXIT
export DQC_TEST_DBS_REQUIRED=1
cd build-test
# Each test starts its own dqc server on a free loopback port: two at a time fit 2 cores.
ctest --output-on-failure -j 2 --timeout 600
