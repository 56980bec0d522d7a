"""ICD-10-CM codes: format, validity, billable status, notes, 7th characters, index and tables.

Tests that compare with simple-icd-10-cm (which carries FY2026) ask for a FY2026 date of service; the rest use
the default, the release in force today (FY2027; see test_icd10cm_releases.py for what differs)."""

from __future__ import annotations

import random
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revcycle.codes import icd10cm
from revcycle.codes.engine.icd10cm_release import name_from_file
from revcycle.core.errors import CodeFormatError, InputError, RevcycleError, UnknownCodeError

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def sicd():
    """simple-icd-10-cm itself, to check the database against the source (import costs ~2 s)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import simple_icd_10_cm

    return simple_icd_10_cm


# --- release and counts -----------------------------------------------------------------------------


FY26 = "2026-06-01"


def test_release_names_the_fy2027_release_and_the_fy2026_april_update():
    assert icd10cm.RELEASE == "ICD-10-CM FY2027 (October 1, 2026 release)"
    assert icd10cm.index_info("2026-10-01")["release"] == icd10cm.RELEASE
    assert icd10cm.index_info(FY26)["release"] == "ICD-10-CM FY2026 (April 1, 2026 update)"


@pytest.mark.parametrize(
    ("filename", "name"),
    [
        ("icd10c-tabular-April-1-2026.xml", "ICD-10-CM FY2026 (April 1, 2026 update)"),
        ("icd10cm-tabular-October-1-2026.xml", "ICD-10-CM FY2027 (October 1, 2026 release)"),
        ("something-else.xml", None),
    ],
)
def test_release_name_from_file(filename, name):
    assert name_from_file(filename) == name


def test_there_are_74719_billable_codes_in_fy2026():
    assert len(icd10cm.codes(billable=True, on=FY26)) == 74_719


def test_chapters_sizes_add_up():
    chapters = icd10cm.chapters(on=FY26)
    assert [c.number for c in chapters] == list(range(1, 23))
    assert sum(c.billable for c in chapters) == 74_719
    assert sum(c.codes for c in chapters) == len(icd10cm.codes(on=FY26))
    assert chapters[21].span == "U00-U85" and chapters[3].title == "Endocrine, nutritional and metabolic diseases"
    assert max(chapters, key=lambda c: c.billable).number == 19  # injuries: most 7th-character codes


# --- normalize --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("E11.9", "E11.9"),
        ("e119", "E11.9"),
        ("  E11.9 ", "E11.9"),
        ("E11.", "E11"),
        ("e11", "E11"),
        ("t1490xa", "T14.90XA"),
        ("S72.001A", "S72.001A"),
        ("u071", "U07.1"),
    ],
)
def test_normalize_accepts_case_spaces_and_dots(text, code):
    assert icd10cm.normalize(text) == code


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("E1.19", "dot"),
        ("E11..9", "dot"),
        ("99213", "CPT"),
        ("EO1", "letter O"),
        ("E1", "too short"),
        ("E11.99999", "too long"),
        ("S72.0-", "dash"),
        ("E11 9", "letters, digits"),
        ("diabetes type 2", "too long"),
        ("E11;DROP", "letters, digits"),
        ("日本", "letters, digits"),
        ("1E11", "first character is a letter"),
    ],
)
def test_normalize_explains_bad_input(text, says):
    with pytest.raises(CodeFormatError) as err:
        icd10cm.normalize(text)
    assert says.lower() in str(err.value).lower()


def test_normalize_rejects_non_text():
    with pytest.raises(CodeFormatError):
        icd10cm.normalize(None)  # type: ignore[arg-type]


@FAST
@given(st.text(max_size=40))
def test_normalize_raises_only_code_format_error(text):
    try:
        code = icd10cm.normalize(text)
    except CodeFormatError as exc:
        assert str(exc)
    else:
        assert icd10cm.normalize(code) == code
        assert 3 <= len(code.replace(".", "")) <= 7


@FAST
@given(st.one_of(st.text(max_size=30), st.from_regex(r"[A-Za-z][0-9][0-9A-Za-z]\.?[0-9A-Za-z]{0,4}", fullmatch=True)))
def test_describe_and_validity_never_raise_anything_else(text):
    assert isinstance(icd10cm.is_valid(text), bool)
    assert isinstance(icd10cm.is_billable(text), bool)
    try:
        info = icd10cm.describe(text)
    except CodeFormatError as exc:
        assert str(exc)
        assert not icd10cm.is_valid(text)
    else:
        assert icd10cm.is_valid(text) and info.billable == icd10cm.is_billable(text)


def test_long_input_is_refused_without_echoing_it():
    with pytest.raises(CodeFormatError) as err:
        icd10cm.describe("X" * 10_000)
    assert len(str(err.value)) < 300


# --- validity and billable status --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "valid", "billable"),
    [
        ("E11.9", True, True),
        ("E11", True, False),
        ("E11.2", True, False),
        ("E11.22", True, True),
        ("I10", True, True),  # a category that is itself a complete code
        ("T14.90", True, False),  # needs a 7th character
        ("T14.90XA", True, True),
        ("S72.001", True, False),
        ("S72.001A", True, True),
        ("O40.1XX1", True, True),
        ("U07.1", True, True),
        ("Z00.00", True, True),
        ("B99", True, False),  # the category B99 (also the name of its one-category block)
        ("E11.99", False, False),
        ("T14.90A", False, False),  # missing placeholder X
        ("T1490XA", True, True),
        ("A00-A09", False, False),  # a block, not a code
    ],
)
def test_known_codes(code, valid, billable):
    assert icd10cm.is_valid(code) is valid
    assert icd10cm.is_billable(code) is billable


def test_database_matches_simple_icd_10_cm(sicd):
    """A random sample of codes: same title, billable = leaf, same own Excludes1/Excludes2 notes."""
    rng = random.Random(2026)
    names = [c for c in dict.fromkeys(sicd.get_all_codes()) if not sicd.is_chapter(c)
             and (sicd.is_category(c) or not sicd.is_block(c))]
    assert len(names) == len(icd10cm.codes(on=FY26))
    for code in rng.sample(names, 400):
        info = icd10cm.describe(code, on=FY26)
        assert info.billable == sicd.is_leaf(code), code
        assert info.title == " ".join(sicd.get_description(code).split("/\t")[0].split()), code
        own1 = [n.text for n in info.excludes1 if n.source == code]
        own2 = [n.text for n in info.excludes2 if n.source == code]
        assert own1 == [" ".join(t.split()) for t in sicd.get_excludes1(code)], code
        assert own2 == [" ".join(t.split()) for t in sicd.get_excludes2(code)], code
        assert list(info.children) == sicd.get_children(code), code


# --- describe ----------------------------------------------------------------------------------------


def test_describe_e11_9_with_inherited_notes():
    info = icd10cm.describe("e119")
    assert info.code == "E11.9" and info.title == "Type 2 diabetes mellitus without complications"
    assert info.billable and info.kind == "code" and info.parents == ("E11",)
    assert (info.chapter.id, info.block.span, info.block.title) == ("4", "E08-E13", "Diabetes mellitus")
    ex1 = {(n.text, n.source) for n in info.excludes1}
    assert ("type 2 diabetes mellitus, without complications in remission (E11.A)", "E11.9") in ex1
    assert ("type 1 diabetes mellitus (E10.-)", "E11") in ex1  # written at the category, applies below
    assert any(n.text == "insulin (Z79.4)" and n.source == "E11" for n in info.use_additional_code)
    assert info.release == icd10cm.RELEASE
    assert "Excludes1" in info.to_text()


def test_excludes1_versus_excludes2_on_i10():
    info = icd10cm.describe("I10")
    own1 = [n.text for n in info.excludes1 if n.source == "I10"]
    own2 = [n.text for n in info.excludes2 if n.source == "I10"]
    assert own1 == ["hypertensive disease complicating pregnancy, childbirth and the puerperium (O10-O11, O13-O16)"]
    assert "essential (primary) hypertension involving vessels of eye (H35.0-)" in own2
    assert "high blood pressure" in [n.text for n in info.includes]
    assert any(n.source == "block I10-I1A" for n in info.excludes1)


def test_describe_unknown_codes_suggests_what_to_do():
    with pytest.raises(UnknownCodeError, match="T14.90XA"):
        icd10cm.describe("T14.90A")
    with pytest.raises(UnknownCodeError, match="E11.9"):
        icd10cm.describe("E11.99")
    with pytest.raises(UnknownCodeError, match="Z99.0"):
        icd10cm.describe("Z99.99")


def test_hierarchy_walk():
    blocks = icd10cm.blocks(4)
    assert ("E08-E13", "Diabetes mellitus") in [(b.span, b.title) for b in blocks]
    assert icd10cm.categories("E08-E13") == ["E08", "E09", "E10", "E11", "E13"]
    assert icd10cm.children("E11.2") == ["E11.21", "E11.22", "E11.29"]
    assert icd10cm.describe("S72.001A").parents == ("S72.001", "S72.00", "S72.0", "S72")


# --- 7th characters and placeholders -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "char", "result"),
    [
        ("T14.90", "A", "T14.90XA"),
        ("t1490", "d", "T14.90XD"),
        ("T14.90X", "S", "T14.90XS"),
        ("S72.001", "A", "S72.001A"),
        ("O40.1", "1", "O40.1XX1"),
        ("T39.1X1", "A", "T39.1X1A"),
        ("S06.1X7", "A", "S06.1X7A"),
        ("H35.311", "3", "H35.3113"),
    ],
)
def test_with_seventh_builds_codes_with_placeholders(code, char, result):
    assert icd10cm.with_seventh(code, char) == result
    assert icd10cm.is_billable(result)


@pytest.mark.parametrize(
    ("code", "char", "says"),
    [
        ("E11.9", "A", "takes no 7th character"),
        ("E11", "A", "takes no 7th character"),
        ("S72.00", "A", "more specific codes"),
        ("T14.90", "Z", "not a 7th character for T14.90"),
        ("T14.90XA", "D", "already ends in a 7th character"),
        ("S06.1X7", "D", "does not allow"),  # death before regaining consciousness: initial encounter only
        ("T14.90", "AB", "one letter or digit"),
        ("T14.90", "", "one letter or digit"),
    ],
)
def test_with_seventh_explains_invalid_combinations(code, char, says):
    with pytest.raises(CodeFormatError, match=says):
        icd10cm.with_seventh(code, char)


def test_seventh_options_follow_the_tabular_list():
    info = icd10cm.describe("T14.90")
    assert info.needs_seventh and not info.billable
    assert [(o.char, o.meaning) for o in info.seventh_options] == [
        ("A", "initial encounter"), ("D", "subsequent encounter"), ("S", "sequela")]
    assert [o.char for o in icd10cm.describe("S06.1X7").seventh_options] == ["A"]
    fracture = icd10cm.describe("S72.001A")
    assert fracture.seventh == "A" and len(fracture.seventh_options) == 16
    assert icd10cm.describe("H35.3113").title.endswith("advanced atrophic without subfoveal involvement")


# --- index and tables --------------------------------------------------------------------------------


def test_index_lookup_confirms_codes_in_fy2026():
    entries = icd10cm.index_lookup("heartburn")
    assert (entries[0].path, entries[0].code, entries[0].confirmed, entries[0].billable) == (
        ("Heartburn",), "R12", "R12", True)
    assert "derived" in entries[0].source
    type2 = [e for e in icd10cm.index_lookup("diabetes, type 2") if e.path[-1] == "type 2"]
    assert type2 and type2[0].code == "E11.9"
    fall = icd10cm.index_lookup("fall")[0]
    assert (fall.path, fall.code) == (("Fall, falling",), "W19") and "External Cause" in fall.source
    assert icd10cm.index_lookup("zzzz") == []


def test_drug_table_acetaminophen():
    (row,) = icd10cm.drug_table("acetaminophen")
    assert row.codes == ("T39.1X1", "T39.1X2", "T39.1X3", "T39.1X4", "T39.1X5", "T39.1X6")
    assert row.columns[4] == "Adverse effect"
    assert all(icd10cm.is_valid(c) and not icd10cm.is_billable(c) for c in row.confirmed)


def test_neoplasm_table_lung():
    rows = icd10cm.neoplasm_table("lung")
    assert rows[0].path == ("Neoplasm, neoplastic", "lung")
    assert rows[0].codes == ("C34.9-", "C78.0-", "D02.2-", "D14.3-", "D38.1", "D49.1")
    assert rows[0].confirmed[0] == "C34.9"  # the dash means "more characters needed"
    upper = icd10cm.neoplasm_table("lung, upper lobe")
    assert upper[-1].path[-1] == "upper lobe" and upper[-1].codes[0] == "C34.1-"


@pytest.mark.parametrize("func", [icd10cm.index_lookup, icd10cm.drug_table, icd10cm.neoplasm_table])
def test_lookups_take_any_text(func):
    for text in ["", "   ", ",,,", '"', "NEAR(", "x" * 10_000, "日本", "%_%"]:
        assert isinstance(func(text), list)
    with pytest.raises(RevcycleError):
        func(None)


def test_fy2026_category_qa0_has_a_letter_second():
    # FY2026 added QA0 (the only category whose second character is a letter); its codes are billable.
    assert icd10cm.normalize("qa00101") == "QA0.0101"
    assert icd10cm.is_billable("QA0.0101")
    assert [h.code for h in icd10cm.search("QA0", 1)] == ["QA0"]
    with pytest.raises(CodeFormatError, match="letter O where zero"):
        icd10cm.normalize("EO1.9")


@pytest.mark.parametrize("typed, expected", [("e11.22", "E11.22"), (" j189 ", "J18.9"), ("T1490XA", "T14.90XA")])
def test_billable_code_reads_what_people_type(typed, expected):
    assert icd10cm.billable_code(typed, on="2026-06-30") == expected


@pytest.mark.parametrize("typed, why", [("E11", "header"), ("Z", "too short"), (5, "not 5"), ("S52.5", "header"),
                                        ("hello!", "not an ICD-10-CM code")])
def test_billable_code_refuses_with_the_reason(typed, why):
    with pytest.raises(InputError, match=why) as err:
        icd10cm.billable_code(typed, "The principal diagnosis", on="2026-06-30")
    assert str(err.value).startswith("The principal diagnosis")
