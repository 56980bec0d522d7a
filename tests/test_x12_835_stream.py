"""The streaming 835 reader: read_835_file and iter_835 give read_835's tables and read_835's errors.

Every comparison also runs with tiny blocks (a few characters), so segments, UTF-8 characters, the ISA and
the IEA fall across block boundaries. Numbers must be ASCII digits; the size limit is clear; bad input of any
kind is an X12Error, the same one read_835 gives for the whole file.
"""

import io
import re
import unicodedata
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pandas.testing as pdt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revcycle import synthetic
from revcycle.errors import InputError
from revcycle.x12 import Remittance, X12Error, read_835, to_835
from revcycle.x12 import stream as x12_stream
from revcycle.x12.reader835 import FILE_MAX_BYTES, iter_835, read_835_file

FIXTURES = Path(__file__).parent / "fixtures" / "x12"
FIXTURE_FILES = sorted(FIXTURES.glob("835_*.txt"))
OTHER_FILES = sorted(set(FIXTURES.glob("*.txt")) - set(FIXTURE_FILES))  # 999s, 277CAs...: not 835s
TEXTS = [p.read_text() for p in FIXTURE_FILES]
ONE_EFT = (FIXTURES / "835_one_eft_three_claims.txt").read_text()
TABLES = ("payments", "claims", "lines", "adjustments", "provider_adjustments")


@contextmanager
def blocks_of(size: int):
    """Read in blocks of ``size`` bytes (characters) instead of 1 MiB."""
    saved = x12_stream.BLOCK
    x12_stream.BLOCK = size
    try:
        yield
    finally:
        x12_stream.BLOCK = saved


def assert_same(a: Remittance, b: Remittance) -> None:
    for name in TABLES:
        pdt.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    assert a.warnings == b.warnings


def concatenated(parts: list[Remittance]) -> Remittance:
    frames = {name: pd.concat([getattr(p, name) for p in parts], ignore_index=True) for name in TABLES}
    return Remittance(**frames, warnings=[w for p in parts for w in p.warnings])


def outcome(read, data):
    """('ok', Remittance) or ('error', message): never any other exception."""
    try:
        return "ok", read(data)
    except X12Error as exc:
        assert str(exc)
        return "error", str(exc)


def streamed(raw: bytes):
    return read_835_file(io.BytesIO(raw))


def iterated(raw: bytes):
    parts = list(iter_835(io.BytesIO(raw)))
    return concatenated(parts) if parts else read_835_file(io.BytesIO(raw))


def assert_same_outcome(raw: bytes, *, also_iter: bool = True) -> None:
    expected = outcome(read_835, raw)
    readers = [streamed, iterated] if also_iter else [streamed]
    for read in readers:
        got = outcome(read, raw)
        assert got[0] == expected[0], (read.__name__, got[1] if got[0] == "error" else "read", expected)
        if got[0] == "error":
            assert got[1] == expected[1], read.__name__
        elif read is streamed or len(expected[1].payments):
            assert_same(expected[1], got[1])


# --------------------------------------------------------------------------- same tables


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("block", [1 << 20, 1, 7, 106, 107, 500])
def test_fixtures_read_the_same_streamed(path, block):
    text = path.read_text()
    expected = read_835(text)
    with blocks_of(block):
        assert_same(read_835(text), expected)
        assert_same(read_835(text.encode()), expected)
        assert_same(read_835_file(path), expected)
        assert_same(read_835_file(str(path)), expected)
        with open(path, "rb") as binary:
            assert_same(read_835_file(binary), expected)
        with open(path, encoding="ascii") as text_mode:  # a text-mode file works too
            assert_same(read_835_file(text_mode), expected)
        parts = list(iter_835(path))
    assert len(parts) == len(expected.payments)  # one Remittance per transaction
    assert_same(concatenated(parts), expected)


@pytest.mark.parametrize("path", OTHER_FILES, ids=lambda p: p.stem)
def test_other_x12_fixtures_get_read_835s_error(path):
    for block in (1 << 20, 5):
        with blocks_of(block):
            assert_same_outcome(path.read_bytes())
            assert outcome(read_835_file, path) == outcome(read_835, path.read_bytes())


