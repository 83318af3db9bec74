"""Coded segments of REFI-QDA sources → records, through the code mapping.

A coder has already judged what each segment is about; this module takes
that judgement as given (the mapping format is in :mod:`.codemap`).  Each
record cites the whole coded segment, with ``extracted_by="qdpx-code"`` and
confidence 1.0, so that a reviewer can tell coder-made items from rule-made
ones.  The text rules still run on the source text, and items from both
merge in resolution (stakeholders by name, engagements by parties and mode,
moments by label and date, initiatives by name).

Two passes, around the text rules.  :func:`read_segments` (before) adds the
coded stakeholders and initiatives, so that the rules' gazetteer knows their
names; :func:`segment_records` (after) adds engagements, moments and
findings, using the organisations the rules recognise inside each segment
and the rules' moment labels, so that a moment both found merges into one.

- ``stakeholder`` codes give stakeholder mentions; ``target_group`` codes
  give them target groups (or, with no stakeholder coded, the speaker's
  organisation from the source's variables);
- a ``mode`` code gives an engagement of that mode between the speaker's
  organisation and each other party coded or named in the segment (with no
  speaker organisation: between the two parties, when there are exactly two);
- ``direction``/``driver`` codes give a pivotal moment whose actors are the
  coded stakeholders; ``finding_type`` a finding; ``initiative`` an initiative.

Codes with no mapping, and values that are not concepts, are reported once
per code; a segment that cannot give the record its codes ask for is
reported with its place (line and characters).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import VocabularyError
from ..model import (
    Block,
    Document,
    Engagement,
    Evidence,
    Extraction,
    Finding,
    Initiative,
    Person,
    PivotalMoment,
    Problem,
    StakeholderMention,
)
from ..ontology.lexicon import concept
from .cite import evidence
from .codemap import KIND_SCHEME, MAPPING_TYPES, concept_key, lookup
from .nlp import pipeline
from .orgs import find_organisations
from .resolve import name_key
from .textpass import Lexicons, link_references, respondent_labels

BY = "qdpx-code"
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
LABEL_WORDS = 12


@dataclass
class Segment:
    """One coded selection, with what its codes mean and who speaks in it."""

    doc: Document
    block: Block
    evidence: Evidence
    concepts: dict[str, list[str]] = field(default_factory=dict)  # mapping type → values, in code order
    kinds: dict[str, str] = field(default_factory=dict)  # stakeholder or initiative value → its kind
    speaker_org: str | None = None

    def values(self, kind: str) -> list[str]:
        return self.concepts.get(kind, [])

    @property
    def where(self) -> str:
        b = self.block
        quote = " ".join(b.text.split())
        short = quote if len(quote) <= 50 else quote[:47] + "…"
        return f"{self.doc.key}:{b.line}: coded segment at characters {b.start}-{b.end} (\"{short}\")"


def _project(doc: Document) -> str:
    """The .qdpx key a source document came from."""
    return doc.key.split("#", 1)[0]


def _is_qdpx(doc: Document) -> bool:
    return "code_mapping" in doc.metadata and "variables" in doc.metadata


@dataclass
class _Report:
    """Problems about codes, gathered over every source so each is said once."""

    unmapped: Counter = field(default_factory=Counter)  # (project, mapping file, code) → segments
    invalid: dict[tuple[str, str], str] = field(default_factory=dict)  # (project, code) → message
    no_mapping: Counter = field(default_factory=Counter)  # project → coded segments

    def problems(self) -> list[Problem]:
        out = []
        for project, n in sorted(self.no_mapping.items()):
            stem = Path(project).stem
            out.append(Problem(project, f"{project}: {n} coded segment(s) but no code mapping beside the project, "
                                        "so the codes give no records; write "
                                        f"{stem}.mapping.yaml (or codes.mapping.yaml) mapping each code to "
                                        f"a type ({', '.join(MAPPING_TYPES)})", "warning"))
        for (project, mfile, code), n in sorted(self.unmapped.items()):
            out.append(Problem(project, f"{project}: code '{code}' (on {n} coded segment(s)) has no entry in "
                                        f"{mfile}, so it gives no records; add it with a type "
                                        f"({', '.join(MAPPING_TYPES)}), or as {{type: ignore}}", "warning"))
        for (project, _), message in sorted(self.invalid.items()):
            out.append(Problem(project, message, "error"))
        return out


def _codes(doc: Document, b: Block, report: _Report) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The concepts a coded block's codes map to (type → values) and the kinds given with them."""
    mapping = doc.metadata.get("code_mapping") or {}
    mfile = Path(str(doc.metadata.get("code_mapping_file") or "the code mapping")).name
    project = _project(doc)
    concepts: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    for code in filter(None, (b.row or {}).get("codes", "").split(";")):
        entry = lookup(mapping, code)
        if entry is None:
            report.unmapped[(project, mfile, code)] += 1
            continue
        if entry["type"] == "ignore":
            continue
        try:
            value = concept_key(entry)
            if entry.get("kind"):
                kinds[value] = concept(KIND_SCHEME[entry["type"]], entry["kind"])
        except VocabularyError as err:
            report.invalid.setdefault((project, code), (
                f"{project}: code '{code}' maps to a {entry['type']} in {mfile}, but {err}; "
                f"give '{code}' its own entry in {mfile} with a value"))
            continue
        if value not in concepts.setdefault(entry["type"], []):
            concepts[entry["type"]].append(value)
    return concepts, kinds


