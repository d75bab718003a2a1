#!/usr/bin/env python3
"""Writes rulebooks of a size policy staff never write, to show checking and loading stay linear.

Usage: scripts/gen_large_rulebook.py SHAPE N [OUT]

Shapes (N is the size; OUT defaults to standard output):
  rules     N rules the checker analyses (number and amount conditions), split between a
            first-match group whose rules overlap their neighbours and a highest-priority group of equal
            priorities whose neighbours overlap
  flat      N categories, none under another, each with one keyword
  chain     N categories, each under the one before
  keywords  N categories with ten keywords each (about 55 bytes a category per keyword)
  mixed     N categories, none under another, and the `rules` shape with N / 10 rules

Every shape loads without errors; `masir check` may add notes where the analysis stopped at its
work budget. The output is deterministic.
"""
import sys

HEADER = """rulebook large
  default calendar office
  default ladder standard

agency a1 "یک"
agency a2 "دو"
enum status: open, waiting, answered, resolved
"""

SCHEMA = """
case
  field description : text default ""
  field category : category optional infer from description
  field calls : int default 0
  field amount : money optional
  field status : status default open
  field opened : datetime
end

calendar office
  saturday to wednesday 08:00-14:00
  thursday off
  friday off
end

escalation standard
  stop when resolved
  level l1 after 2 working days since opened then remind assignee
end
"""


def categories(n, under_previous, keywords):
    lines = []
    for i in range(n):
        parent = f" under c{i - 1}" if under_previous and i > 0 else ""
        words = ", ".join(f'"واژه{i}x{k}"' for k in range(keywords))
        lines.append(f'category c{i} "دسته {i}"{parent} mentions {words}')
    return "\n".join(lines) + "\n"


def rules(n):
    first = n // 2
    out = ['routing referrals "ارجاع" first match']
    for i in range(first):
        # Each rule overlaps the fifty before it on two fields, and none of them covers it.
        out.append(f"  rule r{i} when calls >= {i} and calls < {i + 50} and amount is present and amount >= {i * 37 % 1000 * 1000} rials")
        out.append(f"    refer to a{1 + i % 2}")
    out.append("  otherwise refer to a1")
    out.append("end")
    out.append("")
    out.append('routing urgency "فوریت" highest priority')
    for i in range(n - first):
        low = i * 1000
        out.append(f"  rule u{i} when amount is present and amount >= {low} rials and amount < {low + 1500} rials")
        out.append(f"    refer to a{1 + i % 2}")
        out.append("    priority high")
    out.append("  otherwise refer to a1")
    out.append("end")
    return "\n".join(out) + "\n"


def routing():
    return 'routing referrals\n  rule any when calls >= 0\n    refer to a1\n  otherwise refer to a1\nend\n'


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    shape, n = sys.argv[1], int(sys.argv[2])
    if shape == "rules":
        body = categories(1, False, 1) + SCHEMA + "\n" + rules(n)
    elif shape == "flat":
        body = categories(n, False, 1) + SCHEMA + "\n" + routing()
    elif shape == "chain":
        body = categories(n, True, 1) + SCHEMA + "\n" + routing()
    elif shape == "mixed":
        body = categories(n, False, 1) + SCHEMA + "\n" + rules(n // 10)
    elif shape == "keywords":
        body = categories(n, False, 10) + SCHEMA + "\n" + routing()
    else:
        sys.exit(f"unknown shape `{shape}`\n" + __doc__)
    text = HEADER + body
    if len(sys.argv) > 3:
        with open(sys.argv[3], "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
