"""The 837P's elements: every value fits its element or is refused by name; changes are reported, never silent."""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from dataclasses import replace
from decimal import Decimal
from functools import cache
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import revcycle.x12.elements as el
from revcycle.claims import Address, Provider
from revcycle.core.errors import InputError, RuleError
from revcycle.x12 import Party, X12Error, to_837p, validate
from revcycle.x12.common import DEFAULT_SUBMITTER, clean, d8
from tests.claim_factory import COMMERCIAL, DOCTOR_NPI, claim, line, patient

TABLE = [e for v in vars(el).values()
         for e in ((v,) if isinstance(v, el.Element) else v if isinstance(v, el.AddressElements | el.NameElements)
                   else ()) if isinstance(e, el.Element)]


def segments(text: str) -> list[str]:
    return [s for s in text.replace("\n", "").split("~") if s]


# ------------------------------------------------------------------ the table agrees with the guide


@cache
def _guide() -> tuple[dict[str, tuple[str, int, int]], dict[tuple[str, str], list[tuple[str, set[str]]]]]:
    """pyx12's map of 005010X222A1: data element types and, per (loop, element), data element and codes."""
    maps = resources.files("pyx12") / "map"
    kinds = {e.get("ele_num", ""): (e.get("data_type", ""), int(e.get("min_len", 0)), int(e.get("max_len", 0)))
             for e in ET.fromstring((maps / "dataele.xml").read_bytes())}
    found: dict[tuple[str, str], list[tuple[str, set[str]]]] = {}
    for name in ("837.5010.X222.A1.xml", "x12.control.00501.xml"):
        for loop in ET.fromstring((maps / name).read_bytes()).iter("loop"):
            for seg in loop.findall("segment"):
                for item in seg.iter("element"):
                    key = (loop.get("xid", ""), item.get("xid", ""))
                    found.setdefault(key, []).append(
                        (item.findtext("data_ele", ""), {c.text or "" for c in item.iter("code")}))
    return kinds, found


@pytest.mark.parametrize("element", TABLE, ids=lambda e: f"{e.loop}-{e.ref}")
def test_each_element_rule_is_the_implementation_guides(element):
    kinds, found = _guide()
    loop = {"GS": "GS_LOOP"}.get(element.loop, element.loop)
    entries = found.get((loop, element.ref))
    assert entries, f"{element.ref} is not in loop {element.loop} of 005010X222A1"
    data_ele = {d for d, _ in entries}
    assert len(data_ele) == 1
    assert kinds[data_ele.pop()] == (element.kind, element.min, element.max)
    listed = set().union(*(codes for _, codes in entries))
    if listed and element.codes:
        assert set(element.codes) <= listed, set(element.codes) - listed


def test_the_state_list_is_the_guides():
    codes = ET.fromstring((resources.files("pyx12") / "map" / "codes.xml").read_bytes())
    states = next(c for c in codes.findall("codeset") if c.findtext("id") == "states")
    assert {c.text for c in states.iter("code")} == el.STATES


# ------------------------------------------------------------------ hostile values, as the issue found them


def _refused(c, *, match: str, **kw) -> X12Error:
    with pytest.raises(X12Error, match=match) as info:
        to_837p([c], **kw)
    return info.value


@pytest.mark.parametrize("value", ["M*B", "M~", "M:", "XX", ""])
def test_a_filing_indicator_outside_the_code_list_is_refused(value):
    payer = replace(COMMERCIAL)
    payer.filing_indicator = value
    problem = _refused(claim(payer=payer), match=r"claim filing indicator \(2000B SBR09\)")
    assert isinstance(problem, el.X12FieldError) and problem.claim_id == "T-1"


@pytest.mark.parametrize("value", ["207Q*0000X", "207Q0000~X", "207Q00000", "taxonomy"])
def test_a_malformed_taxonomy_code_is_refused(value):
    c = claim()
    c.billing_provider.taxonomy = value
    _refused(
        c,
        match=r"Claim T-1: the billing provider's taxonomy code .* must be 10 characters, "
        r"letters and digits, ending in X",
    )
    c = claim()
    assert c.rendering_provider is not None
    c.rendering_provider.taxonomy = value
    _refused(c, match="rendering provider's taxonomy code")


