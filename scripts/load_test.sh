#!/usr/bin/env bash
# Load test (a benchmark, not a test) of `masir serve` on loopback with wrk:
#   1. POST /v1/route, one Hamedan case per request: sustained requests/s and latency (p50, p99);
#   2. the same load while the rules are reloaded (POST /v1/reload and SIGHUP) over and over:
#      every request must still be answered 200 (wrk counts anything else).
# Usage: scripts/load_test.sh [--no-build] [--duration 20] [--connections 32] [--threads 2]
# Needs wrk (scripts/setup.sh installs it). Traffic goes to 127.0.0.1 only; every loop is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=20 connections=32 threads=2 build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --duration) duration=$2; shift ;;
    --connections) connections=$2; shift ;;
    --threads) threads=$2; shift ;;
    *) echo "usage: $0 [--no-build] [--duration S] [--connections N] [--threads N]" >&2; exit 2 ;;
  esac
  shift
done
command -v wrk >/dev/null || { echo "load_test: wrk is missing; run scripts/setup.sh" >&2; exit 2; }
if [ "$build" = 1 ]; then swift build -c release -j 1 --product masir; fi
binary=.build/release/masir
[ -x "$binary" ] || { echo "load_test: $binary is missing; build with swift build -c release --product masir" >&2; exit 2; }

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
cleanup() {
  if [ -n "${server:-}" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cat > "$work/case.json" <<'JSON'
{"id": "HMD-1403-08-000112", "province": "همدان",
 "caller": {"area_code": "081", "needy": true, "support_body": "welfare"}, "county": "malayer",
 "description": "سلام، از ملاير زنگ مي‌زنم و تحت پوشش بهزيستي هستم. صاحبخانه اجاره را بالا برده و براي وام وديعه مسكن ثبت‌نام كردم ولي هنوز خبري نشده.",
 "amount": "1,500,000,000 rials", "status": "registered", "opened": "1403/08/12 10:00"}
JSON
cat > "$work/route.lua" <<'LUA'
local f = assert(io.open(os.getenv("MASIR_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.1f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non200=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    total, e.connect, e.read, e.write, e.timeout))
end
LUA

token=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
echo "$token" > "$work/admin-token"
"$binary" serve rules --port "$port" --log-level warning --decision-log "$work/decisions.jsonl" --fsync batch \
  --admin-token-file "$work/admin-token" 2> "$work/server.log" &
server=$!
for _ in $(seq 1 150); do curl -sf "$url/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -sf "$url/healthz" >/dev/null || { echo "load_test: the server did not start"; cat "$work/server.log"; exit 1; }
curl -sf -X POST "$url/v1/route?at=1403/08/20%2010:00" -H 'Content-Type: application/json' --data-binary @"$work/case.json" | grep -q '"agency":"welfare"' \
  || { echo "load_test: the warm-up decision is not welfare"; exit 1; }

echo "== 1. sustained load: $threads threads, $connections connections, ${duration}s, POST /v1/route"
MASIR_BODY="$work/case.json" wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/route.lua" "$url/v1/route?at=1403/08/20%2010:00" | tee "$work/plain.txt"

echo "== 2. the same load while the rules are reloaded every second (POST /v1/reload, every third a SIGHUP)"
before=$(curl -sf "$url/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["generation"])')
MASIR_BODY="$work/case.json" wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/route.lua" "$url/v1/route?at=1403/08/20%2010:00" > "$work/reload.txt" &
load=$!
reloads=0
for i in $(seq 1 $((duration - 2))); do
  sleep 1
  if [ $((i % 3)) = 0 ]; then kill -HUP "$server"; else curl -sf -X POST -H "Authorization: Bearer $token" "$url/v1/reload" >/dev/null; fi
  reloads=$((reloads + 1))
done
wait "$load"
cat "$work/reload.txt"
sleep 3  # a SIGHUP reload may still be finishing
after=$(curl -sf "$url/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["generation"])')
echo "reloads requested: $reloads; rules generation $before → $after"
result=$(grep '^RESULT' "$work/reload.txt")
dropped=$(echo "$result" | sed -E 's/.*non200=([0-9]+) connect=([0-9]+) read=([0-9]+) write=([0-9]+) timeout=([0-9]+).*/\1 \2 \3 \4 \5/' | awk '{print $1+$2+$3+$4+$5}')
lines=$(wc -l < "$work/decisions.jsonl")
echo "decision log: $lines records; last line complete: $(tail -c1 "$work/decisions.jsonl" | od -An -c | tr -d ' ')"
if [ "$dropped" = 0 ] && [ "$after" -ge $((before + reloads)) ]; then
  echo "load_test: ok — no request dropped or failed during $reloads reloads"
else
  echo "load_test: FAILED — $dropped requests failed or dropped; generation $before → $after for $reloads reloads"
  exit 1
fi
