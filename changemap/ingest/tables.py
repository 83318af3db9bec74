"""Structured tables: stakeholder registers, engagement lists, timelines, interview metadata.

Columns are matched loosely (case, spaces, underscores and synonyms), the
table's kind is recognised from its columns, and unknown columns are kept as
properties.  Every row becomes a ``row`` block whose span covers the row's
text in the file, so each record built from it can cite the row.

>>> match_columns(["Organisation", "Type", "Also known as"], TABLES["register"])
{'name': 'Organisation', 'kind': 'Type', 'aliases': 'Also known as'}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, MissingColumnError
from ..model import Block, Document
from .read import WARNINGS, decode_text, encoding_warnings, reader, sha256


@dataclass(frozen=True)
class TableSpec:
    kind: str
    columns: dict[str, tuple[str, ...]]  # canonical column -> accepted names
    required: tuple[str, ...]
    name_hints: tuple[str, ...]


TABLES: dict[str, TableSpec] = {
    "register": TableSpec(
        "register",
        {
            "name": ("name", "organisation", "organization", "stakeholder", "org",
                     "organisation name", "organization name", "stakeholder name"),
            "kind": ("kind", "type", "organisation type", "organization type", "category",
                     "sector", "stakeholder kind", "stakeholder type"),
            "aliases": ("aliases", "alias", "also known as", "aka", "acronym", "acronyms",
                        "other names", "short name", "abbreviation"),
            "target_groups": ("target groups", "target group", "groups", "strands", "strand",
                              "communities", "bias", "bias categories", "focus", "serves"),
        },
        ("name",),
        ("register", "stakeholder", "organisation", "organization", "actors"),
    ),
    "engagement-list": TableSpec(
        "engagement-list",
        {
            "source": ("source", "from", "organisation a", "organization a", "party a",
                       "stakeholder a", "actor 1", "stakeholder 1", "party 1", "source organisation"),
            "target": ("target", "to", "partner", "organisation b", "organization b", "party b",
                       "stakeholder b", "actor 2", "stakeholder 2", "party 2", "target organisation"),
            "mode": ("mode", "engagement mode", "engagement type", "type", "how", "form",
                     "engagement", "relationship"),
            "year": ("year", "date", "when", "period"),
            "sentiment": ("sentiment", "tone", "quality", "valence", "rating"),
            "evidence": ("evidence", "quote", "note", "notes", "source text", "comment", "description"),
        },
        ("source", "target", "mode"),
        ("engagement", "relationship", "links", "edges"),
    ),
    "timeline": TableSpec(
        "timeline",
        {
            "date": ("date", "year", "when", "period"),
            "label": ("label", "moment", "event", "title", "name", "pivotal moment", "what happened"),
            "direction": ("direction", "forward backward", "effect", "impact"),
            "drivers": ("drivers", "driver", "cause", "causes", "why"),
            "actors": ("actors", "actor", "who", "organisations", "organizations", "stakeholders"),
            "outcomes": ("outcomes", "outcome", "result", "results", "consequence"),
            "scale": ("scale", "micro macro", "size"),
            "evidence": ("evidence", "quote", "note", "notes", "source text", "description"),
        },
        ("date", "label", "direction"),
        ("timeline", "moment", "pivotal", "events", "chronology"),
    ),
    "interview-metadata": TableSpec(
        "interview-metadata",
        {
            "file": ("file", "file name", "filename", "document", "transcript", "transcript file", "source file",
                     "interview file", "path"),
            "pseudonym": ("pseudonym", "interviewee", "participant", "respondent", "code", "participant code"),
            "organisation": ("organisation", "organization", "org", "affiliation", "employer"),
            "organisation_kind": ("organisation kind", "organization kind", "kind", "organisation type",
                                  "organization type", "org type", "sector"),
            "role": ("role", "position", "job title", "title"),
            "country": ("country", "location", "jurisdiction"),
            "date": ("date", "interview date", "when"),
            "consent": ("consent", "consent status", "quotes approved", "approval"),
            "interviewer": ("interviewer", "researcher", "interviewed by"),
        },
        ("file", "pseudonym"),
        ("interview", "metadata", "participant", "respondent"),
    ),
}


def _norm(name: str) -> str:
    return " ".join(re.sub(r"[_\-/.]+", " ", name.casefold()).split())


def match_columns(header: list[str], spec: TableSpec) -> dict[str, str]:
    """Canonical column → the header cell that provides it."""
    found: dict[str, str] = {}
    taken: set[str] = set()
    for canonical, accepted in spec.columns.items():
        for cell in header:
            if cell not in taken and _norm(cell) in accepted:
                found[canonical] = cell
                taken.add(cell)
                break
    return found


def recognise(path: Path, header: list[str], hint: str | None = None) -> tuple[TableSpec, dict[str, str]]:
    """Which table ``header`` belongs to, or an error saying what is missing.

    The file name (or ``hint``, such as a sheet name) breaks ties and names
    the table a user meant when a required column is missing.
    """
    stem = _norm(hint if hint is not None else path.stem)
    hinted = [s for s in TABLES.values() if any(h in stem for h in s.name_hints)]
    complete = []
    for spec in TABLES.values():
        cols = match_columns(header, spec)
        if all(r in cols for r in spec.required):
            complete.append((spec in hinted, len(cols), spec, cols))
    if complete:
        complete.sort(key=lambda t: (t[0], t[1]), reverse=True)
        return complete[0][2], complete[0][3]
    for spec in hinted or []:
        cols = match_columns(header, spec)
        missing = next(r for r in spec.required if r not in cols)
        raise MissingColumnError(path, missing, list(spec.columns[missing]))
    kinds = "; ".join(f"{s.kind}: {', '.join(s.required)}" for s in TABLES.values())
    raise InputError(path, f"columns {', '.join(header)} match no known table; "
                           f"a table needs the required columns of one kind ({kinds})", 1)


class CsvSyntaxError(ValueError):
    """A CSV record that cannot be split into cells as written."""


def split_record(record: str, delimiter: str) -> list[tuple[str, int, int]]:
    """(value, start, end) per cell of one CSV record; spans index ``record``.

    A quoted cell's span covers the text between its quotes, and its value
    has doubled quotes undone.  Text after a closing quote (other than
    spaces) is an error: it would otherwise be lost.

    >>> split_record('a,"b ""c"", d",', ",")
    [('a', 0, 1), ('b "c", d', 3, 13), ('', 15, 15)]
    """
    cells = []
    i, n = 0, len(record)
    while True:
        if i < n and record[i] == '"':
            j, buf = i + 1, []
            while j < n:
                if record[j] == '"':
                    if record[j + 1:j + 2] == '"':
                        buf.append('"')
                        j += 2
                        continue
                    break
                buf.append(record[j])
                j += 1
            value, start, end = "".join(buf), i + 1, j
            k = record.find(delimiter, j + 1)
            stray = record[j + 1:k if k >= 0 else n]
            if stray.strip():
                raise CsvSyntaxError(f"cell {len(cells) + 1} has text after its closing quote ({stray.strip()!r}); "
                                     'write a quote inside a quoted cell as two quotes ("")')
        else:
            k = record.find(delimiter, i)
            start, end = i, (k if k >= 0 else n)
            value = record[start:end]
        cells.append((value, start, end))
        if k < 0:
            return cells
        i = k + 1


def rows_with_spans(text: str, delimiter: str,
                    path: Path | str = "<csv>") -> list[tuple[int, int, int, list[tuple[str, int, int]]]]:
    """(line, start, end, cells) for each CSV record, quoted newlines allowed.

    Cell spans are offsets into ``text``.  A quote left open at the end of
    the file, or text after a closing quote, is an :class:`InputError`
    naming ``path`` and the record's first line.
    """
    out = []
    offset = 0
    buf_start = 0
    buf: list[str] = []
    start_line = 0
    for line_no, line in enumerate(text.split("\n"), start=1):
        if not buf:
            buf_start, start_line = offset, line_no
        buf.append(line)
        offset += len(line) + 1
        record = "\n".join(buf)
        if record.count('"') % 2:
            continue  # a quoted field continues on the next line
        if record.strip():
            try:
                split = split_record(record, delimiter)
            except CsvSyntaxError as err:
                raise InputError(path, str(err), start_line) from err
            cells = [(v, buf_start + s, buf_start + e) for v, s, e in split]
            out.append((start_line, buf_start, buf_start + len(record), cells))
        buf = []
    if buf and "\n".join(buf).strip():
        raise InputError(path, "a quoted cell opened on this line is never closed; "
                               'add the closing quote (") or remove the stray one', start_line)
    return out


@reader(".csv", ".tsv")
def read_table(path: Path, key: str, raw: bytes) -> Document:
    text, encoding = decode_text(path, raw)
    if not text.strip():
        raise InputError(path, "the table is empty; add a header row and data rows")
    if path.suffix.lower() == ".tsv":
        delimiter = "\t"
    else:
        first = text.split("\n", 1)[0]
        delimiter = max([",", ";", "\t"], key=first.count)
    records = rows_with_spans(text, delimiter, path)
    header = [h[0].strip() for h in records[0][3]]
    spec, cols = recognise(path, header)
    inverse = {v: k for k, v in cols.items()}
    blocks = []
    for line, start, end, cells in records[1:]:
        if not any(c[0].strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise InputError(path, f"row has {len(cells)} cells but the header has {len(header)}; "
                                   "quote cells that contain the delimiter", line)
        row, spans = {}, {}
        for name, (value, s, e) in zip(header, cells, strict=False):
            row[inverse.get(name, name)] = value.strip()
            spans[inverse.get(name, name)] = (s, e)
        blocks.append(Block("row", text[start:end], start, end, row=row, line=line, cells=spans))
    metadata: dict = {"columns": header}
    if encoding_warnings(encoding):
        metadata[WARNINGS] = encoding_warnings(encoding)
    return Document(path=path, key=key, text=text, sha256=sha256(raw), kind=spec.kind,
                    title=path.stem, media_type="text/csv", blocks=blocks, metadata=metadata)
