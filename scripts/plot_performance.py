#!/usr/bin/env python3
"""Draws docs/performance.png from the figures `masir bench --json` printed (one JSON file per
rulebook size) and the peer table of a run_peers.py results JSON, so the plot in
docs/performance.md is made from measurements, not typed in.

usage: plot_performance.py OUT.png BENCH_200.json BENCH_2000.json BENCH_20000.json [--peers results-peers.json]
"""
import argparse, json

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("bench", nargs="+")
parser.add_argument("--peers")
args = parser.parse_args()

runs = sorted((json.load(open(path)) for path in args.bench), key=lambda r: r["rules"])
sizes = [r["rules"] for r in runs]
rates = [r["decisions_per_second"] for r in runs]

fig, ax = plt.subplots(figsize=(7, 4.2), dpi=120)
ax.plot(sizes, rates, "o-", color="#1f6f43", label="Masir (compiled plan, one core)")
for size, rate in zip(sizes, rates):
    ax.annotate(f"{rate / 1e6:.2f} M/s", (size, rate), textcoords="offset points", xytext=(0, 8), ha="center", fontsize=8)

if args.peers:
    peers = json.load(open(args.peers))
    rows = peers.get("results", []) if isinstance(peers, dict) else peers
    series = {}
    for row in rows:
        name, rules, rate = row.get("name") or row.get("peer"), row.get("rules"), row.get("dps")
        if name and rules and rate:
            series.setdefault(name, []).append((rules, rate))
    best = sorted(series.items(), key=lambda kv: -max(r for _, r in kv[1]))[:3]
    for name, points in best:
        points.sort()
        ax.plot([p[0] for p in points], [p[1] for p in points], "s--", label=name, alpha=0.8)

ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("rules in the rulebook (first match)")
ax.set_ylabel("decisions per second")
ax.set_title("Routing workload: decisions per second as the rulebook grows")
ax.grid(True, which="both", alpha=0.3)
ax.legend(fontsize=8)
fig.tight_layout()
fig.savefig(args.out)
print(f"wrote {args.out}")
