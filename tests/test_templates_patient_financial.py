"""The patient-financial-services templates give the right key: each test reads the drawn case back from the prompt
(dates and amounts) and recomputes the answer with plain date and Decimal arithmetic and the rules' numbers (45 CFR
149.610 and 149.620, 26 CFR 1.501(r)-6), not by calling revcycle.patient_financial again."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from workbook.exercises.templates import by_chapter, templates

SEEDS = range(40)
CHAPTER = "patient-financial-services"
DATE = r"([A-Z][a-z]+ [0-9]{1,2}, [0-9]{4})"
MONEY = r"\\\$([0-9,]+\.[0-9]{2})"


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:pfs:{tid}"), f"p{seed}-001")


def day(text: str) -> date:
    return datetime.strptime(text, "%B %d, %Y").date()


def dollars(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def weekdays_after(start: date, end: date) -> int:
    return sum((start + timedelta(days=k)).weekday() < 5 for k in range(1, (end - start).days + 1))


def nth_weekday_after(start: date, n: int) -> date:
    d = start
    while n:
        d += timedelta(days=1)
        n -= d.weekday() < 5
    return d


def test_the_chapter_has_its_templates():
    assert {t.id for t in by_chapter()[CHAPTER]} == {"pfs-gfe-due", "pfs-ppdr-check", "pfs-payment-plan",
                                                      "pfs-eca-date"}


@pytest.mark.parametrize("seed", SEEDS)
def test_gfe_due_follows_the_tiers(seed):
    ex, key = draw("pfs-gfe-due", seed)
    booked, service = (day(d) for d in re.findall(r"day, " + DATE, ex.prompt)[:2])
    lead = weekdays_after(booked, service)
    if lead >= 10:
        expected = nth_weekday_after(booked, 3)
    elif lead >= 3:
        expected = nth_weekday_after(booked, 1)
    else:
        assert key.answer.startswith("No estimate")
        return
    assert key.answer == f"{expected:%A}, {expected:%B} {expected.day}, {expected.year}"
    assert key.answer in ex.options and ex.case


@pytest.mark.parametrize("seed", SEEDS)
def test_ppdr_needs_400_dollars_and_120_days(seed):
    ex, key = draw("pfs-ppdr-check", seed)
    estimate, billed = (dollars(m) for m in re.findall(MONEY, ex.prompt))
    received = day(re.search(r"received on " + DATE, ex.prompt).group(1))
    if billed - estimate >= Decimal(400):
        last = received + timedelta(days=120)
        assert key.answer == f"Yes, by {last:%B} {last.day}, {last.year}"
    else:
        assert key.answer.startswith("No:")
    assert key.answer in ex.options


@pytest.mark.parametrize("seed", SEEDS)
def test_payment_plan_splits_in_whole_cents(seed):
    ex, key = draw("pfs-payment-plan", seed)
    balance = dollars(re.search(r"owes " + MONEY, ex.prompt).group(1))
    months = re.search(r"in ([0-9]+) monthly installments", ex.prompt)
    if months:
        n = int(months.group(1))
        regular = (balance / n).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
        assert Decimal(key.answer) == balance - regular * (n - 1)
        assert Decimal(key.answer) >= regular
    else:
        payment = dollars(re.search(r"can pay " + MONEY, ex.prompt).group(1))
        n = int(key.answer)
        assert payment * (n - 1) < balance <= payment * n


@pytest.mark.parametrize("seed", SEEDS)
def test_eca_date_is_the_later_of_two_waits(seed):
    ex, key = draw("pfs-eca-date", seed)
    first = day(re.search(r"statement on " + DATE, ex.prompt).group(1))
    notice = day(re.search(r"may take on " + DATE, ex.prompt).group(1))
    expected = max(first + timedelta(days=120), notice + timedelta(days=30))
    assert key.answer == f"{expected:%B} {expected.day}, {expected.year}"
    assert key.answer in ex.options and len(set(ex.options)) == len(ex.options)


def test_the_draws_vary():
    for tid in ("pfs-gfe-due", "pfs-ppdr-check", "pfs-payment-plan", "pfs-eca-date"):
        prompts = {draw(tid, seed)[0].prompt for seed in range(10)}
        assert len(prompts) >= 9, tid
    gfe = {draw("pfs-gfe-due", s)[1].answer.startswith("No") for s in SEEDS}
    ppdr = {draw("pfs-ppdr-check", s)[1].answer.startswith("No") for s in SEEDS}
    plan = {"monthly installments" in draw("pfs-payment-plan", s)[0].prompt for s in SEEDS}
    assert gfe == ppdr == plan == {True, False}
