"""The coding case lab templates give the right key: each test reads the drawn case back from the prompt and
recomputes the answer from its own table (amounts per unit, the simple repair bands, the office time thresholds),
not by calling the engines again; every drawn code is real."""

from __future__ import annotations

import math
import random
import re
from decimal import Decimal

import pytest

from revcycle.codes import hcpcs
from revcycle.payment import fees
from workbook.exercises.answers import key_response, response_key
from workbook.exercises.templates import by_chapter, templates

SEEDS = range(30)
CHAPTER = "coding-case-lab"
PER_UNIT_MG = {"J0696": 250, "J1885": 15, "J1010": 1, "J1100": 1}
SIMPLE_BANDS = ((Decimal("2.5"), "12001"), (Decimal("7.5"), "12002"), (Decimal("12.5"), "12004"),
                (Decimal("20"), "12005"), (Decimal("30"), "12006"), (Decimal("9999"), "12007"))
OFFICE = {"new": ((60, "99205"), (45, "99204"), (30, "99203"), (15, "99202")),
          "established": ((40, "99215"), (30, "99214"), (20, "99213"), (10, "99212"))}


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:{CHAPTER}:{tid}"), f"s{seed}-001")


def test_the_chapter_has_its_templates():
    assert {t.id for t in by_chapter()[CHAPTER]} >= {"lab30-injection-units", "lab30-laceration", "lab30-visit-time"}


@pytest.mark.parametrize("seed", SEEDS)
def test_injection_units(seed):
    ex, key = draw("lab30-injection-units", seed)
    dose = int(re.search(r"\*\*(\d+) mg of", ex.prompt).group(1))
    code = re.search(r"reported with (J\d{4})", ex.prompt).group(1)
    assert key.answer == {"24D.1": "96372", "24D.2": code, "24G.2": str(math.ceil(dose / PER_UNIT_MG[code]))}
    assert hcpcs.is_valid(code) and "96372" in fees.listed_codes()
    assert ex.type == "claim" and ex.case
    response_key(ex, key_response(ex, key.answer))  # the key reads back as a student's answer


@pytest.mark.parametrize("seed", SEEDS)
def test_laceration_lengths_add(seed):
    ex, key = draw("lab30-laceration", seed)
    wounds = re.search(r"simple repair\): \*\*(.*?)\*\*", ex.prompt).group(1)
    lengths = [Decimal(n) for n in re.findall(r"(\d+(?:\.\d)?) cm", wounds)]
    total = sum(lengths, Decimal(0))
    assert 2 <= len(lengths) <= 3
    assert key.answer == {"24D.1": next(code for top, code in SIMPLE_BANDS if total <= top)}
    assert key.answer["24D.1"] in fees.listed_codes()


@pytest.mark.parametrize("seed", SEEDS)
def test_visit_by_time(seed):
    ex, key = draw("lab30-visit-time", seed)
    patient = re.search(r"is a \*\*(new|established)\*\* patient", ex.prompt).group(1)
    minutes = int(re.search(r"\*\*(\d+) minutes\*\*", ex.prompt).group(1))
    assert key.answer == {"24D.1": next(code for floor, code in OFFICE[patient] if minutes >= floor)}


def test_the_draws_vary():
    assert len({draw("lab30-visit-time", s)[1].answer["24D.1"] for s in SEEDS}) >= 5
    assert len({draw("lab30-injection-units", s)[1].answer["24D.2"] for s in SEEDS}) == 4
