#!/usr/bin/env python3
"""Parses Masir files with the normative Lark grammar, independently of the Swift parser.

Usage: check.py FILE...   (or no arguments and one path per line on stdin)
Prints one JSON object: {path: {"ok": bool, "error": str}}; "error" is "" when ok.
Exit status: 0 when it ran (whatever the files' verdicts), 2 on usage errors.
The Swift test GrammarConformanceTests compares these verdicts with the Swift parser's.
"""
import json
import pathlib
import sys

from lark import Lark
from lark.exceptions import LarkError

GRAMMAR = pathlib.Path(__file__).with_name("masir.lark")


def main(argv):
    paths = argv[1:] or [line.strip() for line in sys.stdin if line.strip()]
    if not paths:
        print("usage: check.py FILE...", file=sys.stderr)
        return 2
    parser = Lark(GRAMMAR.read_text(encoding="utf-8"), parser="lalr", lexer="contextual")
    verdicts = {}
    for path in paths:
        try:
            parser.parse(pathlib.Path(path).read_text(encoding="utf-8"))
            verdicts[path] = {"ok": True, "error": ""}
        except LarkError as error:
            # The first line says what and where; Lark's context lines follow.
            verdicts[path] = {"ok": False, "error": f"{type(error).__name__}: {error}".strip()}
        except (OSError, UnicodeDecodeError) as error:
            verdicts[path] = {"ok": False, "error": f"cannot read: {error}"}
    json.dump(verdicts, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
