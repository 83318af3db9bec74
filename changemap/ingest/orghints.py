"""Names without a head word, told apart by what is in them or around them.

Many bodies carry no organisation head ("Police", "Trust", "Network"): a
landlord called "Greyhope Homes", a train company "Calder Rail", a charity
"Prism Rights Veldmark" or just "Lantern".  The recogniser in
:mod:`changemap.ingest.orgs` accepts such a capitalised run when

* it holds a *hint* word (:data:`ORG_HINTS`: Homes, Rail, Care, Rights,
  Security, Club, Support, Aid …) and at least one other proper word, and
  does not end in a place word (Airport, Station, Street …); or
* the text says what it is: an apposition whose head noun is an
  organisation noun ("Lantern, a small charity for …", "Greyhope Homes, the
  largest landlord in the east"), such a noun just before it ("the charity
  Mosaic", "housing provider Kestrel"), or its own people after a possessive
  ("Threshold's caseworkers", "Drom's volunteers").

The functions read token texts only, so they work on any tokenised block.

>>> texts = ["Lantern", ",", " ", "a", " ", "small", " ", "charity", " ", "for", " ", "widows"]
>>> apposition_noun([t for t in texts if not t.isspace()], 0)
True
>>> apposition_noun(["Ana", ",", "the", "chair", "of", "the", "group"], 0) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that mark a body inside a name with no head word.
ORG_HINTS = _set("""
homes housing care security rail railway railways transport transit trams metro ferries buses trains airline
airlines systems technologies software logistics bequest endowment assist assistance rights aid
action support advice voice voices pride club athletic united rovers wanderers shelter refuge mission
media press radio broadcasting international collective solidarity sanctuary alliance consulting
solutions services
""")
# A run ending in one of these is a place, whatever hint it holds.
PLACE_ENDS = _set("""
airport station stations street road avenue lane square park estate hall halls stadium ground bridge
market mall terminal port harbour quay bay river island hill house tower towers building court
""")
# Nouns that say a name belongs to a body: "X, a charity", "the landlord X".
ORG_NOUNS = _set("""
charity charities organisation organization ngo group network company operator provider association
club landlord landlords firm body agency collective trust foundation funder union society coalition
nonprofit non-profit cso employer insurer broadcaster newspaper publisher helpline partnership
housing-association consultancy contractor
""")
_DETS = _set("a an the one our their its another this that")
_STOP_AFTER = _set("of in for with at on from by to who which that whose where and or but")


def apposition_noun(words: Sequence[str], last: int, things: frozenset[str] = frozenset()) -> bool | None:
    """What does ", [det] [modifiers] NOUN" after the word at ``last`` call it?

    ``words`` are the block's non-space tokens.  True for an organisation
    noun (:data:`ORG_NOUNS`), False for one of ``things`` ("Safe Voices, a
    pilot in four schools"), None when there is no such apposition.  The noun
    must head the apposition: it comes before any preposition, relative word,
    punctuation or capitalised word ("the chair of the group" does not count).
    """
    i = last + 1
    if i >= len(words) or words[i] != ",":
        return None
    i += 1
    if i < len(words) and words[i].lower() in _DETS:
        i += 1
    for k in range(i, min(len(words), i + 5)):
        word = words[k]
        low = word.lower()
        if not word[:1].islower() or low in _STOP_AFTER:
            return None
        if low in ORG_NOUNS:
            return True
        if low in things:
            return False
    return None


def noun_apposed_before(before: Sequence[str]) -> bool:
    """Is a run introduced by "the company that runs the hotel, X"? ``before`` are the non-space
    words before the run, nearest last: a comma, and within eight words before it an organisation
    noun after a determiner, with no clause punctuation between.

    >>> noun_apposed_before(["said", ":", "the", "company", "that", "runs", "the", "hotel", ","])
    True
    >>> noun_apposed_before(["a", "charity", "in", "Leeds", ",", "and", "then", ","])
    False
    """
    if not before or before[-1] != ",":
        return False
    for k in range(len(before) - 2, max(-1, len(before) - 11), -1):
        word = before[k]
        if not word[:1].isalnum() or word.lower() in {"and", "or", "but"}:
            return False
        if word.lower() in ORG_NOUNS and k > 0 and before[k - 1].lower() in _DETS:
            return True
    return False


def noun_before(previous: str) -> bool:
    """Is a run introduced by an organisation noun ("the charity X", "landlord X")? ``previous`` is
    the word before the run."""
    return previous.lower() in ORG_NOUNS


# After "X's", nouns for an organisation's own people, services and records: "Threshold's caseworkers",
# "Tallymark's form".  Not "numbers" or "figures": a place has those too ("Tullen's figures").
OWN_PARTS = _set("""
caseworkers caseworker volunteers trustees members membership helpline hotline outreach advocates
secretariat board chief director staff befrienders counsellors lawyers trainers team teams employees moderators
register registers database log logs form forms website app grant grants funders
""")


def possessed_part(words: Sequence[str], last: int) -> bool:
    """Is the run ending at ``last`` followed by "'s" (or ", whose") and a noun for an organisation's
    people, with at most a few lower-case words between?

    >>> possessed_part(["Threshold", "'s", "caseworkers", "read"], 0)
    True
    >>> possessed_part(["Kollo", "'s", "support", "staff"], 0)
    True
    >>> possessed_part(["Lumo", ",", "whose", "trust", "and", "safety", "staff", "came"], 0)
    True
    >>> possessed_part(["Maria", "'s", "car"], 0)
    False
    >>> possessed_part(["Quayfare", "'s", "head", "office"], 0)
    True
    """
    if last + 2 < len(words) and words[last + 1] in {"'s", "’s"}:
        start, reach = last + 2, 3
    elif last + 3 < len(words) and words[last + 1] == "," and words[last + 2].lower() == "whose":
        start, reach = last + 3, 5
    else:
        return False
    for k in range(start, min(len(words), start + reach)):
        if words[k].lower() in OWN_PARTS or (words[k].lower() == "head" and k + 1 < len(words)
                                             and words[k + 1].lower() in {"office", "offices"}):
            return True  # "Quayfare's head office", not "Maria's office"
        if not words[k][:1].islower():
            return False
    return False


def hinted(lows: Sequence[str], proper: Sequence[bool]) -> bool:
    """A hint word plus another proper word, and no place word at the end.

    >>> hinted(["greyhope", "homes"], [True, True])
    True
    >>> hinted(["victim", "care"], [False, False])
    False
    >>> hinted(["calder", "rail", "station"], [True, True, True])
    False
    """
    if len(lows) < 2 or lows[-1] in PLACE_ENDS:
        return False
    has_hint = any(w in ORG_HINTS for w in lows)
    return has_hint and any(p and w not in ORG_HINTS for w, p in zip(lows, proper, strict=True))


# Lower-case nouns that make the capitalised word before them a thing: "the VESTA system", "ORBIS reference".
# (Not "records": "KPS records every case" is a body at work.)
SYSTEM_NOUNS = _set("""
system systems database databases platform software portal app reference references screen screens module
upgrade rollout migration
""")
_SYSTEM_BEFORE = _set("system database platform software portal tool called named")


def system_names(text: str) -> set[str]:
    """Capitalised words the text treats as systems or products, not bodies.

    >>> sorted(system_names("they check it against the VESTA system and our case system, CASPAR"))
    ['CASPAR', 'VESTA']
    >>> sorted(system_names("the coordinator checks each digest against ARGO"))
    ['ARGO']
    """
    out = {m.group(1) for m in _SYSTEM_AFTER.finditer(text)}
    out |= {m.group(1) for m in _SYSTEM_AFTER_NOUN.finditer(text)}
    out |= {m.group(1) for m in _CHECKED_AGAINST.finditer(text)}
    return out


_WORD = r"([A-Z][\w+-]*)"
_SYSTEM_AFTER = re.compile(_WORD + r"\s+(?:" + "|".join(sorted(SYSTEM_NOUNS)) + r")\b")
# Records checked against a name in capitals: "checks it against VESTA" (a body is checked *with*).
_CHECKED_AGAINST = re.compile(r"\b(?:check|checks|checked|checking|match|matches|matched|matching|compare|compares"
                              r"|compared|comparing|reconcile|reconciles|reconciled)\b[^.;:!?]{0,60}?\bagainst\s+"
                              r"([A-Z][A-Z0-9]{2,})\b")
_SYSTEM_AFTER_NOUN = re.compile(r"\b(?:" + "|".join(sorted(_SYSTEM_BEFORE)) + r")\s*,?\s+" + _WORD)