def _source_people(doc: Document, out: Extraction) -> None:
    """The interviewee and their organisation named in a source's variables (a .qdpx has no front matter).

    The organisation is cited by the sentence where the text first names it,
    else (like the person) by the interviewee's first answer.
    """
    meta = doc.metadata
    org = str(meta.get("organisation") or meta.get("organization") or "").strip()
    pseudonym = str(meta.get("pseudonym") or meta.get("interviewee") or "").strip()
    respondents = respondent_labels(doc) if doc.kind == "transcript" else set()
    content = [b for b in doc.blocks if b.kind in {"turn", "paragraph", "bullet"}]
    first = next((b for b in content if b.speaker in respondents), content[0] if content else None)
    if first is None:
        return
    speaker = (pseudonym or None) if first.speaker in respondents else None
    answer = evidence(doc, first.start, first.end, "qdpx-variables", speaker=speaker)
    if org:
        at = doc.text.casefold().find(org.casefold())
        block = next((b for b in content if b.start <= at < b.end), None)
        ev = answer
        if block is not None:
            s, e = _sentence_around(doc.text[block.start:block.end], at - block.start)
            ev = evidence(doc, block.start + s, block.start + e, "qdpx-variables",
                          speaker=(pseudonym or None) if block.speaker in respondents else None)
        raw_kind = meta.get("organisation_kind") or meta.get("organization_kind") or meta.get("kind")
        try:
            kind = concept("kind", str(raw_kind)) if raw_kind else None
        except VocabularyError as err:
            out.problems.append(Problem(doc.key, f"{doc.key}: source variable 'kind': {err}", "warning"))
            kind = None
        out.mentions.append(StakeholderMention(name=org, evidence=ev, authority="front-matter", kind=kind,
                                               kind_reason=f"stated in the source variables of {doc.key}"
                                               if kind else ""))
    if pseudonym:
        out.people.append(Person(pseudonym=pseudonym, organisation=org or None,
                                 role=str(meta["role"]).strip() if meta.get("role") else None, evidence=[answer]))


def _sentence_around(text: str, at: int) -> tuple[int, int]:
    """The span of the sentence of ``text`` holding offset ``at``.

    >>> _sentence_around("We met. Lowfield Trust called us. Then", 10)
    (8, 33)
    """
    sent = next(s for s in pipeline()(text).sents if s.start_char <= at < s.end_char or s.end_char >= len(text))
    return sent.start_char, sent.end_char


