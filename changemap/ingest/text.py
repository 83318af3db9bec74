"""Reader for plain text and Markdown, with optional YAML front matter."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..errors import FrontMatterError
from ..model import Block, Document
from .read import decode, reader, sha256
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
            value_start = offset + m.start(2)
            blocks.append(Block("meta", m.group(2), value_start, value_start + len(m.group(2)),
                                row={"key": m.group(1).strip()}, line=n))
        offset += len(line)
    meta = {str(k).strip().lower().replace(" ", "_"): v for k, v in data.items()}
    return meta, blocks, match.end()


@reader(".txt", ".md", ".markdown", ".text")
def read_text(path: Path, key: str, raw: bytes) -> Document:
    text = decode(path, raw)
    meta, meta_blocks, body = front_matter(path, text)
    blocks = parse_blocks(text, body, markdown=path.suffix.lower() in {".md", ".markdown"})
    doc = Document(
        path=path,
        key=key,
        text=text,
        sha256=sha256(raw),
        media_type="text/markdown" if path.suffix.lower() in {".md", ".markdown"} else "text/plain",
        metadata=meta,
        blocks=meta_blocks + blocks,
    )
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
