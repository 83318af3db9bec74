"""Readers: Markdown/text with front matter, CSV tables, and corpus discovery."""

from __future__ import annotations

from pathlib import Path

import pytest

from changemap.errors import (
    ChangemapError,
    FrontMatterError,
    InputError,
    MissingColumnError,
    UnsupportedFormatError,
)
from changemap.ingest.read import discover, read_document


def write(folder: Path, name: str, text: str | bytes) -> Path:
    """Write ``text`` byte for byte (no newline translation) and return the path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def read(folder: Path, name: str, text: str | bytes):
    return read_document(write(folder, name, text), f"corpus/{name}")


def shape(doc) -> list[tuple]:
    """What a user sees of the blocks: kind, text, span, level, path, speaker, line, row."""
    return [(b.kind, b.text, b.start, b.end, b.level, b.headings, b.speaker, b.line, b.row)
            for b in doc.blocks]


INTERVIEW = """\
---
Title: Conversation with a tenants' group
Pseudonym: "Participant T3"
Organisation: 'Larkspur Tenants Collective'
Organisation Kind: cso
Consent: approved   # recorded on the form
Interviewer: Researcher Q
---

# Conversation T3

## Early days

Interviewer: How did the group start?

Respondent: Neighbours kept a notebook of incidents.

Interviewer: Who did you take it to?

