"""The institutional-billing templates give the right key: each test reads the drawn case back from the prompt and
recomputes the answer with plain Decimal arithmetic (42 CFR 412.64's steps) or a calendar count, not by calling
revcycle.payment.ipps again."""

from __future__ import annotations

import random
import re
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest

from workbook.exercises.templates import by_chapter, templates

SEEDS = range(30)
MONEY = r"\\\$([0-9,]+\.[0-9]{2})"
CHAPTER = "institutional-billing"


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:institutional:{tid}"), f"i{seed}-001")


def dollars(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_the_chapter_has_its_three_templates():
    assert {t.id for t in by_chapter()[CHAPTER]} >= {"inst-decode-tob", "inst-drg-payment", "inst-two-midnight"}


@pytest.mark.parametrize("seed", SEEDS)
def test_decode_tob_reads_each_character(seed):
    ex, key = draw("inst-decode-tob", seed)
    tob = re.search(r"`(0[0-9]{3})`", ex.prompt).group(1)
    facility = {"1": "hospital", "2": "skilled nursing facility"}[tob[1]]
    kind = {"1": "inpatient (Part A)", "2": "inpatient (Part B only)", "3": "outpatient"}[tob[2]]
    frequency = {"1": "one claim", "7": "replacement", "8": "void"}[tob[3]]
    assert key.answer.startswith(f"{facility}, {kind}, ") and frequency in key.answer
    assert key.answer in ex.options and len(set(ex.options)) == len(ex.options) >= 3


@pytest.mark.parametrize("seed", SEEDS)
def test_drg_payment_follows_the_four_steps(seed):
    ex, key = draw("inst-drg-payment", seed)
    index = Decimal(re.search(r"wage index is \*\*([0-9.]+)\*\*", ex.prompt).group(1))
    weight = Decimal(re.search(r"relative weight \*\*([0-9.]+)\*\*", ex.prompt).group(1))
    labor_1a, nonlabor_1a, labor_1b, nonlabor_1b = (dollars(a) for a in re.findall(r"labor " + MONEY, ex.prompt))
    # the prompt quotes Tables 1A and 1B of the FY 2026 final rule, full update, as the engine ships them
    assert (labor_1a, nonlabor_1a, labor_1b, nonlabor_1b) == tuple(
        Decimal(v) for v in ("4456.72", "2295.89", "4186.62", "2565.99"))
    labor, nonlabor = (labor_1a, nonlabor_1a) if index > 1 else (labor_1b, nonlabor_1b)
    expected = cents((labor * index + nonlabor) * weight)
    assert Decimal(key.answer) == expected
    assert ex.case and "Tables 1A and 1B" in ex.prompt and "illustrative" not in ex.prompt


@pytest.mark.parametrize("seed", SEEDS)
def test_two_midnight_counts_calendar_midnights(seed):
    ex, key = draw("inst-two-midnight", seed)
    when = re.findall(r"\*\*[A-Za-z]+, ([A-Za-z]+ [0-9]+) at ([0-9]{2}:[0-9]{2})\*\*", ex.prompt)
    start, end = (datetime.strptime(f"{d} 2026 {t}", "%B %d %Y %H:%M") for d, t in when)
    if end < start:  # the stay ran past New Year
        end = end.replace(year=2027)
    crosses = (end.date() - start.date()).days >= 2
    assert key.answer.startswith("Yes") is crosses
    assert key.answer in ex.options
