"""Extraction: documents → mentions and records, each with its evidence.

Each document kind has one small function.  Structured tables give
stakeholders, engagements and pivotal moments directly; transcripts give the
interviewee and their organisation from front matter; summaries give
findings from their layout (category headings, theme headings, bullets);
running text gives stakeholder mentions through a gazetteer built from every
name and alias the corpus declares.
"""

from __future__ import annotations

import datetime
import re

from ..errors import ChangemapError, VocabularyError
from ..model import (
    Document,
    Engagement,
    Extraction,
    Finding,
    Person,
    PivotalMoment,
    Problem,
    SourceEvent,
    StakeholderMention,
)
from ..ontology.lexicon import concept
from .cite import cell_evidence, evidence
from .coded import read_segments, segment_records
from .interviews import apply_metadata_tables, metadata_evidence
from .participants import KEYS as PARTICIPANT_KEYS
from .participants import speaker_organisations
from .structure import heading_category
from .textpass import respondent_labels, text_pass  # noqa: F401 - re-exported
from .topics import assign_topics

_LIST_SPLIT = re.compile(r"\s*[;|]\s*")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def split_list(cell: str | None) -> list[str]:
    """Cells such as ``"a; b | c"`` → ``["a", "b", "c"]``."""
    return [p for p in _LIST_SPLIT.split(cell or "") if p.strip()] if cell else []


def extract(documents: list[Document]) -> Extraction:
    """Run every extractor over ``documents``; problems are collected, not raised."""
    out = Extraction(documents=list(documents))
    handlers = {
        "register": _register,
        "engagement-list": _engagement_list,
        "timeline": _timeline,
        "transcript": _front_matter,
        "summary": _summary,
    }
    apply_metadata_tables(documents, out)  # interview metadata kept in a table, before any evidence is made
    for doc in documents:
        handler = handlers.get(doc.kind)
        if handler:
            handler(doc, out)
    segments = read_segments(documents, out)  # codes of REFI-QDA sources: before and after the text rules
    text_pass([d for d in documents if d.kind in {"transcript", "summary", "text"}], out)
    segment_records(segments, out)
    assign_topics(out)
    return out


def _problem(out: Extraction, doc: Document, line: int, err: ChangemapError | str) -> None:
    out.problems.append(Problem(doc.key, f"{doc.key}:{line}: {err}", "warning"))


def _concept(out: Extraction, doc: Document, line: int, scheme: str, value: str | None) -> str | None:
    """The concept key for a cell, or None (and a problem naming file:line) if unknown."""
    if not value:
        return None
    try:
        return concept(scheme, value)
    except VocabularyError as err:
        _problem(out, doc, line, err)
        return None


def _concepts(out: Extraction, doc: Document, line: int, scheme: str, cell: str | None) -> list[str]:
    """Concept keys for a ';'-separated cell; unknown values become problems."""
    found = (_concept(out, doc, line, scheme, v) for v in split_list(cell))
    return [k for k in found if k]


def _register(doc: Document, out: Extraction) -> None:
    for b in doc.blocks:
        row = b.row or {}
        name = row.get("name", "").strip()
        if not name:
            _problem(out, doc, b.line, "register row has no name; fill the name column or delete the row")
            continue
        kind = _concept(out, doc, b.line, "kind", row.get("kind"))
        reason = f"stated in register {doc.key}" if kind else ""
        groups = _concepts(out, doc, b.line, "target_group", row.get("target_groups"))
        known = {"name", "kind", "aliases", "target_groups"}
        out.mentions.append(StakeholderMention(
            name=name,
            evidence=evidence(doc, b.start, b.end, "register-row"),
            authority="register",
            kind=kind,
            kind_reason=reason,
            aliases=tuple(split_list(row.get("aliases"))),
            target_groups=tuple(groups),
            properties={k: v for k, v in row.items() if k not in known and v},
        ))


def _table_party(doc: Document, out: Extraction, b, column: str, by: str) -> str | None:
    name = (b.row or {}).get(column, "").strip()
    if name:
        out.mentions.append(StakeholderMention(name=name, evidence=cell_evidence(doc, b, column, by),
                                               authority="table"))
    return name or None


