"""The prior-authorization templates give the right key: each test reads the drawn case back from the prompt and
recomputes the answer by counting hours, calendar days and units itself, not by calling revcycle again."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta

import pytest

from revcycle.codes.remit import CARC
from workbook.exercises.templates import by_chapter, templates

SEEDS = range(40)
CHAPTER = "prior-authorization"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
TIMED = {"Medicare Advantage organization", "state Medicaid fee-for-service program", "Medicaid managed care plan",
         "state CHIP fee-for-service program", "CHIP managed care entity"}


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:prior-auth:{tid}"), f"s{seed}-001")


def day_of(text: str) -> date:
    month, d, year = re.match(r"(\w+) (\d+), (\d{4})", text).groups()
    return date(int(year), MONTHS.index(month) + 1, int(d))


def moment_of(text: str) -> datetime:
    m = re.match(r"\w+, (\w+ \d+, \d{4}), at (\d+):(\d\d) (a\.m\.|p\.m\.)", text)
    hour = int(m.group(2)) % 12 + (12 if m.group(4) == "p.m." else 0)
    return datetime.combine(day_of(m.group(1)), datetime.min.time()).replace(hour=hour, minute=int(m.group(3)))


def test_the_chapter_has_its_three_templates():
    assert {t.id for t in by_chapter()[CHAPTER]} >= {"pa-decision-deadline", "pa-units-over", "pa-reason-code"}


@pytest.mark.parametrize("seed", SEEDS)
def test_the_decision_deadline_is_72_hours_or_7_calendar_days(seed):
    ex, key = draw("pa-decision-deadline", seed)
    payer = re.search(r"goes to this payer: \*\*(.+?)\*\*", ex.prompt).group(1)
    urgency = re.search(r"urgency: \*\*(\w+)\*\*", ex.prompt).group(1)
    received = moment_of(re.search(r"received: \*\*(.+?)\*\*", ex.prompt).group(1))
    assert received >= datetime(2026, 1, 1)
    if payer not in TIMED:
        assert key.answer == "CMS-0057-F sets no decision time for this payer"
    elif urgency == "expedited":
        assert moment_of(key.answer.removeprefix("By ")) == received + timedelta(hours=72)
    else:
        shown = re.match(r"By the end of \w+, (.+)$", key.answer).group(1)
        assert day_of(shown) == received.date() + timedelta(days=7)
    assert key.answer in ex.options and len(set(ex.options)) == len(ex.options) >= 3


@pytest.mark.parametrize("seed", SEEDS)
def test_units_over_are_the_excess_over_the_approval(seed):
    ex, key = draw("pa-units-over", seed)
    approved = int(re.search(r"\*\*(\d+) units\*\* in all", ex.prompt).group(1))
    used = int(re.search(r"paid for \*\*(\d+) units\*\*", ex.prompt).group(1))
    start, end = (day_of(s) for s in re.search(r"from (\w+ \d+, \d{4}) to (\w+ \d+, \d{4})", ex.prompt).groups())
    lines = re.findall(r"line \d: `(\d{5})` \([a-z ]+\), (\w+ \d+, \d{4}), (\d+) units", ex.prompt)
    assert lines and all(start <= day_of(d) <= end for _c, d, _u in lines)
    billed = sum(int(u) for _c, _d, u in lines)
    assert int(key.answer) == max(0, used + billed - approved) - max(0, used - approved)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_reason_code_fits_the_mismatch(seed):
    ex, key = draw("pa-reason-code", seed)
    code = re.search(r"bills `(\d{5})`", ex.prompt).group(1)
    units = int(re.search(r"\), (\d+) units, on", ex.prompt).group(1))
    on = day_of(re.search(r"units, on (\w+ \d+, \d{4})", ex.prompt).group(1))
    if "none was requested" in ex.prompt:
        expected = "197"
    else:
        approved = int(re.search(r"`97530`, (\d+) units,", ex.prompt).group(1))
        start, end = (day_of(s) for s in re.search(r"units, (\w+ \d+, \d{4}) to (\w+ \d+, \d{4})",
                                                    ex.prompt).groups())
        used = int(m.group(1)) if (m := re.search(r"paid for (\d+) units", ex.prompt)) else 0
        if code not in ("97110", "97530") or "item 23 is blank" in ex.prompt:
            expected = "15"
        elif not start <= on <= end:
            expected = "197"
        else:
            assert used + units > approved, ex.prompt
            expected = "198"
    assert key.answer == f"{expected}: {CARC[expected]}"
    assert key.answer in ex.options


def test_the_draws_vary():
    for tid in ("pa-decision-deadline", "pa-units-over", "pa-reason-code"):
        prompts = {draw(tid, seed)[0].prompt for seed in range(12)}
        assert len(prompts) >= 10, tid
    problems = {draw("pa-reason-code", s)[1].explanation.split("(")[0] for s in SEEDS}
    assert len(problems) == 5
    payers = {re.search(r"this payer: \*\*(.+?)\*\*", draw("pa-decision-deadline", s)[0].prompt).group(1)
              for s in SEEDS}
    assert len(payers & TIMED) >= 3 and payers - TIMED
