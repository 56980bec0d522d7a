"""Every dollar figure a chapter computes in prose matches what its notebook's library code computes."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from revcycle.payment.fees import conversion_factor
from revcycle.practice.cycle import trace_encounter

BOOK = Path(__file__).resolve().parents[1] / "book"
MONEY = re.compile(r"\\?\$([0-9][0-9,]*\.[0-9]{2,4})")


def section(text: str, label: str) -> str:
    """The text from a MyST label to the next second-level heading."""
    start = text.index(f"({label})=")
    end = text.find("\n## ", text.index("\n## ", start) + 1)
    return text[start:end if end != -1 else None]


def amounts(text: str) -> set[Decimal]:
    return {Decimal(m.replace(",", "")) for m in MONEY.findall(text)}


def test_worked_example_1_matches_the_traced_encounter():
    chapter = (BOOK / "revenue-cycle.md").read_text(encoding="utf-8")
    example = section(chapter, "revenue-cycle-example-1")
    money = trace_encounter(seed=2).money_summary()
    computed = {money[k] for k in ("charge", "allowed", "contractual_adjustment", "payer_pays", "patient_pays")}
    cited = {conversion_factor(2026), conversion_factor(2026, qualifying_apm=True)}
    found = amounts(example)
    assert computed <= found, f"the example should state every computed figure: missing {computed - found}"
    assert found <= computed | cited, f"figures in the example that nothing computes: {found - computed - cited}"


def test_worked_example_1_names_the_notebooks_patient():
    chapter = (BOOK / "revenue-cycle.md").read_text(encoding="utf-8")
    trace = trace_encounter(seed=2)
    example = section(chapter, "revenue-cycle-example-1")
    assert trace.patient.name in example
    assert f"{trace.date_of_service:%B} {trace.date_of_service.day}, {trace.date_of_service.year}" in example
