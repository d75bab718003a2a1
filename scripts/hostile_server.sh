#!/usr/bin/env bash
# Hostile clients against a running `masir serve`; every scenario checks that the service keeps
# answering, and the script exits 1 when one does not:
#   slow       many connections that send a request head a byte at a time, while /healthz is
#              timed (it must answer within 2 s throughout);
#   laughs     a YAML "billion laughs" body and a JSON nesting bomb to /v1/route (refused with a
#              4xx, quickly);
#   literal    a rulebook with a huge string and a huge number to /v1/check (answered within the
#              timeout);
#   timeout    several checks of a large generated rulebook at once, while /v1/route is called in
#              a loop: every routing request must be answered 200.
# Usage: scripts/hostile_server.sh URL [--token TOKEN] [--quick] [--only NAME] [--patience S]
#   URL      the server, e.g. http://127.0.0.1:8111 (loopback or a test host only)
#   --token  the admin token, when the server was started with --admin-token-file
#   --quick  a few seconds in all (60 slow connections, a 100-rule rulebook, 2 checks)
#   --only   run one scenario
#   --patience  the slowest /healthz answer accepted, in seconds (2); refusals may take 2.5 times
#            that (raise it on a machine busy with other work)
# Every loop is bounded by a count or a deadline.
set -euo pipefail
cd "$(dirname "$0")/.."

url="" token="" quick=0 only="" patience=2
while [ $# -gt 0 ]; do
  case "$1" in
    --token) token=$2; shift ;;
    --quick) quick=1 ;;
    --only) only=$2; shift ;;
    --patience) patience=$2; shift ;;
    -*) echo "usage: $0 URL [--token TOKEN] [--quick] [--only slow|laughs|literal|timeout]" >&2; exit 2 ;;
    *) url=$1 ;;
  esac
  shift
done
[ -n "$url" ] || { echo "usage: $0 URL [--token TOKEN] [--quick] [--only NAME]" >&2; exit 2; }
# Room for the slow connections on this side.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
python=python3
[ -x .venv/bin/python ] && python=.venv/bin/python

exec "$python" - "$url" "$token" "$quick" "$only" "$patience" <<'PYTHON'
import json, os, random, socket, subprocess, sys, tempfile, threading, time, urllib.error, urllib.parse, urllib.request

url, token, quick, only = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3] == "1", sys.argv[4]
patience = float(sys.argv[5])
parsed = urllib.parse.urlparse(url)
host, port = parsed.hostname, parsed.port or 80
failures = []


def request(method, path, body=None, content_type="application/json", timeout=30, admin=False):
    """(status, seconds, body); status 0 when the connection failed or timed out."""
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", content_type)
    if admin and token:
        req.add_header("Authorization", "Bearer " + token)
    start = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, time.monotonic() - start, response.read()
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - start, error.read()
    except Exception:
        return 0, time.monotonic() - start, b""


def check(condition, message):
    print(("  ok    " if condition else "  FAIL  ") + message, flush=True)
    if not condition:
        failures.append(message)


def healthy():
    status, seconds, _ = request("GET", "/healthz", timeout=10)
    return status == 200, seconds


def sample_case():
    folder = "rules/provinces/hamedan/cases"
    name = sorted(n for n in os.listdir(folder) if n.endswith(".yaml"))[0]
    with open(os.path.join(folder, name), encoding="utf-8") as handle:
        return handle.read()


def slow():
    count = 60 if quick else 2000
    seconds = 3 if quick else 30
    interval = 0.5 if quick else 5
    print(f"slow: {count} connections sending a byte every {interval} s for {seconds} s")
    sockets = []
    for _ in range(count):
        try:
            s = socket.create_connection((host, port), timeout=5)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: " + host.encode() + b"\r\nX-Slow: ")
            sockets.append(s)
        except OSError:
            break
    print(f"  opened {len(sockets)}")
    worst, failed, end = 0.0, 0, time.monotonic() + seconds
    next_byte = time.monotonic() + interval
    while time.monotonic() < end:
        ok, took = healthy()
        worst = max(worst, took)
        failed += 0 if ok else 1
        if time.monotonic() >= next_byte:
            for s in sockets:
                try:
                    s.sendall(b"a")
                except OSError:
                    pass
            next_byte += interval
        time.sleep(0.25)
    for s in sockets:
        s.close()
    check(failed == 0 and worst < patience, f"/healthz answered every time, slowest {worst:.2f} s ({failed} failed)")


