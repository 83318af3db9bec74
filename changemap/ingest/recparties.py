"""Who is who in a sentence, for the recording-system and data-flow rules.

A :class:`Scope` holds one sentence's parties: the organisations it names
(and generic actors such as "the police"), the speaker's organisation behind
"we/our/us/I/me/my", and third-person pronouns ("they", "their") resolved to
the nearest organisation named before them in the sentence or earlier in the
block.  :meth:`Scope.owner` says whose a noun phrase is: "our database",
"MCST's incident log", "Dunmoor Police files", "the records of the Trust".

>>> from changemap.ingest.nlp import pipeline
>>> from changemap.model import OrgMention
>>> doc = pipeline()("We compared the Dunmoor Police's log with our own register.")
>>> police = OrgMention("Dunmoor Police", doc.text.find("Dunmoor"), doc.text.find("'s"))
>>> scope = Scope(next(iter(doc.sents)), [police], "Open Door")
>>> [scope.owner(i, i + 1).name for i, t in enumerate(doc) if t.text in {"log", "register"}]
['Dunmoor Police', 'Open Door']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span

from ..model import OrgMention
from .cues import org_tokens, sentence_words
from .nlp import lowers
from .recwords import AUXILIARIES, HEDGES, MODIFIERS, OPERATED_BY, SPEAKER_WORDS, THIRD_WORDS

POSSESSIVE_S = frozenset({"'s", "’s", "'", "’"})
SPEAKER_POSSESSIVE = frozenset({"our", "my"})
OTHER_POSSESSIVE = frozenset({"their", "its"})
DETERMINERS = frozenset("the a an this that these those".split())
BODY_NOUNS = frozenset("service services force forces office team teams unit units".split())
SKIP_TO_SUBJECT = AUXILIARIES | {"'ve", "’ve", "n't", "n’t", "were", "was", "are", "is", "am", "'re", "’re", "been"}
CLAUSE_OPENERS = frozenset("and but so then when because that which who where while after before since".split())


@dataclass(frozen=True)
class Party:
    """An organisation at a token span: named, generic, the speaker's, or a pronoun for one."""

    name: str
    start: int
    end: int
    role: str  # "named" | "generic" | "speaker" | "pronoun"
    generic: bool = False

    @property
    def speaker(self) -> bool:
        return self.role == "speaker"


def named_parties(sent: Span, orgs: Sequence[OrgMention]) -> list[Party]:
    """The organisations ``sent`` names (and its generic actors), as parties in text order."""
    return [Party(o.name, s, e, "generic" if o.generic else "named", o.generic)
            for o, s, e in org_tokens(sent, list(orgs))]


