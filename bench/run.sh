#!/usr/bin/env bash
# The brief benchmark: generates seeded corpora, then for each size measures, in the same
# run, a cold `brief build` (wall time, CPU time, peak memory), the time of each stage,
# the floor (brief-floor), Hugo on the same articles (when installed), rebuilds after
# editing one briefing, and under `brief watch` the time from a save to the reload signal
# (bench/watch_latency.py, needs python3). Prints a Markdown report; see docs/performance.md.
#
#   bench/run.sh [--sizes 1000,10000] [--runs 5] [--big 50000] [--edits 5]
#                [--seed 1] [--work /dev/shm/brief-bench] [--no-hugo]
set -euo pipefail

sizes=1000,10000
runs=5
big=""
edits=5
seed=1
work=/dev/shm/brief-bench
use_hugo=auto

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --big) big=$2; shift 2 ;;
    --edits) edits=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --no-hugo) use_hugo=no; shift ;;
    -h|--help) usage 0 ;;
    *) echo "unknown option: $1" >&2; usage 2 ;;
  esac
done

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
  echo "error: $TIME is missing (Debian: apt-get install time)" >&2
  exit 2
fi
if [ "$use_hugo" = auto ]; then
  if command -v hugo >/dev/null; then use_hugo=yes; else use_hugo=no; fi
fi

# shellcheck source=bench/common.sh
. bench/common.sh
build_binaries

results="$work/results.tsv"   # size  tool  wall_s  cpu_s  rss_kib
stages="$work/stages.tsv"     # size  load anchor graph render output total (ms)
rebuilds="$work/rebuilds.tsv" # size kind total load anchor graph render output (ms) rendered
reloads="$work/reloads.tsv"   # size  ms from a save to the reload signal (brief watch)
: >"$results"
: >"$stages"
: >"$rebuilds"
: >"$reloads"

# measure SIZE TOOL OUT CMD...: one cold run into a fresh OUT, appended to $results.
measure() {
  local size=$1 tool=$2 out=$3 t
  shift 3
  rm -rf "$out"
  t=$(mktemp)
  if ! "$TIME" -f "%e %U %S %M" -o "$t" "$@" >"$work/last.log" 2>&1; then
    echo "error: $tool failed at $size briefings:" >&2
    tail -20 "$work/last.log" >&2
    exit 1
  fi
  awk -v s="$size" -v tool="$tool" '{ printf "%s\t%s\t%s\t%.2f\t%s\n", s, tool, $1, $2 + $3, $4 }' "$t" >>"$results"
  rm -f "$t"
}

bench_size() {
  local n=$1 times=$2 dir
  dir=$(corpus "$n")
  if ! "$bin/brief" check --root "$dir/site" --quiet >"$work/last.log" 2>&1; then
    echo "error: the $n-briefing corpus does not pass brief check:" >&2
    head -40 "$work/last.log" >&2
    exit 1
  fi
  for r in $(seq "$times"); do
    echo "  $n briefings, run $r/$times" >&2
    measure "$n" brief "$work/out-brief" "$bin/brief" build --root "$dir/site" --output "$work/out-brief" --quiet
    measure "$n" floor "$work/out-floor" "$bin/brief-floor" "$dir/site" "$work/out-floor"
    if [ "$use_hugo" = yes ]; then
      measure "$n" hugo "$work/out-hugo" hugo --quiet --source "$dir/hugo" \
        --destination "$work/out-hugo" --cacheDir "$work/hugo-cache"
    fi
    rm -rf "$work/out-stages"
    "$bin/brief-bench" build "$dir/site" "$work/out-stages" |
      awk -v s="$n" '$1 == "stages" { print s "\t" $2 "\t" $3 "\t" $4 "\t" $5 "\t" $6 "\t" $7 }' >>"$stages"
  done
  rm -rf "$work/out-brief" "$work/out-floor" "$work/out-hugo" "$work/out-stages"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
IFS=, read -r -a size_list <<<"$sizes"
for n in "${size_list[@]}"; do
  bench_size "$n" "$runs"
  if [ "$edits" -gt 0 ]; then
    for kind in edit title add; do
      echo "  $n briefings, $edits rebuilds after each change of kind $kind" >&2
      rm -rf "$work/out-rebuild"
      # brief-bench prints `rebuild` after the change, and for `add` also `removed`
      # after the added briefing is removed again.
      "$bin/brief-bench" rebuild "$(corpus "$n")/site" "$work/out-rebuild" "$edits" "$kind" |
        awk -v s="$n" -v k="$kind" '
          $1 == "rebuild" || $1 == "removed" {
            name = ($1 == "removed") ? "remove" : k
            print s "\t" name "\t" $2 "\t" $3 "\t" $4 "\t" $5 "\t" $6 "\t" $7 "\t" $8
          }' >>"$rebuilds"
    done
    rm -rf "$work/out-rebuild"
    echo "  $n briefings, $edits saves under brief watch, timed to the reload signal" >&2
    python3 bench/watch_latency.py "$bin/brief" "$(corpus "$n")/site" "$work/out-watch" --saves "$edits" |
      awk -v s="$n" -F'\t' '$1 == "save" { print s "\t" $3 }' >>"$reloads"
    rm -rf "$work/out-watch"
  fi
done
if [ -n "$big" ]; then
  bench_size "$big" 1
  size_list+=("$big")
fi

# ---- report -------------------------------------------------------------------------

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -F'\t' -v s="$1" -v t="$2" -v c="$3" '$1 == s && $2 == t { print $c }' "$results" | median; }
stage() { awk -F'\t' -v s="$1" -v c="$2" '$1 == s { print $c }' "$stages" | median; }
mib() { if [ "$1" = - ]; then echo -; else awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; fi; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }

