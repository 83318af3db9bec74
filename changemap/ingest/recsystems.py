"""Recording systems in running text: who records hate crime data, in what kind of system.

A system needs an **operator** and is found by one of these rules:

* **Type phrases** from the SKOS labels of ``schemes/recording-system-types.ttl``
  ("third-party reporting", "prosecution flag", "victim survey"), owned by a
  possessive or a name before them, or by the subject of a verb of running
  ("we run an annual victim survey").  "police recording" with no named force
  belongs to the generic actor "police".
* **Owned records**: a noun for records (database, register, log, figures,
  data, system …) with an owner: "our monitoring", "their register",
  "MCST's incident log", "Dunmoor Police files", "the records of the Trust".
* **Recording verbs** with a subject: "the police record crimes", "we log what
  people tell us", "the way MCST counts them"; a comparison names a second
  recorder ("we flag at half the rate of the City Police").
* **Named systems**: "a records system called Atlas", "their new Atlas system",
  "the Beacon app" (a reporting channel: third-party reporting unless the
  police run it).
* **Kept by**: records that stay with a body are its records ("those logs
  stay with the Greyline Bus Company").

A type phrase with no owner of its own types the system it stands in
apposition to ("we coordinate the Beacon network, the third-party reporting
scheme"); a system with no type phrase is typed in resolution, from its
operator (:func:`infer_system_type`).  Systems stated as a wish or plan ("we would like a shared
database"), under a negation or in a question are not kept.

>>> from changemap.ingest.nlp import pipeline
>>> doc = pipeline()("We keep a monitoring database, and the police record crimes on their own system.")
>>> from changemap.model import OrgMention
>>> police = OrgMention("police", doc.text.find("police"), doc.text.find(" record"), generic=True)
>>> scope = Scope(next(iter(doc.sents)), [police], "Harbour Trust")
>>> [(s.operator, s.system_type) for s in find_systems(scope)]
[('Harbour Trust', 'cso-monitoring'), ('police', 'police-recording')]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span

from ..ontology.lexicon import phrases
from .cues import Cue, CueIndex, hypothetical, negated, outside, preceded_by
from .nlp import span_text
from .recparties import Party, Scope
from .recwords import (
    CHANNEL_HEADS,
    DATA_NOUNS,
    LIST_OF,
    MODALS,
    NAME_HEADS,
    NAMING,
    NOT_SYSTEM_AFTER,
    OPERATE_VERBS,
    PASSIVE,
    RECORD_VERBS,
    STAY_VERBS,
    SYSTEM_NOUNS,
    WISH_VERBS,
)


@dataclass(frozen=True)
class SystemCandidate:
    """A system found in one sentence; ``start``/``end`` are Doc token offsets of its phrase."""

    operator: str | None
    system_type: str | None
    start: int
    end: int
    name: str | None = None
    rule: str = ""


@lru_cache(maxsize=1)
def system_cues() -> CueIndex:
    """Type phrases from the recording-system-type scheme, built once."""
    return CueIndex({f"sys:{key}": labels for key, labels in phrases("recording_system_type").items()})


POLICE_WORDS = ("police", "constabulary", "gendarmerie", "law enforcement")
POSSESSIVES = frozenset("our their its my his her your".split())
RECORD_WORDS = DATA_NOUNS | SYSTEM_NOUNS
APPOSITION = frozenset(", which is was are the a an its our their known as called - – — (".split())


def police_like(name: str | None) -> bool:
    """Whether an operator name is a police force ("Dunmoor Police", the generic "police")."""
    return bool(name) and any(w in name.casefold() for w in POLICE_WORDS)


def infer_system_type(operator: str, kind: str | None) -> str | None:
    """The type of an operator's system when the text names none, from the operator's name and kind.

    >>> infer_system_type("Dunmoor Police", "public-authority"), infer_system_type("Open Door", "cso")
    ('police-recording', 'cso-monitoring')
    >>> infer_system_type("Ministry of Justice", "public-authority") is None  # statistics: no type fits
    True
    """
    low = operator.casefold()
    if police_like(operator):
        return "police-recording"
    if "prosecut" in low:
        return "prosecution-flag"
    if any(w in low for w in ("court", "judiciary", "tribunal", "magistrate", "judges")):
        return "court-records"
    if kind == "cso":
        return "cso-monitoring"
    if kind in {"private", "other"}:
        return "third-party-reporting"  # a company or housing provider taking reports from victims
    return None


def channel_type(operator: str | None) -> str:
    """A reporting channel (app, form, site) is third-party reporting unless the police run it."""
    return "police-recording" if police_like(operator) else "third-party-reporting"


def _blocked(scope: Scope, i: int) -> bool:
    """A verb at token ``i`` negated, wished for, planned or conditional ("if they record it")."""
    doc, lo = scope.doc, scope.lo
    if negated(doc, i, lo, window=4) or hypothetical(doc, i, lo):
        return True
    return any(doc[k].lower_ in MODALS for k in range(max(lo, i - 3), i))


def _wished(scope: Scope, i: int) -> bool:
    """A system at token ``i`` that is denied or only wished for ("no database", "would like our own
    register", "we need a shared database").  A condition does not count: in "whether the flag
    reached the Service's system" the system exists."""
    doc, lo = scope.doc, scope.lo
    if negated(doc, i, lo, window=4):
        return True
    return preceded_by(doc, i, lo, WISH_VERBS | MODALS | {"need", "needs", "needed"}, 8) is not None


def _operating_subject(scope: Scope, start: int) -> Party | None:
    """The subject of a verb of running or keeping shortly before ``start`` ("we run a survey")."""
    doc = scope.doc
    for k in range(start - 1, max(scope.lo, start - 9) - 1, -1):
        tok = doc[k]
        if tok.is_punct and tok.text not in {"-", "'s", "’s"}:
            return None
        if tok.lower_ in OPERATE_VERBS:
            if tok.lower_ in {"move", "moves", "moved", "switch", "switches", "switched"} and not (
                    k + 1 < scope.hi and doc[k + 1].lower_ in {"to", "onto"}):
                return None  # "moved to a new system", not "moved the training online"
            if tok.lower_ == "set" and not (k + 1 < scope.hi and doc[k + 1].lower_ == "up"):
                return None
            if _blocked(scope, k):
                return None
            return scope.subject_of(k)
    return None


def _party_owner(scope: Scope, start: int, end: int) -> Party | None:
    """Who runs the phrase at ``[start, end)``: its owner, the subject running it, or a generic actor in it."""
    owner = scope.owner(start, end)
    if owner is None:
        owner = _operating_subject(scope, start)
    if owner is None:  # "police recording": the generic actor inside the phrase
        owner = next((p for p in scope.parties if start <= p.start < end and p.role == "generic"), None)
    return owner


def _candidate(party: Party | None, system_type: str | None, start: int, end: int, rule: str,
               name: str | None = None) -> SystemCandidate:
    """A candidate operated by ``party`` (None: not said)."""
    return SystemCandidate(party.name if party else None, system_type, start, end, name=name, rule=rule)


def _typed(scope: Scope, cues: list[Cue]) -> tuple[list[SystemCandidate], list[Cue]]:
    """Systems named by type phrases, and the phrases whose owner the sentence does not give."""
    found, floating = [], []
    for c in cues:
        if _wished(scope, c.start):
            continue
        owner = _party_owner(scope, c.start, c.end)
        if owner is None:
            floating.append(c)
        else:
            found.append(_candidate(owner, c.key, c.start, c.end, "type-phrase"))
    return found, floating


def _owned(scope: Scope, taken: set[int]) -> list[SystemCandidate]:
    """Record nouns with an owner: "our database", "the Trust's register", "Dunmoor Police files"."""
    if scope.wordset.isdisjoint(SYSTEM_NOUNS):
        return []
    doc, found = scope.doc, []
    for i in range(scope.lo, scope.hi):
        low = doc[i].lower_
        if i in taken or low not in SYSTEM_NOUNS or scope.at(i) is not None:
            continue
        if low in {"list", "lists"} and i + 2 < scope.hi and doc[i + 1].lower_ == "of" \
                and not any(doc[k].lower_ in LIST_OF for k in range(i + 2, min(scope.hi, i + 5))):
            continue  # "our list of priorities"
        nxt = doc[i + 1] if i + 1 < scope.hi else None
        if nxt is not None and (nxt.lower_ in NOT_SYSTEM_AFTER or nxt.text == "-" or (
                doc[i].is_title and nxt.is_title and i > scope.lo)):
            continue  # "our recording guidance", "data-sharing", "the Recording Standards Group"
        owner = scope.owner(i, i + 1) or _operating_subject(scope, i)
        if owner is None or _wished(scope, i):
            continue
        kind = "victim-survey" if low in {"survey", "surveys"} else None
        found.append(_candidate(owner, kind, i, i + 1, "owned-records"))
    return found


def _kept_by(scope: Scope, taken: set[int]) -> list[SystemCandidate]:
    """ "those logs stay with Northway", "incidents logged by drivers remain with the company":
    records that stay with a body are its records."""
    if scope.wordset.isdisjoint(STAY_VERBS):
        return []
    doc, found = scope.doc, []
    for k in range(scope.lo + 1, scope.hi - 1):
        if doc[k].lower_ not in STAY_VERBS or doc[k + 1].lower_ != "with":
            continue
        holder = scope.party_after(k + 2)
        data = next((j for j in range(k - 1, max(scope.lo, k - 9) - 1, -1)
                     if doc[j].lower_ in RECORD_WORDS and j not in taken), None)
        if holder is not None and data is not None and not _blocked(scope, k):
            found.append(_candidate(holder, None, data, k + 2, "kept-by"))
    return found


def _recorders(scope: Scope, taken: set[int]) -> list[SystemCandidate]:
    """Subjects of recording verbs, the agent of a passive one, and who they are compared with."""
    if scope.wordset.isdisjoint(RECORD_VERBS):
        return []
    doc, found = scope.doc, []
    for i in range(scope.lo, scope.hi):
        if i in taken or doc[i].lower_ not in RECORD_VERBS or scope.at(i) is not None:
            continue
        if i > scope.lo and doc[i - 1].lower_ in POSSESSIVES:
            continue  # "our flagged caseload", "their monitoring": a modifier, not a verb
        if i > scope.lo and doc[i - 1].lower_ in PASSIVE and doc[i].lower_.endswith("ed"):
            k = i + 1
            agent = scope.party_after(k + 1) if k < scope.hi and doc[k].lower_ == "by" else None
            if agent is not None and not _blocked(scope, i):
                found.append(_candidate(agent, None, i, i + 1, "recording-verb"))
            continue
        subject = scope.subject_of(i)
        if subject is None or _blocked(scope, i):
            continue
        found.append(_candidate(subject, None, i, i + 1, "recording-verb"))
        for k in range(i + 1, min(scope.hi, i + 9)):  # "at half the rate of the City Police", "than X"
            low = doc[k].lower_
            if low in {"than", "as"} or (low == "of" and doc[k - 1].lower_ in {"rate", "level", "way"}):
                other = scope.party_after(k + 1)
                if other is not None and other.name != subject.name:
                    found.append(_candidate(other, None, k + 1, other.end, "recording-comparison"))
                break
            if doc[k].is_punct:
                break
    return found


def _proper(tok) -> bool:
    """A word of a proper name: capitalised ("Atlas", "SafeCall", "ARC"), not a function word."""
    return tok.is_alpha and tok.text[0].isupper() and tok.lower_ not in STOP_WORDS


def _named(scope: Scope) -> list[SystemCandidate]:
    """ "a records system called Atlas", "their new Atlas system", "the Beacon app"."""
    if scope.wordset.isdisjoint(NAME_HEADS | NAMING | {"known"}):
        return []
    doc, found = scope.doc, []
    for i in range(scope.lo, scope.hi):
        low = doc[i].lower_
        if low in NAMING or (low == "known" and i + 1 < scope.hi and doc[i + 1].lower_ == "as"):
            k = i + (2 if low == "known" else 1)
            end = k
            while end < scope.hi and _proper(doc[end]) and scope.at(end) is None:
                end += 1
            heads = [h for h in range(max(scope.lo, i - 4), i) if doc[h].lower_ in NAME_HEADS]
            if end > k and heads and not _wished(scope, heads[0]):
                head = heads[-1]
                owner = _party_owner(scope, heads[0], head + 1)
                kind = channel_type(owner.name if owner else None) if doc[head].lower_ in CHANNEL_HEADS else None
                found.append(_candidate(owner, kind, heads[0], end, "named-system", span_text(doc[k:end])))
            continue
        if low not in NAME_HEADS or i == scope.lo or not _proper(doc[i - 1]) or scope.at(i - 1) is not None:
            continue
        start = i - 1
        while start - 1 >= scope.lo and _proper(doc[start - 1]) and scope.at(start - 1) is None:
            start -= 1
        if start == scope.lo and i - start == 1 and doc[start].is_title:
            continue  # one capitalised word opening the sentence: "Systems", "Data"
        if _wished(scope, start):
            continue
        owner = _party_owner(scope, start, i + 1)
        kind = channel_type(owner.name if owner else None) if low in CHANNEL_HEADS else None
        found.append(_candidate(owner, kind, start, i + 1, "named-system", span_text(doc[start:i])))
    return found


# Some word of these (or a type phrase) is in every sentence that states a system:
# the owned record nouns, recording verbs, name heads and naming words of the rules above.
_SYSTEM_WORDS = SYSTEM_NOUNS | RECORD_VERBS | NAME_HEADS | NAMING | {"known"}


def may_state_systems(sent: Span, words: frozenset[str]) -> bool:
    """Whether :func:`find_systems` can find anything in ``sent`` (lower-case ``words``).

    False only where no rule could fire: no type phrase and none of the
    words every rule needs.  Checked before building a :class:`Scope`.
    """
    if not words.isdisjoint(_SYSTEM_WORDS):
        return True
    if not words.isdisjoint(STAY_VERBS) and not words.isdisjoint(RECORD_WORDS):
        return True  # "those logs stay with …"
    return bool(system_cues().find(sent))


def find_systems(scope: Scope) -> list[SystemCandidate]:
    """Systems stated in the sentence of ``scope`` (operator None: a named system whose
    operator the sentence does not give; resolution may find it by name)."""
    if span_text(scope.sent).rstrip().endswith("?"):
        return []
    # Words inside a name are no cue: "Marlow Police flag" is not a "police flag".
    cues = outside(system_cues().find(scope.sent),
                   [(p.start, p.end) for p in scope.parties if p.role == "named"])
    typed, floating = _typed(scope, cues)
    taken = {i for c in cues for i in range(c.start, c.end)}
    named = _named(scope)
    taken |= {i for s in named for i in range(s.start, s.end)}
    found = typed + named + _owned(scope, taken) + _recorders(scope, taken) + _kept_by(scope, taken)
    for cue in floating:  # "the Beacon network, which is the third-party reporting scheme"
        before = [s for s in found if s.system_type is None and s.end <= cue.start
                  and all(scope.doc[k].lower_ in APPOSITION for k in range(s.end, cue.start))]
        if before:
            s = before[-1]
            found[found.index(s)] = SystemCandidate(s.operator, cue.key, s.start, s.end, s.name, s.rule)
    out, seen = [], set()
    for s in sorted(found, key=lambda s: (s.start, s.end)):
        key = (s.operator, s.system_type, s.name)
        if (s.operator or s.name) and key not in seen:
            seen.add(key)
            out.append(s)
    # A bare "our records" adds nothing beside "our Atlas system" or "our victim survey".
    return [s for s in out if s.system_type or s.name or not any(
        t.operator == s.operator and (t.system_type or t.name) for t in out)]
