"""The coding items of the December 2026 accuracy review (C1-C14) stay fixed.

Each test reads the corrected chapter, bank or key and checks that the wrong wording is gone and that the
corrected fact is there. ICD-10-CM codes the corrected passages cite are checked against the code set.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from revcycle.codes import icd10cm

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
FY27 = "2026-10-01"
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def read(relative: str) -> str:
    """A file's text with line breaks and runs of spaces folded, so a phrase can wrap anywhere."""
    return re.sub(r"\s+", " ", (ROOT / relative).read_text(encoding="utf-8"))


def section(text: str, start: str, end: str) -> str:
    """The part of text from the heading start up to the next heading end."""
    begin = text.index(start)
    return text[begin:text.index(end, begin + len(start))]


def exercise(bank: str, ex_id: str) -> dict:
    data = yaml.safe_load((ROOT / "exercises" / "banks" / f"{bank}.yml").read_text(encoding="utf-8"))
    return next(ex for ex in data["exercises"] if ex["id"] == ex_id)


def answer(bank: str, ex_id: str) -> dict:
    data = yaml.safe_load((ROOT / "solutions" / "keys" / f"{bank}.yml").read_text(encoding="utf-8"))
    return data["answers"][ex_id]


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_c1_99213_is_the_second_of_four_mdm_or_time_levels():
    text = read("book/revenue-cycle.md")
    assert "third of the four levels" not in text
    assert "second of them" in text
    assert "`99212` to `99215`" in text
    assert "third of five" in text and "`99211`" in text


def test_c2_c14_units_over_an_mue_deny_the_whole_line():
    text = read("book/coding/hcpcs-modifiers.md")
    for wrong in ("cut to one", "units over the cap on a line are denied", "only the excess", "excess units"):
        assert wrong not in text, wrong
    table = section(text, "| MAI | How the cap works |", "Some real values")
    assert "denied in full, not cut back to the cap" in table
    example = section(text, "## Worked example 3", "## Exercises")
    assert "the whole line would be denied" in example
    assert "every unit of `11102` billed for that day" in example
    summary = section(text, "## Summary", "## Key terms")
    assert "the whole line is denied (MAI 1), or every unit of the code that day (MAI 2 and 3)" in summary
    glossary = read("book/glossary/coding.md")
    mai = section(glossary, "MUE adjudication indicator The value", "professional component")
    assert "the whole line is denied" in mai


def test_c3_cpt_11_hint_counts_the_keyed_answers():
    hints = " ".join(exercise("cpt-em", "cpt-11")["hints"])
    said = re.search(r"\b(\w+) of the options are right", hints, re.IGNORECASE)
    assert said, hints
    keyed = answer("cpt-em", "cpt-11")["answer"]
    assert NUMBER_WORDS[said.group(1).lower()] == len(keyed) == 4
    options = exercise("cpt-em", "cpt-11")["options"]
    assert set(keyed) <= set(options)


def test_c4_reviewed_tests_say_who_ordered_them():
    stem = fold(exercise("cpt-em", "cpt-08")["prompt"])
    assert "done last month" not in stem
    assert re.search(r"cardiologist, at another practice, ordered", stem)
    assert "family physician reviews the results" in stem
    key = fold(answer("cpt-em", "cpt-08")["explanation"])
    assert "another clinician (the cardiologist) ordered those tests" in key
    chapter = read("book/coding/cpt-em.md")
    assert "two blood tests done last week" not in chapter
    example = section(chapter, "## Worked example 1", "## Worked example 2")
    assert "endocrinologist at another practice ordered two blood tests" in example
    assert "because another clinician ordered those tests" in example
    data = section(chapter, "**Data** come in three categories", "Low data needs")
    assert "was credited when it was ordered" in data
    assert "who ordered each test" in data


def test_c5_the_seventh_character_follows_the_care_not_the_clinician():
    text = read("book/coding/icd10cm-guidelines.md")
    assert "second surgeon for the same fracture is still in active treatment: A, not D" not in text
    assert "The character follows the kind of care, not who gives it." in text
    assert "A second surgeon who takes over active treatment of a fracture still reports A." in text
    assert re.search(r"A different physician who only checks routine healing.{0,60}reports D", text)


def test_c6_poorly_controlled_diabetes_is_code_to_not_see():
    chapter = read("book/coding/icd10cm-conventions.md")
    assert "*Diabetes, poorly controlled* says *see" not in chapter
    assert "*Diabetes, poorly controlled* says to code to *Diabetes, by type, with hyperglycemia*" in chapter
    assert "This is not a *see*" in chapter
    key = fold(answer("icd10cm-conventions", "icdc-12")["explanation"])
    assert "says see" not in key and "A see instruction must be followed" not in key
    assert "code to Diabetes, by type, with hyperglycemia" in key
    assert "It is not a see cross-reference" in key
    assert answer("icd10cm-conventions", "icdc-12")["answer"] == "E11.65"
    assert icd10cm.is_billable("E11.65", on=FY27)


def hypertension_section() -> str:
    text = read("book/coding/icd10cm-guidelines.md")
    return section(text, "### Hypertension with heart or kidney disease", "### Pregnancy")


