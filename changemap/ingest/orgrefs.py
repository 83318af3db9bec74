"""References to organisations named elsewhere in the same document.

After the recogniser (:mod:`changemap.ingest.orgs`) has read every block of a
document, these functions tie what it found together:

* :func:`link_references` gives short references ("the Council", "the
  Prosecutor's Office") and lone acronyms ("NHCU") the full name they stand
  for in this document (or, for a bare head, in the corpus);
* :func:`short_forms` finds the document's own shortenings of a name: the
  first word before a possessive ("Signal's members" for Signal Deaf
  Collective) and a leading pair of words ("Northbridge Athletic" for
  Northbridge Athletic Football Club), only where they can mean one body.

>>> from changemap.model import OrgMention
>>> found = [OrgMention("Office of the Public Prosecutor", 0, 31, rule="leading-head"),
...          OrgMention("Prosecutor's Office", 40, 59, rule="short-ref")]
>>> [m.name for m in link_references(found, frozenset())]
['Office of the Public Prosecutor', 'Office of the Public Prosecutor']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from spacy.tokens import Doc

from ..model import OrgMention
from .kinds import TOPIC_WORDS
from .nlp import doc_text
from .orgwords import HEADS

UNLINKED = frozenset({"short-ref", "acronym", "generic", "lower-ref"})
REFS = frozenset({"short-ref", "lower-ref"})
_WORD = re.compile(r"[A-Za-z][\w-]*")
_MINOR = frozenset("of for the and on in against 's".split())
_LEADING = re.compile(r" (?:of|for|on|against) ")  # "Continental Council for Equality": its head ends before "for"


def _content(name: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(name.replace("’s", "").replace("'s", ""))} - _MINOR


def _targets(ref: str, pools: list[list[str]], same: dict[str, str | None]) -> list[str]:
    """The names in the first pool that has any that ``ref`` shortens (``same``: names already
    known to stand for another)."""
    low = ref.casefold()
    tail, head = " " + low, low + " "
    words = _content(ref)
    for pool in pools:
        # "the Service": "Carrowmaine Courts Service" and "Police Service of Carrowmaine" alike
        hits = [n for n in pool if (" " + n.casefold()).endswith(tail)
                or (" " + _LEADING.split(n.casefold())[0]).endswith(tail)] or \
               [n for n in pool if n.casefold().startswith(head)] or \
               [n for n in pool if len(words) > 1 and words <= _content(n) and n.casefold() != low]
        hits = sorted({same.get(h) or h for h in hits})
        if hits:
            return hits
    return []


def link_references(mentions: list[OrgMention], known: frozenset[str]) -> list[OrgMention]:
    """Give short references and lone acronyms the full name they stand for.

    "the Council" becomes the document's (or else the corpus's) one named body
    ending in "Council"; "the Prosecutor's Office" the one whose name holds
    both words; "NHCU" the name it was defined for in this document.  A
    two-word short reference ("the Equality Ombudsman") is itself a name that
    shorter ones ("the Ombudsman") may stand for.
    """
    full = [m for m in mentions if m.rule not in UNLINKED]
    longer = [m for m in mentions if m.rule == "short-ref" and len(m.name.split()) > 1]
    by_alias = {a.casefold(): m.name for m in full for a in m.aliases}
    names = sorted({f.name for f in full})
    # The words a register or front-matter name was found under: "Federal Prosecution Service" for
    # "Federal Prosecution Service, Regional Office Lower Dresk", so that "the Service" finds it.
    written = {a: m.name for m in full for a in m.aliases if " " in a and a not in names}
    refs: dict[str, str | None] = {}  # short reference -> what it stands for, longest first
    choices: dict[str, list[str]] = {}  # short reference -> the names it could stand for, when several
    lower = {m.name for m in mentions if m.rule == "lower-ref"} - {m.name for m in mentions if m.rule == "short-ref"}
    for ref in sorted({m.name for m in mentions if m.rule in REFS}, key=lambda r: (-len(r), r)):
        extra = sorted({x.name for x in longer if len(x.name) > len(ref)})
        pools = [names + sorted(written) + extra] + ([] if ref in lower else [sorted(known)])  # lower case: here only
        hits = _targets(ref, pools, {**written, **refs})
        target = hits[0] if len(hits) == 1 else None
        refs[ref] = (refs[target] or target) if target in refs else target
        if len(hits) > 1:
            # A body the document calls by a longer short form ("the Prosecution Service") is not the
            # one it calls by the bare head ("the Service").
            own_form = {refs[r] for r in refs if refs[r] and (" " + r.casefold()).endswith(" " + ref.casefold())}
            rest = [h for h in hits if h not in own_form]
            if len(rest) == 1:
                refs[ref] = rest[0]
            else:
                choices[ref] = rest or hits
    shorter = _shortened(full)
    out = []
    last_full: dict[str, int] = {}  # name -> index of its latest full mention so far
    for i, m in enumerate(mentions):
        target = None
        if m.rule not in UNLINKED:
            last_full[m.name] = i
        if m.name in shorter:
            target = shorter[m.name]
        elif m.rule == "acronym":
            target = by_alias.get(m.name.casefold())
        elif m.rule in REFS:
            target = refs.get(m.name)
            if target is None and m.name in choices:
                # "the Ministry of Justice cut … the Ministry": the nearest body named before it
                seen = [(last_full[n], n) for n in choices[m.name] if n in last_full]
                target = max(seen)[1] if seen else next(  # else the next one named
                    (x.name for x in mentions[i + 1:] if x.name in choices[m.name]), None)
        if target:
            m = OrgMention(name=target, start=m.start, end=m.end, rule=f"{m.rule}-linked")
        out.append(m)
    return out


_POSSESSED_HEAD = re.compile(r"^(?P<owner>.+?)['’]s (?P<head>Office|Department|Unit|Secretariat)$")


def _shortened(full: list[OrgMention]) -> dict[str, str]:
    """Full names that shorten another name of the same document, given after it: "the Statistical
    Institute" after "the Dravonian Statistical Institute"; "the Prosecutor General's Office" for the
    "Office of the Prosecutor General".

    >>> _shortened([OrgMention("Dravonian Statistical Institute", 0, 31, rule="head"),
    ...             OrgMention("Statistical Institute", 40, 61, rule="head")])
    {'Statistical Institute': 'Dravonian Statistical Institute'}
    """
    first: dict[str, int] = {}
    for i, m in enumerate(full):
        first.setdefault(m.name, i)
    out = {}
    for name in first:
        low = name.casefold()
        hits = []
        if len(name.split()) >= 2:
            hits = [n for n in first if n != name and (" " + n.casefold()).endswith(" " + low)
                    and all(w[:1].isupper() for w in n[:len(n) - len(name)].split())]
        owned = _POSSESSED_HEAD.match(name)
        if owned:
            wanted = {f"{owned['head']} of {owned['owner']}".casefold(),
                      f"{owned['head']} of the {owned['owner']}".casefold()}
            hits += [n for n in first if n.casefold() in wanted]
        if len(set(hits)) == 1 and first[hits[0]] < first[name]:
            out[name] = hits[0]
    return out


def short_form_map(names: dict[str, str | None]) -> dict[str, tuple[str, bool]]:
    """Short form → (full name, needs a possessive), for forms that fit one name only.

    ``names`` maps each full name found in a document to its kind.

    >>> short_form_map({"Signal Deaf Collective": "cso", "Kelvary City Council": "public-authority"})
    {'Signal': ('Signal Deaf Collective', True)}
    """
    holders: dict[str, set[str]] = {}
    for n in names:
        for w in n.split():
            holders.setdefault(w, set()).add(n)
    forms: dict[str, tuple[str, bool]] = {}
    clash: set[str] = set()

    def put(form: str, name: str, possessive: bool) -> None:
        if form in forms and forms[form][0] != name:
            clash.add(form)
        forms[form] = (name, possessive)

    for n, kind in sorted(names.items()):
        words = n.split()
        if len(words) < 2 or any(not w[:1].isupper() for w in words[:2]):
            continue
        one = words[0]
        if (kind != "public-authority" and len(holders.get(one, ())) == 1 and len(one) > 2
                and one.casefold() not in TOPIC_WORDS | HEADS):
            put(one, n, True)
        if len(words) >= 3 and words[1].casefold() not in TOPIC_WORDS | HEADS | _MINOR:
            put(" ".join(words[:2]), n, False)
    return {k: v for k, v in forms.items() if k not in clash}


def short_forms(sdoc: Doc, forms: dict[str, tuple[str, bool]], taken: list[tuple[int, int]],
                index: dict[str, list[str]] | None = None) -> list[OrgMention]:
    """Mentions by short form (see :func:`short_form_map`) in ``sdoc``, outside the ``taken`` spans.

    A one-word form counts before "'s" ("Signal's volunteers") or inside a
    sentence after any word but a preposition of place ("with Transvia",
    not "in Tiverra"); a two-word form where no capitalised word follows or
    precedes it.  Names of public
    bodies that open with a place ("Kelvary Constabulary") give no one-word
    form: the place's possessive ("Kelvary's schools") is not the body.
    ``index`` is :func:`form_index` of ``forms``, for a caller that reads many blocks with the same forms.
    """
    if not forms:
        return []
    text = doc_text(sdoc)
    index = form_index(forms) if index is None else index
    # Only forms whose first word is in the block: one alternation of every form is slow to scan.
    if not any(w in text for w in index):
        return []
    present = {f for w in index.keys() & set(_WORD.findall(text)) for f in index[w]}
    if not present:
        return []
    out = []
    for s, e in _matches(text, sorted(present, key=lambda f: (-len(f), f))):
        name, possessive = forms[" ".join(text[s:e].split())]
        after = text[e:e + 2]
        prev = previous_word(text, max(0, s - 200), s)
        word = text[prev[0]:prev[1]] if prev else ""
        opens = prev is None or bool(_SENTENCE_GAP.fullmatch(text[prev[1]:s]))
        if possessive and after not in {"'s", "’s"} and (opens or word.lower() in _PLACE_PREPS):
            continue  # "Transvia send us …" mid-sentence is the body; "in Tiverra" or a sentence start may not be
        nxt = _NEXT_WORD.match(text, e)
        if nxt and nxt.group(1)[:1].isupper() and after not in {"'s", "’s"}:
            continue
        if prev and word[:1].isupper() and not _SENTENCE_GAP.fullmatch(text[prev[1]:s]):
            continue  # inside a longer capitalised run
        if any(s < te and ts < e for ts, te in taken):
            continue
        out.append(OrgMention(name=name, start=s, end=e, rule="short-form"))
        taken = [*taken, (s, e)]
    return out


_PLACE_PREPS = frozenset("in across throughout around outside inside within near of all over into".split())
_NEXT_WORD = re.compile(r"[ \t]+([\w'’-]+)")
_WORD_CHAR = re.compile(r"\w")
_JOINERS = frozenset("'’-")


def previous_word(text: str, lo: int, end: int) -> tuple[int, int] | None:
    r"""(start, end) of the last word of ``text[lo:end]`` with the apostrophes and hyphens
    attached to it; what ``re.search(r"([\w'’-]+)[^\w]*\Z", text[lo:end])`` captures,
    read backwards from ``end`` instead of tried at every place in the window.

    >>> text = "funded by Harbour Trust’s - "
    >>> start, stop = previous_word(text, 0, len(text))
    >>> text[start:stop]
    'Trust’s'
    >>> previous_word("... -- ", 0, 7), previous_word("...", 0, 3)
    ((4, 6), None)
    """
    k = end - 1
    while k >= lo and _WORD_CHAR.match(text, k) is None:
        k -= 1
    if k < lo:  # no word character: the first run of apostrophes and hyphens, if any
        first = next((i for i in range(lo, end) if text[i] in _JOINERS), None)
        if first is None:
            return None
        k, stop = first, first
    else:
        stop = k + 1
        while k > lo and (text[k - 1] in _JOINERS or _WORD_CHAR.match(text, k - 1) is not None):
            k -= 1
    while stop < end and text[stop] in _JOINERS:
        stop += 1
    return k, stop


_SENTENCE_GAP = re.compile(r".*[.!?:;\n].*", re.S)


_WORD = re.compile(r"\w+")


def form_index(forms: Iterable[str]) -> dict[str, list[str]]:
    """Forms by their first run of word characters, which any match must hold whole.

    >>> form_index(["Signal", "Open Door", "Open Table"])
    {'Signal': ['Signal'], 'Open': ['Open Door', 'Open Table']}
    """
    index: dict[str, list[str]] = {}
    for f in forms:
        if first := _WORD.search(f):
            index.setdefault(first.group(0), []).append(f)
    return index


@lru_cache(maxsize=4096)
def _form_pattern(form: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'’-])" + r"\s+".join(map(re.escape, form.split())) + r"(?![\w-])")


def _matches(text: str, forms: list[str]) -> list[tuple[int, int]]:
    """Spans where ``forms`` (longest first) occur, as one alternation of them would find them: from the
    left, the first form that matches at a place, then on from its end.  One compiled pattern per form
    is kept; an alternation of each block's forms would be compiled anew for most blocks."""
    found = sorted((m.start(), k, m.end()) for k, f in enumerate(forms) for m in _form_pattern(f).finditer(text))
    out, end = [], 0
    for s, _, e in found:
        if s >= end:
            out.append((s, e))
            end = e
    return out


