"""The enrollment-credentialing templates give the right key: each test reads the drawn dates back from the prompt and
recomputes the answer with plain date arithmetic and the rules' numbers (30 or 90 days of retroactive billing, 120 days
for CAQH, 36 months for NCQA, 5 or 3 years for revalidation, 2-year opt-out periods and 30 days' notice), not by
calling revcycle.compliance.enrollment again."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta

import pytest

from workbook.exercises.templates import by_chapter, templates

SEEDS = range(40)
CHAPTER = "enrollment-credentialing"
DATE = r"([A-Z][a-z]+ \d{1,2}, \d{4})"


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:enrollment:{tid}"), f"s{seed}-001")


def parse(text: str) -> date:
    return datetime.strptime(text, "%B %d, %Y").date()


def bold_dates(prompt: str) -> list[date]:
    return [parse(d) for d in re.findall(r"\*\*" + DATE + r"\*\*", prompt)]


def years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def test_the_chapter_has_its_three_templates():
    assert {t.id for t in by_chapter()[CHAPTER]} >= {"enr-first-payable", "enr-clock-due", "enr-unpaid-visits"}


@pytest.mark.parametrize("seed", SEEDS)
def test_first_payable_is_the_later_date_less_the_retro_days_but_never_before_work(seed):
    ex, key = draw("enr-first-payable", seed)
    began, filed = bold_dates(ex.prompt)
    back = 90 if "disaster" in ex.prompt else 30
    expected = max(max(began, filed) - timedelta(days=back), began)
    assert parse(key.answer) == expected
    assert key.answer in ex.options and len(set(ex.options)) == len(ex.options) >= 3
    assert ex.case


@pytest.mark.parametrize("seed", SEEDS)
def test_each_clock_counts_by_its_rule(seed):
    ex, key = draw("enr-clock-due", seed)
    (start,) = bold_dates(ex.prompt)
    if "CAQH" in ex.prompt:
        expected = start + timedelta(days=120)
    elif "NCQA" in ex.prompt:
        expected = years_later(start, 3)
    elif "revalidation" in ex.prompt:
        expected = years_later(start, 3 if "DMEPOS" in ex.prompt else 5)
    else:
        assert "opt-out" in ex.prompt
        as_of = parse(re.search(r"On " + DATE + r" the physician decides", ex.prompt).group(1))
        renews = years_later(start, 2)
        while renews <= as_of:
            renews = years_later(renews, 2)
        expected = renews - timedelta(days=30)
    assert parse(key.answer) == expected
    assert key.answer in ex.options and len(set(ex.options)) == len(ex.options) >= 3


@pytest.mark.parametrize("seed", SEEDS)
def test_unpaid_visits_are_the_ones_the_lapse_covers(seed):
    ex, key = draw("enr-unpaid-visits", seed)
    first, second = bold_dates(ex.prompt)
    visits = [parse(o) for o in ex.options]
    if "deactivated" in ex.prompt:
        expected = [d for d in visits if first <= d < second]
    else:
        began, filed = first, second
        start = max(began, filed) - timedelta(days=30)
        expected = [d for d in visits if d < start]
    assert [parse(a) for a in key.answer] == expected
    assert 0 < len(key.answer) < len(ex.options)


def test_the_draws_vary():
    for tid in ("enr-first-payable", "enr-clock-due", "enr-unpaid-visits"):
        prompts = {draw(tid, seed)[0].prompt for seed in range(12)}
        assert len(prompts) >= 10, tid
    names = ("CAQH", "NCQA", "DMEPOS", "revalidation", "opt-out")
    kinds = {next(k for k in names if k in draw("enr-clock-due", s)[0].prompt) for s in SEEDS}
    assert kinds == set(names)
    stories = {"deactivated" in draw("enr-unpaid-visits", s)[0].prompt for s in SEEDS}
    assert stories == {True, False}
