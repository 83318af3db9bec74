"""Cue matching shared by the engagement and moment rules.

:class:`CueIndex` finds cue phrases (SKOS labels and their inflections) in a
sentence; the helpers tell clause boundaries, negation and hypotheticals,
years, and which tokens belong to organisation mentions.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from ..model import OrgMention
from .nlp import add_labels, char_tokens, lowers, pipeline


@dataclass(frozen=True, slots=True)
class Cue:
    """One matched cue: its group ("mode", "sent", ...), key and token span in the Doc."""

    group: str
    key: str
    start: int
    end: int


def variants(label: str) -> set[str]:
    """A label with hyphens as spaces, and (for short labels) each space as a hyphen."""
    out = {label, label.replace("-", " ")}
    words = label.split()
    if 1 < len(words) <= 3:
        for i in range(len(words) - 1):
            out.add(" ".join(words[:i]) + (" " if i else "") + "-".join(words[i:i + 2]) +
                    (" " if i + 2 < len(words) else "") + " ".join(words[i + 2:]))
    return {v.strip() for v in out if v.strip()}


def required_words(pattern: list[dict]) -> list[frozenset[str]]:
    """For each token of a Matcher ``pattern`` that must occur, the lower-case words it accepts.

    Tokens with an operator that allows zero occurrences, or without a
    ``LOWER`` value or ``IN`` list, require nothing that can be checked
    cheaply and are left out.

    >>> [sorted(w) for w in required_words([{"LOWER": "sits"}, {"OP": "?", "LOWER": "in"},
    ...                                     {"LOWER": {"IN": ["on", "at"]}}])]
    [['sits'], ['at', 'on']]
    """
    out = []
    for tok in pattern:
        op = tok.get("OP")
        if not (op in (None, "+") or (op.startswith("{") and op[1:].split(",")[0].strip("}") not in ("", "0"))):
            continue  # "?", "*", "!" and "{0,n}" may match without this word
        low = tok.get("LOWER")
        if isinstance(low, str):
            out.append(frozenset([low]))
        elif isinstance(low, dict) and "IN" in low:
            out.append(frozenset(low["IN"]))
    return out


def sentence_words(sent: Span) -> frozenset[str]:
    """The lower-case words of ``sent``, kept per Doc so each rule set reads them once."""
    cache = sent.doc.user_data.setdefault("sentence-words", {})
    words = cache.get((sent.start, sent.end))
    if words is None:
        words = cache[sent.start, sent.end] = frozenset(lowers(sent.doc)[sent.start:sent.end])
    return words


class CueIndex:
    """Phrase labels and token patterns, keyed "group:key", matched over one sentence.

    Within a group, the longest match wins where matches overlap; different
    groups may overlap ("funding cuts" is a driver and a backward cue).
    """

    def __init__(self, entries: dict[str, Iterable[str]], patterns: dict[str, list[list[dict]]] | None = None):
        nlp = pipeline()
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._names: dict[int, tuple[str, str]] = {}
        for name in sorted(entries):
            add_labels(self._exact, self._lower, name,
                       {v for lab in entries[name] if lab and lab.strip() for v in variants(lab.strip())})
            self._register(name)
        # One Matcher per token pattern, run only on sentences holding every word it requires:
        # a Matcher's cost grows with all the predicates it holds, matched or not.
        self._patterns: list[tuple[list[frozenset[str]], Matcher]] = []
        for name, pats in sorted((patterns or {}).items()):
            self._register(name)
            for pat in pats:
                matcher = Matcher(nlp.vocab)
                matcher.add(name, [pat])
                self._patterns.append((required_words(pat), matcher))
        # Each pattern is filed under the words of its first requirement, so a sentence looks up
        # only the patterns one of its words can start to satisfy.
        self._always: list[int] = []
        self._by_word: dict[str, list[int]] = {}
        for n, (needs, _) in enumerate(self._patterns):
            if not needs:
                self._always.append(n)
            # The most telling requirement: one without common words ("to", "with"), then the fewest words.
            for word in (min(needs, key=lambda need: (not STOP_WORDS.isdisjoint(need), len(need))) if needs else ()):
                self._by_word.setdefault(word, []).append(n)

    def _register(self, name: str) -> None:
        group, _, key = name.partition(":")
        self._names[pipeline().vocab.strings[name]] = (group, key)

    def _phrases(self, doc: Doc) -> tuple[list[tuple[str, str, int, int]], list[int]]:
        """Every phrase match in the whole block, by start, found once per Doc and kept in its ``user_data``."""
        cache = doc.user_data.setdefault("cue-phrases", {})
        found = cache.get(id(self))
        if found is None:
            names = self._names
            matches = sorted(((*names[m], s, e) for matcher in (self._lower, self._exact)
                              for m, s, e in matcher(doc)), key=lambda r: r[2])
            found = cache[id(self)] = (matches, [r[2] for r in matches])
        return found

    def _pattern_matches(self, sent: Span) -> list[tuple[int, int, int]]:
        """(key, start, end) of the token patterns in ``sent``; a pattern missing a word it requires is skipped."""
        words = sentence_words(sent)
        by_word = self._by_word
        candidates = set(self._always)
        for word in words:
            if word in by_word:
                candidates.update(by_word[word])
        patterns = self._patterns
        return [m for n in sorted(candidates) if all(not need.isdisjoint(words) for need in patterns[n][0])
                for m in patterns[n][1](sent)]

    def find(self, sent: Span) -> list[Cue]:
        """Matches inside ``sent`` as Doc token offsets, sorted by position."""
        lo, hi = sent.start, sent.end
        phrases, starts = self._phrases(sent.doc)
        raw = [r for r in phrases[bisect_left(starts, lo):bisect_left(starts, hi)] if r[3] <= hi]
        if self._patterns:  # token patterns per sentence: their gaps grow costly over a block
            names = self._names
            raw += [(*names[m], s + lo, e + lo) for m, s, e in self._pattern_matches(sent)]
        if not raw:
            return []
        raw.sort(key=lambda r: (r[3] - r[2], -r[2]), reverse=True)  # longest first, then leftmost
        taken: dict[str, list[tuple[int, int]]] = {}
        out = []
        for group, key, s, e in raw:
            spans = taken.setdefault(group, [])
            if any(s < te and ts < e for ts, te in spans):
                continue
            spans.append((s, e))
            out.append(Cue(group, key, s, e))
        out.sort(key=lambda c: (c.start, c.end))
        return out


NEGATORS = frozenset("not n't n’t never no nobody none nothing neither nor without cannot hardly nowhere".split())
NOT_NEGATING = frozenset("only just until till longer least doubt matter sooner".split())
# "the grant was not renewed": an engagement that ended, not one that never was.
CONTINUATION = frozenset(("renew renewed continue continued extend extended last lasted survive survived "
                          "replace replaced resume resumed restart restarted reinstate reinstated").split())
CLAUSE_WORDS = frozenset("but because which who so although though whereas however while whilst".split())
CONTRAST = frozenset({"but", "whereas", "although", "though", "however"})
KEEP_PUNCT = frozenset("- ' ’ 's ’s /".split())


def segments(sent: Span) -> list[int]:
    """A clause number for each token of ``sent``: ";" and contrastive conjunctions start a new one."""
    seg, out = 0, []
    for low in lowers(sent.doc)[sent.start:sent.end]:
        if low == ";" or low in CONTRAST:
            seg += 1
        out.append(seg)
    return out


def preceded_by(doc: Doc, start: int, lo: int, words: frozenset[str], window: int = 5) -> int | None:
    """Index of a token in ``words`` at most ``window`` tokens before ``start`` in the same clause."""
    for i in range(start - 1, max(lo, start - window) - 1, -1):
        tok = doc[i]
        low = tok.lower_
        if low in words:
            return i
        if low in CLAUSE_WORDS or (tok.is_punct and tok.text not in KEEP_PUNCT and not (
                tok.text == "," and i + 1 < start and doc[i + 1].is_title and i > lo and doc[i - 1].is_title)):
            return None  # a clause ends here; a comma inside a list of names does not end it
    return None


NOBODY = frozenset({"nobody", "none", "neither", "nothing", "noone"})


def negated(doc: Doc, start: int, lo: int, window: int = 5) -> bool:
    """A negation shortly before ``start`` ("never worked with", "was not consulted", "nobody from X ...")."""
    k = preceded_by(doc, start, lo, NOBODY | {"no"}, 12)
    if k is not None and (doc[k].lower_ in NOBODY or (k + 1 < len(doc) and doc[k + 1].lower_ in {"one", "body"})):
        return True
    i = start
    while True:
        i = preceded_by(doc, i, lo, NEGATORS, window - (start - i))
        if i is None:
            return False
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if nxt is not None and (nxt.lower_ in NOT_NEGATING or nxt.lower_ in CONTINUATION
                                or (doc[i].lower_ == "no" and nxt.is_punct)):
            continue
        return True


HYPOTHETICAL = frozenset(("should want wants wanted wish wishes hope hopes hoping hoped if unless like "
                          "love need needs plan plans planning whether ought 'd ’d promised promise push "
                          "pushing lobbying campaigning calling demand demanding any").split())
# "we'd been told": 'd is "had", not "would".
HAD = frozenset(("been had already never just always got done seen gone given taken heard known written "
                 "made become").split())


RELATIVE = frozenset({"who", "which", "that", "whoever"})
FINITE = frozenset("is are was were get gets got have has had".split())
MODAL_TO = frozenset("to could would should might can will may 'd ’d".split())


def hypothetical(doc: Doc, start: int, lo: int, window: int = 12) -> bool:
    """A wish, plan, need or condition before ``start`` ("we would like to share data")."""
    i = preceded_by(doc, start, lo, HYPOTHETICAL, window)
    if i is None:
        return False
    low = doc[i].lower_
    if i > lo and doc[i - 1].lower_ in RELATIVE and any(doc[k].lower_ in FINITE for k in range(i + 1, start)):
        return False  # "people who want support are referred": the wish is the relative clause's
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    if low in {"'d", "’d"}:
        return nxt not in HAD and not nxt.endswith("ed")
    if low == "whether":  # "asked whether they could share", not "records whether it was applied and sends"
        return any(doc[k].lower_ in MODAL_TO for k in range(i + 1, min(start, i + 4)))
    if low == "any":  # "than any training", "if any funding"
        return i == start - 1
    if low in {"like", "love"}:
        return i > 0 and doc[i - 1].lower_ in {"would", "'d", "’d"}
    if low in {"need", "needs", "plan", "plans", "planning", "want", "wants", "wanted", "hope", "hoping"}:
        return nxt in {"to", "for", "that"} or low.startswith(("want", "hop"))
    return True


_YEAR = re.compile(r"(?<![\d£$€.,])\b((?:19|20)\d\d)\b(?![.,]?\d)(?!\s*%)")
_COUNT_BEFORE = re.compile(r"(?:over|about|around|nearly|almost|than|some|approximately|roughly|only|just)\s+$",
                           re.I)
_COUNT_AFTER = re.compile(r"\s+(?:people|reports|cases|incidents|officers|members|victims|crimes|times|pounds|"
                          r"euros|calls|hours|staff|words|responses|referrals|flags|files)\b", re.I)


def year_spans(text: str) -> list[tuple[int, int, int]]:
    """(year, start, end) of years in ``text`` that are not counts ("over 2000 reports")."""
    out: list[tuple[int, int, int]] = []
    if "19" not in text and "20" not in text:
        return out  # no year can be written without them
    for m in _YEAR.finditer(text):
        if _COUNT_BEFORE.search(text[max(0, m.start() - 16):m.start()]) or _COUNT_AFTER.match(text, m.end()):
            continue
        out.append((int(m.group(1)), m.start(), m.end()))
    return out


def org_tokens(sent: Span, orgs: Sequence[OrgMention]) -> list[tuple[OrgMention, int, int]]:
    """Organisation mentions inside ``sent`` with their Doc token spans, in text order."""
    doc = sent.doc
    lo, hi = sent.start_char, sent.end_char
    out = []
    for o in sorted(orgs, key=lambda o: (o.start, o.end)):
        if o.start < lo or o.end > hi or o.end <= o.start:
            continue
        s, e = char_tokens(doc, o.start, o.end)
        if e > s:
            out.append((o, s, e))
    return out


def outside(cues: Iterable[Cue], spans: Sequence[tuple[int, int]]) -> list[Cue]:
    """Cues whose first and last words are outside ``spans`` (words inside an organisation's name).

    A gapped pattern may have a name inside it: "holds *Brackley Police* to account".
    """
    return [c for c in cues if not any(s <= c.start < e or s < c.end <= e for s, e in spans)]


# --- Engagement cues ---------------------------------------------------------------------
