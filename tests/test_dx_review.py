"""The diagnosis-list review reads the FY2026 tabular notes the way a coder does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.coding.dx_review import covers, links, note_refs, review, table
from revcycle.core.errors import CodeFormatError


def kinds(codes, severity):
    return [f for f in review(codes) if f.severity == severity]


def test_note_refs_reads_codes_prefixes_and_ranges():
    assert note_refs("tobacco dependence (F17.-)") == [("prefix", "F17")]
    assert note_refs("multiple sclerosis (G35-)") == [("prefix", "G35")]
    assert note_refs("code to identify the stage (N18.1-N18.4, N18.9)") == [("range", "N18.1-N18.4"), ("code", "N18.9")]
    assert note_refs("code (B95-B97), to identify infectious agent.") == [("range", "B95-B97")]
    assert note_refs("head injury (S00 - S09)") == [("range", "S00-S09")]
    assert note_refs("disorders (F10-F19, with .17, .27, .97)") == [("range", "F10-F19")]
    assert note_refs("code to identify control using:") == []


def test_covers_is_inclusive_at_each_ends_own_level():
    assert covers(("range", "N18.1-N18.6"), "N18.31")
    assert covers(("range", "N18.1-N18.6"), "N18.6")
    assert not covers(("range", "N18.1-N18.6"), "N18.9")
    assert covers(("range", "B95-B97"), "B96.20")
    assert covers(("prefix", "E10"), "E10.9")
    assert not covers(("prefix", "E10"), "E11.9")
    assert covers(("code", "Z79.4"), "Z79.4")


def test_a_correct_list_has_no_errors_and_names_what_it_follows():
    assert kinds(["E11.22", "N18.31", "Z79.4"], "error") == []
    ok = " ".join(f.message for f in kinds(["E11.22", "N18.31", "Z79.4"], "ok"))
    assert "N18.31 follows E11.22" in ok and "E11.22 is listed before N18.31" in ok


def test_excludes1_pair_is_an_error_and_excludes2_pair_is_allowed():
    errors = kinds(["J45.909", "R06.2"], "error")
    assert errors and all("Section I.A.12.a" in f.rule for f in errors)
    assert kinds(["J45.909", "R06.2"], "ok") == []  # the chapter-wide Excludes2 is not reported
    allowed = kinds(["I12.9", "N18.31", "N17.9"], "ok")
    assert any("Excludes2" in f.message and "N17.9" in f.message for f in allowed)
    assert kinds(["I12.9", "N18.31", "N17.9"], "error") == []


def test_code_first_and_manifestation_rules():
    wrong = kinds(["F02.80", "G30.9"], "error")
    assert any("G30.9 must be listed before F02.80" in f.message for f in wrong)
    assert kinds(["G30.9", "F02.80"], "error") == []
    alone = review(["H28"])
    assert any(f.severity == "error" and "never be listed first" in f.message for f in alone)
    assert any(f.severity == "warning" and "underlying condition" in f.message for f in alone)


def test_external_cause_first_and_incomplete_and_repeated_codes():
    assert any("external cause" in f.message for f in kinds(["W00.1XXA", "S52.532A"], "error"))
    assert kinds(["S52.532A", "W00.1XXA", "Y92.018", "Y93.01", "Y99.8"], "error") == []
    assert any("needs a 7th character" in f.message for f in kinds(["S52.531"], "error"))
    assert any("not billable" in f.message for f in kinds(["E11"], "error"))
    assert any("already listed" in f.message for f in kinds(["I10", "I10"], "warning"))


def test_unknown_code_is_reported_not_raised_and_bad_input_is_explained():
    found = kinds(["T14.90A"], "error")
    assert found and "T14.90XA" in found[0].message
    with pytest.raises(CodeFormatError):
        review("E11.9")
    with pytest.raises(CodeFormatError):
        review(["99213"])


def test_reminders_only_when_asked():
    assert not [f for f in review(["E11.9"]) if f.severity == "reminder"]
    asked = [f for f in review(["E11.9"], reminders=True) if f.severity == "reminder"]
    assert any("Z79.4" in f.message for f in asked)


def test_table_has_a_row_per_code_with_a_verdict():
    rows = table(["N39.0", "B96.20"])
    assert [r["code"] for r in rows] == ["N39.0", "B96.20"]
    assert all(r["billable"] and r["check"] == "ok" for r in rows)
    assert table(["F02.80", "G30.9"])[0]["check"] == "error"


def test_links_only_between_listed_codes():
    assert {(lk.code, lk.other, lk.kind) for lk in links(["N39.0", "B96.20"])} >= {
        ("N39.0", "B96.20", "use_additional_code")}
    assert links(["I10"]) == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["E11.22", "N18.31", "Z79.4", "I10", "J45.909", "R06.2", "G30.9", "F02.80",
                                 "W19.XXXA", "S52.531A", "E11", "T14.90A"]), max_size=6))
def test_review_never_crashes_on_code_lists(codes):
    for f in review(codes, reminders=True):
        assert f.severity in {"error", "warning", "ok", "reminder"} and 1 <= f.position <= len(codes)
