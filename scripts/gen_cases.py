#!/usr/bin/env python3
"""Generate a realistic month of SAMAD (111) cases for Hamedan: data/cases/hamedan-1403-08.jsonl.

The cases are made up but shaped like the province's calls in Aban 1403, as the governor and the
inspection office described them (see the hand-written part of rules/provinces/hamedan/rulebook.masir):
callers ring from all ten counties, bank facilities and investment obstacles are the top requests,
then housing deposit, jobs and instalment repayment, essential loans, employment through
cooperatives and personal hardship. A share of the calls comes from other provinces, named by
`province` or only by the caller's area code. Descriptions are assembled from phrase templates and
the categories' keywords, and typed the ways callers' phones type them: Arabic yeh and kaf, ZWNJ,
a space or nothing between word parts, Persian, Arabic-Indic or ASCII digits.

Counties, area codes, category keywords and bank names are read from the shipped rulebooks, so
every case decodes with them (`masir route rules data/cases/hamedan-1403-08.jsonl` exits 0).
Standard library only; the output depends only on --seed and --count.

  python3 scripts/gen_cases.py                      # 10,000 cases, seed 1403
  python3 scripts/gen_cases.py --count 500 --out /tmp/small.jsonl
"""
import argparse
import datetime
import json
import os
import random
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = os.path.join(ROOT, "rules")
DEFAULT_OUT = os.path.join(ROOT, "data", "cases", "hamedan-1403-08.jsonl")

# ---------------------------------------------------------------- what the rulebooks declare


def read_rulebooks():
    """Provinces (name, area code, counties) and the national categories and agencies."""
    provinces = {}
    base = os.path.join(RULES, "provinces")
    for pid in sorted(os.listdir(base)):
        path = os.path.join(base, pid, "rulebook.masir")
        if not os.path.exists(path):
            continue
        text = open(path, encoding="utf-8").read()
        province = re.search(r'^\s*province "([^"]+)"', text, re.M)
        area = re.search(r'^\s*area code "([^"]+)"', text, re.M)
        english = re.search(r'^\s*english "([^"]+)"', text, re.M)
        counties = re.findall(r'^county (\w+) "([^"]+)"(?: english "([^"]+)")?', text, re.M)
        provinces[pid] = {
            "agencies": dict(re.findall(r'^replace agency (\w+) "([^"]+)"', text, re.M)),
            "name": province.group(1), "area": area.group(1), "english": english.group(1) if english else pid,
            "counties": [(c, fa, en) for c, fa, en in counties],
        }
    national = open(os.path.join(RULES, "national", "rulebook.masir"), encoding="utf-8").read()
    categories = {}
    for cid, label, rest in re.findall(r'^category (\w+) "([^"]+)"(.*)$', national, re.M):
        keywords = re.findall(r'"([^"]+)"', rest.split("mentions", 1)[1]) if "mentions" in rest else []
        categories[cid] = {"label": label, "keywords": keywords}
    agencies = dict(re.findall(r'^agency (\w+) "([^"]+)"', national, re.M))
    return provinces, categories, agencies


# ---------------------------------------------------------------- the month: Aban 1403

ABAN_1 = datetime.date(2024, 10, 22)  # 1403/08/01, a Tuesday
TEHRAN = datetime.timezone(datetime.timedelta(hours=3, minutes=30))
# The cases were exported at the end of the month (1403/08/30 23:59, in minutes from day 0);
# nothing in them happens later. Evaluate them at or after it (the docs use 1403/09/01 10:00).
EXPORT = 30 * 1440 + 23 * 60 + 59


def jalali(day, minute):
    """1403/08/DD HH:MM for day 1..30 of Aban (and beyond, into Azar, for later events)."""
    month, d = (8, day) if day <= 30 else (9, day - 30)
    return f"1403/{month:02d}/{d:02d} {minute // 60:02d}:{minute % 60:02d}"


