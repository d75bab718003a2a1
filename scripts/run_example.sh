#!/usr/bin/env bash
# Builds and runs Examples/RoutingService, a small program that links the Masir library the way a
# service would (see docs/embedding.md). Usage: scripts/run_example.sh [RULES_DIR]
# The first build compiles Masir and Yams in the example's own .build (a few minutes on two cores);
# build progress goes to standard error, so standard output is the program's alone.
set -euo pipefail
cd "$(dirname "$0")/../Examples/RoutingService"
rules="${1:-../../rules}"
# Start from the versions the main package resolved, so the example builds what the tests built.
if [ -f ../../Package.resolved ] && [ ! -f Package.resolved ]; then
  cp ../../Package.resolved Package.resolved
fi
swift build --product RoutingService 1>&2
exec .build/debug/RoutingService "$rules"
