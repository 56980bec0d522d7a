"""The risk-adjustment templates give the right key: each test reads the drawn case back from the prompt and
recomputes the answer from the shipped CSV rows (map, hierarchy pairs, CNA factors) by plain arithmetic, not by
calling revcycle.payment.risk_adjustment again."""

from __future__ import annotations

import csv
import random
import re
from decimal import Decimal
from pathlib import Path

import pytest

from revcycle import icd10cm
from workbook.exercises.templates import by_chapter, templates

SEEDS = range(40)
CHAPTER = "risk-adjustment"
DATA = Path(__file__).resolve().parents[1] / "src" / "revcycle" / "data"
CODE = re.compile(r"`([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)`")


def rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


MAP: dict[str, set[int]] = {}
for r in rows("cms_hcc_v28_dx_teaching.csv"):
    MAP.setdefault(r["icd10cm"], set()).update({int(r["hcc"])} if r["hcc"] else set())
PAIRS = {(int(r["parent"]), int(r["child"])) for r in rows("cms_hcc_v28_hierarchy_teaching.csv")}
FACTOR = {r["variable"]: Decimal(r["factor"]) for r in rows("cms_hcc_v28_cna_teaching.csv")}
GROUPS = {"DIABETES_HF": ({35, 36, 37, 38}, {221, 222, 223, 224, 225, 226}),
          "HF_CHR_LUNG": ({221, 222, 223, 224, 225, 226}, {276, 277, 278, 279, 280}),
          "HF_KIDNEY": ({221, 222, 223, 224, 225, 226}, {326, 327, 328, 329}),
          "HF_HCC238": ({221, 222, 223, 224, 225, 226}, {238})}


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:{CHAPTER}:{tid}"), f"s{seed}-001")


def kept(codes: list[str]) -> set[int]:
    hccs = set().union(*(MAP[c] for c in codes))
    return {h for h in hccs if not any((p, h) in PAIRS for p in hccs)}


def test_the_chapter_has_its_templates():
    assert {t.id for t in by_chapter()[CHAPTER]} >= {"ra-map-code", "ra-hierarchy-count", "ra-raw-score",
                                                       "ra-meat-support"}


@pytest.mark.parametrize("seed", SEEDS)
def test_map_code_key_is_the_map_row(seed):
    ex, key = draw("ra-map-code", seed)
    (code,) = CODE.findall(ex.prompt)
    assert int(key.answer) == (min(MAP[code]) if MAP[code] else 0) and len(MAP[code]) <= 1


@pytest.mark.parametrize("seed", SEEDS)
def test_hierarchy_count_key(seed):
    ex, key = draw("ra-hierarchy-count", seed)
    codes = CODE.findall(ex.prompt)
    assert int(key.answer) == len(kept(codes))
    for code in codes:
        assert icd10cm.is_billable(code, on="2025-10-01") and icd10cm.is_billable(code, on="2026-10-01"), code


@pytest.mark.parametrize("seed", SEEDS)
def test_raw_score_key_adds_the_factors(seed):
    ex, key = draw("ra-raw-score", seed)
    codes = CODE.findall(ex.prompt)
    sex = "F" if "(female," in ex.prompt else "M"
    age = int(re.search(r"male, (\d+)\)", ex.prompt).group(1))
    band = next((f"{lo}_{lo + 4}" for lo in range(65, 95, 5) if lo <= age <= lo + 4), "95_GT")
    left = kept(codes)
    total = FACTOR[f"{sex}{band}"] + sum((FACTOR[f"HCC{h}"] for h in left), Decimal(0))
    total += sum((FACTOR[name] for name, (a, b) in GROUPS.items() if left & a and left & b), Decimal(0))
    if left:
        total += FACTOR["D10P" if len(left) >= 10 else f"D{len(left)}"]
    assert Decimal(str(key.answer)) == total
    # every factor the arithmetic needs is printed in the prompt
    assert str(FACTOR[f"{sex}{band}"]) in ex.prompt
    for h in left:
        assert f"HCC {h} (" in ex.prompt


@pytest.mark.parametrize("seed", SEEDS)
def test_meat_key_is_the_conditions_with_evidence(seed):
    ex, key = draw("ra-meat-support", seed)
    supported = [code for code, evidence in re.findall(r"\(`([A-Z0-9.]+)`\): (.+)", ex.prompt)
                 if evidence != "listed in the problem list only"]
    assert key.answer == supported and 0 < len(supported) < 4
    assert set(ex.options) == set(CODE.findall(ex.prompt))
