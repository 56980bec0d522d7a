"""Safe Harbor de-identification of notes, and the Breach Notification Rule's deadlines."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revcycle.compliance.deid import (
    HHS_THRESHOLD,
    MEDIA_THRESHOLD,
    RESTRICTED_ZIP3,
    SAFE_HARBOR,
    annual_log_deadline,
    breach_notices,
    deidentify,
    leaks,
    safe_age,
    synthetic_note,
    zip3,
)
from revcycle.core.errors import InputError, RevcycleError

CHAPTER = Path(__file__).resolve().parents[1] / "book" / "regulations" / "hipaa.md"


# ---------------------------------------------------------------------------------------------------------------------
# The identifier list and the small helpers
# ---------------------------------------------------------------------------------------------------------------------


def test_safe_harbor_lists_18_identifiers_a_to_r():
    assert [i.letter for i in SAFE_HARBOR] == [chr(c) for c in range(ord("A"), ord("R") + 1)]
    assert len({i.key for i in SAFE_HARBOR}) == 18
    assert {i.key for i in SAFE_HARBOR if not i.found_in_text} == {"biometric", "photo"}


def test_zip3_keeps_three_digits_or_zeroes_a_sparse_prefix():
    assert zip3("62704") == "627"
    assert zip3("62704-1234") == "627"
    assert zip3("05901") == "000"
    assert zip3("89301") == "000"
    assert len(RESTRICTED_ZIP3) == 17
    assert zip3("05901", restricted=()) == "059"


@pytest.mark.parametrize("bad", ["6270", "abcde", "627041", "", "62704-12"])
def test_zip3_rejects_what_is_not_a_zip(bad):
    with pytest.raises(InputError, match="ZIP"):
        zip3(bad)


def test_safe_age_groups_ages_over_89():
    assert [safe_age(a) for a in (0, 45, 89, 90, 104)] == ["0", "45", "89", "90 or older", "90 or older"]
    for bad in (-1, 3.5, True, "90"):
        with pytest.raises(InputError):
            safe_age(bad)


# ---------------------------------------------------------------------------------------------------------------------
# deidentify: what goes, what stays
# ---------------------------------------------------------------------------------------------------------------------


def test_a_note_loses_every_kind_of_identifier_it_holds():
    note = (
        "Mr. Otto Example, age 94, was admitted March 3 and discharged on 3/14. Lives in Cook County, IL 60614.\n"
        "Medicare number 1EG4-TE5-MK72; account # AC-99812; driver's license D1234567; plate 7ABC123; "
        "VIN 1HGCM82633A004352. Email otto@example.com, fax 217-555-0101, cell (217) 555-0142.\n"
        "Pacemaker serial PM-448812. Portal https://portal.example.org/u/77 from 192.0.2.10. SSN 900-12-3456. "
        "MRN: 00482913. Claim 1234567890123. Born 02/11/1930. Seen in May 2026."
    )
    result = deidentify(note, names=["Otto Example"])
    keys = {f.key for f in result.findings}
    assert keys == {"name", "date", "geography", "health_plan", "account", "license", "vehicle", "email", "fax",
                    "phone", "device", "url", "ip", "ssn", "mrn", "other_id"}
    for gone in ("Otto", "Example", "94", "March 3", "3/14", "Cook County", "60614", "1EG4-TE5-MK72", "AC-99812",
                 "D1234567", "7ABC123", "1HGCM82633A004352", "otto@example.com", "217-555-0101", "555-0142",
                 "PM-448812", "portal.example.org", "192.0.2.10", "900-12-3456", "00482913", "1234567890123",
                 "02/11/1930", "1930", "May 2026"):
        assert gone not in result.text, gone
    assert "IL 606**" in result.text
    assert "[DATE 2026]" in result.text
    assert "[AGE 90 or older]" in result.text
    assert "[BIRTH DATE: 90 or older]" in result.text


def test_clinical_content_and_codes_stay():
    note = ("Established patient, 99213. Dx E11.9 and I10. A1c 7.2, BP 128/82, platelets 250,000. "
            "Take 1/2 tablet daily; may increase to 5 mg. Seen in 2026. Lives in Ohio. Age 67.")
    result = deidentify(note)
    assert result.text == note
    assert result.findings == ()


def test_birth_year_stays_unless_it_shows_an_age_over_89():
    young = deidentify("DOB: 04/02/1958. Seen 05/06/2026.")
    assert "[BIRTH DATE 1958]" in young.text and "[DATE 2026]" in young.text
    old = deidentify("DOB: 04/02/1931. Seen 05/06/2026.")
    assert "1931" not in old.text and "[BIRTH DATE: 90 or older]" in old.text
    unknown = deidentify("DOB: 04/02/1958.")
    assert "1958" not in unknown.text
    assert "1958" in deidentify("DOB: 04/02/1958.", as_of=date(2026, 5, 6)).text


def test_ages_up_to_89_stay_and_older_ones_are_grouped():
    assert deidentify("An 89-year-old man.").text == "An 89-year-old man."
    for text in ("A 92-year-old man.", "Age 101.", "aged 95", "93 y/o"):
        result = deidentify(text)
        assert "[AGE 90 or older]" in result.text
        assert not re.search(r"9[1-9]|10[0-9]", result.text)


def test_roster_names_go_as_whole_words_only():
    result = deidentify("Rosa Madeup and her son Kofi called. Rosalind is unrelated.", names=["Rosa Madeup", "Kofi"])
    assert result.text == "[NAME] and her son [NAME] called. Rosalind is unrelated."


def test_places_on_the_roster_go_but_states_stay():
    result = deidentify("Moved from Testville to Springfield, Illinois.", places=["Testville", "Springfield"])
    assert result.text == "Moved from [LOCATION] to [LOCATION], Illinois."


def test_tables_count_by_category():
    result = deidentify("Call 555-0142 or 555-0143. Email a@example.com.")
    assert result.counts() == {"Telephone numbers": 2, "Email addresses": 1}
    frame = result.to_frame()
    assert list(frame.columns) == ["letter", "category", "found", "replaced with"]
    assert len(frame) == 3
    summary = result.summary_frame()
    assert len(summary) == 18 and summary["removed"].sum() == 3


@pytest.mark.parametrize("bad", [None, 42, b"bytes"])
def test_deidentify_needs_text(bad):
    with pytest.raises(InputError, match="text"):
        deidentify(bad)


def test_names_must_be_a_list_of_strings():
    with pytest.raises(InputError, match="list"):
        deidentify("x", names="Maria Testpatient")
    with pytest.raises(InputError, match="strings"):
        deidentify("x", names=["Maria", 3])


def test_errors_are_revcycle_errors():
    assert issubclass(InputError, RevcycleError)


# ---------------------------------------------------------------------------------------------------------------------
# Synthetic notes
# ---------------------------------------------------------------------------------------------------------------------


def test_synthetic_notes_are_seeded_and_fully_cleaned():
    assert synthetic_note(3) == synthetic_note(3)
    assert synthetic_note(3).text != synthetic_note(4).text
    for seed in range(300):
        note = synthetic_note(seed)
        assert leaks(note, deidentify(note.text, names=note.names, places=note.places)) == [], seed


def test_synthetic_note_can_be_forced_over_89():
    note = synthetic_note(1, age=93)
    result = deidentify(note.text, names=note.names, places=note.places)
    assert "93" not in result.text
    assert "[AGE 90 or older]" in result.text and "[BIRTH DATE: 90 or older]" in result.text


def test_leaks_reports_what_was_left():
    note = synthetic_note(5)
    assert leaks(note, deidentify(note.text)) != []  # without the roster, the names stay


# ---------------------------------------------------------------------------------------------------------------------
# Properties: never raises, never leaves a planted identifier
# ---------------------------------------------------------------------------------------------------------------------

_FILLER = st.lists(st.sampled_from(["the", "patient", "reports", "mild", "pain", "stable", "follow", "up", "denies",
                                    "fever", "today", "with", "plan", "continue", "and", "noted"]), max_size=4)
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_EXCLUDED_NAME_WORDS = {m for w in _MONTHS for m in (w, w[:3])} | {
    "Sept", "The", "And", "Patient", "Street", "Lane", "Road", "Avenue", "County", "Box", "Miss", "Age", "Aged"}
_NAME_WORD = st.from_regex(r"\A[A-Z][a-z]{2,8}\Z").filter(lambda w: w not in _EXCLUDED_NAME_WORDS)
_STATES = ["IL", "OH", "TX", "VT", "WI", "CA", "NY"]
_MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"


def _d(n: int) -> st.SearchStrategy[str]:
    return st.integers(0, 10**n - 1).map(lambda v: f"{v:0{n}d}")


def _date_text(d: date, style: int) -> str:
    return (f"{d:%m/%d/%Y}", f"{d:%B} {d.day}, {d.year}", d.isoformat(), f"{d.day} {d:%B} {d.year}",
            f"{d:%B} {d.year}", f"{d.month}/{d.day}/{d:%y}")[style]


@st.composite
def planted(draw: st.DrawFn) -> tuple[str, list[str]]:
    """One identifier as it appears in a note, and the strings that must be gone afterwards."""
    kind = draw(st.sampled_from(["phone", "fax", "email", "ssn", "mrn", "member", "mbi", "account", "date", "age",
                                 "zip", "url", "ip", "serial", "number", "address"]))
    if kind == "phone":
        area, last = draw(st.integers(201, 989)), draw(_d(2))
        text = draw(st.sampled_from([f"({area}) 555-01{last}", f"{area}-555-01{last}", f"555-01{last}",
                                     f"{area}.555.01{last}", f"+1 {area} 555 01{last}"]))
        return text, [text, f"555-01{last}" if "-" in text else text]
    if kind == "fax":
        number = f"{draw(st.integers(201, 989))}-555-01{draw(_d(2))}"
        return f"fax: {number}", [number]
    if kind == "email":
        user = draw(st.from_regex(r"\A[a-z]{2,8}(\.[a-z]{2,8})?\Z"))
        return f"{user}@example.com", [f"{user}@example.com", f"{user}@"]
    if kind == "ssn":
        ssn = f"9{draw(_d(2))}-{draw(_d(2))}-{draw(_d(4))}"
        return ssn, [ssn]
    if kind == "mrn":
        value = draw(_d(draw(st.integers(6, 10))))
        return f"{draw(st.sampled_from(['MRN', 'MRN:', 'MRN #', 'Medical record number']))} {value}", [value]
    if kind == "member":
        value = f"SYN{draw(_d(9))}"
        return f"{draw(st.sampled_from(['Member ID:', 'member id', 'Subscriber #', 'Medicaid ID']))} {value}", [value]
    if kind == "mbi":
        a = draw(st.sampled_from(_MBI_LETTERS))
        mbi = f"{draw(st.integers(1, 9))}{a}{draw(st.sampled_from(_MBI_LETTERS + '0123456789'))}{draw(_d(1))}-" \
              f"{draw(st.sampled_from(_MBI_LETTERS))}{draw(_d(1))}{draw(_d(1))}-" \
              f"{draw(st.sampled_from(_MBI_LETTERS))}{draw(st.sampled_from(_MBI_LETTERS))}{draw(_d(2))}"
        return mbi, [mbi]
    if kind == "account":
        value = draw(_d(draw(st.integers(6, 10))))
        return f"account # {value}", [value]
    if kind == "date":
        d = draw(st.dates(date(1920, 1, 1), date(2030, 12, 31)))
        text = _date_text(d, draw(st.integers(0, 5)))
        return text, [text]
    if kind == "age":
        n = draw(st.integers(91, 119))
        text = draw(st.sampled_from([f"age {n}", f"{n}-year-old", f"{n} years old", f"{n} y/o"]))
        return text, [text, str(n)]
    if kind == "zip":
        value = draw(_d(5))
        return f"{draw(st.sampled_from(_STATES))} {value}", [value]
    if kind == "url":
        path = draw(st.from_regex(r"\A[a-z0-9]{1,8}(/[a-z0-9]{1,8}){0,2}\Z"))
        url = f"https://portal.example.org/{path}"
        return url, [url, "portal.example.org"]
    if kind == "ip":
        ip = ".".join(str(draw(st.integers(0, 255))) for _ in range(4))
        return ip, [ip]
    if kind == "serial":
        value = f"SN-{draw(_d(6))}"
        return f"serial number {value}", [value]
    if kind == "number":
        value = str(draw(st.integers(10**5, 10**12 - 1)))
        return value, [value]
    street = f"{draw(st.integers(1, 99999))} {draw(st.sampled_from(['Sample', 'Placeholder', 'Old Mill']))} " \
             f"{draw(st.sampled_from(['Lane', 'Road', 'Street', 'Avenue']))}"
    return street, [street]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(st.tuples(_FILLER, planted()), min_size=1, max_size=6),
    people=st.lists(st.tuples(_NAME_WORD, _NAME_WORD), max_size=3),
    separator=st.sampled_from([" ", ". ", "\n", "; "]),
)
def test_never_leaves_a_planted_identifier(pieces, people, separator):
    names = [f"{first} {last}" for first, last in people]
    chunks, must_go = [], []
    for filler, (text, gone) in pieces:
        chunks.append(" ".join([*filler, text]))
        must_go.extend(gone)
    for name in names:
        chunks.append(f"seen with {name}")
        must_go.extend(name.split())
    result = deidentify(separator.join(chunks) + ".", names=names)
    for value in must_go:
        assert not re.search(rf"(?<![\w]){re.escape(value)}(?![\w])", result.text), (value, result.text)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), names=st.lists(st.text(max_size=12), max_size=4),
       places=st.lists(st.text(max_size=12), max_size=3))
def test_never_raises_on_any_text(text, names, places):
    result = deidentify(text, names=names, places=places)
    assert isinstance(result.text, str)
    spans = sorted((f.start, f.end) for f in result.findings)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))
    for f in result.findings:
        assert text[f.start:f.end] == f.text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii"), max_size=200))
def test_untouched_text_is_returned_as_it_was(text):
    result = deidentify(text)
    if not result.findings:
        assert result.text == text


# ---------------------------------------------------------------------------------------------------------------------
# Breach notification deadlines
# ---------------------------------------------------------------------------------------------------------------------


def test_large_breach_in_one_state_needs_everyone_within_60_days():
    n = breach_notices(date(2026, 3, 10), {"OH": 610, "IN": 30})
    assert n.affected == 640
    assert n.individuals_by == date(2026, 5, 9)
    assert n.media_states == ("OH",) and n.media_by == date(2026, 5, 9)
    assert n.hhs_with_individuals and n.hhs_by == date(2026, 5, 9)
    frame = n.to_frame()
    assert list(frame["required"]) == ["yes", "yes", "yes"]


def test_small_breach_goes_in_the_annual_log():
    n = breach_notices(date(2026, 9, 14), {"OH": 300, "IN": 120})
    assert n.individuals_by == date(2026, 11, 13)
    assert n.media_states == () and n.media_by is None
    assert not n.hhs_with_individuals and n.hhs_by == date(2027, 3, 1)
    assert "fewer than 500" in " ".join(n.explain())


def test_thresholds_500_and_more_than_500():
    assert MEDIA_THRESHOLD == HHS_THRESHOLD == 500
    at_500 = breach_notices(date(2026, 1, 15), 500, state="TX")
    assert at_500.hhs_with_individuals and at_500.media_states == ()
    at_501 = breach_notices(date(2026, 1, 15), 501, state="TX")
    assert at_501.media_states == ("TX",)
    at_499 = breach_notices(date(2026, 1, 15), 499, state="TX")
    assert not at_499.hhs_with_individuals and at_499.hhs_by == date(2027, 3, 1)
    split = breach_notices(date(2026, 1, 15), {"NY": 450, "NJ": 350})
    assert split.hhs_with_individuals and split.media_states == ()


def test_annual_log_deadline_counts_60_days_from_december_31():
    assert annual_log_deadline(2026) == date(2027, 3, 1)
    assert annual_log_deadline(2027) == date(2028, 2, 29)  # 2028 is a leap year
    with pytest.raises(InputError):
        annual_log_deadline(1999)


def test_a_deadline_can_cross_a_year_end():
    n = breach_notices(date(2026, 12, 1), {"WI": 20})
    assert n.individuals_by == date(2027, 1, 30)
    assert n.hhs_by == date(2027, 3, 1)


@pytest.mark.parametrize("bad", [{}, {"OH": -1}, {"OH": 0}, {"": 4}, {"OH": 2.5}, "600", None])
def test_breach_inputs_are_checked(bad):
    with pytest.raises(InputError):
        breach_notices(date(2026, 1, 1), bad)
    with pytest.raises(InputError, match="date"):
        breach_notices("January 1", {"OH": 3})
    assert breach_notices("2026-01-01", {"OH": 3}) == breach_notices(date(2026, 1, 1), {"OH": 3})


@given(st.dates(date(2010, 1, 1), date(2100, 12, 31)), st.integers(1, 5000), st.integers(0, 5000))
def test_deadline_properties(discovered, first_state, second_state):
    n = breach_notices(discovered, {"A": first_state, "B": second_state})
    assert (n.individuals_by - discovered).days == 60
    assert n.hhs_by >= n.individuals_by
    assert n.hhs_with_individuals == (first_state + second_state >= 500)
    assert set(n.media_states) == {s for s, c in (("A", first_state), ("B", second_state)) if c > 500}


# ---------------------------------------------------------------------------------------------------------------------
# The chapter's de-identified note is the module's. The breach example's dates and counts come from code through the
# {computed} role (keys hipaa.*; checked by tests/test_chapter_figures.py and tests/test_site.py), but the note and
# its de-identified text are code blocks, where no role reaches, so they are still compared here.
# ---------------------------------------------------------------------------------------------------------------------


def _section(text: str, label: str) -> str:
    start = text.index(f"({label})=")
    end = text.find("\n## ", text.index("\n## ", start) + 1)
    return text[start:end if end != -1 else None]


@pytest.mark.skipif(not CHAPTER.exists(), reason="chapter not written yet")
def test_chapter_deid_example_is_the_notebooks_note():
    example = _section(CHAPTER.read_text(encoding="utf-8"), "hipaa-example-deid")
    note = synthetic_note(6)
    result = deidentify(note.text, names=note.names, places=note.places)
    assert note.names[0] in example
    for line in result.text.strip().splitlines()[:4]:
        assert line.strip() in example, line


def test_a_label_joined_to_its_number_by_is_or_was_is_still_caught():
    """'serial number is GLM-123456' hid the device number behind the verb (found in review)."""
    assert deidentify("meter serial number is GLM-123456 today").text == "meter serial number is [DEVICE] today"
    assert deidentify("her MRN was 8812345.").text == "her MRN was [MRN]."
    assert deidentify("the device is working").text == "the device is working"  # no number, nothing taken
