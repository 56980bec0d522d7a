"""The systemic-conditions templates give the right key: each test reads the drawn case back from the prompt and
rebuilds the answer from its own statement of the guideline (the sepsis order, the cancer encounter's first code,
the diabetes codes, the substance hierarchy, hemiplegia's default side), checking codes against the code set."""

from __future__ import annotations

import random
import re

import pytest

from revcycle import icd10cm
from workbook.exercises.templates import by_chapter, templates

SEEDS = range(30)
CHAPTER = "icd10cm-systemic-conditions"
ON = "2026-10-01"
SEPSIS = {"E. coli": "A41.51", "MSSA": "A41.01", "MRSA": "A41.02", "Pseudomonas": "A41.52"}
LOCAL = {"a urinary tract infection": "N39.0", "acute pyelonephritis": "N10",
         "cellulitis of the right lower leg": "L03.115"}
DYS = {"acute kidney failure": "N17.9", "acute respiratory failure with hypoxia": "J96.01"}


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:{CHAPTER}:{tid}"), f"s{seed}-001")


def test_the_chapter_has_its_templates():
    assert {t.id for t in by_chapter()[CHAPTER]} >= {"icds-sepsis-order", "icds-cancer-first", "icds-diabetes-codes",
                                                     "icds-substance-code", "icds-hemiplegia"}


@pytest.mark.parametrize("seed", SEEDS)
def test_sepsis_order(seed):
    ex, key = draw("icds-sepsis-order", seed)
    m = re.search(r"admitted with sepsis(?: due to (.+?)|, organism not identified) from (.+?)\. The provider "
                  r"documents (.+?) due to the sepsis( and septic shock|, no shock)", ex.prompt)
    organism, local, dys, shock = m.groups()
    expected = [SEPSIS.get(organism or "", "A41.9"), "R65.21" if "septic" in shock else "R65.20", LOCAL[local],
                DYS[dys]]
    assert [a.split()[0] for a in key.answer] == expected
    assert sorted(ex.options) == sorted(key.answer) and list(ex.options) != list(key.answer)
    for code in expected:
        assert icd10cm.is_billable(code, on=ON)


FIRST = {"for a cycle of chemotherapy": "Z51.11", "for an infusion of immunotherapy": "Z51.12",
         "for radiation therapy": "Z51.0", "because chemotherapy has caused anemia": "D64.81",
         "for dehydration": "E86.0"}
LUNG = {("upper", "right"): "C34.11", ("upper", "left"): "C34.12", ("lower", "right"): "C34.31",
        ("lower", "left"): "C34.32"}
METS = {"the brain": "C79.31", "bone": "C79.51", "the liver": "C78.7"}


@pytest.mark.parametrize("seed", SEEDS)
def test_cancer_first(seed):
    ex, key = draw("icds-cancer-first", seed)
    m = re.search(r"carcinoma of the (right|left) (upper|lower) lobe of the lung with a metastasis to (.+?), and "
                  r"comes in (.+?)\. Which", ex.prompt)
    side, lobe, met, story = m.groups()
    first = next((code for words, code in FIRST.items() if story.startswith(words)), None)
    if first is None:  # surgery or anemia of the cancer: the cancer the treatment aims at leads
        first = METS[met] if "metastasis" in story else LUNG[(lobe, side)]
    assert key.answer.split()[0] == first and key.answer in ex.options
    assert icd10cm.title(first) in key.answer


@pytest.mark.parametrize("seed", SEEDS)
def test_diabetes_codes(seed):
    ex, key = draw("icds-diabetes-codes", seed)
    note = re.search(r'"(.+)"', ex.prompt).group(1)
    category = "E10" if note.startswith("Type 1") else "E11"
    expected = set()
    for words, tail in (("retinopathy", ".319"), ("polyneuropathy", ".42"), ("angiopathy", ".51"),
                        ("poorly controlled", ".65"), ("kidney", ".22")):
        if words in note:
            expected.add(category + tail)
    if (stage := re.search(r"stage (\w+)", note)):
        expected.add({"2": "N18.2", "3a": "N18.31", "3b": "N18.32", "4": "N18.4"}[stage.group(1)])
    if "insulin" in note and category == "E11":
        expected.add("Z79.4")
    if "metformin" in note:
        expected.add("Z79.84")
    if "GLP-1" in note:
        expected.add("Z79.85")
    assert set(key.answer) == expected and set(key.answer) <= set(ex.options)
    for code in expected:
        assert icd10cm.is_billable(code, on=ON)


@pytest.mark.parametrize("seed", SEEDS)
def test_substance_hierarchy(seed):
    ex, key = draw("icds-substance-code", seed)
    said = set(re.findall(r'says "\w+ (use|abuse|dependence)"', ex.prompt))
    top = "dependence" if "dependence" in said else "abuse" if "abuse" in said else "use"
    title = icd10cm.title(key.answer).lower()
    assert top in title and ("in remission" in title) == ("in remission" in ex.prompt)
    assert "uncomplicated" in title or "in remission" in title


@pytest.mark.parametrize("seed", SEEDS)
def test_hemiplegia_dominance(seed):
    ex, key = draw("icds-hemiplegia", seed)
    side = re.search(r"has (right|left)-sided", ex.prompt).group(1)
    hand = re.search(r"The patient is (right-handed|left-handed|ambidextrous)", ex.prompt)
    if hand is None:
        dominant = side == "right"
    else:
        dominant = hand.group(1) == "ambidextrous" or hand.group(1).startswith(side)
    title = icd10cm.title(key.answer).lower()
    assert f"{side} " in title and (("non-dominant" in title or "nondominant" in title) != dominant)
    assert key.answer.startswith("I69.35" if "infarction" in ex.prompt else "G81.9")