def _engagement_list(doc: Document, out: Extraction) -> None:
    for b in doc.blocks:
        row = b.row or {}
        source = _table_party(doc, out, b, "source", "engagement-row")
        target = _table_party(doc, out, b, "target", "engagement-row")
        if not source or not target:
            _problem(out, doc, b.line, "engagement needs both a source and a target; fill both cells")
            continue
        mode = _concept(out, doc, b.line, "mode", row.get("mode"))
        if mode is None:
            if not row.get("mode"):
                _problem(out, doc, b.line, "engagement has no mode; fill the mode cell (e.g. training)")
            continue
        sentiments = _concepts(out, doc, b.line, "sentiment", row.get("sentiment"))
        years = {int(y) for y in _YEAR.findall(row.get("year", ""))}
        known = {"source", "target", "mode", "year", "sentiment", "evidence"}
        out.engagements.append(Engagement(
            parties=(source, target),
            mode=mode,
            initiator=source,
            evidence=[cell_evidence(doc, b, "evidence", "engagement-row")],
            sentiments=sentiments,
            years=years,
            properties={k: v for k, v in row.items() if k not in known and v},
        ))


_DATE = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2}))?(?:[-/.](\d{1,2}))?\s*$")


def normalise_date(value: str) -> str | None:
    """'2019', '2019-3' or '2019-03-07' → ISO form; None if not a date."""
    m = _DATE.match(value or "")
    if not m:
        return None
    year, month, day = m.groups()
    try:  # a real calendar date: no month 13, no 30 February
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return "-".join([year] + [f"{int(p):02d}" for p in (month, day) if p])


def _timeline(doc: Document, out: Extraction) -> None:
    for b in doc.blocks:
        row = b.row or {}
        label = row.get("label", "").strip()
        if not label:
            _problem(out, doc, b.line, "pivotal moment has no label; fill the label cell")
            continue
        direction = _concept(out, doc, b.line, "direction", row.get("direction"))
        if direction is None:
            if not row.get("direction"):
                _problem(out, doc, b.line, "pivotal moment has no direction; write forward or backward")
            continue
        date = normalise_date(row.get("date", ""))
        if row.get("date") and date is None:
            _problem(out, doc, b.line, f"date '{row['date']}' is not YYYY, YYYY-MM or YYYY-MM-DD; "
                                       "the moment is kept without a date")
        drivers = _concepts(out, doc, b.line, "driver", row.get("drivers"))
        scale = _concept(out, doc, b.line, "scale", row.get("scale"))
        actors = split_list(row.get("actors"))
        for actor in actors:
            out.mentions.append(StakeholderMention(
                name=actor, evidence=cell_evidence(doc, b, "actors", "timeline-row"), authority="table"))
        known = {"date", "label", "direction", "drivers", "actors", "outcomes", "scale", "evidence"}
        out.moments.append(PivotalMoment(
            label=label,
            direction=direction,
            date=date,
            drivers=drivers,
            actors=actors,
            outcomes=split_list(row.get("outcomes")),
            scale=scale,
            evidence=[cell_evidence(doc, b, "evidence", "timeline-row")],
            properties={k: v for k, v in row.items() if k not in known and v},
        ))


def _meta_block(doc: Document, key: str):
    return next((b for b in doc.blocks if b.kind == "meta" and (b.row or {}).get("key") == key), None)