def read_segments(documents: list[Document], out: Extraction) -> list[Segment]:
    """First pass: stakeholders and initiatives from codes, and the segments for :func:`segment_records`."""
    report = _Report()
    segments = []
    for doc in documents:
        if not _is_qdpx(doc):
            continue
        _source_people(doc, out)
        coded = [b for b in doc.blocks if b.kind == "coded"]
        if coded and not doc.metadata.get("code_mapping_file"):
            report.no_mapping[_project(doc)] += len(coded)
            continue
        respondents = respondent_labels(doc) if doc.kind == "transcript" else set()
        turns = any(b.kind == "turn" for b in doc.blocks)
        org = str(doc.metadata.get("organisation") or doc.metadata.get("organization") or "").strip() or None
        pseudonym = str(doc.metadata.get("pseudonym") or "").strip() or None
        for b in coded:
            concepts, kinds = _codes(doc, b, report)
            if not concepts:
                continue
            respondent = b.speaker in respondents
            ev = evidence(doc, b.start, b.end, BY, speaker=pseudonym if respondent else None, confidence=1.0)
            seg = Segment(doc, b, ev, concepts, kinds, speaker_org=org if respondent or not turns else None)
            segments.append(seg)
            _mentions(seg, out)
    out.problems.extend(report.problems())
    return segments


def _mentions(seg: Segment, out: Extraction) -> None:
    groups = tuple(seg.values("target_group"))
    mfile = Path(str(seg.doc.metadata.get("code_mapping_file"))).name
    for name in seg.values("stakeholder"):
        kind = seg.kinds.get(name)
        out.mentions.append(StakeholderMention(name=name, evidence=seg.evidence, authority="table", kind=kind,
                                               kind_reason=f"set in code mapping {mfile}" if kind else "",
                                               target_groups=groups))
    if groups and not seg.values("stakeholder"):
        if seg.speaker_org:
            out.mentions.append(StakeholderMention(name=seg.speaker_org, evidence=seg.evidence, authority="table",
                                                   target_groups=groups))
        else:
            out.problems.append(Problem(seg.doc.key, f"{seg.where} is coded with target group(s) "
                                                     f"{', '.join(groups)} but no stakeholder, and no organisation "
                                                     "speaks in it; code the stakeholder that serves them",
                                        "warning"))
    for name in seg.values("initiative"):
        out.initiatives.append(Initiative(name=name, initiative_type=seg.kinds.get(name), evidence=[seg.evidence],
                                          target_groups=set(groups)))


def segment_records(segments: list[Segment], out: Extraction) -> None:
    """Second pass (after the text rules): engagements, pivotal moments and findings from codes."""
    if not segments:
        return
    lex = Lexicons.for_extraction(out)
    texts = (s.doc.text[s.block.start:s.block.end] for s in segments)
    for seg, sdoc in zip(segments, pipeline().pipe(texts), strict=True):
        if seg.values("mode"):
            _engagements(seg, _named(sdoc, lex), out)
        if seg.values("direction") or seg.values("driver"):
            _moment(seg, sdoc, out)
        for ftype in seg.values("finding_type"):
            out.findings.append(Finding(finding_type=ftype, text=" ".join(seg.block.text.split()),
                                        evidence=[seg.evidence], strands=sorted(seg.values("target_group")),
                                        about=sorted(seg.values("initiative"))))


def _named(sdoc, lex: Lexicons) -> list[str]:
    """Organisations the text rules recognise in a segment (named ones, not "the police")."""
    found = link_references(find_organisations(sdoc, lex.orgs), lex.org_names)
    return list(dict.fromkeys(m.name for m in found if not m.generic and m.rule != "lower-ref"))