report="$work/report.md"
{
  echo "## brief benchmark — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "- commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src themes Cargo.toml 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM; output on $(df --output=fstype "$work" | tail -1)"
  echo "- $(rustc --version)$( [ "$use_hugo" = yes ] && echo "; $(hugo version | cut -d' ' -f1-2)")"
  echo "- load average (1, 5, 15 min) before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- seed $seed; medians of $runs runs (one run for --big); times in seconds (CPU = user + system), memory in MiB"
  echo
  echo "| briefings | brief wall | brief CPU | brief peak RSS | floor wall | floor CPU | floor RSS | hugo wall | hugo CPU | hugo RSS | brief/floor wall | brief/floor CPU | hugo/brief wall |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for n in "${size_list[@]}"; do
    bw=$(col "$n" brief 3); bc=$(col "$n" brief 4); br=$(col "$n" brief 5)
    fw=$(col "$n" floor 3); fc=$(col "$n" floor 4); fr=$(col "$n" floor 5)
    hw=$(col "$n" hugo 3); hc=$(col "$n" hugo 4); hr=$(col "$n" hugo 5)
    echo "| $n | $bw | $bc | $(mib "$br") | $fw | $fc | $(mib "$fr") | $hw | $hc | $(mib "$hr") | $(ratio "$bw" "$fw") | $(ratio "$bc" "$fc") | $(ratio "$hw" "$bw") |"
  done
  echo
  echo "Stages of brief's build (in-process, milliseconds, medians):"
  echo
  echo "| briefings | load | anchor | graph | render | output | total | total per 1,000 briefings |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  for n in "${size_list[@]}"; do
    total=$(stage "$n" 7)
    per=$(awk -v t="$total" -v n="$n" 'BEGIN { if (t == "-") print "-"; else printf "%.0f", t * 1000 / n }')
    echo "| $n | $(stage "$n" 2) | $(stage "$n" 3) | $(stage "$n" 4) | $(stage "$n" 5) | $(stage "$n" 6) | $total | $per |"
  done
  if [ -s "$rebuilds" ]; then
    echo
    echo "Rebuild after one change (in-process, as brief watch does; milliseconds). edit: a sentence"
    echo "appended to a briefing; title: a briefing's title changed; add: a copy of a briefing added;"
    echo "remove: that copy removed again:"
    echo
    echo "| briefings | change | median | min | max | load | anchor | graph | render | output | pages rendered | rebuilds |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for n in "${size_list[@]}"; do
      for kind in edit title add remove; do
        vals=$(awk -F'\t' -v s="$n" -v k="$kind" '$1 == s && $2 == k { print $3 }' "$rebuilds")
        [ -z "$vals" ] && continue
        part() { awk -F'\t' -v s="$n" -v k="$kind" -v c="$1" '$1 == s && $2 == k { print $c }' "$rebuilds" | median; }
        echo "| $n | $kind | $(echo "$vals" | median) | $(echo "$vals" | sort -g | head -1) | $(echo "$vals" | sort -g | tail -1) | $(part 4) | $(part 5) | $(part 6) | $(part 7) | $(part 8) | $(part 9) | $(echo "$vals" | wc -l) |"
      done
    done
    echo
    echo "(Stage columns are medians of each stage; the watcher's wait for the end of a burst comes on top.)"
  fi
  if [ -s "$reloads" ]; then
    echo
    echo "From a saved briefing to the reload signal (brief watch, as an open page sees it; each edit saved and then undone; milliseconds):"
    echo
    echo "| briefings | median | min | max | saves |"
    echo "|---:|---:|---:|---:|---:|"
    for n in "${size_list[@]}"; do
      vals=$(awk -F'\t' -v s="$n" '$1 == s { print $2 }' "$reloads")
      [ -z "$vals" ] && continue
      echo "| $n | $(echo "$vals" | median) | $(echo "$vals" | sort -g | head -1) | $(echo "$vals" | sort -g | tail -1) | $(echo "$vals" | wc -l) |"
    done
  fi
} >"$report"
cat "$report"
echo >&2
echo "raw figures: $results, $stages, $rebuilds, $reloads; report: $report" >&2
