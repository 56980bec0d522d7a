"""The edit registry (revcycle.claims.rules): each edit defined once with one implementation; scrub is
scrub_frame on a one-claim frame; the timely filing rule has one home."""

from __future__ import annotations

import ast
import re
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.claims import claims_frame, filing, scrub, scrub_frame
from revcycle.claims.rules import registry
from revcycle.claims.rules.base import Edit
from revcycle.claims.scrubber import EDIT_BY_ID, EDITS, edits_table, findings_frame
from tests.claim_factory import claim, line
from tests.test_scrub import random_claims

SRC = Path(__file__).resolve().parents[1] / "src" / "revcycle" / "claims"


def test_every_edit_has_one_definition_and_one_implementation():
    defined: dict[str, list[str]] = {}
    for module in registry.MODULES:
        for value in vars(module).values():
            if isinstance(value, Edit):
                defined.setdefault(value.id, []).append(module.__name__)
    assert set(defined) == {e.id for e in EDITS} == set(registry.ORDER)
    assert all(len(set(where)) == 1 for where in defined.values()), defined
    runs = [e.run for e in EDITS]
    assert len(set(runs)) == len(runs)  # no implementation shared by two edits
    for e in EDITS:
        assert e.run.__module__ in {m.__name__ for m in registry.MODULES}
    # and in the source: each id is written in exactly one @edit(...) decorator, in the rules package only
    ids = re.compile(r'@edit\(\s*"([A-Z0-9-]+)"')
    written = [m for p in (SRC / "rules").glob("*.py") for m in ids.findall(p.read_text(encoding="utf-8"))]
    assert sorted(written) == sorted(e.id for e in EDITS)
    assert not any(ids.search(p.read_text(encoding="utf-8")) for p in SRC.glob("*.py"))


def test_edits_table_lists_the_registry():
    table = edits_table()
    assert list(table.columns) == ["id", "severity", "item", "checks", "source"]
    assert list(table["id"]) == [e.id for e in EDITS] and EDIT_BY_ID["TIMELY"].field == "date of service"


def test_no_claims_module_imports_private_names():
    wrong = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("revcycle"):
                wrong += [f"{path.name}: {a.name}" for a in node.names if a.name.startswith("_")]
    assert not wrong


def test_only_runs_the_named_edits():
    c = claim(line("99219", pointers="AC"), line("20610", "180.00", modifiers="25"))
    assert [f.edit_id for f in scrub(c)] == ["PROC-UNKNOWN", "PTR-EMPTY", "MOD-25"]
    assert [f.edit_id for f in scrub(c, only={"MOD-25"})] == ["MOD-25"]
    found = scrub(c)[0]
    assert (found.field, found.value, found.line) == ("procedure", "99219", 1)


@settings(max_examples=60, deadline=None)
@given(random_claims())
def test_scrub_is_scrub_frame_on_the_one_claim_frame(claims):
    for c in claims:
        one = scrub_frame(claims_frame([c]))
        pd.testing.assert_frame_equal(findings_frame(scrub(c)), one)


# --------------------------------------------------------------------------- timely filing, one rule


@settings(max_examples=300, deadline=None)
@given(st.dates(date(2019, 1, 1), date(2030, 12, 31)), st.integers(0, 800))
def test_the_vectorized_filing_rule_is_the_same_rule(service, wait):
    received = service + timedelta(days=wait)
    epoch = date(1970, 1, 1).toordinal()
    late = filing.late(np.array([service.toordinal() - epoch]), np.array([received.toordinal() - epoch]))
    assert bool(late[0]) == (not filing.is_timely(service, received))
    assert (received > filing.medicare_deadline(service)) == bool(late[0])


def test_timely_edit_uses_the_deadline_from_filing():
    service = date(2024, 2, 29)
    due = filing.medicare_deadline(service)
    assert due == date(2025, 2, 28)
    assert not scrub(claim(line(day=service), submitted_on=due))
    (f,) = scrub(claim(line(day=service), submitted_on=due + timedelta(days=1)))
    assert f.edit_id == "TIMELY" and due.isoformat() in f.message


def test_scrub_each_gives_each_claim_what_scrub_gives_it() -> None:
    from revcycle import synthetic
    from revcycle.claims import scrub, scrub_each

    claims = synthetic.claims(60, seed=11, error_rate=0.6)
    assert scrub_each(claims) == [scrub(c) for c in claims]
    assert any(scrub_each(claims))  # the batch has mistakes to find
    twins = [claims[0], claims[0]]  # a repeated id is checked claim by claim
    assert scrub_each(twins) == [scrub(claims[0])] * 2
