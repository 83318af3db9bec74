"""Data flows in running text: hate crime data passed from one body's records to another's.

A flow needs a verb of passing data, data, and two different parties:

* **Sending** ("we send our monthly figures to the Constabulary", "the Trust
  sent me their register"): the subject, else the data's owner, is the
  source; "to/into/with X" or an indirect object ("sent us") the recipient.
  An agentless passive with nobody's data ("the flag is passed to the
  court") describes the speaker's own routine: the speaker is the source.
* **Taking** ("the City Police take a monthly extract from MCST's log",
  "they took away a year of Beacon data"): the subject is the recipient;
  "from X", else the data's owner or its named system, the source.
* **Moving** ("their data comes to us", "reports from the app go straight into
  the police system", "Dunmoor Police files come to us through another
  route"): the data's owner (or "from/through X") is the source, "to/into X"
  the recipient.  One verb may give the recipient and another the source
  ("whatever reaches us comes through the Centre's Beacon scheme").

Data is a noun such as figures, data, reports, extract, register, files,
flag (:data:`recwords.DATA_NOUNS`), or a pronoun standing for one mentioned
earlier in the sentence ("we take those reports, and they go to the police"):
passing on people ("refer victims to us") or drafts is not a data flow.  Negated
flows ("they don't go to the police", "nothing flows back"), wishes, plans,
promises, refusals, conditions ("would like the police to share", "could be
sent to us", "refused to share") and questions are not kept; nor is a flow
inside one body.

>>> from changemap.ingest.nlp import pipeline
>>> from changemap.model import OrgMention
>>> from changemap.ingest.recparties import Scope
>>> doc = pipeline()("Every month we send our figures to the Dunmoor Police.")
>>> police = OrgMention("Dunmoor Police", doc.text.find("Dunmoor"), doc.text.find("."))
>>> [(f.source, f.target, f.what, f.frequency) for f in find_flows(Scope(next(iter(doc.sents)), [police], "Open Door"))]
[('Open Door', 'Dunmoor Police', 'our figures', 'monthly')]
"""

from __future__ import annotations

from dataclasses import dataclass

from .cues import hypothetical, negated, segments
from .nlp import span_text
from .recparties import Party, Scope
from .recsystems import SystemCandidate, channel_type, find_systems
from .recwords import (
    DATA_NOUNS,
    DATA_PRONOUNS,
    FREQUENCY,
    FROM_MARKS,
    MODALS,
    MODIFIERS,
    MOVE_VERBS,
    RECEIVE_VERBS,
    SEND_VERBS,
    THROUGH_MARKS,
    TO_MARKS,
    WISH_VERBS,
)

FLOW_VERBS = SEND_VERBS | RECEIVE_VERBS | MOVE_VERBS
NOUN_PHRASE = MODIFIERS | {"a", "an", "the", "our", "their", "its", "my", "those", "these"}


@dataclass(frozen=True)
class FlowCandidate:
    """Data passed from one party's system to another's, stated in one sentence.

    An end with no operator is a named system (``*_name``) whose operator the
    sentence does not give.
    """

    source: str | None
    target: str | None
    start: int
    end: int
    source_name: str | None = None
    target_name: str | None = None
    source_type: str | None = None
    target_type: str | None = None
    what: str | None = None
    frequency: str | None = None
    cue: str = ""


@dataclass
class _End:
    """One end of a flow: a party, and the name and type of its system where the text gives them."""

    party: Party | None = None
    name: str | None = None
    system_type: str | None = None

    @property
    def known(self) -> bool:
        return self.party is not None or self.name is not None


def _system_at(systems: list[SystemCandidate], i: int) -> SystemCandidate | None:
    """The system whose phrase covers token ``i``."""
    return next((s for s in systems if s.start <= i < s.end), None)


