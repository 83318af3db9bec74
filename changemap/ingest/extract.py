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
    Evidence,
    Extraction,
    Finding,
    Person,
    PivotalMoment,
    Problem,
    SourceEvent,
    StakeholderMention,
)
from ..ontology.lexicon import concept, phrases, schemes
from .nlp import PhraseIndex, pipeline

CONTEXT = 32
_LIST_SPLIT = re.compile(r"\s*[;|]\s*")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_INTERVIEWER_LABELS = {"interviewer", "int", "i", "q", "question", "moderator", "facilitator",
                       "researcher"}


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


def split_list(cell: str | None) -> list[str]:
    """Cells such as ``"a; b | c"`` → ``["a", "b", "c"]``."""
    return [p for p in _LIST_SPLIT.split(cell or "") if p.strip()] if cell else []


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
    for doc in documents:
        handler = handlers.get(doc.kind)
        if handler:
            handler(doc, out)
    _text_mentions([d for d in documents if d.kind in {"transcript", "summary", "text"}], out)
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
        ev = evidence(doc, block.start, block.end, "front-matter") if block else None
        raw_kind = meta.get("organisation_kind") or meta.get("organization_kind") or meta.get("kind")
        kind = _concept(out, doc, 1, "kind", str(raw_kind) if raw_kind else None)
        reason = f"stated in front matter of {doc.key}" if kind else ""
        if ev:
            out.mentions.append(StakeholderMention(name=org, evidence=ev, authority="front-matter",
                                                   kind=kind, kind_reason=reason))
    if pseudonym:
        block = _meta_block(doc, "pseudonym") or _meta_block(doc, "interviewee")
        if block:
            out.people.append(Person(
                pseudonym=pseudonym,
                organisation=org or None,
                role=str(meta["role"]).strip() if meta.get("role") else None,
                evidence=[evidence(doc, block.start, block.end, "front-matter")],
            ))
    elif doc.kind == "transcript":
        _problem(out, doc, 1, "transcript has no 'pseudonym' in its front matter; "
                              "add one so quotes can be attributed")


def respondent_labels(doc: Document) -> set[str]:
    """Speaker labels in ``doc`` that belong to the interviewee."""
    labels = {b.speaker for b in doc.blocks if b.kind == "turn" and b.speaker}
    interviewer = str(doc.metadata.get("interviewer") or "").casefold()
    asking = {lab for lab in labels if lab.casefold() in _INTERVIEWER_LABELS
              or (interviewer and lab.casefold() == interviewer)}
    if not asking and len(labels) == 2:
        # The one who asks more questions is the interviewer.
        def questions(label: str) -> float:
            turns = [b for b in doc.blocks if b.kind == "turn" and b.speaker == label]
            return sum(b.text.rstrip().endswith("?") for b in turns) / max(1, len(turns))
        asking = {max(sorted(labels), key=questions)}
    return labels - asking


def _summary(doc: Document, out: Extraction) -> None:
    ftypes = schemes()["finding_type"]
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
            found = ftypes.lookup(b.text)
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


def _text_mentions(documents: list[Document], out: Extraction) -> None:
    """Gazetteer matches of every declared name and alias, cited by sentence."""
    names: dict[str, set[str]] = {}
    for m in out.mentions:
        names.setdefault(m.name, set()).update([m.name, *m.aliases])
    orgs = PhraseIndex({f"org:{k}": v for k, v in names.items()})
    groups = PhraseIndex({f"tg:{k}": v for k, v in phrases("target_group").items()})
    findings_by_doc: dict[tuple[str, int], Finding] = {
        (f.evidence[0].document, f.evidence[0].start): f for f in out.findings
    }
    nlp = pipeline()
    for doc in documents:
        respondents = respondent_labels(doc) if doc.kind == "transcript" else set()
        pseudonym = str(doc.metadata.get("pseudonym") or "") or None
        blocks = [b for b in doc.blocks if b.kind in {"paragraph", "bullet", "turn", "heading"}]
        texts = (doc.text[b.start:b.end] for b in blocks)
        for b, sdoc in zip(blocks, nlp.pipe(texts), strict=True):
            speaker = pseudonym if b.speaker in respondents else None
            finding = findings_by_doc.get((doc.key, b.start))
            for key, _, _ in groups.find(sdoc):
                if finding is not None and key[3:] not in finding.strands:
                    finding.strands.append(key[3:])
            for key, s, e in orgs.find(sdoc):
                sent = sdoc.char_span(s, e, alignment_mode="expand").sent
                ev = evidence(doc, b.start + sent.start_char, b.start + sent.end_char, "gazetteer",
                              speaker=speaker, confidence=0.9)
                out.mentions.append(StakeholderMention(name=key[4:], evidence=ev, authority="text"))
