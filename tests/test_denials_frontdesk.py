"""Denial root causes and work queue; the front desk's coverage check and check-in estimate."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from revcycle import synthetic
from revcycle.ar import denials, post
from revcycle.ar.appeals import filing_deadline
from revcycle.core.errors import InputError
from revcycle.payment.adjudication import adjudicate
from revcycle.practice import frontdesk
from revcycle.x12 import read_835, to_835

D = Decimal
AS_OF = date(2026, 9, 30)
TODAY = date(2026, 8, 3)


@pytest.fixture(scope="module")
def ledger():
    claims = synthetic.claims(600, seed=5, error_rate=0.1)
    return post(read_835(to_835(claims, seed=5, paid_through=AS_OF)), claims)


def test_root_causes_cover_every_denied_dollar(ledger):
    table = denials.root_cause_table(ledger)
    assert sum(table["denied"], D(0)) == sum(ledger.claims["denied"], D(0))
    assert int(table["claims"].sum()) == int((ledger.claims["denied"] > 0).sum())
    stages = denials.by_stage(ledger)
    assert sum(stages["denied"], D(0)) == sum(table["denied"], D(0))


def test_root_cause_lookup():
    assert denials.root_cause("50").action == denials.APPEAL
    assert denials.root_cause(" 16 ").stage == "claim submission"
    assert denials.root_cause("999") is denials.UNKNOWN


def test_work_queue_deadlines(ledger):
    queue = denials.work_queue(ledger, as_of=AS_OF)
    assert len(queue) == int((ledger.claims["denied"] > 0).sum())
    medicare = queue[queue["payer"].str.startswith("Medicare")]
    for row in medicare.itertuples():
        if row.next_step == denials.APPEAL:
            assert row.appeal_by == filing_deadline(1, row.remit_date)
        if row.next_step == denials.RESUBMIT:
            assert row.resubmit_by == row.service_date.replace(year=row.service_date.year + 1)
    others = queue[~queue["payer"].str.startswith("Medicare")]
    assert others["appeal_by"].isna().all() and others["resubmit_by"].isna().all()
    known = queue[queue["days_left"].notna()]
    days = [int(d) for d in known["days_left"]]
    assert days == sorted(days)
    assert list(known["overdue"]) == [d < 0 for d in days]
    assert not queue.loc[queue["days_left"].isna(), "overdue"].any()
    assert denials.work_queue(ledger, as_of="2026-09-30").equals(queue)  # ISO text is read as a date
    with pytest.raises(InputError, match="date"):
        denials.work_queue(ledger, as_of="next week")


@pytest.fixture(scope="module")
def office():
    people = synthetic.directory(200, seed=9)
    members = [m for pool in people.members.values() for m in pool]
    return people, members, frontdesk.enrollment(members, seed=9, terminated_share=0.2)


def test_coverage_answers(office):
    _people, members, roster = office
    m = members[0]
    i = m.insured
    cov = roster[(m.payer.payer_id, i.member_id)]
    on = cov.terminated + timedelta(days=1) if cov.terminated else TODAY
    answer = frontdesk.check_coverage(roster, m.payer.payer_id, i.member_id.lower(), i.last_name, i.birth_date, on=on)
    assert answer.status == ("inactive" if cov.terminated else "active")
    swapped = i.member_id[:-2] + i.member_id[-1] + i.member_id[-2]
    if swapped != i.member_id:
        assert frontdesk.check_coverage(roster, m.payer.payer_id, swapped, i.last_name, i.birth_date,
                                        on=TODAY).status == "not found"
    wrong_birth = frontdesk.check_coverage(roster, m.payer.payer_id, i.member_id, i.last_name,
                                           i.birth_date + timedelta(days=1), on=TODAY)
    assert wrong_birth.status == "not found" and "birth date" in wrong_birth.message
    with pytest.raises(InputError):
        frontdesk.check_coverage(roster, "NOPE", i.member_id, i.last_name, i.birth_date, on=TODAY)
    ended = [c for c in roster.values() if c.terminated]
    assert ended and all(date(2026, 2, 1) <= c.terminated <= date(2026, 7, 31) for c in ended)


def test_checkin_estimate_matches_the_payer(office):
    """For a clean claim the synthetic payer allows and splits exactly what the front desk estimated."""
    people, members, roster = office
    visits = [replace(e, service_date=TODAY, submitted_on=TODAY) for e in synthetic.encounters(80, seed=9,
                                                                                                 people=people)]
    checked = 0
    for n, v in enumerate(visits):
        m = v.member
        answer = frontdesk.check_coverage(roster, m.payer.payer_id, m.insured.member_id, m.insured.last_name,
                                          m.insured.birth_date, on=TODAY)
        if answer.status != "active":
            continue
        claim = v.to_claim(f"T-{n}")
        estimate = frontdesk.checkin_estimate(answer, claim)
        [result] = adjudicate([claim], seed=n, denial_rate=0, deductible_met=1.0)
        if result.status != "1":
            continue
        assert estimate.allowed == sum((x.allowed for x in result.lines), D(0))
        assert estimate.patient_total == result.patient_responsibility, claim.claim_id
        checked += 1
    assert checked >= 20


def test_no_estimate_without_active_coverage(office):
    _people, members, roster = office
    inactive = next(c for c in roster.values() if c.terminated)
    answer = frontdesk.check_coverage(roster, inactive.payer.payer_id, inactive.member_id,
                                      inactive.insured.last_name, inactive.insured.birth_date, on=date(2026, 12, 1))
    with pytest.raises(InputError, match="inactive"):
        frontdesk.checkin_estimate(answer, synthetic.example_claim())
    frame = frontdesk.coverage_frame([answer], ["someone"])
    assert list(frame["status"]) == ["inactive"]
