"""revcycle.payment.anesthesia and revcycle.payment.radiology: every amount checked by plain arithmetic on the
shipped CY2026 data, the rules' edges, clear errors, and property tests."""

from __future__ import annotations

import csv
import gzip
import io
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revcycle.coding import modifiers
from revcycle.core.errors import InputError, RevcycleError, RuleError
from revcycle.payment import anesthesia, fees, radiology

D = Decimal
AL = "10112-00"


def cents(x: Decimal) -> Decimal:
    return x.quantize(D("0.01"), rounding=ROUND_HALF_UP)


# ------------------------------------------------------------------------------------------------ anesthesia


def test_national_factors_are_the_final_rule_s():
    assert anesthesia.conversion_factor() == D("20.4976")
    assert anesthesia.conversion_factor(qualifying_apm=True) == D("20.5998")
    assert anesthesia.conversion_factor(2025) == D("20.3178")
    with pytest.raises(InputError, match="2024"):
        anesthesia.conversion_factor(2024)


@pytest.mark.parametrize(("minutes", "units"), [(0, "0.0"), (15, "1.0"), (67, "4.5"), (68, "4.5"), (7, "0.5"),
                                                (1, "0.1"), (2, "0.1"), (95, "6.3"), (100, "6.7"), (52, "3.5")])
def test_time_units_are_minutes_over_15_to_one_decimal(minutes, units):
    assert anesthesia.time_units(minutes) == D(units)


def test_a_personally_performed_case_by_hand():
    p = anesthesia.price_anesthesia("00790", 7, 67)
    # 7 base + 67/15 = 4.4667 -> 4.5 time units = 11.5 units x $20.4976 = $235.7224 -> $235.72
    assert p.total_units == D("11.5")
    assert p.allowed == D("235.72")
    assert p.full_amount == p.allowed


def test_a_directed_case_splits_in_half_and_adds_back_up():
    doctor, crna = anesthesia.directed_case("01402", 7, 95, concurrent=3)
    assert (doctor.modifier, crna.modifier) == ("QK", "QX")
    whole = anesthesia.price_anesthesia("01402", 7, 95).allowed
    # 7 + 6.3 = 13.3 units x 20.4976 = 272.61808; half = 136.30904 -> 136.31
    assert doctor.allowed == crna.allowed == D("136.31")
    assert abs(doctor.allowed + crna.allowed - whole) <= D("0.01")
    assert anesthesia.directed_case("01402", 7, 95, concurrent=1)[0].modifier == "QY"
    assert anesthesia.directed_case("01402", 7, 95, concurrent=5)[0].modifier == "AD"


def test_supervision_pays_three_base_units_and_one_more_at_induction():
    assert anesthesia.price_anesthesia("00790", 7, 200, modifier="AD").allowed == cents(3 * D("20.4976"))
    at = anesthesia.price_anesthesia("00790", 7, 200, modifier="AD", present_at_induction=True)
    assert at.allowed == cents(4 * D("20.4976"))


def test_medicare_adds_nothing_for_physical_status_or_qualifying_circumstances():
    plain = anesthesia.price_anesthesia("00790", 7, 67)
    extra = anesthesia.price_anesthesia("00790", 7, 67, physical_status=4, qualifying=["99100", "99140"])
    assert extra.allowed == plain.allowed
    for code in anesthesia.QUALIFYING_CIRCUMSTANCES:
        assert anesthesia.qualifying_status(code) == "B"  # bundled in the CY2026 file
    assert any("status B" in n for n in extra.notes)


def test_an_asa_style_payer_adds_units():
    p = anesthesia.price_anesthesia("00790", 7, 67, physical_status=3, qualifying=["99100"],
                                    policy=anesthesia.ASA_STYLE)
    assert p.total_units == D("7") + D("4.5") + 1 + 1
    assert p.allowed == cents(D("13.5") * D("20.4976"))