def test_several_interchanges_and_blank_lines_between():
    text = "\ufeff\n" + "\r\n".join(TEXTS) + "\n\n"
    expected = read_835(text)
    assert len(expected.payments) == sum(len(read_835(t).payments) for t in TEXTS)
    for block in (1 << 20, 3, 64):
        with blocks_of(block):
            assert_same(read_835_file(io.BytesIO(text.encode())), expected)
            assert_same(concatenated(list(iter_835(io.BytesIO(text.encode()), transactions=2))), expected)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.integers(1, 25), st.sampled_from([1 << 20, 5, 97]), st.integers(1, 4))
def test_generated_remittances_read_the_same_streamed(seed, n, block, per):
    text = to_835(synthetic.claims(n, seed=seed, error_rate=0.2), seed=seed)
    expected = read_835(text)
    assert expected.warnings == []
    with blocks_of(block):
        assert_same(read_835_file(io.BytesIO(text.encode())), expected)
        parts = list(iter_835(io.BytesIO(text.encode()), transactions=per))
    assert [len(p.payments) for p in parts[:-1]] == [per] * (len(parts) - 1)
    assert_same(concatenated(parts), expected)
    # keys count through the whole file, not per chunk
    assert list(concatenated(parts).claims["claim_key"]) == list(range(1, len(expected.claims) + 1))


def test_non_text_content_in_a_name_is_kept_across_blocks():
    text = ONE_EFT.replace("N1*PE*", "N1*PE*CAFÉ ÉTÉ ", 1)
    expected = read_835(text)
    assert "CAFÉ ÉTÉ" in expected.payments["payee_name"].iloc[0]
    for block in range(1, 12):  # every split of the two-byte É falls on some boundary
        with blocks_of(block):
            assert_same(read_835_file(io.BytesIO(text.encode())), expected)


# --------------------------------------------------------------------------- ASCII digits only

NON_ASCII_DIGITS = st.characters(categories=["Nd"]).filter(lambda c: not c.isascii())


@settings(max_examples=60, deadline=None)
@given(NON_ASCII_DIGITS, st.sampled_from([
    ("BPR*I*", "BPR02"),  # the payment amount
    ("CLP*PCN-1001*1*", "CLP03"),  # a claim charge
    ("CAS*CO*45*", "CAS03"),  # an adjustment amount
    ("DTM*472*", "DTM02"),  # a service date
    ("BPR*I*", "BPR02"),
]))
def test_numbers_with_non_ascii_digits_are_refused(digit, where):
    prefix, element = where
    i = ONE_EFT.index(prefix) + len(prefix)
    text = ONE_EFT[:i] + digit + ONE_EFT[i + 1:]  # replace the first digit of the value
    for data in (text, text.encode()):
        with pytest.raises(X12Error) as info:
            read_835(data)
        message = str(info.value)
        assert re.search(r"segment \d+ \(\w+, character \d+\)", message), message
        assert element in message, message
        assert "ASCII digits 0-9 only" in message and f"U+{ord(digit):04X}" in message, message
    assert outcome(streamed, text.encode()) == ("error", message)


@pytest.mark.parametrize("value", ["١٢٣", "１２３", "12٣.00", "۱۲۳.۴۵", "१२३"])
def test_arabic_indic_fullwidth_and_devanagari_amounts(value):
    text = ONE_EFT.replace("BPR*I*", f"BPR*I*{value}*", 1)
    text = re.sub(r"(BPR\*I\*[^*]+)\*[0-9.]+\*", r"\1*", text, count=1)  # drop the old amount
    with pytest.raises(X12Error, match=r"BPR02 \(total payment\).*not an amount: X12 numbers are written with "
                       r"the ASCII digits 0-9 only, and '.' is .*DIGIT"):
        read_835(text)


def test_a_date_with_arabic_indic_digits_is_refused():
    arabic = "".join(chr(0x0660 + int(d)) for d in "20260402")
    assert unicodedata.digit(arabic[0]) == 2
    text = ONE_EFT.replace("DTM*472*20260402", f"DTM*472*{arabic}", 1)
    with pytest.raises(X12Error, match=r"segment \d+ \(DTM.*DTM02 \(date qualifier 472\).*not a date: X12 "
                       r"numbers are written with the ASCII digits 0-9 only.*ARABIC-INDIC DIGIT TWO"):
        read_835(text)


