#!/usr/bin/env bash
# Installs the Debian packages dqc builds, tests and demos with (DESIGN §2). Idempotent: installs
# only what is missing, so a second run takes a second.
set -euo pipefail

packages=(
  cmake g++ make pkg-config clang-format ccache
  librestinio-dev libasio-dev libhttp-parser-dev libfmt-dev nlohmann-json3-dev
  libsqlite3-dev sqlite3 libpcre2-dev libpq-dev libmariadb-dev libboost-dev libxxhash-dev libssl-dev
  libspdlog-dev libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-requests curl wrk
  tzdata
  postgresql mariadb-server mariadb-client
)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# The demo fetches its data with npm; take Debian's only when no npm is on the machine.
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "dependencies: all installed" >&2
