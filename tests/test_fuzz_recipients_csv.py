"""The recipient directory's CSV import, fuzzed: whatever file a clerk picks, it is read as the
directory it is (any encoding or separator Excel saves) or refused with one sentence that names
the file, and the line where the line is to blame."""

from __future__ import annotations

import csv
import io
import os
import re

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from scanstation.recipients import ID_RE, DirectoryError, parse_directory, read_directory

ids = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True)
printable = st.characters(exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")) | st.just(" ")
names = st.text(printable, min_size=1, max_size=60).map(str.strip).filter(bool)
keywords = st.lists(st.text(printable, min_size=1, max_size=12).map(lambda k: k.replace(";", "").strip()).filter(bool),
                    max_size=4).map(";".join)
rows = st.lists(st.tuples(ids, names, keywords), min_size=1, max_size=8, unique_by=lambda row: row[0])


def _csv(table: list[tuple[str, str, str]], delimiter: str, newline: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    writer.writerow(["id", "name", "keywords"])
    writer.writerows(table)
    return out.getvalue()


@settings(max_examples=50)
@given(rows, st.sampled_from([",", ";", "\t"]), st.sampled_from(["\n", "\r\n"]),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_a_directory_saved_any_way_excel_saves_it_reads_back_the_same(tmp_path_factory, table, delimiter, newline,
                                                                      encoding):
    text = _csv(table, delimiter, newline)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:  # not every name has a Windows-1252 spelling
        data = text.encode("utf-8")
    try:  # "Â¡" in Windows-1252 is the bytes of "¡" in UTF-8: no reader can tell, UTF-8 wins
        assume(data.decode("utf-8-sig") == text or encoding != "cp1252")
    except UnicodeDecodeError:
        pass
    path = tmp_path_factory.mktemp("csv") / "modtagere.csv"
    path.write_bytes(data)
    read = read_directory(path)
    assert [(r.id, r.name, r.keywords) for r in read] == table


@given(st.binary(max_size=2000))
@example(b"id,name\n" + b"a," + b"x" * 200_000 + b"\n")
@example(b"id,name\na,\x00b\n")
@example(b"id,name\n\"a,b\n")
@example(b"\xff\xfei\x00d\x00")
@example(b"id;name\r\n;;\r\nsocial;Social\r\n;;\r\n")
def test_any_file_is_a_directory_or_one_clear_refusal(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("csv") / "modtagere.csv"
    path.write_bytes(data)
    _check(path, lambda: read_directory(path))


@given(st.text(max_size=1000) | st.lists(st.sampled_from(["id", "name", "keywords", ",", ";", "\t", '"', "\n", "\r",
                                                         "a", "b", "Å", " ", "\x00", "\u2028"]), max_size=40).map("".join))
def test_any_text_is_a_directory_or_one_clear_refusal(text):
    _check("recipients.csv", lambda: parse_directory(text))


def _check(source, read) -> None:
    try:
        directory = read()
    except DirectoryError as exc:
        message = str(exc)
        assert message.startswith(f"{source}:") or message.startswith(f"{source} line ")
        assert "\n" not in message and len(message) < 400
        return
    assert directory and len({r.id for r in directory}) == len(directory)
    for r in directory:
        assert ID_RE.match(r.id) and r.name.isprintable() and r.keywords.isprintable() and r.name == r.name.strip()


@settings(max_examples=50)
@given(rows, st.integers(0, 7), st.sampled_from(["", "Bad Id", "x" * 65, "-a"]))
def test_a_bad_row_is_refused_with_its_line_number(table, at, bad_id):
    at %= len(table)
    table = list(table)
    table[at] = (bad_id, table[at][1], table[at][2])
    text = _csv(table, ",", "\r\n").replace("\r\n", "\r\n\r\n", 1)  # a blank line after the header
    with pytest.raises(DirectoryError, match=rf"line {at + 3}: (id|the name)"):
        parse_directory(text)


def test_a_danish_excel_file_with_semicolons_in_windows_1252_is_read(tmp_path):
    # Regression: Excel's "CSV (semikolonsepareret)" was refused ("the first line must be the
    # header") and a Windows-1252 file failed with a Python codec message.
    path = tmp_path / "modtagere.csv"
    path.write_bytes("id;name;keywords\r\nboern-unge;Børn og Unge;\"skole;dagtilbud\"\r\n;;\r\n".encode("cp1252"))
    [team] = read_directory(path)
    assert (team.id, team.name, team.keywords) == ("boern-unge", "Børn og Unge", "skole;dagtilbud")


def test_a_huge_field_names_the_line_instead_of_crashing(tmp_path):
    # Regression: csv.Error "field larger than field limit" escaped as a traceback.
    with pytest.raises(DirectoryError, match="line 3: cannot be read as CSV"):
        parse_directory("id,name\nsocial,Social\nbig," + "x" * 200_000 + "\n")


def test_duplicate_ids_and_control_characters_are_refused_with_the_line():
    with pytest.raises(DirectoryError, match="line 3: id 'social' appears twice"):
        parse_directory("id,name\nsocial,Social\nSOCIAL,Social 2\n")
    with pytest.raises(DirectoryError, match="line 2: the name has a line break"):
        parse_directory('id,name\nsocial,"Social\nog sundhed"\n')


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "modtagere.csv"
    os.mkfifo(fifo)
    with pytest.raises(DirectoryError, match="is not a file"):
        read_directory(fifo)


def test_an_id_that_only_lowercases_to_ascii_is_refused():
    with pytest.raises(DirectoryError, match=re.escape("id '\u212a'")):
        parse_directory("id,name\n\u212a,Kelvin\n")
