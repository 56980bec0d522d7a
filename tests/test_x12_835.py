"""The 835 reader: guide-shaped examples, synthetic remittances, and bad input that must fail clearly."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revcycle import synthetic
from revcycle.payment.adjudication import REJECTED, adjudicate
from revcycle.x12 import Remittance, X12Error, read_835, to_835, to_837p, validate

D = Decimal
FIXTURES = Path(__file__).parent / "fixtures" / "x12"
ONE_EFT = (FIXTURES / "835_one_eft_three_claims.txt").read_text()
COB = (FIXTURES / "835_secondary_tertiary.txt").read_text()
REVERSAL = (FIXTURES / "835_reversal_plb_other_delimiters.txt").read_text()
WHERE = re.compile(r"segment \d+|character \d+|Byte \d+| MB|empty|file does not start")


@pytest.mark.parametrize("text", [ONE_EFT, COB, REVERSAL], ids=["one-eft", "cob", "reversal"])
def test_fixtures_pass_pyx12_and_balance(text):
    assert validate(text) == []
    remit = read_835(text)
    assert remit.warnings == []


def test_one_payment_for_several_claims():
    r = read_835(ONE_EFT)
    pay = r.payments.iloc[0]
    assert (pay["amount"], pay["method"], pay["trace_number"]) == (D("412.45"), "ACH", "EFT000501")
    assert pay["paid_on"] == pd.Timestamp("2026-04-16") and pay["payer_id"] == "SYNPAYERA"
    assert pay["payee_id"] == "1234567893" and r.payment is r.payments
    claims = r.claims.set_index("claim_id")
    assert list(r.claims["claim_id"]) == ["PCN-1001", "PCN-1002", "PCN-1003"]
    assert claims.loc["PCN-1001", "paid"] == D("300.00") and claims.loc["PCN-1003", "status_text"] == "denied"
    assert claims.loc["PCN-1003", "remarks"] == "MA130"
    assert sum(r.claims["paid"]) == pay["amount"]
    lines = r.lines
    assert list(lines["procedure"]) == ["99214", "93000", "97110"]
    assert lines.loc[0, "modifiers"] == "25" and lines.loc[0, "allowed"] == D("175.00")
    assert lines.loc[2, "units"] == D(2) and lines.loc[2, "remarks"] == "N130"
    adj = r.adjustments
    assert len(adj) == 8
    claim_level = adj[adj["level"] == "claim"]
    assert list(zip(claim_level["group"], claim_level["reason"], claim_level["amount"], strict=True)) == [
        ("CO", "45", D("37.55")), ("PR", "3", D("30.00"))]
    assert claim_level["line"].isna().all()
    pr = adj[(adj["claim_id"] == "PCN-1001") & (adj["group"] == "PR")]
    assert list(zip(pr["line"], pr["reason"], pr["amount"], strict=True)) == [
        (1, "2", D("35.00")), (2, "1", D("40.00")), (2, "2", D("25.00"))]


def test_secondary_tertiary_and_crossover():
    r = read_835(COB)
    assert len(r.payments) == 3
    assert list(r.claims["status"]) == ["19", "2", "2", "3"]
    assert r.claims.loc[0, "crossover_payer"] == "SYNTHETIC SUPPLEMENT PLAN"
    assert r.claims.loc[2, "insured_last"] == "SAMPLEPERSON" and r.claims.loc[2, "insured_first"] == "DIEGO"
    assert list(r.claims["payer_name"]) == ["MEDICARE PART B SYNTHETIC CONTRACTOR", "SYNTHETIC SUPPLEMENT PLAN",
                                            "SYNTHETIC SUPPLEMENT PLAN", "STATE MEDICAID SYNTHETIC"]
    oa = r.adjustments[r.adjustments["group"] == "OA"]
    assert set(oa["reason"]) == {"23"} and len(oa) == 3


def test_reversal_plb_and_other_delimiters():
    r = read_835(REVERSAL)
    assert list(r.claims["status"]) == ["22", "1"]
    assert r.claims.loc[0, "paid"] == D("-120.00") and r.claims.loc[0, "charge"] == D("-200.00")
    plb = r.provider_adjustments
    assert list(zip(plb["reason"], plb["reference"], plb["amount"], strict=True)) == [
        ("L6", "INT0001", D("-2.15")), ("WO", "OVERPAY-77", D("5.00"))]
    assert r.payments.loc[0, "amount"] == sum(r.claims["paid"]) - sum(plb["amount"])


def test_synthetic_remittances_round_trip():
    claims = synthetic.claims(300, seed=14, error_rate=0.2)
    results = adjudicate(claims, seed=14)
    text = to_835(results)
    assert validate(text) == []
    r = read_835(text)
    assert r.warnings == []
    sent = [x for x in results if x.status != REJECTED]
    assert len(r.claims) == len(sent) < len(results)  # front-end rejections never reach an 835
    by_id = r.claims.set_index("claim_id")
    for x in sent:
        assert by_id.loc[x.claim.claim_id, "paid"] == x.paid
        assert by_id.loc[x.claim.claim_id, "patient_responsibility"] == x.patient_responsibility
    assert sum(r.payments["amount"]) == sum(x.paid for x in sent)
    assert set(r.lines["line_control"]) <= {ln.line_control for c in claims for ln in c.lines}
    # an 837P for the clean claims and the 835 agree on the claim ids
    clean = [x.claim for x in sent if not x.claim.notes]
    assert validate(to_837p(clean)) == []


def test_paid_through_keeps_later_payments_out():
    claims = synthetic.claims(100, seed=15)
    r = read_835(to_835(claims, seed=15, paid_through=date(2026, 5, 31)))
    assert r.payments["paid_on"].max() <= pd.Timestamp("2026-05-31")
    with pytest.raises(X12Error, match="No claim was paid"):
        to_835(claims, seed=15, paid_through=date(2025, 1, 1))


# --------------------------------------------------------------------------- bad input


def fails(data, pattern: str) -> str:
    with pytest.raises(X12Error) as info:
        read_835(data)
    message = str(info.value)
    assert re.search(pattern, message, re.IGNORECASE), message
    assert WHERE.search(message), message
    return message


def test_bad_input_gets_a_clear_error():
    fails("", "empty")
    fails("   \n", "empty")
    fails(b"\x00\x01\x02binary", "NUL")
    fails(b"ISA*00*\xff\xfe", "not text")
    fails("hello world", "does not start with an ISA")
    fails(ONE_EFT[:60], "cut short inside the ISA")
    fails(ONE_EFT[: ONE_EFT.index("SE*")], "ends inside transaction")
    fails(ONE_EFT.replace("00501", "00401", 1), "version")
    fails(ONE_EFT.replace("005010X221A1", "004010X091A1"), "version")
    fails(ONE_EFT.replace("ST*835*", "ST*837*"), "ST01")
    fails(ONE_EFT.replace("CLP*PCN-1002*1*180", "CLP*PCN-1002*1*18O"), r"not an amount")
    fails(ONE_EFT.replace("DTM*472*20260402", "DTM*472*20260231", 1), "not a real date")
    fails(ONE_EFT.replace("SE*", "SE*9", 1), "SE01")
    after_isa = ONE_EFT[:106] + ONE_EFT[106:].replace("*", "|")
    fails(after_isa, "delimiters")
    fails(ONE_EFT.replace("CAS*CO*45*75", "HI*ABK:E119"), "not a segment of an 835")
    fails(ONE_EFT.replace("CAS*CO*45*75", "CAS*XX*45*75"), "group code")
    with pytest.raises(X12Error, match="str or bytes"):
        read_835(12345)


def test_an_837_is_not_an_835():
    from tests.claim_factory import claim

    fails(to_837p([claim()]), "health care claims")


def test_a_50_megabyte_file_is_refused_before_it_is_read():
    big = ONE_EFT.encode() + b" " * 50_000_000
    message = fails(big, "MB")
    assert "50.0 MB" in message
    assert isinstance(read_835(big, max_bytes=60_000_000), Remittance)  # trailing blanks are allowed


def _never_crashes(data) -> None:
    try:
        result = read_835(data)
    except X12Error as exc:
        assert str(exc)
    else:
        assert isinstance(result, Remittance)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400),
                 st.text(alphabet="ISAGECLPSVC*:~^0123456789 \n", max_size=400)))
def test_random_input_never_escapes_as_a_traceback(data):
    _never_crashes(data)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(ONE_EFT.rstrip()) - 1))
def test_every_truncation_is_reported(cut):
    text = ONE_EFT[:cut]
    if not text.strip():
        fails(text, "empty")
    else:
        with pytest.raises(X12Error) as info:
            read_835(text)
        assert WHERE.search(str(info.value))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([ONE_EFT, COB, REVERSAL]), st.integers(0, 10**6), st.sampled_from(["*", "~", ":", "|", ">",
       "\n", "X", "9", "-", ".", "", "\x00", "É"]), st.sampled_from(["replace", "insert", "delete"]))
def test_mutated_files_are_read_or_refused_cleanly(text, where, char, how):
    i = where % len(text)
    if how == "replace":
        mutated = text[:i] + char + text[i + 1:]
    elif how == "insert":
        mutated = text[:i] + char + text[i:]
    else:
        mutated = text[:i] + text[i + 1:]
    _never_crashes(mutated)
    _never_crashes(mutated.encode("utf-8", "surrogatepass"))
