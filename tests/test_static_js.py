"""The website's checker (site/static/workbook.js) must agree with the Python one, byte for byte."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.errors import AnswerError
from workbook.exercises.answers import field_value, format_number
from workbook.exercises.checker import MESSAGES
from workbook.exercises.keys import digest

JS = Path(__file__).parents[1] / "src" / "workbook" / "site" / "static" / "workbook.js"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is installed by the Makefile's prerequisites")

PRELUDE = """
global.window = {};
global.document = { readyState: "complete", querySelectorAll: () => [] };
require(process.argv[1]);
const W = window.Workbook;
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
"""  # loads workbook.js as a page would and reads the cases from stdin

SHIM = PRELUDE + """
const run = c => {
  try {
    if (c.kind === "digest") return W.digest(c.salt, c.id, c.value);
    if (c.kind === "field") return W.fieldValue(c.field, c.value, "field");
    return W.formatNumber(c.value, c.decimals);
  } catch (e) { return "ERROR"; }
};
const out = cases.map(run);
process.stdout.write(JSON.stringify(out));
"""


def run_js_script(script: str, cases: list[dict]) -> list:
    proc = subprocess.run([NODE, "-e", script, str(JS)], input=json.dumps(cases), capture_output=True,
                          text=True, check=True, timeout=60)
    return json.loads(proc.stdout)


def run_js(cases: list[dict]) -> list[str]:
    return run_js_script(SHIM, cases)


def test_node_is_present_in_ci():
    # The skip above is for a developer without Node; CI installs it, and this test makes sure of that.
    assert NODE is not None


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=40), st.text(max_size=20), st.text(max_size=200)), min_size=1,
                max_size=40))
def test_sha256_digests_agree(triples):
    cases = [{"kind": "digest", "salt": s, "id": i, "value": v} for s, i, v in triples]
    assert run_js(cases) == [digest(s, i, v) for s, i, v in triples]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.decimals(min_value=-10**7, max_value=10**7, allow_nan=False, places=6),
                          st.integers(0, 4)), min_size=1, max_size=40))
def test_money_rounding_agrees(pairs):
    cases = [{"kind": "number", "value": format(v, "f"), "decimals": d} for v, d in pairs]
    assert run_js(cases) == [format_number(v, d) for v, d in pairs]


def test_known_vectors():
    # FIPS 180-4 test vector, and the half-up edge that float rounding gets wrong.
    assert run_js([{"kind": "digest", "salt": "a", "id": "b", "value": "c"}])[0] == digest("a", "b", "c")
    assert run_js([{"kind": "number", "value": "2.675", "decimals": 2}]) == ["2.68"]
    assert format_number(Decimal("2.675"), 2) == "2.68"


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["text", "code", "number", "date"]),
                          st.one_of(st.text(max_size=30), st.dates().map(lambda d: f"{d:%m/%d/%Y}"),
                                    st.dates().map(lambda d: d.isoformat()),
                                    st.decimals(0, 10**6, places=3, allow_nan=False).map(str))),
                min_size=1, max_size=30))
def test_claim_fields_normalize_alike(pairs):
    cases = [{"kind": "field", "field": k, "value": v} for k, v in pairs]

    def python(kind, value):
        try:
            return field_value(kind, value, "field")
        except AnswerError:
            return "ERROR"

    assert run_js(cases) == [python(k, v) for k, v in pairs]


def test_messages_match_the_python_checker():
    text = JS.read_text(encoding="utf-8")
    block = re.search(r"var MESSAGES = (\{.*?\});", text, re.S).group(1)
    assert json.loads(block) == MESSAGES


UNSEAL = PRELUDE + """
Promise.all(cases.map(c => W.unseal(c.sealed, c.response, c.salt, c.id)))
  .then(out => process.stdout.write(JSON.stringify(out)));
