"""The CMS-1500 claim model, its flat frame and its paper-form rendering."""

from dataclasses import fields, replace
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from revcycle.claims import (
    Address,
    Claim,
    Insured,
    Patient,
    Payer,
    Provider,
    ServiceLine,
    claims_frame,
    money,
)
from revcycle.claims.form import render_html
from revcycle.claims.frame import COLUMNS, to_frame
from revcycle.codes.npi import make_npi
from revcycle.core.errors import InputError
from revcycle.synthetic import example_claim

D = Decimal


def _claim(**changes) -> Claim:
    patient = Patient("Testpatient", "Maria", "1950-04-02", "F", Address("1 Sample Lane", "Springfield", "IL",
                                                                          "627010001"))
    billing = Provider("1234567893", "Riverbend Family Practice", is_organization=True, tax_id="001234567",
                       address=Address("40 Example Avenue", "Riverton", "WY", "825010001"))
    fields = dict(
        claim_id="T-1", patient=patient, insured=Insured.from_patient(patient, "SYN00000001"),
        payer=Payer("Medicare Part B (synthetic contractor)", "SYNMCR", "medicare"), billing_provider=billing,
        diagnoses=["E11.9", "I10"], lines=[ServiceLine("99213", "150.00", "2026-03-02", pointers="AB")],
        submitted_on="2026-03-04",
    )
    fields.update(changes)
    return Claim(**fields)


def test_values_are_stored_in_one_shape():
    line = ServiceLine("99213 ", "$1,250.00", "2026-03-02", modifiers="25, lt", pointers=[1, 2], units="2")
    assert line.procedure == "99213"
    assert line.charge == D("1250.00") and isinstance(line.charge, Decimal)
    assert line.from_date == line.to_date == date(2026, 3, 2)
    assert line.modifiers == ("25", "LT")
    assert line.pointers == "AB"
    assert line.units == D(2)
    assert line.code_with_modifiers == "99213-25-LT"


def test_floats_and_fractions_of_a_cent_are_refused():
    with pytest.raises(InputError, match="float"):
        money(150.0)
    with pytest.raises(InputError, match="fractions of a cent"):
        money("1.005")
    with pytest.raises(InputError, match="date"):
        ServiceLine("99213", "10.00", "03/02/2026")
    with pytest.raises(InputError, match="Relationship"):
        _claim(relationship="cousin")
    with pytest.raises(InputError, match="Payer kind"):
        Payer("X", "Y", "private")


def test_total_defaults_to_the_lines_and_can_drift():
    claim = _claim(lines=[ServiceLine("99213", "150.00", "2026-03-02"), ServiceLine("36415", "20.00", "2026-03-02")])
    assert claim.total_charge == D("170.00")
    claim.lines[1].charge = D("25.00")
    assert claim.total_charge == D("170.00") != claim.line_total()
    assert claim.recompute_total().total_charge == D("175.00")


def test_filled_in_fields_are_annotated_with_what_they_hold():
    # None is constructor input ("compute it", "same day"); after construction the fields always hold a value.
    hints = {f.name: f.type for f in fields(Claim)} | {f.name: f.type for f in fields(ServiceLine)}
    assert hints["total_charge"] == "Decimal" and hints["to_date"] == "date"
    lines = [ServiceLine("99213", "150.00", "2026-03-02", None), ServiceLine("36415", "20.00", "2026-03-02", "")]
    assert all(line.to_date == date(2026, 3, 2) for line in lines)
    assert ServiceLine("97110", "40.00", "2026-03-02", "2026-03-04").to_date == date(2026, 3, 4)
    assert _claim(lines=lines, total_charge=None).total_charge == D("170.00")
    assert _claim(lines=lines, total_charge="100.00").total_charge == D("100.00")
    claim = _claim(lines=lines)
    assert replace(claim, total_charge=None, lines=lines[:1]).total_charge == D("150.00")
    assert replace(claim, lines=lines[:1]).total_charge == D("170.00")  # replace keeps a stated total
    assert claim.last_service_date == date(2026, 3, 2)


def test_diagnosis_slots_and_rendering_npi():
    claim = _claim(diagnoses=["E11.9", "", "I10"])
    assert claim.diagnosis("A") == "E11.9" and claim.diagnosis("B") is None and claim.diagnosis("c") == "I10"
    assert claim.diagnosis("M") is None
    assert claim.rendering_npi(claim.lines[0]) == "1234567893"  # falls back to the billing provider
    doctor = Provider(make_npi(__import__("random").Random(1)), "Example", "Alex")
    claim.rendering_provider = doctor
    assert claim.rendering_npi(claim.lines[0]) == doctor.npi


def test_frame_has_one_row_per_line_and_exact_cents():
    claims = [_claim(), _claim(claim_id="T-2", lines=[]),
              _claim(claim_id="T-3", lines=[ServiceLine("20610", "180.10", "2026-03-02", modifiers="RT 59 XS LT GP")])]
    frame = claims_frame(claims)
    assert list(frame.columns) == list(COLUMNS)
    assert list(frame["claim_id"].astype(str)) == ["T-1", "T-2", "T-3"]
    assert list(frame["line"]) == [1, 0, 1]
    assert frame["charge_cents"].tolist() == [15000, 0, 18010]
    assert frame["total_charge_cents"].tolist() == [15000, 0, 18010]
    assert frame.loc[2, "n_modifiers"] == 5 and frame.loc[2, "mod_extra"] == "GP"
    assert frame["from_date"].dtype.kind == "M" and pd.isna(frame.loc[1, "from_date"])
    assert isinstance(frame["procedure"].dtype, pd.CategoricalDtype)
    with pytest.raises(TypeError):
        to_frame(["not a claim"])


def test_form_shows_every_field_where_it_goes():
    claim = example_claim()
    html = render_html(claim)
    for text in ("1a", "21", "24J", "33a", "28", claim.claim_id, claim.billing_provider.npi, "99213", "E11.9",
                 "I10", "150.00", "ICD ind. 0", "Synthetic example"):
        assert text in html
    assert "flag" not in html.split("</style>")[1]  # a clean claim has nothing outlined


def test_form_outlines_the_boxes_with_findings_and_escapes_text():
    claim = _claim()
    claim.patient.last_name = "<script>alert(1)</script>"
    claim.lines[0].pointers = "AC"
    claim.total_charge = D("99.00")
    html = render_html(claim, highlight=True)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    body = html.split("</style>")[1]
    assert 'class="flag">PTR-EMPTY' in body and 'class="flag">TOTAL' in body


def test_form_marks_lines_beyond_six_as_a_continuation():
    lines = [ServiceLine("97110", "70.00", "2026-03-02") for _ in range(8)]
    html = render_html(_claim(lines=lines))
    assert "continuation form" in html and "line 8" in html


def test_item_11_says_none_on_a_medicare_claim_and_names_the_plan_otherwise():
    """CMS's instructions for the CMS-1500: with no insurance primary to Medicare, item 11 reads NONE
    (Medicare Claims Processing Manual, chapter 26); other payers get the policyholder's group and plan."""
    import copy
    import re

    claim = copy.deepcopy(example_claim())  # its payer may be shared with other synthetic claims: never edit it

    def item_11(html: str) -> str:
        return re.sub(r"<[^>]+>", " ", html.split(">11<", 1)[1].split(">12<", 1)[0])

    assert claim.payer.kind == "medicare" and "NONE" in item_11(render_html(claim))
    claim.payer.kind = "group"
    text = item_11(render_html(claim))
    assert "NONE" not in text and claim.insured.plan_name.split()[0] in text