def laughs():
    print("laughs: a YAML billion-laughs body and a JSON nesting bomb")
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        aliases = ",".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    lines.append("province: *a9")
    status, took, _ = request("POST", "/v1/route", "\n".join(lines) + "\n", "application/yaml")
    check(400 <= status < 500 and took < 2.5 * patience, f"billion laughs → {status} in {took:.2f} s")
    status, took, _ = request("POST", "/v1/route", "[" * 200_000)
    check(400 <= status < 500 and took < 2.5 * patience, f"200,000 nested arrays → {status} in {took:.2f} s")
    ok, _ = healthy()
    check(ok, "/healthz ok afterwards")


def literal():
    print("literal: a rulebook with a huge string and a huge number")
    # Under the 1 MiB body limit, so that the literals reach the lexer and the checker.
    text = 'rulebook huge extends national\n# "' + "x" * 300_000 + '"\n'
    text += 'routing referrals\n  rule big when amount > ' + "9" * 100_000 + ' refer to welfare\nend\n'
    text += 'routing more\n  rule s when description contains "' + "ب" * 100_000 + '" refer to welfare\nend\n'
    body = json.dumps({"text": text, "path": "provinces/huge"}, ensure_ascii=False)
    status, took, _ = request("POST", "/v1/check", body, admin=True, timeout=60)
    check(status in (200, 400, 413, 422, 503) and took < 30, f"huge literals → {status} in {took:.2f} s")
    ok, _ = healthy()
    check(ok, "/healthz ok afterwards")


def timeout():
    rules = 100 if quick else 1000
    checks = 2 if quick else 6
    seconds = 3 if quick else 40
    print(f"timeout: {checks} checks of a {rules}-rule rulebook at once while routing")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "big.masir")
        subprocess.run([sys.executable, "scripts/gen_big_rulebook.py", path, "--rules", str(rules)],
                       check=True, stdout=subprocess.DEVNULL)
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    body = json.dumps({"text": text, "path": "provinces/big"})
    outcomes = []

    def run_check():
        outcomes.append(request("POST", "/v1/check", body, admin=True, timeout=120)[0])

    threads = [threading.Thread(target=run_check) for _ in range(checks)]
    for thread in threads:
        thread.start()
    case = sample_case()
    statuses, times, end = [], [], time.monotonic() + seconds
    while time.monotonic() < end:
        status, took, _ = request("POST", "/v1/route", case, "application/yaml", timeout=30)
        statuses.append(status)
        times.append(took)
        time.sleep(0.02)  # a steady client, not a second load generator
    for thread in threads:
        thread.join(150)
    times.sort()
    bad = [s for s in statuses if s != 200]
    print(f"  checks answered {sorted(outcomes)}")
    check(not bad, f"{len(statuses)} routing requests, {len(bad)} not 200, "
                   f"p50 {times[len(times) // 2] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms")
    status, _, reply = request("GET", "/healthz")
    check(status == 200, f"/healthz {status}: {reply[:200].decode(errors='replace')}")


scenarios = {"slow": slow, "laughs": laughs, "literal": literal, "timeout": timeout}
if only and only not in scenarios:
    sys.exit(f"no scenario {only}; choose from {', '.join(scenarios)}")
ok, _ = healthy()
if not ok:
    sys.exit(f"{url}/healthz does not answer 200; start the server first")
for name, scenario in scenarios.items():
    if not only or only == name:
        scenario()
print("hostile_server: " + ("all scenarios passed" if not failures else f"{len(failures)} failed"))
sys.exit(1 if failures else 0)
PYTHON