"""


def run_unseal(cases: list[dict]) -> list[str | None]:
    return run_js_script(UNSEAL, cases)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(st.text(min_size=1, max_size=300), st.text(min_size=1, max_size=30),
                          st.text(max_size=16), st.text(min_size=1, max_size=12), st.text(min_size=1, max_size=30),
                          st.lists(st.text(min_size=1, max_size=12), max_size=3)),
                min_size=1, max_size=8))
def test_a_sealed_explanation_opens_in_the_browser_only_with_an_accepted_answer(cases):
    """Python seals at build time (cryptography); WebCrypto opens it with the right answer and nothing else."""
    from workbook.exercises.sealed import seal, unseal

    runs, expected = [], []
    for html, answer, salt, ex_id, other, extra in cases:
        accepted = [answer, *extra]
        sealed = seal(html, answer, accepted, salt, ex_id)
        for response in (answer, *extra, other):
            runs.append({"sealed": sealed, "response": response, "salt": salt, "id": ex_id})
            want = html if response in accepted else None
            expected.append(want)
            assert unseal(sealed, response, salt, ex_id) == want
    assert run_unseal(runs) == expected


JUDGE = PRELUDE + """
const out = cases.map(c => {
  const root = { dataset: { wbCheck: JSON.stringify(c.check), wbId: c.id, wbSalt: c.salt, wbType: "code",
                            wbSystem: c.system, wbNames: "[]" },
                 querySelector: () => ({ value: c.typed }) };
  const r = W.judge(root);
  return [r.status, r.message];
});
process.stdout.write(JSON.stringify(out));
"""

CODE_TYPING = st.one_of(
    st.sampled_from(["T39.11A", "T39.1X1A", "T39.1X1D", "T39.1", "T39", "T39.2X1A", "E11.9", "E11", "99213", "J1100",
                     "E11.65", "hello", "", " t3911a ", "QA0.1", "0001F"]),
    st.from_regex(r"[A-Za-z0-9. ]{0,9}", fullmatch=True),
)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([("icd10cm", "T39.1X1A"), ("icd10cm", "E11.9"), ("hcpcs", "J1100"),
                                           ("cpt", "99213")]), CODE_TYPING), min_size=1, max_size=30))
def test_code_feedback_is_the_same_in_both_faces(cases):
    """The website's judge and the notebook's checker (without a code set, as on the site) agree on the status
    and the words for any typed code: placeholder X, 7th character, header, category, other code set, not a code."""
    from dataclasses import replace

    from workbook.exercises.checker import check
    from workbook.exercises.keys import Answer, make_check
    from workbook.exercises.spec import Exercise

    runs, expected = [], []
    for (system, answer), typed in cases:
        ex = Exercise(id="par-01", type="code", prompt="p", bank="b", system=system)
        ex = replace(ex, check=make_check(ex, Answer("par-01", answer, "Why."), "pepper"))
        fb = check(ex, typed, "pepper")
        runs.append({"check": ex.check, "id": ex.id, "salt": "pepper", "system": system, "typed": typed})
        expected.append([fb.status, fb.message])
    assert run_js_script(JUDGE, runs) == expected


EXPORT = PRELUDE.replace("require(process.argv[1]);", """
const store = {};
global.window.localStorage = {
  get length() { return Object.keys(store).length; },
  key: i => Object.keys(store)[i],
  getItem: k => (k in store ? store[k] : null),
  setItem: (k, v) => { store[k] = String(v); },
  removeItem: k => { delete store[k]; },
};
require(process.argv[1]);""") + """
const out = cases.map(c => {
  Object.keys(store).forEach(k => delete store[k]);
  c.saved.forEach(s => store["medcode-workbook:v1:" + s.bank + ":" + s.id] = JSON.stringify(s.state));
  return W.exportDocument(c.learner, c.assignment, c.only);
});
process.stdout.write(JSON.stringify(out));
"""

responses = st.one_of(st.integers(0, 9), st.lists(st.integers(0, 9), max_size=5),
                      st.text(max_size=30), st.lists(st.text(max_size=8), max_size=4))


@settings(max_examples=25, deadline=None)
@given(tries=st.lists(st.lists(responses, min_size=1, max_size=4), min_size=1, max_size=4))
def test_the_website_hand_in_file_carries_every_check_and_the_grader_accepts_its_checksum(tries):
    from workbook.course.submissions import read_attempts, validate

    saved = []
    for n, answers in enumerate(tries):
        history = [{"answer": a, "status": "incorrect", "at": f"2027-01-2{n}T10:0{i}:00.123Z"}
                   for i, a in enumerate(answers)]
        saved.append({"bank": "revenue-cycle", "id": f"rc-{n + 1:02d}",
                      "state": {"answer": answers[-1], "attempts": len(answers), "history": history}})
    only = [f"rc-{n + 1:02d}" for n in range(len(tries))][:-1] if len(tries) > 1 else None
    [doc] = run_js_script(EXPORT, [{"saved": saved, "learner": "s001", "assignment": "week-3", "only": only}])
    answers, problem, _notes = validate(doc, "s001", "week-3")
    assert problem == ""
    kept = only or [s["id"] for s in saved]
    assert sorted(answers) == sorted(kept)
    attempts = read_attempts(doc["attempts"])
    assert attempts is not None
    for s in saved:
        if s["id"] in kept:
            assert attempts[s["id"]] == [h["answer"] for h in s["state"]["history"]]


ANY_KIND = PRELUDE + """
const el = (props) => Object.assign({ dataset: {}, getAttribute: () => null }, props);
const out = cases.map(c => {
  const r = c.response;
  const list = Array.isArray(r) ? r : [];
  const byType = {
    "input[type=radio]:checked": c.type === "single" && r !== null ? [el({ value: String(r) })] : [],
    "input[type=checkbox]:checked": c.type === "multiple" ? list.map(i => el({ value: String(i) })) : [],
    "select.wb-select": list.map(v => el({ value: v === null ? "" : String(v) })),
    ".wb-field": c.type === "claim" ? list.map((v, i) => el({ value: v, dataset: { wbKind: c.kinds[i] },
                                                               labels: [{ textContent: c.labels[i] }] })) : [],
    ".wb-spot": c.type === "spot" ? c.spots.map(i => el({ dataset: { wbSpot: String(i) },
      getAttribute: (a) => (a === "aria-pressed" ? String(list.indexOf(i) >= 0) : null) })) : [],
  };
  const root = { dataset: { wbCheck: JSON.stringify(c.check), wbId: c.id, wbSalt: c.salt, wbType: c.type,
                            wbSystem: c.system, wbNames: JSON.stringify(c.names), wbUnit: c.unit,
                            wbDecimals: String(c.decimals) },
                 querySelectorAll: (sel) => byType[sel] || [],
                 querySelector: () => ({ value: typeof r === "string" ? r : "" }) };
  try { const j = W.judge(root); return [j.status, j.message]; }
  catch (e) { return ["THREW", String(e && e.message || e)]; }
});
process.stdout.write(JSON.stringify(out));
"""


def _bank_exercises():
    from workbook.exercises.keys import load_bank_with_key

    out = []
    for path in sorted((Path(__file__).parents[1] / "exercises" / "banks").glob("*.yml")):
        bank, key = load_bank_with_key(path)
        out += [(ex, bank.salt, key[ex.id] if key else None) for ex in bank.exercises]
    return out


EXERCISES = _bank_exercises()
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@st.composite
def kind_and_response(draw):
    """An exercise from the real banks and a response its website controls can produce (right, near or wrong)."""
    from workbook.exercises.answers import key_response
    from workbook.exercises.spec import candidates

    ex, salt, key = draw(st.sampled_from(EXERCISES))
    right = key_response(ex, key.answer) if key else None
    n = len(ex.options)
    if ex.type == "single":
        response = draw(st.one_of(st.none(), st.integers(0, n - 1), st.just(right)))
    elif ex.type in ("multiple", "spot"):
        size = n if ex.type == "multiple" else len(candidates(ex.note))
        response = draw(st.one_of(st.just(sorted(right or [])), st.lists(st.integers(0, size - 1), unique=True)
                                  .map(sorted)))
    elif ex.type in ("ordering", "matching"):
        pool = n if ex.type == "ordering" else len(ex.right)
        slots = n if ex.type == "ordering" else len(ex.left)
        response = draw(st.one_of(st.just(right), st.permutations(right or list(range(slots))),
                                  st.lists(st.one_of(st.none(), st.integers(0, pool - 1)), min_size=slots,
                                           max_size=slots)))
    elif ex.type == "claim":
        response = [draw(st.one_of(st.just(v), TEXT, st.sampled_from(["09/28/2026", "2026-9-28", "150", "$1,234.5",
                                                                        "E11.9", "", " 11 ", "13/45/2026"])))
                    for v in right]
    else:
        shape = st.from_regex(r"[A-Za-z0-9. $,-]{0,12}", fullmatch=True)
        response = draw(st.one_of(st.just(str(right)), shape, TEXT.map(lambda t: t[:12])))
    return ex, salt, response


@settings(max_examples=120, deadline=None)
@given(st.lists(kind_and_response(), min_size=1, max_size=25))
def test_every_kind_is_judged_alike_in_both_faces(cases):
    """For every exercise type, the website's judge and the notebook's checker (without a code set, as on the
    site) give the same status and the same words for the same response, right, partly right, wrong or unreadable."""
    from workbook.exercises.checker import check
    from workbook.exercises.spec import candidates, item_names

    runs, expected = [], []
    for ex, salt, response in cases:
        fb = check(ex, response, salt)
        expected.append([fb.status, fb.message])
        runs.append({"check": ex.check, "id": ex.id, "salt": salt, "type": ex.type, "system": ex.system,
                     "unit": ex.unit, "decimals": ex.decimals, "names": item_names(ex), "response": response,
                     "kinds": [k for _i, _l, k in ex.fields],
                     "labels": [f"Item {i} {label}" for i, label, _k in ex.fields],  # the page's label text
                     "spots": list(range(len(candidates(ex.note))))})
    got = run_js_script(ANY_KIND, runs)
    for case, want, have in zip(runs, expected, got, strict=True):
        assert have == want, (case["id"], case["type"], case["response"])


LOOKUP = PRELUDE.replace('const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));', """
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const data = W.parseLookup(require("fs").readFileSync(input.file, "utf8"));
const cases = input.queries;""") + """
process.stdout.write(JSON.stringify(cases.map(c => W.searchLookup(data, c[0], c[1], 25))));
"""


def test_the_website_look_up_finds_what_learners_type(tmp_path):
    """The look-up box's search over the real look-up data: codes by prefix, abbreviations and everyday names
    from the project's vocabulary, title words in any order and word form; HCPCS too; nothing for nonsense."""
    from revcycle.codes import icd10cm
    from workbook.site.lookup import write_lookup_data

    path = write_lookup_data(tmp_path)
    queries = [("icd10cm", "CHF"), ("icd10cm", "uti"), ("icd10cm", "e11.6"), ("icd10cm", "fractured neck femur"),
               ("icd10cm", "type 2 diabetes ketoacidosis"), ("icd10cm", "zzqqxx"), ("hcpcs", "wheelchair"),
               ("hcpcs", "J11"), ("icd10cm", "  ")]
    proc = subprocess.run([NODE, "-e", LOOKUP, str(JS)], input=json.dumps({"file": str(path), "queries": queries}),
                          capture_output=True, text=True, check=True, timeout=120)
    chf, uti, e116, femur, dka, nonsense, chair, j11, blank = json.loads(proc.stdout)
    assert chf[0]["code"] == "I509" and chf[0]["why"].startswith("abbreviation: chf means")
    assert uti[0]["code"] == "N390"
    assert e116 and all(h["code"].startswith("E116") for h in e116) and e116[0]["code"] == "E116"
    assert any(h["code"].startswith("S720") for h in femur) and all(h["code"][0] == "S" for h in femur[:5])
    assert dka[0]["code"].startswith("E111") and dka[0]["billable"]
    assert nonsense == [] and blank == []
    assert chair and all(h["code"][0] in "EK" for h in chair[:8])  # then 'Wheelchair van' (S0209) may follow
    assert j11 and all(h["code"].startswith("J11") for h in j11)
    for hits in (chf, uti, e116, femur, dka):  # every ICD-10-CM hit is a code of the release the book teaches
        for h in hits:
            assert icd10cm.is_valid(h["code"], on=icd10cm.PRIMARY.effective_from)


