"""A big CSV read a chunk at a time reads as the whole text did: lines, encodings, limits."""

from __future__ import annotations

import codecs
import os
import random

import pytest

from leadtui.db.models import Lead
from leadtui.interop import sniff
from leadtui.interop.csvfile import text_lines
from leadtui.interop.importer import prepare, run_import
from leadtui.interop.sniff import BadFile, read_file


def _whole(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").splitlines(keepends=True)


@pytest.mark.parametrize("seed", range(20))
def test_lines_cut_anywhere_read_as_the_whole_text(seed):
    rnd = random.Random(seed)
    pieces = ["Name,Notes", "\r\n", "\n", "\r", '"a\r\nb"', "Åsa", "\u2028", "\x0c", "x" * 7, ","]
    text = "".join(rnd.choice(pieces) for _ in range(300))
    cuts = sorted(rnd.sample(range(1, len(text)), 40))
    chunks = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    assert list(text_lines(chunks)) == _whole(text)
    assert "".join(text_lines(["", text[:1], "", text[1:]])) == "".join(_whole(text))


def test_a_carriage_return_ending_a_chunk_is_one_line_end_with_the_next_chunk_s_newline():
    assert list(text_lines(["a\r", "\nb\r", "", "\nc\r"])) == ["a\n", "b\n", "c\n"]


def _big_csv(rows: int, encoding: str, name: str = "Юлия Соколова", bom: bytes = b"") -> bytes:
    lines = ["Имя;Эл. почта;Компания"] + [f"{name} {i};u{i}@firma.ru;ООО Ромашка {i}"
                                             for i in range(rows)]
    return bom + ("\r\n".join(lines) + "\r\n").encode(encoding)


@pytest.mark.parametrize("encoding", ["cp1251", "utf-16", "utf-8"])
def test_a_big_file_is_read_in_chunks_in_its_encoding(ctx, tmp_path, monkeypatch, encoding):
    monkeypatch.setattr(sniff, "CHUNK_BYTES", 4096)  # many chunks, cut inside characters
    data = _big_csv(9000, encoding)
    assert len(data) > sniff.PREFIX_BYTES
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    opened = read_file(path)
    assert (opened.kind, opened.text) == ("csv", "")
    assert opened.encoding == {"utf-16": "utf-16"}.get(encoding, encoding)
    report = run_import(ctx, prepare(ctx, str(path)))
    assert len(report.created) == 9000 and not report.failed
    assert Lead.get(Lead.email == "u8999@firma.ru").company == "ООО Ромашка 8999"


def test_a_big_file_whose_utf8_breaks_late_is_read_as_its_legacy_encoding(ctx, tmp_path):
    text = "Name,Email,Company\n" + "".join(f"Anna {i},a{i}@x.fi,Oy {i}\n" for i in range(20000))
    data = text.encode() + "Jörg Müller,jm@x.de,Müller GmbH\n".encode("cp1252")
    path = tmp_path / "late.csv"
    path.write_bytes(data)
    assert read_file(path).encoding == "cp1252"
    run_import(ctx, prepare(ctx, str(path)))
    assert Lead.get(Lead.email == "jm@x.de").name == "Jörg Müller"


def test_a_big_file_with_a_utf8_mark_and_a_bad_byte_says_where(tmp_path):
    text = "Name,Email\n" + "".join(f"Anna {i},a{i}@x.fi\n" for i in range(20000))
    data = codecs.BOM_UTF8 + text.encode() + b"Bad \xff,b@x.fi\n"
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    where = data.index(b"\xff")  # counted in the file, the mark included, as for a small file
    with pytest.raises(BadFile, match=f"starts with a UTF-8 mark but byte {where} is not UTF-8"):
        read_file(path)
    path.write_bytes(codecs.BOM_UTF8 + b"Name,Email\nBad \xff,b@x.fi\n")
    with pytest.raises(BadFile, match="starts with a UTF-8 mark but byte 18 is not UTF-8"):
        read_file(path)


def test_a_long_line_deep_in_a_big_file_is_refused_with_its_number(tmp_path):
    text = "Name,Email\n" + "".join(f"Anna {i},a{i}@x.fi\n" for i in range(20000))
    path = tmp_path / "long.csv"
    path.write_text(text + "x" * (sniff.MAX_LINE_CHARS + 5) + "\nlast,l@x.fi\n", encoding="utf-8")
    with pytest.raises(BadFile, match=f"line 20002 is {sniff.MAX_LINE_CHARS + 5:,} characters long"):
        read_file(path)


def test_a_file_changed_after_it_was_read_is_not_imported(ctx, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("Name,Email\nAnna,a@x.fi\n", encoding="utf-8")
    prepared = prepare(ctx, str(path))
    path.write_text("Name,Email\nBerit,b@x.fi\nCarl,c@x.fi\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))
    with pytest.raises(BadFile, match="changed since it was read: read it again"):
        run_import(ctx, prepared)
    assert Lead.select().count() == 0
