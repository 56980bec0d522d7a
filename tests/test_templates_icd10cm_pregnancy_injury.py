"""The icd10cm-pregnancy-injury-z templates give the right key: each test reads the drawn case back from the prompt
and recomputes the answer on its own (the rule of nines by hand, the trimester from the day count, the Drug Table
column from the story, the BMI band from the Z68 titles), checking the key against the code set's titles rather than
calling the same engine function again."""

from __future__ import annotations

import random
import re
from decimal import Decimal

import pytest

from revcycle import icd10cm
from workbook.exercises.templates import by_chapter, templates

SEEDS = range(40)
CHAPTER = "icd10cm-pregnancy-injury-z"
FY26, FY27 = "2025-10-01", "2026-10-01"
NINES = {"head and neck": 9, "right arm": 9, "left arm": 9, "anterior trunk": 18, "posterior trunk": 18,
         "right leg": 18, "left leg": 18}


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:{CHAPTER}:{tid}"), f"s{seed}-001")


def test_the_chapter_has_its_templates():
    assert {t.id for t in by_chapter()[CHAPTER]} == {"icdl-burn-extent", "icdl-drug-event",
                                                     "icdl-pregnancy-trimester", "icdl-bmi"}


@pytest.mark.parametrize("seed", SEEDS)
def test_burn_extent_is_the_rule_of_nines_by_hand(seed):
    ex, key = draw("icdl-burn-extent", seed)
    burns = re.findall(r"(second|third)-degree burns of (the whole|half of the) ([a-z ]+?)(?:;|\.)", ex.prompt)
    assert burns
    total = sum(Decimal(NINES[r]) * (1 if part == "the whole" else Decimal("0.5")) for _d, part, r in burns)
    third = sum(Decimal(NINES[r]) * (1 if part == "the whole" else Decimal("0.5"))
                for d, part, r in burns if d == "third")
    expected = "T31.0" if total < 10 else f"T31.{min(int(total // 10), 9)}{min(int(third // 10), 9)}"
    assert key.answer == expected
    assert icd10cm.is_billable(expected, on=FY26) and icd10cm.is_billable(expected, on=FY27)
    assert f"= {format(total.normalize(), 'f')}%;" in key.explanation


STORY_KIND = {"exactly as prescribed": ("Adverse effect of", "5"), "by mistake": ("Poisoning by", "1"),
              "suicide attempt": ("Poisoning by", "2"), "in error": ("Poisoning by", "1"),
              "stopped taking it": ("Underdosing of", "6")}


@pytest.mark.parametrize("seed", SEEDS)
def test_drug_event_key_has_the_column_and_encounter_of_the_story(seed):
    ex, key = draw("icdl-drug-event", seed)
    words, sixth = next(v for k, v in STORY_KIND.items() if k in ex.prompt)
    char = "D" if "recovery check" in ex.prompt else "A"
    code = str(key.answer)
    title = icd10cm.title(code, on=FY27)
    assert title.startswith(words), (code, title)
    assert code[-1] == char and code[-2] == sixth
    assert title.endswith("subsequent encounter" if char == "D" else "initial encounter")
    if sixth == "2":
        assert "intentional self-harm" in title
    assert icd10cm.is_billable(code, on=FY26)
    substance = re.search(r"who takes (\w+) for", ex.prompt).group(1)
    rows = [r for r in icd10cm.drug_table(substance, on=FY27) if [p.lower() for p in r.path] == [substance]]
    assert code[:-1].rstrip("X") in {c.rstrip("X") for c in rows[0].codes if c}


@pytest.mark.parametrize("seed", SEEDS)
def test_pregnancy_trimester_from_the_day_count(seed):
    ex, key = draw("icdl-pregnancy-trimester", seed)
    weeks, days = map(int, re.search(r"at (\d+) weeks (\d) days", ex.prompt).groups())
    n = weeks * 7 + days
    words = "first trimester" if n < 98 else "second trimester" if n < 196 else "third trimester"
    title = icd10cm.title(str(key.answer), on=FY27)
    assert title.lower().endswith(words), (weeks, days, key.answer)
    assert icd10cm.is_billable(str(key.answer), on=FY26)
    z3a = re.search(r"`(Z3A\.\d\d)`", key.explanation).group(1)
    assert icd10cm.title(z3a) in (f"{weeks} weeks gestation of pregnancy", "Less than 8 weeks gestation of pregnancy")


def test_pregnancy_trimester_draws_every_trimester_and_the_boundaries():
    prompts = [draw("icdl-pregnancy-trimester", s)[0].prompt for s in range(80)]
    assert any("13 weeks 6 days" in p for p in prompts) and any("27 weeks 6 days" in p for p in prompts)


@pytest.mark.parametrize("seed", SEEDS)
def test_bmi_key_needs_the_diagnosis_and_matches_the_title(seed):
    ex, key = draw("icdl-bmi", seed)
    value = Decimal(re.search(r"BMI of ([\d.]+)\.", ex.prompt).group(1))
    assert key.answer in ex.options and len(set(ex.options)) == len(ex.options)
    if "says nothing about weight" in ex.prompt:
        assert key.answer.startswith("No BMI code")
        return
    m = re.search(r"\[BMI\] (\d+\.\d)-(\d+\.\d), adult|\[BMI\] (\d+) or greater, adult", icd10cm.title(key.answer))
    low, high = (Decimal(m[1]), Decimal(m[2])) if m[1] else (Decimal(m[3]), Decimal(999))
    assert low <= value <= high, (value, key.answer)


def test_bmi_draws_both_outcomes():
    answers = {draw("icdl-bmi", s)[1].answer.startswith("No BMI") for s in SEEDS}
    assert answers == {True, False}
