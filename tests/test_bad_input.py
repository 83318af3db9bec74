"""Bad input: each bad file is reported with its name and what to do, and the batch goes on."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from changemap.errors import ChangemapError, FrontMatterError, InputError
from changemap.ingest.read import MAX_FILE_ENV, WARNINGS, read_document
from changemap.pipeline import build_corpus, read_all
from tests.test_formats import guid, make_pdf, make_qdpx, project_sources, zip_bytes

GOOD_REGISTER = "name,kind\nMoorgate Lantern Trust,cso\nDunmore Police,public-authority\n"

INTERVIEW = """\
---
pseudonym: Participant T3
organisation: Larkspur Tenants Collective
---

# Conversation T3

Interviewer: How did the group start?

Respondent: Neighbours kept a notebook of incidents.

Interviewer: Who did you take it to?

Respondent: The housing office, at first.
"""


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def error_for(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        read_document(path, path.name)
    assert not isinstance(info.value, FrontMatterError) or path.suffix == ".md"
    return info.value


# --- empty -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["notes.md", "notes.txt", "register.csv", "t.docx", "s.pdf", "r.xlsx", "p.qdpx"])
def test_a_zero_byte_file_is_reported_as_empty(tmp_path, name):
    err = error_for(write(tmp_path, name, b""))
    assert str(err) == f"{tmp_path / name}: the file is empty (0 bytes); add its content or leave it out of the corpus"


def test_a_blank_text_file_is_reported(tmp_path):
    err = error_for(write(tmp_path, "blank.md", "\n  \n\t\n"))
    assert "blank.md: the file has no text (it is empty or only blank)" in str(err)


def test_a_utf16_file_holding_only_its_bom_is_blank(tmp_path):
    err = error_for(write(tmp_path, "bom.txt", b"\xff\xfe"))
    assert "has no text" in str(err)


# --- binary and encodings --------------------------------------------------------------------


def test_binary_data_with_a_text_extension_is_not_read_as_text(tmp_path):
    err = error_for(write(tmp_path, "notes.txt", bytes(range(256)) * 4))
    assert "notes.txt: this is not a text file (it contains NUL bytes)" in str(err)


@pytest.mark.parametrize("data, says", [
    (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF; give it the extension .pdf"),
    (b"PK\x03\x04\x14\x00\x00\x00word/document.xml", "a zip archive (a .docx, .xlsx or .qdpx file?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "an old Office file (.doc/.xls); save it as .docx"),
])
def test_a_misnamed_file_says_what_it_really_is(tmp_path, data, says):
    err = error_for(write(tmp_path, "interview.md", data))
    assert "interview.md: this is not a text file but " + says in str(err)


def test_control_characters_without_nul_are_binary(tmp_path):
    err = error_for(write(tmp_path, "data.csv", bytes([1, 2, 3, 4, 5, 6, 7, 8, 0x0e, 0x0f] * 40)))
    assert "data.csv: this is not a text file" in str(err)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be-bom", "utf-16-le"])
def test_utf16_is_decoded_like_utf8(tmp_path, encoding):
    if encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + INTERVIEW.encode("utf-16-be")
    else:
        data = INTERVIEW.encode(encoding)  # 'utf-16' writes a BOM; 'utf-16-le' does not
    plain = read_document(write(tmp_path, "plain.md", INTERVIEW), "plain.md")
    wide = read_document(write(tmp_path, "wide.md", data), "wide.md")
    assert wide.text == plain.text
    assert wide.metadata == plain.metadata
    assert [(b.kind, b.text, b.start) for b in wide.blocks] == [(b.kind, b.text, b.start) for b in plain.blocks]


def test_utf16_csv_with_bom_as_saved_by_excel(tmp_path):
    doc = read_document(write(tmp_path, "register.csv", GOOD_REGISTER.replace(",", "\t").encode("utf-16")),
                        "register.csv")
    assert doc.kind == "register"
    assert [b.row["name"] for b in doc.blocks] == ["Moorgate Lantern Trust", "Dunmore Police"]


def test_latin1_is_read_as_windows_1252_with_a_warning(tmp_path):
    text = "Réunion à Liège\n\nLes bénévoles du café ont noté 12 incidents – « trop ».\n"
    doc = read_document(write(tmp_path, "notes.txt", text.encode("cp1252")), "notes.txt")
    assert doc.text == text
    assert doc.metadata[WARNINGS] == ["the file is not UTF-8; it was read as Windows-1252 (Western European). "
                                      "If accented letters look wrong, save it as UTF-8 and rebuild"]
    utf8 = read_document(write(tmp_path, "utf8.txt", text), "utf8.txt")
    assert WARNINGS not in utf8.metadata


def test_latin1_csv_is_read_with_a_warning(tmp_path):
    doc = read_document(write(tmp_path, "register.csv", "name,kind\nCafé Solidarité,cso\n".encode("latin-1")),
                        "register.csv")
    assert doc.blocks[0].row["name"] == "Café Solidarité"
    assert WARNINGS in doc.metadata


# --- size cap --------------------------------------------------------------------------------


def test_a_file_over_the_size_cap_says_the_limit_and_how_to_raise_it(tmp_path, monkeypatch):
    path = write(tmp_path, "big.md", "# Notes\n\n" + "word " * 60_000)
    monkeypatch.setenv(MAX_FILE_ENV, "0.25")
    err = error_for(path)
    assert str(err) == (f"{path}: the file is 0.3 MB, over the 0.2 MB limit for one input; "
                        f"split it, or raise the limit with {MAX_FILE_ENV}=<megabytes>")
    monkeypatch.setenv(MAX_FILE_ENV, "1")
    assert read_document(path, "big.md").title == "Notes"


def test_the_default_cap_is_50_mb(monkeypatch):
    from changemap.ingest.read import MAX_FILE_MB, max_file_bytes

    monkeypatch.delenv(MAX_FILE_ENV, raising=False)
    assert MAX_FILE_MB == 50 and max_file_bytes() == 50 * 1024 * 1024


def test_a_bad_size_setting_is_an_error_that_names_the_variable(tmp_path, monkeypatch):
    monkeypatch.setenv(MAX_FILE_ENV, "fifty")
    with pytest.raises(ChangemapError, match=rf"{MAX_FILE_ENV}='fifty' is not a size; set it to a number"):
        read_document(write(tmp_path, "a.md", "x\n"), "a.md")


def test_a_member_of_a_project_over_the_cap_is_refused(tmp_path, monkeypatch):
    path = write(tmp_path, "p.qdpx", make_qdpx([{"name": "Long", "text": "word " * 100_000}]))
    monkeypatch.setenv(MAX_FILE_ENV, "0.1")
    assert path.stat().st_size < 0.1 * 1024 * 1024  # the archive itself is small
    assert f"'sources/{guid(100)}.txt' inside the project unpacks to 0.5 MB, over the 0.1 MB limit" in str(
        error_for(path))


# --- malformed CSV ---------------------------------------------------------------------------


def test_csv_row_with_more_cells_than_the_header_names_the_line(tmp_path):
    err = error_for(write(tmp_path, "register.csv", "name,kind\nA Trust,cso\nB Trust, Ltd,private\n"))
    assert err.line == 3 and "row has 3 cells but the header has 2" in str(err)


def test_csv_quote_left_open_at_the_end_names_the_line_it_opened_on(tmp_path):
    err = error_for(write(tmp_path, "register.csv",
                          'name,kind,notes\nA Trust,cso,fine\nB Trust,cso,"runs a helpline\nand a café\n'))
    assert str(err) == (f"{tmp_path / 'register.csv'}:3: a quoted cell opened on this line is never closed; "
                        'add the closing quote (") or remove the stray one')


def test_csv_text_after_a_closing_quote_is_not_lost_silently(tmp_path):
    err = error_for(write(tmp_path, "register.csv", 'name,kind\n"A Trust" Ltd,cso\n'))
    assert err.line == 2
    assert "cell 1 has text after its closing quote ('Ltd')" in str(err)


def test_csv_space_after_a_closing_quote_is_fine(tmp_path):
    doc = read_document(write(tmp_path, "register.csv", 'name,kind\n"A Trust" ,cso\n'), "register.csv")
    assert doc.blocks[0].row["name"] == "A Trust"


# --- broken YAML front matter ----------------------------------------------------------------


def test_broken_front_matter_names_file_and_line(tmp_path):
    with pytest.raises(FrontMatterError) as info:
        read_document(write(tmp_path, "t.md", "---\npseudonym: P1\norganisation: [Fenwick\n---\nBody.\n"), "t.md")
    assert "t.md:" in str(info.value) and "front matter is not valid YAML" in str(info.value)


# --- corrupt documents -----------------------------------------------------------------------


@pytest.mark.parametrize("name, data, says", [
    ("a.docx", b"this is not a zip", "is not a Word .docx file (not a zip package); open it in Word and save it"),
    ("b.docx", zip_bytes({"hello.txt": b"hi"}), "cannot be read as a Word .docx file (KeyError"),
    ("c.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old Word 97-2003 (.doc) file"),
    ("d.pdf", b"Hello, I am not a PDF at all.", "is not a PDF file (no %PDF header)"),
    ("e.pdf", make_pdf([["Hello"]])[:120], "cannot be read as a PDF"),
    ("f.xlsx", b"PK\x03\x04 broken", "cannot be read as an Excel workbook"),
    ("g.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old Excel 97-2003 (.xls) file"),
    ("h.qdpx", b"not a zip", "is not a REFI-QDA project: a .qdpx file is a zip archive and this is not one"),
    ("i.qdpx", zip_bytes({"sources/x.txt": b"text"}), "is a zip archive without project.qde"),
    ("j.qdpx", zip_bytes({"project.qde": b"<Project xmlns='urn:QDA-XML:project:1.0'><Sources>"}),
     "its project.qde is not well-formed XML (no element found: line 1, column 50)"),
    ("k.qdpx", zip_bytes({"project.qde": b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'/>"}),
     "holds <CodeBook>, not a REFI-QDA <Project>"),
])
def test_corrupt_files_are_input_errors_with_the_reason(tmp_path, name, data, says):
    err = error_for(write(tmp_path, name, data))
    assert str(err).startswith(str(tmp_path / name))
    assert says in str(err)


def test_qdpx_whose_source_file_is_missing(tmp_path):
    good = make_qdpx(project_sources())
    import io
    import zipfile

    members = {}
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        for n in z.namelist():
            if not n.startswith("sources/"):
                members[n] = z.read(n)
    path = write(tmp_path, "p.qdpx", zip_bytes(members))
    assert "source 'Interview A' names internal://" in str(error_for(path))


def test_qdpx_with_an_external_source_says_to_embed_it(tmp_path):
    data = zip_bytes({"project.qde": (
        b"<Project xmlns='urn:QDA-XML:project:1.0' name='x'><Sources>"
        b"<TextSource guid='00000000-0000-4000-8000-000000000001' name='Far' plainTextPath='relative://far.txt'/>"
        b"</Sources></Project>")})
    err = error_for(write(tmp_path, "p.qdpx", data))
    assert "p.qdpx#Far: the source's text is not inside the project (relative://far.txt)" in str(err)


def test_qdpx_broken_mapping_names_the_mapping_file_and_line(tmp_path):
    path = write(tmp_path, "p.qdpx", make_qdpx(project_sources()))
    write(tmp_path, "p.mapping.yaml", "codes:\n  Training: {type: mode\n  Other: x\n")
    docs, problems = read_all([path])
    assert docs == []
    assert len(problems) == 1  # one problem for the project, not one per source
    assert f"{tmp_path / 'p.mapping.yaml'}:" in problems[0].message
    assert "the code mapping is not valid YAML" in problems[0].message


# --- a batch with one of each ----------------------------------------------------------------

BAD = {
    "empty.md": b"",
    "binary.txt": bytes(range(256)) * 8,
    "ragged.csv": "name,kind\nA Trust,cso\nB Trust, Ltd,private\n",
    "open-quote.csv": 'name,kind\nA Trust,"cso\n',
    "front.md": "---\npseudonym: P1\norganisation: [Fenwick\n---\nBody.\n",
    "broken.docx": b"PK\x03\x04 not really a zip",
    "scan.pdf": make_pdf([[]]),
    "torn.pdf": make_pdf([["Hello"]])[:150],
    "broken.qdpx": zip_bytes({"project.qde": b"<Project><Sources>"}),
    "broken.xlsx": b"not a workbook",
}
REASONS = {
    "empty.md": "the file is empty (0 bytes)",
    "binary.txt": "this is not a text file",
    "ragged.csv": "row has 3 cells but the header has 2",
    "open-quote.csv": "a quoted cell opened on this line is never closed",
    "front.md": "front matter is not valid YAML",
    "broken.docx": "cannot be read as a Word .docx file (BadZipFile",
    "scan.pdf": "the PDF has no text layer",
    "torn.pdf": "cannot be read as a PDF",
    "broken.qdpx": "not well-formed XML",
    "broken.xlsx": "cannot be read as an Excel workbook",
}


def bad_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    for name, data in BAD.items():
        write(corpus, name, data)
    write(corpus, "big.md", "# Big\n\n" + "word " * 60_000)
    write(corpus, "latin.txt", "Réunion au café\n\nNous avons noté des incidents.\n".encode("cp1252"))
    write(corpus, "register.csv", GOOD_REGISTER)
    write(corpus, "t3.md", INTERVIEW)
    return corpus


def test_a_batch_with_bad_files_builds_the_good_ones_and_lists_each_bad_one(tmp_path, monkeypatch):
    monkeypatch.setenv(MAX_FILE_ENV, "0.25")
    result = build_corpus([bad_corpus(tmp_path)], tmp_path / "out", outputs=False)
    assert sorted(d.key for d in result.documents) == ["corpus/latin.txt", "corpus/register.csv", "corpus/t3.md"]
    assert {"Moorgate Lantern Trust", "Dunmore Police"} <= {s.name for s in result.extraction.stakeholders}
    by_file = {p.path: p.message for p in result.problems if p.severity == "error"}
    for name, reason in {**REASONS, "big.md": "over the 0.2 MB limit"}.items():
        message = by_file.get(f"corpus/{name}")
        assert message is not None, f"{name} not reported; problems: {by_file}"
        assert name in message and reason in message, message
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_the_console_lists_each_bad_file_and_the_build_still_succeeds(tmp_path):
    from changemap.cli import cli

    corpus = bad_corpus(tmp_path)
    (corpus / "big.md").unlink()
    result = CliRunner().invoke(cli, ["build", str(corpus), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    for name, reason in REASONS.items():
        assert any(name in line and reason in line for line in result.stderr.splitlines()), (name, result.stderr)
