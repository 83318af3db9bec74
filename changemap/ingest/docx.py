"""Reader for Word .docx files (python-docx).

The document is written out as Markdown-like text, and that text is what
every span indexes:

- a heading (style "Title", "Heading N", or any paragraph with an outline
  level) becomes ``# text`` with one ``#`` per level; when the document has a
  Title, headings move one level down so the Title stays on top;
- a list item (numbering on the paragraph or its style, as in "List Bullet
  2" or "List Number") becomes ``- text``, indented two spaces per list
  level, so bullets nest as in a Markdown list;
- any other paragraph becomes a paragraph (soft line breaks kept), so
  ``Interviewer:`` / ``Respondent:`` paragraphs become speaker turns;
- a table row becomes one line, its cells joined by `` | `` (a merged cell
  once), each row a paragraph of its own.

Then :func:`structure.parse_blocks` and :func:`structure.classify` run on it
as on a .md file, so a .docx transcript or workshop summary is recognised
like its Markdown twin.

Metadata.  Word files have no front matter, so the top of the document is
read for it, before the first paragraph of body text (headings and empty
paragraphs may come first):

- "Key: value" paragraphs, one per field, or
- a table of fields: two columns (key | value) per row, or a header row of
  keys over one row of values.

Accepted keys (case and spaces do not matter): title, pseudonym,
interviewee, organisation / organization, organisation kind (or type),
role, country, date, consent, interviewer.  A value that reads like a
sentence ends the fields (it is a speaker's turn), and so does a key seen
twice.  The fields are written as "Key: value" lines at the start of the
text, where their ``meta`` blocks cite them.  Text boxes, headers, footers,
footnotes and comments are not read.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ..errors import InputError
from ..model import Document
from .read import reader, sha256
from .structure import classify, parse_blocks
from .text import FIELD_KEYS, _meta_key, field, field_blocks, require_text

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_OLE = b"\xd0\xcf\x11\xe0"
_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.I)
_LIST_STYLE_LEVEL = re.compile(r"^list\b.*?(\d)$", re.I)


def _open(path: Path, raw: bytes):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if raw.startswith(_OLE):
        raise InputError(path, "this is an old Word 97-2003 (.doc) file or a password-protected document; "
                               "open it in Word and save it as .docx without a password")
    if not raw.startswith(b"PK"):
        raise InputError(path, "is not a Word .docx file (not a zip package); "
                               "open it in Word and save it again as .docx")
    try:
        return docx.Document(io.BytesIO(raw))
    except PackageNotFoundError as err:
        raise InputError(path, "is not a Word .docx file (no Word document inside the zip package); "
                               "open it in Word and save it again as .docx") from err
    except Exception as err:  # noqa: BLE001 - any failure of the parser means a damaged file
        raise InputError(path, f"cannot be read as a Word .docx file ({type(err).__name__}: {err}); "
                               "open it in Word and save it again as .docx") from err


def _style_chain(style):
    seen = 0
    while style is not None and seen < 20:
        yield style
        style = style.base_style
        seen += 1


def _xpath_first(element, query: str) -> str | None:
    found = element.xpath(query)
    return str(found[0]) if found else None


def heading_level(paragraph) -> int | None:
    """1-based heading level of a paragraph, 0 for a Title, None for body text."""
    for style in _style_chain(paragraph.style):
        name = (style.name or "").strip()
        if name.lower() == "title":
            return 0
        m = _HEADING_STYLE.match(name)
        if m:
            return int(m.group(1))
    for element in [paragraph._p, *(s.element for s in _style_chain(paragraph.style))]:
        level = _xpath_first(element, "./w:pPr/w:outlineLvl/@w:val")
        if level is not None and level.isdigit() and int(level) < 9:
            return int(level) + 1
    return None


def list_level(paragraph) -> int | None:
    """0-based list level of a list item, None for any other paragraph."""
    ilvl = _xpath_first(paragraph._p, "./w:pPr/w:numPr/w:ilvl/@w:val")
    num = _xpath_first(paragraph._p, "./w:pPr/w:numPr/w:numId/@w:val")
    if num == "0":
        return None  # numbering explicitly switched off
    if num is not None:
        return int(ilvl) if ilvl and ilvl.isdigit() else 0
    for style in _style_chain(paragraph.style):
        if style.element.xpath("./w:pPr/w:numPr"):
            ilvl = _xpath_first(style.element, "./w:pPr/w:numPr/w:ilvl/@w:val")
            if ilvl and ilvl.isdigit():
                return int(ilvl)
            m = _LIST_STYLE_LEVEL.match((paragraph.style.name or "").strip())
            return int(m.group(1)) - 1 if m else 0
    return None


def _squash(text: str) -> str:
    return " ".join(text.split())


def _row_cells(row) -> list[str]:
    cells, last = [], None
    for cell in row.cells:
        if cell._tc is last:
            continue  # a merged cell is repeated once per grid column
        last = cell._tc
        cells.append(_squash(cell.text))
    return cells


def _field_key(label: str) -> str | None:
    return FIELD_KEYS.get(_meta_key(label.strip().rstrip(":")).replace("-", "_"))


def table_fields(table) -> list[tuple[str, str, str]] | None:
    """``(label, key, value)`` for a table of metadata fields, or None for a table of content."""
    rows = [cells for cells in (_row_cells(r) for r in table.rows) if any(cells)]
    if not rows:
        return None
    if all(len(r) >= 2 and _field_key(r[0]) for r in rows):  # key | value per row
        return [(r[0].strip().rstrip(":"), _field_key(r[0]), " ".join(c for c in r[1:] if c)) for r in rows]
    if len(rows) == 2 and len(rows[0]) >= 2 and all(_field_key(c) for c in rows[0]):  # keys over values
        values = rows[1] + [""] * (len(rows[0]) - len(rows[1]))
        return [(k.strip().rstrip(":"), _field_key(k), v) for k, v in zip(rows[0], values, strict=False)]
    return None


class _Writer:
    """Text built piece by piece, with the offset of each piece."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.last: str | None = None

    def add(self, line: str, kind: str) -> int:
        """Append ``line`` as its own block; returns its offset."""
        if self.parts:
            sep = "\n" if kind == self.last and kind in {"bullet", "field"} else "\n\n"
            self.parts.append(sep)
            self.size += len(sep)
        start = self.size
        self.parts.append(line)
        self.size += len(line)
        self.last = kind
        return start

    def text(self) -> str:
        return "".join(self.parts) + "\n" if self.parts else ""


