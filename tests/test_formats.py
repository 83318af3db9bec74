"""Readers for .docx, .pdf, .xlsx and REFI-QDA .qdpx files.

Every test document is made here: Word files with python-docx, workbooks
with openpyxl, PDFs by hand (a content stream drawing text lines) and
REFI-QDA projects as a zip of project.qde XML and plain-text sources.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import docx
import openpyxl
import pytest

from changemap.errors import InputError
from changemap.ingest.qdpx import concept_for, load_mapping
from changemap.ingest.read import discover, read_document, read_documents
from changemap.model import Document

# --- makers ----------------------------------------------------------------------------------


def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose page *i* draws ``pages[i]`` as text lines; an empty list draws only a rectangle."""
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i, lines in enumerate(pages):
        if lines:
            shown = ["(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"
                     for ln in lines]
            ops = ["BT /F1 12 Tf 14 TL 72 720 Td", *shown, "ET"]
        else:
            ops = ["0 0 1 rg 72 72 200 200 re f"]  # a picture, no text
        stream = "\n".join(ops).encode("latin-1")
        objects.append(("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                        f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>").encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def guid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


CODES = {
    # guid number: (name, parent guid number or None)
    1: ("Engagement", None),
    2: ("Training", 1),
    3: ("Data sharing", 1),
    4: ("Actors", None),
    5: ("Dunmore Police", 4),
    6: ("Good practice", None),
}


def _codes_xml(parent: int | None = None) -> str:
    out = []
    for n, (name, up) in CODES.items():
        if up == parent:
            out.append(f'<Code guid="{guid(n)}" name={quoteattr(name)} isCodable="true">{_codes_xml(n)}</Code>')
    return "".join(out)


def make_qdpx(sources: list[dict], *, extra_files: dict[str, bytes] | None = None) -> bytes:
    """A REFI-QDA project: each source is {name, text | content, selections: [(start, end, [code n])],
    variables: {name: value}, encoding}."""
    variables = sorted({v for s in sources for v in s.get("variables", {})})
    var_guid = {v: guid(500 + i) for i, v in enumerate(variables)}
    files: dict[str, bytes] = {}
    xml_sources = []
    for i, src in enumerate(sources):
        sguid = guid(100 + i)
        sels = "".join(
            f'<PlainTextSelection guid="{guid(1000 + 10 * i + j)}" startPosition="{s}" endPosition="{e}">'
            + "".join(f'<Coding guid="{guid(5000 + 100 * i + 10 * j + k)}"><CodeRef targetGUID="{guid(c)}"/></Coding>'
                      for k, c in enumerate(codes))
            + "</PlainTextSelection>"
            for j, (s, e, codes) in enumerate(src.get("selections", [])))
        values = "".join(f'<VariableValue><VariableRef targetGUID="{var_guid[k]}"/><TextValue>{escape(v)}</TextValue>'
                         "</VariableValue>" for k, v in src.get("variables", {}).items())
        if "content" in src:
            body = f"<PlainTextContent>{escape(src['content'])}</PlainTextContent>"
            attrs = ""
        else:
            files[f"sources/{sguid}.txt"] = src["text"].encode(src.get("encoding", "utf-8"))
            body, attrs = "", f' plainTextPath="internal://{sguid}.txt"'
        xml_sources.append(f'<TextSource guid="{sguid}" name={quoteattr(src["name"])}{attrs}>'
                           f"{body}{sels}{values}</TextSource>")
    var_xml = "".join(f'<Variable guid="{g}" name={quoteattr(v)} typeOfVariable="Text"/>' for v, g in var_guid.items())
    qde = ('<?xml version="1.0" encoding="utf-8"?>\n'
           '<Project xmlns="urn:QDA-XML:project:1.0" name="Recording journeys" origin="test">'
           f"<CodeBook><Codes>{_codes_xml()}</Codes></CodeBook>"
           + (f"<Variables>{var_xml}</Variables>" if var_xml else "")
           + f"<Sources>{''.join(xml_sources)}</Sources></Project>")
    return zip_bytes({"project.qde": qde.encode("utf-8"), **files, **(extra_files or {})})


def zip_bytes(members: dict[str, bytes]) -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def save_docx(document, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def transcript_docx() -> docx.document.Document:
    d = docx.Document()
    d.add_heading("Conversation D7", 0)
    table = d.add_table(rows=0, cols=2)
    for key, value in [("Pseudonym", "Participant D7"), ("Organisation", "Harbour Lane Advice Centre"),
                       ("Organisation kind", "cso"), ("Consent", "approved")]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, value
    d.add_heading("Early days", 1)
    d.add_paragraph("Interviewer: How did the advice centre start recording incidents?")
    d.add_paragraph("Respondent: Volunteers kept a paper log at the front desk.")
    d.add_paragraph("Interviewer: Who did you share it with?")
    d.add_paragraph("Respondent: The council's community safety team, every quarter.")
    return d


def assert_spans_index_text(doc: Document) -> None:
    """The project's provenance rule: every block's span is its text in ``doc.text``."""
    assert doc.blocks
    for b in doc.blocks:
        assert 0 <= b.start <= b.end <= len(doc.text)
        if b.kind in {"turn", "paragraph"}:
            assert " ".join(doc.text[b.start:b.end].split()) == b.text
        else:
            assert doc.text[b.start:b.end] == b.text, b
        for name, (s, e) in (b.cells or {}).items():
            assert b.start <= s <= e <= b.end
            assert doc.text[s:e].strip() == b.row[name]


def shape(doc: Document) -> list[tuple]:
    return [(b.kind, b.text, b.level, b.headings, b.speaker) for b in doc.blocks]


# --- .docx -----------------------------------------------------------------------------------


def test_docx_transcript_reads_metadata_table_turns_and_kind(tmp_path):
    doc = read_document(save_docx(transcript_docx(), tmp_path / "d7.docx"), "corpus/d7.docx")
    assert doc.metadata == {"pseudonym": "Participant D7", "organisation": "Harbour Lane Advice Centre",
                            "organisation_kind": "cso", "consent": "approved"}
    assert doc.kind == "transcript" and doc.approved
    assert doc.title == "Conversation D7"
    assert doc.media_type.endswith("wordprocessingml.document")
    meta = {b.row["key"]: b for b in doc.blocks if b.kind == "meta"}
    assert {k: doc.text[b.start:b.end] for k, b in meta.items()} == doc.metadata
    turns = [(b.speaker, b.text) for b in doc.blocks if b.kind == "turn"]
    assert turns[1] == ("Respondent", "Volunteers kept a paper log at the front desk.")
    assert [s for s, _ in turns] == ["Interviewer", "Respondent"] * 2
    assert all(b.headings == ("Conversation D7", "Early days") for b in doc.blocks if b.kind == "turn")
    assert_spans_index_text(doc)


def test_docx_key_value_lines_at_the_top_are_metadata_but_a_question_is_a_turn(tmp_path):
    d = docx.Document()
    d.add_heading("Interview 12", 1)
    d.add_paragraph("Pseudonym: P12")
    d.add_paragraph("Organisation: Fenwick Food Bank")
    d.add_paragraph("Interviewer: Researcher Q")
    d.add_paragraph("Date: 2023-04-18")
    d.add_paragraph("Interviewer: What changed after the inquiry?")
    d.add_paragraph("Respondent: The police started asking us for our figures.")
    d.add_paragraph("Interviewer: And then?")
    d.add_paragraph("Respondent: A joint monitoring group met every month.")
    doc = read_document(save_docx(d, tmp_path / "p12.docx"), "p12.docx")
    assert doc.metadata == {"pseudonym": "P12", "organisation": "Fenwick Food Bank",
                            "interviewer": "Researcher Q", "date": "2023-04-18"}
    assert [b.speaker for b in doc.blocks if b.kind == "turn"] == ["Interviewer", "Respondent"] * 2
    assert_spans_index_text(doc)


def test_docx_starting_with_an_interviewer_turn_has_no_metadata(tmp_path):
    d = docx.Document()
    for line in ["Interviewer: Tell me about the helpline", "Respondent: It opened in 2019.",
                 "Interviewer: Who runs it", "Respondent: Two volunteers and a coordinator."]:
        d.add_paragraph(line)
    doc = read_document(save_docx(d, tmp_path / "t.docx"), "t.docx")
    assert doc.metadata == {}
    assert [b.kind for b in doc.blocks] == ["turn"] * 4


SUMMARY_MD = """\
# Breakout: disability strand

## Good Practice

- Joint training with the housing office
  - Run twice a year
- Easy-read reporting forms

## Challenges

Reporting centres close at five.

- Too few trained staff
"""


def summary_docx() -> docx.document.Document:
    d = docx.Document()
    d.add_heading("Breakout: disability strand", 1)
    d.add_heading("Good Practice", 2)
    d.add_paragraph("Joint training with the housing office", style="List Bullet")
    d.add_paragraph("Run twice a year", style="List Bullet 2")
    d.add_paragraph("Easy-read reporting forms", style="List Number")
    d.add_heading("Challenges", 2)
    d.add_paragraph("Reporting centres close at five.")
    d.add_paragraph("Too few trained staff", style="List Bullet")
    return d


def test_docx_summary_gives_the_same_blocks_as_its_markdown_twin(tmp_path):
    (tmp_path / "s.md").write_text(SUMMARY_MD)
    md = read_document(tmp_path / "s.md", "s.md")
    word = read_document(save_docx(summary_docx(), tmp_path / "s.docx"), "s.docx")
    assert md.kind == word.kind == "summary"
    assert shape(word) == shape(md)
    assert word.title == md.title == "Breakout: disability strand"
    assert_spans_index_text(word)


def test_docx_list_level_comes_from_the_paragraph_numbering(tmp_path):
    d = docx.Document()
    d.add_heading("Opportunities", 1)
    item = d.add_paragraph("A shared referral form", style="List Bullet")
    sub = d.add_paragraph("Piloted in two districts", style="List Bullet")
    numpr = sub.style.element.xpath("./w:pPr/w:numPr/w:numId/@w:val")[0]
    ppr = sub._p.get_or_add_pPr()
    from docx.oxml import parse_xml
    ppr.append(parse_xml(f'<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                         f'<w:ilvl w:val="2"/><w:numId w:val="{numpr}"/></w:numPr>'))
    assert item.text
    doc = read_document(save_docx(d, tmp_path / "o.docx"), "o.docx")
    assert [(b.kind, b.level) for b in doc.blocks] == [("heading", 1), ("bullet", 0), ("bullet", 2)]


def test_docx_table_rows_are_lines_each_with_its_own_span(tmp_path):
    d = docx.Document()
    d.add_heading("Contacts", 1)
    d.add_paragraph("We met these groups over the year.")
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("Group", "Met", "Topic"), ("Larkspur Tenants", "March", "Data sharing"),
                             ("Dunmore Police", "May", "Training")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    merged = table.cell(2, 1).merge(table.cell(2, 2))
    merged.text = "May, training"
    doc = read_document(save_docx(d, tmp_path / "c.docx"), "c.docx")
    rows = [b.text for b in doc.blocks if b.kind == "paragraph"][1:]
    assert rows == ["Group | Met | Topic", "Larkspur Tenants | March | Data sharing",
                    "Dunmore Police | May, training"]
    assert "Larkspur Tenants | March | Data sharing\n" in doc.text
    assert_spans_index_text(doc)


def test_docx_without_text_is_reported(tmp_path):
    d = docx.Document()
    d.add_paragraph("   ")
    with pytest.raises(InputError, match=r"blank\.docx: the file has no text"):
        read_document(save_docx(d, tmp_path / "blank.docx"), "blank.docx")


# --- .pdf ------------------------------------------------------------------------------------


def test_pdf_text_layer_pages_joined_by_a_blank_line(tmp_path):
    path = tmp_path / "summary.pdf"
    path.write_bytes(make_pdf([["Workshop notes", "Challenges", "- Too few staff in rural areas."],
                               ["Opportunities", "- Shared training (twice a year)."]]))
    doc = read_document(path, "corpus/summary.pdf")
    first, second = doc.metadata["pages"]
    assert doc.text[first[0]:first[1]].startswith("Workshop notes")
    assert doc.text[first[1]:second[0]] == "\n\n"
    assert doc.text[second[0]:second[1]] == "Opportunities\n- Shared training (twice a year)."
    assert doc.media_type == "application/pdf"
    bullets = [b.text for b in doc.blocks if b.kind == "bullet"]
    assert bullets == ["Too few staff in rural areas.", "Shared training (twice a year)."]
    assert doc.kind == "summary"
    assert_spans_index_text(doc)


def test_pdf_fields_after_a_title_are_metadata(tmp_path):
    path = tmp_path / "t.pdf"
    path.write_bytes(make_pdf([["Interview with a youth project", "Pseudonym: Participant Y2",
                                "Organisation: Northgate Youth Hub", "Consent: yes", "",
                                "The project began after a spate of attacks on the bus route."]]))
    doc = read_document(path, "t.pdf")
    assert {k: v for k, v in doc.metadata.items() if k != "pages"} == {
        "pseudonym": "Participant Y2", "organisation": "Northgate Youth Hub", "consent": "yes"}
    assert doc.kind == "transcript" and doc.approved
    assert doc.title == "Interview with a youth project"
    assert_spans_index_text(doc)


def test_pdf_without_text_says_to_ocr_it(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([[], []]))
    with pytest.raises(InputError) as info:
        read_document(path, "scan.pdf")
    message = str(info.value)
    assert "scan.pdf" in message and "no text layer" in message and "OCR" in message


# --- .xlsx -----------------------------------------------------------------------------------


def test_xlsx_register_rows_lines_and_cell_spans(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["Organisation", "Type", "Also known as", "Founded", "Notes"])
    ws.append(["Moorgate Lantern Trust", "cso", "MLT", 1998.0, "Runs a helpline"])
    ws.append([])
    ws.append(["Dunmore Police", "public-authority", None, dt.datetime(2001, 4, 1)])
    path = tmp_path / "register.xlsx"
    wb.save(path)
    doc = read_document(path, "corpus/register.xlsx")
    assert doc.kind == "register" and doc.key == "corpus/register.xlsx"
    assert doc.text.split("\n")[1] == "Moorgate Lantern Trust\tcso\tMLT\t1998\tRuns a helpline"
    first, second = doc.blocks
    assert first.row == {"name": "Moorgate Lantern Trust", "kind": "cso", "aliases": "MLT",
                         "Founded": "1998", "Notes": "Runs a helpline"}
    assert (first.line, second.line) == (2, 4)  # the row numbers Excel shows
    assert second.row == {"name": "Dunmore Police", "kind": "public-authority", "aliases": "",
                          "Founded": "2001-04-01"}
    s, e = second.cells["kind"]
    assert doc.text[s:e] == "public-authority"
    assert doc.metadata["columns"] == ["Organisation", "Type", "Also known as", "Founded", "Notes"]
    assert_spans_index_text(doc)


def workbook_with_two_tables(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Stakeholders"
    ws.append(["name", "kind"])
    ws.append(["Moorgate Lantern Trust", "cso"])
    links = wb.create_sheet("Links")
    links.append(["From", "To", "Engagement type", "Year"])
    links.append(["Moorgate Lantern Trust", "Dunmore Police", "training", 2021])
    wb.create_sheet("Read me").append(["This workbook lists our contacts."])
    wb.create_sheet("Empty")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def test_xlsx_each_table_sheet_is_a_document(tmp_path):
    path = workbook_with_two_tables(tmp_path / "field" / "contacts.xlsx")
    files, problems = discover([tmp_path / "field"])
    assert problems == []
    assert [k for _, k in files] == ["field/contacts.xlsx#Links", "field/contacts.xlsx#Stakeholders"]
    docs = {d.key: d for d in read_documents(path, "contacts.xlsx")}
    assert docs["contacts.xlsx#Links"].kind == "engagement-list"
    assert docs["contacts.xlsx#Links"].blocks[0].row["year"] == "2021"
    assert docs["contacts.xlsx#Stakeholders"].kind == "register"
    assert docs["contacts.xlsx#Stakeholders"].title == "contacts: Stakeholders"
    for doc in docs.values():
        assert_spans_index_text(doc)


def test_xlsx_without_a_table_names_the_columns_it_found(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["colour", "size"])
    wb.active.append(["red", 3])
    path = tmp_path / "colours.xlsx"
    wb.save(path)
    with pytest.raises(InputError, match=r"colours\.xlsx.*columns colour, size match no known table"):
        read_document(path, "colours.xlsx")


# --- .qdpx -----------------------------------------------------------------------------------

INTERVIEW_A = ("Interviewer: How did the data sharing start?\r\n"
               "Respondent: We sent our incident log to Dunmore Police every month.\r\n"
               "Interviewer: And training?\r\n"
               "Respondent: Their officers joined our awareness training in 2021.\r\n")
INTERVIEW_B = "Notes from the strand meeting. Easy-read forms worked well."


def quote_span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def project_sources() -> list[dict]:
    a1 = quote_span(INTERVIEW_A, "We sent our incident log to Dunmore Police every month.")
    a2 = quote_span(INTERVIEW_A, "Their officers joined our awareness training in 2021.")
    b1 = quote_span(INTERVIEW_B, "Easy-read forms worked well.")
    return [
        {"name": "Interview A", "text": INTERVIEW_A,
         "selections": [(*a1, [3, 5]), (*a2, [2])],
         "variables": {"Pseudonym": "Participant A", "Consent": "approved", "Region": "North"}},
        {"name": "Strand notes", "content": INTERVIEW_B, "selections": [(*b1, [6])]},
    ]


def test_qdpx_text_sources_become_documents_with_coded_blocks(tmp_path):
    path = tmp_path / "corpus" / "journeys.qdpx"
    path.parent.mkdir()
    path.write_bytes(make_qdpx(project_sources()))
    files, problems = discover([path.parent])
    assert problems == []
    keys = [k for _, k in files]
    assert keys == ["corpus/journeys.qdpx#Interview A", "corpus/journeys.qdpx#Strand notes"]
    a, b = (read_document(p, k) for p, k in files)
    assert a.key == "corpus/journeys.qdpx#Interview A"
    assert a.text == INTERVIEW_A.replace("\r\n", "\n")  # Windows line ends made Unix, offsets moved to match
    coded = [blk for blk in a.blocks if blk.kind == "coded"]
    assert [(c.text, c.row, c.speaker, c.line) for c in coded] == [
        ("We sent our incident log to Dunmore Police every month.",
         {"codes": "Engagement/Data sharing;Actors/Dunmore Police"}, "Respondent", 2),
        ("Their officers joined our awareness training in 2021.", {"codes": "Engagement/Training"},
         "Respondent", 4),
    ]
    assert a.kind == "transcript" and a.approved
    assert a.metadata["pseudonym"] == "Participant A"
    assert a.metadata["variables"] == {"Pseudonym": "Participant A", "Consent": "approved", "Region": "North"}
    assert a.metadata["project"] == "Recording journeys"
    assert a.metadata["code_mapping"] == {}
    assert [(c.text, c.row) for c in b.blocks if c.kind == "coded"] == [
        ("Easy-read forms worked well.", {"codes": "Good practice"})]
    assert b.title == "Strand notes"
    for doc in (a, b):
        assert_spans_index_text(doc)


def test_qdpx_code_mapping_is_loaded_from_beside_the_project(tmp_path):
    path = tmp_path / "journeys.qdpx"
    path.write_bytes(make_qdpx(project_sources()))
    (tmp_path / "codes.mapping.yaml").write_text("codes:\n  Engagement: mode\n")
    (tmp_path / "journeys.mapping.yaml").write_text(
        "codes:\n"
        '  "Engagement/Data sharing": {type: mode, value: data-sharing}\n'
        "  Engagement: {type: mode}\n"
        "  Actors: {type: stakeholder, kind: public-authority}\n"
        "  Good practice: finding_type\n")
    doc = read_documents(path, "journeys.qdpx")[0]
    mapping = doc.metadata["code_mapping"]
    assert doc.metadata["code_mapping_file"] == str(tmp_path / "journeys.mapping.yaml")
    assert mapping["Good practice"] == {"type": "finding_type"}
    assert concept_for(mapping, "Engagement/Data sharing") == {"type": "mode", "value": "data-sharing"}
    assert concept_for(mapping, "Engagement/Training") == {"type": "mode", "value": "Training"}
    assert concept_for(mapping, "Actors/Dunmore Police") == {"type": "stakeholder", "kind": "public-authority",
                                                             "value": "Dunmore Police"}


def test_qdpx_falls_back_to_codes_mapping_yaml(tmp_path):
    path = tmp_path / "p.qdpx"
    path.write_bytes(make_qdpx(project_sources()))
    (tmp_path / "codes.mapping.yaml").write_text("codes:\n  Training: {type: mode, value: training}\n")
    doc = read_documents(path, "p.qdpx")[0]
    assert concept_for(doc.metadata["code_mapping"], "Engagement/Training") == {"type": "mode", "value": "training"}


def test_load_mapping_names_the_line_of_a_bad_entry(tmp_path):
    path = tmp_path / "codes.mapping.yaml"
    path.write_text("codes:\n  Training: {type: mode}\n  Police: {type: organisation}\n")
    with pytest.raises(InputError, match=r"codes\.mapping\.yaml:3: code 'Police': type 'organisation' is not one of"):
        load_mapping(path)
    path.write_text("codes:\n  Training: {type: mode, vaule: training}\n")
    with pytest.raises(InputError, match=r"unknown field\(s\) vaule; use type, value and kind"):
        load_mapping(path)


def test_a_single_source_project_read_directly(tmp_path):
    path = tmp_path / "one.qdpx"
    path.write_bytes(make_qdpx(project_sources()[1:]))
    doc = read_document(path, "one.qdpx")
    assert doc.key == "one.qdpx#Strand notes"


def test_build_reads_every_format_in_one_batch(tmp_path):
    from changemap.pipeline import build_corpus

    corpus = tmp_path / "corpus"
    save_docx(transcript_docx(), corpus / "d7.docx")
    (corpus / "summary.pdf").write_bytes(make_pdf([["Challenges", "- Too few staff in rural areas."]]))
    workbook_with_two_tables(corpus / "contacts.xlsx")
    (corpus / "journeys.qdpx").write_bytes(make_qdpx(project_sources()))
    result = build_corpus([corpus], tmp_path / "out", outputs=False)
    # The project has no code mapping: said once for the project, not per segment or code.
    assert [(p.path, p.severity) for p in result.problems] == [("corpus/journeys.qdpx", "warning")]
    assert "3 coded segment(s) but no code mapping" in result.problems[0].message
    assert sorted(d.key for d in result.documents) == [
        "corpus/contacts.xlsx#Links", "corpus/contacts.xlsx#Stakeholders", "corpus/d7.docx",
        "corpus/journeys.qdpx#Interview A", "corpus/journeys.qdpx#Strand notes", "corpus/summary.pdf"]
    names = {s.name for s in result.extraction.stakeholders}
    assert {"Moorgate Lantern Trust", "Harbour Lane Advice Centre"} <= names
