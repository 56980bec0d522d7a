"""The em-beyond-office templates give the right key: each test reads the drawn case back from the prompt and
recomputes the answer from its own table of the rules (codes by setting and level, the two critical care counts,
the TCM windows counted on a calendar), not by calling revcycle.coding.em_settings again."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

import pytest

from workbook.exercises.templates import by_chapter, templates

SEEDS = range(30)
LEVELS = ("straightforward", "low", "moderate", "high")
# the family codes by level, written out from the chapter's table
CODES = {
    "admits the patient to the hospital and sees them for the first time": ("99221", "99221", "99222", "99223"),
    "third day of a hospital stay": ("99231", "99231", "99232", "99233"),
    "discharges them that evening": ("99234", "99234", "99235", "99236"),
    "emergency department": ("99282", "99283", "99284", "99285"),
    "for the first time since admission there": ("99304", "99304", "99305", "99306"),
    "routine later visit": ("99307", "99308", "99309", "99310"),
    "never seen": ("99341", "99342", "99344", "99345"),
    "every few months": ("99347", "99348", "99349", "99350"),
}


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:em-beyond-office:{tid}"), f"s{seed}-001")


def test_the_chapter_has_its_three_templates():
    assert {t.id for t in by_chapter()["em-beyond-office"]} >= {"emb-family-code", "emb-critical-care", "emb-tcm"}


@pytest.mark.parametrize("seed", SEEDS)
def test_family_code_matches_the_setting_and_level(seed):
    ex, key = draw("emb-family-code", seed)
    level = LEVELS.index(re.search(r"\*\*(\w+)\*\*", ex.prompt).group(1))
    family = [codes for phrase, codes in CODES.items() if phrase in ex.prompt]
    assert len(family) == 1
    assert key.answer == family[0][level]
    assert ex.type == "code" and ex.case


@pytest.mark.parametrize("seed", SEEDS)
def test_critical_care_units_follow_the_payer_s_count(seed):
    ex, key = draw("emb-critical-care", seed)
    minutes = int(re.search(r"\*\*(\d+) minutes\*\*", ex.prompt).group(1))
    if "The payer is Medicare" in ex.prompt:
        expected = len([m for m in (104, 134, 164, 194) if minutes >= m])
    else:
        expected = len([m for m in (75, 105, 135, 165, 195) if minutes >= m])
    assert key.answer == expected


def _business_days_after(start, end):
    return sum(1 for k in range(1, (end - start).days + 1) if (start + timedelta(days=k)).weekday() < 5)


@pytest.mark.parametrize("seed", SEEDS)
def test_tcm_counts_business_days_and_calendar_days(seed):
    ex, key = draw("emb-tcm", seed)
    dates = [datetime.strptime(d, "%B %d, %Y").date()
             for d in re.findall(r"([A-Z][a-z]+ \d{1,2}, \d{4})", ex.prompt)]
    discharge, contact, visit = dates
    level = LEVELS.index(re.search(r"\*\*(\w+)\*\*", ex.prompt).group(1))
    day = (visit - discharge).days
    if _business_days_after(discharge, contact) > 2:
        expected = "No TCM code: the contact came too late"
    elif level == 3 and day <= 7:
        expected = "99496"
    elif level >= 2 and day <= 14:
        expected = "99495"
    elif level < 2:
        expected = "No TCM code: the MDM is too low"
    else:
        expected = "No TCM code: the visit came too late"
    assert key.answer == expected
    assert key.answer in ex.options


def test_the_draws_vary():
    for tid in ("emb-family-code", "emb-critical-care", "emb-tcm"):
        assert len({draw(tid, s)[0].prompt for s in range(12)}) >= 8, tid
    assert len({draw("emb-tcm", s)[1].answer for s in SEEDS}) >= 3
    assert len({draw("emb-critical-care", s)[1].answer for s in SEEDS}) >= 3
