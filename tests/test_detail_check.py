"""Detail checks on synthetic claim lines (revcycle.claims.detail)."""

from datetime import date

import pytest

from revcycle.claims.detail import (
    CHECKS,
    ClaimLine,
    DetailCheckError,
    check_batch,
    check_line,
    filing_deadline,
    findings_frame,
    lines_frame,
    parse_service_date,
    sample_batch,
    summary_frame,
)
from revcycle.codes import npi

AS_OF = date(2026, 9, 30)
GOOD_NPI = "1234567893"


def line(**changes) -> ClaimLine:
    base = {"line_id": "T1", "patient": "Test Patient", "service_date": "09/28/2026", "place_of_service": "11",
            "procedure": "99213", "diagnoses": ("E11.9", "I10"), "rendering_npi": GOOD_NPI, "units": 1,
            "charge": "150.00"}
    base.update(changes)
    return ClaimLine(**base)


def checks(found) -> list[str]:
    return [f.check for f in found]


def test_a_clean_line_has_no_findings():
    assert check_line(line(), AS_OF) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"diagnoses": ("S52.521",)}, ["diagnosis not billable"]),
        ({"diagnoses": ("E11",)}, ["diagnosis not billable"]),
        ({"diagnoses": ("E11.99",)}, ["diagnosis not a code"]),
        ({"diagnoses": ("E1.9",)}, ["diagnosis not a code"]),
        ({"diagnoses": ()}, ["diagnosis missing"]),
        ({"procedure": "J1101"}, ["HCPCS not in file"]),
        ({"procedure": "ABC"}, ["procedure not a code"]),
        ({"rendering_npi": "1234567890"}, ["NPI invalid"]),
        ({"rendering_npi": "123456789"}, ["NPI invalid"]),
        ({"place_of_service": "98"}, ["POS not assigned"]),
        ({"service_date": "09/31/2026"}, ["date not valid"]),
        ({"service_date": "Sept 28"}, ["date not valid"]),
        ({"service_date": "10/01/2026"}, ["date in the future"]),
        ({"service_date": "09/29/2025"}, ["timely filing", "code set year"]),
        ({"service_date": "10/01/2025"}, []),
        ({"units": 0}, ["units"]),
        ({"units": True}, ["units"]),
        ({"charge": "0.00"}, ["charge"]),
        ({"charge": "free"}, ["charge"]),
    ],
)
def test_each_check_fires_on_its_error(changes, expected):
    assert checks(check_line(line(**changes), AS_OF)) == expected


def test_valid_hcpcs_and_cpt_shapes_pass():
    assert check_line(line(procedure="J1100"), AS_OF) == []
    assert check_line(line(procedure="0001F"), AS_OF) == []


def test_messages_say_what_to_do():
    (f,) = check_line(line(diagnoses=("S52.521",)), AS_OF)
    assert "S52.521A" in f.message and f.severity == "error" and f.source == CHECKS[f.check][1]
    (f,) = check_line(line(rendering_npi="1234567890"), AS_OF)
    assert "should be 3" in f.message


def test_a_valid_but_wrong_place_of_service_passes():
    # The trap the chapter teaches: 21 is a real code, so no detail check can know the visit was in the office.
    assert check_line(line(place_of_service="21"), AS_OF) == []


def test_filing_deadline_is_one_calendar_year():
    assert filing_deadline(date(2025, 6, 2)) == date(2026, 6, 2)
    assert filing_deadline(date(2024, 2, 29)) == date(2025, 2, 28)


def test_dates_parse_in_both_forms_and_reject_nonsense():
    assert parse_service_date("9/28/2026") == parse_service_date("2026-09-28") == date(2026, 9, 28)
    with pytest.raises(DetailCheckError):
        parse_service_date("2026-02-30")
    with pytest.raises(DetailCheckError):
        parse_service_date(20260928)


def test_check_line_rejects_non_lines():
    with pytest.raises(DetailCheckError):
        check_line({"line_id": "x"})
    with pytest.raises(DetailCheckError):
        check_line(line(), "2026-09-30")


def test_sample_batch_is_synthetic_and_deterministic():
    a, b = sample_batch(), sample_batch()
    assert a == b and len(a) == 9
    providers = {ln.rendering_npi for ln in a if ln.line_id != "L3"}
    assert len(providers) == 2 and all(npi.is_valid_npi(n) for n in providers)
    assert not npi.is_valid_npi(next(ln for ln in a if ln.line_id == "L3").rendering_npi)


def test_sample_batch_findings():
    found = check_batch(sample_batch())
    assert {(f.line_id, f.check) for f in found} == {
        ("L2", "diagnosis not billable"), ("L3", "NPI invalid"), ("L4", "diagnosis not billable"),
        ("L5", "HCPCS not in file"), ("L6", "POS not assigned"), ("L7", "date in the future"),
        ("L8", "timely filing"), ("L8", "code set year"), ("L8", "units"),
    }
    summary = summary_frame(sample_batch())
    assert list(summary.index[(summary.errors + summary.warnings) == 0]) == ["L1", "L9"]


def test_tables():
    batch = sample_batch()
    assert list(lines_frame(batch).index) == [ln.line_id for ln in batch]
    frame = findings_frame(check_batch(batch))
    assert list(frame.columns) == ["line", "field", "value", "check", "severity", "message"]
    assert len(frame) == 9
