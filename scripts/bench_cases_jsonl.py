#!/usr/bin/env python3
"""Writes the peer workload's cases (cases_n*_s*.tsv) as Masir JSON Lines for `masir route`,
repeated until there are --count lines, so end-to-end batch routing runs on the same cases the
peers decide. Each case is opened `age_hours` before the workload's instant, 2024-01-01T12:00:00Z."""
import argparse, datetime, json, sys

parser = argparse.ArgumentParser()
parser.add_argument("tsv")
parser.add_argument("--count", type=int, default=1_000_000)
args = parser.parse_args()

at = datetime.datetime(2024, 1, 1, 12, 0, tzinfo=datetime.timezone.utc)
rows = [line.rstrip("\n").split("\t") for line in open(args.tsv, encoding="utf-8") if line.strip() and not line.startswith("#")]
out = sys.stdout
for n in range(args.count):
    c = rows[n % len(rows)]
    opened = at - datetime.timedelta(hours=int(c[7]))
    case = {
        "id": f"{c[0]}-{n // len(rows)}", "category": c[1], "subcategory": c[2], "county": c[3], "amount": int(c[4]),
        "caller_vulnerable": c[5] == "true", "is_repeat_call": c[6] == "true", "age_hours": int(c[7]), "status": c[8],
        "description": c[9].split(",") if c[9] else [], "opened": opened.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    out.write(json.dumps(case, ensure_ascii=False, separators=(",", ":")) + "\n")
