"""The privacy-law-in-depth templates give the right key: each test reads the drawn case back from the prompt and
recomputes the answer with plain date and integer arithmetic over the amounts typed here from the Federal Register
notices (45 CFR 102.3 as each notice set it), not by calling revcycle.compliance.penalties again."""

from __future__ import annotations

import random
import re
from datetime import date, datetime

import pytest

from workbook.exercises.templates import by_chapter, templates

SEEDS = range(40)
CHAPTER = "privacy-law-in-depth"
DATE = r"([A-Z][a-z]+ [0-9]{1,2}, [0-9]{4})"
TIERS = ("did not know", "reasonable cause", "willful neglect, corrected", "willful neglect, not corrected")
#: (effective date, FR citation, tier minimums, shared maximum of tiers 1-3, calendar-year cap), from each notice.
NOTICES = (
    (date(2018, 10, 11), "83 FR 51369", (114, 1141, 11410, 57051), 57051, 1711533),
    (date(2019, 11, 5), "84 FR 59549", (117, 1170, 11698, 58490), 58490, 1754698),
    (date(2020, 1, 17), "85 FR 2869", (119, 1191, 11904, 59522), 59522, 1785651),
    (date(2021, 11, 15), "86 FR 62928", (120, 1205, 12045, 60226), 60226, 1806757),
    (date(2022, 3, 17), "87 FR 15100", (127, 1280, 12794, 63973), 63973, 1919173),
    (date(2023, 10, 6), "88 FR 69531", (137, 1379, 13785, 68928), 68928, 2067813),
    (date(2024, 8, 8), "89 FR 64815", (141, 1424, 14232, 71162), 71162, 2134831),
    (date(2026, 1, 28), "91 FR 3665", (145, 1461, 14602, 73011), 73011, 2190294),
)


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:priv:{tid}"), f"p{seed}-001")


def day(text: str) -> date:
    return datetime.strptime(text, "%B %d, %Y").date()


def notice(assessed: date):
    return [n for n in NOTICES if n[0] <= assessed][-1]


def test_the_chapter_has_its_templates():
    assert {t.id for t in by_chapter()[CHAPTER]} == {"privacy-penalty-range", "privacy-continuing",
                                                      "privacy-table-in-force"}


@pytest.mark.parametrize("seed", SEEDS)
def test_penalty_range_is_count_times_maximum_held_to_the_cap(seed):
    ex, key = draw("privacy-penalty-range", seed)
    n = int(re.search(r"committed ([0-9]+) violations", ex.prompt).group(1))
    tier = TIERS.index(re.search(r"tier is \*\*([^*]+)\*\*", ex.prompt).group(1))
    assessed = day(re.search(r"assesses the penalty on " + DATE, ex.prompt).group(1))
    _, cite, _, top, cap = notice(assessed)
    per = cap if tier == 3 else top
    assert int(key.answer) == min(n * per, cap)
    assert cite in key.explanation and ex.case


@pytest.mark.parametrize("seed", SEEDS)
def test_continuing_violation_counts_days_per_year(seed):
    ex, key = draw("privacy-continuing", seed)
    first, last, assessed = (day(d) for d in re.findall(DATE, ex.prompt)[:3])
    _, _, mins, _, cap = notice(assessed)
    total = 0
    for year in range(first.year, last.year + 1):
        days = (min(last, date(year, 12, 31)) - max(first, date(year, 1, 1))).days + 1
        total += min(days * mins[3], cap)
    assert int(key.answer) == total


@pytest.mark.parametrize("seed", SEEDS)
def test_table_in_force_follows_the_assessment_date(seed):
    ex, key = draw("privacy-table-in-force", seed)
    violated, assessed = (day(d) for d in re.findall(DATE, ex.prompt)[:2])
    if violated < date(2015, 11, 2):
        assert key.answer == "the unadjusted amounts of 45 CFR 160.404"
    else:
        assert notice(assessed)[1] in key.answer
    assert key.answer in ex.options and len(set(ex.options)) == len(ex.options)


def test_the_draws_vary():
    for tid in ("privacy-penalty-range", "privacy-continuing", "privacy-table-in-force"):
        prompts = {draw(tid, seed)[0].prompt for seed in range(10)}
        assert len(prompts) >= 9, tid
    capped = {"held to the cap" in draw("privacy-penalty-range", s)[1].explanation for s in SEEDS}
    unadjusted = {draw("privacy-table-in-force", s)[1].answer.startswith("the unadjusted") for s in SEEDS}
    assert capped == unadjusted == {True, False}
