"""The career-paths templates give the right key: each test recomputes it from the drawn case by the rules the
chapter states, written out here (AAPC's count table; AHIMA's per-credential table with its +10 and cap of 50)."""

from __future__ import annotations

import random
import re

import pytest

from workbook.exercises.templates import by_chapter, templates

SEEDS = range(60)
AAPC = {1: 36, 2: 40, 3: 44, 4: 48, 5: 52}
AAPC_CREDS = {"CPC", "CPB", "COC", "CIC", "CRC", "CPC-P", "CPMA"}
AHIMA = {"CCA": 20, "CCS": 20, "CCS-P": 20, "RHIT": 20, "CDIP": 30}
BODY = {"CPC": "AAPC", "CPB": "AAPC", "COC": "AAPC", "CIC": "AAPC", "CRC": "AAPC", "CPC-P": "AAPC", "CPMA": "AAPC",
        "CCA": "AHIMA", "CCS": "AHIMA", "CCS-P": "AHIMA", "RHIT": "AHIMA", "CDIP": "AHIMA", "CRCR": "HFMA",
        "CBCS": "NHA"}


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:career-paths:{tid}"), f"p{seed}-001")


def test_the_chapter_has_three_templates():
    assert {t.id for t in by_chapter()["career-paths"]} == {"career-ceus-after", "career-credential-body",
                                                          "career-next-role"}


@pytest.mark.parametrize("seed", SEEDS)
def test_ceus_after_adding_a_credential(seed):
    ex, key = draw("career-ceus-after", seed)
    held = re.search(r"holds the (.+?) and the ([A-Z-]+), and passes the \*\*([A-Z-]+)\*\*", ex.prompt)
    assert held, ex.prompt
    creds = [*held.group(1).split(", "), held.group(2), held.group(3)]
    body = re.search(r"\*\*(AAPC|AHIMA)\*\* CEUs", ex.prompt).group(1)
    assert len(set(creds)) == len(creds)
    if body == "AAPC":
        need = AAPC[min(sum(c in AAPC_CREDS for c in creds), 5)]
    else:
        mine = [c for c in creds if c in AHIMA]
        need = min(max(AHIMA[c] for c in mine) + 10 * (len(mine) - 1), 50)
    assert int(key.answer) == need


@pytest.mark.parametrize("seed", SEEDS)
def test_the_body_of_a_credential(seed):
    ex, key = draw("career-credential-body", seed)
    code = re.search(r"\*\*([A-Z-]+)\*\*", ex.prompt).group(1)
    assert key.answer == BODY[code] and key.answer in ex.options and len(set(ex.options)) == len(ex.options)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_next_role_is_a_move_of_the_map(seed):
    from careers.paths import MOVES, ROLES

    ex, key = draw("career-next-role", seed)
    start_title, cred = re.search(r"works as a \*\*(.+?)\*\* and earns the \*\*([A-Z-]+)\*\*", ex.prompt).groups()
    title = {t.lower(): k for k, (t, _w) in ROLES.items()}
    ends = {ROLES[m.end][0] for m in MOVES if m.start == title[start_title] and m.credential == cred}
    assert ends == {key.answer} and key.answer in ex.options and len(set(ex.options)) == 4