def test_quantities_and_units_are_ascii_too():
    text = ONE_EFT.replace("CAS*CO*45*75", "CAS*CO*45*75*２", 1)
    with pytest.raises(X12Error, match=r"CAS04 \(adjustment quantity\).*ASCII digits 0-9 only.*FULLWIDTH DIGIT TWO"):
        read_835(text)


# --------------------------------------------------------------------------- the size limit


def test_a_file_over_max_bytes_is_refused_with_its_size_and_how_to_raise_the_limit(tmp_path):
    path = tmp_path / "big.835"
    path.write_bytes(ONE_EFT.encode() + b" " * 3_000_000)
    with pytest.raises(InputError) as info:
        read_835_file(path, max_bytes=2_000_000)
    message = str(info.value)
    assert isinstance(info.value, X12Error)
    assert "3.0 MB" in message and "max_bytes=2_000_000" in message and "(2 MB)" in message, message
    assert "read_835_file(path, max_bytes=4_000_000)" in message and "max_bytes=None" in message, message
    with pytest.raises(X12Error, match=r"iter_835\(path, max_bytes="):
        next(iter_835(path, max_bytes=2_000_000))
    assert_same(read_835_file(path, max_bytes=None), read_835(ONE_EFT))
    assert_same(read_835_file(path, max_bytes=4_000_000), read_835(ONE_EFT))
    assert FILE_MAX_BYTES == 200_000_000


