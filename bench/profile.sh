#!/usr/bin/env bash
# Profiles one cold `brief build` of a generated corpus with perf (software CPU clock,
# DWARF call graphs) and prints where the CPU time goes: see docs/performance.md.
#
#   bench/profile.sh [--size 10000] [--seed 1] [--work /dev/shm/brief-bench] [--hz 299]
#
# The corpus is the one bench/run.sh generates (and is reused from its work folder).
# Needs perf (Debian: apt-get install linux-perf) and python3.
set -euo pipefail

size=10000
seed=1
work=/dev/shm/brief-bench
hz=299

while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --hz) hz=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
command -v perf >/dev/null || { echo "error: perf is missing (Debian: apt-get install linux-perf)" >&2; exit 2; }
# shellcheck source=bench/common.sh
. bench/common.sh

build_binaries
dir=$(corpus "$size")
out="$work/out-profile"
data="$work/perf-$size.data"
rm -rf "$out"
perf record -q -e cpu-clock -F "$hz" --call-graph dwarf,32768 -o "$data" \
  "$bin/brief" build --root "$dir/site" --output "$out" --quiet
rm -rf "$out"
perf script -i "$data" -F comm,tid,ip,sym 2>/dev/null | python3 bench/fold.py --hz "$hz"
echo >&2
echo "perf data: $data (perf report -i $data --no-children)" >&2
