"""The modifiers templates give the right key: each test reads the drawn case back from the prompt and recomputes the
answer from its own table of the rules and plain date arithmetic on the RVU file's GLOB DAYS, not by calling
revcycle.coding.modifiers again."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

import pytest

from revcycle.payment import fees
from workbook.exercises.templates import by_chapter, templates

SEEDS = range(30)
CHAPTER = "modifiers"
# what each sentence of mod-choose-for-facts calls for (the chapter's rules, written out independently)
SENTENCE_MODIFIERS = {
    "on the left side of a paired body part": {"LT"},
    "on the right side of a paired body part": {"RT"},
    "on both sides, in one session": {"50"},
    "billed by the operating surgeon": set(),
    "billed by a physician who assisted the surgeon throughout": {"80"},
    "billed by the practice's physician assistant, who assisted throughout": {"AS"},
    "billed by one of two surgeons of different specialties, each doing a distinct part": {"62"},
    "with no other service on the claim": set(),
    "after another procedure of an NCCI pair done at a separate visit earlier that day": {"XE"},
    "beside another procedure of an NCCI pair that a different clinician did": {"XP"},
    "Medicare is expected to pay": set(),
    "Medicare may deny it as not necessary, and the patient signed an ABN": {"GA"},
    "Medicare may deny it as not necessary, and no ABN was given": {"GZ"},
}
RELATION = {
    "a visit by the same surgeon for a problem unrelated to the operation": "24",
    "a routine follow-up visit by the same surgeon to check the wound": "No line is billed",
    "a second, planned stage of the treatment by the same surgeon": "58",
    "an unplanned return to the operating room by the same surgeon for bleeding from the operation": "78",
    "a procedure by the same surgeon on another, unrelated problem": "79",
}
CONFLICTING = {frozenset(p) for p in (("59", "XS"), ("50", "RT"), ("50", "LT"), ("54", "56"), ("26", "TC"),
                                      ("76", "77"), ("JW", "JZ"), ("GA", "GZ"), ("LT", "RT"), ("73", "74"),
                                      ("52", "53"), ("80", "62"), ("58", "79"), ("95", "93"), ("59", "XE"),
                                      ("59", "XP"), ("59", "XU"), ("GA", "GY"), ("GY", "GZ"), ("80", "66"),
                                      ("AS", "62"), ("AS", "66"), ("80", "AS"), ("58", "78"), ("78", "79"))}


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:modifiers:{tid}"), f"s{seed}-001")


def test_the_chapter_has_its_three_templates():
    assert {t.id for t in by_chapter()[CHAPTER]} >= {"mod-choose-for-facts", "mod-global-period", "mod-spot-conflict"}


@pytest.mark.parametrize("seed", SEEDS)
def test_choose_for_facts_keys_every_modifier_the_story_calls_for(seed):
    ex, key = draw("mod-choose-for-facts", seed)
    story = re.search(r"The procedure was done (.*)\.\n", ex.prompt).group(1)
    expected: set[str] = set()
    for sentence in story.split("; "):
        expected |= SENTENCE_MODIFIERS[sentence]
    assert set(key.answer) == expected and expected
    assert set(key.answer) <= set(ex.options) and len(ex.options) == 6
    assert ex.case and ex.type == "multiple"


@pytest.mark.parametrize("seed", SEEDS)
def test_global_period_counts_the_days_and_names_the_modifier(seed):
    ex, key = draw("mod-global-period", seed)
    code, operated, days, later, story = re.search(
        r"has `([0-9A-Z]{5})` on ([A-Z][a-z]+ [0-9]+, [0-9]{4})\. .*GLOB DAYS \*\*([0-9]{3})\*\*\. On "
        r"([A-Z][a-z]+ [0-9]+, [0-9]{4}) there is (.*)\.\n", ex.prompt).groups()
    assert fees.rvu_record(code).global_days == days
    start = datetime.strptime(operated, "%B %d, %Y").date()
    when = datetime.strptime(later, "%B %d, %Y").date()
    assert when > start
    if when > start + timedelta(days=int(days)):
        assert key.answer.startswith("No global-period modifier")
    else:
        assert key.answer.startswith(RELATION[story])


@pytest.mark.parametrize("seed", SEEDS)
def test_spot_conflict_names_the_one_conflicting_pair(seed):
    ex, key = draw("mod-spot-conflict", seed)
    mods = re.search(r"`CODE-([0-9A-Z-]+)`", ex.prompt).group(1).split("-")
    assert len(mods) == 3
    pairs = [frozenset((a, b)) for i, a in enumerate(mods) for b in mods[i + 1:]]
    bad = [p for p in pairs if p in CONFLICTING]
    assert len(bad) == 1
    assert frozenset(key.answer.split(" and ")) == bad[0]


def test_the_draws_vary():
    for tid in ("mod-choose-for-facts", "mod-global-period", "mod-spot-conflict"):
        prompts = {draw(tid, seed)[0].prompt for seed in range(12)}
        assert len(prompts) >= 8, tid
    answers = {draw("mod-global-period", s)[1].answer[:2] for s in SEEDS}
    assert len(answers) >= 4
