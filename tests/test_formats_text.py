"""Plain text and the format registry: encodings, line endings and bad input, on real files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from safename.findings import Finding
from safename.formats import (
    InputError,
    TextDocument,
    format_for,
    is_supported,
    load_document,
)
from safename.formats.base import append_footnote, splice

DATA = Path(__file__).parent / "data"
FOOTNOTE = "*Lucy is a pseudonym used to protect the identity of the migrant."


def fake(view: str, replacements: dict[str, str]) -> list[Finding]:
    """Findings for every occurrence of the given names, as the engine would return them."""
    pattern = "|".join(re.escape(k) for k in sorted(replacements, key=len, reverse=True))
    return [
        Finding(m.start(), m.end(), m.group(), "PERSON", 0.9, "test", "pseudonymize", "test",
                replacement=replacements[m.group()])
        for m in re.finditer(pattern, view)
    ]  # fmt: skip


def test_cp1252_crlf_and_missing_trailing_newline_survive():
    doc = load_document(DATA / "story_cp1252.txt")
    assert isinstance(doc, TextDocument)
    assert doc.decoded.encoding == "cp1252" and doc.decoded.newline == "\r\n"
    assert "Aminata Traoré" in doc.view and "\r" not in doc.view
    out = doc.render(fake(doc.view, {"Aminata Traoré": "Lucy Koné*", "Aminata": "Lucy"}), FOOTNOTE)
    original = (DATA / "story_cp1252.txt").read_bytes()
    assert out.data.decode("cp1252").count("\r\n") == original.count(b"\r\n") + 2  # footnote
    assert b"\n" not in out.data.replace(b"\r\n", b"")
    assert not out.data.endswith(b"\r\n")  # the input had no final newline
    assert "Lucy Koné*, 24" in out.data.decode("cp1252")
    assert "\x93It was hard,\x94".encode("latin-1") in out.data  # cp1252 quotes untouched


def test_utf8_bom_is_kept():
    doc = load_document(DATA / "story_bom.txt")
    assert doc.decoded.encoding == "utf-8-sig"
    out = doc.render(fake(doc.view, {"Aminata Traoré": "Lucy Koné*", "Aminata": "Lucy"}), None)
    assert out.data.startswith(b"\xef\xbb\xbf")
    assert out.data.endswith(b"small shop.\n")
    assert "Aminata" not in out.data.decode("utf-8-sig")


def test_no_findings_gives_identical_bytes():
    doc = load_document(DATA / "story_cp1252.txt")
    assert doc.render([], None).data == (DATA / "story_cp1252.txt").read_bytes()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("photo.png", "binary file"),
        ("undecodable.txt", "cannot decode"),
        ("corrupt.docx", "not a valid .docx"),
        ("bad_xml.docx", "not well-formed XML"),
        ("missing.md", "no such file"),
    ],
)
def test_bad_input_is_one_clear_line(name: str, message: str):
    with pytest.raises(InputError) as info:
        load_document(DATA / name)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_size_limit_and_folders(tmp_path: Path):
    with pytest.raises(InputError, match="too large"):
        load_document(DATA / "story.md", max_bytes=100)
    with pytest.raises(InputError, match="is a directory"):
        load_document(tmp_path)


def test_format_by_extension_and_override():
    assert format_for(Path("a.md")) == "markdown"
    assert format_for(Path("a.HTM")) == "html"
    assert format_for(Path("a.docx")) == "docx"
    assert format_for(Path("notes")) == "text"
    assert format_for(Path("a.txt"), "markdown") == "markdown"
    with pytest.raises(InputError, match="save it as .docx"):
        format_for(Path("old.doc"))
    assert load_document(DATA / "story.md", fmt="text").format_name == "text"
    assert is_supported(Path("x/story.md"))
    assert not is_supported(Path("x/story.redacted.md"))
    assert not is_supported(Path("x/photo.png"))


def test_splice_and_footnote_helpers():
    assert splice("abc def", [(4, 7, "X"), (0, 1, "Y")]) == "Ybc X"
    with pytest.raises(ValueError):
        splice("abcdef", [(0, 3, "x"), (2, 4, "y")])
    assert append_footnote("a\n", "*b") == "a\n\n*b\n"
    assert append_footnote("a", "*b") == "a\n\n*b"
    assert append_footnote("a\n", None) == "a\n"


def test_a_name_wrapped_across_lines_is_replaced_once(runner, tmp_path):
    from safename.cli.main import cli

    story = tmp_path / "wrap.txt"
    story.write_text(
        "The workshop was led by Mariam\nKonaté, who returned in March. Mariam Konaté, 24, sews.\n",
        encoding="utf-8",
    )
    out = runner.invoke(cli, ["redact", str(story), "-o", "-"]).stdout
    body = out.split("\n\n")[0]
    assert "Mariam" not in out and "Konaté" not in out
    # One pseudonym where the wrapped name stood: its line break kept, nothing duplicated.
    assert body.count("*") == 1
    assert len(body.splitlines()) == 2


# -- encodings decided per file, from evidence, and never changed on output (issue 13 item 5) --


def test_one_stray_latin1_byte_keeps_a_utf8_file_utf8(runner, tmp_path):
    from safename.cli.main import cli

    data = (
        "Aminata Traoré, 24, returned to Guinea. Moussa Diallo runs a café".encode() + b" \xe9.\n"
    )
    story = tmp_path / "stray.txt"
    story.write_bytes(data)
    doc = load_document(story)
    assert doc.decoded.encoding == "utf-8" and doc.decoded.stray_bytes == 1
    assert "Aminata Traoré" in doc.view  # not "TraorÃ©"
    assert doc.render([], None).data == data
    result = runner.invoke(cli, ["redact", str(story), "-o", "-"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout_bytes
    assert b"Traor" not in out and b"Aminata" not in out
    assert "café".encode() in out and b" \xe9." in out  # UTF-8 stays UTF-8, the stray byte too
    assert f"{story}: warning: 1 byte not valid UTF-8" in result.stderr
    check = runner.invoke(cli, ["check", str(story)])
    assert 'PERSON "Aminata Traoré"' in check.stdout


def test_a_cp1252_file_with_many_accents_is_still_cp1252():
    data = "Aïssata Koné et Aminata Traoré sont rentrées à Bamako.\n".encode("cp1252")
    decoded = TextDocument.from_bytes(Path("x.txt"), data).decoded
    assert decoded.encoding == "cp1252" and "Aïssata Koné" in decoded.text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-16-le"])
def test_utf16_and_utf32_are_read_and_written_back_in_kind(codec: str, runner, tmp_path):
    from safename.cli.main import cli

    text = "Aminata Traoré, 24, returned to Guinea.\r\nShe sews.\r\n"
    bom = {"utf-16-be": "\ufeff"}.get(codec, "")  # utf-16/utf-32 write their own BOM
    data = (bom + text).encode(codec)
    story = tmp_path / "unicode.txt"
    story.write_bytes(data)
    doc = load_document(story)
    assert doc.view.startswith("Aminata Traoré, 24")
    assert doc.render([], None).data == data
    result = runner.invoke(cli, ["redact", str(story), "-o", "-"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout_bytes
    decoded = load_document(story).decoded
    assert decoded.encoding.startswith(codec[:6])
    assert out.startswith(decoded.bom) and len(decoded.bom) == (
        0 if codec == "utf-16-le" else 2 + 2 * (codec == "utf-32")
    )
    redacted = out[len(decoded.bom) :].decode(decoded.encoding)
    assert "Aminata" not in redacted and "She sews.\r\n" in redacted


def test_mixed_line_endings_survive_a_redaction():
    data = b"Aminata Traor\xc3\xa9 said.\r\nLine two\nline three.\r\nend"
    doc = TextDocument.from_bytes(Path("mixed.txt"), data)
    out = doc.render(fake(doc.view, {"Aminata Traoré": "Lucy Koné*"}), FOOTNOTE).data
    assert out.startswith("Lucy Koné* said.\r\nLine two\nline three.\r\nend".encode())
    assert doc.render([], None).data == data