def _front_matter(doc: Document, out: Extraction) -> None:
    meta = doc.metadata
    org = str(meta.get("organisation") or meta.get("organization") or "").strip()
    pseudonym = str(meta.get("pseudonym") or meta.get("interviewee") or "").strip()
    if org:
        block = _meta_block(doc, "organisation") or _meta_block(doc, "organization")
        ev = evidence(doc, block.start, block.end, "front-matter") if block else \
            metadata_evidence(doc, "organisation")
        raw_kind = meta.get("organisation_kind") or meta.get("organization_kind") or meta.get("kind")
        kind = _concept(out, doc, 1, "kind", str(raw_kind) if raw_kind else None)
        where = f"front matter of {doc.key}" if block else f"interview metadata {ev.document if ev else ''}"
        reason = f"stated in {where}" if kind else ""
        if ev:
            # "Federal Prosecution Service, Regional Office Lower Dresk": the body before the comma is an alias
            head, _, unit = org.partition(",")
            aliases = (head.strip(),) if unit.strip() and len(head.split()) > 1 else ()
            out.mentions.append(StakeholderMention(name=org, evidence=ev, authority="front-matter",
                                                   kind=kind, kind_reason=reason, aliases=aliases))
    if pseudonym:
        block = _meta_block(doc, "pseudonym") or _meta_block(doc, "interviewee")
        ev = evidence(doc, block.start, block.end, "front-matter") if block else metadata_evidence(doc, "pseudonym")
        if ev:
            out.people.append(Person(
                pseudonym=pseudonym,
                organisation=org or None,
                role=str(meta["role"]).strip() if meta.get("role") else None,
                evidence=[ev],
            ))
    elif doc.kind == "transcript":
        _problem(out, doc, 1, "transcript has no 'pseudonym' in its front matter; "
                              "add one so quotes can be attributed")
    if doc.kind == "transcript":
        _participants(doc, out, {pseudonym.casefold()} if pseudonym else set())
        if not any(b.kind == "turn" for b in doc.blocks):
            first = next((b.line for b in doc.blocks if b.kind != "meta" and b.line), 1)
            _problem(out, doc, first, "transcript has no speaker turns that could be read, so no sentence is "
                                      "the interviewee's; start each turn with a label such as 'Interviewer:' "
                                      "and 'Respondent:' (or 'Q:' and 'A:')")


def _participants(doc: Document, out: Extraction, known: set[str]) -> None:
    """The other interviewees of a paired interview or focus group, and the bodies they speak for."""
    block = next((b for key in PARTICIPANT_KEYS for b in [_meta_block(doc, key)] if b), None)
    labels = {b.speaker: b for b in doc.blocks if b.kind == "turn" and b.speaker_for}
    for speaker, org in speaker_organisations(doc).items():
        turn = labels.get(speaker)
        if turn is not None:  # "P2 (Millbrook Council): …" — the label is the evidence
            line = doc.text.rfind("\n", 0, turn.start) + 1
            ev = evidence(doc, line, turn.start, "speaker-label")
        else:
            ev = evidence(doc, block.start, block.end, "front-matter") if block else None
        if ev is None:
            continue
        out.mentions.append(StakeholderMention(name=org, evidence=ev, authority="front-matter"))
        if speaker.casefold() not in known:
            known.add(speaker.casefold())
            out.people.append(Person(pseudonym=speaker, organisation=org, role=None, evidence=[ev]))


def _summary(doc: Document, out: Extraction) -> None:
    title_block = next((b for b in doc.blocks if b.kind == "heading"), None)
    event = SourceEvent(name=doc.title)
    if title_block is not None:
        event.evidence.append(evidence(doc, title_block.start, title_block.end, "summary-title"))
    else:
        first = next((b for b in doc.blocks if b.kind != "meta"), None)
        if first is None:
            return
        event.evidence.append(evidence(doc, first.start, first.end, "summary-title"))
    for b in doc.blocks:
        m = _YEAR.search(b.text) if b.kind in {"heading", "paragraph"} else None
        if m and event.date is None:
            event.date = m.group(1)
            break
    out.events.append(event)
    category, theme, category_level = None, None, 0
    for b in doc.blocks:
        if b.kind == "heading":
            found = heading_category(b.text)
            if found:
                category, theme, category_level = found, None, b.level
            elif category and 0 < b.level <= category_level:
                category, theme = None, None  # a Markdown section beside the category ends it
            elif category:
                theme = b.text
            continue
        if category is None or b.kind not in {"bullet", "paragraph"}:
            continue
        if b.kind == "paragraph" and theme is None:
            continue  # an introduction to the category, not a finding
        out.findings.append(Finding(
            finding_type=category,
            text=" ".join(b.text.split()),
            theme=theme,
            event=event.name,
            evidence=[evidence(doc, b.start, b.end, f"summary-{b.kind}")],
        ))