# Generic actors a document can tie to one of its named bodies (GOLD.md: "the police", "the council"
# "count only when the document has tied them to one named body"): the words that name one body of
# the sort, and the names that are of that sort.
_ONE_OF_SORT = {
    "police": ("police", "police force", "police service", "constabulary"),
    "prosecutors": ("prosecution", "prosecution service", "public prosecutor", "prosecutor"),
    "local authorities": ("council", "county council", "city council", "district council", "borough council",
                          "local authority", "local council", "municipality"),
    "government": ("ministry",),
}
_STAFF_OF_SORT = {
    "police": ("police officers", "police officer", "police staff", "neighbourhood officers", "response officers"),
    "prosecutors": ("prosecutors", "public prosecutors", "crown prosecutors", "prosecuting lawyers"),
    "local authorities": ("council officers", "council staff"),
}
_SORT_NAMES = {
    "police": re.compile(r"\b(?:Police|Constabulary|Policing|Gendarmerie)\b"),
    "prosecutors": re.compile(r"\bProsecut"),
    "local authorities": re.compile(r"\b(?:City|County|District|Borough|Town|Municipal|Metropolitan|Parish)"
                                    r" Council\b|\bMunicipality\b|\bCouncil of the (?:City|County|Borough)\b"),
    "government": re.compile(r"\bMinistry\b"),
}
# Bodies about the sort, not of it: "Police Complaints Commissioner", "Prosecutorial Standards Inspectorate".
_ABOUT_SORT = re.compile(r"\b(?:Commissioner|Ombudsman|Inspectorate|Complaints|Conduct|Federation|Union|Academy"
                         r"|College|Standards|Watch|Monitor|Institute)\b")