@pytest.mark.parametrize("value", ["1*", "~", "2", "1:7"])
def test_a_frequency_code_outside_1_7_8_is_refused(value):
    _refused(claim(frequency_code=value), match=r"claim frequency code \(item 22\) \(2300 CLM05-03\)")


@pytest.mark.parametrize("value", ["I*", "I", "ZZ", "I1", "I~L"])
def test_a_state_outside_the_code_list_is_refused(value):
    p = patient()
    assert p.address is not None
    p.address.state = value
    _refused(claim(patient=p), match=r"insured's state \(item 7\)")


@pytest.mark.parametrize("claim_id", ["", "   ", "*~:^", "\x00\x07"])
def test_an_empty_claim_id_is_refused(claim_id):
    problem = _refused(claim(claim_id=claim_id), match=r"claim ID \(patient account number, item 26\) .* is empty")
    assert "Claim number 1 (no claim ID; given" in str(problem)


def test_claim_ids_are_checked_unique_after_cleaning():
    _refused_pair = [claim(claim_id="A*1"), claim(claim_id="A~1")]
    with pytest.raises(X12Error, match="'A\\*1' and 'A~1' would both be written as claim ID 'A 1'"):
        to_837p(_refused_pair, changes=[])


def test_control_characters_are_removed_and_reported():
    p = patient()
    p.last_name, p.first_name = "Test\x00pa\x07tient\x1b", "Ma\x7fria"
    changes: list[el.Change] = []
    text = to_837p([claim(patient=p)], changes=changes)
    assert "NM1*IL*1*TESTPATIENT*MARIA*" in text and not any(ch in text for ch in "\x00\x07\x1b\x7f")
    assert {c.reason for c in changes} == {"control characters removed"}
    assert validate(text) == []


@pytest.mark.parametrize("who", ["billing", "rendering", "referring"])
@pytest.mark.parametrize("name", ["李", "***", "\x00"])
def test_a_provider_name_that_reduces_to_nothing_is_refused_for_every_provider(who, name):
    c = claim(referring_provider=Provider(DOCTOR_NPI, "Referrer", "Rita"))
    provider = {"billing": c.billing_provider, "rendering": c.rendering_provider,
                "referring": c.referring_provider}[who]
    assert provider is not None
    provider.last_name = name
    problem = _refused(c, match=f"Claim T-1: the {who} provider's")
    assert "(2010AA NM103)" in str(problem) or "(2310A NM103)" in str(problem) or "(2310B NM103)" in str(problem)


def test_fifty_lines_are_written_and_fifty_one_refused():
    days = [f"2026-0{1 + i // 28}-{1 + i % 28:02d}" for i in range(51)]
    fifty = claim(*(line(day=d) for d in days[:50]), submitted_on="2026-03-04")
    assert validate(to_837p([fifty])) == []
    fifty_one = claim(*(line(day=d) for d in days), submitted_on="2026-03-04")
    _refused(fifty_one, match="51: an 837P claim holds at most 50 service lines")


@pytest.mark.parametrize("units", ["1e20", "1.123456789012345", "1234567890123456"])
def test_units_longer_than_sv104_are_refused(units):
    _refused(claim(line(units=units), payer=COMMERCIAL),
             match=r"line's units \(item 24G\) \(2400 SV104\) .* longer than the 15")


def test_fifteen_digit_units_fit():
    segs = segments(to_837p([claim(line(units="1.12345678901234"), payer=COMMERCIAL)], changes=[]))
    assert any(s.startswith("SV1*") and "*UN*1.12345678901234*" in s for s in segs)


def test_a_date_before_1900_is_refused_and_d8_keeps_four_digit_years():
    from datetime import date

    _refused(claim(patient=patient(birth="0999-01-01")), match=r"birth date .* before 1900")
    assert d8(date(999, 1, 2)) == "09990102"


@pytest.mark.parametrize("submitter_id", ["ÅÅÅ", "李李", "", "A", "SUBMITTER-ID-LONGER-THAN-15"])
def test_a_submitter_id_that_does_not_fit_gs02_is_refused(submitter_id):
    party = replace(DEFAULT_SUBMITTER, id=submitter_id)
    _refused(claim(), match=r"submitter ID \(GS GS02\)", submitter=party)


