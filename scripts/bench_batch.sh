#!/usr/bin/env bash
# Batch routing on both cores: the 1,000,000-case JSON Lines batch through the 200-rule workload
# rulebook, `--jobs 1` and `--jobs 2`, each run printing where its time went (`--stats`: reading
# and splitting blocks, writing output in order, deciding summed over threads). The serial share
# of one job's time and the speed-up of two jobs over one are the figures docs/performance.md
# quotes, with the whole process's wall time. Usage: scripts/bench_batch.sh [runs] [summary|jsonl]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
format=${2:-summary}
workload=${WORKLOAD:-../shared/bench/workload}
masir=.build/release/masir
[ -x "$masir" ] || swift build -c release --product masir >/dev/null
work=${TMPDIR:-/tmp}/masir-bench-batch
mkdir -p "$work"
[ -f "$work/b200.masir" ] || "$masir" bench --workload "$workload" --rules 200 --seconds 0.1 --compile-runs 1 --emit "$work/b200.masir" >/dev/null
[ -f "$work/cases1m.jsonl" ] || python3 scripts/bench_cases_jsonl.py "$workload/cases_n100000_s42.tsv" --count 1000000 > "$work/cases1m.jsonl"
for jobs in 1 2; do
  for _ in $(seq "$runs"); do
    # A new file each run: truncating the last run's 180 MB would be timed as the shell's work.
    rm -f "$work/out.$format"
    printf 'jobs %s: ' "$jobs"
    /usr/bin/time -f 'process wall %e s' "$masir" route "$work/b200.masir" "$work/cases1m.jsonl" --at 2024-01-01T12:00:00Z --format "$format" --jobs "$jobs" --stats 2>&1 >"$work/out.$format"
  done
done
