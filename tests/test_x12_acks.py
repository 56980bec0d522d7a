"""999 and 277CA acknowledgments: hand-written fixtures read right, writers round-trip, pyx12 accepts the output."""

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revcycle.x12 import X12Error, to_837p, validate
from revcycle.x12.acks import (
    ELEMENT_ERRORS,
    SEGMENT_ERRORS,
    STATUS_CATEGORIES,
    Problem,
    ack_277ca_for,
    ack_999_for,
    read_277ca,
    read_999,
)
from tests.claim_factory import claim

FIXTURES = Path(__file__).parent / "fixtures" / "x12"
ACK_999 = (FIXTURES / "999_accepted_errors_rejected.txt").read_text()
ACK_277 = (FIXTURES / "277ca_accepted_rejected.txt").read_text()


@pytest.fixture(scope="module")
def sent():
    claims = [claim(), claim(claim_id="T-2"), claim(claim_id="T-3")]
    return claims, to_837p(claims)


# --------------------------------------------------------------------------- the hand-written 999


def test_999_fixture_verdicts():
    ack = read_999(ACK_999)
    columns = ["group_control", "code", "verdict", "sets_included", "sets_received", "sets_accepted"]
    assert ack.groups[columns].values.tolist() == [["17", "P", "partially accepted", 3, 3, 2]]
    t = ack.transactions
    assert t["control_number"].tolist() == ["0001", "0002", "0003"]
    assert t["verdict"].tolist() == ["accepted", "accepted with errors", "rejected"]
    assert t["accepted"].tolist() == [True, True, False]
    assert t["error_codes"].tolist() == ["", "I5", "5"]
    assert not ack.accepted


def test_999_fixture_locations_and_meanings():
    e = read_999(ACK_999).errors
    rows = e[["control_number", "segment", "position", "loop", "segment_code", "element", "component",
              "element_ref", "element_code", "bad_value", "claim_id"]].astype(object).where(e.notna(), None)
    assert rows.values.tolist() == [
        ["0002", "NM1", 14, "2010", "8", 9, None, "67", "I12", "ABC 123", "ACCT-2002"],
        ["0003", "CLM", 23, "2300", "8", 5, 3, "1325", "7", "9", "ACCT-3001"],
        ["0003", "CLM", 23, "2300", "8", 7, None, "1359", "1", "", "ACCT-3001"],
        ["0003", "ZZZ", 31, "2400", "1", None, None, "", "", "", ""],
        ["0003", "DTP", 40, "2400", "I8", None, None, "", "", "", ""],
    ]
    assert e.loc[2, "element_error"] == ELEMENT_ERRORS["1"] == "a required element is missing"
    assert e.loc[3, "segment_error"] == SEGMENT_ERRORS["1"]
    assert read_999(ACK_999).contexts["reference"].tolist() == ["ACCT-2002", "ACCT-3001"]


def test_999_summary_reads_like_the_book():
    text = read_999(ACK_999).summary()
    assert "Transaction 0003: rejected (one or more segments have errors)." in text
    assert ("Segment CLM at position 23 in loop 2300 (claim ACCT-3001): a required element is missing "
            "(CLM07: element 7, data element 1359).") in text
    assert "Transaction 0002: accepted with errors." in text
    assert "partially accepted" in text


def test_fixtures_pass_pyx12():
    assert validate(ACK_999) == []
    assert validate(ACK_277) == []


# --------------------------------------------------------------------------- the hand-written 277CA


def test_277ca_fixture_claims():
    ack = read_277ca(ACK_277)
    c = ack.claims
    assert c["claim_id"].tolist() == ["ACCT-1001", "ACCT-1002", "ACCT-1003"]
    assert c["verdict"].tolist() == ["accepted", "rejected", "rejected"]
    assert ack.accepted == ["ACCT-1001"] and ack.rejected == ["ACCT-1002", "ACCT-1003"]
    assert c["category"].tolist() == ["A2", "A7", "A3"]
    assert c["status"].tolist() == ["20", "164", "21"]
    assert c["entity"].tolist() == ["", "IL", ""]
    assert [str(x) for x in c["charge"]] == ["150.00", "215.50", "200.00"]
    assert c["payer_claim_id"].tolist() == ["EHP2026070000123", "", ""]
    assert str(c.loc[1, "service_to"].date()) == "2026-03-03"
    assert "the subscriber (insured)" in c.loc[1, "reason"]
    assert "procedure code" in c.loc[2, "reason"]  # the second status in STC10 is explained too
    assert ack.lines[["claim_id", "procedure", "modifiers", "verdict", "line_control"]].values.tolist() == [
        ["ACCT-1003", "99214", "25", "rejected", "LINE-1"]]
    assert ack.batches["accepted_count"].tolist() == [1, 1] and ack.batches["rejected_count"].tolist() == [2, 2]
    summary = ack.summary()
    assert summary.startswith("3 claim(s): 1 accepted, 2 rejected.")
    assert "Claim ACCT-1002 ($215.50): rejected [A7:164:IL]" in summary