def test_accented_names_are_spelled_in_ascii_and_reported():
    p = patient()
    p.last_name, p.first_name = "Ørsted-Łukasz", "Zoë"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        text = to_837p([claim(patient=p)])
    assert "NM1*IL*1*ORSTED-LUKASZ*ZOE*" in text and validate(text) == []
    assert len(caught) == 1 and issubclass(caught[0].category, el.X12ChangeWarning)
    assert "'Ørsted-Łukasz' written as 'ORSTED-LUKASZ'" in str(caught[0].message)
    changes: list[el.Change] = []
    to_837p([claim(patient=p)], changes=changes)
    assert [(c.claim_id, c.element, c.written) for c in changes] == [
        ("T-1", "NM103", "ORSTED-LUKASZ"), ("T-1", "NM104", "ZOE")]
    _refused(claim(patient=p), match=r"holds 'Ø' \(Latin Capital Letter O With Stroke\).* ASCII only",
             transliterate=False)


def test_letters_without_an_ascii_spelling_are_refused_not_dropped():
    p = patient()
    p.last_name = "Smith 李"
    _refused(claim(patient=p), match=r"holds '李' .* no spelling in X12's ASCII character set")
    assert clean("Smith 李") == "SMITH"  # the lenient cleaner of the 835 writer leaves it out


def test_long_names_are_shortened_and_reported_but_identifiers_never():
    p = patient()
    p.last_name = "A" * 70
    changes: list[el.Change] = []
    text = to_837p([claim(patient=p)], changes=changes)
    assert f"NM1*IL*1*{'A' * 60}*" in text
    assert changes[0].reason == "shortened to the 60 characters NM103 holds"
    _refused(claim(claim_id="X" * 39), match="longer than the 38 characters it holds")


def test_an_ordinary_claim_needs_no_change():
    changes: list[el.Change] = []
    to_837p([claim()], changes=changes)
    assert changes == []


# ------------------------------------------------------------------ any claim: refused by name, or pyx12-clean

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12) | st.sampled_from(
    ["", " ", "*", "~", ":", "^", "\x00", "Zoë", "李", "A*1", "1e20", "0.5", "MB", "12", "IL", "207Q00000X",
     "62701", "62701-1234", "8", "7", "1234567893", "12-3456789", "A" * 70])

FIELDS = {
    "claim_id": lambda c, v: setattr(c, "claim_id", v),
    "patient last": lambda c, v: setattr(c.patient, "last_name", v),
    "insured last": lambda c, v: setattr(c.insured, "last_name", v),
    "insured first": lambda c, v: setattr(c.insured, "first_name", v),
    "member id": lambda c, v: setattr(c.insured, "member_id", v),
    "group": lambda c, v: setattr(c.insured, "group_number", v),
    "payer name": lambda c, v: setattr(c.payer, "name", v),
    "payer id": lambda c, v: setattr(c.payer, "payer_id", v),
    "filing": lambda c, v: setattr(c.payer, "filing_indicator", v),
    "billing name": lambda c, v: setattr(c.billing_provider, "last_name", v),
    "billing taxonomy": lambda c, v: setattr(c.billing_provider, "taxonomy", v),
    "billing tax id": lambda c, v: setattr(c.billing_provider, "tax_id", v),
    "billing street": lambda c, v: setattr(c.billing_provider.address, "street", v),
    "billing city": lambda c, v: setattr(c.billing_provider.address, "city", v),
    "billing state": lambda c, v: setattr(c.billing_provider.address, "state", v),
    "billing zip": lambda c, v: setattr(c.billing_provider.address, "zip", v),
    "rendering first": lambda c, v: setattr(c.rendering_provider, "first_name", v),
    "patient street": lambda c, v: setattr(c.patient.address, "street", v),
    "patient city": lambda c, v: setattr(c.patient.address, "city", v),
    "patient state": lambda c, v: setattr(c.patient.address, "state", v),
    "patient zip": lambda c, v: setattr(c.patient.address, "zip", v),
    "frequency": lambda c, v: setattr(c, "frequency_code", v),
    "prior auth": lambda c, v: setattr(c, "prior_authorization", v),
    "line control": lambda c, v: setattr(c.lines[0], "line_control", v),
    "place": lambda c, v: setattr(c.lines[0], "place_of_service", v),
}