class Pipe(io.RawIOBase):
    """A stream that cannot seek (its size is unknown until it ends)."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        chunk = self.data.read(len(b))
        b[:len(chunk)] = chunk
        return len(chunk)


def test_a_stream_of_unknown_size_is_stopped_at_the_limit():
    big = ONE_EFT.encode() + b" " * 300_000
    assert not Pipe(big).seekable()
    with pytest.raises(X12Error, match=r"The file is more than the limit of max_bytes=200_000 \(0 MB\)"):
        read_835_file(Pipe(big), max_bytes=200_000)
    assert_same(read_835_file(Pipe(big)), read_835(ONE_EFT))


def test_read_835_keeps_its_own_limit_and_points_to_the_file_reader():
    with pytest.raises(X12Error, match=r"50\.0 MB, more than the 25 MB read_835 reads at once.*read_835_file"):
        read_835(ONE_EFT.encode() + b" " * 50_000_000)


def test_arguments_that_are_not_a_file():
    with pytest.raises(X12Error, match=r"a path or a file opened in binary mode.*not a bytes.*read_835\(data\)"):
        read_835_file(ONE_EFT.encode())
    with pytest.raises(X12Error, match="not a int"):
        read_835_file(12345)
    with pytest.raises(X12Error, match="transactions must be a whole number"):
        iter_835(io.BytesIO(ONE_EFT.encode()), transactions=0)  # refused when called, before any reading
    with pytest.raises(X12Error, match=r"iter_835\(\) takes a path or an open file, and this is the text of an "
                       r"X12 file \(it starts 'ISA\*00\* +'\): read text in memory with read_835\(text\)"):
        iter_835(ONE_EFT)
    with pytest.raises(X12Error, match="the text of an X12 file"):
        read_835_file(ONE_EFT)
    with pytest.raises(X12Error, match="max_bytes must be a number of bytes"):
        read_835_file(io.BytesIO(ONE_EFT.encode()), max_bytes=-1)
    with pytest.raises(FileNotFoundError):
        read_835_file("/no/such/835.txt")


# --------------------------------------------------------------------------- bad input: same errors


def test_truncated_files_give_read_835s_error_at_every_cut():
    raw = ONE_EFT.encode()
    with blocks_of(13):
        for cut in range(0, len(raw), 7):
            assert_same_outcome(raw[:cut], also_iter=cut % 5 == 0)


def test_errors_keep_their_order_of_precedence():
    raw = ONE_EFT.encode()
    isa_end = 106
    late_nul = raw[:-20] + b"\x00" + raw[-19:]
    cases = {
        "NUL late beats syntax early": raw[:isa_end + 5] + b"\x01" + raw[isa_end + 6:-20] + b"\x00" + raw[-19:],
        "NUL late beats not-text early": raw[:200] + b"\xff" + raw[201:-20] + b"\x00" + raw[-19:],
        "not-text late beats syntax early": raw[:isa_end + 5] + b"\x0b" + raw[isa_end + 6:-20] + b"\xc3" + raw[-19:],
        "syntax late beats content early": raw.replace(b"ST*835*", b"ST*837*", 1)[:-30] + b"\x01" + raw[-29:],
        "IEA cut short beats syntax early": raw[:isa_end + 5] + b"\x0b" + raw[isa_end + 6:].rstrip().rstrip(b"~"),
        "late NUL": late_nul,
        "unfinished UTF-8 at the end": raw + b"\xe2\x82",
    }
    for name, data in cases.items():
        for block in (1 << 20, 1, 9, 64):
            with blocks_of(block):
                expected = outcome(read_835, data)
                assert expected[0] == "error", name
                assert outcome(streamed, data) == expected, (name, block)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TEXTS), st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(
    ["*", "~", ":", "|", ">", "\n", "X", "9", "-", ".", "", "\x00", "É", "\x0b", "IEA*", "~IEA*1*0", "ISA", "٣", " "]),
    st.sampled_from(["replace", "insert", "delete"])), min_size=1, max_size=3), st.sampled_from([1 << 20, 3, 50]),
    st.integers(0, 2))
def test_mutated_files_give_the_same_outcome_streamed(text, edits, block, cut):
    for where, char, how in edits:
        i = where % (len(text) + 1)
        if how == "replace":
            text = text[:i] + char + text[i + 1:]
        elif how == "insert":
            text = text[:i] + char + text[i:]
        else:
            text = text[:i] + text[i + 1:]
    if cut:
        text = text[: len(text) * cut // 3]
    raw = text.encode("utf-8", "surrogatepass")
    with blocks_of(block):
        assert_same_outcome(raw, also_iter=block != 3)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode),
                 st.text(alphabet="ISAGECLPSVC*:~^0123456789 \n\x00", max_size=300).map(str.encode)),
       st.sampled_from([1 << 20, 2, 17]))
def test_garbage_gives_the_same_x12_error_streamed(data, block):
    with blocks_of(block):
        assert_same_outcome(data)


def test_iter_835_hands_out_what_it_read_before_a_later_problem():
    damaged = ONE_EFT.replace("SE*", "SE*9", 1)  # the first transaction's segment count is wrong
    with pytest.raises(X12Error, match="SE01"):
        list(iter_835(io.BytesIO(damaged.encode())))
    text = to_835(synthetic.claims(30, seed=4), seed=4)
    last_se = text.rindex("SE*")
    broken = text[:last_se] + "SE*1*" + text[last_se + 3:]
    got = []
    with pytest.raises(X12Error, match=read_835_error(broken)):
        for part in iter_835(io.BytesIO(broken.encode())):
            got.append(part)
    assert len(got) == len(read_835(text).payments) - 1  # every transaction before the bad one


def read_835_error(text: str) -> str:
    with pytest.raises(X12Error) as info:
        read_835(text)
    return re.escape(str(info.value))


# --------------------------------------------------------------------------- memory


def test_iter_835_memory_does_not_grow_with_the_file(tmp_path):
    import tracemalloc

    text = to_835(synthetic.claims(200, seed=9), seed=9)
    head, _, rest = text.partition("\nGS*")
    groups, _, _ = ("GS*" + rest).rpartition("\nIEA*")
    small, large = tmp_path / "small.835", tmp_path / "large.835"
    for path, copies in ((small, 1), (large, 8)):  # the same groups again and again under one ISA
        count = text.count("\nGS*") * copies
        path.write_text(head + "\n" + "\n".join([groups] * copies) + f"\nIEA*{count}*000000001~\n")
    assert len(read_835_file(large).claims) == 8 * len(read_835_file(small).claims)
    peaks = []
    with blocks_of(8192):  # blocks smaller than the files, as 1 MiB blocks are for big files
        for path in (small, large):
            tracemalloc.start()
            for part in iter_835(path, transactions=20):
                assert part.claims["claim_key"].min() >= 1
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
    assert peaks[1] < 1.5 * peaks[0], peaks  # eight times the file, not eight times the memory
