"""Protocol topics: which interview question an answer responds to.

A semi-structured interview is steered through the topics of
``ontology/schemes/topics.ttl`` (role and remit, recording models, change
makers …).  Each interviewer turn of a transcript, and each heading, is
scored against the topics' SKOS labels; the respondent turns that follow
take the topic of the question they answer, and every Evidence lying inside
such a turn carries it (``Evidence.topic``, written as ``cm:topic``).  A
coded segment of a REFI-QDA source whose code maps to a topic gives that
topic to the evidence inside it, before any inferred one.

Scoring.  Words are folded (case, punctuation and common English endings:
"recorded", "records" and "recording" all become ``record``); a label found
as a run of folded words covers them; a topic scores the words its labels
cover, a content word counting 1 and a function word ("what", "your", "the")
a half.  The best topic is taken only when it scores at least
:data:`MIN_SCORE` and leads the runner-up by at least :data:`MARGIN`;
otherwise the question is left without a topic.  The sentences ending in
"?" are scored first, the whole turn only when they settle nothing.  A probe
that names no topic of its own ("And a negative one?", "What happened
next?") keeps the topic of the question before it.

>>> classify("How do you keep count of incidents?")
'recording-models'
>>> classify("Who pushed for change in the end?")
'change-makers'
>>> classify("Shall we take a short break?") is None
True
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..model import Block, Document, Evidence, Extraction
from ..ontology.lexicon import phrases, schemes, vocabulary_store
from ..ontology.namespaces import SKOS
from .codemap import concept_for
from .textpass import respondent_labels

MIN_SCORE = 1.0
MARGIN = 1.0
WEAK = 0.5  # a word covered only by a cue word

FUNCTION_WORDS = frozenset("""
a an the of in on at to for with by from about into and or but if so as than that this these those it its
is are was were be been being do does did have has had can could would should will shall may might must
you your yours i me my we us our they them their he she his her what which who whom how why when where
there here s d t ll re ve m any some all one more most very just also not no please
""".split())

# Openings of a probe that continues the question before it.
PROBES = ("and", "so", "then", "but", "why", "how so", "how come", "what happened", "what next", "go on",
          "tell me more", "say more", "can you say more", "could you say more", "in what way",
          "for example", "for instance")

_WORD = re.compile(r"[a-z0-9]+")
_SENTENCE = re.compile(r"(?<=[.?!])\s+")
_SUFFIXES = (("ments", ""), ("ment", ""), ("ations", ""), ("ation", ""), ("ally", "al"), ("ingly", ""),
             ("ings", ""), ("ing", ""), ("edly", ""), ("ied", ""), ("ies", ""), ("ed", ""), ("es", ""),
             ("ly", ""), ("s", ""))


def stem(word: str) -> str:
    """A crude stem of a lower-case word, so that inflections compare equal.

    >>> [stem(w) for w in ("recorded", "records", "recording", "improvements", "improve", "gradually")]
    ['record', 'record', 'record', 'improv', 'improv', 'gradual']
    >>> stem("communities") == stem("community"), stem("process") == stem("processes")
    (True, True)
    """
    w = word.replace("iz", "is")  # organize, organise
    if len(w) <= 3:
        return w
    for suffix, repl in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not (suffix == "s" and w.endswith("ss")):
            w = w[: -len(suffix)] + repl
            break
    if len(w) > 3 and w[-1] in "ey":
        w = w[:-1]
    return w


def words(text: str) -> list[str]:
    """Lower-case words of ``text`` (apostrophes split them: "what's" → what, s)."""
    return _WORD.findall(text.casefold().replace("’", "'"))


@dataclass(frozen=True)
class Label:
    topic: str
    stems: tuple[str, ...]
    strong: bool = True  # a skos:prefLabel/altLabel; a skos:hiddenLabel cue word is weak


def _index(entries: Iterable[tuple[str, str, bool]]) -> dict[str, list[Label]]:
    index: dict[str, list[Label]] = {}
    for topic, text, strong in entries:
        stems = tuple(stem(w) for w in words(text))
        if stems:
            index.setdefault(stems[0], []).append(Label(topic, stems, strong))
    return index


@lru_cache(maxsize=1)
def labels() -> dict[str, list[Label]]:
    """Every topic label and cue word as folded words, indexed by the first word."""
    entries = [(topic, text, True) for topic, texts in sorted(phrases("topic").items()) for text in texts]
    scheme = schemes()["topic"]
    rows = vocabulary_store().query(f"""SELECT ?c ?h WHERE {{
        ?c <{SKOS}inScheme> <{scheme.iri}> ; <{SKOS}hiddenLabel> ?h }}""")
    entries += sorted((r["c"].value[len(scheme.namespace):], r["h"].value, False) for r in rows)
    return _index(entries)


@lru_cache(maxsize=1)
def _group_labels() -> dict[str, list[Label]]:
    return _index((group, text, True) for group, texts in sorted(phrases("target_group").items())
                  for text in texts)


def _matches(stems: list[str], index: dict[str, list[Label]]) -> Iterable[tuple[Label, int]]:
    for i, s in enumerate(stems):
        for lab in index.get(s, ()):
            if tuple(stems[i:i + len(lab.stems)]) == lab.stems:
                yield lab, i


def scores(text: str) -> dict[str, float]:
    """Topic → score for ``text`` (only topics with a label or cue in it).

    >>> scores("What is your current role?")
    {'role-remit': 2.5}
    >>> scores("Do Jewish and Muslim charities differ in what they need?")  # a cue word and two groups
    {'target-group-differences': 1.5}
    """
    raw = words(text)
    stems = [stem(w) for w in raw]
    strong: dict[str, set[int]] = {}
    weak: dict[str, set[int]] = {}
    for lab, i in _matches(stems, labels()):
        (strong if lab.strong else weak).setdefault(lab.topic, set()).update(range(i, i + len(lab.stems)))
    out = {}
    for topic in sorted(set(strong) | set(weak)):
        covered = strong.get(topic, set())
        out[topic] = sum(0.5 if raw[i] in FUNCTION_WORDS else 1.0 for i in covered) + \
            WEAK * len(weak.get(topic, set()) - covered)
    groups = {lab.topic for lab, _ in _matches(stems, _group_labels())}
    if len(groups) >= 2:  # a question naming two target groups compares them
        out["target-group-differences"] = out.get("target-group-differences", 0.0) + 1.0
    return out


def decide(found: dict[str, float]) -> str | None:
    """The winning topic of a score table, or None when it is not clear enough.

    >>> decide({"expectations": 1.0}), decide({"expectations": 1.0, "improvements": 0.5})
    ('expectations', 'expectations')
    >>> decide({"improvements": 1.5, "initiative-review": 1.0}) is None
    True
    """
    ranked = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or ranked[0][1] < MIN_SCORE:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < MARGIN and ranked[0][1] < 2 * ranked[1][1]:
        return None
    return ranked[0][0]


@lru_cache(maxsize=8192)  # a protocol's questions recur in every interview
def classify(text: str) -> str | None:
    """The protocol topic a question (or heading) asks about, or None when unsure.

    >>> classify("Last question. What improvements would you most like to see?")
    'improvements'
    """
    asked = " ".join(s for s in _SENTENCE.split(text.strip()) if s.rstrip("\"'”’ )").endswith("?"))
    if asked and asked != text.strip():
        found = decide(scores(asked))
        if found:
            return found
    return decide(scores(text))


@lru_cache(maxsize=8192)
def _best_score(text: str) -> float:
    return max(scores(text).values(), default=0)


def is_probe(text: str) -> bool:
    """A follow-up that continues the previous question ("And why was that?").

    >>> is_probe("And a negative one?"), is_probe("Anything to add?")
    (True, False)
    """
    sentences = [s for s in _SENTENCE.split(text.strip()) if s]
    for sentence in {sentences[0], sentences[-1]} if sentences else set():
        opening = " ".join(words(sentence)[:4])
        if any(opening == p or opening.startswith(p + " ") for p in PROBES):
            return True
    return False


@dataclass(frozen=True)
class Asked:
    """An interviewer turn or heading, with the topic it was given and why."""

    block: Block
    topic: str | None
    how: str  # "matched", "probe", "heading", "none"


def _section_topic(block: Block, heading_topics: dict[str, str | None]) -> str | None:
    path = block.headings + ((block.text,) if block.kind == "heading" else ())
    for heading in reversed(path):
        if heading_topics.setdefault(heading, classify(heading)):
            return heading_topics[heading]
    return None


def walk(doc: Document, respondents: set[str]) -> Iterable[tuple[Block, str | None, Asked | None]]:
    """Each turn and heading of a transcript with the topic in force there.

    Yields ``(block, topic, asked)``: ``asked`` is set for interviewer turns
    and headings (how their topic was found) and None for respondent turns.
    """
    heading_topics: dict[str, str | None] = {}
    current: str | None = None
    for b in sorted((b for b in doc.blocks if b.kind in {"turn", "heading"}), key=lambda b: b.start):
        section = _section_topic(b, heading_topics)
        if b.kind == "heading":
            current = section
            yield b, current, Asked(b, current, "heading" if current else "none")
        elif b.speaker in respondents:
            yield b, current, None
        else:
            found = classify(b.text)
            if found:
                how = "matched"
            elif current and _best_score(b.text) < MIN_SCORE and is_probe(b.text):
                found, how = current, "probe"
            else:
                found, how = section, "heading" if section else "none"
            current = found
            yield b, current, Asked(b, found, how)


def questions(doc: Document, respondents: set[str]) -> list[Asked]:
    """The interviewer turns of ``doc`` with the topic each was given."""
    return [a for b, _, a in walk(doc, respondents) if a is not None and b.kind == "turn"]


def coded_topics(doc: Document) -> list[tuple[int, int, str]]:
    """Spans of coded segments whose code maps to a protocol topic (unknown topics are skipped:
    the coded-segment pass reports them)."""
    mapping = doc.metadata.get("code_mapping") or {}
    scheme = schemes()["topic"]
    out = []
    for b in doc.blocks:
        if b.kind != "coded" or not mapping:
            continue
        for code in (b.row or {}).get("codes", "").split(";"):
            entry = concept_for(mapping, code) if code else None
            key = scheme.lookup(entry["value"]) if entry and entry["type"] == "topic" else None
            if key:
                out.append((b.start, b.end, key))
                break
    return out


def topic_spans(doc: Document, respondents: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, topic) for each answer with a topic; coded topics come first and win."""
    spans = coded_topics(doc)
    if doc.kind == "transcript":
        spans += [(b.start, b.end, t) for b, t, asked in walk(doc, respondents) if asked is None and t]
    return spans


def assign_topics(out: Extraction) -> None:
    """Give every Evidence in ``out`` that lies inside an answer the topic of its question."""
    spans = {d.key: s for d in out.documents if (s := topic_spans(d, respondent_labels(d)))}
    if not spans:
        return

    def tied(ev: Evidence) -> Evidence:
        if ev.topic or ev.document not in spans:
            return ev
        topic = next((t for s, e, t in spans[ev.document] if s <= ev.start and ev.end <= e), None)
        return dataclasses.replace(ev, topic=topic) if topic else ev

    for m in out.mentions:
        m.evidence = tied(m.evidence)
    for group in (out.people, out.engagements, out.moments, out.findings, out.events, out.initiatives):
        for record in group:
            record.evidence = [tied(ev) for ev in record.evidence]
