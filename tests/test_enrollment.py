"""revcycle.compliance.enrollment: the enrollment and credentialing calendar, a provider's standing on a day, and
the claim lines a lapse breaks.

Expected dates are worked out here with plain ``timedelta`` and year arithmetic from the rules' numbers (30 days of
retroactive billing, 5- and 3-year revalidation, 120 days for CAQH, 36 months for NCQA, 2-year opt-out periods and
30 days' notice, 60 days of substitute billing), not read back from the module.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revcycle import synthetic
from revcycle.claims.model import Provider
from revcycle.codes.npi import NpiFormatError, make_npi
from revcycle.codes.remit import CARC
from revcycle.codes.taxonomy import TaxonomyFormatError
from revcycle.compliance import enrollment as en
from revcycle.core.errors import InputError, RevcycleError

NPI = "1234567893"  # the FACTS example: 123456789 + check digit 3
GROUP = "1245319599"
FP = "207Q00000X"


def make(**kw: object) -> en.Enrollment:
    base: dict[str, object] = {"npi": NPI, "name": "Dr. Lena Fictional", "taxonomy": FP}
    return en.Enrollment(**{**base, **kw})  # type: ignore[arg-type]


# --------------------------------------------------------------------------- dates


def test_effective_date_is_the_later_of_filing_and_starting_and_billing_reaches_back_30_days():
    late = make(filed="2026-04-20", began="2026-03-02")
    assert late.effective == date(2026, 4, 20)
    assert late.retro_start == date(2026, 3, 21)  # April 20 less 30 days
    early = make(filed="2026-02-01", began="2026-03-02")  # filed before starting: effective when she starts
    assert early.effective == date(2026, 3, 2)
    assert make(filed="2026-04-20", began="2026-03-02", disaster=True).retro_start == date(2026, 1, 20)
    assert make().effective is None and make().retro_start is None


def test_file_by_keeps_the_first_day_billable():
    hire = make(began="2026-03-02")
    assert hire.file_by == date(2026, 4, 1)
    filed_then = make(began="2026-03-02", filed=hire.file_by)
    assert filed_then.retro_start == date(2026, 3, 2)
    assert make(began="2026-03-02", filed="2026-04-02").retro_start == date(2026, 3, 3)  # one day too late


def test_revalidation_every_five_years_dmepos_every_three_and_a_posted_date_wins():
    assert make(filed="2021-06-15").next_revalidation == date(2026, 6, 15)
    assert make(filed="2016-06-15", revalidated="2021-06-30").next_revalidation == date(2026, 6, 30)
    assert make(filed="2024-02-29", kind="dmepos").next_revalidation == date(2027, 2, 28)
    assert make(filed="2021-06-15", revalidation_due="2026-05-31").next_revalidation == date(2026, 5, 31)
    assert {kind: make(kind=kind).form for kind in en.FORMS} == {
        "practitioner": "CMS-855I", "group": "CMS-855B", "institutional": "CMS-855A", "dmepos": "CMS-855S",
        "ordering": "CMS-855O"}


def test_caqh_recredentialing_opt_out_and_substitute_clocks():
    assert make(caqh_attested="2026-01-15").caqh_due == date(2026, 1, 15) + timedelta(days=120)
    assert en.PayerContract("SYNEHP", "2023-03-01").recredential_due == date(2026, 3, 1)
    assert en.PayerContract("SYNEHP", "2020-03-01", recredentialed="2023-02-20").recredential_due == \
        date(2026, 2, 20)
    renews, cancel_by = en.opt_out_renewal("2024-03-01", "2026-05-01")
    assert renews == date(2028, 3, 1) and cancel_by == date(2028, 1, 31)
    assert en.opt_out_renewal("2024-03-01", "2025-05-01") == (date(2026, 3, 1), date(2026, 1, 30))
    last = en.substitute_last_day("2026-07-01")
    days = [date(2026, 7, 1) + timedelta(days=k) for k in range(60)]
    assert last == days[-1] == date(2026, 8, 29)


def test_the_calendar_lists_every_clock_in_date_order_with_its_status():
    e = make(filed="2021-06-15", caqh_attested="2025-12-01",
             contracts=(en.PayerContract("SYNEHP", "2023-05-10"), en.PayerContract("SYNHMO", "2019-01-01",
                                                                                   ends="2025-01-01")))
    items = en.due_items(e, "2026-03-01")
    assert [(i.item, i.due, i.status) for i in items] == [
        ("CAQH ProView re-attestation", date(2026, 3, 31), "due soon"),
        ("recredentialing with SYNEHP", date(2026, 5, 10), "due soon"),
        ("Medicare revalidation (CMS-855I)", date(2026, 6, 15), "later"),
    ]  # the ended HMO contract has nothing due
    assert en.due_items(e, "2026-04-01")[0].status == "overdue"
    opted = make(opt_out="2025-07-01")
    assert [i.item for i in en.due_items(opted, "2026-01-01")] == ["last day to cancel the opt-out renewal",
                                                                   "opt-out renews for 2 more years"]
    hire = make(began="2026-03-02")
    assert [(i.item, i.due) for i in en.due_items(hire, "2026-03-05")] == [
        ("file the CMS-855I so the first day of work is billable", date(2026, 4, 1))]
    frame = en.calendar_frame([e, hire], "2026-03-05")
    assert list(frame["due"]) == sorted(frame["due"]) and len(frame) == 4


# --------------------------------------------------------------------------- standing on a day


def test_standing_for_medicare_follows_the_enrollment_dates():
    gap = en.Deactivation("2026-06-01", "2026-08-17")
    e = make(filed="2026-02-16", began="2026-01-02", deactivations=(gap,))
    assert not en.standing(e, "2026-01-16").billable  # retro start is January 17
    assert en.standing(e, "2026-01-17").billable
    inside = en.standing(e, "2026-08-16")
    assert not inside.billable and inside.carc == "B7" and "424.540" in inside.rule
    assert en.standing(e, "2026-08-17").billable  # the reactivation's effective day
    assert not en.standing(make(), "2026-03-01").billable


def test_standing_for_opt_out_ordering_only_and_other_payers():
    opted = make(filed="2020-01-01", opt_out="2026-04-01")
    assert en.standing(opted, "2026-03-31").billable
    out = en.standing(opted, "2026-04-01")
    assert not out.billable and out.carc is None and "private contract" in out.reason
    orderer = make(filed="2020-01-01", kind="ordering")
    assert not en.standing(orderer, "2026-03-01").billable
    c = make(contracts=(en.PayerContract("SYNEHP", "2026-03-16", ends="2026-07-01"),))
    assert [en.standing(c, d, "SYNEHP").billable for d in ("2026-03-15", "2026-03-16", "2026-06-30",
                                                              "2026-07-01")] == [False, True, True, False]
    assert en.standing(c, "2026-05-01", "SYNHMO").carc == "B7"


def test_the_reason_codes_are_in_the_book_s_list():
    assert {"B7", "183"} <= set(CARC)
    lapse = en.Lapse("C1", 1, NPI, "x", date(2026, 1, 1), "medicare", "r", "", "B7")
    assert "not enrolled" in lapse.carc_meaning


# --------------------------------------------------------------------------- claims a lapse breaks


def _claim(npi: str, day: str, *, group: str = GROUP, payer: int = 0, referrer: str = ""):
    claim = synthetic.example_claim()
    lines = [replace(line, from_date=date.fromisoformat(day), to_date=date.fromisoformat(day)) for line in claim.lines]
    billing = replace(claim.billing_provider, npi=group)
    ref = Provider(referrer, "Referrer", "Ray") if referrer else None
    return replace(claim, lines=lines, billing_provider=billing, payer=synthetic.PAYERS[payer],
                   rendering_provider=replace(claim.rendering_provider, npi=npi), referring_provider=ref)


def test_lapses_names_each_broken_line_and_why():
    e = make(filed="2026-02-16", began="2026-01-02", reassigned_to=GROUP,
             deactivations=(en.Deactivation("2026-06-01", "2026-08-17"),),
             contracts=(en.PayerContract("SYNEHP", "2026-03-16"),))
    claims = [_claim(NPI, "2026-01-10"), _claim(NPI, "2026-03-10"), _claim(NPI, "2026-07-01"),
              _claim(NPI, "2026-03-10", payer=1), _claim(NPI, "2026-04-10", payer=1)]
    found = en.lapses(claims, [e])
    assert [(x.service_date, x.payer_id, x.carc) for x in found] == [
        (date(2026, 1, 10), "medicare", "B7"), (date(2026, 7, 1), "medicare", "B7"),
        (date(2026, 3, 10), "SYNEHP", "B7")]
    other_group = make(filed="2020-01-01", reassigned_to="1245319599")
    moved = en.lapses([_claim(NPI, "2026-03-10", group=make_npi(random.Random(1)))], [other_group])
    assert len(moved) == 1 and "reassigned" in moved[0].reason
    orderer_npi = make_npi(random.Random(2))
    unenrolled = make(npi=orderer_npi, name="Dr. Ray Referrer")
    ref = en.lapses([_claim(NPI, "2026-03-10", referrer=orderer_npi)], [other_group, unenrolled])
    assert [(x.name, x.carc) for x in ref] == [("Dr. Ray Referrer", "183")]
    assert en.lapses([_claim("1993999998", "2026-03-10")], [e]) == []  # not on the roster: not judged


def test_the_synthetic_roster_matches_the_synthetic_claims_and_its_lapses_are_the_planted_ones():
    roster, events = en.synthetic_roster(0)
    staff = synthetic.clinicians(0)
    assert [e.npi for e in roster] == [c.provider.npi for c in staff]
    assert en.synthetic_roster(0)[0] == roster and en.synthetic_roster(1)[0] != roster
    assert len(events) == 4
    planted = {ev.npi for ev in events}
    frame = en.lapses_frame(synthetic.claims(1500, 0), roster)
    assert len(frame) > 0 and set(frame["npi"]) <= planted
    by_npi = {ev.npi: ev for ev in events}
    for row in frame.itertuples():
        ev = by_npi[row.npi]
        if ev.what.startswith("deactivated"):
            assert ev.start <= row.service_date < ev.end and row.payer_id == "medicare"
        elif ev.what.startswith("contract"):
            assert row.service_date >= ev.start and row.payer_id == "SYNHMO"
        elif ev.what.startswith("new hire"):
            assert row.service_date < (ev.end if row.payer_id == "medicare" else date(2026, 3, 16))
        else:
            assert row.payer_id == "medicare" and "reassigned" in row.reason


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(("kw", "words"), [
    ({"npi": "1234567890"}, "check-digit"),
    ({"npi": "12345"}, "10"),
    ({"reassigned_to": "2234567890"}, "Dr. Lena Fictional"),
    ({"kind": "hospital"}, "kind must be one of"),
    ({"filed": "April 20"}, "2026-03-02"),
    ({"filed": "2026-04-20", "revalidated": "2026-01-01"}, "before being enrolled"),
    ({"filed": "2026-04-20", "deactivations": (en.Deactivation("2026-01-01"),)}, "before the enrollment"),
    ({"filed": "2020-01-01", "deactivations": (en.Deactivation("2026-01-01", "2026-03-01"),
                                               en.Deactivation("2026-02-01"))}, "overlap"),
    ({"contracts": (en.PayerContract("SYNEHP", "2026-01-01"), en.PayerContract("SYNEHP", "2026-02-01"))},
     "one per payer"),
])
def test_bad_records_are_refused_with_a_message_that_says_what_to_fix(kw, words):
    with pytest.raises(InputError, match=words):
        make(**kw)


def test_bad_pieces_are_refused_too():
    with pytest.raises(NpiFormatError, match="Dr. Lena Fictional"):
        make(npi="1234567890")
    with pytest.raises(TaxonomyFormatError):
        make(taxonomy="207Q0000")
    with pytest.raises(InputError, match="after the deactivation"):
        en.Deactivation("2026-03-01", "2026-03-01")
    with pytest.raises(InputError, match="before the provider was credentialed"):
        en.PayerContract("SYNEHP", "2026-03-01", recredentialed="2025-01-01")
    with pytest.raises(InputError, match="payer's id"):
        en.PayerContract(" ", "2026-03-01")
    with pytest.raises(InputError, match="seed"):
        en.synthetic_roster("0")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- properties

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@given(filed=DAYS, began=DAYS, day=DAYS, disaster=st.booleans())
def test_billable_from_exactly_the_retro_start(filed, began, day, disaster):
    e = make(filed=filed, began=began, disaster=disaster)
    first = max(filed, began) - timedelta(days=90 if disaster else 30)
    assert en.standing(e, day).billable is (day >= first)


@given(start=DAYS, length=st.integers(1, 400), day=DAYS)
def test_a_deactivation_breaks_exactly_its_own_days(start, length, day):
    e = make(filed=date(1999, 1, 1), deactivations=(en.Deactivation(start, start + timedelta(days=length)),))
    inside = start <= day < start + timedelta(days=length)
    assert en.standing(e, day).billable is (not inside)


@given(start=DAYS, as_of=DAYS)
def test_the_opt_out_renewal_is_the_next_two_year_boundary(start, as_of):
    renews, cancel_by = en.opt_out_renewal(start, as_of)
    assert renews > as_of and cancel_by == renews - timedelta(days=30)
    years = renews.year - start.year
    assert years % 2 == 0 and years >= 2
    assert renews.month == start.month and renews.day in (start.day, 28)


@given(npi=st.text(max_size=12), tax=st.text(max_size=12), filed=st.one_of(st.none(), st.text(max_size=12)))
def test_any_text_is_either_a_record_or_a_clear_error(npi, tax, filed):
    try:
        e = en.Enrollment(npi=npi, name="Dr. Test", taxonomy=tax, filed=filed)  # type: ignore[arg-type]
    except RevcycleError as exc:
        assert str(exc)
    else:
        assert len(e.npi) == 10 and e.taxonomy.endswith("X")
