#!/usr/bin/env python3
"""Write Tests/MasirTests/Fixtures/jalali-oracle.tsv: every day of Jalali 1395-1410 as converted by jdatetime.

CalendarTests compares Masir's own Jalali arithmetic against this file, so the fixture must come
from an independent implementation. It needs jdatetime from PyPI and is not run by CI; the
fixture is committed. To regenerate:

  python3 -m venv /tmp/oracle-venv && /tmp/oracle-venv/bin/pip install jdatetime==6.1.1
  /tmp/oracle-venv/bin/python scripts/gen_jalali_oracle.py

Columns: gregorian (yyyy-mm-dd), jalali (yyyy/mm/dd), weekday (Sat..Fri).
"""
import datetime
import os

import jdatetime

FIRST_YEAR, LAST_YEAR = 1395, 1410
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "MasirTests", "Fixtures", "jalali-oracle.tsv")
WEEKDAYS = ["Sat", "Sun", "Mon", "Tue", "Wed", "Thu", "Fri"]  # jdatetime's weekday(): 0 = Saturday


def main():
    day = jdatetime.date(FIRST_YEAR, 1, 1).togregorian()
    end = jdatetime.date(LAST_YEAR + 1, 1, 1).togregorian()
    lines = ["gregorian\tjalali\tweekday"]
    while day < end:
        j = jdatetime.date.fromgregorian(date=day)
        assert j.togregorian() == day
        lines.append(f"{day.isoformat()}\t{j.year:04d}/{j.month:02d}/{j.day:02d}\t{WEEKDAYS[j.weekday()]}")
        day += datetime.timedelta(days=1)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
