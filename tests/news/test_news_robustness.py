"""Bad input gives a clear FoedusError (or a warning), never a crash."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from foedus.errors import InputError
from foedus.news import ingest

ARTICLE = "Pact signed\n\nRussia and Belarus signed a mutual defence treaty in Minsk on Friday.\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("data", [b"", b"   \n\n\t  \n", codecs.BOM_UTF8])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(InputError, match="empty"):
        ingest(write(tmp_path, "empty.txt", data))


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        (b"%PDF-1.7\n" + bytes(range(256)), "PDF"),
        (b"PK\x03\x04" + bytes(100), "ZIP"),
        (bytes(range(256)) * 8, "binary"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
    ],
)
def test_binary_file(tmp_path: Path, data: bytes, what: str) -> None:
    with pytest.raises(InputError, match=what):
        ingest(write(tmp_path, "thing.txt", data))


def test_huge_file_is_capped_and_says_so(tmp_path: Path) -> None:
    filler = "Officials discussed the weather at length and said nothing about treaties.\n\n" * 2000
    path = write(tmp_path, "huge.txt", (ARTICLE + "\n" + filler).encode())
    result = ingest(path, published="2024-12-06", max_bytes=20_000)
    (warning,) = result.articles[0].warnings
    assert "only the first 20,000" in warning and f"{path.stat().st_size:,} bytes" in warning
    assert [e.kind for e in result.events] == ["signed"]
    # Text given directly is capped the same way.
    capped = ingest(ARTICLE + filler, max_bytes=20_000)
    assert "only the first 20,000" in capped.articles[0].warnings[0]


def test_a_cut_inside_a_multibyte_character_is_harmless(tmp_path: Path) -> None:
    text = ARTICLE + "Le traité, signé à Minsk, était attendu. " * 50
    data = text.encode("utf-8")
    cut = next(i for i in range(len(ARTICLE) + 5, len(data)) if data[i] >= 0x80) + 1
    result = ingest(write(tmp_path, "cut.txt", data), max_bytes=cut)
    assert result.articles[0].encoding == "utf-8"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("cp1252", b""), ("latin-1", b""), ("utf-16-le", codecs.BOM_UTF16_LE),
     ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-16-le", b""), ("utf-8", codecs.BOM_UTF8)],
)  # fmt: skip
def test_encodings(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = ARTICLE + "Le traité de défense, signé à Minsk – “historique”.\n"
    if encoding == "latin-1":
        text = text.replace("–", "-").replace("“", '"').replace("”", '"')
    path = write(tmp_path, "enc.txt", bom + text.encode(encoding))
    result = ingest(path, published="2024-12-06")
    article = result.articles[0]
    assert "défense" in article.text and [e.cows for e in result.events] == [(365, 370)]


def test_mojibake_is_repaired() -> None:
    broken = (
        "Pact\n\nRussia and Belarus signed a treaty on Friday in Minsk, Lukashenkoâ€™s aides said."
    )
    article = ingest(broken).articles[0]
    assert "Lukashenko’s" in article.text


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>x</title></head><body></body></html>",
        "<html><body><script>var a = 1;</script>"
        "<noscript>Please enable JavaScript</noscript></body></html>",
        "<!DOCTYPE html><html><body><div><div></div></div></body></html>",
    ],
)
def test_html_without_text(html: str) -> None:
    with pytest.raises(InputError, match="no article text"):
        ingest(html)


def test_only_junk_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="no article text is left"):
        ingest("Please enable JavaScript in your browser settings.\nAlready a subscriber? Log in.")


def test_not_a_string_or_path() -> None:
    with pytest.raises(InputError):
        ingest(b"bytes")  # type: ignore[arg-type]


def test_a_cyrillic_legacy_encoding_is_recognised(tmp_path: Path) -> None:
    # cp1251 bytes read as cp1252 would give "Äîãîâîð"; charset-normalizer tells them apart.
    text = "Договор о всеобъемлющем стратегическом партнерстве подписан в Москве.\n\n" * 3
    article = ingest(write(tmp_path, "ru.txt", text.encode("cp1251"))).articles[0]
    assert article.encoding == "cp1251" and "Договор" in article.text


def test_mojibake_beside_characters_cp1252_lacks_is_repaired() -> None:
    # Re-encoding the whole text as cp1252 fails on the Cyrillic; ftfy mends the stretch.
    broken = (
        "Pact\n\nRussia and Belarus signed a treaty on Friday, Lukashenkoâ€™s aides (Минск) said."
    )
    article = ingest(broken).articles[0]
    assert "Lukashenko’s" in article.text and "Минск" in article.text
