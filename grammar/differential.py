#!/usr/bin/env python3
"""Differential fuzzing: mutates valid Masir files and reports where Lark and the Swift parser
disagree about whether the result is syntactically valid.

Usage: differential.py MASIR_BINARY [COUNT] [SEED]
  e.g. swift build && grammar/differential.py .build/debug/masir 3000

The limits the grammar documents as outside it (duplicate clauses, huge numbers, depth) are
expected disagreements and are counted separately. Exit status 1 if any other disagreement.
"""
import json
import pathlib
import random
import re
import subprocess
import sys
import tempfile

from lark import Lark
from lark.exceptions import LarkError

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXEMPT = {"syntax.duplicate-clause", "syntax.number-too-large", "syntax.too-deep"}
TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|«[^»\n]*»|#[^\n]*|\w+|\?\.|\?\?|<=|>=|\S')
EXTRA = ["rule", "when", "end", "refer", "to", "and", "or", "not", "is", "in", "then", "since", "sla", "(", ")",
         "[", "]", ",", ":", ".", "?.", "??", "<", ">=", "-", "5", "5 days", "1403/07/01", "07:30", '"x"', "«y»",
         "yes", "no", "otherwise", "valid", "from", "until", "copy", "priority", "level", "field", "case",
         "working", "days", "rials", "present", "any", "under", "mentions", "\u200c", "،", "=", "\u064e"]


def mutate(text, rng):
    tokens = [(m.start(), m.end()) for m in TOKEN.finditer(text)]
    if not tokens:
        return text
    a, b = tokens[rng.randrange(len(tokens))]
    c, d = tokens[rng.randrange(len(tokens))]
    kind = rng.randrange(6)
    if kind == 0:                                   # delete a token
        return text[:a] + text[b:]
    if kind == 1:                                   # duplicate a token
        return text[:b] + " " + text[a:b] + text[b:]
    if kind == 2 and a < c:                         # swap two tokens
        return text[:a] + text[c:d] + text[b:c] + text[a:b] + text[d:]
    if kind == 3:                                   # replace with something plausible
        return text[:a] + rng.choice(EXTRA) + text[b:]
    if kind == 4:                                   # insert something plausible
        return text[:a] + rng.choice(EXTRA) + " " + text[a:]
    return text[:b]                                 # truncate after a token


def main(argv):
    binary = argv[1]
    count = int(argv[2]) if len(argv) > 2 else 2000
    rng = random.Random(int(argv[3]) if len(argv) > 3 else 1)
    corpus = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "grammar/examples/valid").glob("*.masir"))]
    lark = Lark((ROOT / "grammar/masir.lark").read_text(encoding="utf-8"), parser="lalr", lexer="contextual")
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for i in range(count):
            text = rng.choice(corpus)
            for _ in range(rng.choice([1, 1, 1, 2, 3])):
                text = mutate(text, rng)
            path = pathlib.Path(folder) / f"m{i:05}.masir"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        result = subprocess.run([binary, "check", "--format", "json", folder], capture_output=True, text=True)
        errors = {}
        for d in json.loads(result.stdout):
            # `masir check` also resolves names and runs the checker; the grammar speaks only to syntax.
            if d["severity"] == "error" and d["code"].startswith("syntax."):
                errors.setdefault(pathlib.Path(d["file"]).name, set()).add(d["code"])
        disagreements = exempt = both_ok = 0
        for path in paths:
            try:
                lark.parse(path.read_text(encoding="utf-8"))
                lark_ok, why = True, ""
            except LarkError as error:
                lark_ok, why = False, str(error).splitlines()[0]
            codes = errors.get(path.name, set())
            if lark_ok == (not codes):
                both_ok += lark_ok
                continue
            if lark_ok and codes <= EXEMPT:
                exempt += 1
                continue
            disagreements += 1
            if disagreements <= 15:
                print(f"--- {'lark accepts' if lark_ok else 'swift accepts'}  swift: {sorted(codes)}  lark: {why}")
                print(path.read_text(encoding="utf-8"))
        print(f"{count} mutants ({both_ok} valid to both), {disagreements} disagreements, "
              f"{exempt} expected (limits outside the grammar)")
        return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