class Scope:
    """One sentence's parties; ``earlier`` are the previous sentence's, for pronouns.

    "their"/"its" may refer back to the previous sentence; "they"/"them" only
    with ``look_back`` (a sentence comparing systems: "They only record it if …").
    """

    def __init__(self, sent: Span, orgs: Sequence[OrgMention], speaker_org: str | None,
                 earlier: Sequence[Party] = (), look_back: bool = False):
        self.sent, self.doc = sent, sent.doc
        self.lo, self.hi = sent.start, sent.end
        self.speaker_org = speaker_org
        self.words = lowers(self.doc)[self.lo:self.hi]  # lower-case tokens, read far more often than anything else
        self.wordset = sentence_words(sent)  # shared with the cue indexes of the same sentence
        found = named_parties(sent, orgs)
        taken = {i for p in found for i in range(p.start, p.end)}
        police_speaker = bool(speaker_org) and any(w in speaker_org.casefold() for w in ("police", "constabulary"))
        for i, low in enumerate(self.words, self.lo):
            if i in taken:
                continue
            if speaker_org and low in SPEAKER_WORDS and not self._hedge(i):
                found.append(Party(speaker_org, i, i + 1, "speaker"))
            elif police_speaker and low == "force" and i > self.lo and self.doc[i - 1].lower_ in {"the", "our"}:
                found.append(Party(speaker_org, i, i + 1, "speaker"))  # "the force" in a police interview
        found.sort(key=lambda p: p.start)
        out: list[Party] = []
        for i, low in enumerate(self.words, self.lo):
            if i in taken or low not in THIRD_WORDS:
                continue
            # Only a possessive looks back a sentence ("they keep records" after a sentence about one
            # body may mean people in general), unless the caller knows the sentence compares bodies.
            back = look_back or low in {"their", "theirs", "its"}
            ante = self._antecedent(i, found, earlier if back else ())
            if ante is not None:
                out.append(Party(ante.name, i, i + 1, "pronoun", ante.generic))
        self.parties = sorted(found + out, key=lambda p: p.start)
        self._at: dict[int, Party] = {}  # token → the first party covering it
        self._ending: dict[int, Party] = {}  # end offset → the first party ending there
        for p in self.parties:
            for i in range(p.start, p.end):
                self._at.setdefault(i, p)
            self._ending.setdefault(p.end, p)

    def _hedge(self, i: int) -> bool:
        """'I think', 'I'd say': the interviewee's opinion, not their organisation acting."""
        if self.doc[i].lower_ != "i":
            return False
        k = i + 1
        while k < self.hi and self.doc[k].lower_ in AUXILIARIES | {"'d", "’d", "would", "do", "n't", "not"}:
            k += 1
        return k < self.hi and self.doc[k].lower_ in HEDGES

    def _antecedent(self, i: int, found: list[Party], earlier: Sequence[Party]) -> Party | None:
        """The body a pronoun at ``i`` stands for: the nearest other body named before it."""
        reflexive = i + 1 < self.hi and self.doc[i + 1].lower_ == "own"
        before = [p for p in found if p.end <= i]
        if reflexive and before:  # "our lawyers apply their own flag": the subject's own
            return before[-1]
        others = [p for p in before if not p.speaker]
        if others:
            return others[-1]
        rest = [p for p in earlier if not p.speaker]
        return rest[-1] if rest else None

    # --- lookups ------------------------------------------------------------------------

    def at(self, i: int) -> Party | None:
        """The party covering token ``i``."""
        return self._at.get(i)

    def ending_at(self, i: int) -> Party | None:
        """The party whose last token is ``i - 1``."""
        return self._ending.get(i)

    def subject_of(self, verb: int) -> Party | None:
        """The party right before ``verb``, across auxiliaries and adverbs ("we've also kept",
        "we were flagging"); for a second verb after "and", the subject of the clause."""
        i = verb - 1
        while i >= self.lo and self.doc[i].lower_ in SKIP_TO_SUBJECT:
            i -= 1
        if i < self.lo:
            return None
        party = self.ending_at(i + 1) or (self.ending_at(i) if self.doc[i].lower_ in BODY_NOUNS else None)
        if party is not None:
            return party  # "we", "Dunmoor Police", "the prosecution service" (generic "prosecution")
        low = self.doc[i].lower_
        if low in {"and", "then"}:
            return self.clause_subject(i)
        if low in {"started", "began", "continued", "stopped", "tried", "decided", "agreed"}:
            return self.subject_of(i)
        if self.doc[i].is_title:  # "the City Police in Harrowmouth started": a place after the subject
            for k in range(i - 1, max(self.lo, i - 3) - 1, -1):
                if self.doc[k].lower_ in {"in", "at"}:
                    return self.ending_at(k)
                if not self.doc[k].is_title:
                    break
        return None

    def clause_subject(self, i: int) -> Party | None:
        """The nearest party before ``i`` that opens a clause ("they came to see us and took …": they)."""
        for p in reversed(self.parties):
            if p.end > i:
                continue
            k = p.start - 1
            while k >= self.lo and self.doc[k].lower_ in {"the", "a", "an"}:
                k -= 1
            if k < self.lo or self.doc[k].is_punct or self.doc[k].lower_ in CLAUSE_OPENERS:
                return p
        return None

    def party_after(self, i: int) -> Party | None:
        """The party starting at ``i`` (after determiners)."""
        while i < self.hi and self.doc[i].lower_ in DETERMINERS:
            i += 1
        return self.at(i) if i < self.hi else None

    def owner(self, start: int, end: int) -> Party | None:
        """Whose the noun phrase ``[start, end)`` is: a possessive or a name before it,
        or "of / by / run by" a party after it."""
        i = start - 1
        skipped = 0
        while i >= self.lo and skipped < 3 and (self.doc[i].lower_ in MODIFIERS or self.doc[i].text == "-"):
            i, skipped = i - 1, skipped + 1
        if i >= self.lo:
            tok = self.doc[i]
            low = tok.lower_
            if low in POSSESSIVE_S:
                party = self.ending_at(i)
                if party is not None:
                    return party
            party = self.at(i)
            if party is not None and (low in SPEAKER_POSSESSIVE or low in OTHER_POSSESSIVE):
                return party
            if party is not None and party.role in {"named", "generic"} and party.end == i + 1:
                return party  # "Dunmoor Police files", "police data"
        j = end
        if j < self.hi and self.doc[j].lower_ in OPERATED_BY:
            j += 1
        if j < self.hi and self.doc[j].lower_ in {"of", "by", "at"}:
            party = self.party_after(j + 1)
            if party is not None and not party.speaker:
                return party
        return None