def test_c7_hypertensive_heart_disease_is_more_than_heart_failure():
    text = hypertension_section()
    assert "presumes that hypertension causes heart failure and chronic kidney disease" not in text
    assert "the link is not limited to heart failure" in text
    for code in ("I51.4", "I51.5", "I51.7", "I51.89", "I51.9", "I11.9", "I11.0"):
        assert f"`{code}`" in text, code
    assert "`I11.9` when there is none" in text


@pytest.mark.parametrize("code, words", [("I12.0", "chronic kidney disease, stage 5 or ESRD |"),
                                         ("I13.11", "heart disease without heart failure **and** chronic kidney "
                                                    "disease, stage 5 or ESRD |"),
                                         ("I13.2", "heart failure **and** chronic kidney disease, stage 5 or "
                                                   "ESRD |")])
def test_c7_stage_5_and_esrd_have_their_own_rows(code, words):
    text = hypertension_section()
    assert f"{words} `{code}` |" in text
    assert icd10cm.is_billable(code, on=FY27)
    assert "stage 5" in icd10cm.title(code, on=FY27)


def test_c7_every_code_the_hypertension_passage_cites_is_valid():
    codes = re.findall(r"`([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)(?:-)?`", hypertension_section())
    assert len(codes) >= 15
    for code in codes:
        assert icd10cm.is_valid(code, on=FY27), code
    # I51.6 does not exist: the review's "I51.4-I51.7" is a range with a gap, so the book lists the codes.
    assert not icd10cm.is_valid("I51.6", on=FY27)
    assert "`I51.6`" not in hypertension_section()


def test_c8_first_listed_z_codes_have_exceptions_and_status_codes():
    text = read("book/coding/icd10cm-guidelines.md")
    assert "essentially always secondary" not in text
    zcodes = section(text, "## Z codes", "## Injuries")
    for code in ("Z00.6", "Z02.9", "Z99.12", "Z21"):
        assert f"`{code}`" in zcodes, code
        assert icd10cm.is_billable(code, on=FY27), code
    assert "are not limited to first place" in zcodes
    assert "The list also holds a status code, `Z99.12`" in zcodes
    assert "`Z21`, asymptomatic HIV infection status, can be first-listed" in zcodes
    summary = section(text, "## Summary", "## Key terms")
    assert "some (`Z00`, `Z02`) may only be first-listed" not in summary
    assert "(not `Z00.6` or `Z02.9`)" in summary and "`Z21` can be first-listed" in summary
    key = fold(answer("icd10cm-guidelines", "icdg-04")["explanation"])
    assert "first; Z00 codes may only be first-listed" not in key
    assert "apart from Z00.6" in key


def test_c9_prolonged_services_need_the_top_level_chosen_by_time():
    text = read("book/coding/cpt-em.md")
    assert "When a visit runs well past the top level" not in text
    assert "`99205` or `99215`, **and** chosen by total time" in text
    assert "A visit that reaches the top level by MDM cannot add them" in text
    assert "99417, which also needs the level chosen by time" in text


def test_c10_cpt_categories_change_on_different_timetables():
    key = fold(answer("cpt-em", "cpt-02")["explanation"])
    assert "CPT changes once a year" not in key
    assert "Category I codes change once a year (January 1)" in key
    assert "Category III codes twice a year" in key and "PLA codes every quarter" in key
    chapter = read("book/coding/cpt-em.md")
    assert "a new edition takes effect every January 1" not in chapter
    assert "Category III codes are released twice a year, and PLA codes every quarter" in chapter
    assert "updated every January 1" not in section(chapter, "## Summary", "## Key terms")


def test_c11_modifier_57_major_surgery_limit_is_labelled_medicare_policy():
    modifiers = read("book/coding/hcpcs-modifiers.md")
    row = next(line for line in (ROOT / "book/coding/hcpcs-modifiers.md").read_text().splitlines()
               if line.startswith("| 57 |"))
    assert "**Medicare's payment rule**" in row and "CPT's own definition names no global period" in row
    assert "because it belongs only to major operations" not in modifiers
    assert "under Medicare's payment rule it belongs only to major operations" in modifiers
    cpt = read("book/coding/cpt-em.md")
    assert "**57**: the E/M visit, on the day before or the day of a 90-day procedure" not in cpt
    assert "**Medicare's payment rule** is narrower" in cpt
    key = fold(answer("cpt-em", "cpt-13")["explanation"])
    assert "CPT's own definition names no global period" in key
    assert "Medicare's payment rule is the narrower one" in key
    for ex_id in ("hcpm-09", "hcpm-10"):
        assert "Medicare" in fold(answer("hcpcs-modifiers", ex_id)["explanation"]), ex_id


def test_c12_modifiers_76_and_77_cover_a_repeat_on_a_later_date():
    row = next(line for line in (ROOT / "book/coding/hcpcs-modifiers.md").read_text().splitlines()
               if line.startswith("| 76, 77 |"))
    assert "repeated on the same day" not in row
    assert "later the same day, or on a later date" in row
    assert "global period" in row


def test_c13_not_every_cpt_modifier_is_two_digits():
    text = read("book/coding/hcpcs-modifiers.md")
    assert "**CPT modifiers** are two digits" not in text
    assert "Most are two digits (25, 59, 50), but not all" in text
    assert "1P, 2P, 3P and 8P" in text
    assert "P1 to P6" in text
