#!/usr/bin/env python3
"""Generate the 31 provincial rulebooks of Masir from the shared domain data.

    python3 scripts/gen_rulebooks.py            # (re)write rules/provinces/<id>/rulebook.masir
    python3 scripts/gen_rulebooks.py --check    # change nothing; exit 1 if a file would change
    python3 scripts/gen_rulebooks.py --national # print national's agency and category lines

Standard library only. Reads provinces.tsv, counties.tsv, agencies.tsv and categories.tsv from
the domain folder (`--domain DIR`, else $MASIR_DOMAIN, else /work/shared/domain) and writes
files that are already in `masir fmt` layout, so `masir fmt --check rules/` passes on them and a
second run changes nothing.

Every provincial rulebook `extends national` and holds:
  * the header: title, province, english, area code, version, effective;
  * every county of the province (counties.tsv);
  * `replace agency` for each national body whose Persian title names the province generically
    («… استان», «استانداری», «استاندار»): agencies.tsv titles provincial bodies "as in Hamedan's
    news, where «استان» stands for the province's name", so the province's name is filled in;
  * `replace calendar government` only where the province's working calendar differs from the
    national one (see CALENDARS below: these are assumptions or illustrations, not sourced facts).

Hand-written parts: a file may carry hand-written declarations after the line HAND_MARKER; the
generator keeps everything from that line on, byte for byte. Only Hamedan has one today
(rules/provinces/hamedan/rulebook.masir). See docs/rulebooks.md.

`--check` also checks that rules/national/rulebook.masir still declares every agency and category
of the domain data the way `--national` prints them (same id, title, kind, parent, keywords).
"""

import argparse
import csv
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
DEFAULT_DOMAIN = "/work/shared/domain"

VERSION = "1403.1"
EFFECTIVE = "1403/01/01"

HAND_MARKER = "# ==== hand-written below this line: scripts/gen_rulebooks.py keeps it as it is ===="

# --------------------------------------------------------------------------- ids
# The rulebooks use the ids of the project brief where it names a body or topic differently from
# the domain data; everything else keeps the domain data's id.
AGENCY_IDS = {"imdad": "relief", "behzisti": "welfare", "farmandari": "county_governorate"}
CATEGORY_IDS = {"personal_problems": "personal_hardship"}

# Masir's agency kinds are bank, support, executive, oversight, governorate, judicial, other.
# The domain data is finer; this is how its kinds map (a project choice, not a legal status).
KINDS = {
    "bank": "bank",
    "support": "support",
    "executive": "executive",
    "oversight": "oversight",
    "governorate": "governorate",
    "judicial": "judicial",
    "coordination": "governorate",  # production_hq: a governorate headquarters
    "utility": "executive",  # state water, power, gas and telecom companies
    "insurance": "executive",  # SSO, health insurance, pension funds
    "municipal": "other",  # municipalities, city councils, dehyari: elected local bodies
    "security": "other",  # the police command
}

