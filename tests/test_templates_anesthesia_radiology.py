"""The anesthesia and radiology templates give the right key: each test reads the drawn case back from the prompt and
recomputes the answer with plain arithmetic (minutes from the clock times, the Medicare shares written out here,
component amounts read from the prompt's own table), not by calling the engines again."""

from __future__ import annotations

import random
import re
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest

from revcycle.payment import fees
from workbook.exercises.templates import by_chapter, templates
from workbook.exercises.templates.anesthesia_radiology import IMAGING

SEEDS = range(40)
CHAPTER = "anesthesia-radiology"
D = Decimal
CF = D("20.4976")  # CY2026 national anesthesia conversion factor (non-QP), written out independently
SHARE = {"personally": ("AA", D(1)), "no anesthesiologist": ("QZ", D(1)), "no other case": ("QY", D("0.5")),
         "line is the anesthesiologist's": ("QK", D("0.5")), "line is the CRNA's": ("QX", D("0.5"))}


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:{CHAPTER}:{tid}"), f"s{seed}-001")


def cents(x: Decimal) -> Decimal:
    return x.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def test_the_chapter_has_its_three_templates():
    assert {t.id for t in by_chapter()[CHAPTER]} >= {"anr-anesthesia-line", "anr-payment-modifier",
                                                      "anr-imaging-session"}


@pytest.mark.parametrize("seed", SEEDS)
def test_anesthesia_line_by_hand(seed):
    ex, key = draw("anr-anesthesia-line", seed)
    start, end = re.search(r"runs from (\d\d:\d\d) to (\d\d:\d\d)", ex.prompt).groups()
    minutes = int((datetime.strptime(end, "%H:%M") - datetime.strptime(start, "%H:%M")).total_seconds() // 60)
    base = int(re.search(r"gives it (\d+) base units", ex.prompt).group(1))
    tenths = (minutes * 20 + 15) // 30  # minutes / 15 in tenths, half up
    share = next(s for phrase, (_, s) in SHARE.items() if phrase in ex.prompt)
    # the CRNA-directed story also says "directed by an anesthesiologist": the line's owner decides the share
    if "line is the CRNA's" in ex.prompt:
        share = D("0.5")
    assert D(key.answer) == cents((base + D(tenths) / 10) * CF * share)
    assert ex.case and ex.type == "numeric"


@pytest.mark.parametrize("seed", SEEDS)
def test_payment_modifier_by_the_rules(seed):
    ex, key = draw("anr-payment-modifier", seed)
    p = ex.prompt
    n = re.search(r"(\d+) (?:concurrent )?cases", p)
    if "personally" in p:
        expected = "AA"
    elif "no anesthesiologist" in p:
        expected = "QZ"
    elif "CRNA's line" in p:
        expected = "QX"
    elif "no other case" in p:
        expected = "QY"
    else:
        expected = "QK" if n and 2 <= int(n.group(1)) <= 4 else "AD"
    assert key.answer == expected and expected in ex.options


@pytest.mark.parametrize("seed", SEEDS)
def test_imaging_session_from_the_prompt_s_table(seed):
    ex, key = draw("anr-imaging-session", seed)
    rows = re.findall(r"\| `(\d{5})` \| \\\$([\d,.]+) \| \\\$([\d,.]+) \| \\\$([\d,.]+) \|", ex.prompt)
    assert len(rows) == 2
    target = re.search(r"allow for the `(\d{5})` line", ex.prompt).group(1)
    table = {code: (D(g), D(t), D(p)) for code, g, t, p in rows}
    other = next(c for c in table if c != target)
    g, t, p = table[target]
    tc_first = t > table[other][1] or (t == table[other][1] and rows[0][0] == target)
    pc_first = p > table[other][2] or (p == table[other][2] and rows[0][0] == target)
    assert not (tc_first and pc_first)  # the template asks about a line that is reduced
    expected = cents((t if tc_first else t * D("0.5")) + (p if pc_first else p * D("0.95")))
    assert D(key.answer) == expected
    for code in table:  # the table's amounts are the CY2026 file's
        assert fees.pfs_payment(code, modifier="TC").payment == table[code][1]
        assert fees.pfs_payment(code, modifier="26").payment == table[code][2]


def test_the_imaging_pool_is_indicator_4_family_88_and_never_one_contrast_family_twice():
    for area in IMAGING:
        for code in area:
            ind = fees.pfs_indicators(code)
            assert (ind.mult_proc, ind.imaging_family, ind.pctc) == ("4", "88", "1"), code
    for seed in SEEDS:
        ex, _ = draw("anr-imaging-session", seed)
        codes = re.findall(r"\| `(\d{5})` \|", ex.prompt)
        assert not any(set(codes) <= set(area) for area in IMAGING)
