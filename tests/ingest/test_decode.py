"""Bytes to text: encodings, BOMs, binary and empty inputs, and the size limit."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tahqiq.errors import FileTooLarge, InputError
from tahqiq.ingest import MAX_FILE_BYTES, read_source
from tahqiq.ingest.decode import check_size, declared_encoding, decode_bytes, format_size, read_limited

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"
ARABIC = "قال مركز المصالحة الروسي إن مدربين أمريكيين يشكلون وحدات جديدة في الحسكة.\nوأضاف المركز أن الوحدات ستنقل جنوباً."


def test_utf8_plain_and_with_bom() -> None:
    assert decode_bytes(ARABIC.encode()).text == ARABIC
    decoded = decode_bytes(codecs.BOM_UTF8 + ARABIC.encode())
    assert (decoded.text, decoded.encoding, decoded.warnings) == (ARABIC, "utf-8-sig", ())


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(codec: str) -> None:
    data = ARABIC.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    decoded = decode_bytes(data)
    assert decoded.text == ARABIC
    assert decoded.warnings == ()


def test_windows_1256_falls_back_with_a_warning() -> None:
    decoded = decode_bytes(ARABIC.encode("cp1256"))
    assert decoded.text == ARABIC
    assert decoded.encoding == "cp1256"
    assert decoded.warnings == ("not valid UTF-8; decoded as Windows-1256 (cp1256)",)


def test_mostly_utf8_with_a_broken_byte_is_kept_as_utf8() -> None:
    data = ARABIC.encode() + b"\xff" + "نهاية".encode()
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text == ARABIC + "\ufffd" + "نهاية"
    assert decoded.warnings == ("invalid UTF-8: 1 undecodable byte(s) replaced with U+FFFD",)


def test_latin1_text_is_neither_utf8_nor_arabic() -> None:
    decoded = decode_bytes("Le café de la gare a fermé après la guerre.".encode("latin-1"))
    assert decoded.encoding == "utf-8"
    assert decoded.text.count("\ufffd") == 3
    assert "not Windows-1256" in decoded.warnings[0]


def test_line_ends_are_unified() -> None:
    assert decode_bytes("أ\r\nب\rج\n".encode()).text == "أ\nب\nج\n"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n", "empty file"),
        (codecs.BOM_UTF8, "empty file"),
        ("  \n".encode("utf-16"), "empty file"),
        (b"abc\x00def", "binary file (NUL bytes)"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "binary file (PDF)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file (PNG image)"),
        (bytes(range(1, 32)) * 20, "binary file (mostly non-text bytes)"),
        (
            codecs.BOM_UTF16_LE + b"\x00\xd8",
            "invalid UTF-16 after its byte order mark (unexpected end of data)",
        ),
    ],
)
def test_refused_inputs(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data)
    assert str(info.value) == reason


def test_size_limit_is_50_mib_and_checked_from_the_size_alone(tmp_path: Path) -> None:
    assert MAX_FILE_BYTES == 50 * 1024 * 1024
    big = tmp_path / "dump.txt"
    with big.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: no 200 MB actually written
    with pytest.raises(FileTooLarge) as info:
        read_limited(big)
    assert str(info.value) == "file is 200.0 MiB, over the 50.0 MiB limit (MAX_FILE_BYTES)"
    result = read_source(str(big))
    assert result.articles == []
    assert [s.reason for s in result.skipped] == [str(info.value)]


def test_small_limits_and_sizes() -> None:
    check_size(10, limit=10)
    with pytest.raises(FileTooLarge):
        check_size(11, limit=10)
    assert format_size(1536) == "1.5 KiB"
    assert format_size(3 * 1024 * 1024) == "3.0 MiB"


def test_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "small.txt"
    path.write_bytes(b"x" * 100)
    assert read_limited(path, limit=100) == b"x" * 100
    with pytest.raises(FileTooLarge):
        read_limited(path, limit=99)


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("cp1256.txt", "الحسكة: مخيم للاجئين في قلب الاتهامات"),
        ("utf16.txt", "دير الزور: معارك عنيفة قرب حقول النفط"),
        ("bom_utf8.txt", "الرقة: عودة الأهالي إلى الأحياء المدمرة"),
    ],
)
def test_encoded_fixture_files_read_as_arabic(name: str, title: str) -> None:
    result = read_source(str(FIXTURES / name))
    (article,) = result.articles
    assert article.title == title
    assert article.language == "ar"
    assert "\ufeff" not in article.text and "\ufffd" not in article.text
    expected = ("not valid UTF-8; decoded as Windows-1256 (cp1256)",) if name == "cp1256.txt" else ()
    assert article.warnings == expected
    assert [w.message for w in result.warnings] == list(expected)


def test_declared_charset_is_used_without_a_warning_once_utf8_fails() -> None:
    page = '<html><head><meta charset="windows-1256"></head><body><p>نص عربي</p></body></html>'
    decoded = decode_bytes(page.encode("cp1256"))
    assert (decoded.text, decoded.encoding, decoded.warnings) == (page, "cp1256", ())
    feed = '<?xml version="1.0" encoding="ISO-8859-6"?><a>نص</a>'
    assert decode_bytes(feed.encode("iso-8859-6")).text == feed
    # A stale declaration on a page that is valid UTF-8 does not garble it.
    assert decode_bytes(page.encode("utf-8")).encoding == "utf-8"
    assert declared_encoding(b'<meta charset="no-such-codec">') is None
    assert declared_encoding(b"<p>no declaration</p>") is None
