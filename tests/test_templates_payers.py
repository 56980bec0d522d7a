"""The payers templates give the right key: each test reads the drawn case back from the prompt and recomputes the
answer by its own arithmetic (deductible, 20 percent, the plan's share; 65 days; excess times months; months back),
not by calling revcycle.payment.payers again."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.chapter_checks import cents
from workbook.exercises.templates import by_chapter, templates

SEEDS = range(40)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SHARE = {"A": Decimal("1"), "G": Decimal("1"), "F": Decimal("1"), "K": Decimal("0.5"), "L": Decimal("0.75")}


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:payers:{tid}"), f"s{seed}-001")


def dollars(text: str) -> list[Decimal]:
    return [Decimal(x.replace(",", "")) for x in re.findall(r"\\\$([\d,]+\.\d\d)", text)]


def day_of(text: str) -> date:
    month, d, year = re.search(r"(\w+) (\d+), (\d{4})", text).groups()
    return date(int(year), MONTHS.index(month) + 1, int(d))


def test_the_chapter_has_its_templates():
    assert {t.id for t in by_chapter()["payers"]} == {"pay-medigap-split", "pay-ma-deadline", "pay-spend-down",
                                                      "pay-retro-window"}


@pytest.mark.parametrize("seed", SEEDS)
def test_medigap_split(seed):
    ex, key = draw("pay-medigap-split", seed)
    plan = re.search(r"Plan (\w)\*\*", ex.prompt).group(1)
    allowed, left = dollars(ex.prompt)[:2]
    deductible = min(allowed, left)
    coins = cents((allowed - deductible) * Decimal("0.20"))
    medigap = cents(coins * SHARE[plan]) + (deductible if plan == "F" else 0)
    patient = deductible + coins - medigap
    expected = patient if "**patient** owe" in ex.prompt else medigap
    assert Decimal(key.answer) == expected


@pytest.mark.parametrize("seed", SEEDS)
def test_ma_deadline_is_65_days_from_the_notice_date(seed):
    ex, key = draw("pay-ma-deadline", seed)
    notice = day_of(re.search(r"dated (.+?)\*\*", ex.prompt).group(1))
    assert day_of(key.answer) == notice + timedelta(days=65)
    assert key.answer in ex.options and len(set(ex.options)) == len(ex.options) == 4


@pytest.mark.parametrize("seed", SEEDS)
def test_spend_down(seed):
    ex, key = draw("pay-spend-down", seed)
    level, income = dollars(ex.prompt)[:2]
    months = int(re.search(r"\*\*(\d) months?\*\*", ex.prompt).group(1))
    assert 1 <= months <= 6 and income > level
    assert Decimal(key.answer) == (income - level) * months


@pytest.mark.parametrize("seed", SEEDS)
def test_retro_window(seed):
    ex, key = draw("pay-retro-window", seed)
    applied = day_of(re.search(r"on \*\*(.+?)\*\*", ex.prompt).group(1))
    back = 3 if applied < date(2027, 1, 1) else 1 if "expansion group" in ex.prompt else 2
    month = applied.year * 12 + applied.month - 1 - back
    assert day_of(key.answer) == date(month // 12, month % 12 + 1, 1)
    assert key.answer in ex.options and len(set(ex.options)) == len(ex.options) >= 3