def test_a_locality_factor_can_be_given_and_01996_has_no_time():
    assert anesthesia.price_anesthesia("00790", 7, 60, conversion_factor="21.5").allowed == cents(11 * D("21.5"))
    assert anesthesia.price_anesthesia("01996", 3, 45).time_units == 0


@pytest.mark.parametrize(("kwargs", "error", "text"), [
    ({"code": "99213"}, RuleError, "status J"),
    ({"base_units": 0}, InputError, "from 1"),
    ({"base_units": "seven"}, InputError, "whole number"),
    ({"minutes": -5}, InputError, "whole number"),
    ({"minutes": 99999}, InputError, "2160"),
    ({"modifier": "QS"}, InputError, "payment modifier"),
    ({"physical_status": 7}, InputError, "from 1 to 6"),
    ({"qualifying": ["99999"]}, InputError, "qualifying-circumstance"),
    ({"qualifying": ["99100", "99100"]}, InputError, "twice"),
    ({"present_at_induction": True}, InputError, "AD"),
    ({"conversion_factor": 20.5}, InputError, "float"),
])
def test_bad_input_says_what_to_do(kwargs, error, text):
    args = {"code": "00790", "base_units": 7, "minutes": 67, **kwargs}
    with pytest.raises(error, match=text):
        anesthesia.price_anesthesia(args.pop("code"), args.pop("base_units"), args.pop("minutes"), **args)


@given(base=st.integers(1, 40), minutes=st.integers(0, anesthesia.MAX_MINUTES),
       mod=st.sampled_from(["AA", "QK", "QY", "QX", "QZ"]), apm=st.booleans())
def test_property_allowed_is_units_times_factor_times_share(base, minutes, mod, apm):
    p = anesthesia.price_anesthesia("00790", base, minutes, modifier=mod, qualifying_apm=apm)
    tenths = (minutes * 10 * 2 + 15) // 30  # minutes/15 to the tenth, half up, in integers
    assert p.time_units == D(tenths) / 10
    share = D(1) if mod in ("AA", "QZ") else D("0.5")
    cf = D("20.5998") if apm else D("20.4976")
    assert p.allowed == cents((base + D(tenths) / 10) * cf * share)


@given(st.one_of(st.text(max_size=8), st.floats(allow_nan=True), st.none(), st.integers(-10**6, 10**6)))
def test_property_minutes_never_raise_anything_but_a_clear_error(value):
    try:
        anesthesia.time_units(value)
    except RevcycleError as exc:
        assert "minutes" in str(exc)


def test_the_modifier_procedure_chooses_the_payment_modifier():
    roles = {"personal": "AA", "direct_one": "QY", "direct_concurrent": "QK", "supervise": "AD",
             "crna_directed": "QX", "crna_alone": "QZ"}
    for role, mod in roles.items():
        d = modifiers.decide(kind="anesthesia", anesthesia_role=role, physical_status=2)
        assert d.modifiers == (mod, "P2"), role
        assert mod in anesthesia.PAYMENT_MODIFIERS and modifiers.exists(mod)
    assert modifiers.conflicts(["AA", "QZ"], "anesthesia")
    assert modifiers.conflicts(["QX"], "procedure")


# ------------------------------------------------------------------------------------------------ radiology


def _raw_rows(code: str) -> dict[str, tuple[Decimal, Decimal, Decimal]]:
    """modifier -> (work, non-facility PE, MP) read straight from the shipped file, not through fees."""
    raw = resources.files("revcycle").joinpath("data", "pfs_rvu_2026.csv.gz").read_bytes()
    rows = csv.DictReader(io.StringIO(gzip.decompress(raw).decode()))
    return {r["modifier"]: (D(r["work_rvu"]), D(r["nonfac_pe_rvu"]), D(r["mp_rvu"])) for r in rows
            if r["code"] == code}


