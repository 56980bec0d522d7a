"""ICD-10-PCS structure (revcycle.codes.pcs): the 34-value alphabet, 7 characters, sections and the teaching table."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revcycle.codes import pcs
from revcycle.core.errors import CodeFormatError


def test_the_alphabet_is_34_values_without_i_and_o():
    assert len(pcs.ALPHABET) == 34
    assert len(set(pcs.ALPHABET)) == 34
    assert "I" not in pcs.ALPHABET and "O" not in pcs.ALPHABET
    assert set("0123456789") <= set(pcs.ALPHABET)


def test_section_wide_tables_have_the_expected_sizes():
    assert len(pcs.ROOT_OPERATIONS) == 31
    assert len(pcs.BODY_SYSTEMS) == 31
    assert len(pcs.SECTIONS) == 17
    assert len(pcs.APPROACHES) == 7
    for table in (pcs.ROOT_OPERATIONS, pcs.BODY_SYSTEMS, pcs.SECTIONS, pcs.APPROACHES):
        assert set(table) <= set(pcs.ALPHABET)


def test_root_operation_values_that_the_chapter_names():
    names = {value: name for value, (name, _) in pcs.ROOT_OPERATIONS.items()}
    assert names["B"] == "Excision"
    assert names["T"] == "Resection"
    assert names["R"] == "Replacement"
    assert names["9"] == "Drainage"
    assert names["H"] == "Insertion"
    assert names["7"] == "Dilation"


@pytest.mark.parametrize(
    ("typed", "code"),
    [("0DTJ4ZZ", "0DTJ4ZZ"), (" 0dtj4zz ", "0DTJ4ZZ"), ("0DT-J4Z-Z", "0DTJ4ZZ"), ("0ft44zz", "0FT44ZZ")],
)
def test_normalize(typed, code):
    assert pcs.normalize(typed) == code
    assert pcs.is_valid_format(typed)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "empty"),
        ("0DTJ4Z", "6 characters"),
        ("0DTJ4ZZZ", "8 characters"),
        ("0DTJ4ZO", "I and O"),
        ("0ITJ4ZZ", "I and O"),
        ("K35.80", "decimal point"),
        ("0DTJ4Z#", "only 0-9"),
    ],
)
def test_normalize_rejects_bad_shapes_with_a_reason(typed, message):
    with pytest.raises(CodeFormatError, match=message):
        pcs.normalize(typed)
    assert not pcs.is_valid_format(typed)


def test_non_text_is_rejected():
    with pytest.raises(CodeFormatError):
        pcs.normalize(7)  # type: ignore[arg-type]
    assert not pcs.is_valid_format(None)  # type: ignore[arg-type]


@given(st.text(alphabet=pcs.ALPHABET, min_size=7, max_size=7))
def test_any_seven_allowed_characters_have_the_shape(code):
    assert pcs.is_valid_format(code)


@given(st.text(alphabet=pcs.ALPHABET, min_size=0, max_size=12).filter(lambda s: len(s) != 7))
def test_any_other_length_is_rejected(code):
    assert not pcs.is_valid_format(code)


def test_sections():
    assert pcs.section("0DTJ4ZZ") == "Medical and Surgical"
    assert pcs.section("10D00Z1") == "Obstetrics"
    assert pcs.section("5A1955Z") == "Extracorporeal or Systemic Assistance and Performance"
    with pytest.raises(CodeFormatError, match="not an ICD-10-PCS section"):
        pcs.section("ZDTJ4ZZ")


def test_explain_a_laparoscopic_appendectomy():
    chars = pcs.explain("0DTJ4ZZ")
    assert [c.position for c in chars] == list(range(1, 8))
    assert [c.axis for c in chars] == list(pcs.CHARACTER_NAMES)
    got = {c.axis: c.meaning for c in chars}
    assert got["section"] == "Medical and Surgical"
    assert got["body system"] == "Gastrointestinal System"
    assert got["root operation"].startswith("Resection:")
    assert got["body part"] == "Appendix"
    assert got["approach"] == "Percutaneous Endoscopic"
    assert got["device"] == "No Device"
    assert got["qualifier"] == "No Qualifier"
    assert chars[3].source == pcs.TEACHING


def test_explain_a_knee_replacement_uses_the_device_and_qualifier():
    got = {c.axis: c.meaning for c in pcs.explain("0SRC0J9")}
    assert (got["body part"], got["approach"], got["device"], got["qualifier"]) == (
        "Knee Joint, Right", "Open", "Synthetic Substitute", "Cemented")


def test_explain_outside_the_teaching_table_says_so():
    chars = pcs.explain("0DTN0ZZ")
    assert chars[3].meaning == "?" and chars[3].source == pcs.NOT_IN_TABLE
    assert chars[4].meaning == "Open"


def test_explain_other_sections_names_only_the_section():
    chars = pcs.explain("10D00Z1")
    assert chars[0].meaning == "Obstetrics"
    assert all(c.source == pcs.NOT_IN_TABLE for c in chars[1:])


@pytest.mark.parametrize("code", ["0ADJ4ZZ", "0DAJ4ZZ", "0DTJ2ZZ"])
def test_explain_rejects_values_no_medical_surgical_code_has(code):
    with pytest.raises(CodeFormatError):
        pcs.explain(code)


def test_every_teaching_code_is_fully_explained_by_the_teaching_table():
    for code in pcs.TEACHING_CODES:
        chars = pcs.explain(code)
        assert all(c.meaning != "?" for c in chars), code
        assert code[:3] in pcs.TEACHING_TABLES


def test_breakdown_frame_has_a_column_per_code():
    frame = pcs.breakdown_frame(["0DTJ4ZZ", "0fT44zz"])
    assert list(frame.columns) == ["0DTJ4ZZ", "0FT44ZZ"]
    assert frame.shape == (7, 2)
    assert frame.loc["4. body part", "0FT44ZZ"] == "4 = Gallbladder"
