"""Plain records that flow between the stages.

Readers produce :class:`Document` objects made of :class:`Block` s; extraction
produces mentions and records that each carry :class:`Evidence` (a character
span of one document); resolution merges mentions into canonical records;
``graph.build`` turns those into RDF.  Nothing here knows about RDF.

>>> ev = Evidence(document="examples/a.md", start=0, end=5, quote="Hello")
>>> ev.span
(0, 5)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Block:
    """A structural piece of a document, with its character span.

    ``kind`` is one of ``heading``, ``bullet``, ``paragraph``, ``turn``,
    ``row`` or ``meta``.  ``headings`` is the path of headings above it.
    """

    kind: str
    text: str
    start: int
    end: int
    level: int = 0
    headings: tuple[str, ...] = ()
    speaker: str | None = None
    timestamp: str | None = None
    row: dict[str, str] | None = None
    line: int = 0
    speaker_for: str | None = None  # "P2 (Harbour Trust):" — the body a turn's label says the speaker is from
    cells: dict[str, tuple[int, int]] | None = None  # column -> span of its raw text


@dataclass
class Document:
    """One input file, read into text and blocks.

    ``key`` is the path relative to the build input it came from (stable across
    machines); ``text`` is the full decoded text, and every span in the
    project indexes into it.
    """

    path: Path
    key: str
    text: str
    sha256: str
    kind: str = "text"
    title: str = ""
    media_type: str = "text/plain"
    metadata: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    @property
    def approved(self) -> bool:
        """Quotes from this document may be published (consent recorded)."""
        value = str(self.metadata.get("consent", "")).strip().lower()
        return value in {"approved", "yes", "true", "granted", "given"}


@dataclass(frozen=True)
class Evidence:
    """A quote: a character span of one document, and who said it.

    ``topic`` is the interview-protocol topic (a key of the topics scheme)
    of the question the quote answers, when that can be told.
    """

    document: str
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""
    speaker: str | None = None
    approved: bool = False
    extracted_by: str = ""
    confidence: float = 1.0
    topic: str | None = None

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass
class StakeholderMention:
    """An organisation named somewhere, before resolution.

    ``authority`` ranks the sources: a register row beats front matter, which
    beats a table cell, which beats running text.
    """

    name: str
    evidence: Evidence
    authority: str = "text"
    kind: str | None = None
    kind_reason: str = ""
    aliases: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    generic: bool = False
    properties: dict[str, str] = field(default_factory=dict)


@dataclass
class Stakeholder:
    """A canonical organisation after resolution."""

    name: str
    kind: str
    kind_reason: str
    aliases: set[str] = field(default_factory=set)
    target_groups: set[str] = field(default_factory=set)
    generic: bool = False
    evidence: list[Evidence] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)


@dataclass
class Person:
    """An interviewee, known only by pseudonym."""

    pseudonym: str
    organisation: str | None
    role: str | None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Engagement:
    """Two stakeholders working together in one mode."""

    parties: tuple[str, str]
    mode: str
    evidence: list[Evidence] = field(default_factory=list)
    initiator: str | None = None
    sentiments: list[str] = field(default_factory=list)
    years: set[int] = field(default_factory=set)
    properties: dict[str, str] = field(default_factory=dict)


@dataclass
class PivotalMoment:
    """A change-making moment that moved the agenda forward or back."""

    label: str
    direction: str
    evidence: list[Evidence] = field(default_factory=list)
    date: str | None = None
    drivers: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    scale: str | None = None
    properties: dict[str, str] = field(default_factory=dict)


@dataclass
class SourceEvent:
    """A workshop or conference that a summary reports on."""

    name: str
    evidence: list[Evidence] = field(default_factory=list)
    date: str | None = None


@dataclass
class Finding:
    """A judgement from a summary: good practice, challenge or opportunity."""

    finding_type: str
    text: str
    evidence: list[Evidence] = field(default_factory=list)
    theme: str | None = None
    strands: list[str] = field(default_factory=list)
    event: str | None = None
    about: list[str] = field(default_factory=list)  # names of initiatives the finding judges
    systems: list[tuple[str, str | None]] = field(default_factory=list)  # (operator, type) it judges


@dataclass
class Problem:
    """Something wrong with one input that did not stop the build."""

    path: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.severity}: {self.message}"


@dataclass
class Extraction:
    """Everything pulled from a corpus, before or after resolution."""

    documents: list[Document] = field(default_factory=list)
    mentions: list[StakeholderMention] = field(default_factory=list)
    stakeholders: list[Stakeholder] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    engagements: list[Engagement] = field(default_factory=list)
    moments: list[PivotalMoment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    events: list[SourceEvent] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    approved_quotes: set[str] = field(default_factory=set)  # "doc#start-end" approved in review
    merges: list[tuple[str, str, str]] = field(default_factory=list)
    recording_systems: list[RecordingSystem] = field(default_factory=list)
    data_flows: list[DataFlow] = field(default_factory=list)


# --- Candidates found in running text by the rule modules (ingest/orgs.py,
# ingest/engage.py, ingest/moments.py, ingest/initiatives.py).  Offsets are
# character offsets into the text of the spaCy Doc the rule was given.


@dataclass(frozen=True)
class OrgMention:
    """An organisation named in running text.

    ``name`` is the full name (an acronym defined in the text is expanded and
    kept in ``aliases``); ``generic`` marks actors such as "the police" that
    name no particular body.
    """

    name: str
    start: int
    end: int
    kind: str | None = None
    kind_reason: str = ""
    aliases: tuple[str, ...] = ()
    generic: bool = False
    rule: str = ""


@dataclass(frozen=True)
class EngagementCandidate:
    """Two parties, a mode cue and a sentiment found in one sentence."""

    source: str
    target: str
    mode: str
    start: int
    end: int
    sentiment: str | None = None
    cue: str = ""
    years: tuple[int, ...] = ()


@dataclass(frozen=True)
class MomentCandidate:
    """A pivotal moment stated in a sentence (or a short run of sentences)."""

    label: str
    direction: str
    start: int
    end: int
    date: str | None = None
    drivers: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    scale: str | None = None
    cue: str = ""
    has_event: bool = True  # False: the sentence tells what an event told before it did ("That set us back")
    directed: bool = False  # the direction comes from cue words, not the default
    image: bool = False  # only an image of slow change ("Water on stone."), no change told with it
    dated: bool = False  # the sentence gives its own point in time ("in 2021", "the spring after")


@dataclass
class Initiative:
    """A named programme, campaign, app, charter, pilot, forum or group."""

    name: str
    initiative_type: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    run_by: set[str] = field(default_factory=set)
    partners: set[str] = field(default_factory=set)
    target_groups: set[str] = field(default_factory=set)


@dataclass
class RecordingSystem:
    """A way of recording hate crime data that one stakeholder runs.

    ``system_type`` is a key of ``schemes/recording-system-types.ttl``, or
    None while the text gives no clue (resolution then infers it from the
    operator, and leaves it None for a body whose records fit no type, such as
    a ministry's statistics).  ``name`` is a proper name ("Atlas") if one is given.
    """

    operator: str | None  # None: a named system whose operator the sentence does not give
    system_type: str | None = None
    name: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)


@dataclass
class DataFlow:
    """Data passed from one stakeholder's recording system to another's.

    Each end is named by its operator, the system type (None: inferred in
    resolution) and the system's proper name if given.  ``what`` is the data
    sent as written ("a monthly extract"), ``frequency`` a word such as "monthly".
    """

    from_operator: str | None  # None: the end is a named system whose operator is found in resolution
    to_operator: str | None
    evidence: list[Evidence] = field(default_factory=list)
    from_type: str | None = None
    to_type: str | None = None
    from_name: str | None = None
    to_name: str | None = None
    what: str | None = None
    frequency: str | None = None
    properties: dict[str, str] = field(default_factory=dict)
