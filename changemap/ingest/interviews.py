"""Interview metadata kept in a separate table instead of each transcript's front matter.

A table with the columns ``file, pseudonym`` (and any of ``organisation,
organisation_kind, role, country, date, consent, interviewer``; synonyms as in
:mod:`changemap.ingest.tables`) describes the transcripts of the same build.
Each row is matched to one document by its ``file`` cell: the document's key
or path ending in it, or its file name or stem, compared without case.  The
row's values fill the keys the transcript's own front matter does not give
(front matter wins; a different value is reported), and the table cell is
the evidence for the organisation and the interviewee.  A row that names no
document, or one that names several, is reported with the table's line.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ..model import Document, Evidence, Extraction, Problem
from .cite import cell_evidence
from .structure import classify

SOURCES = "_metadata_sources"  # metadata key -> Evidence citing the table cell it came from
FIELDS = ("pseudonym", "organisation", "organisation_kind", "role", "country", "date", "consent", "interviewer")


def _candidates(cell: str, documents: list[Document]) -> list[Document]:
    want = cell.strip().replace("\\", "/").casefold()
    if not want:
        return []
    stem = PurePosixPath(want).stem
    exact = [d for d in documents if d.key.casefold() == want or d.key.casefold().endswith("/" + want)]
    if exact:
        return exact
    return [d for d in documents if PurePosixPath(d.key.casefold()).name == want
            or PurePosixPath(d.key.casefold()).stem == stem]


def metadata_evidence(doc: Document, key: str) -> Evidence | None:
    """The table cell a metadata value came from, if it came from a metadata table."""
    return (doc.metadata.get(SOURCES) or {}).get(key)


def apply_metadata_tables(documents: list[Document], out: Extraction) -> None:
    """Fill transcripts' metadata from every interview metadata table in ``documents``."""
    texts = [d for d in documents if d.kind not in {"register", "engagement-list", "timeline", "interview-metadata"}]
    for table in (d for d in documents if d.kind == "interview-metadata"):
        for b in table.blocks:
            row = b.row or {}
            where = f"{table.key}:{b.line}"
            found = _candidates(row.get("file", ""), texts)
            if len(found) != 1:
                what = "names no document in this build" if not found else \
                    f"matches {len(found)} documents ({', '.join(sorted(d.key for d in found))})"
                out.problems.append(Problem(table.key, f"{where}: file '{row.get('file', '')}' {what}; "
                                                       "give the transcript's file name or path", "warning"))
                continue
            doc = found[0]
            sources = doc.metadata.setdefault(SOURCES, {})
            for key in FIELDS:
                value = (row.get(key) or "").strip()
                if not value:
                    continue
                own = doc.metadata.get(key)
                if own in (None, ""):
                    doc.metadata[key] = value
                    sources[key] = cell_evidence(table, b, key, "metadata-table")
                elif str(own).strip().casefold() != value.casefold():
                    out.problems.append(Problem(table.key, f"{where}: {key} '{value}' differs from '{own}' in "
                                                           f"{doc.key}'s front matter; the front matter is used",
                                                "warning"))
            if doc.kind != "transcript":
                doc.kind = classify(doc)
