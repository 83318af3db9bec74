"""Organisations named in running text, found by rules (no model downloads).

:func:`find_organisations` reads one block of text (a paragraph, bullet or
speaker turn) already run through :func:`nlp.pipeline` and returns
:class:`~changemap.model.OrgMention` s whose offsets index ``doc.text``.

>>> [(m.name, m.rule, m.aliases) for m in find_organisations(pipeline()(
...     "Yesterday Glenholm Police met the Crown Prosecution Service (CPS)."))]
[('Glenholm Police', 'head', ()), ('Crown Prosecution Service', 'acronym-expansion', ('CPS',))]

The rules, in the order they apply:

1. **Gazetteer.** Declared names and aliases (``"org:<canonical>"`` keys of a
   :class:`PhraseIndex`) win wherever they overlap a rule match
   (``rule="gazetteer"``; kind left to the register).  A match written wholly
   in lower case ("an open door policy") is ignored.
2. **Capitalised runs**: title-case or all-capital tokens joined by *of, for,
   on, against, in, and, &*, *the* after a preposition, an attached *'s* and
   hyphens.  Words capitalised only by position are dropped from the front
   (sentence starters "Yesterday", "Eventually", "Invite"; titles; months and
   days); a title-case function word ("With", "When") ends a run at a sentence
   start or in a heading.
3. **Head-final names** end in a head word (:data:`HEADS`: Police, Trust,
   Council, Service, Unit, Ltd …) and have a *proper* modifier, a word that is
   neither a head nor a topic word (:data:`kinds.TOPIC_WORDS`: Hate, Crime,
   Victim, Community …): "Glenholm Police" (``rule="head"``).  In a heading or
   at a sentence start a gerund or adjective ("Building Trust", "Mutual
   Trust") and words before an inner "of" ("Lack of Trust") do not count.
4. **Head-initial names**: head + preposition + words, "Ministry of Justice",
   "Council of Europe" (``rule="leading-head"``).  After a proper modifier the
   tail must be topic words ("Glenholm Trust for Refugees", not "Glenholm
   Trust on Monday"); "in" and dates never attach; a tail ending in a
   document word keeps two words ("Ministry of Home Affairs Hate Crime Strategy").
5. **"and"** splits a run where the right part is a complete name ("Glenholm
   Police and Marram Trust") and joins it where it is not ("Police and Crime
   Commissioner", "Ministry of Justice and Communities", "Black and Minority
   Ethnic Network").
6. **Possessives.** A trailing "'s" is never part of a name; an inner one
   splits after a name ("Glenholm Police's Hate Crime Unit") and stays
   otherwise ("St Brigid's Trust", "Children's Commissioner", "Mayor's Office").
7. **Descriptive names** (only topic words before the head: "Hate Crime Unit")
   are names mid-sentence in prose, after "the", or when an acronym defines
   them; not in a heading, at a sentence start or after "a"/"each".
8. **Short references.** After "the" (or "our", "their", a possessive), a bare
   head ("the Council", "the Prosecution Service", "the Commissioner's
   Office") or one descriptive word + head ("the Strategic Board") gives
   ``rule="short-ref"``, ``generic=False``, the name as written without "the".
   Resolution should link it to a full name in the same document that ends
   with the same words (else the same head), and may keep it as a name when
   there is none.  "the Police" is generic instead.
9. **Acronyms.** "Full Name (ABC)" and "ABC (Full Name)" give one mention
   spanning both, ``aliases=("ABC",)``, ``rule="acronym-expansion"``.  A lone
   acronym of 3–6 letters ("KPS", "MoJ"; EU and UN too) is ``rule="acronym"``
   with no kind unless it names an international body — not those in
   :data:`ACRONYM_STOP` (LGBT, UK, NGO, PDF …), speaker labels ("MK:") or a
   shouted heading ("GOOD PRACTICE").
10. **Not bodies.** A run ending in a document or event word (:data:`NON_ORG_ENDS`:
    Strategy, Act, Report, Week …) gives only a proper name inside it, with a
    word between ("Glenholm Police Hate Crime Strategy" → "Glenholm Police";
    "Police Reform Act", "Glenholm Partnership Day" → nothing); places and
    meetings ("City Centre", "Focus Group", "Civil Society") are no bodies;
    other runs not ending in a head give nothing.
11. **Generic actors** ("the police", "housing officers", "victim services",
    "schools", lower-case "the council" …; :data:`kinds.GENERIC_ACTORS`) get a
    normalised name, ``generic=True``, a kind and ``rule="generic"``; named
    mentions win where they overlap, and a heading's title-case words name a
    theme, not an actor.  The caller keeps them only where no body is named.

12. **Names without a head** (:mod:`changemap.ingest.orghints`): a run with a
    hint word and another proper word ("Greyhope Homes", "Calder Rail",
    ``rule="hinted"``), or one the text calls a body ("Lantern, a small
    charity", "the charity Mosaic", ``rule="described"``); not one followed
    or described by a thing word ("the Safe Voices pilot").

Kinds of named mentions come from :func:`kinds.infer_kind`, with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from ..model import OrgMention
from .kinds import GENERIC_ACTORS, GENERIC_GUARDS, INTERNATIONAL_ACRONYMS, TOPIC_WORDS, acronym_kind, infer_kind
from .nlp import PhraseIndex, doc_text, pipeline, token_texts
from .orghints import apposition_noun, hinted, noun_apposed_before, noun_before, possessed_part
from .orgwords import (
    _AND_PAIRS,
    _BREAK_WORDS,
    _CONNECTORS,
    _DATES,
    _HEAD_MODIFIERS,
    _INDEFINITE,
    _NOT_ADVERBS,
    _NOT_ORG_BEFORE,
    _OPENERS,
    _PERSON_TITLES,
    _POSSESSIVE_DETS,
    _PREPS,
    _ROLES,
    _SENT_END,
    _STARTERS,
    _TAIL_ENDS,
    ACRONYM_STOP,
    HEADS,
    NON_ORG_ENDS,
)

__all__ = ["ACRONYM_STOP", "HEADS", "NON_ORG_ENDS", "find_organisations"]


@lru_cache(maxsize=1)
def _generic_matcher() -> tuple[PhraseMatcher, dict[int, str]]:
    nlp = pipeline()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    labels: dict[int, str] = {}
    for label, (_, _, phrases) in [*GENERIC_ACTORS.items(), ("", ("", "", GENERIC_GUARDS))]:
        key = f"generic:{label}"
        matcher.add(key, [nlp.make_doc(p.strip()) for p in phrases.split(";") if p.strip()])
        labels[nlp.vocab.strings[key]] = label
    return matcher, labels


class _Unit:
    """A word (possibly hyphenated) or a connector in a capitalised run."""

    __slots__ = ("kind", "first", "last", "low")

    def __init__(self, kind: str, first: int, last: int, low: str):
        self.kind, self.first, self.last, self.low = kind, first, last, low

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"{self.kind}:{self.low}"


def _parts(low: str) -> list[str]:
    return low.split("-") if "-" in low else [low]


def _is_head(u: _Unit) -> bool:
    return u.kind == "w" and u.low in HEADS


def _is_bare(u: _Unit) -> bool:
    return u.low in HEADS or u.low in _HEAD_MODIFIERS


def _is_topic(u: _Unit) -> bool:
    return all(p in TOPIC_WORDS or p in _ROLES for p in _parts(u.low)) or u.low in _ROLES


def _is_proper(u: _Unit) -> bool:
    return u.kind == "w" and not _is_bare(u) and not _is_topic(u) and u.low.upper() not in ACRONYM_STOP


# Shapes of ordinary English words (gerunds, adjectives, abstract nouns).  Where every word is
# capitalised anyway (a heading, a sentence's first word) such a word is no evidence of a name:
# "Building Trust", "Mutual Trust", "Effective Partnership".
_COMMON_ENDINGS = ("ing", "ed", "ive", "ful", "ous", "ment", "ness", "tion", "sion", "ity", "al", "able", "ible")


def _common_shape(low: str) -> bool:
    return len(low) > 4 and low.endswith(_COMMON_ENDINGS)


def _words(units: list[_Unit]) -> list[_Unit]:
    return [u for u in units if u.kind == "w"]


def acronym_like(text: str) -> bool:
    """2–6 letters, all capitals ("CPS", "LGBTQ+") or capitals with single small letters ("MoJ").

    >>> [acronym_like(t) for t in ("CPS", "MoJ", "ECtHR", "Police", "McDonald", "X", "OK")]
    [True, True, True, False, False, False, True]
    """
    letters = [c for c in text if c.isalpha()]
    if not 2 <= len(letters) <= 6 or not text[0].isupper() or not text.rstrip("+").isalnum():
        return False
    uppers = sum(c.isupper() for c in letters)
    if uppers == len(letters):
        return True
    return uppers >= 2 and not any(a.islower() and b.islower() for a, b in zip(text, text[1:], strict=False))


def _org_acronym(text: str) -> bool:
    low = text.lower()
    if text.upper().startswith("LGB") or (text.endswith("s") and text[:-1] in ACRONYM_STOP):
        return False  # "LGBTIQ+" and its variants; plurals of listed words ("PDFs")
    return (acronym_like(text) and text not in ACRONYM_STOP and text.upper() not in ACRONYM_STOP
            and low not in STOP_WORDS and low not in TOPIC_WORDS and low not in HEADS and low not in _DATES)


class _Scan:
    """One pass over a Doc's capitalised runs."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        self.texts = token_texts(doc)
        self.n = len(self.texts)
        self.heading_like = self._heading_like()
        # "WHAT GETS IN THE WAY": a block in capitals throughout holds no acronyms
        self.capitals_only = sum(t.isalpha() and t.isupper() for t in self.texts) >= 2 and not any(
            c.islower() for c in self.text)
        self.found: list[OrgMention] = []
        self.consumed = -1  # tokens up to this index belong to an earlier mention
        self.shouting = False  # the current run is an all-capitals heading, not acronyms

    # --- token helpers -------------------------------------------------------------------------

    def _heading_like(self) -> bool:
        """A short block with no lower-case word outside the connectors reads as a heading."""
        if self.n > 24:
            return False
        capped = 0
        for t in self.texts:
            c = t[0]
            if c.isupper():
                capped += 1
            elif c.isalpha() and t.lower() not in _CONNECTORS and t not in {"to", "with", "a", "at", "by"}:
                return False
        return capped >= 2

    def initial(self, i: int) -> bool:
        """Token i opens a sentence, a line, a bullet or a quotation, so its capital says nothing."""
        doc, texts = self.doc, self.texts
        if i == 0 or doc[i].is_sent_start:
            return True
        j = i - 1
        while j >= 0:
            t = texts[j]
            if t.isspace():
                if "\n" in t or doc[j].is_sent_start:
                    return True
            elif t in _OPENERS or t in _SENT_END:
                return True
            else:
                return False
            j -= 1
        return True

    def proper(self, u: _Unit) -> bool:
        """A word that makes a name proper; in headings and at a sentence start not one shaped like
        an ordinary English word."""
        return _is_proper(u) and not (_common_shape(u.low) and (self.heading_like or self.initial(u.first)))

    def _prev_word(self, i: int) -> str:
        j = i - 1
        while j >= 0 and self.texts[j].isspace():
            j -= 1
        return self.texts[j].lower() if j >= 0 else ""

    def _is_word(self, i: int) -> bool:
        t = self.texts[i]
        if len(t) < 2 or not t[0].isupper():
            return False
        low = t.lower()
        if low in _BREAK_WORDS and (self.heading_like or self.initial(i)):
            return False
        return any(c.isalpha() for c in t)

    def _span(self, first: int, last: int) -> tuple[int, int]:
        doc = self.doc
        return doc[first].idx, doc[last].idx + len(self.texts[last])

    def _acronym_at(self, i: int) -> bool:
        """An organisation-like acronym token, not a speaker label ("MK:")."""
        if not 0 <= i < self.n or not _org_acronym(self.texts[i]):
            return False
        j = i + 1
        while j < self.n and self.texts[j].isspace() and "\n" not in self.texts[j]:
            j += 1
        return not (j < self.n and self.texts[j] == ":")

    def _bracketed_acronym(self, last: int) -> int | None:
        """Index of ABC when tokens after ``last`` are "( ABC )"."""
        t = self.texts
        if last + 3 < self.n and t[last + 1] == "(" and t[last + 3] == ")" and _org_acronym(t[last + 2]):
            return last + 2
        return None

    # --- runs --------------------------------------------------------------------------------------

    def run(self, i: int) -> tuple[list[_Unit], int]:
        """The units of the capitalised run starting at token i, and the index after it."""
        texts, doc, n = self.texts, self.doc, self.n
        units: list[_Unit] = []
        j = i
        while j < n:
            t = texts[j]
            conn = _CONNECTORS.get(t.lower())
            if conn is not None and units:
                prev = units[-1]
                attached = doc[j - 1].whitespace_ == ""
                if conn == "'s":
                    ok = prev.kind == "w" and attached and (len(t) == 2 or texts[j - 1][-1:] in "sS")
                elif conn == "the":
                    ok = prev.kind in _PREPS
                else:
                    ok = prev.kind == "w"
                if not ok:
                    break
                units.append(_Unit(conn, j, j, conn))
                j += 1
                continue
            if conn is None and self._is_word(j):
                k = j
                while (k + 2 < n and texts[k + 1] == "-" and doc[k].whitespace_ == ""
                       and doc[k + 1].whitespace_ == "" and texts[k + 2][:1].isalnum()):
                    k += 2
                start, end = self._span(j, k)
                units.append(_Unit("w", j, k, self.text[start:end].lower()))
                j = k + 1
                continue
            if units and t.isspace() and "\n\n" not in t:
                j += 1
                continue
            break
        while units and units[-1].kind != "w":
            units.pop()
        return units, max(j, i + 1)

    def scan(self, known: Sequence[tuple[int, int]] = ()) -> list[OrgMention]:
        """The mentions the capitalised runs make.  A run inside one of the ``known`` spans (gazetteer
        matches, which win over anything found here) is not analysed, unless a bracket touches it:
        "(ABC)" after a name, or a name in brackets after "ABC", joins mentions across the run's edge."""
        i = 0
        while i < self.n:
            if i <= self.consumed or not self._is_word(i):
                i += 1
                continue
            units, nxt = self.run(i)
            if units and not (known and self._within(units[0].first, units[-1].last, known)):
                self.analyse_run(units)
            i = nxt
        return self.found

    def _within(self, first: int, last: int, known: Sequence[tuple[int, int]]) -> bool:
        """Tokens ``first``..``last`` lie inside one known span, with no bracket on either side."""
        if (first > 0 and self.texts[first - 1] == "(") or (last + 1 < self.n and self.texts[last + 1] == "("):
            return False
        start, end = self._span(first, last)
        return any(s <= start and end <= e for s, e in known)

    def analyse_run(self, units: list[_Unit]) -> None:
        det = self._prev_word(units[0].first) in _POSSESSIVE_DETS
        while units:  # drop what is capitalised only by position
            u = units[0]
            key = u.low.rstrip(".")
            if u.kind != "w":
                det = det or u.kind == "the"
            elif not (key in _PERSON_TITLES or key in _DATES or (self.initial(u.first) and (
                    key in _STARTERS or (key.endswith("ly") and len(key) > 4 and key not in _NOT_ADVERBS)))):
                break
            units = units[1:]
        if not units:
            return
        texts = self.texts
        self.shouting = any(  # "GOOD PRACTICE", "NEXT STEPS" — but not "UN CERD"
            a.kind == "w" and b.kind == "w" and texts[a.last].isupper() and texts[b.first].isupper()
            and not (_org_acronym(texts[a.last]) and _org_acronym(texts[b.first]))
            for a, b in zip(units, units[1:], strict=False))
        for piece, piece_det in self.cut(units, det):
            for group, group_det in self.split_and(piece, piece_det):
                for cand in self.group(group, group_det):
                    self.emit(*cand)

    def cut(self, units: list[_Unit], det: bool) -> list[tuple[list[_Unit], bool]]:
        """Cut before a preposition that cannot belong to a name: "in" after a head, or one before a date."""
        pieces: list[tuple[list[_Unit], bool]] = []
        start, seen_head = 0, False
        for p, u in enumerate(units):
            if u.kind in _PREPS and p > start:
                nxt = next((w for w in units[p + 1:] if w.kind == "w"), None)
                if (u.kind == "in" and seen_head) or (nxt is not None and nxt.low in _DATES):
                    pieces.append((units[start:p], det))
                    det = p + 1 < len(units) and units[p + 1].kind == "the"
                    start, seen_head = p + 1, False
                    continue
            seen_head = seen_head or _is_head(u)
        pieces.append((units[start:], det))
        return pieces

    # --- structure -----------------------------------------------------------------------------

    def complete(self, units: list[_Unit]) -> bool:
        """A name on its own: proper modifier + head, head + preposition + words, or an acronym."""
        ws = _words(units)
        if not ws:
            return False
        if len(units) == 1 and self._acronym_at(units[0].first) and units[0].first == units[0].last:
            return True
        if _is_head(ws[-1]) and any(self.proper(w) for w in ws[:-1]):
            return True
        return any(_is_head(u) and nxt.kind in _PREPS and nxt.kind != "in" and _words(units[k + 2:])
                   for k, (u, nxt) in enumerate(zip(units, units[1:], strict=False)))

    def split_and(self, units: list[_Unit], det: bool) -> list[tuple[list[_Unit], bool]]:
        parts: list[list[_Unit]] = [[]]
        ands: list[_Unit] = []
        for u in units:
            if u.kind == "and":
                parts.append([])
                ands.append(u)
            else:
                parts[-1].append(u)
        groups = [parts[0]]
        for and_unit, right in zip(ands, parts[1:], strict=True):
            left = groups[-1]
            # "… and Island Affairs' National Group": what follows a possessive is another name
            core = next((right[:k] for k, u in enumerate(right) if u.kind == "'s" and not (
                len(right) == k + 2 and _is_bare(right[k + 1]))), right)  # but "St Brigid's Trust" is one
            lw, rw = _words(left), _words(core)
            pair = f"{lw[-1].low} {rw[0].low}" if lw and rw else ""
            head_final_left = bool(lw) and _is_head(lw[-1]) and any(self.proper(w) for w in lw[:-1])
            leading_left = bool(lw) and self.complete(left) and not head_final_left
            topical = bool(lw) and bool(rw) and not _is_head(lw[-1]) and all(
                p in TOPIC_WORDS for p in (lw[-1].low, rw[0].low))  # "Human Rights and Equality Commission"
            if self.complete(core) and not topical:
                split = True
            elif topical:
                split = False
            elif lw and hinted([w.low for w in _words(right)], [self.proper(w) for w in _words(right)]) and any(
                    self.proper(w) for w in lw):
                split = True  # "Harbour Pride and Wayfarers' Voice": two names without heads
            elif head_final_left:
                split = not (rw and _is_head(rw[-1]) and pair in _AND_PAIRS)
            elif leading_left:
                split = bool(rw) and _is_head(rw[-1]) and pair not in _AND_PAIRS
            else:  # "Black and Minority Ethnic Network" joins; "Open Hands and Disability Network" does not
                split = (len(lw) > 1 and any(self.proper(w) for w in lw) and bool(rw) and _is_head(rw[-1])
                         and pair not in _AND_PAIRS)
            if split:
                groups.append(right)
            else:
                left.extend([and_unit, *right])
        return [(g, det if k == 0 else False) for k, g in enumerate(groups) if g]

    def group(self, g: list[_Unit], det: bool) -> list[tuple[int, int, str]]:
        """Candidates (first token, last token, rule) in a group with no splitting "and" left."""
        while g and g[0].kind != "w":
            det = det or g[0].kind == "the"
            g = g[1:]
        if not g:
            return []
        for p, u in enumerate(g):  # possessives
            if u.kind == "'s" and p + 1 < len(g):
                left, right = g[:p], g[p + 1:]
                lw = _words(left)
                single_head = len(right) == 1 and _is_bare(right[0])
                if not single_head and ((lw and _is_head(lw[-1])) or self.complete(left) or self.complete(right)):
                    return self.group(left, det) + self.group(right, True)
        for p, u in enumerate(g):  # prepositions
            if u.kind not in _PREPS:
                continue
            heads = [h for h in range(p) if _is_head(g[h])]
            tail, det_tail = g[p + 1:], False
            if tail and tail[0].kind == "the":
                tail, det_tail = tail[1:], True
            if not heads:
                if det_tail or self.complete(tail):
                    return self.acronyms(g[:p]) + self.group(tail, det_tail)
                continue
            h = heads[-1]
            # "the Authority on the National Working Group": a body sitting on another, not one name
            seated = det_tail and u.kind != "of" and bool(_words(tail)) and _is_head(_words(tail)[-1])
            if self.attachable(g[:h], u.kind, tail) and not seated:
                tw = _words(tail)  # "Ministry of Home Affairs Hate Crime Strategy": keep two words at most
                end = tw[min(2, len(tw) - 1) - 1] if tw[-1].low in _TAIL_ENDS and len(tw) > 1 else g[-1]
                return [(g[0].first, end.last, "leading-head")]
            return self.group(g[:p], det) + self.group(tail, det_tail)
        last = g[-1]
        ws = _words(g)
        if _is_head(last) or (last.low == "services" and any(self.proper(w) for w in ws[:-1])):
            cand = self.validate(g, det)
            return [cand] if cand else []
        if last.low in NON_ORG_ENDS:
            for h in range(len(g) - 3, -1, -1):  # a word between: "… Partnership Day" is an event
                if _is_head(g[h]) and any(self.proper(w) for w in _words(g[:h])):
                    return [(g[0].first, g[h].last, "head")] + self.acronyms(g[h + 1:])
            return self.acronyms(g)
        rule = self.headless(g)
        return [(g[0].first, last.last, rule)] if rule else self.acronyms(g)

    def headless(self, g: list[_Unit]) -> str | None:
        """A name with no head word, by a hint word in it or by what the text calls it (orghints)."""
        if self.heading_like or self.shouting:
            return None
        ws = _words(g)
        if any(w.low in _DATES or w.low in _PERSON_TITLES or w.low.upper() in ACRONYM_STOP for w in ws):
            return None
        proper = [self.proper(w) for w in ws]
        if not any(proper) or (len(ws) == 1 and self.acronyms(g)):
            return None
        after = [self.texts[g[-1].last]] + self._next_words(g[-1].last, 7)
        said = apposition_noun(after, 0, NON_ORG_ENDS)
        if said is False or (len(after) > 1 and after[1] in NON_ORG_ENDS):
            return None  # "Safe Voices, a pilot in …", "the Safe Voices pilot"
        if hinted([w.low for w in ws], proper):
            return "hinted"
        if said or noun_before(self._prev_word(g[0].first)) or possessed_part(after, 0) or \
                noun_apposed_before(self._prev_words(g[0].first, 10)):
            return "described"
        return None

    def _prev_words(self, i: int, n: int) -> list[str]:
        """Up to ``n`` non-space words before token ``i``, nearest last."""
        out = []
        j = i - 1
        while j >= 0 and len(out) < n:
            if not self.texts[j].isspace():
                out.append(self.texts[j])
            j -= 1
        return out[::-1]

    def _next_words(self, i: int, n: int) -> list[str]:
        out = []
        j = i + 1
        while j < self.n and len(out) < n:
            if not self.texts[j].isspace():
                out.append(self.texts[j])
            j += 1
        return out

    def attachable(self, before: list[_Unit], prep: str, tail: list[_Unit]) -> bool:
        """May a prepositional tail join the head before it ("Ministry of Justice")?"""
        tw = _words(tail)
        if prep == "in" or not tw or any(w.low in _DATES for w in tw):
            return False
        if prep != "of" and any(self.proper(w) for w in _words(before)):
            return all(_is_topic(w) or _is_head(w) for w in tw)
        return True

    def validate(self, g: list[_Unit], det: bool) -> tuple[int, int, str] | None:
        """A head-final group as a name, a short reference, or nothing."""
        ws = _words(g)
        first, last = g[0].first, g[-1].last
        if len(ws) > 1 and ws[-2].low in _NOT_ORG_BEFORE.get(ws[-1].low, ()):
            return None  # "City Centre", "Memorial Service", "Civil Society", "Focus Group"
        if ws[0].low in _RANKS and ws[-1].low in _OFFICE_HOLDERS:
            return None  # "Senior Public Prosecutor", "Chief Inspector": a person's title
        if all(_is_bare(w) for w in ws):
            if det and len(ws) >= 3:
                return (first, last, "head")  # "the Federal Prosecution Service" is a whole name
            if det and not (len(ws) == 1 and ws[0].low == "police"):
                return (first, last, "short-ref")  # "the Council", "the Provincial Police"
            return None
        mods = ws[:-1]
        if self.heading_like or self.initial(first):  # "Lack of Trust": capitals before "of" tell nothing
            prep = next((k for k, u in enumerate(g) if u.kind in _PREPS), None)
            if prep is not None:
                mods = _words(g[prep + 1:-1])
        if any(self.proper(w) for w in mods):
            return (first, last, "head")
        if len(ws) >= 3 and not self.heading_like and any(
                _is_proper(w) and not w.low.endswith(("ing", "ed")) for w in mods):
            return (first, last, "head")  # "Signal Deaf Collective, for example, …" opening a sentence
        if self._bracketed_acronym(last) is not None or self._defined_by_acronym_before(first):
            return (first, last, "head")
        if det:
            return (first, last, "short-ref" if len(ws) <= 2 else "head")
        if not self.heading_like and not self.initial(first) and self._prev_word(first) not in _INDEFINITE:
            return (first, last, "head")
        return None

    def acronyms(self, units: list[_Unit]) -> list[tuple[int, int, str]]:
        if self.shouting or self.capitals_only:
            return []
        return [(u.first, u.last, "acronym") for u in units
                if u.kind == "w" and u.first == u.last and self._acronym_at(u.first)
                and (len(self.texts[u.first]) > 2 or self.texts[u.first] in INTERNATIONAL_ACRONYMS)]

    def _defined_by_acronym_before(self, first: int) -> bool:
        return first >= 2 and self.texts[first - 1] == "(" and self._acronym_at(first - 2)

    # --- output --------------------------------------------------------------------------------

    def emit(self, first: int, last: int, rule: str) -> None:
        """Record a candidate, joining a bracketed acronym before or after it."""
        doc, texts = self.doc, self.texts
        start, end = self._span(first, last)
        name = " ".join(self.text[start:end].split())
        if rule == "acronym":
            kind_reason = acronym_kind(name)
            kind, reason = kind_reason if kind_reason else (None, "")
            self.found.append(OrgMention(name, start, end, kind, reason, rule=rule))
            return
        kind, reason = infer_kind(name.title() if name.isupper() else name)
        aliases: tuple[str, ...] = ()
        alias_at = self._bracketed_acronym(last)
        if alias_at is not None:  # Full Name (ABC)
            aliases, end, rule = (texts[alias_at],), self._span(alias_at + 1, alias_at + 1)[1], "acronym-expansion"
            self.consumed = alias_at + 1
        elif (self._defined_by_acronym_before(first) and last + 1 < self.n and texts[last + 1] == ")"
              and self.found and self.found[-1].rule == "acronym" and self.found[-1].start == doc[first - 2].idx):
            abbr = self.found.pop()  # ABC (Full Name)
            aliases, start, end, rule = (abbr.name,), abbr.start, self._span(last + 1, last + 1)[1], \
                "acronym-expansion"
        self.found.append(OrgMention(name, start, end, kind, reason, aliases, rule=rule))