_DEFINITE = re.compile(r"\b(?:the|our|their)\s+\Z", re.I)
# A part or a place-name of the one body of a sort, used for the body: "the division's analysts", "the
# force"; "the county's community safety team", "the city has agreed" (not "in the county").
_PEOPLE = r"(?:team|teams|officers|officials|staff|people|unit|department|services|lead|leads)"
_ACTS = r"(?:has|have|had|asked|asks|said|says|agreed|funds|funded|pays|paid|cut|cuts|runs|ran|launched|set)"
_PART_OF_SORT = {
    "police": re.compile(r"\b[Tt]he ((?:county |local |area )?(?:division|force))\b(?!\s+(?:of|between)\b)"),
    "local authorities": re.compile(r"\b[Tt]he ((?:county|city|borough|municipality)(?:['’]s(?=(?:\s+[a-z-]+){0,3}"
                                    rf"\s+{_PEOPLE}\b)|(?=\s+{_ACTS}\b)))"),
}


def tied_generics(mentions: dict[int, list[OrgMention]], texts: dict[int, str],
                  own: str | None = None) -> dict[int, list[OrgMention]]:
    """Generic actors that can only mean one named body of the document, linked to it.

    "the police" in a document whose one police body is the Police Service
    of Carrowmaine is that service (rule ``generic-linked``); so are its
    "police officers", "the division" and "the force"; "the
    county's community safety team" is the one county council.  ``mentions`` and ``texts`` are keyed by
    block; ``own`` is the interviewee's organisation, a body of the document
    too.  Where the document names none or several of the sort, the generic
    actor stays.

    >>> blocks = {0: [OrgMention("Kelvary Constabulary", 0, 20, rule="head"),
    ...               OrgMention("police", 30, 36, generic=True, rule="generic")]}
    >>> [m.name for m in tied_generics(blocks, {0: "Kelvary Constabulary said the police …"})[0]]
    ['Kelvary Constabulary', 'Kelvary Constabulary']
    """
    bodies = {m.name for ms in mentions.values() for m in ms if not m.generic and m.rule not in UNLINKED}
    if own:
        bodies.add(own)
    sole = {}
    for sort, pattern in _SORT_NAMES.items():
        hits = {n for n in bodies if pattern.search(n) and not _ABOUT_SORT.search(n)}
        if len(hits) == 1:
            sole[sort] = hits.pop()
    if not sole:
        return mentions
    out = {}
    for key, ms in mentions.items():
        text = texts[key]
        linked = []
        for m in ms:
            target = sole.get(m.name) if m.generic else None
            if target:
                said = " ".join(text[m.start:m.end].casefold().split())
                one = said in _ONE_OF_SORT.get(m.name, ()) and _DEFINITE.search(text, max(0, m.start - 8), m.start)
                many = said in _STAFF_OF_SORT.get(m.name, ())
                if one or many:
                    m = OrgMention(name=target, start=m.start, end=m.end, rule="generic-linked")
            linked.append(m)
        for sort, pattern in _PART_OF_SORT.items():
            if sort in sole:
                for hit in pattern.finditer(text):
                    s, e = hit.span(1)
                    if not any(s < x.end and x.start < e for x in linked):
                        linked.append(OrgMention(name=sole[sort], start=s, end=e, rule="generic-linked"))
        out[key] = sorted(linked, key=lambda m: (m.start, m.end))
    return out
