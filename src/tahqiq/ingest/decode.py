"""Bytes to text: size limit, binary detection and the encodings Arabic news files come in.

Scraped Arabic text arrives as UTF-8, UTF-8 with a BOM, UTF-16 from Windows tools, or the
legacy Windows code page 1256. Each input is decoded once here so every format reader sees
a clean ``str`` with ``\\n`` line ends, and every fallback leaves a warning instead of mojibake
passing silently into the store.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

import regex

from tahqiq.errors import FileTooLarge, InputError

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Largest input read, in bytes (50 MiB). Bigger files are refused from their size alone, before
any byte is read, so a stray dump or video in a folder cannot exhaust memory."""

# Leading bytes of common binary formats that may sit in a news folder, with a name for the skip reason.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x7fELF", "executable"),
)
# (BOM, codec): UTF-32 first, since its little-endian BOM starts with the UTF-16 one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 8192
_DECLARATION_WINDOW = 2048
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.I)
_CONTROL_BYTES = bytes(sorted(set(range(32)) - {9, 10, 12, 13} | {127}))
_ARABIC_LETTER = regex.compile(r"[\u0621-\u064A\u0671-\u06D3]")
_NON_ASCII_LETTER = regex.compile(r"[^\x00-\x7F\P{L}]")


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the codec that worked, and warnings about any fallback."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def format_size(size: int) -> str:
    """A byte count as MiB or KiB for one-line messages."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB"
    return f"{size / 1024:.1f} KiB"


def check_size(size: int, limit: int = MAX_FILE_BYTES) -> None:
    """Raise :class:`FileTooLarge` when ``size`` bytes is over ``limit``."""
    if size > limit:
        raise FileTooLarge(
            f"file is {format_size(size)}, over the {format_size(limit)} limit (MAX_FILE_BYTES)"
        )


def read_limited(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read ``path`` whole, refusing it from its size before reading when it is over ``limit``."""
    check_size(path.stat().st_size, limit)
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    check_size(len(data), limit)  # the file may have grown since stat
    return data


def decode_bytes(data: bytes) -> Decoded:
    """Decode one input, or raise :class:`InputError` when it is empty or binary.

    Tried in turn: a byte order mark, UTF-8, the charset an HTML/XML head declares, Windows-1256
    when the result reads as Arabic, and UTF-8 with replacement characters. Only the last two warn.
    """
    if not data.strip():
        raise InputError("empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _finish(data.decode(codec), codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"invalid {codec.upper()} after its byte order mark ({exc.reason})"
                ) from None
    refuse_binary(data)
    try:
        return _finish(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_encoding(data)
    if declared is not None:
        try:
            return _finish(data.decode(declared), declared)
        except UnicodeDecodeError:
            pass
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    if len(_NON_ASCII_LETTER.findall(loose)) >= 4 * bad:
        # Mostly valid UTF-8 with a few broken bytes (a truncated scrape): keep UTF-8.
        return _finish(loose, "utf-8", f"invalid UTF-8: {bad} undecodable byte(s) replaced with U+FFFD")
    legacy = data.decode("cp1256", errors="replace")
    if _looks_arabic(legacy):
        return _finish(legacy, "cp1256", "not valid UTF-8; decoded as Windows-1256 (cp1256)")
    return _finish(loose, "utf-8", f"invalid UTF-8 and not Windows-1256: {bad} byte(s) replaced with U+FFFD")


def declared_encoding(data: bytes) -> str | None:
    """The codec an HTML or XML head declares (``<meta charset>``, ``<?xml encoding?>``), if Python has it.

    Only consulted once UTF-8 has failed: pages converted to UTF-8 often keep a stale
    windows-1256 declaration, and valid UTF-8 is the stronger evidence.
    """
    match = _DECLARED.search(data[:_DECLARATION_WINDOW])
    if match is None:
        return None
    name = match.group(1).decode("ascii").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return None if codec.startswith(("utf-16", "utf-32")) else codec


def _finish(text: str, encoding: str, *warnings: str) -> Decoded:
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("empty file")
    return Decoded(text, encoding, tuple(warnings))


def refuse_binary(data: bytes) -> None:
    """Raise when ``data`` is a known binary format, holds NUL bytes, or is mostly control bytes."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary file ({name})")
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        raise InputError("binary file (NUL bytes)")
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > 0.05 * len(sample):
        raise InputError("binary file (mostly non-text bytes)")


def _looks_arabic(text: str) -> bool:
    """Whether a Windows-1256 reading is plausible: its non-ASCII letters are nearly all Arabic.

    UTF-8 Arabic misread as cp1256 alternates ط/ظ with symbols, so those two letters dominating
    also rules the reading out.
    """
    sample = text[: _SAMPLE * 2]
    letters = _NON_ASCII_LETTER.findall(sample)
    if not letters:
        return False
    arabic = [c for c in letters if _ARABIC_LETTER.match(c)]
    if len(arabic) < 0.8 * len(letters):
        return False
    ta_za = sum(1 for c in arabic if c in "طظ")
    return ta_za < 0.3 * len(arabic)