def iso(day, minute):
    date = ABAN_1 + datetime.timedelta(days=day - 1)
    moment = datetime.datetime(date.year, date.month, date.day, minute // 60, minute % 60, tzinfo=TEHRAN)
    return moment.isoformat()


def is_workday(day):
    # Saturday..Wednesday; Python's weekday(): Monday 0 .. Sunday 6, so Thursday 3 and Friday 4 are off.
    return (ABAN_1 + datetime.timedelta(days=day - 1)).weekday() not in (3, 4)


# ---------------------------------------------------------------- spelling as callers type

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ZWNJ = "\u200c"


def digits(text, style):
    table = {"fa": PERSIAN_DIGITS, "ar": ARABIC_DIGITS}.get(style)
    return text if table is None else "".join(table[int(c)] if c.isdigit() else c for c in text)


class Typist:
    """One caller's (or operator's) habits, applied to a whole description."""

    def __init__(self, rng):
        self.arabic_yeh = rng.random() < 0.14
        self.arabic_kaf = rng.random() < 0.10
        self.zwnj = rng.choices(["zwnj", "space", "none"], [0.6, 0.28, 0.12])[0]
        self.digits = rng.choices(["fa", "ascii", "ar"], [0.55, 0.35, 0.10])[0]

    def type(self, text):
        if self.zwnj == "space":
            text = text.replace(ZWNJ, " ")
        elif self.zwnj == "none":
            text = text.replace(ZWNJ, "")
        if self.arabic_yeh:
            text = text.replace("ی", "ي")
        if self.arabic_kaf:
            text = text.replace("ک", "ك")
        return digits(text, self.digits)

    def label(self, text):
        """A name picked from a list: the letters vary, word breaks are a ZWNJ or a space."""
        if self.zwnj != "zwnj":
            text = text.replace(ZWNJ, " ")
        if self.arabic_yeh:
            text = text.replace("ی", "ي")
        if self.arabic_kaf:
            text = text.replace("ک", "ك")
        return text


# ---------------------------------------------------------------- what callers ask about

# Weights follow the governor's order of requests; the rest is the long tail of 111 calls.
CATEGORY_WEIGHTS = {
    "bank_facilities": 13, "investment_obstacles": 11, "housing_deposit": 9, "employment": 7,
    "instalment_repayment": 7, "essential_loans": 6, "cooperative_employment": 5, "personal_hardship": 4,
    "livelihood": 3, "disability": 1.5, "production_loans": 3, "marriage_loan": 2, "childbearing_loan": 1.2,
    "guarantor_collateral": 1.5, "national_housing": 2.5, "housing": 1, "rural_housing": 1, "welfare_housing": 0.8,
    "job_loans": 1.5, "public_hiring": 1.2, "labour_disputes": 1.2, "unemployment_insurance": 0.8,
    "municipal_services": 2.5, "public_transport": 0.5, "rural_services": 1.2, "water": 1.2, "water_resources": 0.8,
    "electricity": 1.2, "gas": 0.8, "roads": 0.8, "health": 1.2, "education": 0.8, "insurance": 1, "pensions": 1,
    "subsidies": 1.2, "justice_shares": 0.8, "agriculture": 1.2, "land_property": 1, "cultural_heritage": 0.3,
    "sports": 0.4, "environment": 0.4, "telecom": 0.5, "prices_market": 0.6, "civil_registry": 0.3, "police": 0.3,
    "judicial": 0.4, "agency_complaint": 1.2, "indebted_prisoners": 0.5, "veterans": 0.6, "other": 1.5,
    "social_harms": 0.6,
}

LOAN_CATEGORIES = {
    "bank_facilities", "housing_deposit", "essential_loans", "marriage_loan", "childbearing_loan",
    "instalment_repayment", "guarantor_collateral", "production_loans", "job_loans",
}

# Amounts in rials, (low, high, step).
AMOUNTS = {
    "bank_facilities": (500_000_000, 5_000_000_000, 100_000_000),
    "housing_deposit": (500_000_000, 3_000_000_000, 100_000_000),
    "essential_loans": (200_000_000, 3_000_000_000, 100_000_000),
    "marriage_loan": (2_000_000_000, 3_000_000_000, 500_000_000),
    "childbearing_loan": (300_000_000, 2_000_000_000, 100_000_000),
    "instalment_repayment": (50_000_000, 2_000_000_000, 10_000_000),
    "guarantor_collateral": (500_000_000, 3_000_000_000, 100_000_000),
    "production_loans": (5_000_000_000, 300_000_000_000, 1_000_000_000),
    "job_loans": (1_000_000_000, 10_000_000_000, 500_000_000),
    "investment_obstacles": (10_000_000_000, 500_000_000_000, 5_000_000_000),
}

# Banks callers name, by topic (ids of the national rulebook).
BANKS_COMMON = ["bank_melli", "bank_mellat", "bank_sepah", "bank_saderat", "bank_tejarat", "bank_keshavarzi", "bank_refah", "bank_post"]
BANKS = {
    "housing_deposit": ["bank_maskan"] * 4 + BANKS_COMMON + ["bank_mehr_iran", "bank_resalat"],
    "essential_loans": ["bank_mehr_iran"] * 4 + ["bank_resalat"] * 3 + BANKS_COMMON,
    "marriage_loan": ["bank_melli", "bank_mellat", "bank_sepah", "bank_mehr_iran", "bank_resalat", "bank_refah", "bank_saderat"],
    "childbearing_loan": ["bank_melli", "bank_mellat", "bank_sepah", "bank_mehr_iran", "bank_resalat"],
    "production_loans": ["bank_sanat_madan"] * 3 + ["bank_tosee_saderat", "bank_keshavarzi", "bank_melli", "bank_mellat", "bank_tejarat"],
    "job_loans": ["bank_tosee_taavon"] * 2 + ["bank_keshavarzi", "bank_post", "bank_refah"],
    "cooperative_employment": ["bank_tosee_taavon"],
    "investment_obstacles": ["bank_sanat_madan", "bank_tosee_saderat", "bank_melli", "bank_mellat"],
}

# Phrases by category. A template is a text, or (text, keywords) when only some of the category's
# keywords fit the sentence; {kw} is the keyword, {amount} a sum of money, {months} a duration.
TEMPLATES = {
    "bank_facilities": [
        ("برای {kw} به بانک مراجعه کردم ولی هنوز جوابی نداده‌اند.", ["وام", "وام بانکی", "تسهیلات", "دریافت وام", "وام کم‌بهره", "وام کم بهره"]),
        ("درخواست {kw} داده‌ام و {months} ماه است در نوبت هستم.", ["وام", "تسهیلات بانکی", "قرض‌الحسنه", "قرض الحسنه"]),
        ("می‌خواستم بپرسم {kw} به چه کسانی تعلق می‌گیرد و مدارکش چیست.", ["وام کم‌بهره", "تسهیلات بانکی", "قرض الحسنه", "سهمیه وام"]),
        ("{kw} به مبلغ {amount} لازم دارم، بانک می‌گوید سهمیه تمام شده.", ["وام", "وام بانکی", "تسهیلات"]),
        ("{kw} استان تمام شده و بانک ثبت‌نام نمی‌کند.", ["سهمیه وام"]),
    ],
    "housing_deposit": [
        ("صاحبخانه {kw} را بالا برده و برای وام ودیعه مسکن ثبت‌نام کرده‌ام ولی خبری نشده.", ["اجاره", "اجاره‌بها", "اجاره بها", "رهن"]),
        ("{kw} هستم و پول پیش خانه را نمی‌توانم بدهم، وام ودیعه می‌خواهم.", ["مستأجر", "مستاجر"]),
        ("برای {kw} به بانک معرفی شدم اما پرونده‌ام را رد کردند.", ["وام ودیعه مسکن", "وام ودیعه", "ودیعه مسکن", "وام رهن"]),
        ("{kw} به مبلغ {amount} می‌خواهم، قرارداد اجاره‌ام تمام شده.", ["کمک ودیعه", "وام ودیعه", "ودیعهٔ مسکن"]),
    ],
    "essential_loans": [
        ("برای {kw} ثبت‌نام کرده‌ام و {months} ماه است منتظرم.", ["وام ضروری", "تسهیلات ضروری", "وام قرض الحسنه ضروری"]),
        ("{kw} به مبلغ {amount} لازم دارم و {kw2} به من نمی‌رسد.", ["وام ضروری", "وام فوری"], ["نوبت وام"]),
        ("{months} ماه است در {kw} هستم، تکلیف ما چیست؟", ["صف وام"]),
    ],
    "marriage_loan": [
        ("برای {kw} سه ماه پیش ثبت‌نام کردیم و هنوز بانک معرفی نشده.", ["وام ازدواج", "تسهیلات ازدواج", "وام ازدواج جوانان"]),
        ("{kw} ما به مبلغ {amount} در بانک معطل مانده است.", ["وام ازدواج", "وام زوجین"]),
    ],
    "childbearing_loan": [
        ("برای {kw} فرزند سومم اقدام کرده‌ام ولی بانک ضامن بیشتری می‌خواهد.", ["وام فرزندآوری", "وام فرزند آوری", "وام تولد فرزند"]),
        ("{kw} را ثبت‌نام کردم و پیامک آمد ولی بانک پرداخت نمی‌کند.", ["وام فرزندآوری", "تسهیلات فرزندآوری", "وام فرزند"]),
    ],
    "instalment_repayment": [
        ("چند ماه است نتوانسته‌ام {kw} وامم را بدهم و جریمه دیرکرد زیاد شده.", ["اقساط", "قسط"]),
        ("درخواست {kw} اقساط دارم، درآمدم کم شده است.", ["تقسیط", "استمهال", "امهال"]),
        ("بانک به خاطر {kw} حسابم را مسدود کرده است.", ["اقساط معوق", "اقساط معوقه", "معوقات", "بدهی بانکی"]),
        ("{amount} {kw} دارم و می‌خواهم تقسیط شود.", ["بدهی بانکی", "اقساط معوقه"]),
        ("برای {kw} وام خودرو مهلت می‌خواهم.", ["بازپرداخت", "باز پرداخت", "بازپرداخت اقساط"]),
    ],
    "guarantor_collateral": [
        ("بانک برای وامم {kw} می‌خواهد و من کسی را ندارم.", ["ضامن", "وثیقه", "سفته"]),
        ("{kw} وام کسی شده‌ام و حالا از حقوقم کسر می‌کنند.", ["ضامن"]),
        ("اداره برای {kw} نامه نمی‌دهد.", ["گواهی کسر از حقوق"]),
    ],
    "production_loans": [
        ("واحد تولیدی ما برای {kw} به مبلغ {amount} درخواست داده ولی بانک وثیقه سنگین می‌خواهد.", ["تسهیلات تولید", "وام تولید", "سرمایه در گردش", "تسهیلات رونق تولید"]),
        ("{kw} ما {months} ماه است بلاتکلیف است و کارگران نگرانند.", ["وام واحد تولیدی", "سرمایه در گردش", "بدهی واحد تولیدی"]),
    ],
    "investment_obstacles": [
        ("برای {kw} در شهرک صنعتی اقدام کرده‌ام ولی استعلام‌ها تمام نمی‌شود.", ["پروانه بهره‌برداری", "پروانه بهره برداری", "مجوز", "سرمایه‌گذاری", "سرمایه گذاری"]),
        ("{kw} هستم و طرح ما {months} ماه است برای {kw2} معطل مانده.", ["سرمایه‌گذار", "سرمایه گذار"], ["مجوز", "رفع موانع"]),
        ("{kw} ما به خاطر بدهی برق و مالیات در خطر تعطیلی است.", ["کارخانه", "واحد تولیدی"]),
        ("برای طرح {amount}ی ما با {kw} روبرو هستیم.", ["موانع سرمایه‌گذاری", "موانع سرمایه گذاری", "موانع تولید"]),
        ("درخواست {kw} طرح ما در ستاد استان بررسی نشده.", ["رفع موانع"]),
    ],
    "employment": [
        ("جوان {age} ساله‌ام و دنبال {kw} هستم، کمکم کنید.", ["کار", "شغل", "فرصت شغلی"]),
        ("{months} ماه است {kw} هستم و خرج خانواده را ندارم.", ["بیکار"]),
        ("برای {kw} در کارخانه‌های استان ثبت‌نام کرده‌ام.", ["اشتغال", "کاریابی", "اشتغال جوانان"]),
    ],
    "cooperative_employment": [
        ("می‌خواهیم با چند نفر {kw} بدهیم، راهنمایی کنید.", ["تشکیل تعاونی"]),
        ("{kw} ما برای گرفتن وام اشتغال معطل مانده است.", ["شرکت تعاونی", "تعاونی تولید", "تعاونی"]),
        ("عضو {kw} هستیم و سهمیه ما داده نشده است.", ["شرکت تعاونی", "تعاونی مسکن", "تعاونی"]),
        ("برای {kw} زنان روستا ثبت‌نام کرده‌ایم.", ["اشتغال تعاونی", "وام تعاونی"]),
    ],
    "job_loans": [
        ("برای {kw} طرح مشاغل خانگی درخواست داده‌ام.", ["وام اشتغال", "تسهیلات اشتغال"]),
        ("{kw} به مبلغ {amount} می‌خواهم تا کارگاه کوچکی راه بیندازم.", ["وام کارآفرینی", "وام اشتغال", "تسهیلات اشتغال‌زایی"]),
        ("طرح {kw} من در بانک مانده است.", ["خوداشتغالی", "خود اشتغالی", "اشتغال روستایی", "اشتغال فراگیر"]),
    ],
    "public_hiring": [
        ("در {kw} شرکت کرده‌ام و نتیجه اعلام نشده.", ["آزمون استخدامی"]),
        ("{kw} ما {months} سال است انجام نشده.", ["تبدیل وضعیت"]),
        ("{kw} هستم و قراردادم تمدید نشده.", ["نیروی قراردادی", "نیروی شرکتی", "نیروی حجمی"]),
    ],
    "labour_disputes": [
        ("{kw} ما {months} ماه است پرداخت نشده.", ["حقوق معوق", "دستمزد"]),
        ("کارفرما بدون دلیل ما را {kw} کرده است.", ["اخراج"]),
        ("در {kw} شکایت کرده‌ام و جلسه برگزار نمی‌شود.", ["هیئت حل اختلاف", "هیات حل اختلاف", "اداره کار"]),
    ],
    "unemployment_insurance": ["{kw} من قطع شده است.", "برای {kw} اقدام کرده‌ام ولی جوابی نگرفته‌ام."],
    "personal_hardship": [
        "سرپرست خانوار هستم و برای هزینه درمان همسرم کمک مالی می‌خواهم.",
        "به خاطر یک مشکل خانوادگی به کمک هزینه نیاز دارم.",
        ("خانواده‌ای {kw} هستیم و زمستان پیش رو است.", ["بی‌بضاعت", "بی بضاعت", "نیازمند"]),
        "پدرم بیمار است و هزینه درمان را نداریم.",
        ("{kw} پیش آمده و نیاز به کمک مالی داریم.", ["مشکل شخصی", "گرفتاری", "مشکلات شخصی"]),
        ("فرزندم {kw} دارد و بیمه هزینه‌ها را نمی‌دهد.", ["هزینه درمان"]),
    ],
    "livelihood": [
        ("{kw} هستم و سبد غذایی این ماه نرسیده.", ["مددجو", "زن سرپرست خانوار", "تحت پوشش"]),
        ("برای {kw} خانواده‌ام کمک می‌خواهم.", ["معیشت", "کمک معیشتی"]),
        ("{kw} ما چند ماه است واریز نشده.", ["مستمری کمیته"]),
    ],
    "disability": [
        ("فرزندم {kw} است و ویلچر لازم داریم.", ["معلول", "کم توان"]),
        ("{kw} هستم و حق پرستاری قطع شده.", ["معلول"]),
        ("برای {kw} پدرم نوبت نمی‌دهند.", ["توانبخشی", "سمعک"]),
    ],
    "indebted_prisoners": [
        ("برادرم برای {kw} زندانی است و خانواده تنها مانده.", ["دیه", "مهریه"]),
        ("برای {kw} بابت چک برگشتی کمک می‌خواهم.", ["آزادی زندانی"]),
    ],
    "veterans": [
        ("{kw} هستم و درخواستم در بنیاد مانده.", ["جانباز", "آزاده", "ایثارگر"]),
        ("{kw} هستم و برای کمک هزینه مراجعه کرده‌ام.", ["فرزند شهید", "خانواده شهید"]),
    ],
    "national_housing": [
        ("در {kw} ثبت‌نام کرده‌ام و هنوز تحویل واحد انجام نشده.", ["نهضت ملی مسکن", "طرح نهضت", "مسکن ملی"]),
        ("قسط دوم {kw} را داده‌ام ولی پروژه پیشرفتی ندارد.", ["نهضت ملی مسکن", "مسکن ملی"]),
    ],
    "housing": [("برای {kw} مشکل دارم و جای زندگی نداریم.", ["مسکن", "منزل", "سرپناه"]), ("{kw} ما خراب شده و جای دیگری نداریم.", ["خانه", "منزل"])],
    "rural_housing": [("برای {kw} روستایمان وام گرفته‌ایم ولی مصالح گران شده.", ["مقاوم‌سازی", "مقاوم سازی", "بهسازی مسکن"]), ("{kw} ما هنوز پرداخت نشده.", ["وام مسکن روستایی"])],
    "welfare_housing": [("برای {kw} ثبت‌نام کرده‌ایم و نوبت ما نرسیده.", ["مسکن مددجویی", "مسکن معلولین", "مسکن محرومان"])],
    "municipal_services": [
        ("{kw} کوچه ما {months} ماه است رسیدگی نشده.", ["آسفالت", "زیرسازی", "جمع‌آوری زباله"]),
        ("{kw} محله ما جمع نمی‌شود و بو می‌دهد.", ["زباله", "پسماند"]),
        ("شهرداری برای {kw} جواب نمی‌دهد.", ["پروانه ساخت", "عوارض", "سد معبر", "فضای سبز"]),
        ("{kw} در محله ما زیاد شده‌اند و بچه‌ها می‌ترسند.", ["سگ ولگرد"]),
    ],
    "public_transport": [("{kw} خط ما کم شده و مردم منتظر می‌مانند.", ["اتوبوس", "تاکسی"])],
    "rural_services": [
        ("{kw} ما کارها را انجام نمی‌دهد و کسی رسیدگی نمی‌کند.", ["دهیاری", "بخشداری"]),
        ("{kw} روستای ما نیمه‌کاره مانده.", ["طرح هادی"]),
        ("{kw} ما برف‌گیر است و کسی رسیدگی نمی‌کند.", ["جاده روستا"]),
    ],
    "water": [("{kw} محله ما چند روز است ادامه دارد.", ["قطعی آب", "قطع آب", "بی آبی", "کم‌آبی"]), ("{kw} خانه ما خیلی زیاد آمده.", ["قبض آب"]), ("{kw} کوچه ما ترکیده است.", ["لوله آب"])],
    "water_resources": [("{kw} ما را پلمب کرده‌اند.", ["چاه", "چاه کشاورزی"]), ("برای {kw} باغ‌مان اقدام کرده‌ایم.", ["پروانه چاه", "حقابه"]), ("{kw} روستا لایروبی نشده.", ["رودخانه"])],
    "electricity": [("{kw} روستای ما هر شب چند ساعت است.", ["قطعی برق", "خاموشی"]), ("برای {kw} منزل درخواست داده‌ام.", ["انشعاب برق", "کنتور برق"]), ("{kw} کوچه ما خاموش است.", ["روشنایی معابر", "تیر برق"])],
    "gas": [("{kw} خانه ما در این سرما مشکل دارد.", ["افت فشار گاز", "لوله کشی گاز"]), ("برای {kw} روستا ثبت‌نام کرده‌ایم.", ["گازرسانی", "گاز رسانی", "انشعاب گاز"])],
    "roads": [("{kw} روستای ما خراب است و تصادف می‌شود.", ["جاده", "راه روستایی", "راه ارتباطی"]), ("{kw} محور ما انجام نشده.", ["برف‌روبی", "برف روبی", "آسفالت جاده"])],
    "health": [("برای {kw} در بیمارستان شهر مشکل داریم.", ["پزشک متخصص", "نوبت دهی"]), ("{kw} در داروخانه‌ها پیدا نمی‌شود.", ["دارو"]), ("{kw} روستای ما پزشک ندارد.", ["خانه بهداشت", "درمانگاه"])],
    "education": [("{kw} روستای ما معلم ندارد.", ["مدرسه"]), ("برای {kw} فرزندم مشکل داریم.", ["ثبت نام مدرسه", "ثبت‌نام مدرسه", "سرویس مدرسه", "کتاب درسی"])],
    "insurance": [("{kw} من ثبت نشده است.", ["سابقه بیمه", "حق بیمه"]), ("برای {kw} اقدام کرده‌ام.", ["بیمه قالیبافان", "بیمه روستایی", "بیمه خویش فرما", "دفترچه بیمه"])],
    "pensions": [("{kw} من هنوز پرداخت نشده.", ["حقوق بازنشستگی", "مستمری", "وام بازنشستگان"]), ("درباره {kw} حقوق سؤال دارم.", ["همسان‌سازی", "همسان سازی"])],
    "subsidies": [("{kw} خانواده ما قطع شده است.", ["یارانه", "یارانه نقدی", "کالابرگ"]), ("{kw} این ماه واریز نشده.", ["یارانه", "کالابرگ", "کالا برگ"]), ("{kw} ما اشتباه ثبت شده.", ["دهک"])],
    "justice_shares": [("{kw} به حساب من واریز نشده.", ["سود سهام عدالت"]), ("از {kw} هستم.", ["جاماندگان سهام عدالت", "جا ماندگان سهام عدالت"])],
    "agriculture": [("{kw} محصول ما را از بین برده است.", ["خشکسالی", "سرمازدگی", "تگرگ", "آفت"]), ("پول {kw} ما پرداخت نشده.", ["خرید تضمینی", "گندم"]), ("{kw} به ما نرسیده.", ["نهاده دامی", "کود", "بذر"])],
    "land_property": [("برای {kw} زمینم {months} سال است پیگیری می‌کنم.", ["سند تک‌برگ", "سند تک برگ", "سند مالکیت"]), ("{kw} ملک ما بررسی نمی‌شود.", ["تغییر کاربری"])],
    "cultural_heritage": [("{kw} محله ما در حال تخریب است.", ["بنای تاریخی", "بافت تاریخی"])],
    "sports": [("{kw} محله ما بسته است.", ["سالن ورزشی", "زمین چمن", "استخر"])],
    "environment": [("{kw} کارخانه اطراف شهر مردم را اذیت می‌کند.", ["آلودگی", "بوی نامطبوع"]), ("{kw} در کوه‌های اطراف زیاد شده.", ["شکار غیرمجاز"])],
    "telecom": [("{kw} روستای ما وصل نمی‌شود.", ["اینترنت", "تلفن ثابت"]), ("{kw} خانه ما چند روز است ادامه دارد.", ["قطعی اینترنت"])],
    "prices_market": [("{kw} در فروشگاه‌های شهر زیاد شده.", ["گران‌فروشی", "گران فروشی", "کم فروشی", "احتکار"]), ("از {kw} محله شکایت دارم.", ["نانوایی"])],
    "civil_registry": [("برای {kw} فرزندم مراجعه کرده‌ام و معطل مانده‌ام.", ["شناسنامه", "کارت ملی", "المثنی"])],
    "police": [("{kw} در محله ما زیاد شده است.", ["سرقت", "دزدی", "مزاحمت"])],
    "judicial": [("پرونده من در {kw} دو سال است مانده.", ["دادگاه", "دادسرا", "دادگستری"])],
    "agency_complaint": [
        ("از {kw} یکی از کارمندان اداره ثبت‌نام گلایه دارم.", ["برخورد نامناسب", "بی‌توجهی", "بی توجهی"]),
        ("{kw} اداره مربوطه باعث شده چند بار مراجعه کنم.", ["عدم پاسخگویی", "سرگردانی", "معطلی"]),
        ("از {kw} ادارات شهرستان شکایت دارم.", ["تخلف", "تبعیض"]),
    ],
    # Social harms and unfinished projects: no category keyword, Hamedan's own rules catch them.
    "social_harms": [
        "برادرم معتاد است و خانواده نمی‌داند کجا مراجعه کند.",
        "کودکان کار سر چهارراه‌های شهر زیاد شده‌اند.",
        "خواهرم از خشونت خانگی رنج می‌برد و جایی ندارد برود.",
        "جوانان محله ما درگیر اعتیاد شده‌اند.",
    ],
    # No keyword at all: the category cannot be inferred, so triage decides.
    "other": [
        "درباره موضوعی که قبلاً گفتم دوباره تماس گرفتم.",
        "می‌خواستم پیگیری کنم، کد پیگیری‌ام را گم کرده‌ام.",
        "لطفاً با من تماس بگیرید، موضوع را حضوری توضیح می‌دهم.",
    ],
}

OPENINGS = ["سلام، ", "با سلام و احترام، ", "سلام وقت بخیر، ", "", "", "ببخشید، ", "درود، "]
FROM_COUNTY = ["از {county} تماس می‌گیرم. ", "ساکن {county} هستم. ", "", "", "از شهرستان {county} زنگ می‌زنم. "]
CLOSINGS = ["", "", "لطفاً پیگیری کنید.", "ممنون می‌شوم رسیدگی کنید.", "چند بار مراجعه کرده‌ام و نتیجه‌ای نگرفته‌ام.", "خواهش می‌کنم کمک کنید.", "منتظر پاسخ هستم."]
NEEDY_NOTES = {"relief": "تحت پوشش کمیته امداد هستم. ", "welfare": "تحت پوشش بهزیستی هستم. ", "mostazafan": "", "bonyad_shahid": "", "setad": ""}

# Hamedan's counties by rough share of the province's population.
HAMEDAN_COUNTY_WEIGHTS = {
    "hamedan": 36, "malayer": 17, "nahavand": 10, "tuyserkan": 7, "kabudarahang": 7, "asadabad": 6,
    "bahar": 6, "razan": 5, "famenin": 3, "dargazin": 3,
}

STATUSES = [("registered", 34), ("referred", 40), ("waiting_documents", 8), ("answered", 12), ("resolved", 6)]
STATUS_LABELS = {"registered": "ثبت شده", "referred": "ارجاع شده", "waiting_documents": "در انتظار مدارک", "answered": "پاسخ داده شده", "resolved": "مختومه"}


def money_text(rng, rials, typist):
    """An amount as operators type it."""
    style = rng.random()
    grouped = f"{rials:,}"
    if style < 0.35:
        return f"{grouped} rials"
    if style < 0.55:
        return rials  # a JSON number
    if style < 0.75:
        return digits(grouped.replace(",", "٬"), "fa") + " ریال"
    if style < 0.9:
        return str(rials)
    return digits(str(rials), "ar")


def spoken_amount(rng, rials):
    """An amount inside a description: `۱۵۰ میلیون تومان`."""
    toman = rials // 10
    if toman >= 1_000_000_000 and toman % 1_000_000_000 == 0:
        return f"{toman // 1_000_000_000} میلیارد تومان"
    if toman >= 1_000_000_000:
        return f"{toman // 1_000_000_000} میلیارد و {toman % 1_000_000_000 // 1_000_000} میلیون تومان"
    return f"{toman // 1_000_000} میلیون تومان"


def check_templates(categories):
    """Every keyword a template names is one of its category's, so inference can find it."""
    problems = []
    for category, templates in TEMPLATES.items():
        assert category in CATEGORY_WEIGHTS, category
        for template in templates:
            if isinstance(template, tuple):
                for keyword in [k for group in template[1:] for k in group]:
                    if keyword not in categories[category]["keywords"]:
                        problems.append(f"«{keyword}» is not a keyword of {category}")
    if problems:
        raise SystemExit("gen_cases: " + "; ".join(problems))


def pick(rng, weights):
    keys = list(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


def describe(rng, category, categories, county_name, needy_body, typist):
    template = rng.choice(TEMPLATES[category])
    keywords, keywords2 = categories.get(category, {}).get("keywords", []), []
    if isinstance(template, tuple):
        template, keywords, *rest = template
        keywords2 = rest[0] if rest else []
    fields = {
        "kw": rng.choice(keywords) if keywords else "",
        "kw2": rng.choice(keywords2 or keywords) if keywords2 or keywords else "",
        "months": rng.choice(["دو", "سه", "چهار", "شش", "8", "10", "12"]),
        "age": rng.randint(19, 34),
        "amount": spoken_amount(rng, rng.randrange(*AMOUNTS.get(category, (100_000_000, 2_000_000_000, 100_000_000)))),
    }
    text = rng.choice(OPENINGS)
    if county_name and rng.random() < 0.6:
        text += rng.choice(FROM_COUNTY).format(county=county_name)
    if needy_body and rng.random() < 0.5:
        text += NEEDY_NOTES.get(needy_body, "")
    text += template.format(**fields)
    closing = rng.choice(CLOSINGS)
    if closing:
        text += " " + closing
    return typist.type(text)


def make_case(rng, serial, province_id, provinces, categories, agencies):
    province = provinces[province_id]
    typist = Typist(rng)
    case = {}
    prefix = "HMD" if province_id == "hamedan" else province_id.upper().replace("_", "")[:3]
    case["id"] = f"{prefix}-1403-08-{serial:06d}"

    # Where the call comes from: the province by name, or only the caller's area code.
    caller = {}
    how = rng.random()
    if how < 0.62:
        case["province"] = rng.choices([typist.label(province["name"]), province["english"], province_id], [8, 1, 1])[0]
        if rng.random() < 0.8:
            caller["area_code"] = province["area"]
    else:
        caller["area_code"] = digits(province["area"], "fa") if rng.random() < 0.2 else province["area"]

    # County: Hamedan weighted by population, other provinces uniformly.
    county_name = None
    if rng.random() < 0.9:
        if province_id == "hamedan":
            cid = pick(rng, HAMEDAN_COUNTY_WEIGHTS)
            entry = next(c for c in province["counties"] if c[0] == cid)
        else:
            entry = rng.choice(province["counties"])
        cid, fa, en = entry
        county_name = fa
        form = rng.random()
        if form < 0.6:
            case["county"] = cid
        elif form < 0.9:
            case["county"] = typist.label(fa)
        else:
            case["county"] = en or cid

    category = pick(rng, CATEGORY_WEIGHTS)

    # The caller.
    needy = rng.random() < (0.3 if category in ("personal_hardship", "livelihood", "disability", "welfare_housing", "housing_deposit", "essential_loans") else 0.12)
    body = None
    if needy:
        caller["needy"] = rng.choice([True, "yes", True])
        if rng.random() < 0.8:
            body = rng.choices(["relief", "welfare", "mostazafan", "bonyad_shahid", "setad"], [55, 30, 5, 5, 5])[0]
    elif rng.random() < 0.03:
        body = "welfare"
    if body:
        # By id, or by the body's title in this province.
        caller["support_body"] = body if rng.random() < 0.75 else province["agencies"].get(body, agencies[body])
    if category == "disability" or rng.random() < 0.04:
        caller["disabled"] = True
    if category == "veterans" or rng.random() < 0.035:
        caller["veteran"] = rng.choice([True, "yes"])
    if caller:
        case["caller"] = caller

    case["description"] = describe(rng, category, categories, county_name, body, typist)

    # The operator picks the category from the list in a third of the calls; otherwise it is
    # inferred from the description (and `other` is what an operator picks when nothing fits).
    if category == "social_harms":
        pass
    elif category == "other":
        if rng.random() < 0.5:
            case["category"] = rng.choice(["other", "سایر"])
    elif rng.random() < 0.33:
        case["category"] = category if rng.random() < 0.7 else typist.label(categories[category]["label"])

    parent_loan = category in LOAN_CATEGORIES
    if category in BANKS and (parent_loan or category in ("cooperative_employment", "investment_obstacles")) and rng.random() < (0.45 if parent_loan else 0.2):
        bank = rng.choice(BANKS[category])
        case["bank"] = bank if rng.random() < 0.7 else agencies[bank]
    elif category == "bank_facilities" and rng.random() < 0.4:
        bank = rng.choice(BANKS_COMMON + ["bank_mehr_iran", "bank_resalat", "bank_maskan"])
        case["bank"] = bank if rng.random() < 0.7 else agencies[bank]
    if category in AMOUNTS and rng.random() < (0.7 if parent_loan else 0.35):
        low, high, step = AMOUNTS[category]
        case["amount"] = money_text(rng, rng.randrange(low, high + step, step), typist)

    # When: a working-hours call most of the time, some evenings and weekends.
    day = rng.randint(1, 30)
    if is_workday(day) and rng.random() < 0.8:
        minute = rng.randint(7 * 60 + 30, 14 * 60 + 29)
    else:
        minute = rng.randint(8 * 60, 22 * 60 + 59)
    status = pick(rng, dict(STATUSES))
    jalali_style = rng.random() < 0.6
    stamp = (lambda d, m: digits(jalali(d, m), typist.digits if rng.random() < 0.3 else "ascii")) if jalali_style else iso
    case["opened"] = stamp(day, minute)

    # What happened to the case, up to the export at the end of the month: a case opened late
    # may not have got as far as its status would otherwise take it.
    events = [("registered", day * 1440 + minute)]
    if status != "registered":
        # Referred within a few working hours, sometimes a day or more later.
        referred = day * 1440 + minute + rng.randint(20, 240)
        if referred % 1440 > 14 * 60 + 30 or rng.random() < 0.15:
            referred = (day + rng.randint(1, 3)) * 1440 + rng.randint(8 * 60, 13 * 60)
        events.append(("referred", referred))
        later = (referred // 1440 + rng.randint(1, 12)) * 1440 + rng.randint(8 * 60, 14 * 60)
        if status == "waiting_documents":
            events.append(("waiting_documents", later))
        elif status in ("answered", "resolved"):
            events.append(("answered", later))
            if status == "resolved":
                events.append(("resolved", (later // 1440 + rng.randint(1, 5)) * 1440 + rng.randint(8 * 60, 14 * 60)))
    events = [(s, t) for s, t in events if t <= EXPORT]
    status = events[-1][0]
    when = dict(events)
    if "referred" in when and rng.random() < 0.92:
        case["referred"] = stamp(*divmod(when["referred"], 1440))
    if "answered" in when:
        case["last_response"] = stamp(*divmod(when["answered"], 1440))
    case["status"] = status if rng.random() < 0.85 else STATUS_LABELS[status]

    repeat = rng.choices([0, 1, 2, 3, 4, 5, 7], [68, 15, 8, 4, 2.5, 1.5, 1])[0]
    if repeat or rng.random() < 0.3:
        case["repeat_calls"] = repeat if rng.random() < 0.7 else digits(str(repeat), "fa")
        # The agency answered once, and the caller rang again.
        response = when.get("referred", EXPORT + 1) + 1440 + rng.randint(0, 300)
        if repeat >= 2 and "last_response" not in case and response <= EXPORT and rng.random() < 0.6:
            case["last_response"] = stamp(*divmod(response, 1440))

    # The status history, where the SAMAD export includes it (a quarter of referred cases).
    if len(events) > 1 and rng.random() < 0.25:
        case["history"] = [{"status": s, "at": iso(*divmod(t, 1440))} for s, t in events]
    return case


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1403)
    parser.add_argument("--other-provinces", type=float, default=0.15, help="share of calls from other provinces")
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()

    provinces, categories, agencies = read_rulebooks()
    check_templates(categories)
    rng = random.Random(args.seed)
    others = sorted(p for p in provinces if p != "hamedan")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        for serial in range(1, args.count + 1):
            province_id = rng.choice(others) if rng.random() < args.other_provinces else "hamedan"
            case = make_case(rng, serial, province_id, provinces, categories, agencies)
            out.write(json.dumps(case, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"gen_cases: wrote {args.count} cases to {os.path.relpath(args.out, ROOT)}")


if __name__ == "__main__":
    main()