def test_category_table_covers_the_acknowledgment_codes():
    assert set(STATUS_CATEGORIES) == {f"A{i}" for i in range(9)}


# --------------------------------------------------------------------------- writers: round trips and pyx12


def test_clean_837_gets_an_accepting_999(sent):
    _, text = sent
    ack_text = ack_999_for(text)
    assert validate(ack_text) == []
    assert ack_999_for(text) == ack_text  # deterministic: no clock, no random numbers
    ack = read_999(ack_text)
    assert ack.accepted and ack.transactions["code"].tolist() == ["A"] and len(ack.errors) == 0
    assert ack.groups.loc[0, "group_control"] == "1"


def test_deliberate_problems_round_trip(sent):
    _, text = sent
    problems = [Problem("CLM", "1", element=5, claim_id="T-2"),
                Problem("DMG", "8", element=2, occurrence=2),
                Problem("SV1", "7", element=1, component=1, claim_id="T-3", value="ZZ"),
                Problem("REF", "I9", position=11)]
    ack_text = ack_999_for(text, problems)
    assert validate(ack_text) == []
    ack = read_999(ack_text)
    assert ack.transactions["code"].tolist() == ["R"] and ack.groups["code"].tolist() == ["R"]
    segs = [s for s in text.replace("\n", "").split("~") if s]
    st = next(i for i, s in enumerate(segs) if s.startswith("ST*"))

    def position(prefix: str, nth: int = 1) -> int:
        hits = [i - st + 1 for i, s in enumerate(segs) if s.startswith(prefix)]
        return hits[nth - 1]

    e = ack.errors.set_index("segment")
    assert e.loc["CLM", "position"] == position("CLM*T-2*") and e.loc["CLM", "loop"] == "2300"
    assert e.loc["CLM", "claim_id"] == "T-2" and e.loc["CLM", "element"] == 5 and e.loc["CLM", "element_code"] == "1"
    assert e.loc["DMG", "position"] == position("DMG*", 2) and e.loc["DMG", "bad_value"] == "19500402"
    assert e.loc["DMG", "element_ref"] == "1251" and e.loc["DMG", "loop"] == "2010"
    assert e.loc["SV1", "component"] == 1 and e.loc["SV1", "bad_value"] == "ZZ" and e.loc["SV1", "claim_id"] == "T-3"
    assert e.loc["REF", "position"] == 11 and e.loc["REF", "segment_code"] == "I9"
    assert ack.errors["position"].tolist() == sorted(ack.errors["position"])


def test_warnings_give_accepted_with_errors(sent):
    _, text = sent
    ack = read_999(ack_999_for(text, [Problem("PER", "I12", element=4, warning=True)]))
    assert ack.transactions["code"].tolist() == ["E"] and ack.groups["code"].tolist() == ["E"] and ack.accepted


def test_pyx12_check_finds_and_locates_errors(sent):
    _, text = sent
    bad = text.replace("*UN*1***", "*XX*1***", 1)
    ack_text = ack_999_for(bad, check=True)
    assert validate(ack_text) == []
    row = read_999(ack_text).errors.iloc[0]
    assert (row["segment"], row["loop"], row["element"], row["element_code"], row["bad_value"]) == (
        "SV1", "2400", 3, "7", "XX")
    assert row["claim_id"] == "T-1"
    assert read_999(ack_999_for(text, check=True)).accepted


def test_envelope_count_errors_are_reported_not_raised(sent):
    _, text = sent
    se = next(s for s in text.split("\n") if s.startswith("SE*"))
    count = int(se.split("*")[1])
    ack = read_999(ack_999_for(text.replace(se, f"SE*{count + 1}*0001~")))
    assert ack.transactions["code"].tolist() == ["R"] and ack.transactions["error_codes"].tolist() == ["4"]


def test_999_writer_refuses_bad_requests(sent):
    _, text = sent
    with pytest.raises(X12Error, match="not an IK304 code"):
        ack_999_for(text, [Problem("CLM", "99")])
    with pytest.raises(X12Error, match="not an IK403 code"):
        ack_999_for(text, [Problem("CLM", "I4", element=2)])
    with pytest.raises(X12Error, match="occurrence"):
        ack_999_for(text, [Problem("CLM", "8", occurrence=9)])
    with pytest.raises(X12Error, match="not in transaction"):
        ack_999_for(text, [Problem("CLM", "8", claim_id="NOPE")])
    with pytest.raises(X12Error, match="acknowledgments are not acknowledged"):
        ack_999_for(ACK_999)


