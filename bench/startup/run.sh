#!/usr/bin/env bash
# Start-up to ready on the embedded database (issue 2): the time from launching the runtime until
# /q/health/ready answers 200, for a first start (initdb, schema, apps, admin) and a second start on
# the same data folder. Prints key=value lines.
#
#   bench/startup/run.sh [runs]     # default 3 runs of each
#   TRADEWIND_JIT=false bench/startup/run.sh   # without the Graal compiler
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$here/.mvn/find-jdk.sh"
tradewind_find_jdk || exit 1
runs="${1:-3}"
PORT="${BENCH_PORT:-18081}"
"$here/tradewind" build >/dev/null

start_once() { # $1 data dir; prints milliseconds to ready
  local t0 t1 pid
  t0=$(date +%s%N)
  TRADEWIND_DATA_DIR="$1" TRADEWIND_PORT="$PORT" TRADEWIND_ADMIN_PASSWORD=bench-Pa55word \
    TRADEWIND_APPS_DIR="$here/apps" "$here/tradewind" start >"$1.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1; do
    kill -0 $pid 2>/dev/null || { echo "runtime died, see $1.log" >&2; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s%N)
  kill $pid; wait $pid 2>/dev/null || true
  echo $(((t1 - t0) / 1000000))
}

first=(); second=()
for i in $(seq 1 "$runs"); do
  dir=$(mktemp -d /tmp/tw-startup.XXXXXX)
  chmod 755 "$dir"
  first+=("$(start_once "$dir/data")")
  second+=("$(start_once "$dir/data")")
  rm -rf "$dir"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "jit=${TRADEWIND_JIT:-true}"
echo "first_start_ms=${first[*]} median=$(median "${first[@]}")"
echo "second_start_ms=${second[*]} median=$(median "${second[@]}")"