def _end_for(scope: Scope, systems: list[SystemCandidate], i: int, end: int | None = None) -> _End:
    """The system end at token ``i``: a party, a party's system ("their system"), or a named system."""
    system = _system_at(systems, i)
    party = scope.at(i)
    if party is not None:
        k = party.end + (party.end < scope.hi and scope.doc[party.end].text in {"'s", "’s"})
        owned = _system_at(systems, k) if k < scope.hi else None  # "the Centre's Beacon scheme"
        if owned is not None and owned.operator == party.name:
            return _End(party, owned.name, owned.system_type)
        typed = system.system_type if system is not None and system.operator == party.name else None
        return _End(party, None, typed)
    if system is not None:
        owner = next((p for p in scope.parties if p.name == system.operator), None)
        return _End(owner, system.name, system.system_type)
    owner = scope.owner(i, end or i + 1)
    return _End(owner) if owner is not None else _End()


def _after_mark(scope: Scope, systems, start: int, marks: frozenset[str], window: int = 7) -> _End:
    """The end named after one of ``marks`` ("to the police", "into their system") within ``window``."""
    doc = scope.doc
    for k in range(start, min(scope.hi, start + window)):
        if doc[k].is_punct and doc[k].text not in {"'s", "’s", "-"}:
            break
        if doc[k].lower_ in marks:
            j = k + 1
            while j < scope.hi and doc[j].lower_ in {"the", "a", "an", "straight", "directly", "on"}:
                j += 1
            while j < scope.hi and doc[j].lower_ in MODIFIERS and scope.at(j) is None:
                j += 1
            if j >= scope.hi:
                break
            found = _end_for(scope, systems, j)
            if found.known:
                return found
    return _End()


def _data_after(scope: Scope, systems, v: int, window: int = 7) -> int | None:
    """The data a verb acts on: a data noun, a system, or a pronoun for data, shortly after ``v``."""
    doc = scope.doc
    for k in range(v + 1, min(scope.hi, v + 1 + window)):
        if doc[k].is_punct and doc[k].text not in {"'s", "’s", "-"}:
            return None
        if doc[k].lower_ in DATA_NOUNS or (_system_at(systems, k) and scope.at(k) is None) or \
                (doc[k].lower_ in DATA_PRONOUNS - {"which", "this", "those", "these"} and _data_earlier(scope, v)):
            return k
    return None


def _data_before(scope: Scope, systems, v: int, window: int = 6) -> int | None:
    """The data that moves: a data noun, a system or a pronoun for data shortly before ``v``."""
    doc = scope.doc
    for k in range(v - 1, max(scope.lo, v - window) - 1, -1):
        if doc[k].is_punct and doc[k].text not in {"'s", "’s", "-"}:
            return None
        low = doc[k].lower_
        if low in DATA_NOUNS or (_system_at(systems, k) and scope.at(k) is None):
            return k
        if (low in DATA_PRONOUNS and _data_earlier(scope, k)) or low == "whatever":
            return k
    return None


def _data_earlier(scope: Scope, k: int) -> bool:
    """Whether a data noun comes before token ``k``, for a pronoun to stand for."""
    return any(scope.doc[j].lower_ in DATA_NOUNS for j in range(scope.lo, k))


def _what(scope: Scope, systems, k: int | None) -> str | None:
    """The data as written: the noun with its determiner and modifiers ("a monthly extract")."""
    if k is None or scope.doc[k].lower_ in DATA_PRONOUNS or scope.doc[k].lower_ == "whatever":
        return None
    system = _system_at(systems, k)
    if system is not None and system.name:  # "a year of Beacon data"
        end = system.end + (system.end < scope.hi and scope.doc[system.end].lower_ in DATA_NOUNS)
        return span_text(scope.doc[system.start:end])
    start = k
    while start - 1 >= scope.lo and scope.doc[start - 1].lower_ in NOUN_PHRASE:
        start -= 1
    return span_text(scope.doc[start:k + 1])


def _blocked(scope: Scope, v: int, segs: list[int]) -> bool:
    """A flow verb negated, or under a wish, plan, refusal, modal or condition in its clause."""
    doc, lo = scope.doc, scope.lo
    if negated(doc, v, lo, window=6) or hypothetical(doc, v, lo):
        return True
    clause = segs[v - lo]
    return any(segs[k - lo] == clause and (doc[k].lower_ in MODALS or doc[k].lower_ in WISH_VERBS or
                                          doc[k].lower_ in {"whether", "if", "unless"})
               for k in range(lo, v))


