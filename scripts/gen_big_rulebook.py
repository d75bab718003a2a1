#!/usr/bin/env python3
"""Writes a large, realistic, valid rulebook for the parse benchmark (Benchmarks/parse.md).

Usage: scripts/gen_big_rulebook.py [OUT] [--rules N] [--seed S] [--standalone]
Defaults: OUT=big.masir, N=10000 (about 1.7 MB). The output is deterministic for a seed and is
accepted by grammar/masir.lark. It is in `masir fmt` layout except that one amount in five is
written in Persian digits (to exercise the lexer), which `masir fmt` rewrites in ASCII; so
`masir fmt --check` reports the file and exits 1 after a full format pass.
"""
import argparse
import random

AGENCIES = [("relief", "کمیته امداد امام خمینی (ره)"), ("welfare", "سازمان بهزیستی"), ("housing_foundation", "بنیاد مسکن"),
            ("municipality", "شهرداری"), ("governorate", "استانداری"), ("inspection", "سازمان بازرسی"),
            ("social_security", "سازمان تامین اجتماعی"), ("water", "شرکت آب و فاضلاب"), ("electricity", "شرکت توزیع برق"),
            ("gas", "شرکت گاز"), ("education", "آموزش و پرورش"), ("health", "دانشگاه علوم پزشکی"), ("labour", "اداره کار"),
            ("bank_melli", "بانک ملی"), ("tax", "سازمان امور مالیاتی"), ("registry", "ثبت احوال")]
CATEGORIES = [("housing", "مسکن", None, ["مسکن", "خانه", "اجاره"]), ("housing_deposit", "ودیعه مسکن", "housing", ["ودیعه", "رهن"]),
              ("housing_loan", "وام مسکن", "housing", ["وام مسکن", "تسهیلات"]), ("pension", "مستمری", None, ["مستمری", "بازنشستگی"]),
              ("utilities", "آب و برق", None, ["قطعی آب", "قطعی برق", "قبض"]), ("complaint", "شکایت", None, ["رشوه", "برخورد"]),
              ("health_care", "درمان", None, ["بیمه", "بیمارستان", "دارو"]), ("schools", "مدارس", None, ["مدرسه", "ثبت نام"]),
              ("jobs", "اشتغال", None, ["بیکاری", "بیمه بیکاری"]), ("documents", "مدارک", None, ["شناسنامه", "کارت ملی"])]
COUNTIES = ["hamedan_city", "malayer", "nahavand", "tuyserkan", "asadabad", "kabudarahang", "razan", "bahar", "famenin", "dargazin"]
PHRASES = ["وام", "قرض", "اجاره", "قطعی", "فوری", "بیمار", "معلول", "سالمند", "بدهی", "جریمه", "تخلف", "پرداخت نشده"]
PRIORITIES = ["urgent", "high", "normal", "low"]


