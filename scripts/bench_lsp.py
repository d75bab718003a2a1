#!/usr/bin/env python3
"""How fast `masir lsp` answers an edit: the 2,000-rule benchmark rulebook (`masir bench --emit`)
is opened, then edited EDITS times (one rule's priority toggled); each edit is timed from
`didChange` sent to its `publishDiagnostics` received. Then MEMORY_EDITS more edits, with the
server's resident memory read from /proc before and after.

    scripts/bench_lsp.py [--masir .build/release/masir] [--rules 2000] [--edits 50]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_message(stream):
    length = None
    while True:
        line = stream.readline()
        if not line:
            raise EOFError
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return json.loads(stream.read(length))


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--masir", default=".build/release/masir")
    parser.add_argument("--rules", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--memory-edits", type=int, default=1000)
    arguments = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="masir-lsp-bench-")
    path = os.path.join(folder, "bench.masir")
    subprocess.run(
        [arguments.masir, "bench", "--rules", str(arguments.rules), "--seconds", "0.01",
         "--compile-runs", "1", "--emit", path],
        check=True, stdout=subprocess.DEVNULL)
    text = open(path, encoding="utf-8").read()
    uri = "file://" + path
    server = subprocess.Popen([arguments.masir, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(message):
        server.stdin.write(frame(message))
        server.stdin.flush()

    def diagnostics():
        while True:
            message = read_message(server.stdout)
            if message.get("method") == "textDocument/publishDiagnostics":
                return message["params"]["diagnostics"]

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
          "params": {"rootUri": "file://" + folder, "capabilities": {}}})
    read_message(server.stdout)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    started = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "masir", "version": 1, "text": text}}})
    first = diagnostics()
    opened = time.perf_counter() - started
    errors = [d for d in first if d.get("severity") == 1]
    if errors:
        sys.exit(f"the benchmark rulebook has errors: {errors[:3]}")

    variants = [text, text.replace("priority high", "priority normal", 1)]
    if variants[0] == variants[1]:
        variants[1] = text + "\n# edited\n"

    def edit(number):
        send({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": uri, "version": number + 2},
                         "contentChanges": [{"text": variants[number % 2]}]}})
        began = time.perf_counter()
        diagnostics()
        return time.perf_counter() - began

    times = [edit(n) for n in range(arguments.edits)]
    before = rss_kib(server.pid)
    for n in range(arguments.memory_edits):
        edit(arguments.edits + n)
    after = rss_kib(server.pid)
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    read_message(server.stdout)
    send({"jsonrpc": "2.0", "method": "exit"})
    server.wait(timeout=10)
    print(json.dumps({
        "rules": arguments.rules, "bytes": len(text.encode()), "open_ms": round(opened * 1000, 1),
        "edits": arguments.edits, "median_ms": round(statistics.median(times) * 1000, 1),
        "p90_ms": round(sorted(times)[int(len(times) * 0.9) - 1] * 1000, 1),
        "rss_mib_before": round(before / 1024, 1),
        "rss_mib_after_%d_edits" % arguments.memory_edits: round(after / 1024, 1),
    }))


if __name__ == "__main__":
    main()
