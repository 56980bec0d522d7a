"""The encoder widget: live search, Enter and arrow keys, notes, the 7th-character picker, bad input."""

from __future__ import annotations

import subprocess
import sys

import ipywidgets as W
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import workbook
from workbook.ui.encoder import Encoder, encoder


def press_enter(enc: Encoder) -> None:
    """What the browser sends when Enter is pressed in the search field."""
    enc.query._handle_custom_msg({"event": "submit"}, [])


def test_lazy_export_keeps_import_workbook_cheap():
    out = subprocess.run(
        [sys.executable, "-c", "import sys, workbook; print('ipywidgets' in sys.modules, "
         "'revcycle.codes.icd10cm' in sys.modules)"],
        capture_output=True, text=True, check=True,
    )
    assert out.stdout.split() == ["False", "False"]
    assert isinstance(workbook.ui.encoder(), Encoder) and isinstance(encoder(), W.VBox)


def test_controls_have_labels_for_screen_readers():
    enc = encoder()
    assert enc.query.description == "Search ICD-10-CM" and enc.query.tooltip
    assert enc.results.description == "Results"
    assert enc.seventh.description == "7th character"
    assert 'role="status"' in enc.status.value and 'aria-live="polite"' in enc.status.value


def test_live_results_and_enter():
    enc = encoder()
    enc.query.value = "heartbu"
    assert enc.results.options[0][1] == "R12" and "[billable \u00b7 title]" in enc.results.options[0][0]
    press_enter(enc)
    assert enc.current == "R12" and enc.results.value == "R12"
    assert "Heartburn" in enc.detail.value and "Billable" in enc.detail.value


def test_each_result_says_why_it_matched():
    enc = encoder("CHF")
    press_enter(enc)
    assert enc.results.options[0][1] == "I50.9" and "synonym: CHF = " in enc.results.options[0][0]
    assert "Also read as synonym: CHF = " in enc.status.value
    enc = encoder("pnuemonia")
    press_enter(enc)
    assert "spelling: pnuemonia \u2192 pneumonia" in enc.results.options[0][0]


def test_arrow_keys_move_the_selection_and_the_detail_follows():
    enc = encoder("E11.2")
    assert [v for _, v in enc.results.options][:4] == ["E11.2", "E11.21", "E11.22", "E11.29"]
    enc.results.value = "E11.22"  # what the arrow-down key does in the list
    assert enc.current == "E11.22" and "diabetic chronic kidney disease" in enc.detail.value
    enc.results.value = "E11.2"
    assert "Not billable: a heading" in enc.detail.value and "E11.21" in enc.detail.value


def test_detail_pane_separates_excludes1_and_excludes2():
    enc = encoder("I10")
    press_enter(enc)
    html = enc.detail.value
    assert html.index("Excludes1") < html.index("Excludes2")
    assert "never report these together" in html and "both codes may be reported" in html
    assert "high blood pressure" in html and "Use additional code" in html
    assert "(at block I10-I1A)" in html


def test_seventh_character_picker_builds_the_code():
    enc = encoder("T14.90")
    press_enter(enc)
    assert enc.current == "T14.90" and "add a 7th character" in enc.detail.value
    assert enc.seventh.layout.display is None
    assert [v for _, v in enc.seventh.options] == ["", "A", "D", "S"]
    enc.seventh.value = "A"
    assert enc.current == "T14.90XA" and "Billable" in enc.detail.value
    enc.seventh.value = "S"
    assert enc.current == "T14.90XS"
    enc.show("E11.9")
    assert enc.seventh.layout.display == "none"


@pytest.mark.parametrize(
    ("query", "says"),
    [("T14.90A", "T14.90XA"), ("E11.99", "not in ICD-10-CM"), ("xqzvw", "Nothing matches")],
)
def test_bad_input_gives_a_readable_message(query, says):
    enc = encoder(query)
    assert enc.results.options == ()
    press_enter(enc)
    assert says in enc.status.value and "Traceback" not in enc.status.value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_typing_anything_never_raises(text):
    enc = encoder()
    enc.query.value = text
    press_enter(enc)
    enc.show(text)
    assert 'role="status"' in enc.status.value


def test_hcpcs_mode():
    enc = encoder("crutches underarm pair", code_set="hcpcs")
    assert enc.query.description == "Search HCPCS Level II"
    press_enter(enc)
    assert enc.current is not None and enc.current.startswith("E01")
    assert "Current" in enc.detail.value
    enc.show("C5271")
    assert "Terminated 2025-12-31" in enc.detail.value


def test_unknown_code_set():
    with pytest.raises(ValueError, match="icd10cm"):
        encoder(code_set="snomed")
