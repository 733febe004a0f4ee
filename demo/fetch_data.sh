#!/bin/bash
# Fetches the demo's real data: the npm package vega-datasets (a set of public data files: US zip
# codes, 200,000 flights, FAA bird strikes, ...) into a cache folder, once.
#
# Usage: demo/fetch_data.sh [CACHE_DIR]
#   CACHE_DIR defaults to $DQC_DEMO_NPM_DIR, else demo/data/npm (beside this script; git-ignored).
# Prints the folder that holds the data files (zipcodes.csv, birdstrikes.csv, flights-200k.json) as
# the only line on standard output, so a script can say DATA=$(demo/fetch_data.sh); messages go to
# standard error. Idempotent: when the right version is already there it installs nothing.
set -euo pipefail

PKG=vega-datasets
VERSION=3.2.1
NEEDED="zipcodes.csv birdstrikes.csv flights-200k.json"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=${1:-${DQC_DEMO_NPM_DIR:-$here/data/npm}}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
pkg_dir=$dir/node_modules/$PKG
data_dir=$pkg_dir/data

installed_version() {
  [ -f "$pkg_dir/package.json" ] || return 0
  # No jq needed: node is there wherever npm is.
  node -e 'process.stdout.write(String(require(process.argv[1]).version || ""))' "$pkg_dir/package.json" 2>/dev/null || true
}

complete() {
  [ "$(installed_version)" = "$VERSION" ] || return 1
  for f in $NEEDED; do [ -s "$data_dir/$f" ] || return 1; done
}

if complete; then
  echo "$PKG@$VERSION already in $dir" >&2
else
  command -v npm >/dev/null 2>&1 || { echo "npm is not installed (Debian: apt-get install npm)" >&2; exit 1; }
  echo "installing $PKG@$VERSION into $dir ..." >&2
  # --ignore-scripts: data only, nothing of the package runs. --no-save: no package.json is written.
  npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
    --prefix "$dir" "$PKG@$VERSION" >&2
  if ! complete; then
    echo "after npm install, $data_dir lacks one of: $NEEDED (installed version: '$(installed_version)')" >&2
    exit 1
  fi
fi

echo "data files: $(cd "$data_dir" && ls $NEEDED | tr '\n' ' ')" >&2
echo "$data_dir"
