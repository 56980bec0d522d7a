"""Every code-set module answers normalize, is_valid, describe and search, and bad text never escapes as a
Python traceback: it is a RevcycleError with a message (revcycle.codes.CodeSet)."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revcycle.codes import CodeCheck, CodeSet, cpt, hcpcs, icd10cm, npi, pcs, pos, taxonomy
from revcycle.core.errors import CodeFormatError, RevcycleError

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: module -> (text as a person types it, the normalized code), a code each set knows.
KNOWN: dict[ModuleType, tuple[str, str]] = {
    icd10cm: ("e11.9", "E11.9"),
    hcpcs: ("j3490", "J3490"),
    cpt: (" 99213 ", "99213"),
    pcs: ("0dtj4zz", "0DTJ4ZZ"),
    pos: ("11", "11"),
}
CODE_SETS = list(KNOWN)
CODE_CHECKS = [*CODE_SETS, npi, taxonomy]
SET_NAMES = ("normalize", "is_valid", "describe", "search")
ids = [m.__name__.rsplit(".", 1)[-1] for m in CODE_CHECKS]

# Text that cannot be a code of any set: letters and digits of the wrong length, punctuation, other scripts.
MALFORMED = ["", "   ", "E11.9.9", "!!", "99213-2", "J34900000", "0DTJ4Z", "ab\x00cd", "\u0665\u0661", "x" * 500]


def test_the_cpt_code_used_is_in_the_teaching_set() -> None:
    assert KNOWN[cpt][1] in cpt.TEACHING_SET


@pytest.mark.parametrize("module", CODE_SETS, ids=ids[:len(CODE_SETS)])
def test_each_code_set_has_the_four_functions_with_one_positional_argument(module: ModuleType) -> None:
    for name in SET_NAMES:
        func = getattr(module, name, None)
        assert callable(func), f"{module.__name__} has no {name}()"
        inspect.signature(func).bind("text")  # callable with the text alone; other parameters have defaults
        assert name in module.__all__, f"{module.__name__}.{name} is not in __all__"
        assert func.__doc__, f"{module.__name__}.{name} has no docstring"


@pytest.mark.parametrize("module", CODE_CHECKS, ids=ids)
def test_each_module_satisfies_the_protocol_at_run_time(module: ModuleType) -> None:
    protocol = CodeSet if module in KNOWN else CodeCheck
    names = [n for n in ("normalize", "is_valid", "describe", "search") if hasattr(protocol, n)]
    assert all(callable(getattr(module, n, None)) for n in names)
    if module in (npi, taxonomy):
        assert not hasattr(module, "describe") and not hasattr(module, "search")


@pytest.mark.parametrize("module", CODE_SETS, ids=ids[:len(CODE_SETS)])
def test_normalize_then_is_valid_round_trips_a_known_code(module: ModuleType) -> None:
    typed, code = KNOWN[module]
    assert module.normalize(typed) == code
    assert module.normalize(code) == code  # normalizing twice changes nothing
    assert module.is_valid(typed) and module.is_valid(code)
    assert module.describe(typed) is not None
    found = module.search(code)
    assert isinstance(found, Sequence) and found, f"{module.__name__}.search({code!r}) found nothing"
    assert getattr(found[0], "code", None) == code


def test_npi_normalize_and_is_valid_are_the_older_names() -> None:
    assert npi.normalize(" 1234567893 ") == npi.validate_npi("1234567893") == "1234567893"
    assert npi.is_valid("1234567893") and not npi.is_valid("1234567890")
    with pytest.raises(npi.NpiFormatError, match="check-digit"):
        npi.normalize("1234567890")
    assert issubclass(npi.NpiFormatError, CodeFormatError)


def test_cpt_is_valid_checks_a_licensed_file_when_given_one() -> None:
    assert cpt.is_valid("0001F") and not cpt.is_valid("J3490")
    assert cpt.is_valid("99213", {"99213": "licensed text"}) and not cpt.is_valid("99214", {"99213": "x"})


def test_pcs_is_valid_checks_the_values_the_book_knows() -> None:
    assert pcs.is_valid("0DTJ4ZZ") and pcs.is_valid("0DTJ0ZZ")
    assert not pcs.is_valid("0DTJ2ZZ")  # 2 is no approach in Medical and Surgical
    assert not pcs.is_valid("ADTJ4ZZ")  # A is no section
    info = pcs.describe("0dtj4zz")
    assert info.section == "Medical and Surgical" and "appendectomy" in info.summary and len(info.characters) == 7
    assert {c.code for c in pcs.search("appendectomy")} == {"0DTJ4ZZ", "0DTJ0ZZ"}
    assert {c.code for c in pcs.search("0DT")} == {"0DTJ4ZZ", "0DTJ0ZZ"}


def _raises_revcycle_error_or_returns(func: object, text: str) -> object:
    assert callable(func)
    try:
        return func(text)
    except RevcycleError as exc:
        assert str(exc).strip(), f"{func.__qualname__}({text!r}) raised {type(exc).__name__} without a message"
        return exc


@pytest.mark.parametrize("module", CODE_CHECKS, ids=ids)
@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_text_gives_a_code_format_error_with_a_message(module: ModuleType, text: str) -> None:
    with pytest.raises(CodeFormatError) as info:
        module.normalize(text)
    assert str(info.value).strip()
    assert module.is_valid(text) is False
    if module in KNOWN:
        with pytest.raises(CodeFormatError):
            module.describe(text)


@pytest.mark.parametrize("module", CODE_CHECKS, ids=ids)
@FAST
@given(text=st.text(max_size=40))
def test_any_text_gives_a_result_or_a_revcycle_error(module: ModuleType, text: str) -> None:
    normalized = _raises_revcycle_error_or_returns(module.normalize, text)
    valid = module.is_valid(text)  # never raises
    assert isinstance(valid, bool)
    if isinstance(normalized, str):
        assert module.normalize(normalized) == normalized  # idempotent
        assert module.is_valid(normalized) == valid
    elif valid:
        pytest.fail(f"{module.__name__}.is_valid({text!r}) is True but normalize() refused it")
    if module in KNOWN:
        _raises_revcycle_error_or_returns(module.describe, text)
        found = module.search(text)  # any text is safe
        assert isinstance(found, list)


@pytest.mark.parametrize("module", CODE_SETS, ids=ids[:len(CODE_SETS)])
@pytest.mark.parametrize("value", [None, 12.5, b"E11.9", ["E11.9"]])
def test_non_text_gives_a_revcycle_error(module: ModuleType, value: object) -> None:
    for name in ("normalize", "describe", "search"):
        with pytest.raises(RevcycleError):
            getattr(module, name)(value)
    assert module.is_valid(value) is False
