"""Reader for plain text and Markdown, with optional YAML front matter.

Also home of the "Key: value" fields that formats without front matter
(.docx, .pdf) may carry at the top of a document: see :func:`field` and
:data:`FIELD_KEYS`.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..errors import FrontMatterError, InputError
from ..model import Block, Document
from .read import WARNINGS, decode_text, encoding_warnings, reader, sha256
from .structure import classify, parse_blocks

_FENCE = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def front_matter(path: Path, text: str) -> tuple[dict, list[Block], int]:
    """Parse a leading ``---`` YAML block.

    Returns the metadata, one ``meta`` block per top-level key (so that a
    value such as the organisation can be cited by its span) and the offset
    where the body starts.
    """
    match = _FENCE.match(text)
    if not match:
        return {}, [], 0
    try:
        data = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark else None
        raise FrontMatterError(path, f"front matter is not valid YAML ({getattr(err, 'problem', err)}); "
                               "fix it or remove the --- block", line) from err
    if not isinstance(data, dict):
        raise FrontMatterError(path, "front matter must be 'key: value' lines", 2)
    blocks: list[Block] = []
    offset = match.start(1)
    for n, line in enumerate(match.group(1).splitlines(keepends=True), start=2):
        m = re.match(r"([A-Za-z_][\w -]*):[ \t]*(.*?)[ \t]*$", line.rstrip("\n"))
        if m and m.group(2):
            # Cite the value itself: inside its quotes, without a trailing comment.
            v = _VALUE.match(m.group(2))
            value_start, value_end = offset + m.start(2) + v.start(2), offset + m.start(2) + v.end(2)
            if value_end > value_start:
                blocks.append(Block("meta", text[value_start:value_end], value_start, value_end,
                                    row={"key": _meta_key(m.group(1))}, line=n))
        offset += len(line)
    meta = {_meta_key(k): v for k, v in data.items()}
    return meta, blocks, match.end()


# A scalar on a 'key: value' line: "quoted", 'quoted' or plain, then an optional # comment.
_VALUE = re.compile(r"""(["']?)(.*?)\1(?:[ \t]+#.*)?$""")


def _meta_key(key: object) -> str:
    """Front matter keys compare in lower case with '_' for spaces ('Organisation Kind')."""
    return str(key).strip().lower().replace(" ", "_")


# "Key: value" fields accepted at the top of a .docx, .pdf or a text without front matter, by their
# normalised name (lower case, '_' for spaces) -> the metadata key they set.
FIELD_KEYS = {
    "title": "title",
    "pseudonym": "pseudonym",
    "interviewee": "interviewee",
    "organisation": "organisation",
    "organization": "organization",
    "organisation_kind": "organisation_kind",
    "organization_kind": "organization_kind",
    "organisation_type": "organisation_kind",
    "organization_type": "organization_kind",
    "role": "role",
    "country": "country",
    "date": "date",
    "consent": "consent",
    "interviewer": "interviewer",
}

_FIELD = re.compile(r"^[ \t]*(?:\*\*)?([A-Za-z][A-Za-z _-]{0,30}?)(?:\*\*)?[ \t]*:(?:\*\*)?[ \t]*(.*?)[ \t]*$")


def field(line: str) -> tuple[str, int, int] | None:
    """``(metadata key, value start, value end)`` when ``line`` is a known "Key: value" field.

    A value that reads like a sentence (a question, or four words or more
    ending in a full stop, or more than twelve words) is a speaker's turn,
    not a field.

    >>> field("Organisation Kind: cso")
    ('organisation_kind', 19, 22)
    >>> field("Interviewer: How did the group start?") is None
    True
    """
    m = _FIELD.match(line)
    if not m or not m.group(2):
        return None
    key = FIELD_KEYS.get(_meta_key(m.group(1)).replace("-", "_"))
    value = m.group(2)
    words = len(value.split())
    if key is None or words > 12 or value.endswith(("?", "!")) or (value.endswith(".") and words >= 4):
        return None
    return key, m.start(2), m.end(2)


def field_run(lines: list[str]) -> list[tuple[int, str, int, int]]:
    """The leading run of field lines: ``(index, key, value start, value end)``.

    Blank lines may separate fields; the run ends at the first other line or
    at a key seen before.  A run made of one ``Interviewer:`` line alone is
    taken for a speaker's turn and ignored.
    """
    run: list[tuple[int, str, int, int]] = []
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        found = field(line)
        if found is None or any(found[0] == r[1] for r in run):
            break
        run.append((i, *found))
    if [r[1] for r in run] == ["interviewer"]:
        return []
    return run


def field_blocks(text: str, spans: list[tuple[int, str, int, int]]) -> tuple[dict, list[Block]]:
    """Metadata and ``meta`` blocks for fields found at ``(line number, key, start, end)`` in ``text``."""
    meta: dict[str, str] = {}
    blocks = []
    for line, key, s, e in spans:
        meta[key] = text[s:e]
        blocks.append(Block("meta", text[s:e], s, e, row={"key": key}, line=line))
    return meta, blocks


def leading_fields(text: str, title_line: bool = True) -> tuple[dict, list[Block], int, int]:
    r""""Key: value" fields at the top of a text without front matter (after at most one title line).

    Returns the metadata, its ``meta`` blocks, the offset where the text
    before the fields ends (a title line, else 0) and the offset where the
    body after them starts (0 when there are no fields).

    >>> meta, blocks, head, body = leading_fields("Pseudonym: K2\nOrganisation: Dunmere Trust\n\nINT: Hello?\n")
    >>> meta, head, body
    ({'pseudonym': 'K2', 'organisation': 'Dunmere Trust'}, 0, 42)
    """
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    offset_line, head = first, 0
    run = field_run(lines[first:])
    if not run and title_line:
        following = next((i for i in range(first + 1, len(lines)) if lines[i].strip()), len(lines))
        run = field_run(lines[following:]) if following < len(lines) else []
        offset_line, head = following, starts[following] if following < len(lines) else 0
    if not run:
        return {}, [], 0, 0
    fields = [(offset_line + i + 1, k, starts[offset_line + i] + s, starts[offset_line + i] + e) for i, k, s, e in run]
    meta, blocks = field_blocks(text, fields)
    last = fields[-1][0] - 1
    return meta, blocks, head, min(len(text), starts[last] + len(lines[last]) + 1)


def require_text(path: Path, text: str, what: str = "text") -> None:
    """An empty or blank document is an error, not an empty graph."""
    if not text.strip():
        raise InputError(path, f"the file has no {what} (it is empty or only blank); "
                               "add its content or leave it out of the corpus")


@reader(".txt", ".md", ".markdown", ".text")
def read_text(path: Path, key: str, raw: bytes) -> Document:
    text, encoding = decode_text(path, raw)
    require_text(path, text)
    markdown = path.suffix.lower() in {".md", ".markdown"}
    meta, meta_blocks, body = front_matter(path, text)
    head: list[Block] = []
    if not meta:  # no front matter: "Pseudonym: …" / "Organisation: …" lines at the top, as in a .docx or .pdf
        meta, meta_blocks, title_end, fields_end = leading_fields(text)
        if meta:
            head = parse_blocks(text[:title_end], markdown=markdown) if title_end else []
            body = fields_end
    blocks = head + parse_blocks(text, body, markdown=markdown)
    doc = Document(
        path=path,
        key=key,
        text=text,
        sha256=sha256(raw),
        media_type="text/markdown" if path.suffix.lower() in {".md", ".markdown"} else "text/plain",
        metadata=meta,
        blocks=meta_blocks + blocks,
    )
    if encoding_warnings(encoding):
        doc.metadata[WARNINGS] = encoding_warnings(encoding)
    doc.kind = classify(doc)
    doc.title = str(meta.get("title") or _first_heading(doc) or path.stem)
    return doc


def _first_heading(doc: Document) -> str | None:
    for block in doc.blocks:
        if block.kind == "heading":
            return block.text
        if block.kind not in {"meta"}:
            return None
    return None
