"""The privacy and penalty law chapter agrees with revcycle.compliance.penalties and sits where the brief put it.

Its dollar figures and dates come from code through the {computed} role (checked by tests/test_chapter_figures.py).
Here: the worked examples add up by hand from amounts typed from the Federal Register notices, the bank's keyed
answers are what the engine computes, the chapter is registered right after HIPAA with its notebook, exercises and
two figures, and it meets the shared chapter checks.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from revcycle.compliance import penalties
from tests import chapter_checks
from workbook.exercises import keys
from workbook.exercises.spec import load_bank
from workbook.site import book_values

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "regulations" / "privacy-law-in-depth.md"
BANK = ROOT / "exercises" / "banks" / "privacy-law-in-depth.yml"
KEY = ROOT / "solutions" / "keys" / "privacy-law-in-depth.yml"
NOTEBOOK = ROOT / "notebooks" / "penalty-tiers.ipynb"
D = Decimal
#: Typed from 91 FR 3665 (the 2025 adjustment) and 89 FR 64815 (2024): tier minimums, shared maximum, cap.
FR_2025 = ((145, 1461, 14602, 73011), 73011, 2190294)
FR_2024 = ((141, 1424, 14232, 71162), 71162, 2134831)


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def value(key: str):
    return book_values.FIGURES[f"privacy.{key}"].value()


def test_the_latest_amounts_are_the_notices():
    mins, top, cap = FR_2025
    latest = penalties.ADJUSTMENTS[-1]
    assert (latest.year, latest.effective, latest.citation) == (2025, date(2026, 1, 28), "91 FR 3665")
    assert [t.minimum for t in latest.tiers] == [D(m) for m in mins]
    assert {t.annual_cap for t in latest.tiers} == {D(cap)} and latest.tiers[0].maximum == D(top)
    assert [value(f"2025.tier-{n}.minimum") for n in (1, 2, 3, 4)] == [D(m) for m in mins]


def test_worked_example_1_by_hand():
    mins, top, cap = FR_2025
    n = value("ex1.violations")
    assert value("ex1.citation") == "91 FR 3665" and value("ex1.early.citation") == "89 FR 64815"
    assert value("ex1.low") == n * mins[1] and value("ex1.uncapped-high") == n * top
    assert value("ex1.high") == min(n * top, cap) == cap
    assert value("ex1.early.low") == n * FR_2024[0][1] and value("ex1.early.high") == FR_2024[2]
    assert value("ex1.low-difference") == n * (mins[1] - FR_2024[0][1])
    assert value("ex1.assessed-early") < value("latest.effective") <= value("ex1.assessed")


def test_worked_example_2_by_hand():
    mins, _, cap = FR_2025
    first, last = value("ex2.first"), value("ex2.last")
    days_2024 = (date(2024, 12, 31) - first).days + 1
    days_2025 = (last - date(2025, 1, 1)).days + 1
    assert (value("ex2.days-2024"), value("ex2.days-2025")) == (days_2024, days_2025) == (184, 90)
    assert value("ex2.2024.uncapped-low") == days_2024 * mins[3]
    assert value("ex2.2025.uncapped-low") == days_2025 * mins[3]
    assert value("ex2.2024.high") == value("ex2.2025.high") == cap
    assert value("ex2.total") == 2 * cap and value("ex2.discretion-total") == 2 * 1_500_000


def test_bank_answers_that_the_engine_computes():
    bank = load_bank(BANK)
    key = {k: v.answer for k, v in keys.load_key(KEY, bank).items()}
    assert D(str(key["priv-02"])) == penalties.exposure(2, 12, assessed="2026-03-02", violated="2025-06-01").low
    assert D(str(key["priv-03"])) == penalties.exposure(3, 40, assessed="2024-09-03", violated="2024-02-01").high
    assert penalties.in_force("2026-02-10", "2022-06-03").year == 2025 and key["priv-04"].startswith("The 2025")
    assert int(key["priv-05"]) == penalties.daily_violations("2024-12-01", "2025-01-31")[2024]
    caps = dict(zip(penalties.TIERS, penalties.DISCRETION_CAPS, strict=True))
    assert {k: v for k, v in key["priv-06"].items()} == {t: f"{c:,} dollars" for t, c in caps.items()}
    assert key["priv-08"] == f"{penalties.PART2_COMPLIANCE:%B} {penalties.PART2_COMPLIANCE.day}, 2026"
    years = penalties.years_exposure(4, penalties.daily_violations("2025-10-15", "2026-01-20"), assessed="2026-06-01")
    assert D(str(key["priv-14"])) == sum((e.low for e in years), D(0)) == 2190294 + 20 * 73011


def test_the_bank_is_big_and_varied_enough():
    bank = load_bank(BANK)
    chapter_checks.assert_bank(bank, 12, {"single", "multiple", "numeric", "ordering", "matching"}, "priv-")


def test_terms_and_citations_resolve():
    new = ("uscode-42-1320d-5", "ecfr-45-102-3", "ecfr-45-160-406", "hhs-cmp-2018", "hhs-cmp-2019", "hhs-cmp-2020",
           "hhs-cmp-2021", "hhs-cmp-2022", "hhs-cmp-2023", "hhs-cmp-2024", "hhs-cmp-2025",
           "hhs-hipaa-discretion-2019", "hhs-part2-2024", "ecfr-45-171", "uscode-42-300jj-52",
           "oig-info-blocking-2023", "hhs-ib-disincentives-2024", "astp-care-access-2024", "ca-civ-56-36",
           "tx-hsc-181", "wa-rcw-19-373")
    chapter_checks.assert_citations(text(), new, also=KEY.read_text(encoding="utf-8"), must_cite=True)
    chapter_checks.assert_key_terms(text(), "## Key terms", least=12)


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(privacy-law-in-depth)=\n# ")
    assert "```{admonition} Learning objectives" in page
    for label in ("hipaa", "fraud-abuse-compliance"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{doc}`../../exercises/privacy-law-in-depth`" in page
    assert "../../notebooks/penalty-tiers" in page
    for label in ("privacy-example-1", "privacy-example-2"):
        assert f"({label})=" in page
    assert "Civil Monetary Penalties Law" in page and "1320a-7a" in page
    words = chapter_checks.prose_words(page)
    assert 2000 <= words <= 4500, words


def test_the_chapter_is_registered_right_after_hipaa():
    chapter_checks.assert_registered("regulations/privacy-law-in-depth", "regulations/hipaa",
                                     ["notebooks/penalty-tiers", "exercises/privacy-law-in-depth"],
                                     {"privacy-penalty-tiers", "privacy-yearly-caps"},
                                     before="regulations/fraud-abuse-compliance")


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    assert "Decimal(" not in cell.source and "timedelta" not in cell.source and "quantize" not in cell.source
    assert not any(o.get("output_type") == "error" for o in cell.get("outputs", []))