def hostile_claim(changes: list[tuple[str, str]], dependent: bool):
    """The clean test claim (a dependent on a commercial plan, or Medicare's own beneficiary) with fields set."""
    p = patient()
    c = claim(patient=p, payer=replace(COMMERCIAL), relationship="child" if dependent else "self")
    if dependent:
        c.insured = replace(c.insured, first_name="Parent", address=Address("1 Sample Lane", "Springfield", "IL",
                                                                             "62701"))
    c.billing_provider.address = replace(c.billing_provider.address)
    c.patient.address = replace(p.address)
    for name, value in changes:
        FIELDS[name](c, value)
    return c


def write_or_refuse(c) -> str | None:
    """The 837P text, or None when the writer refused the claim with the project's error."""
    try:
        return to_837p([c], changes=[])
    except (InputError, RuleError) as problem:
        assert str(problem).strip() and "Traceback" not in str(problem)
        return None


HOSTILE = st.tuples(st.lists(st.tuples(st.sampled_from(sorted(FIELDS)), _TEXT), min_size=1, max_size=4),
                    st.booleans())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(HOSTILE)
def test_any_claim_is_refused_or_written_so_pyx12_finds_nothing(case):
    text = write_or_refuse(hostile_claim(*case))
    if text is not None:
        assert validate(text) == [], case


@settings(max_examples=300, deadline=None, derandomize=True)
@given(HOSTILE)
def test_any_claim_is_refused_or_written_in_x12s_character_set(case):
    text = write_or_refuse(hostile_claim(*case))
    if text is not None:
        body = text.replace("\n", "")
        assert body.isascii() and body.isprintable()
        segs = segments(text)
        assert all(s.count("*") == {"CLM": 9}.get(s[:3], s.count("*")) for s in segs)
        assert any(s.startswith("CLM*") and s.split("*")[1] for s in segs)


def test_the_property_tests_reach_both_outcomes():
    """The strategy is not vacuous: some hostile claims are written, others refused."""
    written = write_or_refuse(hostile_claim([("patient last", "Zoë*")], dependent=False))
    refused = write_or_refuse(hostile_claim([("filing", "M*B")], dependent=True))
    assert written is not None and refused is None
    assert Decimal(segments(written)[-1].split("*")[1]) == 1  # IEA: one group


def test_party_ids_are_put_once_for_isa_and_gs():
    text = to_837p([claim()], submitter=Party("Billing Co", "sub-01"), changes=[])
    segs = segments(text)
    assert segs[0].split("*")[6] == "SUB-01".ljust(15) and segs[1].split("*")[2] == "SUB-01"
    assert "NM1*41*2*BILLING CO*****46*SUB-01" in segs


# ------------------------------------------------------------------ replacement and void claims


@pytest.mark.parametrize("frequency", ["7", "8"])
def test_a_replacement_or_void_names_the_claim_it_replaces_in_ref_f8(frequency):
    """CLM05-3 of 7 or 8 needs the payer's control number of the earlier claim (REF*F8, after the prior
    authorization's REF*G1); the file passes pyx12."""
    c = claim()
    c.frequency_code, c.prior_authorization, c.original_reference = frequency, "PA123", " 26118000012345 "
    text = to_837p([c])
    assert validate(text) == []
    segs = segments(text)
    clm = next(s for s in segs if s.startswith("CLM*"))
    assert clm.split("*")[5].endswith(f":B:{frequency}")
    refs = [s for s in segs if s.startswith("REF*G1") or s.startswith("REF*F8")]
    assert refs == ["REF*G1*PA123", "REF*F8*26118000012345"]


def test_a_replacement_without_the_original_reference_is_refused_by_name():
    c = claim()
    c.frequency_code = "7"
    _refused(c, match=r"Claim T-1: the payer claim control number .* is missing: a claim with frequency code 7 "
             r"\(replacement of an earlier claim\) must give")


def test_an_original_claim_carries_no_ref_f8():
    c = claim()
    c.original_reference = "26118000012345"  # kept on the claim, not sent: an original replaces nothing
    assert not any(s.startswith("REF*F8") for s in segments(to_837p([c])))


def test_an_original_reference_that_is_not_text_is_refused():
    with pytest.raises(InputError, match="original reference number"):
        claim(original_reference=26118000012345)