def _source_of_data(scope: Scope, systems, k: int | None, v: int) -> _End:
    """Whose data it is: its owner or named system, else the nearest party acting before it."""
    if k is None:
        return _End()
    if scope.doc[k].lower_ not in DATA_PRONOUNS and scope.doc[k].lower_ != "whatever":
        found = _end_for(scope, systems, k)
        if found.known and scope.at(k) is None:
            return found
        owner = scope.owner(k, k + 1)
        if owner is not None:
            return _End(owner)
        found = _after_mark(scope, systems, k + 1, FROM_MARKS, window=4)
        if found.known:
            return found
    else:  # a pronoun: the party acting on the data it stands for ("we take the reports, and they go …")
        for j in range(k - 1, scope.lo - 1, -1):
            if scope.doc[j].lower_ in DATA_NOUNS:
                owner = scope.owner(j, j + 1)
                if owner is not None:
                    return _End(owner)
                agent = next((p for p in reversed(scope.parties) if p.end <= j and p.role != "pronoun"), None)
                return _End(agent)
    return _End()


def _triggers(scope: Scope, systems) -> list[tuple[int, str, _End, _End, int | None]]:
    """(verb, kind, source, target, data token) for every verb of passing data in the sentence."""
    doc, out = scope.doc, []
    if scope.wordset.isdisjoint(FLOW_VERBS):
        return out
    segs = segments(scope.sent)
    for v, low in enumerate(scope.words, scope.lo):
        kind = "send" if low in SEND_VERBS else "receive" if low in RECEIVE_VERBS else \
            "move" if low in MOVE_VERBS else None
        if low in {"feed", "feeds", "fed", "feeding"} and v + 1 < scope.hi and scope.words[v + 1 - scope.lo] == "into":
            kind = "move"  # "data from our helpline feeds into their survey"
        if kind is None or scope.at(v) is not None or (doc[v].is_title and v > scope.lo) \
                or _blocked(scope, v, segs):
            continue  # a capitalised "Sharing" belongs to a name ("the Data Sharing Memorandum")
        if low.startswith("report") and v + 1 < scope.hi and doc[v + 1].lower_ in {"that", "back", "on"}:
            continue  # "the Trust reported that nine incidents …" says something; it sends nothing
        src, tgt = _End(), _End()
        if kind == "send":
            data = _data_after(scope, systems, v)
            participle = low.endswith("ed") or low in {"sent", "fed", "given"}
            passive = data is None and participle and (
                doc[v - 1].lower_ in {"was", "were", "is", "are", "been", "be", "being", "get", "gets", "got"}
                or _data_before(scope, systems, v, 3) is not None)  # "a monthly extract sent to us"
            if passive:
                data = _data_before(scope, systems, v)
                src = _after_mark(scope, systems, v + 1, frozenset({"by"}))
                if not src.known:
                    src = _source_of_data(scope, systems, data, v)
                if not src.known and scope.speaker_org and data is not None:
                    # "the flag is passed to the court", said of the speaker's own routine
                    src = _End(Party(scope.speaker_org, v, v, "speaker"))
            elif data is not None:
                subject = scope.subject_of(v)
                src = _End(subject) if subject is not None else _source_of_data(scope, systems, data, v)
                indirect = scope.party_after(v + 1)
                if indirect is not None and indirect.start < data and not _possessive(scope, indirect):
                    tgt = _End(indirect)  # "sent us their register", not "send our figures"
            if data is None:
                continue
            if not tgt.known:
                tgt = _after_mark(scope, systems, v + 1, TO_MARKS, window=10)
        elif kind == "receive":
            data = _data_after(scope, systems, v, window=8)
            if data is None:
                continue
            subject = scope.subject_of(v)
            tgt = _End(subject) if subject is not None else _End()
            src = _after_mark(scope, systems, v + 1, FROM_MARKS, window=12)
            if not src.known:
                src = _source_of_data(scope, systems, data, v)
        else:
            data = _data_before(scope, systems, v)
            if data is None:
                continue
            src = _source_of_data(scope, systems, data, v)
            tgt = _after_mark(scope, systems, v + 1, TO_MARKS | {"across"}, window=6)
            if not tgt.known and low.startswith("reach"):
                tgt = _End(scope.party_after(v + 1))
            through = _after_mark(scope, systems, v + 1, THROUGH_MARKS, window=5)
            if through.known and (not src.known or src.party is None or src.party.speaker):
                if through.system_type is None and through.party is not None:
                    through.system_type = channel_type(through.party.name)  # reports come *through* a channel
                src = through
        out.append((v, kind, src, tgt, data))
    return out


