#!/usr/bin/env python3
"""Validates docs/openapi.yaml, and real responses of `masir serve` against it.

  scripts/validate_openapi.py                       # the document alone (OpenAPI 3.1 rules)
  scripts/validate_openapi.py EXCHANGES.json        # and each recorded response

EXCHANGES.json is a list of {"method", "path" (with its query), "status", "contentType", "body"}
as the Swift test OpenAPIConformanceTests records them from a server it runs. Each response must
be documented for its operation and status, with its content type, and a JSON body must validate
against the documented schema (JSON Schema 2020-12; `$ref`s into docs/decision.schema.json
resolve). Prints one line per problem and `N passed, N failed`; exits 1 on any failure.
"""
import json
import pathlib
import re
import sys

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = pathlib.Path(__file__).resolve().parent.parent
OPENAPI = ROOT / "docs" / "openapi.yaml"
DECISION = ROOT / "docs" / "decision.schema.json"


def load():
    spec = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    decision = json.loads(DECISION.read_text(encoding="utf-8"))
    registry = Registry().with_resources([
        (OPENAPI.as_uri(), Resource.from_contents(spec, default_specification=DRAFT202012)),
        (DECISION.as_uri(), Resource.from_contents(decision, default_specification=DRAFT202012)),
        (decision["$id"], Resource.from_contents(decision, default_specification=DRAFT202012)),
    ])
    return spec, registry


def check_document(spec):
    try:
        from openapi_spec_validator import validate
    except ImportError:
        print("validate_openapi: openapi-spec-validator is missing; run scripts/setup.sh", file=sys.stderr)
        sys.exit(2)
    # The validator resolves the relative $ref to decision.schema.json from the document's URI.
    validate(spec, base_uri=OPENAPI.as_uri())
    # Every schema under components must itself be a valid 2020-12 schema.
    for name, schema in spec["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)


def operation_for(spec, method, path):
    bare = path.split("?", 1)[0]
    for template, item in spec["paths"].items():
        pattern = "^" + re.sub(r"\{[^/]+\}", "[^/]+", template) + "$"
        if re.match(pattern, bare) and method.lower() in item:
            return template, item[method.lower()]
    return None, None


def pointer(*parts):
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def main():
    spec, registry = load()
    check_document(spec)
    passed, failed = 1, 0
    print("ok: docs/openapi.yaml is a valid OpenAPI 3.1 document")
    if len(sys.argv) < 2:
        print(f"{passed} passed, {failed} failed")
        return
    exchanges = json.loads(pathlib.Path(sys.argv[1]).read_text(encoding="utf-8"))
    seen = set()
    for exchange in exchanges:
        method, path, status = exchange["method"], exchange["path"], str(exchange["status"])
        label = f"{method} {path[:60]} → {status}"
        template, operation = operation_for(spec, method, path)
        problems = []
        if operation is None and status == "404":
            # An unknown endpoint answers the documented NotFound error.
            operation = {"responses": {"404": {"$ref": "#/components/responses/NotFound"}}}
            template = "(unknown path)"
        if operation is None:
            problems.append("no such operation in the document")
        else:
            seen.add((template, method.lower(), status))
            responses = operation.get("responses", {})
            key = status if status in responses else "default" if "default" in responses else None
            if key is None:
                problems.append(f"status {status} is not documented")
            else:
                response = responses[key]
                ref_parts = ["paths", template, method.lower(), "responses", key]
                if "$ref" in response:
                    name = response["$ref"].split("/")[-1]
                    response = spec["components"]["responses"][name]
                    ref_parts = ["components", "responses", name]
                content_type = exchange.get("contentType", "").split(";")[0].strip()
                content = response.get("content", {})
                if content_type not in content:
                    problems.append(f"content type {content_type!r} is not documented (have {sorted(content)})")
                elif content_type == "application/json":
                    try:
                        body = json.loads(exchange["body"])
                    except ValueError as error:
                        problems.append(f"the body is not JSON: {error}")
                    else:
                        schema = {"$ref": OPENAPI.as_uri() + pointer(*ref_parts, "content", content_type, "schema")}
                        validator = Draft202012Validator(schema, registry=registry)
                        for error in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))[:5]:
                            where = "/".join(str(p) for p in error.absolute_path)
                            problems.append(f"at /{where}: {error.message[:300]}")
        if problems:
            failed += 1
            for problem in problems:
                print(f"FAILED: {label}: {problem}")
        else:
            passed += 1
    documented = {(t, m, s) for t, item in spec["paths"].items() for m, op in item.items() if isinstance(op, dict) and "responses" in op for s in op["responses"]}
    untested = sorted(documented - seen)
    if untested:
        print("not exercised: " + ", ".join(f"{m.upper()} {t} {s}" for t, m, s in untested))
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
