"""Reader for PDF files: the text layer, page by page (pypdf).

The text of each page is extracted as laid out and the pages are joined
with a blank line ("\\n\\n"), so a paragraph never runs across a page break;
``Document.metadata["pages"]`` holds each page's ``[start, end]`` span of the
text, so a quote can be cited by page.  Headings, bullets and speaker turns
are then found as in a plain-text file, and "Key: value" fields (the keys of
:data:`text.FIELD_KEYS`) at the top of the first page, after at most one
title line, are read as metadata, as in a .docx.

A PDF with no text at all (a scan) is an error that says to OCR it first;
so are a damaged file and a password-protected one.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from ..errors import InputError
from ..model import Document
from .read import reader, sha256
from .structure import classify, parse_blocks
from .text import leading_fields

MEDIA_TYPE = "application/pdf"


def _pages(path: Path, raw: bytes) -> list[str]:
    from pypdf import PdfReader

    if b"%PDF" not in raw[:1024]:
        raise InputError(path, "is not a PDF file (no %PDF header); check the file or give it its real extension")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every small flaw it repairs
    try:
        pdf = PdfReader(io.BytesIO(raw))
        if pdf.is_encrypted:
            try:
                opened = pdf.decrypt("")
            except Exception:  # noqa: BLE001 - missing crypto support or a bad key: both mean "locked"
                opened = 0
            if not opened:
                raise InputError(path, "is password-protected; save an unprotected copy and rebuild")
        return [page.extract_text() or "" for page in pdf.pages]
    except InputError:
        raise
    except Exception as err:  # noqa: BLE001 - any failure of the parser means a damaged file
        raise InputError(path, f"cannot be read as a PDF ({type(err).__name__}: {err}); "
                               "open it and save or print it to a new PDF") from err


def _clean(page: str) -> str:
    text = page.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


@reader(".pdf")
def read_pdf(path: Path, key: str, raw: bytes) -> Document:
    pages = [_clean(p) for p in _pages(path, raw)]
    if not any(p.strip() for p in pages):
        raise InputError(path, f"the PDF has no text layer ({len(pages)} page(s) of images, probably a scan); "
                               "run OCR on it first (for example: ocrmypdf in.pdf out.pdf) and rebuild")
    text, spans, offset = "", [], 0
    for i, page in enumerate(pages):
        if i:
            text += "\n\n"
            offset += 2
        spans.append([offset, offset + len(page)])
        text += page
        offset += len(page)
    text += "\n"

    meta, meta_blocks, title_end, body = leading_fields(text)
    if meta:
        head = parse_blocks(text[:title_end]) if title_end else []
        blocks = head + meta_blocks + parse_blocks(text, body)
    else:
        blocks = parse_blocks(text)
    meta["pages"] = spans
    doc = Document(path=path, key=key, text=text, sha256=sha256(raw), media_type=MEDIA_TYPE,
                   metadata=meta, blocks=blocks)
    doc.kind = classify(doc)
    first_heading = next((b.text for b in doc.blocks if b.kind == "heading"), None)
    doc.title = str(meta.get("title") or first_heading or path.stem)
    return doc
