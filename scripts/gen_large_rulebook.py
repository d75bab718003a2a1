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
  declarations
            N declarations of every kind a rulebook has: categories (some under others), agencies,
            counties, enumerations and rules, in about those proportions
  overrides N agencies and N categories in a parent (OUT, or large-parent.masir) and a child
            (OUT with `-child` before `.masir`) that replaces half of each and disables the
            other half; check the child

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


def declarations(n):
    """About n declarations: 60% categories, 20% agencies, 10% counties, 5% enumerations, 5% rules."""
    out = []
    cats, ags, counties, enums = n * 60 // 100, n * 20 // 100, n * 10 // 100, n * 5 // 100
    for i in range(cats):
        parent = f" under c{i - i % 7}" if i % 7 else ""
        out.append(f'category c{i} "دسته {i}"{parent} mentions "واژه{i}"')
    for i in range(ags):
        sup = f" supervisor a{3 + i - 1}" if i % 5 else ""
        out.append(f'agency a{3 + i} "نهاد {i}"{sup}')
    for i in range(counties):
        out.append(f'county k{i} "شهرستان {i}"')
    for i in range(enums):
        out.append(f"enum e{i}: v{i}a, v{i}b, v{i}c")
    body = "\n".join(out) + "\n" + SCHEMA + "\n"
    rules = n - cats - ags - counties - enums
    body += 'routing referrals "ارجاع" first match\n'
    for i in range(rules):
        body += f"  rule r{i} when category under c{i * 7 % max(1, cats)} and calls >= {i}\n    refer to a{3 + i % max(1, ags)}\n"
    body += "  otherwise refer to a1\nend\n"
    return body


def overrides(n, out):
    parent = HEADER.replace("rulebook large", "rulebook large_parent")
    parent += "".join(f'agency p{i} "نهاد {i}"\n' for i in range(n))
    parent += "".join(f'category q{i} "دسته {i}" mentions "واژه{i}"\n' for i in range(n))
    parent += SCHEMA + "\n" + routing()
    child = "rulebook large_child extends large_parent\n\n"
    for i in range(n):
        if i % 2:
            child += f"disable agency p{i}\ndisable category q{i}\n"
        else:
            child += f'replace agency p{i} "نهاد تازه {i}"\nreplace category q{i} "دسته تازه {i}" mentions "واژهٔ تازه{i}"\n'
    base = out or "large-parent.masir"
    with open(base, "w", encoding="utf-8") as f:
        f.write(parent)
    # The child finds its parent by id, as `large_parent.masir` beside it.
    folder = base.rsplit("/", 1)[0] + "/" if "/" in base else ""
    with open(folder + "large_parent.masir", "w", encoding="utf-8") as f:
        f.write(parent)
    with open(base.replace(".masir", "-child.masir"), "w", encoding="utf-8") as f:
        f.write(child)


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
    elif shape == "declarations":
        body = declarations(n)
    elif shape == "overrides":
        overrides(n, sys.argv[3] if len(sys.argv) > 3 else None)
        return
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
