"""A surgical claim priced by the CY2026 PFS indicators (revcycle.payment.surgery): each rule against the fee
schedule amounts it starts from, and bad lines refused with a message."""

from __future__ import annotations

import csv
import gzip
from datetime import date
from decimal import Decimal
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.core.errors import RevcycleError
from revcycle.core.money import to_cents
from revcycle.payment import fees, surgery


def fee(code: str, setting: str = "facility", locality: str | None = None) -> Decimal:
    return fees.pfs_payment(code, setting=setting, locality=locality).payment  # type: ignore[arg-type]


def test_every_rvu_row_has_its_indicators_and_they_are_cms_values():
    raw = resources.files("revcycle").joinpath("data", fees.INDICATOR_FILE).read_bytes()
    rows = list(csv.DictReader(gzip.decompress(raw).decode().splitlines()))
    rvus = fees._rvu_index()
    assert len(rows) == sum(len(v) for v in rvus.values()) == 19356
    for r in rows:
        assert r["modifier"] in rvus[r["code"]]
        assert r["mult_proc"] in set("0234567 9") and r["bilat_surg"] in set("01239")
        assert r["asst_surg"] in set("0129") and r["co_surg"] in set("0129") and r["team_surg"] in set("0129")
        if r["mult_proc"] == "3" and r["endo_base"]:
            assert r["endo_base"] in rvus  # a family's base endoscopy is itself in the file
        shares = Decimal(r["pre_op"]) + Decimal(r["intra_op"]) + Decimal(r["post_op"])
        assert shares in (Decimal(0), Decimal(1)), r  # the global package splits into shares of the whole


def test_spot_checks_against_the_cms_file():
    lap_chole = fees.pfs_indicators("47562")
    assert (lap_chole.mult_proc, lap_chole.bilat_surg, lap_chole.asst_surg, lap_chole.co_surg) == ("2", "0", "2", "1")
    assert fees.pfs_indicators("45380").endo_base == "45378" and fees.pfs_indicators("45380").mult_proc == "3"
    assert fees.pfs_indicators("27447").bilat_surg == "1"
    assert fees.rvu_record("47562").global_days == "090"


def test_the_highest_procedure_is_paid_in_full_and_the_next_four_at_half():
    codes = ["11042", "64721", "27447", "29881", "47562", "15100"]
    claim = surgery.price_surgery(codes)
    by_code = {p.line.code: p for p in claim.lines}
    order = sorted(codes, key=lambda c: -fee(c))
    for rank, code in enumerate(order, start=1):
        line = by_code[code]
        assert line.rank == rank
        if rank == 1:
            assert line.allowed == fee(code)
        elif rank <= 5:
            assert line.allowed == to_cents(fee(code) * Decimal("0.5"))
        else:
            assert line.allowed is None and line.status == "by report"
    assert claim.total == sum(p.allowed for p in claim.lines if p.allowed is not None)


def test_modifier_51_does_not_choose_the_order_the_amounts_do():
    a = surgery.price_surgery(["64721-51", "27447"])
    b = surgery.price_surgery(["64721", "27447-51"])
    assert [p.allowed for p in a.lines] == [p.allowed for p in b.lines]
    assert a.lines[1].rank == 1


def test_bilateral_by_indicator():
    assert surgery.price_surgery(["27447-50"]).lines[0].allowed == to_cents(fee("27447") * Decimal("1.5"))
    assert surgery.price_surgery(["47562-50"]).lines[0].allowed == fee("47562")  # indicator 0: one side
    not_bilateral = next(c for c, ind in fees._indicator_index().items() if ind.bilat_surg == "9" and not c[1]
                         and fees.rvu_record(c[0]).status in fees.PAYABLE_STATUSES)[0]
    with pytest.raises(RevcycleError, match="bilateral concept does not apply"):
        surgery.price_surgery([f"{not_bilateral}-50"])


def test_a_bilateral_procedure_is_ranked_at_its_bilateral_amount():
    claim = surgery.price_surgery(["27447-50", "27130"])
    first = min(claim.lines, key=lambda p: p.rank or 99)
    assert first.line.code == ("27447" if fee("27447") * Decimal("1.5") > fee("27130") else "27130")


def test_endoscopy_family_pays_the_highest_then_each_less_the_base():
    claim = surgery.price_surgery(["45380", "45385", "45378"])
    by_code = {p.line.code: p for p in claim.lines}
    assert by_code["45385"].allowed == fee("45385")
    assert by_code["45380"].allowed == fee("45380") - fee("45378")
    assert by_code["45378"].allowed == 0 and by_code["45378"].status == "included"


def test_two_endoscopy_families_are_each_one_procedure_in_the_multiple_rule():
    claim = surgery.price_surgery(["43239", "45385", "45380"])
    by_code = {p.line.code: p for p in claim.lines}
    colon = fee("45385") + fee("45380") - fee("45378")
    assert colon > fee("43239")
    assert by_code["43239"].rank == 2 and by_code["43239"].allowed == to_cents(fee("43239") * Decimal("0.5"))