# `supervisor`: who the governorate holds to account for the body's SAMAD answers in the
# province (who is told when it does not answer), not a legal chain of command. Assumed from each
# body's role in agencies.tsv; the governorate's own offices follow agencies.tsv's `parent`
# except that the deputies and the inspection office answer to the governor.
SUPERVISORS = {
    "governor": None,
    "governorate": "governor",
    "samad_centre": "inspection",
    "inspection": "governor",
    "deputy_political": "governor",
    "deputy_economic": "governor",
    "deputy_development": "governor",
    "deputy_civil": "governor",
    "planning_org": "governor",
    "production_hq": "deputy_economic",
    "county_governorate": "governor",
    "bakhshdari": "county_governorate",
    "presidential_office": None,
    "gio": None,
    "relief": "deputy_political",
    "welfare": "deputy_political",
    "mostazafan": "deputy_political",
    "setad": "deputy_political",
    "bonyad_shahid": "deputy_political",
    "housing_foundation": "deputy_civil",
    "roads_urban": "deputy_civil",
    "road_maintenance": "deputy_civil",
    "labour": "deputy_economic",
    "agriculture": "deputy_economic",
    "education": "deputy_political",
    "health": "deputy_political",
    "water_wastewater": "deputy_civil",
    "regional_water": "deputy_civil",
    "electricity": "deputy_civil",
    "gas": "deputy_civil",
    "telecom": "deputy_civil",
    "municipality": "deputy_civil",
    "city_council": None,
    "dehyari": "bakhshdari",
    "sso": "deputy_political",
    "rural_insurance": "deputy_political",
    "health_insurance": "deputy_political",
    "civil_pension": "deputy_political",
    "tax": "deputy_economic",
    "economy_finance": "deputy_economic",
    "industry": "deputy_economic",
    "industrial_estates": "deputy_economic",
    "natural_resources": "deputy_civil",
    "environment": "deputy_civil",
    "cultural_heritage": "deputy_political",
    "sports": "deputy_political",
    "civil_registry": "deputy_political",
    "judiciary": None,
    "dispute_councils": "judiciary",
    "deeds_registration": "judiciary",
    "tazirat": None,
    "police": "deputy_political",
    "cbi": None,
}
BANK_SUPERVISOR = "deputy_economic"  # the economic deputy coordinates banks and loan quotas

# Doc comments printed before the first agency of each group in national (by rulebook id).
AGENCY_GROUPS = {
    "governorate": "The governorate and its offices, which run SAMAD in every province. `supervisor` is who the\n"
    "## governorate holds to account for a body's SAMAD answers, not a legal chain of command.",
    "presidential_office": "National and judiciary-branch oversight.",
    "relief": "Support bodies: callers in need are usually covered by one of them (`caller.support_body`).",
    "housing_foundation": "Executive directorates.",
    "water_wastewater": "State utility companies (kind executive).",
    "municipality": "Elected local bodies (kind other).",
    "sso": "Insurance and pension funds (kind executive).",
    "tax": "Economic and land directorates.",
    "judiciary": "The judiciary and bodies under it.",
    "police": "Police (kind other).",
    "cbi": "The central bank regulates the banks; complaints about how a bank applies the rules.",
    "bank_melli": "Banks acting as lenders (names from persian-tools' IBAN table). A bank answers through its\n"
    "## branches in the province, so the national titles serve every province.",
}

# --------------------------------------------------------------------------- provinces
# Inspection offices' own titles where agencies.tsv gives one (its role column for `inspection`:
# "name varies by province (Hamedan: «دفتر بازرسی، مدیریت عملکرد و امور حقوقی»)").
INSPECTION_TITLES = {
    "hamedan": ("دفتر بازرسی، مدیریت عملکرد و امور حقوقی استانداری", "Governorate inspection, performance management and legal affairs office"),
}

NATIONAL_CALENDAR = {
    "label": "تقویم ادارات دولتی",
    "zone": "Asia/Tehran",
    "days": [("saturday to wednesday", "07:30-14:30"), ("thursday", "off"), ("friday", "off")],
    "holidays": "iran-official",
}

# Thursday: the project's ASSUMPTION, not a sourced fact. Government offices are taken to be
# closed on Thursdays in every province, as in the national calendar; we found no source that a
# province opens them. A province whose Thursday differs gets a value such as "07:30-12:30" here
# and the generator writes a `replace calendar government` for it.
THURSDAY = {}  # province id -> hours, e.g. {"example_province": "07:30-12:30"}

# Summer heat: ILLUSTRATIVE values, not sourced. They show how a dated closure and seasonal hours
# are written for the provinces of the hot south; the dates and hours must be checked against each
# governorate's announcements before the rules are used for real deadlines.
HEAT = {
    "khuzestan": {"closed": [("1403/05/09", "1403/05/10")], "hours": ("06:00-13:00", "1403/04/01", "1403/06/31")},
    "bushehr": {"closed": [("1403/05/10", None)], "hours": ("06:00-13:00", "1403/04/01", "1403/06/31")},
    "sistan_baluchestan": {"closed": [("1403/05/09", "1403/05/10")], "hours": ("06:00-13:00", "1403/04/01", "1403/06/31")},
    "hormozgan": {"closed": [("1403/05/10", None)], "hours": ("06:00-13:00", "1403/04/01", "1403/06/31")},
}
HEAT_REASON = "گرمای هوا"


