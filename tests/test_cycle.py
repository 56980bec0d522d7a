"""The revenue cycle stages and the traced synthetic office visit."""

from datetime import date
from decimal import Decimal

import pytest

from revcycle.codes.npi import is_valid_npi
from revcycle.core.errors import RevcycleError
from revcycle.practice.cycle import CHARGEMASTER, DIAGNOSES, STAGES, trace_encounter

D = Decimal

FACTS_ORDER = [
    "registration",
    "eligibility and authorization",
    "charge capture",
    "coding",
    "claim submission",
    "adjudication",
    "payment posting",
    "denial management",
    "patient collections",
]


def test_stages_follow_facts_order():
    assert [s.name.lower() for s in STAGES] == FACTS_ORDER
    assert len({s.id for s in STAGES}) == len(STAGES)
    for s in STAGES:
        assert s.kind in ("coding", "billing")
        assert s.who in ("front desk", "coder", "biller", "payer")
        assert s.description and "\n" not in s.description and len(s.description) < 120
    assert [s.name for s in STAGES if s.kind == "coding"] == ["Coding"]


def test_money_adds_up():
    t = trace_encounter(seed=2)
    m = t.money_summary()
    assert m == {
        "charge": D("150.00"),
        "allowed": D("95.19"),
        "contractual_adjustment": D("54.81"),
        "payer_pays": D("76.15"),
        "patient_pays": D("19.04"),
    }
    assert m["contractual_adjustment"] + m["payer_pays"] + m["patient_pays"] == m["charge"]
    assert m["payer_pays"] + m["patient_pays"] == m["allowed"]
    assert all(isinstance(v, Decimal) for v in m.values())
    assert t.charge == CHARGEMASTER["99213"]
    assert t.share.deductible_applied == 0  # Part B deductible assumed met


@pytest.mark.parametrize("seed", [0, 1, 2, 99, 2026])
def test_money_is_the_same_for_every_seed(seed):
    t = trace_encounter(seed=seed)
    assert (t.allowed, t.payer_pays, t.patient_pays) == (D("95.19"), D("76.15"), D("19.04"))


def test_deterministic_for_a_seed():
    a, b = trace_encounter(seed=11), trace_encounter(seed=11)
    assert a == b
    assert a.to_frame().equals(b.to_frame())
    assert trace_encounter(seed=12) != a


def test_default_seed_is_the_notebooks():
    t = trace_encounter()
    assert t == trace_encounter(seed=2)
    assert t.patient.name == "Maria Testpatient"
    assert t.date_of_service == date(2026, 9, 28)


@pytest.mark.parametrize("seed", range(30))
def test_every_trace_is_plausible(seed):
    t = trace_encounter(seed=seed)
    assert is_valid_npi(t.provider.npi)
    assert [e.stage for e in t.events] == list(STAGES)
    days = [e.day for e in t.events]
    assert days == sorted(days)
    assert days[0] < 0 and days[2] == 0  # registered before the visit; charges captured on the day
    assert all((e.date - t.date_of_service).days == e.day for e in t.events)
    assert t.date_of_service.year == 2026 and t.date_of_service.weekday() < 5
    age = (t.date_of_service - t.patient.birth_date).days // 365
    assert age >= 65  # a Medicare beneficiary by age
    assert t.events[5].day - t.events[4].day >= 14  # adjudication after Medicare's payment floor


def test_frame_has_one_row_per_stage():
    frame = trace_encounter().to_frame()
    assert list(frame.columns) == ["day", "date", "stage", "who", "task", "what_happened", "amount"]
    assert len(frame) == 9
    assert frame["stage"].tolist()[0] == "Registration"
    text = trace_encounter().to_frame(money_as_text=True)
    assert text["amount"].tolist()[2] == "$150.00"
    assert text["amount"].tolist()[0] == ""


def test_codes_and_diagnoses():
    t = trace_encounter()
    assert t.procedure_code == "99213"
    assert [code for code, _ in t.diagnoses] == ["E11.9", "I10"]
    assert t.payer.startswith("Medicare Part B")
    assert any("sequestration" in note for note in t.notes)


def test_diagnoses_are_billable_fy2026_codes():
    icd = pytest.importorskip("simple_icd_10_cm")
    for code, description in DIAGNOSES:
        assert icd.is_valid_item(code) and icd.is_leaf(code)
        assert icd.get_description(code) == description


@pytest.mark.parametrize("bad", ["2", 2.0, None, True])
def test_bad_seed(bad):
    with pytest.raises(RevcycleError, match="whole number"):
        trace_encounter(seed=bad)