def test_the_website_look_up_corrects_spelling(tmp_path):
    """A word no title begins with is replaced by the nearest word of the titles and the vocabulary, and each
    hit says so; correctly spelt words, code prefixes and nonsense are left as they are."""
    from workbook.site.lookup import write_lookup_data

    path = write_lookup_data(tmp_path)
    queries = [("icd10cm", "pnuemonia"), ("icd10cm", "diabetis type 2"), ("icd10cm", "hypertention"),
               ("icd10cm", "asthama"), ("hcpcs", "wheelchiar"), ("icd10cm", "pneumonia"), ("icd10cm", "qxzqxzqx")]
    proc = subprocess.run([NODE, "-e", LOOKUP, str(JS)], input=json.dumps({"file": str(path), "queries": queries}),
                          capture_output=True, text=True, check=True, timeout=120)
    pneu, dm2, htn, asthma, chair, spelt, nonsense = json.loads(proc.stdout)
    assert pneu[0]["code"].startswith("J18") and pneu[0]["why"].startswith("spelling: pnuemonia \u2192 pneumonia")
    assert any(h["code"].startswith("E11") for h in dm2[:5]) and "diabetis \u2192 diabetes" in dm2[0]["why"]
    assert any(h["code"] == "I10" for h in htn[:5])
    assert asthma[0]["code"].startswith("J45")
    assert chair and chair[0]["code"][0] in "EK" and "wheelchiar \u2192 wheelchair" in chair[0]["why"]
    assert spelt and not any("spelling" in h["why"] for h in spelt)
    assert nonsense == []
