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
