"""The surgery-skin-musculoskeletal templates give the right key: each test reads the drawn case back from the prompt
and recomputes the answer from its own tables of the rules (excision families and brackets, repair groups and
brackets, debridement blocks, fracture questions, global-day counting from the raw RVU file), not by calling the
engine again."""

from __future__ import annotations

import csv
import gzip
import math
import random
import re
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from workbook.exercises.templates import by_chapter, templates

SEEDS = range(30)
CHAPTER = "surgery-skin-musculoskeletal"
D = Decimal

# Excision: site -> offset of its family (trunk/limbs 1x40x, scalp/neck/hands/feet 1x42x, face 1x44x).
EXCISION_GROUP = {"back": 0, "chest": 0, "forearm": 0, "thigh": 0, "scalp": 20, "neck": 20, "hand": 20, "foot": 20,
                  "nose": 40, "cheek": 40, "ear": 40, "lip": 40}
EXCISION_TOPS = ((D("0.5"), 0), (D("1.0"), 1), (D("2.0"), 2), (D("3.0"), 3), (D("4.0"), 4), (D("1e9"), 6))
# Repair: (complexity, site) -> family; families: brackets (top cm, code)
SIMPLE_BODY = ((2.5, "12001"), (7.5, "12002"), (12.5, "12004"), (20, "12005"), (30, "12006"), (1e9, "12007"))
SIMPLE_FACE = ((2.5, "12011"), (5, "12013"), (7.5, "12014"), (12.5, "12015"), (20, "12016"), (30, "12017"),
               (1e9, "12018"))


def _inter(first: int, face: bool = False) -> tuple[tuple[float, str], ...]:
    tops = (2.5, 5, 7.5, 12.5, 20, 30, 1e9) if face else (2.5, 7.5, 12.5, 20, 30, 1e9)
    lasts = (1, 2, 3, 4, 5, 6, 7) if face else (1, 2, 4, 5, 6, 7)
    return tuple((t, str(first + last)) for t, last in zip(tops, lasts, strict=True))


FACE_SITES = {"cheek", "forehead", "lip", "nose"}
INTER_FAMILY = {"scalp": _inter(12030), "forearm": _inter(12030), "leg": _inter(12030), "back": _inter(12030),
                "hand": _inter(12040), "foot": _inter(12040), "neck": _inter(12040)}


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:{CHAPTER}:{tid}"), f"s{seed}-001")


def test_the_chapter_has_its_templates():
    assert {t.id for t in by_chapter()[CHAPTER]} == {"srg-excision-code", "srg-repair-lines", "srg-debridement-units",
                                                     "srg-fracture-category", "srg-global-visit"}


@pytest.mark.parametrize("seed", SEEDS)
def test_excision_code(seed):
    ex, key = draw("srg-excision-code", seed)
    site = re.search(r"lesion of the (\w+) of", ex.prompt).group(1)
    lesion = D(re.search(r"lesion \*\*([\d.]+) cm\*\*", ex.prompt).group(1))
    margin = D(re.search(r"margin \*\*([\d.]+) cm\*\*", ex.prompt).group(1))
    base = 11600 if "a malignant lesion" in ex.prompt else 11400
    size = lesion + 2 * margin
    digit = next(d for top, d in EXCISION_TOPS if size <= top)
    assert key.answer == str(base + EXCISION_GROUP[site] + digit)
    assert key.answer in ex.options and ex.case


@pytest.mark.parametrize("seed", SEEDS)
def test_repair_lines(seed):
    ex, key = draw("srg-repair-lines", seed)
    totals: dict[tuple[str, str], float] = {}
    for kind, site, cm in re.findall(r"an? (simple|intermediate) repair of the (\w+), ([\d.]+) cm", ex.prompt):
        face = site in FACE_SITES
        group = "face" if face else "body" if kind == "simple" else "A" if INTER_FAMILY[site][0][1] == "12031" else "B"
        totals[(kind, group)] = totals.get((kind, group), 0) + float(cm)
    expected = []
    for (kind, group), total in totals.items():
        family = {("simple", "body"): SIMPLE_BODY, ("simple", "face"): SIMPLE_FACE,
                  ("intermediate", "A"): _inter(12030), ("intermediate", "B"): _inter(12040),
                  ("intermediate", "face"): _inter(12050, face=True)}[(kind, group)]
        expected.append(next(code for top, code in family if round(total, 1) <= top))
    assert sorted(key.answer) == sorted(expected)
    intermediate = [c for c in key.answer if c.startswith(("1203", "1204", "1205"))]
    assert key.answer[:len(intermediate)] == intermediate  # the more complex lines come first
    assert set(key.answer) <= set(ex.options)


@pytest.mark.parametrize("seed", SEEDS)
def test_debridement_units(seed):
    ex, key = draw("srg-debridement-units", seed)
    addon = re.search(r"add-on code `(\d+)`", ex.prompt).group(1)
    depth = {"11045": "the subcutaneous fat", "11046": "muscle and fascia", "11047": "bone"}[addon]
    areas = [int(a) for a, d in re.findall(r"a wound of (\d+) sq cm debrided into ([a-z ]+?)(?:;|\. How)", ex.prompt)
             if d == depth]
    assert areas
    assert key.answer == max(0, math.ceil((sum(areas) - 20) / 20))


@pytest.mark.parametrize("seed", SEEDS)
def test_fracture_category(seed):
    ex, key = draw("srg-fracture-category", seed)
    story = ex.prompt.split("In treatment, ")[1]
    if "incision, reduces" in story:
        expected = "open"
    elif "wires across" in story:
        expected = "percutaneous fixation"
    elif "reduces" in story:
        expected = "closed with manipulation"
    else:
        expected = "closed without manipulation"
    assert key.answer == expected


@cache
def _raw_global_days() -> dict[str, str]:
    from revcycle.payment import fees

    raw = Path(fees.__file__).resolve().parents[1] / "data" / "pfs_rvu_2026.csv.gz"
    with gzip.open(raw, "rt", encoding="utf-8") as fh:
        return {r["code"]: r["global_days"] for r in csv.DictReader(fh) if not r["modifier"]}


@pytest.mark.parametrize("seed", SEEDS)
def test_global_visit(seed):
    ex, key = draw("srg-global-visit", seed)
    code = re.search(r"procedure `(\d+)`", ex.prompt).group(1)
    dates = [datetime.strptime(d, "%B %d, %Y").date() for d in re.findall(r"on ([A-Z][a-z]+ \d+, \d{4})", ex.prompt)]
    surgery, visit = dates
    days = int(_raw_global_days()[code])
    start = surgery - timedelta(days=1) if days == 90 else surgery
    inside = start <= visit <= surgery + timedelta(days=days)
    assert key.answer.startswith("Inside" if inside else "Outside")