def _generics(doc: Doc, heading: bool) -> list[OrgMention]:
    """Generic actors; in a heading ("Working With Schools") they name a theme, not an actor."""
    matcher, labels = _generic_matcher()
    spans = []
    for match_id, s, e in matcher(doc):
        span = doc[s:e]
        span.label_ = labels[match_id] or "-"
        spans.append(span)
    out = []
    for span in filter_spans(spans):
        label = span.label_
        if label == "-":
            continue
        if span[0].lower_ == "the" and len(span) > 1:
            span = span[1:]
        if heading and span[0].is_title:
            continue
        kind, why, _ = GENERIC_ACTORS[label]
        out.append(OrgMention(label, span.start_char, span.end_char, kind, f"generic actor: {why}",
                              generic=True, rule="generic"))
    return out


_RANKS = frozenset("senior chief deputy assistant principal acting head lead regional district".split())
_OFFICE_HOLDERS = frozenset("prosecutor prosecutors commissioner inspector ombudsman".split())
_BRACKETED = re.compile(r"[ \t]*\(([A-Za-z][A-Za-z+&]{1,7})\)")


def _overlaps(m: OrgMention, spans: list[tuple[int, int]]) -> bool:
    return any(m.start < e and s < m.end for s, e in spans)


def find_organisations(doc: Doc, gazetteer: PhraseIndex | None = None) -> list[OrgMention]:
    """Organisations named in one block of text, by gazetteer and by rule, sorted by position.

    ``gazetteer`` keys are ``"org:<canonical name>"``; its matches win where they
    overlap a rule match.  Generic actors come last in priority: they are kept
    only where no named mention overlaps them.
    """
    found: list[OrgMention] = []
    scan = _Scan(doc)
    if gazetteer is not None:
        for key, s, e in gazetteer.find(doc):
            if key.startswith("org:") and any(c.isupper() for c in scan.text[s:e]):
                # The words it was written in, where they are not the canonical name, are an alias;
                surface = scan.text[s:e]
                aliases = (surface,) if surface.casefold() != key[4:].casefold() else ()
                bracket = _BRACKETED.match(scan.text, e)  # "Northbridge Unit (NU)" defines one here too.
                if bracket and _org_acronym(bracket.group(1)):
                    found.append(OrgMention(key[4:], s, bracket.end(), aliases=(*aliases, bracket.group(1)),
                                            rule="gazetteer"))
                else:
                    found.append(OrgMention(key[4:], s, e, aliases=aliases, rule="gazetteer"))
    taken = [(m.start, m.end) for m in found]
    for m in scan.scan(taken):
        if not _overlaps(m, taken):
            found.append(m)
    taken = [(m.start, m.end) for m in found]
    found.extend(m for m in _generics(doc, scan.heading_like) if not _overlaps(m, taken))
    taken = [(m.start, m.end) for m in found]
    found.extend(m for m in _lower_refs(scan.text) if not _overlaps(m, taken))
    return sorted(found, key=lambda m: (m.start, m.end))


# Heads that, written in lower case after "the", still point at one named body of the document
# ("the command's analysts" for the Teshka Regional Police Command); not heads that name a kind of
# body in general ("the council", "the police", "the ministry" are generic actors) or ordinary words
# ("the trust we built", "the group").
LOWER_REF_HEADS = frozenset("""
command directorate inspectorate observatory collective network foundation institute clinic commission
alliance association coalition federation forum league secretariat consortium confederation guild regulator
""".split())
_LOWER_REF = re.compile(r"\b[Tt]he (" + "|".join(sorted(LOWER_REF_HEADS)) + r")\b(?!\s+(?:of|for|on)\b)")


def _lower_refs(text: str) -> list[OrgMention]:
    """"the command", "the observatory's": ``rule="lower-ref"``, named after the head; reference
    linking (:func:`orgrefs.link_references`) ties each to the document's one body with that head,
    and those it cannot tie are dropped."""
    return [OrgMention(m.group(1).capitalize(), m.start(1), m.end(1), rule="lower-ref")
            for m in _LOWER_REF.finditer(text)]
