"""The lab-medicine templates give the right key: each test reads the drawn case back from the prompt and recomputes
the answer from its own table of the rules (the HCPCS class bands, the hierarchy, the specimen count, the ESRD grid),
not by calling the engine again."""

from __future__ import annotations

import random
import re

import pytest

from workbook.exercises.templates import by_chapter, templates

SEEDS = range(30)
CHAPTER = "lab-medicine"
BANDS = ((1, 7, "G0480"), (8, 14, "G0481"), (15, 21, "G0482"), (22, 10_000, "G0483"))
# sentence -> (kind rank, route rank, route, kind, minutes pattern) for the hierarchy, written out here
KIND = {"normal saline": ("hydration", 1), "antibiotic infusion": ("therapeutic", 2), "antiemetic": ("therapeutic", 2),
        "steroid": ("therapeutic", 2), "chemotherapy infusion": ("chemotherapy", 3),
        "chemotherapy drug pushed": ("chemotherapy", 3)}
INITIAL = {("hydration", "infusion"): "96360", ("therapeutic", "infusion"): "96365", ("therapeutic", "push"): "96374",
           ("therapeutic", "injection"): "96372", ("chemotherapy", "infusion"): "96413",
           ("chemotherapy", "push"): "96409"}
ROUTE_RANK = {"infusion": 3, "push": 2, "injection": 1}


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:{CHAPTER}:{tid}"), f"s{seed}-001")


def test_the_chapter_has_its_templates():
    assert {t.id for t in by_chapter()[CHAPTER]} >= {"lab-drug-classes", "lab-initial-service",
                                                     "lab-pathology-units", "lab-esrd-month"}


@pytest.mark.parametrize("seed", SEEDS)
def test_drug_classes(seed):
    ex, key = draw("lab-drug-classes", seed)
    n = int(re.search(r"tests \*\*(\d+)\*\* drug classes", ex.prompt).group(1))
    assert key.answer == next(code for low, high, code in BANDS if low <= n <= high)
    assert key.answer in ex.options and ex.case


def _parse_administration(part: str) -> tuple[str, str, int]:
    minutes = int(m.group(1)) if (m := re.search(r"(\d+) minutes", part)) else 0
    kind = next(k for phrase, (k, _) in KIND.items() if phrase in part)
    route = "injection" if "injected" in part else "push" if "pushed" in part else "infusion"
    if route == "infusion" and minutes <= 15:
        route = "push"
    return kind, route, minutes


@pytest.mark.parametrize("seed", SEEDS)
def test_initial_service_follows_the_hierarchy(seed):
    ex, key = draw("lab-initial-service", seed)
    story = re.search(r"through one IV site: (.*)\. Which code", ex.prompt).group(1)
    parts = [_parse_administration(p) for p in story.split("; ")]
    rank = {"chemotherapy": 3, "therapeutic": 2, "hydration": 1}
    reported = [p for p in parts if not (p[0] == "hydration" and p[2] <= 30)]
    top = max(reported, key=lambda p: (rank[p[0]], ROUTE_RANK[p[1]], p[2]))
    assert key.answer == INITIAL[(top[0], top[1])]
    assert key.answer in ex.options


@pytest.mark.parametrize("seed", SEEDS)
def test_pathology_units(seed):
    ex, key = draw("lab-pathology-units", seed)
    labelled = int(re.search(r"sends (\d+) polyp", ex.prompt).group(1))
    pooled = 1 if "random biopsies placed together" in ex.prompt else 0
    assert key.answer == labelled + pooled


@pytest.mark.parametrize("seed", SEEDS)
def test_esrd_month(seed):
    ex, key = draw("lab-esrd-month", seed)
    age = int(re.search(r", (\d+) at the end of the month", ex.prompt).group(1))
    visits = int(re.search(r"face to face (\d+) time", ex.prompt).group(1))
    band = 0 if age < 2 else 1 if age <= 11 else 2 if age <= 19 else 3
    if "at home" in ex.prompt:
        expected = 90963 + band
    else:
        expected = 90951 + 3 * band + (0 if visits >= 4 else 1 if visits >= 2 else 2)
    assert key.answer == str(expected) and key.answer in ex.options


def test_the_draws_vary():
    for tid in ("lab-drug-classes", "lab-initial-service", "lab-pathology-units", "lab-esrd-month"):
        prompts = {draw(tid, seed)[0].prompt for seed in range(12)}
        assert len(prompts) >= 8, tid
    assert len({draw("lab-initial-service", s)[1].answer for s in SEEDS}) >= 3
