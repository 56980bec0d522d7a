"""The table-driven ICD-10-PCS builder (revcycle.codes.pcs_tables) on the shipped subset of the CMS FY2026 tables.

The expected labels below were read by hand from the CMS table rows (the shipped XML), not from the engine's
output; the property tests check the row rule itself: a code is valid exactly when one row holds characters 4-7.
"""

from __future__ import annotations

import gzip
import hashlib
import xml.etree.ElementTree as ET
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.codes import pcs, pcs_tables
from revcycle.core.errors import CodeFormatError, UnknownCodeError

SHIPPED = {"021", "027", "02H", "0BH", "0D1", "0DB", "0DJ", "0DT", "0FC", "0FJ", "0FT", "0HB", "0HT", "0JB", "0JH",
           "0KB", "0PS", "0QS", "0RG", "0SG", "0SR", "0UT", "0W3", "0W9", "0WJ", "10D", "10E", "3E0", "5A1"}
ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def raw_xml() -> bytes:
    return gzip.decompress(resources.files("revcycle.data").joinpath(pcs_tables.DATA_FILE).read_bytes())


def test_the_shipped_file_is_the_documented_subset():
    assert hashlib.sha256(raw_xml()).hexdigest() in (resources.files("revcycle.data") / "PROVENANCE.md").read_text(
        encoding="utf-8")
    root = ET.fromstring(raw_xml())
    assert root.findtext("version") == "2026"
    assert set(pcs_tables.tables()) == SHIPPED


def test_every_row_declares_the_number_of_codes_it_holds():
    # the CMS file states each row's code count: the product of its four axes must match it
    root = ET.fromstring(raw_xml())
    for table in root.findall("pcsTable"):
        for row in table.findall("pcsRow"):
            n = 1
            for axis in row.findall("axis"):
                assert int(axis.get("values", "0")) == len(axis.findall("label"))
                n *= len(axis.findall("label"))
            assert int(row.get("codes", "0")) == n


@pytest.mark.parametrize(("code", "labels"), [
    ("0FT44ZZ", ("Medical and Surgical", "Hepatobiliary System and Pancreas", "Resection", "Gallbladder",
                 "Percutaneous Endoscopic", "No Device", "No Qualifier")),
    ("10D00Z1", ("Obstetrics", "Pregnancy", "Extraction", "Products of Conception", "Open", "No Device", "Low")),
    ("0QSG04Z", ("Medical and Surgical", "Lower Bones", "Reposition", "Tibia, Right", "Open",
                 "Internal Fixation Device", "No Qualifier")),
    ("5A1955Z", ("Extracorporeal or Systemic Assistance and Performance", "Physiological Systems", "Performance",
                 "Respiratory", "Greater than 96 Consecutive Hours", "Ventilation", "No Qualifier")),
    ("02100Z9", ("Medical and Surgical", "Heart and Great Vessels", "Bypass", "Coronary Artery, One Artery", "Open",
                 "No Device", "Internal Mammary, Left")),
])
def test_decode_reads_labels_from_the_code_s_row(code, labels):
    assert pcs_tables.decode(code).labels == labels
    assert pcs_tables.build(*code) == code


def test_axis_titles_follow_the_section():
    assert pcs_tables.table("0DT").titles[3:] == ("Body Part", "Approach", "Device", "Qualifier")
    assert pcs_tables.table("3E0").titles[3:] == ("Body System / Region", "Approach", "Substance", "Qualifier")
    assert pcs_tables.table("5A1").titles[3:] == ("Body System", "Duration", "Function", "Qualifier")


def test_next_values_follow_the_row_not_the_whole_table():
    # in 0DT, the hand-assisted qualifier G is offered only in the row that has it; after the appendix, laparoscopic,
    # no device, the values are exactly those of the rows that hold J, 4 and Z
    after = pcs_tables.next_values("0DTJ4Z")
    assert "Z" in after and set(after) <= {"G", "Z"}
    # a device value offered for the knee in 0SR is not offered for a body part whose row lacks it
    assert "J" in pcs_tables.next_values("0SRC0")
    assert pcs_tables.next_values("0FT44") == {"Z": "No Device"}
    assert set(pcs_tables.next_values("10D")) == {"0", "1", "2"}


def test_build_names_the_first_misfit_and_what_would_fit():
    with pytest.raises(UnknownCodeError, match=r"character 6 \(device\) 'J'.*Z No Device"):
        pcs_tables.build("0FT44JZ")
    with pytest.raises(UnknownCodeError, match=r"character 7 \(qualifier\) '1'"):
        pcs_tables.build("0FT44Z1")
    with pytest.raises(UnknownCodeError, match="not among the 29 tables"):
        pcs_tables.build("0NB00ZZ")
    with pytest.raises(CodeFormatError, match="exactly 7"):
        pcs_tables.build("0FT44")
    with pytest.raises(CodeFormatError, match="except I and O"):
        pcs_tables.build("0FT4OZZ")
    with pytest.raises(CodeFormatError):
        pcs_tables.build(7)  # type: ignore[arg-type]


def test_the_teaching_table_is_read_from_the_shipped_tables():
    taught = pcs.TEACHING_TABLES
    assert set(taught) <= SHIPPED
    for key, t in taught.items():
        table = pcs_tables.table(key)
        for position, values in ((4, t.body_parts), (6, t.devices), (7, t.qualifiers)):
            for value, label in values.items():
                assert table.label(position, value) == label
    for code in pcs.TEACHING_CODES:
        assert pcs_tables.is_valid(code), code


def test_every_code_is_in_exactly_one_row():
    for key in ("0DT", "0SR", "10D", "0QS"):
        table = pcs_tables.table(key)
        for code in pcs_tables.codes([key]):
            holders = [r for r in table.rows if all(code[i] in r.axes[i - 3] for i in range(3, 7))]
            assert len(holders) == 1, code


@st.composite
def paths(draw: st.DrawFn) -> tuple[str, tuple[str, ...]]:
    """A random walk through a shipped table: pick a table, then a row, then a value on each of its four axes."""
    key = draw(st.sampled_from(sorted(SHIPPED)))
    table = pcs_tables.table(key)
    row = draw(st.sampled_from(table.rows))
    values = tuple(draw(st.sampled_from(sorted(axis))) for axis in row.axes)
    labels = (*table.labels, *(axis[v] for axis, v in zip(row.axes, values, strict=True)))
    return key + "".join(values), labels


@settings(max_examples=300, deadline=None)
@given(paths())
def test_a_random_path_decodes_back_to_its_labels(path):
    code, labels = path
    assert pcs_tables.build(*code) == code
    assert pcs_tables.decode(code).labels == labels
    assert pcs_tables.is_valid(code.lower())


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=7, max_size=7) | st.sampled_from(sorted(SHIPPED)).flatmap(
    lambda k: st.text(alphabet=ALPHABET, min_size=4, max_size=4).map(lambda rest: k + rest)))
def test_a_random_code_is_valid_by_the_rows_or_refused_with_a_message(code):
    table = pcs_tables.tables().get(code[:3])
    in_a_row = table is not None and any(all(code[i] in r.axes[i - 3] for i in range(3, 7)) for r in table.rows)
    if in_a_row:
        assert pcs_tables.decode(code).code == code
    else:
        with pytest.raises(UnknownCodeError) as err:
            pcs_tables.build(code)
        assert code[:3] in str(err.value)
    assert pcs_tables.is_valid(code) is in_a_row


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12))
def test_any_text_is_refused_cleanly_or_accepted(text):
    try:
        pcs_tables.build(text)
    except CodeFormatError as err:
        assert str(err)
