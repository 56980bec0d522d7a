"""revcycle.coding.terminology: the word-part table, split(), lookup() and laterality_of()."""

from __future__ import annotations

import csv
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.coding import terminology as t
from revcycle.core.errors import CodeFormatError, InputError, UnknownCodeError

ON = "2026-10-01"  # the first day of FY2027, the release the book teaches


# --------------------------------------------------------------------------------------------- the table


def test_the_table_has_about_three_hundred_rows_of_every_kind_and_system():
    rows = t.parts()
    assert 250 <= len(rows) <= 350
    assert {p.kind for p in rows} == {"prefix", "root", "suffix"}
    assert {p.body_system for p in rows} == set(t.BODY_SYSTEMS)
    assert len({(p.part, p.kind) for p in rows}) == len(rows)


def test_the_csv_has_the_documented_columns_and_forms():
    text = resources.files("revcycle.data").joinpath("word_parts.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert list(rows[0]) == ["part", "kind", "combining_form", "meaning", "body_system", "example"]
    for row in rows:
        form = row["combining_form"]
        if row["kind"] == "prefix":
            assert form == row["part"] + "-"
        elif row["kind"] == "suffix":
            assert form == "-" + row["part"]
        else:
            assert form.split("/")[0] == row["part"] and "/" in form
        assert row["meaning"] and row["example"].isalpha()


@pytest.mark.parametrize("form", ["cardi/o", "angi/o", "arteri/o", "phleb/o", "ven/o", "hem/o", "hemat/o", "gastr/o",
                                  "enter/o", "col/o", "colon/o", "proct/o", "hepat/o", "chol/e", "cyst/o", "nephr/o",
                                  "ren/o", "ur/o", "oste/o", "arthr/o", "chondr/o", "my/o", "neur/o", "encephal/o",
                                  "derm/o", "dermat/o", "pneum/o", "pulmon/o", "bronch/o", "laryng/o", "rhin/o", "ot/o",
                                  "ophthalm/o", "ocul/o", "hyster/o", "oophor/o", "salping/o", "mast/o", "mamm/o",
                                  "thyroid/o", "aden/o", "lymph/o", "a-", "an-", "brady-", "tachy-", "hyper-", "hypo-",
                                  "peri-", "endo-", "sub-", "inter-", "intra-", "poly-", "dys-", "-ectomy", "-ostomy",
                                  "-otomy", "-plasty", "-scopy", "-centesis", "-desis", "-pexy", "-rrhaphy", "-itis",
                                  "-osis", "-oma", "-algia", "-emia", "-megaly", "-pathy", "-penia", "-rrhea",
                                  "-stenosis", "-tripsy", "-gram", "-graph", "-graphy"])
def test_the_parts_the_chapter_teaches_are_in_the_table(form):
    assert any(p.combining_form == form for p in t.lookup(form))


def test_every_example_word_splits_into_known_parts_including_its_own():
    for p in t.parts():
        s = t.split(p.example)
        assert s.complete and p in s.known, (p.combining_form, p.example, str(s))


# --------------------------------------------------------------------------------------------- split


@pytest.mark.parametrize(("word", "pieces", "meaning"), [
    ("cholecystectomy", ("chole", "cyst", "ectomy"), "surgical removal of gallbladder"),
    ("esophagogastroduodenoscopy", ("esophago", "gastro", "duodeno", "scopy"),
     "looking inside with a scope at esophagus, stomach and duodenum"),
    ("bradycardia", ("brady", "cardi", "a"), "condition of slow heart"),
    ("thoracentesis", ("thora", "centesis"), "puncture to draw fluid from chest"),
    ("peritonitis", ("periton", "itis"), "inflammation of peritoneum"),
    ("colostomy", ("col", "ostomy"), "making a new opening into colon"),
    ("anemia", ("an", "emia"), "without blood condition"),
    ("subcutaneous", ("sub", "cutane", "ous"), "pertaining to below skin"),
])
def test_split_reads_classic_words(word, pieces, meaning):
    s = t.split(word)
    assert s.complete and s.parts == pieces and s.meaning == meaning
    assert str(s) == " + ".join(pieces)


def test_the_reading_puts_the_suffix_first():
    s = t.split("cholecystectomy")
    assert s.reading[0] == "-ectomy: surgical removal of"
    assert s.reading[1:] == ("chol/e: bile, gall", "cyst/o: bladder, sac")
    assert s.suffix is not None and s.suffix.part == "ectomy"
    assert s.body_systems == ("digestive", "urinary")


def test_the_suffix_separates_procedures_that_share_a_root():
    kinds = {w: t.split(w).suffix.combining_form for w in ("colectomy", "colostomy", "colotomy", "coloplasty")}
    assert kinds == {"colectomy": "-ectomy", "colostomy": "-ostomy", "colotomy": "-otomy", "coloplasty": "-plasty"}


def test_no_full_split_is_said_honestly():
    s = t.split("cardioxyzzq")
    assert not s.complete and s.meaning is None
    assert "No full split found" in s.message and "cardi/o" in s.message
    assert [p.combining_form for p in s.known] == ["cardi/o"]
    nothing = t.split("qqqq")
    assert not nothing.complete and "no known part" in nothing.message


@pytest.mark.parametrize("bad", ["", "   ", "cardio1", "colles'", "gastro-esophageal", "heart attack", "x" * 61])
def test_bad_input_raises_a_clear_input_error(bad):
    with pytest.raises(InputError, match=r"word|letters|long"):
        t.split(bad)


def test_non_text_input_is_refused():
    with pytest.raises(InputError, match="text"):
        t.split(42)  # type: ignore[arg-type]


def test_case_and_surrounding_space_do_not_matter():
    assert t.split("  Cholecystectomy ") == t.split("cholecystectomy")


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=30)


