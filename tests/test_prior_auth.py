"""revcycle.payment.prior_auth: the CMS-0057-F decision clocks, the authorization check and the synthetic worklist.

Expected deadlines are counted here by hand from the rule (72 hours from the moment of receipt; 7 calendar days
after the day of receipt) rather than read back from the engine.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.claims.model import ServiceLine
from revcycle.codes.remit import CARC
from revcycle.core.dates import parse_datetime
from revcycle.core.errors import InputError
from revcycle.payment import prior_auth as pa

TIMED = ["ma", "medicaid_ffs", "medicaid_mc", "chip_ffs", "chip_mc"]


def req(payer: str = "ma", urgency: str = "standard", received: object = "2026-03-06T16:30", **kw):
    return pa.Request("PA-T", payer, urgency, received, **kw)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------------ decision clocks


def test_expedited_runs_72_hours_from_the_moment_of_receipt():
    clock = pa.decision_deadline(req(urgency="expedited"))  # a Friday afternoon
    assert clock.applies and clock.due_at == datetime(2026, 3, 9, 16, 30)  # Monday, same time: weekends count
    assert clock.cutoff == clock.due_at and clock.due_date == date(2026, 3, 9)


def test_standard_runs_to_the_end_of_the_seventh_calendar_day():
    clock = pa.decision_deadline(req())
    assert clock.applies and clock.due_at is None
    assert clock.due_date == date(2026, 3, 13)  # March 6 is day 0
    assert clock.cutoff == datetime(2026, 3, 14, 0, 0)


@pytest.mark.parametrize("payer", TIMED)
def test_every_impacted_payer_but_qhp_issuers_has_the_clock(payer):
    assert pa.decision_deadline(req(payer)).applies
    assert pa.decision_deadline(req(payer, "expedited")).applies


def test_qhp_issuers_on_the_ffes_have_no_clock_under_the_rule_but_must_give_reasons():
    clock = pa.decision_deadline(req("qhp_ffe"))
    assert not clock.applies and clock.cutoff is None and "QHP" in clock.reason
    assert pa.denial_reason_required("qhp_ffe", "2026-02-01")


@pytest.mark.parametrize("payer", ["medicare_ffs", "commercial"])
def test_payers_outside_the_rule(payer):
    clock = pa.decision_deadline(req(payer, "expedited"))
    assert not clock.applies and "not an impacted payer" in clock.reason
    assert not pa.denial_reason_required(payer, "2026-06-01")


def test_requests_before_2026_have_no_clock_and_no_reason_rule():
    assert not pa.decision_deadline(req(received="2025-12-31T23:59")).applies
    assert pa.decision_deadline(req(received="2026-01-01T00:00")).applies
    assert not pa.denial_reason_required("ma", "2025-12-31")
    assert pa.denial_reason_required("ma", date(2026, 1, 1))


def test_managed_care_counts_from_the_rating_period():
    july = req("medicaid_mc", received="2026-03-06T09:00", rating_period_start="2025-07-01")
    assert not pa.decision_deadline(july).applies
    assert "rating period" in pa.decision_deadline(july).reason
    later = req("medicaid_mc", received="2026-08-03T09:00", rating_period_start="2026-07-01")
    assert pa.decision_deadline(later).due_date == date(2026, 8, 10)
    calendar = req("chip_mc", received="2026-01-05T09:00")  # no rating period given: the calendar year
    assert pa.decision_deadline(calendar).applies
    with pytest.raises(InputError, match="rating period cannot start"):
        pa.decision_deadline(req("medicaid_mc", received="2026-03-06T09:00", rating_period_start="2026-04-01"))


def test_metrics_and_api_dates():
    assert pa.metrics_due(2025) == pa.FIRST_METRICS_DUE == date(2026, 3, 31)
    assert pa.metrics_due(2026) == date(2027, 3, 31)
    with pytest.raises(InputError, match="2025 or later"):
        pa.metrics_due(2024)
    assert date(2027, 1, 1) == pa.API_FROM and len(pa.APIS) == 4
    assert pa.PAYER_TYPES["ma"].api_from == "January 1, 2027"
    assert "rating periods" in pa.PAYER_TYPES["medicaid_mc"].api_from
    assert "plan years" in pa.PAYER_TYPES["qhp_ffe"].api_from
    rows = {r["payer type"]: r for r in pa.compliance_table()}
    assert len(rows) == len(pa.PAYER_TYPES)
    assert rows["QHP issuer on a Federally-facilitated Exchange"]["decision timeframes (from 2026)"] == \
        "not set by CMS-0057-F"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"payer": "hmo"}, "is not one of"),
    ({"urgency": "urgent"}, "'standard' or 'expedited'"),
    ({"received": "2026-03-06"}, "date and time"),
    ({"received": "next Tuesday"}, "date and time"),
    ({"received": 20260306}, "date and time"),
    ({"units": 0}, "whole number"),
    ({"units": 2.5}, "whole number"),
])
def test_bad_requests_say_what_is_wrong(kwargs, message):
    with pytest.raises(InputError, match=message):
        req(**kwargs)


def test_a_blank_id_and_a_time_zone_are_refused():
    with pytest.raises(InputError, match="needs an ID"):
        pa.Request(" ", "ma", "standard", "2026-03-06T09:00")
    with pytest.raises(InputError, match="without a time zone"):
        req(received="2026-03-06T09:00+05:00")
    with pytest.raises(InputError, match="takes a Request"):
        pa.decision_deadline("PA-1")  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(TIMED), st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2035, 12, 31)))
def test_property_the_clocks_are_exactly_72_hours_and_7_days(payer, moment):
    expedited = pa.decision_deadline(pa.Request("P", payer, "expedited", moment))
    standard = pa.decision_deadline(pa.Request("P", payer, "standard", moment))
    assert expedited.due_at is not None and (expedited.due_at - moment).total_seconds() == 72 * 3600
    assert standard.due_date is not None and (standard.due_date - moment.date()).days == 7
    assert standard.cutoff is not None and timedelta(days=7) < standard.cutoff - moment <= timedelta(days=8)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=25))
def test_property_received_text_is_read_or_refused_clearly(text):
    try:
        moment = parse_datetime(text)
    except InputError as err:
        assert "date and time" in str(err) or "time zone" in str(err)
    else:
        assert isinstance(moment, datetime) and moment.tzinfo is None


# ----------------------------------------------------------------------------------------- the authorization check

AUTH = pa.Authorization("AUTH-77", frozenset({"97110", "97530"}), 12, date(2026, 3, 1), date(2026, 4, 30))


def test_a_clean_claim_has_no_findings():
    assert pa.check_lines([("97110", "2026-03-03", 4), ("97530", "2026-03-10", 4)], AUTH, billed_number="auth-77") == []


def test_each_problem_draws_its_reason_code():
    lines = [("97110", "2026-03-03", 4), ("97140", "2026-03-03", 1), ("97110", "2026-03-10", 4),
             ("97530", "2026-03-17", 6), ("97110", "2026-05-04", 2)]
    found = {f.line: f for f in pa.check_lines(lines, AUTH)}
    assert set(found) == {2, 4, 5}
    assert (found[2].problem, found[2].carc) == ("code not authorized", "15")
    assert (found[4].problem, found[4].carc, found[4].units_over) == ("units over", "198", 2)  # 4 + 4 + 6 = 14
    assert (found[5].problem, found[5].carc) == ("outside dates", "197")
    for f in found.values():
        assert f.group == "CO" and f.meaning == CARC[f.carc]


def test_no_authorization_denies_every_line_197_and_a_wrong_number_draws_15():
    none = pa.check_lines([("72148", "2026-03-03", 1)], None)
    assert [(f.problem, f.carc) for f in none] == [("no authorization", "197")]
    wrong = pa.check_lines([("97110", "2026-03-03", 1)], AUTH, billed_number="")
    assert [(f.problem, f.carc) for f in wrong] == [("number missing", "15")]
    assert "(blank)" in wrong[0].detail


def test_units_count_in_date_order_and_include_earlier_claims():
    lines = [("97110", "2026-03-20", 3), ("97110", "2026-03-05", 3)]  # typed out of order
    found = pa.check_lines(lines, AUTH, used=8)
    assert [(f.line, f.units_over) for f in found] == [(1, 2)]  # 8 + 3 (Mar 5) = 11; + 3 (Mar 20) = 14


def test_service_lines_and_claims_are_read():
    from decimal import Decimal

    from revcycle import synthetic

    line = ServiceLine("97110", Decimal("40.00"), date(2026, 3, 3), units=Decimal(13))
    assert pa.check_lines([line], AUTH)[0].units_over == 1
    claim = synthetic.example_claim()
    claim.prior_authorization = ""
    codes = frozenset(ln.procedure for ln in claim.lines)
    days = [ln.from_date for ln in claim.lines]
    auth = pa.Authorization("X1", codes, 99, min(days), max(days))
    assert {f.problem for f in pa.check_claim(claim, auth)} == {"number missing"}
    claim.prior_authorization = "x1"
    assert pa.check_claim(claim, auth) == []
    with pytest.raises(InputError, match="whole authorized units"):
        pa.check_lines([ServiceLine("97110", Decimal("40.00"), date(2026, 3, 3), units=Decimal("1.5"))], AUTH)


@pytest.mark.parametrize(("build", "message"), [
    (lambda: pa.Authorization("", {"97110"}, 1, "2026-03-01", "2026-03-31"), "needs its number"),
    (lambda: pa.Authorization("A", set(), 1, "2026-03-01", "2026-03-31"), "at least one"),
    (lambda: pa.Authorization("A", {"MRI"}, 1, "2026-03-01", "2026-03-31"), "not shaped like"),
    (lambda: pa.Authorization("A", {"97110"}, 0, "2026-03-01", "2026-03-31"), "whole number"),
    (lambda: pa.Authorization("A", {"97110"}, 1, "2026-03-31", "2026-03-01"), "ends"),
    (lambda: pa.Authorization("A", {"97110"}, 1, "March 1", "2026-03-31"), "2026-03-02"),
    (lambda: pa.check_lines([], AUTH), "at least one"),
    (lambda: pa.check_lines(["97110"], AUTH), "must be a ServiceLine"),
    (lambda: pa.check_lines([("97110", "2026-03-03", 1)], AUTH, used=-1), "already paid"),
    (lambda: pa.check_lines([("97110", "2026-03-03", 1)], "AUTH-77"), "Authorization or None"),  # type: ignore
])
def test_bad_authorizations_and_lines_are_refused_clearly(build, message):
    with pytest.raises(InputError, match=message):
        build()


@settings(max_examples=150, deadline=None)
@given(approved=st.integers(1, 40), used=st.integers(0, 40),
       lines=st.lists(st.tuples(st.sampled_from(["97110", "97530", "97140"]), st.integers(-10, 70),
                                st.integers(1, 9)), min_size=1, max_size=8))
def test_property_units_over_add_up_to_the_excess(approved, used, lines):
    auth = pa.Authorization("P", {"97110", "97530"}, approved, date(2026, 3, 1), date(2026, 4, 30))
    typed = [(code, date(2026, 3, 1) + timedelta(days=d), u) for code, d, u in lines]
    found = pa.check_lines(typed, auth, used=used)
    counted = sum(u for code, day, u in typed if code in auth.codes and auth.covers(day))
    excess = max(0, used + counted - approved) - max(0, used - approved)
    assert sum(f.units_over for f in found) == excess
    for f in found:
        code, day, _units = typed[f.line - 1]
        expected = ("code not authorized" if code not in auth.codes else
                    "outside dates" if not auth.covers(day) else "units over")
        assert f.problem == expected and f.carc == pa.PROBLEM_CARC[expected]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=8))
def test_property_code_text_is_a_code_or_a_clear_error(text):
    try:
        line = pa.Line(text, "2026-03-03", 1)
    except InputError as err:
        assert "CPT or HCPCS" in str(err)
    else:
        assert len(line.code) == 5


def test_the_reason_codes_are_in_the_book_s_list():
    assert {"15", "197", "198"} <= set(CARC)
    assert set(pa.PROBLEM_CARC.values()) == {"15", "197", "198"}


# ------------------------------------------------------------------------------------------- the synthetic worklist


def test_the_worklist_is_seeded_and_spread_over_the_week():
    a, b = pa.worklist(60, 3), pa.worklist(60, 3)
    assert a == b and a != pa.worklist(60, 4)
    assert len(a) == 60 and len({r.request_id for r in a}) == 60
    assert all(r.received.weekday() < 5 and 8 <= r.received.hour < 17 for r in a)
    assert {r.payer_type for r in a} >= {"ma", "medicaid_mc", "qhp_ffe", "commercial"}
    assert {r.urgency for r in a} == {"standard", "expedited"}
    assert all(r.service in pa.SERVICES and r.patient for r in a)


def test_the_frame_says_what_is_due_when():
    requests = pa.worklist(80, 1)
    as_of = datetime(2026, 3, 6, 17, 0)
    frame = pa.worklist_frame(requests, as_of)
    assert len(frame) == sum(r.received <= as_of for r in requests)
    timed = frame.dropna(subset=["due"])
    assert list(timed["due"]) == sorted(timed["due"])
    assert frame["due"].isna().sum() == (frame["status"] == "no federal clock").sum()
    for _, row in timed.iterrows():
        hours = (row["due"].to_pydatetime() - as_of).total_seconds() / 3600
        assert row["hours left"] == pytest.approx(round(hours, 1))
        assert (row["status"] == "overdue") == (hours < 0)
    table = pa.due_by_day(frame)
    assert int(table["total"].sum()) == len(timed)
    assert list(table.columns) == ["standard", "expedited", "total"]


@pytest.mark.parametrize(("call", "message"), [
    (lambda: pa.worklist(0), "1 to 10,000"),
    (lambda: pa.worklist(5, days=0), "1 to 60"),
    (lambda: pa.worklist(5, start="2026-03-02"), "date and time"),
    (lambda: pa.worklist_frame(["PA-1"], "2026-03-06T17:00"), "Request records"),  # type: ignore[list-item]
])
def test_worklist_inputs_are_checked(call, message):
    with pytest.raises(InputError, match=message):
        call()
