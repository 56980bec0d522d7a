"""CPT: code formats, the project's own teaching summaries, and a loader for a licensed descriptor file."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.codes import cpt
from revcycle.core.errors import CodeFormatError, DataError, UnknownCodeError

OFFICE_EM = ["99202", "99203", "99204", "99205", "99211", "99212", "99213", "99214", "99215"]


def test_teaching_set_covers_office_em_and_is_marked_as_ours():
    assert set(OFFICE_EM) <= set(cpt.TEACHING_SET)
    assert len(cpt.TEACHING_SET) >= 15
    for code, entry in cpt.TEACHING_SET.items():
        assert entry.code == code and cpt.category(code) == "Category I"
        assert entry.source == "project summary (not AMA text)"
        assert 10 < len(entry.description) < 200
    assert "AMA" in cpt.NOTICE and "not AMA descriptors" in cpt.NOTICE


def test_summaries_do_not_reuse_ama_descriptor_wording():
    """Canaries: phrases of the AMA office E/M descriptors must not appear in our summaries."""
    text = " ".join(e.description.lower() for e in cpt.TEACHING_SET.values())
    for phrase in ("medically appropriate history and/or examination", "when using total time on the date",
                   "must be met or exceeded", "evaluation and management of a new patient"):
        assert phrase not in text


def test_em_times_follow_the_2021_rules():
    assert "20 minutes" in cpt.describe("99213").description
    assert "moderate" in cpt.describe("99214").description
    assert "60 minutes" in cpt.describe("99205").description


@pytest.mark.parametrize(
    ("code", "kind"),
    [("99213", "Category I"), ("0001f", "Category II (performance measurement)"),
     ("0042T", "Category III (emerging technology)"), ("0001U", "Proprietary Laboratory Analyses (PLA)")],
)
def test_categories(code, kind):
    assert cpt.category(code) == kind


@pytest.mark.parametrize(
    ("text", "says"),
    [("J1100", "HCPCS Level II"), ("E11.9", "ICD-10-CM"), ("9921", "five digits"), ("", "empty"),
     ("992133", "five digits")],
)
def test_normalize_explains(text, says):
    with pytest.raises(CodeFormatError, match=says):
        cpt.normalize(text)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=30))
def test_normalize_and_search_take_any_text(text):
    assert cpt.is_valid_format(text) in (True, False)
    assert isinstance(cpt.search(text), list)


def test_unknown_code_points_to_a_licence():
    with pytest.raises(UnknownCodeError, match="load_descriptors"):
        cpt.describe("99499")


def test_search_teaching_set():
    assert [c.code for c in cpt.search("9921")] == ["99211", "99212", "99213", "99214", "99215"]
    assert {c.code for c in cpt.search("new patient")} == {"99202", "99203", "99204", "99205"}
    assert [c.code for c in cpt.search("blood draw")] == ["36415"]


def test_modifiers_are_our_summaries():
    assert {"25", "57", "59", "50"} <= set(cpt.MODIFIERS)
    assert all("(Project summary.)" in text for text in cpt.MODIFIERS.values())
    assert "XE" in cpt.MODIFIERS["59"]


# --- a licensed descriptor file (synthetic: these descriptors are invented for the test) ---------------------


SYNTHETIC = (
    "CPT Code,Long Descriptor\n"
    "99213,SYNTHETIC TEST DESCRIPTOR for an established-patient visit\n"
    "0001F,SYNTHETIC TEST DESCRIPTOR for a performance measure\n"
    "\n"
    "12345,SYNTHETIC TEST DESCRIPTOR for a made-up procedure\n"
)


def test_load_a_licensed_file(tmp_path):
    path = tmp_path / "licensed.csv"
    path.write_text(SYNTHETIC, encoding="utf-8")
    desc = cpt.load_descriptors(path)
    assert len(desc) == 3 and desc["0001F"].endswith("performance measure")
    licensed = cpt.describe("99213", desc)
    assert licensed.description.startswith("SYNTHETIC") and "licensed file" in licensed.source
    assert cpt.describe("99214", desc).source == "project summary (not AMA text)"
    assert cpt.describe("12345", desc).description.endswith("made-up procedure")
    assert [c.code for c in cpt.search("made-up", descriptors=desc)] == ["12345"]


def test_load_a_tab_separated_file_with_bom(tmp_path):
    path = tmp_path / "licensed.txt"
    path.write_bytes("\ufeffHCPCS\tDESCRIPTION\n99213\tSYNTHETIC tab descriptor\n".encode())
    assert dict(cpt.load_descriptors(path)) == {"99213": "SYNTHETIC tab descriptor"}


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("", "empty"),
        ("code,notes\n99213,x\n", "descriptor column"),
        ("code,description\n", "no codes"),
        ("code,description\nE11.9,SYNTHETIC\n", "line 2"),
        ("code,description\n99213,\n", "empty descriptor"),
        ("code,description\n99213\n", "columns"),
    ],
)
def test_bad_licensed_files_name_the_problem(tmp_path, content, says):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=says):
        cpt.load_descriptors(path)


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="Cannot read"):
        cpt.load_descriptors(tmp_path / "nope.csv")


def test_the_modifier_summaries_cover_a_certification_syllabus():
    """The CPT modifiers a coder is examined on (issue 20's list), each summarised in the project's own words."""
    syllabus = {"22", "24", "25", "26", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "62", "66", "76",
                "77", "78", "79", "80", "81", "82", "91", "95", "1P", "2P", "3P", "8P",
                *(f"P{n}" for n in range(1, 7))}
    assert syllabus <= set(cpt.MODIFIERS)
    assert "preoperative and intraoperative" in cpt.MODIFIERS["54"]  # as revcycle.payment.surgery prices it
