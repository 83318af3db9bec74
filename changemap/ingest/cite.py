"""Evidence: a cited span of a document, with its exact text and context."""

from __future__ import annotations

from ..model import Document, Evidence

CONTEXT = 32


def evidence(doc: Document, start: int, end: int, by: str, *, speaker: str | None = None,
             confidence: float = 1.0) -> Evidence:
    """Evidence for ``doc.text[start:end]``, trimmed of surrounding spaces."""
    raw = doc.text[start:end]
    start += len(raw) - len(raw.lstrip())
    end -= len(raw) - len(raw.rstrip())
    return Evidence(
        document=doc.key,
        start=start,
        end=end,
        quote=doc.text[start:end],
        prefix=doc.text[max(0, start - CONTEXT):start],
        suffix=doc.text[end:end + CONTEXT],
        speaker=speaker,
        approved=doc.approved,
        extracted_by=by,
        confidence=confidence,
    )


def cell_evidence(doc: Document, block, column: str, by: str) -> Evidence:
    """Evidence for one table cell (its value as the quote), else for the whole row.

    The span covers the cell's raw text in the file; for a quoted cell the
    quote is its value, with doubled quote marks undone.
    """
    value = (block.row or {}).get(column, "")
    span = (block.cells or {}).get(column)
    if not value or span is None:
        return evidence(doc, block.start, block.end, by)
    raw = doc.text[span[0]:span[1]]
    start = span[0] + len(raw) - len(raw.lstrip())
    end = span[1] - (len(raw) - len(raw.rstrip()))
    return Evidence(document=doc.key, start=start, end=end, quote=value,
                    prefix=doc.text[max(0, start - CONTEXT):start], suffix=doc.text[end:end + CONTEXT],
                    approved=doc.approved, extracted_by=by)