def test_26_and_tc_rows_split_the_global_rvus_and_dollars():
    rows = _raw_rows("74177")
    assert set(rows) == {"", "26", "TC"}
    assert [a + b for a, b in zip(rows["26"], rows["TC"], strict=True)] == list(rows[""])
    loc = fees.get_locality(AL).gpcis
    cf = D("33.4009")

    def by_hand(m: str) -> Decimal:
        w, pe, mp = rows[m]
        return cents((w * loc.work + pe * loc.pe + mp * loc.mp) * cf)

    comp = radiology.components("74177", locality=AL)
    assert (comp.global_amount, comp.professional, comp.technical) == (by_hand(""), by_hand("26"), by_hand("TC"))
    assert abs(comp.split_gap) <= D("0.01")


def test_the_imaging_reduction_by_hand():
    session = radiology.price_imaging(["74177", "71260"], locality=AL)
    first, second = session.lines
    ct_abd, ct_chest = radiology.components("74177", locality=AL), radiology.components("71260", locality=AL)
    assert first.allowed == ct_abd.global_amount
    assert second.allowed == cents(ct_chest.technical * D("0.5") + ct_chest.professional * D("0.95"))
    assert (second.tc_rank, second.pc_rank) == (2, 2)
    assert session.total == first.allowed + second.allowed


def test_reading_only_lines_take_the_5_percent_reduction():
    session = radiology.price_imaging(["71260-26", "74177-26"])
    pcs = {ln.code: ln for ln in session.lines}
    assert pcs["74177"].allowed == fees.pfs_payment("74177", modifier="26").payment
    assert pcs["71260"].allowed == cents(fees.pfs_payment("71260", modifier="26").payment * D("0.95"))


def test_codes_outside_family_88_are_not_reduced():
    assert fees.pfs_indicators("71046").mult_proc == "0"
    session = radiology.price_imaging(["74177", "71046"])
    assert session.lines[1].allowed == fees.pfs_payment("71046").payment


def test_the_indicator_file_holds_the_family_and_supervision_columns():
    for code in ("70450", "70460", "74177", "72148"):
        assert fees.pfs_indicators(code).imaging_family == "88"
    assert fees.pfs_indicators("99213").imaging_family == "99"
    assert fees.pfs_indicators("70450", "TC").supervision == "01"
    assert fees.pfs_indicators("70460", "TC").supervision == "02"  # contrast: direct supervision
    assert radiology.supervision_level("70460").startswith("direct")


def test_contrast_families_and_errors():
    assert radiology.contrast_code("CT abdomen and pelvis", "both") == "74178"
    for family in radiology.CONTRAST.values():
        for code in family.values():
            assert fees.pfs_indicators(code).mult_proc == "4"
    with pytest.raises(InputError, match="contrast"):
        radiology.contrast_code("CT head", "some")
    with pytest.raises(RuleError, match="PCTC"):
        radiology.components("99213")
    with pytest.raises(InputError, match="26 or TC"):
        radiology.price_imaging(["74177-50"])
    with pytest.raises(InputError, match="twice"):
        radiology.price_imaging(["74177", "74177"])
    with pytest.raises(InputError, match="at least one"):
        radiology.price_imaging([])


@given(st.lists(st.sampled_from(["70450", "70460", "71250", "71260", "74176", "74177", "72148"]), min_size=1,
                max_size=5, unique=True))
def test_property_each_part_is_ranked_on_its_own_and_nothing_is_raised(codes):
    session = radiology.price_imaging(codes)
    assert sorted(ln.tc_rank for ln in session.lines) == list(range(1, len(codes) + 1))
    assert sorted(ln.pc_rank for ln in session.lines) == list(range(1, len(codes) + 1))
    for ln in session.lines:
        assert ln.technical is not None and ln.professional is not None
        tc = ln.technical * (1 if ln.tc_rank == 1 else D("0.5"))
        pc = ln.professional * (1 if ln.pc_rank == 1 else D("0.95"))
        assert ln.allowed == (ln.fee_schedule if ln.tc_rank == ln.pc_rank == 1 else cents(tc + pc))
        assert ln.allowed <= ln.fee_schedule + D("0.01")
