"""X12 text a block at a time: sources of text, and segments split with the delimiters each ISA defines.

The 835 reader (:mod:`revcycle.x12.reader835`) reads through this module so that a file is never held as one
string plus the list of all its segments. A *source* hands out the text one block at a time: from a ``str``
already in memory (:class:`TextSource`) or from bytes, a path or a binary file (:class:`ByteSource`, which
decodes UTF-8 across block boundaries and refuses NUL bytes and non-text). :func:`segments` splits the blocks
into :class:`Segment` objects, one interchange (ISA...IEA) after another, with that interchange's element
separator and segment terminator, keeping only the current block and the unfinished segment at its end.

Errors are the ones a whole-file read gives, in the same order of precedence, so a caller streaming a file
sees the same message as one reading it at once: a file over the size limit first, then a NUL byte anywhere,
then bytes that are not UTF-8, then the first envelope or segment-syntax problem (:func:`segments`), and
only then what the reader finds in the content. Sources keep reading to the end of the file after a problem
(without keeping the text) so that a problem of higher precedence further on still wins; :meth:`drain` does
that for a caller that stops early.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterator
from typing import IO, Final

from revcycle.x12.common import X12Error

#: Bytes (or characters) read at a time.
BLOCK: Final = 1 << 20
#: A segment that cannot be split: its ID is not an X12 segment ID (checked once per distinct ID).
SEG_ID: Final = re.compile(r"^[A-Z][A-Z0-9]{1,2}$")
VISIBLE: Final = re.compile(r"[^ \t\r\n\ufeff]")
CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WS: Final = " \r\n\t"
#: Segments handed out at a time.
_BATCH: Final = 256

#: Kinds of event :func:`segments` yields.
BEGIN: Final = 0  # an interchange starts: [its ISA segment]
BODY: Final = 1  # segments of the open interchange, in order
END: Final = 2  # the interchange ends (at its IEA or at the end of the file): [its last segment]


class Segment:
    """One segment: its 1-based position in the file, the character offset where it starts, ID and elements."""

    __slots__ = ("elements", "id", "number", "offset")

    def __init__(self, number: int, offset: int, id: str, elements: list[str]) -> None:
        self.number = number
        self.offset = offset
        self.id = id
        self.elements = elements

    def get(self, i: int) -> str:
        """Element ``i`` (0 is the segment ID), or "" when the segment is shorter."""
        return self.elements[i] if i < len(self.elements) else ""

    def where(self) -> str:
        return f"segment {self.number} ({self.id}, character {self.offset})"

    def __repr__(self) -> str:
        return f"Segment({self.number}, {self.offset}, {self.id!r}, {self.elements!r})"


# --------------------------------------------------------------------------- sources


class Source:
    """Text one block at a time. ``blocks()`` is iterated once; ``drain()`` reads what is left of it."""

    def __init__(self) -> None:
        self._blocks: Iterator[str] | None = None

    def _read(self) -> Iterator[str]:  # pragma: no cover - every source defines it
        raise NotImplementedError

    def blocks(self) -> Iterator[str]:
        if self._blocks is None:
            self._blocks = self._read()
        return self._blocks

    def drain(self) -> None:
        """Read the rest of the input, raising the error a whole-file read would have raised first, if any."""
        for _ in self.blocks():
            pass


class TextSource(Source):
    """A ``str`` in memory, handed out in blocks (no checks but the size limit, as for text given directly)."""

    def __init__(self, text: str, max_chars: int | None, too_big: Callable[[int], str]) -> None:
        super().__init__()
        if max_chars is not None and len(text) > max_chars:
            raise X12Error(too_big(len(text)))
        self.text = text

    def _read(self) -> Iterator[str]:
        text = self.text
        for start in range(0, len(text), BLOCK):
            yield text[start:start + BLOCK]


def _complete(data: bytes) -> int:
    """How many leading bytes of ``data`` end on a UTF-8 character boundary (an unfinished one is held back)."""
    n = len(data)
    for back in range(1, min(4, n) + 1):
        byte = data[n - back]
        if byte & 0xC0 == 0x80:  # a continuation byte: its lead is further back
            continue
        if byte >= 0xC0:
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            if need > back:
                return n - back
        return n
    return n


class ByteSource(Source):
    """Bytes from a ``read(n)`` function (a binary file) or a bytes object, decoded as UTF-8 block by block.

    ``size`` is the total when known (a bytes object, a regular file) so the limit is checked before reading;
    otherwise bytes are counted as they come. ``too_big(size or None)`` words the size error. A text-mode
    file (``read`` returns str) is accepted as text; its limit then counts characters.
    """

    def __init__(self, read: Callable[[int], bytes | str], size: int | None, max_bytes: int | None,
                 too_big: Callable[[int | None], str]) -> None:
        super().__init__()
        if max_bytes is not None and size is not None and size > max_bytes:
            raise X12Error(too_big(size))
        self._read_fn = read
        self.max_bytes = max_bytes
        self.too_big = too_big

    @classmethod
    def of_bytes(cls, data: bytes, max_bytes: int | None, too_big: Callable[[int | None], str]) -> ByteSource:
        view = memoryview(data)
        position = 0

        def read(n: int) -> bytes:
            nonlocal position
            chunk = bytes(view[position:position + n])
            position += len(chunk)
            return chunk

        return cls(read, len(data), max_bytes, too_big)

    @classmethod
    def of_file(cls, file: IO[bytes] | IO[str], max_bytes: int | None,
                too_big: Callable[[int | None], str]) -> ByteSource:
        size: int | None = None
        try:
            if not isinstance(file, io.TextIOBase) and file.seekable():
                here = file.tell()
                size = file.seek(0, os.SEEK_END) - here
                file.seek(here)
        except (OSError, ValueError):
            size = None
        return cls(file.read, size, max_bytes, too_big)

    def _read(self) -> Iterator[str]:
        limit = self.max_bytes
        position = 0  # bytes read so far
        pending = b""  # an unfinished UTF-8 character at the end of the last block
        error: X12Error | None = None  # a NUL or not-text error: reading goes on only to look for a bigger one
        nul_found = False
        while True:
            block = self._read_fn(BLOCK)
            if not block:
                break
            if isinstance(block, str):  # a text-mode file: no decoding to do
                position += len(block)
                if limit is not None and position > limit:
                    raise X12Error(self.too_big(None))
                if error is None:
                    yield block
                continue
            start = position
            position += len(block)
            if limit is not None and position > limit:
                raise X12Error(self.too_big(None))
            if nul_found:
                continue
            nul = block.find(b"\x00")
            if nul >= 0:
                nul_found = True
                error = X12Error(f"Byte {start + nul} is a NUL (0x00): this is binary data, not an X12 text file.")
                continue
            if error is not None:
                continue
            data = pending + block
            base = start - len(pending)
            cut = _complete(data)
            try:
                text = data[:cut].decode("utf-8")
            except UnicodeDecodeError as exc:
                error = _not_text(base + exc.start, data[exc.start])
                continue
            pending = data[cut:]
            yield text
        if error is None and pending:
            try:
                pending.decode("utf-8")
            except UnicodeDecodeError as exc:
                error = _not_text(position - len(pending) + exc.start, pending[exc.start])
        if error is not None:
            raise error


def _not_text(at: int, byte: int) -> X12Error:
    return X12Error(f"Byte {at} (0x{byte:02x}) is not text: this is not an X12 file (X12 files are plain ASCII "
                    "text).")


# --------------------------------------------------------------------------- segments


class _Buffer:
    """The text not yet split: ``text`` starts at character ``base`` of the file."""

    __slots__ = ("base", "blocks", "eof", "text")

    def __init__(self, blocks: Iterator[str]) -> None:
        self.blocks = blocks
        self.text = ""
        self.base = 0
        self.eof = False

    def more(self) -> bool:
        """Append the next block; False at the end of the input."""
        if self.eof:
            return False
        for block in self.blocks:
            if block:
                self.text += block
                return True
        self.eof = True
        return False

    def grow(self) -> bool:
        """Append at least a block, and as many as the text already holds: a segment that runs on for many
        blocks is then split a few times, not once per block. False at the end of the input."""
        target = 2 * len(self.text)
        grew = self.more()
        while grew and len(self.text) < target and self.more():
            pass
        return grew

    def drop(self, n: int) -> None:
        """Forget the first ``n`` characters."""
        if n:
            self.text = self.text[n:]
            self.base += n


def _isa(buf: _Buffer, first: bool, previous_end: int) -> tuple[str, str]:
    """Check the ISA that starts the buffer; return its element separator and segment terminator."""
    text, start = buf.text, buf.base
    if not text.startswith("ISA"):
        shown = text[:20].encode("unicode_escape").decode("ascii")
        if first:
            raise X12Error(f"The file does not start with an ISA segment (it starts with '{shown}'): it is not "
                           "an X12 file, or something was added before the ISA.")
        raise X12Error(f"After the IEA at character {previous_end} there is '{shown}' instead of another ISA "
                       "segment.")
    if len(text) < 106:
        raise X12Error(f"The file is cut short inside the ISA segment at character {start}: an ISA has exactly "
                       f"106 characters and only {len(text)} are there.")
    isa_text = text[:106]
    bad = CONTROL.search(isa_text)
    if bad:
        raise X12Error(f"Character {start + bad.start()} inside the ISA segment is a control character "
                       f"(0x{ord(bad.group()):02x}): this is not an X12 text file.")
    sep = isa_text[3]
    parts = isa_text[:-1].split(sep)
    if sep.isalnum() or sep.isspace() or len(parts) != 17:
        raise X12Error(f"The ISA segment at character {start} does not have 16 elements separated by {sep!r}. "
                       "An ISA is 106 fixed-width characters; the delimiters may be wrong or the ISA damaged.")
    component, terminator = parts[16], isa_text[105]
    if len(component) != 1 or terminator.isalnum() or component == sep or terminator in (sep, component, " "):
        raise X12Error(f"The ISA segment at character {start} defines unusable delimiters (element {sep!r}, "
                       f"component {component!r}, segment terminator {terminator!r}).")
    if parts[12] != "00501":
        raise X12Error(f"ISA12 (the interchange version, in the ISA segment at character {start}) is "
                       f"{parts[12]!r}: read_835 reads version 005010 files (ISA12 '00501') only; older 004010 "
                       "remittances use a different layout.")
    return sep, terminator


def segments(blocks: Iterator[str]) -> Iterator[tuple[int, list[Segment]]]:
    """Split text blocks into segments, one interchange after another, with each ISA's delimiters.

    Yields ``(BEGIN, [isa])``, then ``(BODY, [segments...])`` as often as needed, then ``(END, [last])`` for
    each interchange. An interchange runs from its ISA to the first segment that starts ``IEA`` plus the
    element separator (and its terminator); one with no such IEA runs to the end of the file, and nothing is
    read after it. Raises X12Error for anything that cannot be split: text before the ISA, a damaged ISA,
    unusable delimiters, a control character, a segment ID that is not one, an IEA cut short, an empty file.
    """
    buf = _Buffer(blocks)
    number = 0  # segments so far, in the whole file
    interchanges = 0
    previous_end = 0
    good_ids: set[str] = set()
    pos = 0  # where to look for the next ISA, in buf.text
    while True:
        found = VISIBLE.search(buf.text, pos)
        while found is None:
            buf.drop(len(buf.text))
            if not buf.more():
                break
            found = VISIBLE.search(buf.text)
        if found is None:
            break
        buf.drop(found.start())
        while len(buf.text) < 106 and buf.more():
            pass
        sep, term = _isa(buf, interchanges == 0, previous_end)
        interchanges += 1
        iea = re.compile(re.escape(term) + r"[ \t\r\n]*IEA" + re.escape(sep))
        last: Segment | None = None
        closed_at = -1  # index in buf.text just after the closing IEA's terminator
        while True:
            text = buf.text
            keep = 0  # where the unfinished part starts (at its terminator, so an IEA after it can be matched)
            match = iea.search(text)
            if match is not None:
                close = text.find(term, match.end())
                if close >= 0:
                    end, complete, closed_at = close, True, close + 1
                elif buf.eof:
                    raise X12Error(f"The IEA segment at character {buf.base + match.end() - 4} has no segment "
                                   f"terminator {term!r} after it: the file is cut short.")
                else:
                    end, complete, keep = match.start(), True, match.start()
            else:
                end, complete = len(text), buf.eof
                if not complete:
                    keep = max(text.rfind(term), 0)
            pieces = text[:end].split(term) if end < len(text) else text.split(term)
            if not complete:
                pieces.pop()
            check_control = CONTROL.search(text, 0, end) is not None
            out: list[Segment] = []
            off = buf.base
            for raw in pieces:
                stripped = raw.strip(_WS)
                if stripped:
                    number += 1
                    seg_offset = off + raw.find(stripped[0])
                    failure: X12Error | None = None
                    bad = CONTROL.search(stripped) if check_control else None
                    if bad:
                        failure = X12Error(f"Segment {number} (character {seg_offset + bad.start()}) contains a "
                                           f"control character (0x{ord(bad.group()):02x}): the file is damaged "
                                           "or not text.")
                    elements = stripped.split(sep)
                    sid = elements[0]
                    if failure is None and sid not in good_ids:
                        if SEG_ID.match(sid):
                            good_ids.add(sid)
                        else:
                            shown = stripped[:20].encode("unicode_escape").decode("ascii")
                            failure = X12Error(
                                f"Segment {number} (character {seg_offset}) starts with '{shown}', which is not a "
                                f"segment ID: the delimiters may be wrong (this file says elements are split by "
                                f"{sep!r} and segments end with {term!r}).")
                    if failure is not None:
                        # a whole-file read looks for the interchange's IEA before it splits the segments, so an
                        # IEA cut short further on is reported first
                        _iea_cut_short(buf, iea, term)
                        raise failure
                    seg = Segment(number, seg_offset, sid, elements)
                    if last is None:
                        yield BEGIN, [seg]
                    else:
                        out.append(seg)
                        if len(out) == _BATCH:  # small batches die young: the garbage collector stays cheap
                            yield BODY, out
                            out = []
                    last = seg
                off += len(raw) + 1
            if out:
                yield BODY, out
            if closed_at >= 0 or complete and buf.eof:
                break
            buf.drop(keep)
            buf.grow()  # at the end of the file, the next pass takes what is left as complete
        assert last is not None  # the ISA is always a segment
        yield END, [last]
        if closed_at < 0:
            break  # an interchange with no IEA runs to the end of the file
        previous_end = buf.base + closed_at
        pos = closed_at
    if interchanges == 0:
        raise X12Error("The file is empty: an 835 starts with an ISA segment.")


def _iea_cut_short(buf: _Buffer, iea: re.Pattern[str], term: str) -> None:
    """Raise the 'IEA cut short' error if the open interchange's IEA has no terminator (reading ahead)."""
    while True:
        match = iea.search(buf.text)
        if match is None:
            if buf.eof:
                return
            last_term = buf.text.rfind(term)
            buf.drop(last_term if last_term >= 0 else len(buf.text))
            buf.grow()
            continue
        while buf.text.find(term, match.end()) < 0:
            if not buf.grow():
                raise X12Error(f"The IEA segment at character {buf.base + match.end() - 4} has no segment "
                               f"terminator {term!r} after it: the file is cut short.")
        return