@settings(max_examples=150, deadline=None)
@given(WORDS)
def test_split_is_deterministic_and_covers_every_letter(word):
    first, second = t.split(word), t.split(word)
    assert first == second
    assert "".join(first.parts) == word
    assert (first.meaning is not None) == first.complete


@st.composite
def built_words(draw):
    """A word made by the grammar from known parts: prefixes, roots joined by combining vowels, a suffix."""
    prefixes = draw(st.lists(st.sampled_from(t.parts("prefix")), max_size=1))
    roots = draw(st.lists(st.sampled_from(t.parts("root")), min_size=1, max_size=3))
    suffix = draw(st.sampled_from(t.parts("suffix")))
    word = "".join(p.part for p in prefixes)
    for i, root in enumerate(roots):
        word += root.part
        if i + 1 < len(roots) or suffix.part[0] not in "aeiouy":
            word += root.vowels[:1]
    return word + suffix.part, len(prefixes) + len(roots) + 1


@settings(max_examples=200, deadline=None)
@given(built_words())
def test_a_word_built_from_known_parts_always_splits_completely_in_no_more_parts(built):
    word, used = built
    s = t.split(word)
    assert s.complete, (word, str(s))
    assert len(s.pieces) <= used
    assert s.pieces[-1].kind in ("suffix", "root")


# --------------------------------------------------------------------------------------------- lookup


def test_lookup_takes_every_usual_spelling():
    assert [p.combining_form for p in t.lookup("cardi/o")] == ["cardi/o"]
    assert t.lookup("cardio") == t.lookup("cardi") == t.lookup("CARDI/O ")
    assert t.lookup("-ectomy")[0].meaning == "surgical removal of"
    assert [p.kind for p in t.lookup("a")] == ["prefix", "suffix"]
    assert [p.kind for p in t.lookup("a-")] == ["prefix"]
    assert [p.kind for p in t.lookup("-a")] == ["suffix"]


@pytest.mark.parametrize("bad", ["", "zzz", "-cardi"])
def test_lookup_refuses_unknown_parts_with_a_message(bad):
    with pytest.raises(InputError, match="word part|not in the word-part table"):
        t.lookup(bad)


def test_parts_filters_and_refuses_unknown_filters():
    eye = t.parts(body_system="eye")
    assert eye and all(p.body_system == "eye" for p in eye)
    with pytest.raises(InputError, match="kind"):
        t.parts(kind="infix")
    with pytest.raises(InputError, match="body_system"):
        t.parts(body_system="liver")


# --------------------------------------------------------------------------------------------- laterality


@pytest.mark.parametrize(("code", "side", "position", "character"), [
    ("M17.11", "right", 5, "1"),
    ("M17.12", "left", 5, "2"),
    ("M17.10", "unspecified", 5, "0"),
    ("M17.0", "bilateral", 4, "0"),
    ("H10.9", "none", None, None),
    ("H10.33", "bilateral", 5, "3"),
    ("S52.521A", "right", 6, "1"),
    ("S52.522A", "left", 6, "2"),
    ("S72.001A", "right", 6, "1"),
    ("S72.009A", "unspecified", 6, "9"),
    ("S52.92XA", "left", 5, "2"),
    ("L97.411", "right", 5, "1"),
])
def test_laterality_of_real_codes(code, side, position, character):
    lat = t.laterality_of(code, on=ON)
    assert (lat.side, lat.position, lat.character) == (side, position, character), str(lat)
    if position:
        assert code.replace(".", "")[position - 1] == character


@pytest.mark.parametrize("code", ["I50.1", "I50.810", "T81.516A", "E11.9"])
def test_words_that_are_not_a_side_of_the_body_are_not_read_as_one(code):
    assert t.laterality_of(code, on=ON).side == "none"


def test_laterality_errors_are_the_code_set_s():
    with pytest.raises(CodeFormatError):
        t.laterality_of("knee")
    with pytest.raises(UnknownCodeError):
        t.laterality_of("S52.521B", on=ON)
