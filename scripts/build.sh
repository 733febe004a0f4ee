#!/usr/bin/env bash
# Builds dqc. `scripts/build.sh` builds the release binary in build/ (build/dqc);
# `scripts/build.sh test` builds the test configuration in build-test/: AddressSanitizer,
# UndefinedBehaviorSanitizer and the fault-injection hooks the crash tests use.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=${1:-release}
jobs=${DQC_BUILD_JOBS:-$(nproc)}
# ccache (installed by install-deps.sh) makes rebuilds and other checkouts of the same sources fast.
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(dirname "$root")}
fi

case "$mode" in
  release)
    cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release -DDQC_BUILD_TESTS=OFF \
      -DDQC_SANITIZE=OFF -DDQC_TEST_HOOKS=OFF "${launcher[@]}" >/dev/null
    cmake --build "$root/build" -j "$jobs" --target dqc
    ;;
  test)
    # -O1 -g1: sanitizers stay fast at run time, and the build stays short on 2 cores.
    cmake -S "$root" -B "$root/build-test" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DDQC_SANITIZE=ON \
      -DDQC_TEST_HOOKS=ON -DDQC_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
    cmake --build "$root/build-test" -j "$jobs"
    ;;
  bench)
    cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release -DDQC_BUILD_TESTS=OFF \
      -DDQC_BUILD_BENCH=ON -DDQC_SANITIZE=OFF -DDQC_TEST_HOOKS=OFF "${launcher[@]}" >/dev/null
    cmake --build "$root/build" -j "$jobs"
    ;;
  *)
    echo "usage: scripts/build.sh [release|test|bench]" >&2
    exit 2
    ;;
esac