def _engagements(seg: Segment, named: list[str], out: Extraction) -> None:
    parties: dict[str, str] = {}
    for name in [*seg.values("stakeholder"), *named, *([seg.speaker_org] if seg.speaker_org else [])]:
        parties.setdefault(name_key(name), name)
    coded = {name_key(n) for n in seg.values("stakeholder")}
    for key, name in parties.items():
        if key not in coded and name != seg.speaker_org:  # recognised by rule: cite it as the rules do
            out.mentions.append(StakeholderMention(name=name, evidence=evidence(
                seg.doc, seg.block.start, seg.block.end, "segment-org", confidence=0.9), authority="text"))
    names = list(parties.values())
    if seg.speaker_org:
        pairs = [(seg.speaker_org, n) for n in names if name_key(n) != name_key(seg.speaker_org)]
    else:
        pairs = [(names[0], names[1])] if len(names) == 2 else []
    modes = ", ".join(seg.values("mode"))
    if not pairs:
        told = ", ".join(f"'{n}'" for n in names) or "none"
        why = "only one party can be told" if len(names) < 2 else \
            "no organisation speaks in it, and more than two parties are named"
        out.problems.append(Problem(seg.doc.key, f"{seg.where} is coded {modes} but {why} (parties: {told}); "
                                                 "no engagement was made — code the parties as stakeholders",
                                    "warning"))
        return
    years = {int(y) for y in _YEAR.findall(seg.block.text)}
    for mode in seg.values("mode"):
        for a, b in pairs:
            out.engagements.append(Engagement(parties=(a, b), mode=mode, initiator=seg.speaker_org or a,
                                              evidence=[seg.evidence], years=set(years)))


def _moment(seg: Segment, sdoc, out: Extraction) -> None:
    directions = seg.values("direction")
    s, e = seg.block.start, seg.block.end
    found = [m for m in out.moments if any(ev.document == seg.doc.key and ev.start < e and s < ev.end
                                           and ev.extracted_by != BY for ev in m.evidence)]
    if len(directions) > 1:
        out.problems.append(Problem(seg.doc.key, f"{seg.where} is coded both {' and '.join(directions)}; "
                                                 "no moment was made — keep one direction code", "warning"))
        return
    direction = directions[0] if directions else next((m.direction for m in found), None)
    if direction is None:
        out.problems.append(Problem(seg.doc.key, f"{seg.where} is coded with driver(s) "
                                                 f"{', '.join(seg.values('driver'))} but no direction; no moment "
                                                 "was made — add a direction code (forward or backward)",
                                    "warning"))
        return
    same = next((m for m in found if m.direction == direction), None)
    if same is not None:  # the rules found this moment too: take their label so that both merge
        label, date = same.label, same.date
    else:
        label, date = _label(sdoc)
    out.moments.append(PivotalMoment(label=label, direction=direction, date=date, evidence=[seg.evidence],
                                     drivers=list(seg.values("driver")), actors=list(seg.values("stakeholder"))))


def _label(sdoc) -> tuple[str, str | None]:
    """A moment's label from a segment: its first sentence, cut to :data:`LABEL_WORDS` words; its year.

    >>> _label(pipeline()("In 2021 the Lowfield Trust and the county police agreed to pool their data. Later..."))
    ('In 2021 the Lowfield Trust and the county police agreed to pool …', '2021')
    >>> _label(pipeline()("The panel didn't last. It met in 2016 and 2017."))
    ("The panel didn't last", None)
    """
    first = next(iter(sdoc.sents))
    words = [t for t in first if not t.is_space]
    while words and words[-1].is_punct:
        words.pop()
    if not words:
        return " ".join(sdoc.text.split())[:80], None
    cut = words[:LABEL_WORDS]
    while len(cut) > 1 and cut[-1].is_punct:
        cut.pop()
    label = sdoc.text[cut[0].idx:cut[-1].idx + len(cut[-1])] + (" …" if len(words) > LABEL_WORDS else "")
    in_first, anywhere = _YEAR.findall(first.text), set(_YEAR.findall(sdoc.text))
    return label, in_first[0] if in_first else (anywhere.pop() if len(anywhere) == 1 else None)