def test_277ca_round_trip(sent):
    claims, _ = sent
    text = ack_277ca_for(claims, rejected={"T-2": ("A7", "562"), "T-3": ("A6", "187", "QC")})
    assert validate(text) == []
    assert ack_277ca_for(claims, rejected={"T-2": ("A7", "562"), "T-3": ("A6", "187", "QC")}) == text
    ack = read_277ca(text)
    c = ack.claims.set_index("claim_id")
    assert c["verdict"].to_dict() == {"T-1": "accepted", "T-2": "rejected", "T-3": "rejected"}
    assert tuple(c.loc["T-2", ["category", "status", "entity"]]) == ("A7", "562", "85")  # NPI -> billing provider
    assert tuple(c.loc["T-3", ["category", "status", "entity"]]) == ("A6", "187", "QC")
    assert c.loc["T-1", "payer_claim_id"] and not c.loc["T-2", "payer_claim_id"]
    assert str(c.loc["T-1", "charge"]) == "150.00"
    assert ack.batches["accepted_count"].tolist() == [1, 1]
    assert read_277ca(ack_277ca_for(claims)).rejected == []


def test_277ca_writer_refuses_bad_requests(sent):
    claims, _ = sent
    with pytest.raises(X12Error, match="not among the claims"):
        ack_277ca_for(claims, rejected={"NOPE": ("A7", "562")})
    with pytest.raises(X12Error, match="not a rejecting category"):
        ack_277ca_for(claims, rejected={"T-1": ("A2", "20")})
    with pytest.raises(X12Error, match="digits"):
        ack_277ca_for(claims, rejected={"T-1": ("A7", "٥٦٢")})
    with pytest.raises(X12Error, match="at least one claim"):
        ack_277ca_for([])


# --------------------------------------------------------------------------- hostile input


def test_readers_refuse_the_other_kinds_of_file(sent):
    _, text = sent
    with pytest.raises(X12Error, match="GS01"):
        read_999(text)
    with pytest.raises(X12Error, match="GS01"):
        read_277ca(ACK_999)
    with pytest.raises(X12Error, match="GS01"):
        read_999(ACK_277)


@pytest.mark.parametrize("old, new", [
    ("IK3*CLM*23*", "IK3*CLM*２3*"),          # a full-width digit in the position
    ("AK9*P*3*3*2", "AK9*P*٣*3*2"),           # an Arabic-Indic digit in a count
    ("IK4*7*1359*1", "IK4*７*1359*1"),
])
def test_999_non_ascii_digits_are_refused(old, new):
    with pytest.raises(X12Error, match="digits 0-9"):
        read_999(ACK_999.replace(old, new))


@pytest.mark.parametrize("old, new", [
    ("STC*A2:20*20260311", "STC*A2:20*２0260311"),
    ("STC*A7:164:IL", "STC*A7:１64:IL"),
    ("HL*5*3*PT", "HL*５*3*PT"),
])
def test_277ca_non_ascii_digits_are_refused(old, new):
    with pytest.raises(X12Error, match="0-9"):
        read_277ca(ACK_277.replace(old, new))


def _never_crashes(data: str | bytes) -> None:
    for reader in (read_999, read_277ca):
        with contextlib.suppress(X12Error):
            reader(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300),
                 st.text(alphabet="ISAGEKTCX*:~^0123456789 \n", max_size=300)))
def test_random_input_never_escapes_as_a_traceback(data):
    _never_crashes(data)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([ACK_999, ACK_277]), st.data())
def test_every_truncation_is_refused(text, data):
    cut = data.draw(st.integers(0, len(text.rstrip()) - 2))
    reader = read_999 if "GS*FA" in text else read_277ca
    with pytest.raises(X12Error):
        reader(text[:cut])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([ACK_999, ACK_277]), st.integers(0, 10**6),
       st.sampled_from(["*", "~", ":", "^", "\n", "X", "9", "-", ".", "", "\x00", "É", "٣"]),
       st.sampled_from(["replace", "insert", "delete"]))
def test_mutated_files_are_read_or_refused_cleanly(text, where, char, how):
    i = where % len(text)
    if how == "replace":
        mutated = text[:i] + char + text[i + 1:]
    elif how == "insert":
        mutated = text[:i] + char + text[i:]
    else:
        mutated = text[:i] + text[i + 1:]
    _never_crashes(mutated)
    _never_crashes(mutated.encode("utf-8", "replace"))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from(["*", "~", ":", "X", "9", "", "É"]))
def test_mutated_837_gets_a_999_or_a_clean_refusal(where, char):
    text = to_837p([claim()])
    i = where % len(text)
    with contextlib.suppress(X12Error):
        read_999(ack_999_for(text[:i] + char + text[i + 1:]))