def persian(number):
    return str(number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def grouped(number):
    return f"{number:,}"


class Writer:
    def __init__(self, rng):
        self.rng = rng

    def atom(self):
        r, pick = self.rng.random(), self.rng.choice
        if r < 0.14:
            return f"category under {pick(CATEGORIES)[0]}"
        if r < 0.24:
            return pick(["caller.needy", "caller.disabled", "not caller.needy", "caller.repeat_calls >= 3"])
        if r < 0.34:
            amount = self.rng.randrange(1, 5000) * 1_000_000
            text = persian(grouped(amount)).replace(",", "٬") if self.rng.random() < 0.2 else grouped(amount)
            return f"amount {pick(['>=', '<', '>'])} {text} rials"
        if r < 0.44:
            phrases = ", ".join(f'"{p}"' for p in self.rng.sample(PHRASES, self.rng.randrange(1, 4)))
            return f"description mentions {pick(['any', 'all'])} [{phrases}]"
        if r < 0.52:
            return f"county in [{', '.join(self.rng.sample(COUNTIES, self.rng.randrange(1, 4)))}]"
        if r < 0.60:
            return f"caller?.age ?? 0 >= {self.rng.randrange(18, 90)}"
        if r < 0.67:
            return f"opened >= 1403/{self.rng.randrange(1, 13):02}/{self.rng.randrange(1, 30):02}"
        if r < 0.73:
            return f"status is {pick(['open', 'referred', 'waiting_documents'])}"
        if r < 0.79:
            return f"{pick(['welfare', 'relief', 'social_security'])} in caller.programs"
        if r < 0.84:
            return f"caller.phone is {pick(['present', 'absent'])}"
        if r < 0.89:
            return f"channel is {pick(['phone', 'web', 'app'])}"
        if r < 0.94:
            return f"waited > {self.rng.randrange(1, 20)} working days"
        return f'description mentions "{pick(PHRASES)}"'

    def condition(self):
        terms = [self.atom() for _ in range(self.rng.choice([1, 2, 2, 3, 3, 4]))]
        if len(terms) >= 3 and self.rng.random() < 0.3:
            return f"{terms[0]} and ({' or '.join(terms[1:])})"
        return " and ".join(terms)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", default="big.masir")
    parser.add_argument("--rules", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1403)
    parser.add_argument("--standalone", action="store_true",
                        help="no `extends national`, so `masir check` resolves and checks the file on its own")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    w = Writer(rng)
    out = ["## A synthetic rulebook for the parse benchmark: the national base at scale.",
           "rulebook benchmark" + ("" if args.standalone else " extends national"), '  title "قواعد آزمون سرعت"', '  version "1403.9"',
           "  effective 1403/07/01", "  default calendar government", "  default ladder standard", ""]
    out += [f'agency {a} "{label}" kind government' for a, label in AGENCIES] + [""]
    for name, label, parent, words in CATEGORIES:
        out.append(f'category {name} "{label}"' + (f" under {parent}" if parent else "")
                   + " mentions " + ", ".join(f'"{x}"' for x in words))
    out += [""] + [f'county {c} "{c}"' for c in COUNTIES] + [""]
    out += ['enum status "وضعیت": open "باز", referred "ارجاع شده", waiting_documents, resolved "حل شده", closed',
            "enum channel: phone, web, app", ""]
    out += ["case", "  field description : text", "  field category : category optional infer from description",
            "  field status : status default open", "  field channel : channel default phone", "  field opened : datetime",
            "  field referred : datetime optional", "  field county : county optional", "  field waited : duration",
            "  field caller.needy : bool default no", "  field caller.disabled : bool default no",
            "  field caller.age : int optional", "  field caller.phone : text optional",
            "  field caller.programs : set of agency default []", "  field caller.repeat_calls : int default 0",
            "  field amount : money optional", "end", ""]
    out += ['calendar government "تقویم ادارات"', '  zone "Asia/Tehran"', "  saturday to wednesday 07:30-14:30",
            "  thursday off", "  friday off"] + ([] if args.standalone else ['  holidays from "holidays-1403.tsv"']) + ["end", ""]
    groups = max(1, args.rules // 500)
    rule = 0
    for group in range(groups):
        policy = rng.choice(["first match", "highest priority", "all matches"])
        out.append(f'routing group_{group} "گروه {persian(group + 1)}" {policy}')
        count = args.rules // groups + (1 if group < args.rules % groups else 0)
        for index in range(count):
            rule += 1
            if index:
                out.append("")
            if rng.random() < 0.15:
                out.append(f"  ## Rule {rule}: {rng.choice(PHRASES)} cases go to the responsible agency.")
            label = f' "قاعده {persian(rule)}"' if rng.random() < 0.5 else ""
            out.append(f"  rule r{rule}{label}")
            if rng.random() < 0.1:
                out.append(f"    valid from 1403/{rng.randrange(1, 13):02}/01 until 1405/01/01")
            out.append(f"    when {w.condition()}" + ("  # checked with the province" if rng.random() < 0.05 else ""))
            agency = rng.choice(AGENCIES)[0]
            copies = f" copy {rng.choice(AGENCIES)[0]}" if rng.random() < 0.2 else ""
            out.append(f"    refer to {agency}{copies}")
            if rng.random() < 0.6:
                out.append(f"    priority {rng.choice(PRIORITIES)}")
            if rng.random() < 0.5:
                amount = rng.randrange(1, 30)
                unit = rng.choice(["working day", "day", "hour"])
                out.append(f"    sla {amount} {unit}{'' if amount == 1 else 's'}")
            if rng.random() < 0.2:
                out.append(f'    because "{rng.choice(PHRASES)}"')
        out += ["", "  otherwise", "    refer to governorate", "    sla 10 working days", "end", ""]
    out += ['escalation standard "نردبان عادی" on government', "  pause while waiting_documents", "  stop when resolved, closed",
            "  level remind", "    after 3 working days since referred", "    then remind assignee",
            "  level late", "    at sla", "    then escalate to inspection", "end"]
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