def test_co_surgery_assistants_and_team():
    base = fee("47562")
    assert surgery.price_surgery(["47562-62"]).lines[0].allowed == to_cents(base * Decimal("0.625"))
    assert surgery.price_surgery(["47562-80"]).lines[0].allowed == to_cents(base * Decimal("0.16"))
    assert surgery.price_surgery(["47562-AS"]).lines[0].allowed == to_cents(base * Decimal("0.16") * Decimal("0.85"))
    team = surgery.price_surgery(["47562-66"]).lines[0]
    assert team.status == "not paid" and team.allowed == 0  # team indicator 0
    no_assistant = next(c for c, ind in fees._indicator_index().items() if ind.asst_surg == "1" and not c[1]
                        and fees.rvu_record(c[0]).status in fees.PAYABLE_STATUSES and fee(c[0]) > 0)[0]
    assert surgery.price_surgery([f"{no_assistant}-80"]).lines[0].status == "not paid"


def test_a_second_surgery_by_an_assistant_is_reduced_twice():
    claim = surgery.price_surgery(["27447-80", "27130-80"])
    second = next(p for p in claim.lines if p.rank == 2)
    assert second.allowed == to_cents(fee(second.line.code) * Decimal("0.16") * Decimal("0.5"))


def test_a_nurse_practitioner_is_paid_85_percent():
    claim = surgery.price_surgery(["11042"], provider="npp", setting="non-facility", locality="10112-00")
    assert claim.lines[0].allowed == to_cents(fee("11042", "non-facility", "10112-00") * Decimal("0.85"))


def test_split_global_and_a_lower_charge():
    ind = fees.pfs_indicators("27447")
    assert surgery.price_surgery(["27447-54"]).lines[0].allowed == to_cents(fee("27447") * (ind.pre_op + ind.intra_op))
    assert surgery.price_surgery(["27447-55"]).lines[0].allowed == to_cents(fee("27447") * ind.post_op)
    assert surgery.price_surgery(["27447-56"]).lines[0].allowed == to_cents(fee("27447") * ind.pre_op)
    assert surgery.price_surgery(["27447-78"]).lines[0].allowed == to_cents(fee("27447") * ind.intra_op)
    assert surgery.price_surgery(["27447-54-55"]).lines[0].allowed == fee("27447")  # the whole package
    low = surgery.price_surgery([("47562", ["RT"], "100.00")]).lines[0]
    assert low.allowed == Decimal("100.00")


def test_global_periods():
    knee = surgery.global_period("27447", "2026-03-10")
    assert (knee.start, knee.end) == (date(2026, 3, 9), date(2026, 6, 8))
    minor = surgery.global_period("11042", date(2026, 3, 10))
    assert minor.start == minor.end == date(2026, 3, 10)
    assert surgery.global_period("99213", "2026-03-10").start is None


@pytest.mark.parametrize("lines, message", [
    ([], "at least one line"),
    (["47562-5"], "two letters or digits"),
    (["47562-80-62"], "one role"),
    (["47562-RT-RT"], "listed twice"),
    (["99213-54"], "no global package"),
    (["27447-54-56"], "already includes"),
    (["27447-78-55"], "cannot be combined"),
    ([42], "a code such as"),
    ([("47562", 7)], "modifiers"),
    ([("47562", [], "12.345")], "fractions of a cent"),
    (["ZZZZZ"], "ZZZZZ"),
])
def test_bad_lines_get_a_clear_message(lines, message):
    with pytest.raises(RevcycleError, match=message):
        surgery.price_surgery(lines)


def test_a_bad_provider_is_refused():
    with pytest.raises(RevcycleError, match="'physician' or 'npp'"):
        surgery.price_surgery(["47562"], provider="nurse")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRSTUVWXYZ- ", max_size=14), min_size=0, max_size=7))
def test_any_typed_lines_price_or_get_a_message(typed):
    try:
        claim = surgery.price_surgery(typed)
    except RevcycleError as e:
        assert str(e)
        return
    assert all(p.allowed is None or p.allowed >= 0 for p in claim.lines)
    assert claim.total >= 0


def test_na_flags_come_from_the_file_and_are_said():
    """A knee replacement is not expected in an office: the file's NA flag, and the file's non-facility practice
    expense equal to the facility one, so the office amount is the facility amount; the line says why."""
    knee = fees.pfs_indicators("27447")
    assert knee.nonfacility_na and not knee.facility_na
    assert not fees.pfs_indicators("11042").nonfacility_na
    assert fee("27447", "non-facility") == fee("27447", "facility")
    office = surgery.price_surgery(["27447"], setting="non-facility").lines[0]
    assert any("NA in the file's non-facility column" in n for n in office.notes)
    assert not surgery.price_surgery(["11042"], setting="non-facility").lines[0].notes
    nas = [ind for ind in fees._indicator_index().values() if ind.nonfacility_na]
    assert len(nas) > 1000  # CMS flags thousands of codes (4,077 rows in RVU26C)
