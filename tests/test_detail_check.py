"""Detail checks on synthetic claim lines (revcycle.claims.detail)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.claims import Provider, scrub
from revcycle.claims.detail import (
    SHARED,
    ClaimLine,
    check_batch,
    check_line,
    filing_deadline,
    findings_frame,
    lines_frame,
    parse_service_date,
    sample_batch,
    source_of,
    summary_frame,
)
from revcycle.claims.scrubber import EDIT_BY_ID
from revcycle.codes import npi
from revcycle.core.errors import InputError
from tests import claim_factory

AS_OF = date(2026, 9, 30)
GOOD_NPI = "1234567893"


def line(**changes) -> ClaimLine:
    base = {"line_id": "T1", "patient": "Test Patient", "service_date": "09/28/2026", "place_of_service": "11",
            "procedure": "99213", "diagnoses": ("E11.9", "I10"), "rendering_npi": GOOD_NPI, "units": 1,
            "charge": "150.00"}
    base.update(changes)
    return ClaimLine.read(**base)


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
        ({"units": "two"}, ["units"]),
        ({"units": 0.5}, ["units"]),  # a float is not read (units are typed as whole numbers or text)
        ({"units": "0.5"}, []),  # the registry's verdict: units above zero (CMS-1500 24G allows decimals)
        ({"units": -1}, ["units"]),
        ({"charge": "0.00"}, []),  # the registry's verdict: a zero charge is allowed (837P SV102)
        ({"charge": "-5.00"}, ["charge"]),
        ({"charge": "free"}, ["charge"]),
        ({"procedure": "99219"}, ["procedure not a code"]),  # a deleted CPT code the fee schedule lacks
    ],
)
def test_each_check_fires_on_its_error(changes, expected):
    assert checks(check_line(line(**changes), AS_OF)) == expected


def test_valid_hcpcs_and_cpt_shapes_pass():
    assert check_line(line(procedure="J1100"), AS_OF) == []
    assert check_line(line(procedure="0001F"), AS_OF) == []


def test_messages_say_what_to_do():
    (f,) = check_line(line(diagnoses=("S52.521",)), AS_OF)
    assert "S52.521A" in f.message and f.severity == "fatal" and f.source == source_of(f)
    assert f.edit_id == "DX-7TH" and f.source == EDIT_BY_ID["DX-7TH"].source and f.value == "S52.521"
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
    with pytest.raises(InputError):
        parse_service_date("2026-02-30")
    with pytest.raises(InputError):
        parse_service_date(20260928)


def test_a_line_holds_values_and_keeps_what_was_typed():
    typed = line(service_date="9/28/2026", units="2", charge="$1,250.00", diagnoses="E11.9, I10")
    assert typed.service_date == date(2026, 9, 28) and typed.units == Decimal(2)
    assert typed.charge == Decimal("1250.00") and typed.diagnoses == ("E11.9", "I10") and typed.unreadable == {}
    assert typed.entered == {"date of service": "9/28/2026", "units": "2", "charge": "$1,250.00"}
    for ln in sample_batch():
        assert isinstance(ln.service_date, date) and isinstance(ln.units, Decimal) and isinstance(ln.charge, Decimal)
        assert ln.entered["date of service"] == f"{ln.service_date:%m/%d/%Y}" and ln.entered["charge"] == str(ln.charge)


def test_an_unreadable_box_is_none_noted_and_kept_as_typed():
    bad = line(service_date="Sept 28", units="two", charge="free")
    assert bad.service_date is None and bad.units is None and bad.charge is None
    assert set(bad.unreadable) == {"date of service", "units", "charge"} and "MM/DD/YYYY" in bad.unreadable[
        "date of service"]
    assert bad.entered == {"date of service": "Sept 28", "units": "two", "charge": "free"}
    assert [(f.edit_id, f.value) for f in check_line(bad, AS_OF)] == [
        ("LINE-DATE", "Sept 28"), ("LINE-UNITS", "two"), ("LINE-CHARGE", "free")]


def test_a_line_built_from_values_is_checked_like_a_typed_one():
    direct = ClaimLine("T1", "Test Patient", date(2026, 9, 28), "11", "99213", ("E11.9", "I10"), GOOD_NPI,
                       Decimal(0), Decimal("150.00"))
    assert direct.entered == {"date of service": "09/28/2026", "units": "0", "charge": "150.00"}
    assert check_line(direct, AS_OF) == check_line(line(units=0), AS_OF)


def test_text_in_a_value_field_points_to_the_reader():
    with pytest.raises(InputError, match=r"ClaimLine\.read"):
        ClaimLine("T1", "Test Patient", "09/28/2026", "11", "99213", ("I10",), GOOD_NPI)
    with pytest.raises(InputError, match=r"ClaimLine\.read"):
        ClaimLine("T1", "Test Patient", date(2026, 9, 28), "11", "99213", ("I10",), GOOD_NPI, 1, "150.00")
    with pytest.raises(InputError, match="not marked unreadable"):
        ClaimLine("T1", "Test Patient", None, "11", "99213", ("I10",), GOOD_NPI)


def test_a_corrected_box_is_read_again():
    bad = line(service_date="09/31/2026", charge="free")
    fixed = bad.retyped(service_date="09/30/2026", charge="150.00")
    assert fixed.service_date == date(2026, 9, 30) and fixed.charge == Decimal("150.00") and fixed.unreadable == {}
    assert fixed.entered["date of service"] == "09/30/2026" and check_line(fixed, AS_OF) == []
    assert fixed.retyped() == fixed
    with pytest.raises(InputError, match="no box"):
        bad.retyped(amount="150.00")


def test_check_line_rejects_non_lines():
    with pytest.raises(InputError):
        check_line({"line_id": "x"})
    with pytest.raises(InputError):
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


def test_findings_speak_the_registry_vocabulary():
    found = check_batch(sample_batch())
    assert {f.severity for f in found} == {"fatal", "warning"}
    for f in found:
        assert f.source == source_of(f)
        if f.edit_id in SHARED:
            assert f.severity == EDIT_BY_ID[f.edit_id].severity
    late = next(f for f in found if f.check == "timely filing")
    assert late.edit_id == "TIMELY" and late.severity == "fatal"  # the registry's verdict, not a warning


def test_a_mistyped_date_is_reported_and_the_rest_still_checked():
    found = check_line(line(service_date="09/31/2026", diagnoses=("S93.401", "I10"), rendering_npi="1234567890"),
                       AS_OF)
    assert [(f.check, f.value) for f in found] == [
        ("date not valid", "09/31/2026"), ("diagnosis not billable", "S93.401"), ("NPI invalid", "1234567890")]


# --------------------------------------------------------------------------- agreement with the registry

#: The registry edits the front desk shares, written out here so that a check dropped from detail is noticed.
SHARED_IDS = {"DATE-FUTURE", "TIMELY", "POS-FORMAT", "PROC-UNKNOWN", "DX-NONE", "DX-INVALID", "DX-7TH", "DX-HEADER",
              "NPI-RENDERING", "UNITS", "CHARGE"}


def test_the_shared_checks_are_registry_edits():
    assert set(SHARED) == SHARED_IDS and set(EDIT_BY_ID) >= SHARED_IDS


_DATES = ["09/28/2026", "2026-09-30", "10/01/2026", "09/29/2025", "06/02/2025", "02/29/2024", "01/15/2026"]
_DX = ["E11.9", "I10", "E11", "S52.521", "E11.99", "E1.9", "S93.401A", "J45.909"]
_PROCS = ["99213", "99203", "J1100", "J1101", "99219", "ABC", "0001F", "20610"]
_NPIS = [GOOD_NPI, "1234567890", "123456789", ""]


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(_DATES), st.sampled_from(["11", "21", "1", "98"]), st.sampled_from(_PROCS),
       st.lists(st.sampled_from(_DX), max_size=3), st.sampled_from(_NPIS), st.sampled_from([1, 0, -1, 3]),
       st.sampled_from(["150.00", "0.00", "-5.00", "19.99"]))
def test_detail_checks_agree_with_the_registry_on_shared_checks(day, place, proc, dx, npi_, units, charge):
    """The same line built directly as a Medicare claim (the claim factory, not detail's reader) gets the same
    verdicts from scrub() as check_line reports for every check the two share."""
    typed = line(service_date=day, place_of_service=place, procedure=proc, diagnoses=tuple(dx),
                 rendering_npi=npi_, units=units, charge=charge)
    detail = sorted(f.edit_id for f in check_line(typed, AS_OF) if f.edit_id in SHARED_IDS)
    service = parse_service_date(day)
    direct = claim_factory.claim(
        claim_factory.line(proc, charge, service, place_of_service=place, units=units, rendering_npi=npi_,
                           pointers="A" if dx else ""),
        diagnoses=list(dx), submitted_on=AS_OF, payer=claim_factory.MEDICARE,
        rendering_provider=None, billing_provider=Provider(npi_, "Rendering provider"))
    registry = sorted(f.edit_id for f in scrub(direct, as_of=AS_OF) if f.edit_id in SHARED_IDS)
    assert detail == registry