def _possessive(scope: Scope, party: Party) -> bool:
    """ "our", "their", "the Trust's": a party that owns the next noun, not an indirect object."""
    doc = scope.doc
    return doc[party.start].lower_ in {"our", "their", "its", "my"} or (
        party.end < scope.hi and doc[party.end].text in {"'s", "’s"})


def _frequency(scope: Scope) -> str | None:
    """How often, as stated: "monthly", "every quarter", "twice a year"."""
    doc = scope.doc
    for i in range(scope.lo, scope.hi):
        low = doc[i].lower_
        prev = doc[i - 1].lower_ if i > scope.lo else ""
        before = doc[i - 2].lower_ if i - 1 > scope.lo else ""
        if low not in FREQUENCY:
            continue
        if prev == "a" and before in {"twice", "times"}:  # "twice a year", "three times a month"
            return span_text(doc[i - 3 if before == "times" and i - 3 >= scope.lo else i - 2:i + 1])
        if low.endswith("ly") or low == "annual" or prev in {"every", "each", "per"} or (
                prev == "a" and before == "once"):
            return FREQUENCY[low]  # "monthly", "every quarter", "once a year"; not "a year of data"
    return None


def may_state_flows(words: frozenset[str], systems: list[SystemCandidate]) -> bool:
    """Whether :func:`find_flows` can find anything in a sentence of lower-case ``words`` with ``systems``:
    a flow needs a verb of passing data and data to pass (a data noun, "whatever", or a system)."""
    return not words.isdisjoint(FLOW_VERBS) and (bool(systems) or not words.isdisjoint(_DATA_WORDS))


_DATA_WORDS = DATA_NOUNS | {"whatever"}


def find_flows(scope: Scope, systems: list[SystemCandidate] | None = None) -> list[FlowCandidate]:
    """Data flows stated in the sentence of ``scope``; ``systems`` are its systems (found if None)."""
    if span_text(scope.sent).rstrip().endswith("?"):
        return []
    systems = find_systems(scope) if systems is None else systems
    triggers = _triggers(scope, systems)
    # One verb gives the recipient, another the source: "whatever reaches us comes through X".
    sources = [t for t in triggers if t[2].known and not t[3].known]
    targets = [t for t in triggers if t[3].known and not t[2].known]
    if len(sources) == 1 and len(targets) == 1:
        (vs, ks, src, _, ds), (vt, _, _, tgt, dt) = sources[0], targets[0]
        triggers.append((min(vs, vt), ks, src, tgt, ds if ds is not None else dt))
    out, seen = [], set()
    for v, _kind, src, tgt, data in triggers:
        if not (src.known and tgt.known):
            continue
        a = src.party.name if src.party else None
        b = tgt.party.name if tgt.party else None
        if (a is not None and a == b) or (a is None and b is None) or (src.name and src.name == tgt.name):
            continue
        key = (a, b, src.name, tgt.name)
        if key in seen:
            continue
        seen.add(key)
        out.append(FlowCandidate(a, b, v, v + 1, src.name, tgt.name, src.system_type, tgt.system_type,
                                 _what(scope, systems, data),
                                 _frequency(scope), scope.doc[v].text))
    return out
