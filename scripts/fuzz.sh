#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer: builds masir-fuzz with -sanitize=fuzzer,address (into
# .build/fuzz, apart from the normal build) and runs one target, or each in turn.
#
#   scripts/fuzz.sh TARGET|all [SECONDS per target, default 60] [-- libFuzzer flags…]
#
# New coverage goes to .build/fuzz/work/TARGET; with MERGE=1 it is merged (minimised) into
# Fuzz/corpus/TARGET, which is committed. A crash is written to Fuzz/crashes/TARGET/ and stops
# the run: fix it and commit the file, so `swift test` replays it for ever after. Each run's
# figures go to .build/fuzz/TARGET.log; the last line of each is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(syntax rulebook cases json-lines scanners http)
which=${1:?usage: scripts/fuzz.sh TARGET|all [SECONDS] [-- libFuzzer flags]}
seconds=${2:-60}
shift $(( $# >= 2 ? 2 : $# ))
[ "${1:-}" = "--" ] && shift
[ "$which" = all ] && selected=("${targets[@]}") || selected=("$which")

# The toolchain's lld: the system gold linker fails on sanitizer objects with debug info.
lld="$(dirname "$(readlink -f "$(command -v swiftc)")")/ld.lld"
mkdir -p .build/fuzz
printf '{ "schemaVersion": "1.0", "linker": { "path": "%s" } }\n' "$lld" >.build/fuzz/toolset.json
swift build -c release --product masir-fuzz --scratch-path .build/fuzz --toolset .build/fuzz/toolset.json \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DMASIR_FUZZING >&2
binary=.build/fuzz/release/masir-fuzz

# libFuzzer reports a crash itself; the Swift runtime's backtracer would only slow it down.
export SWIFT_BACKTRACE=enable=no
# Loaded rulebooks live until exit on purpose; a leak report at exit would be mistaken for a crash.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
for target in "${selected[@]}"; do
  mkdir -p ".build/fuzz/work/$target" "Fuzz/crashes/$target" "Fuzz/corpus/$target"
  MASIR_FUZZ_TARGET=$target "$binary" -max_total_time="$seconds" -rss_limit_mb=4096 \
    -timeout=20 -max_len=65536 -print_final_stats=1 -detect_leaks=0 \
    -artifact_prefix="Fuzz/crashes/$target/" "$@" \
    ".build/fuzz/work/$target" "Fuzz/corpus/$target" >".build/fuzz/$target.log" 2>&1 || {
    echo "$target: FAILED, see .build/fuzz/$target.log and Fuzz/crashes/$target/" >&2
    tail -30 ".build/fuzz/$target.log" >&2
    exit 1
  }
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' ".build/fuzz/$target.log" | grep -o '[0-9]*$')
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' ".build/fuzz/$target.log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' ".build/fuzz/$target.log" | tail -1)
  echo "$target: ${runs:-?} executions in ${seconds} s (${speed:-?}/s), $cov, no crash"
  if [ "${MERGE:-0}" = 1 ]; then
    mkdir -p ".build/fuzz/merged/$target"
    MASIR_FUZZ_TARGET=$target "$binary" -merge=1 -max_len=65536 ".build/fuzz/merged/$target" \
      "Fuzz/corpus/$target" ".build/fuzz/work/$target" >/dev/null 2>&1
    rm -rf "Fuzz/corpus/$target" && mv ".build/fuzz/merged/$target" "Fuzz/corpus/$target"
  fi
done