Respondent: The housing office, at first.
"""


# --- Markdown and front matter ---------------------------------------------------------------


def test_front_matter_keys_are_lower_cased_and_values_parsed(tmp_path):
    doc = read(tmp_path, "t3.md", INTERVIEW)
    assert doc.metadata == {
        "title": "Conversation with a tenants' group",
        "pseudonym": "Participant T3",
        "organisation": "Larkspur Tenants Collective",
        "organisation_kind": "cso",
        "consent": "approved",
        "interviewer": "Researcher Q",
    }
    assert doc.title == "Conversation with a tenants' group"
    assert doc.media_type == "text/markdown"
    assert doc.key == "corpus/t3.md"
    assert doc.kind == "transcript"
    assert doc.approved


def test_meta_blocks_cite_each_value_by_its_span_in_the_file(tmp_path):
    doc = read(tmp_path, "t3.md", INTERVIEW)
    meta = {b.row["key"]: b for b in doc.blocks if b.kind == "meta"}
    assert set(meta) == set(doc.metadata)
    for key, block in meta.items():
        # The span is the value as written, without quotes or comments, so it can be quoted.
        assert doc.text[block.start:block.end] == block.text == doc.metadata[key]
    assert meta["organisation"].line == 4
    assert doc.text.splitlines()[meta["organisation"].line - 1].endswith(meta["organisation"].text + "'")


def test_body_blocks_come_after_the_front_matter(tmp_path):
    doc = read(tmp_path, "t3.md", INTERVIEW)
    body = [b for b in doc.blocks if b.kind != "meta"]
    fence_end = doc.text.index("---\n", 4) + 4
    assert all(b.start >= fence_end for b in body)
    assert body[0].kind == "heading" and body[0].text == "Conversation T3" and body[0].line == 10
    assert [b.speaker for b in body if b.kind == "turn"] == ["Interviewer", "Respondent"] * 2


def test_markdown_without_front_matter_takes_title_from_first_heading(tmp_path):
    doc = read(tmp_path, "notes.md", "# Harbour Walk Notes\n\nA short note.\n")
    assert doc.metadata == {}
    assert doc.title == "Harbour Walk Notes"
    assert doc.kind == "text"


def test_text_without_heading_or_metadata_is_titled_by_file_name(tmp_path):
    doc = read(tmp_path, "field-notes.txt", "we met at the depot and talked for an hour.\n")
    assert doc.title == "field-notes"
    assert doc.media_type == "text/plain"


def test_malformed_front_matter_names_the_file_and_line_and_says_what_to_do(tmp_path):
    text = ("---\ntitle: Interview\npseudonym: P9\n"
            "organisation: [Fenwick Food Bank\nconsent: yes\n---\nBody.\n")
    path = write(tmp_path, "broken.md", text)
    with pytest.raises(FrontMatterError) as info:
        read_document(path, "corpus/broken.md")
    err = info.value
    assert isinstance(err, InputError) and isinstance(err, ChangemapError)
    message = str(err)
    assert "broken.md" in message
    assert err.line is not None and 4 <= err.line <= 5
    assert f"broken.md:{err.line}:" in message
    assert "fix it or remove the --- block" in message


def test_front_matter_that_is_not_a_mapping_is_rejected(tmp_path):
    path = write(tmp_path, "list.md", "---\n- one\n- two\n---\nBody.\n")
    with pytest.raises(FrontMatterError, match=r"list\.md:2: .*'key: value'"):
        read_document(path, "corpus/list.md")


def test_crlf_input_gives_the_same_blocks_as_lf(tmp_path):
    lf = read(tmp_path, "lf.md", INTERVIEW)
    crlf = read(tmp_path, "crlf.md", INTERVIEW.replace("\n", "\r\n"))
    assert "\r" not in crlf.text
    assert crlf.text == lf.text
    assert crlf.metadata == lf.metadata
    assert shape(crlf) == shape(lf)
    assert crlf.kind == lf.kind == "transcript"


def test_utf8_bom_is_dropped_and_front_matter_still_found(tmp_path):
    plain = read(tmp_path, "plain.md", INTERVIEW)
    bom = read(tmp_path, "bom.md", b"\xef\xbb\xbf" + INTERVIEW.encode("utf-8"))
    assert not bom.text.startswith("\ufeff")
    assert bom.metadata == plain.metadata
    assert shape(bom) == shape(plain)


def test_cp1252_file_is_still_read(tmp_path):
    doc = read(tmp_path, "old.txt", "Caf\xe9 Meeting\n\nWe met at the caf\xe9.\n".encode("cp1252"))
    assert "café" in doc.text


def test_unsupported_extension_is_an_error(tmp_path):
    path = write(tmp_path, "slides.key", "x")
    with pytest.raises(UnsupportedFormatError, match="slides.key"):
        read_document(path, "slides.key")


# --- CSV tables ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "name,kind,aliases,target_groups",
        "Organisation,Type,Also known as,Target Groups",
        "ORGANIZATION NAME,Category,AKA,Strands",
        "stakeholder_name,organisation-type,Short Name,communities",
    ],
)
def test_register_is_recognised_from_synonym_headers(tmp_path, header):
    doc = read(tmp_path, "people.csv", f"{header}\nMoorgate Lantern Trust,cso,MLT,disability\n")
    assert doc.kind == "register"
    assert doc.media_type == "text/csv"
    assert doc.blocks[0].kind == "row"
    assert doc.blocks[0].row == {"name": "Moorgate Lantern Trust", "kind": "cso", "aliases": "MLT",
                                 "target_groups": "disability"}


@pytest.mark.parametrize(
    "header",
    [
        "source,target,mode,year",
        "From,To,Engagement type,Year",
        "Party A,Party B,Engagement Mode,When",
        "source organisation,target organisation,TYPE,date",
    ],
)
def test_engagement_list_is_recognised_from_synonym_headers(tmp_path, header):
    doc = read(tmp_path, "contacts.csv", f"{header}\nMLT,Dunmore Police,training,2021\n")
    assert doc.kind == "engagement-list"
    assert doc.blocks[0].row == {"source": "MLT", "target": "Dunmore Police", "mode": "training",
                                 "year": "2021"}


@pytest.mark.parametrize(
    "header",
    [
        "date,label,direction",
        "Date,Moment,Direction",
        "When,What happened,Effect",
        "Year,Pivotal Moment,DIRECTION",
    ],
)
def test_timeline_is_recognised_from_synonym_headers(tmp_path, header):
    doc = read(tmp_path, "history.csv", f"{header}\n2020-05,Helpline opens,forward\n")
    assert doc.kind == "timeline"
    assert doc.blocks[0].row == {"date": "2020-05", "label": "Helpline opens", "direction": "forward"}


def test_type_column_means_kind_in_a_register_and_mode_in_an_engagement_list(tmp_path):
    register = read(tmp_path, "a.csv", "Organisation,Type\nMoorgate Lantern Trust,cso\n")
    links = read(tmp_path, "b.csv", "From,To,Type\nMLT,Dunmore Police,referral\n")
    assert register.kind == "register" and register.blocks[0].row["kind"] == "cso"
    assert links.kind == "engagement-list" and links.blocks[0].row["mode"] == "referral"


def test_semicolon_delimited_csv(tmp_path):
    doc = read(tmp_path, "orgs.csv",
               "Organisation;Type;Also known as\nMoorgate Lantern Trust;cso;\"MLT, Lanterns\"\n")
    assert doc.kind == "register"
    assert doc.blocks[0].row == {"name": "Moorgate Lantern Trust", "kind": "cso", "aliases": "MLT, Lanterns"}


def test_tab_separated_file(tmp_path):
    doc = read(tmp_path, "orgs.tsv", "name\tkind\nMoorgate Lantern Trust\tcso\n")
    assert doc.kind == "register"
    assert doc.blocks[0].row == {"name": "Moorgate Lantern Trust", "kind": "cso"}


def test_quoted_cell_with_newline_and_comma_is_one_row_with_its_own_span(tmp_path):
    text = ('name,kind,notes\n'
            'Moorgate Lantern Trust,cso,"Runs a helpline,\nand a drop-in"\n'
            'Dunmore Police,public-authority,\n')
    doc = read(tmp_path, "register.csv", text)
    first, second = doc.blocks
    assert first.row["notes"] == "Runs a helpline,\nand a drop-in"
    assert doc.text[first.start:first.end] == first.text
    assert first.text == 'Moorgate Lantern Trust,cso,"Runs a helpline,\nand a drop-in"'
    assert (first.line, second.line) == (2, 4)
    assert doc.text[second.start:second.end] == "Dunmore Police,public-authority,"


def test_crlf_csv_gives_the_same_rows_as_lf(tmp_path):
    text = 'name,kind,notes\nMoorgate Lantern Trust,cso,"two\nlines"\nDunmore Police,public-authority,\n'
    lf = read(tmp_path, "lf.csv", text)
    crlf = read(tmp_path, "crlf.csv", text.replace("\n", "\r\n"))
    assert shape(crlf) == shape(lf)


def test_csv_with_bom_recognises_its_first_column(tmp_path):
    doc = read(tmp_path, "orgs.csv", b"\xef\xbb\xbfOrganisation,Type\r\nMoorgate Lantern Trust,cso\r\n")
    assert doc.kind == "register"
    assert doc.metadata["columns"] == ["Organisation", "Type"]
    assert doc.blocks[0].row["name"] == "Moorgate Lantern Trust"


def test_unknown_columns_are_kept_in_the_row(tmp_path):
    doc = read(tmp_path, "register.csv",
               "Organisation,Type,Website,Contact Person\nMoorgate Lantern Trust,cso,mlt.example,Ada\n")
    assert doc.blocks[0].row == {"name": "Moorgate Lantern Trust", "kind": "cso",
                                 "Website": "mlt.example", "Contact Person": "Ada"}
    assert doc.metadata["columns"] == ["Organisation", "Type", "Website", "Contact Person"]


def test_blank_rows_are_skipped_and_lines_count_from_the_file(tmp_path):
    doc = read(tmp_path, "register.csv", "name,kind\nA Trust,cso\n,\n\nB Trust,cso\n")
    assert [(b.row["name"], b.line) for b in doc.blocks] == [("A Trust", 2), ("B Trust", 5)]


def test_missing_required_column_names_file_column_and_accepted_names(tmp_path):
    path = write(tmp_path, "engagements.csv", "source,target,year\nMLT,Dunmore Police,2020\n")
    with pytest.raises(MissingColumnError) as info:
        read_document(path, "corpus/engagements.csv")
    err = info.value
    assert err.column == "mode"
    assert "mode" in err.accepted and "engagement type" in err.accepted
    message = str(err)
    assert "engagements.csv" in message
    assert "column 'mode' is missing" in message
    assert "expected one of: mode, engagement mode, engagement type" in message


def test_timeline_named_file_missing_direction_says_so(tmp_path):
    path = write(tmp_path, "timeline.csv", "Date,Moment\n2020,Helpline opens\n")
    with pytest.raises(MissingColumnError) as info:
        read_document(path, "timeline.csv")
    assert info.value.column == "direction"
    assert "timeline.csv" in str(info.value)


def test_csv_matching_no_table_kind_is_an_input_error(tmp_path):
    path = write(tmp_path, "colours.csv", "colour,size\nred,3\n")
    with pytest.raises(InputError) as info:
        read_document(path, "colours.csv")
    assert not isinstance(info.value, MissingColumnError)
    message = str(info.value)
    assert "colours.csv" in message
    assert "colour, size" in message
    assert "register: name" in message and "engagement-list: source, target, mode" in message


def test_empty_csv_is_an_input_error(tmp_path):
    path = write(tmp_path, "register.csv", "\n\n")
    with pytest.raises(InputError, match=r"register\.csv: the table is empty"):
        read_document(path, "register.csv")


def test_row_with_more_cells_than_header_names_the_line(tmp_path):
    path = write(tmp_path, "register.csv", "name,kind\nA Trust,cso\nB Trust, Ltd,private\n")
    with pytest.raises(InputError, match=r"register\.csv:3: row has 3 cells but the header has 2; quote"):
        read_document(path, "register.csv")


# --- discover --------------------------------------------------------------------------------


def test_discover_walks_a_folder_skipping_readme_and_hidden_files(tmp_path):
    corpus = tmp_path / "fieldwork"
    for name in ["README.md", "LICENSE.txt", ".draft.md", ".git/config.md", "_build/x.md",
                 "interviews/b.md", "interviews/a.txt", "orgs.csv", "slides.key", "summary.md"]:
        write(corpus, name, "x\n")
    files, problems = discover([corpus])
    assert problems == []
    assert [key for _, key in files] == [
        "fieldwork/interviews/a.txt",
        "fieldwork/interviews/b.md",
        "fieldwork/orgs.csv",
        "fieldwork/summary.md",
    ]
    assert all(path.is_absolute() and path.exists() for path, _ in files)
    assert files[0][0] == (corpus / "interviews" / "a.txt").resolve()


def test_discover_reports_missing_paths_and_named_unsupported_files(tmp_path):
    good = write(tmp_path, "register.csv", "name\nA Trust\n")
    odd = write(tmp_path, "minutes.xyz", "x")
    missing = tmp_path / "nowhere"
    files, problems = discover([missing, odd, good])
    assert files == [(good.resolve(), "register.csv")]
    assert len(problems) == 2
    by_path = {p.path: p.message for p in problems}
    assert "no such file or folder" in by_path[str(missing)]
    assert "minutes.xyz" in by_path[str(odd)] and "no reader for '.xyz'" in by_path[str(odd)]
    assert ".csv" in by_path[str(odd)] and ".md" in by_path[str(odd)]


def test_discover_keys_are_sorted_across_several_inputs(tmp_path):
    write(tmp_path / "zeta", "one.md", "x\n")
    write(tmp_path / "alpha", "two.md", "x\n")
    lone = write(tmp_path, "m.csv", "name\nA\n")
    files, problems = discover([tmp_path / "zeta", lone, tmp_path / "alpha"])
    assert problems == []
    assert [key for _, key in files] == ["alpha/two.md", "m.csv", "zeta/one.md"]


def test_a_file_named_twice_is_read_once(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "register.csv").write_text("name,kind\nAsh Trust,cso\n")
    files, problems = discover([folder, folder / "register.csv"])
    assert [k for _, k in files] == ["corpus/register.csv"] and problems == []


def test_two_files_with_one_name_are_both_read(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "notes.md").write_text(f"Notes from {folder}.\n")
    files, _ = discover([tmp_path / "a" / "notes.md", tmp_path / "b" / "notes.md"])
    assert len(files) == 2 and len({k for _, k in files}) == 2