def _leading_fields(items) -> tuple[list[tuple[str, str, str]], set[int]]:
    """Fields at the top of the document and the indexes of the items that hold them."""
    from docx.table import Table

    fields: list[tuple[str, str, str]] = []
    used: set[int] = set()
    for i, item in enumerate(items):
        if isinstance(item, Table):
            found = table_fields(item)
            if found is None or any(f[1] in {g[1] for g in fields} for f in found):
                break
            fields += [f for f in found if f[2]]
            used.add(i)
            continue
        text = item.text.strip()
        if not text:
            continue
        if heading_level(item) is not None:
            if fields:
                break
            continue
        found = field(_squash(text))
        if found is None or found[0] in {f[1] for f in fields}:
            break
        key, s, e = found
        line = _squash(text)
        fields.append((line[:line.index(":")].strip("* \t"), key, line[s:e]))
        used.add(i)
    if [f[1] for f in fields] == ["interviewer"] and not any(isinstance(items[i], Table) for i in used):
        return [], set()  # an "Interviewer:" line alone is the first turn of a transcript
    return fields, used


@reader(".docx")
def read_docx(path: Path, key: str, raw: bytes) -> Document:
    from docx.table import Table

    document = _open(path, raw)
    try:
        items = list(document.iter_inner_content())
        fields, used = _leading_fields(items)
        out = _Writer()
        spans: list[tuple[int, str, int, int]] = []
        for label, fkey, value in fields:
            line = f"{label}: {value}"
            start = out.add(line, "field") + len(label) + 2
            spans.append((0, fkey, start, start + len(value)))
        body = out.size
        paragraphs = [p for p in items if not isinstance(p, Table)]
        has_title = any(heading_level(p) == 0 for p in paragraphs if p.text.strip())
        for i, item in enumerate(items):
            if i in used:
                continue
            if isinstance(item, Table):
                for row in item.rows:
                    cells = [c for c in _row_cells(row) if c]
                    if cells:
                        out.add(" | ".join(cells), "row")
                continue
            text = item.text.replace("\r", "\n").strip()
            if not text:
                continue
            level = heading_level(item)
            if level is not None:
                level = min(level + 1 if has_title else max(level, 1), 6)
                out.add("#" * level + " " + _squash(text), "heading")
                continue
            depth = list_level(item)
            if depth is not None:
                out.add("  " * min(depth, 6) + "- " + _squash(text), "bullet")
                continue
            out.add(text, "paragraph")
        core_title = (document.core_properties.title or "").strip()
    except InputError:
        raise
    except Exception as err:  # noqa: BLE001 - damaged parts surface while walking the body
        raise InputError(path, f"cannot be read as a Word .docx file ({type(err).__name__}: {err}); "
                               "open it in Word and save it again as .docx") from err
    text = out.text()
    require_text(path, text)
    spans = [(text.count("\n", 0, s) + 1, k, s, e) for _, k, s, e in spans]
    meta, meta_blocks = field_blocks(text, spans)
    doc = Document(path=path, key=key, text=text, sha256=sha256(raw), media_type=MEDIA_TYPE,
                   metadata=meta, blocks=meta_blocks + parse_blocks(text, body, markdown=True))
    doc.kind = classify(doc)
    first_heading = next((b.text for b in doc.blocks if b.kind == "heading"), None)
    doc.title = str(meta.get("title") or first_heading or core_title or path.stem)
    return doc
