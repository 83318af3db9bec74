"""Named initiatives in running text: programmes, campaigns, apps, charters,
pilots, forums, strategic groups, helplines, reporting centres.

A name is a run of capitalised words (or a quoted title) next to a type word
taken from the initiative-type scheme ("the Safe Route app", "Seen and Heard
training", "the Safe Travel Charter", 'the "Speak Up" campaign').  Who runs it
and who joins it come from the organisations in the same sentence: those
introduced by a running verb (run, led, launched, set up, designed by …) or
the speaker's own organisation when the respondent says "we launched …" are
owners; the other named organisations in the sentence are partners.

>>> from changemap.ingest.nlp import pipeline
>>> found = find_initiatives(pipeline()("We launched the Safe Route app in 2019."))
>>> [(i.name, i.initiative_type, i.start, i.end) for i in found]
[('Safe Route', 'reporting-app', 16, 26)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span

from ..model import OrgMention
from .cues import sentence_words
from .nlp import doc_text, span_text

# Type words that can follow (or end) a name, mapped to initiative-type keys.
HEADS: dict[str, str] = {
    "app": "reporting-app", "application": "reporting-app",
    "campaign": "campaign", "campaigns": "campaign", "movement": "campaign",
    "charter": "charter", "pledge": "charter",
    "pilot": "pilot", "pilots": "pilot",
    "programme": "training", "program": "training", "training": "training", "course": "training",
    "curriculum": "training", "toolkit": "guidance", "guidance": "guidance", "guide": "guidance",
    "protocol": "guidance", "standards": "guidance", "framework": "guidance",
    "forum": "forum", "roundtable": "forum",
    "week": "event", "day": "event", "event": "event", "events": "event", "month": "event",
    "conference": "event", "festival": "event",
    "helpline": "helpline", "hotline": "helpline", "line": "helpline",
    "site": "reporting-app", "website": "reporting-app", "portal": "reporting-app", "platform": "reporting-app",
    "centre": "third-party-reporting-centre", "centres": "third-party-reporting-centre",
    "scheme": "pilot", "project": "pilot", "initiative": "pilot",
    "memorandum": "monitoring", "database": "monitoring", "monitor": "monitoring", "survey": "monitoring",
    "group": "strategic-group", "board": "strategic-group", "taskforce": "strategic-group",
    "force": "strategic-group", "panel": "strategic-group", "committee": "strategic-group",
}
# Heads that only make an initiative when written as part of the name (Title
# case): "the Recording Standards Working Group", not "a working group".
TITLE_ONLY = {"group", "board", "force", "panel", "committee", "forum", "centre", "centres", "event", "events",
              "project", "initiative", "scheme", "standards", "framework", "protocol", "line", "day",
              "month", "week", "memorandum", "database", "monitor", "survey", "guide", "site", "website", "portal",
              "platform"}
CONNECTORS = {"of", "for", "and", "the", "on", "against", "in", "&", "to", "-"}
NOT_NAMES = {"The", "A", "An", "Our", "Their", "This", "That", "These", "Those", "We", "They", "It",
             "In", "On", "At", "After", "Before", "Since", "When", "Then", "Also", "But", "And", "So",
             "National", "Local", "Regional", "New", "Annual", "January", "February", "March", "April",
             "May", "June", "July", "August", "September", "October", "November", "December"}
RUN_VERBS = re.compile(r"\b(run|runs|ran|running|led|leads|lead|launched|launch|launches|set up|sets up|"
                       r"designed|developed|created|founded|hosted|hosts|coordinat\w+|chair\w*|manag\w+|"
                       r"own|owns|built|wrote|drafted|started|established|introduced|delivers|delivered)\b",
                       re.I)
FIRST_PERSON = re.compile(r"\b(we|our|us)\b", re.I)


@dataclass
class InitiativeMention:
    name: str
    initiative_type: str | None
    start: int
    end: int
    run_by: set[str] = field(default_factory=set)
    partners: set[str] = field(default_factory=set)


def _is_name_token(tok) -> bool:
    return (tok.is_title or tok.is_upper) and tok.is_alpha and tok.text not in NOT_NAMES


@lru_cache(maxsize=4096)
def _head(word: str) -> str | None:
    return HEADS.get(word.lower())


def _capitalised_run_before(doc: Doc, i: int) -> int | None:
    """Start index of the capitalised run ending just before token ``i``."""
    j = i - 1
    start = None
    while j >= 0:
        tok = doc[j]
        if _is_name_token(tok):
            start = j
        elif tok.lower_ in CONNECTORS and start is not None and j > 0 and _is_name_token(doc[j - 1]):
            pass
        else:
            break
        j -= 1
    return start


_TYPE_WORDS = frozenset("working steering advisory reference liaison strategic scrutiny partnership task joint "
                        "national regional local independent".split())


def type_words_only(name: str) -> bool:
    """A name made only of what such a thing is called ("Working Group", "Advisory Panel").

    >>> [type_words_only(n) for n in ("Steering Group", "Harbour Steering Group", "Partnership Day")]
    [True, False, False]
    """
    words = name.lower().split()
    return bool(words) and HEADS.get(words[-1]) in {"strategic-group", "forum"} and all(
        w in HEADS or w in _TYPE_WORDS for w in words)


def find_initiatives(doc: Doc | Span, orgs: list[OrgMention] = (), speaker_org: str | None = None,
                     org_names: frozenset[str] = frozenset()) -> list[InitiativeMention]:
    """Named initiatives in ``doc`` (offsets into ``doc``'s Doc text).

    ``org_names`` are lower-cased organisation names known to the build: a
    candidate that ends one of them ("the Strategic Board" for "Northvale
    Hate Crime Strategic Board") is a short reference to that body, not an
    initiative.
    """
    span = doc[:] if isinstance(doc, Doc) else doc
    base = span.doc
    org_spans = [(o.start, o.end) for o in orgs if not o.generic]
    found: list[InitiativeMention] = []
    i = span.start
    if HEADS.keys().isdisjoint(sentence_words(span)):
        i = span.end  # no initiative word in the sentence: only the named forms below can apply
    while i < span.end:
        tok = base[i]
        kind = _head(tok.text)
        if kind is None:
            i += 1
            continue
        title_head = tok.is_title or tok.is_upper
        if title_head and i + 1 < span.end and (_is_name_token(base[i + 1]) or _head(base[i + 1].text)):
            i += 1  # the name goes on: "Recording Standards Working Group"
            continue
        # A quoted title just before the head: the "Speak Up" campaign.
        if i > span.start and base[i - 1].text in {'"', "”", "'", "’"}:
            j = i - 2
            while j > span.start and base[j].text not in {'"', "“", "'", "‘"}:
                j -= 1
            quoted = base[j + 1:i - 1] if j >= span.start else []
            if len(quoted) >= 1 and (quoted[0].is_title or quoted[0].is_upper):
                s, e = base[j + 1].idx, base[i - 2].idx + len(base[i - 2].text)
                found.append(InitiativeMention(doc_text(base)[s:e], kind, s, e))
                i += 1
                continue
        start = _capitalised_run_before(base, i)
        if start is None or start < span.start:
            i += 1
            continue
        # Title-case head words belong to the name ("Safe Travel Charter");
        # lower-case ones describe it ("Safe Route app").
        last = i if title_head else i - 1
        s, e = base[start].idx, base[last].idx + len(base[last].text)
        # A bare word before a generic head ("Council working group") is no name.
        too_short = last - start < (1 if title_head or tok.lower_ in TITLE_ONLY else 0)
        # A capital at the start of a sentence is no sign of a name on its own.
        too_short = too_short or (start == span.start and i - start < 2)
        if too_short or any(os < e and s < oe for os, oe in org_spans):
            i += 1
            continue
        name = doc_text(base)[s:e]
        if not any(known.lower().endswith(name.lower()) for known in org_names):
            found.append(InitiativeMention(name, kind, s, e))
        i += 1
    taken = [(m.start, m.end) for m in found] + org_spans
    named_forms = _called(span) + _apposed(span) + _head_initial(span) if _ANY_GATE.search(span_text(span)) else []
    for extra in named_forms:
        if not any(extra.start < e and s < extra.end for s, e in taken) and \
                not any(known.lower().endswith(extra.name.lower()) for known in org_names):
            found.append(extra)
            taken.append((extra.start, extra.end))
    found.sort(key=lambda m: m.start)
    if found:
        text = span_text(span)
        owners = RUN_VERBS.search(text) is not None
        named = sorted({o.name for o in orgs if not o.generic})
        for mention in found:
            if owners and speaker_org and FIRST_PERSON.search(text):
                mention.run_by.add(speaker_org)
            for name in named:
                (mention.run_by if owners and not mention.run_by else mention.partners).add(name)
            mention.partners -= mention.run_by
    return found


_NAME = r"[A-Z][\w'’-]*(?:,? (?:(?:of|for|and|the|on|against|in|to|not|Not|&) )*[A-Z][\w'’-]*)*"
# "a project called Plain Words", "the training, which is called Name It", "an app known as Safe Route"
_CALLED = re.compile(r"\b(?P<head>[a-z-]+)(?:,? (?:which|that) (?:is|was|are|were))? (?:called|named|titled|"
                     r"known as|branded) [\"“'‘]?(?P<name>" + _NAME + r")")
# "Waymark, the reporting site", "Safe Voices, a pilot in four schools"
_APPOSED = re.compile(r"(?<![\w'’])(?P<name>" + _NAME + r"), (?:the|a|an|our|their) (?:[a-z-]+ ){0,2}"
                      r"(?P<head>[a-z-]+)\b")
# "the National Roundtable on Hate Crime Data", "a Taskforce for Roma Inclusion"
_HEAD_FIRST = re.compile(r"(?<![\w'’])(?P<name>(?:(?:National|Regional|Local|Joint|City|Civic) )?"
                         r"(?P<head>Roundtable|Forum|Taskforce|Task Force|Working Group|Programme|Campaign)"
                         r" (?:on|for|against) " + _NAME + r")")

# Cheap searches for what each pattern above must contain.
_CALLED_GATE = re.compile(r" (?:called|named|titled|known as|branded) ")
_APPOSED_GATE = re.compile(r"[\w'’-], (?:the|a|an|our|their) ")
_HEAD_FIRST_GATE = re.compile(r"(?:Roundtable|Forum|Taskforce|Task Force|Working Group|Programme|Campaign) "
                              r"(?:on|for|against) ")

# Any of the three, in one scan: most sentences hold none.
_ANY_GATE = re.compile("|".join(g.pattern for g in (_CALLED_GATE, _APPOSED_GATE, _HEAD_FIRST_GATE)))


def _matches(span: Span, pattern: re.Pattern[str], need_head: bool = True,
             gate: re.Pattern[str] | None = None) -> list[InitiativeMention]:
    text, base = span_text(span), span.start_char
    if gate is not None and gate.search(text) is None:
        return []  # the words the pattern cannot match without are absent: skip the costly scan
    out = []
    for m in pattern.finditer(text):
        head = m.group("head").lower().split()[-1]
        kind = _head(head)
        if kind is None and need_head:
            continue
        name = m.group("name").rstrip(",")
        if len(name) < 3 or name.split()[0] in NOT_NAMES - {"National", "Local", "Regional"}:
            continue
        s = base + m.start("name")
        out.append(InitiativeMention(name, kind, s, s + len(name)))
    return out


def _called(span: Span) -> list[InitiativeMention]:
    """Initiatives introduced by name: "a project called Plain Words"."""
    return _matches(span, _CALLED, gate=_CALLED_GATE)


def _apposed(span: Span) -> list[InitiativeMention]:
    """A name followed by an apposition with an initiative word: "Waymark, the reporting site"."""
    return [m for m in _matches(span, _APPOSED, gate=_APPOSED_GATE)
            if m.initiative_type != "strategic-group" and m.name.split()[-1].lower() not in HEADS]


def _head_initial(span: Span) -> list[InitiativeMention]:
    """Names that open with their type: "the National Roundtable on Hate Crime Data"."""
    return _matches(span, _HEAD_FIRST, gate=_HEAD_FIRST_GATE)