# --------------------------------------------------------------------------- data
def read_tsv(domain, name):
    with open(os.path.join(domain, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def agency_line(prefix, aid, name, english, kind, supervisor):
    line = f"{prefix}agency {aid} {quote(name)} english {quote(english)} kind {kind}"
    if supervisor:
        line += f" supervisor {supervisor}"
    return line


def national_agencies(domain):
    """(id, name_fa, name_en, kind, supervisor) for every agency of agencies.tsv, in its order."""
    rows = []
    for row in read_tsv(domain, "agencies.tsv"):
        aid = AGENCY_IDS.get(row["id"], row["id"])
        kind = KINDS[row["kind"]]
        supervisor = BANK_SUPERVISOR if kind == "bank" else SUPERVISORS[aid]
        rows.append((aid, row["name_fa"], row["name_en"], kind, supervisor))
    ids = {r[0] for r in rows}
    for aid, _, _, _, supervisor in rows:
        assert supervisor is None or supervisor in ids, (aid, supervisor)
        seen = [aid]
        while supervisor:  # no cycles
            assert supervisor not in seen, seen
            seen.append(supervisor)
            supervisor = next(r[4] for r in rows if r[0] == supervisor)
    return rows


def national_categories(domain):
    rows = []
    for row in read_tsv(domain, "categories.tsv"):
        cid = CATEGORY_IDS.get(row["id"], row["id"])
        parent = CATEGORY_IDS.get(row["parent"], row["parent"]) or None
        keywords = [k for k in row["keywords_fa"].split("|") if k]
        rows.append((cid, row["label_fa"], row["label_en"], parent, keywords))
    return rows


def category_line(cid, label, parent, keywords):
    line = f"category {cid} {quote(label)}"
    if parent:
        line += f" under {parent}"
    if keywords:
        line += " mentions " + ", ".join(quote(k) for k in keywords)
    return line


def national_declarations(domain):
    """The agency and category lines of rules/national/rulebook.masir, in fmt layout."""
    out = []
    for aid, name, english, kind, supervisor in national_agencies(domain):
        if aid in AGENCY_GROUPS:
            out.append("## " + AGENCY_GROUPS[aid])
        out.append(agency_line("", aid, name, english, kind, supervisor))
    out.append("")
    for cid, label, english, parent, keywords in national_categories(domain):
        out.append(f"## {english}.")
        out.append(category_line(cid, label, parent, keywords))
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- localisation
WORD = r"(?<![\w\u200c])%s(?![\w\u200c])"


def localise(name, province_fa):
    """Fill the province's name into a generic provincial title, or return None if there is none."""
    for generic in ("استانداری", "استاندار", "استان"):
        pattern = WORD % generic
        if re.search(pattern, name):
            return re.sub(pattern, f"{generic} {province_fa}", name, count=1)
    return None


def calendar_block(province_id):
    thursday = THURSDAY.get(province_id)
    heat = HEAT.get(province_id)
    if thursday is None and heat is None:
        return None
    lines = []
    if thursday is not None:
        lines.append("# Thursday hours: the project's assumption (scripts/gen_rulebooks.py, THURSDAY), not sourced.")
    if heat is not None:
        lines.append("# Heat closures and summer hours: ILLUSTRATIVE (scripts/gen_rulebooks.py, HEAT), not sourced.")
    cal = NATIONAL_CALENDAR
    lines.append(f"replace calendar government {quote(cal['label'])}")
    lines.append(f"  zone {quote(cal['zone'])}")
    for days, hours in cal["days"]:
        if days == "thursday" and thursday is not None:
            hours = thursday
        lines.append(f"  {days} {hours}")
    lines.append(f"  holidays from {quote(cal['holidays'])}")
    if heat is not None:
        for start, end in heat["closed"]:
            span = start + (f" to {end}" if end else "")
            lines.append(f"  closed {span} because {quote(HEAT_REASON)}")
        hours, start, end = heat["hours"]
        lines.append(f"  hours {hours} from {start} to {end}")
    lines.append("end")
    return lines


def province_rulebook(province, counties, agencies):
    pid = province["id"]
    fa = province["name_fa"]
    en = province["name_en"]
    out = [
        "# Generated by scripts/gen_rulebooks.py from the domain data (provinces.tsv, counties.tsv, agencies.tsv).",
        "# Edit the script or the data and run it again; do not edit above the hand-written marker.",
        f"## The SAMAD routing rules of {en} province: the national rules with the province's counties,",
        "## the province's name in its bodies' titles and, where it differs, its working calendar.",
        f"rulebook {pid} extends national",
        f"  title {quote('قواعد مسیریابی سامد استان ' + fa)}",
        f"  province {quote(fa)}",
        f"  english {quote(en)}",
        f"  area code {quote(province['area_code'])}",
        f"  version {quote(VERSION)}",
        f"  effective {EFFECTIVE}",
        "",
        f"## The {len(counties)} counties of the province (counties.tsv).",
    ]
    for c in counties:
        out.append(f"county {c['county_id']} {quote(c['name_fa'])} english {quote(c['name_en'])}")
    replaced = []
    for aid, name, english, kind, supervisor in agencies:
        if kind == "bank":
            continue
        if aid == "inspection" and pid in INSPECTION_TITLES:
            name, english = INSPECTION_TITLES[pid]
        local = localise(name, fa)
        if local is None:
            continue
        replaced.append(agency_line("replace ", aid, local, f"{english}, {en}", kind, supervisor))
    if replaced:
        out.append("")
        out.append(f"## Provincial bodies under their {en} titles (agencies.tsv: «استان» stands for the province's name).")
        out.extend(replaced)
    calendar = calendar_block(pid)
    if calendar:
        out.append("")
        out.extend(calendar)
    return "\n".join(out) + "\n"


def with_hand_written(generated, path):
    """Append the hand-written tail of the existing file, if it has one."""
    if not path.exists():
        return generated
    text = path.read_text(encoding="utf-8")
    index = text.find(HAND_MARKER)
    if index < 0:
        return generated
    return generated + "\n" + text[index:]


# --------------------------------------------------------------------------- main
def check_national(domain):
    """Lines of `--national` missing from national's rulebook (ignoring doc comments)."""
    path = RULES / "national" / "rulebook.masir"
    have = set(path.read_text(encoding="utf-8").splitlines()) if path.exists() else set()
    return [line for line in national_declarations(domain).splitlines() if line and not line.startswith("#") and line not in have]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--domain", default=os.environ.get("MASIR_DOMAIN", DEFAULT_DOMAIN))
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    parser.add_argument("--national", action="store_true", help="print national's agency and category declarations")
    args = parser.parse_args()

    if args.national:
        sys.stdout.write(national_declarations(args.domain))
        return 0

    provinces = read_tsv(args.domain, "provinces.tsv")
    counties = read_tsv(args.domain, "counties.tsv")
    agencies = national_agencies(args.domain)
    assert len(provinces) == 31, len(provinces)
    assert set(HEAT) | set(THURSDAY) <= {p["id"] for p in provinces}

    stale = []
    for province in provinces:
        pid = province["id"]
        own = [c for c in counties if c["province_id"] == pid]
        path = RULES / "provinces" / pid / "rulebook.masir"
        text = with_hand_written(province_rulebook(province, own, agencies), path)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(str(path.relative_to(ROOT)))
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    missing = check_national(args.domain)
    for line in missing:
        print(f"rules/national/rulebook.masir lacks: {line}", file=sys.stderr)
    if args.check:
        for name in stale:
            print(f"would change: {name}")
        return 1 if stale or missing else 0
    for name in stale:
        print(f"wrote {name}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
