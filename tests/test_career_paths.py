"""careers.credentials (the one credential table) and careers.paths (the career-path explorer)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careers import ceu, credentials, paths
from revcycle.core.errors import InputError

NEW = ("COC", "CRC", "CPC-P", "CIC", "CCS-P", "CPMA", "CDIP", "CRCR")


def test_the_table_holds_the_training_chapter_s_six_and_the_issue_s_eight():
    assert set(credentials.CREDENTIALS) == {"CPC", "CPB", "CCA", "CCS", "RHIT", "CBCS", *NEW}
    assert {c.body for c in credentials.CREDENTIALS.values()} <= set(credentials.BODIES)
    assert credentials.credential("CRCR").body == "HFMA"
    assert {credentials.credential(c).body for c in ("CCS-P", "CDIP")} == {"AHIMA"}


def test_exam_formats_are_only_the_confirmed_ones():
    # AAPC's "Taking the ... exam" pages: CRC and CPMA 100 questions in four hours, CIC 40 questions and 7 cases.
    assert (ceu.EXAM_FORMATS["CRC"].questions, ceu.EXAM_FORMATS["CRC"].hours) == (100, 4)
    assert (ceu.EXAM_FORMATS["CPMA"].questions, ceu.EXAM_FORMATS["CPMA"].hours) == (100, 4)
    assert (ceu.EXAM_FORMATS["CIC"].questions, ceu.EXAM_FORMATS["CIC"].cases, ceu.EXAM_FORMATS["CIC"].hours) == (
        40, 7, 4)
    assert (ceu.EXAM_FORMATS["COC"].questions, ceu.EXAM_FORMATS["COC"].hours) == (100, 4)
    for code in ("CPC-P", "CCS-P", "CDIP", "CRCR", "CCS", "CBCS"):
        assert code not in ceu.EXAM_FORMATS, code
        assert credentials.credential(code).exam_text() == credentials.SEE_PAGE


def test_renewal_comes_from_the_ceu_tables_or_the_body_s_rule():
    assert credentials.credential("CDIP").ceus == 30  # AHIMA's table: CDIP with RHIA at 30
    assert credentials.credential("CCS-P").ceus == 20
    assert credentials.credential("COC").ceus == 36
    assert "16 of them on auditing" in credentials.credential("CPMA").renewal_text()
    assert credentials.credential("CRCR").ceus is None
    assert "recertification exam" in credentials.credential("CRCR").renewal_text()
    assert credentials.credential("CBCS").renewal_text() == credentials.SEE_PAGE
    # AHIMA adds 10 per further credential: CCS 20 + 10 = 30 when the CDIP (30) is the larger, 40.
    assert ceu.required_ceus(["CCS", "CDIP"]) == {"AHIMA": 40}
    assert ceu.required_ceus(["RHIA", "CDIP"]) == {"AHIMA": 40}


def test_the_training_drills_still_draw_only_from_their_own_three():
    from workbook.exercises.templates import careers_training

    assert {f[0] for f in careers_training._facets()} == {"CPC", "CPB", "CCA"}


@pytest.mark.parametrize("typed, code", [("cpc-a", "CPC"), (" ccs p ", "CCS-P"), ("CCS\u2013P", "CCS-P"),
                                         ("cca", "CCA"), ("crcr", "CRCR"), ("Cpc-P", "CPC-P")])
def test_codes_are_read_the_way_people_type_them(typed, code):
    assert credentials.normalize(typed) == code


@pytest.mark.parametrize("bad", ["", "   ", None, 7, "CPCXYZ", "RHIA"])
def test_unknown_credentials_are_refused_with_the_list(bad):
    with pytest.raises(InputError):
        credentials.credential(bad)


@given(st.sampled_from(sorted(credentials.CREDENTIALS)), st.sampled_from(["", " ", "  "]), st.booleans())
def test_normalize_ignores_case_and_spacing(code, pad, lower):
    typed = pad + (code.lower() if lower else code) + pad
    assert credentials.normalize(typed) == code
    assert credentials.normalize(credentials.normalize(typed)) == code


@given(st.text(max_size=12))
def test_normalize_never_raises_anything_but_input_error(text):
    with contextlib.suppress(InputError):
        credentials.credential(text)


def test_a_credential_starts_from_the_role_it_leads_to():
    assert paths.resolve("cpc-a") == (("practice-coder",), ("CPC",))
    assert paths.resolve("Billing specialist") == (("biller",), ())
    assert paths.resolve("  hospital   CODER ") == (("hospital-coder",), ())


def test_from_the_cpc_five_moves_each_adding_four_aapc_ceus():
    found = paths.paths_from("CPC", steps=1)
    assert [p.earned for p in found] == [("COC",), ("CIC",), ("CRC",), ("CPC-P",), ("CPMA",)]
    table = paths.frame(found)
    assert list(table["keeping it all"]) == ["AAPC: 40 CEUs"] * 5  # two AAPC credentials: 36 + 4
    assert table.loc[5, "route"] == "Physician-practice coder -> [CPMA] -> Coding auditor"


def test_mixed_bodies_keep_separate_requirements():
    keep = paths.ceus_for(["CPC", "CPMA", "CCS", "CDIP", "CRCR"])
    assert keep["AAPC"] == "40 CEUs" and keep["AHIMA"] == "40 CEUs"
    assert "recertification exam" in keep["HFMA"]


def test_held_credentials_are_not_earned_again():
    found = paths.paths_from("him-tech", steps=2, held=["CCS"])
    assert all("CCS" not in p.earned for p in found)
    assert [p.text() for p in found] == ["Health information technician -> [CDIP] -> CDI specialist"]


@given(st.sampled_from([*paths.ROLES, "CPC", "CCA", "CPB", "RHIT", "CRCR"]),
       st.integers(min_value=1, max_value=4))
def test_every_path_is_simple_connected_and_sourced(start, steps):
    found = paths.paths_from(start, steps=steps)
    starts, held = paths.resolve(start)
    for p in found:
        assert p.start in starts and 1 <= len(p.moves) <= steps
        roles = [p.start, *(m.end for m in p.moves)]
        assert len(roles) == len(set(roles))
        assert all(a.end == b.start for a, b in zip(p.moves, p.moves[1:], strict=False))
        assert not set(p.earned) & set(held) and len(set(p.earned)) == len(p.earned)
        assert all(m.credential in credentials.CREDENTIALS for m in p.moves)
    assert len({(p.start, p.moves) for p in found}) == len(found)


def test_every_move_s_source_is_in_the_bibliography():
    from tests import chapter_checks

    assert {m.source for m in paths.MOVES} | {c.source for c in credentials.CREDENTIALS.values()} <= (
        chapter_checks.bib_keys())


@pytest.mark.parametrize("bad, steps", [("nobody", 2), ("", 2), (None, 2), ("CPC", 0), ("CPC", 5), ("CPC", True)])
def test_bad_starts_and_steps_are_refused(bad, steps):
    with pytest.raises(InputError):
        paths.paths_from(bad, steps=steps)


def test_the_layout_points_every_arrow_right():
    pos, edges = paths.layout(paths.paths_from("learner", steps=4))
    assert edges and all(pos[b][0] > pos[a][0] for a, b, _ in edges)
    assert pos["learner"][0] == 0 and pos["cdi"][0] == 3
