"""The remittances-in-full templates give the right key: each test reads the drawn case back from the prompt and
recomputes the answer with plain Decimal and date arithmetic (the 835 balance, 30 days then simple interest over
365, and the 405.980/405.942 windows), not by calling revcycle again."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest

from workbook.exercises.templates import by_chapter, templates

SEEDS = range(20)
MONEY = r"(-?)\\\$([0-9,]+\.[0-9]{2})"
CHAPTER = "remittances-in-full"


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:remits:{tid}"), f"r{seed}-001")


def amount(sign: str, text: str) -> Decimal:
    value = Decimal(text.replace(",", ""))
    return -value if sign else value


def day(text: str) -> date:
    return datetime.strptime(text, "%B %d, %Y").date()


def test_the_chapter_has_its_three_templates():
    assert {t.id for t in by_chapter()[CHAPTER]} >= {"rim-plb-balance", "rim-late-interest", "rim-reopening-dates"}


@pytest.mark.parametrize("seed", range(8))
def test_plb_balance_is_claims_less_adjustments(seed):
    ex, key = draw("rim-plb-balance", seed)
    claims = [amount(s, a) for s, a in re.findall(r"paid " + MONEY, ex.prompt)]
    plbs = [amount(s, a) for s, a in re.findall(r"- `[A-Z0-9]{2}` " + MONEY, ex.prompt)]
    assert 1 <= len(claims) <= 4 and len(plbs) >= 2
    assert "`WO`" in ex.prompt and "`L6` -" in ex.prompt
    assert Decimal(key.answer) == sum(claims) - sum(plbs)
    assert ex.case


@pytest.mark.parametrize("seed", SEEDS)
def test_late_interest_is_simple_interest_after_thirty_days(seed):
    ex, key = draw("rim-late-interest", seed)
    received, paid = (day(d) for d in re.findall(r"on ([A-Z][a-z]+ [0-9]{1,2}, [0-9]{4})", ex.prompt))
    pay = amount(*re.search(r"pays " + MONEY, ex.prompt).groups())
    rate = Decimal(re.search(r"in force is ([0-9.]+) percent", ex.prompt).group(1))
    late = (paid - (received + timedelta(days=30))).days
    assert late >= 1
    expected = (pay * rate / 100 * late / 365).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert Decimal(key.answer) == expected


def years_later(d: date, n: int) -> date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return d.replace(year=d.year + n, day=28)


@pytest.mark.parametrize("seed", SEEDS)
def test_reopening_dates(seed):
    ex, key = draw("rim-reopening-dates", seed)
    decided = day(re.search(r"is dated ([A-Z][a-z]+ [0-9]{1,2}, [0-9]{4})", ex.prompt).group(1))
    if "redetermination" in ex.prompt:
        expected = decided + timedelta(days=125)
    elif "any reason" in ex.prompt:
        expected = years_later(decided, 1)
    else:
        assert "good cause" in ex.prompt
        expected = years_later(decided, 4)
    assert key.answer == f"{expected:%B} {expected.day}, {expected.year}"
    assert key.answer in ex.options and len(set(ex.options)) == len(ex.options) == 4


def test_the_draws_vary():
    for tid in ("rim-plb-balance", "rim-late-interest", "rim-reopening-dates"):
        prompts = {draw(tid, seed)[0].prompt for seed in range(6)}
        assert len(prompts) >= 5, tid
    asked = {next(w for w in ("redetermination", "any reason", "good cause") if w in draw("rim-reopening-dates",
                                                                                           s)[0].prompt)
             for s in SEEDS}
    assert asked == {"redetermination", "any reason", "good cause"}
