"""Engagements in running text: two stakeholders, a mode cue and a sentiment in one sentence.

An engagement needs two parties in one sentence (two named organisations, or
the speaker's organisation behind "we/our/us/I" and one it names) *and* a mode
cue: co-occurrence alone is not engagement.

* **Mode cues**: the labels of ``schemes/modes.ttl`` plus gapped verb-object
  patterns ("shared *their monthly* data", "reviewed *40* cases", "holds *X* to
  account").  Words inside an organisation's name are never cues; partnership
  cues count only where no narrower mode is cued in the clause; membership
  verbs ("sit on", "joined", "member of") take the mode of the body they name
  ("sat on the scrutiny panel" is scrutiny), else strategic-group.
* **Parties**: named, non-generic organisations, plus the speaker's
  organisation for first-person words (not hedges: "I think") or its own name.
  Pairs are formed within a clause (split at ";" and "but/whereas/although/
  though/however").  One mode in a clause: every pair gets it ("A, B and C sit
  on the Board" gives three pairs).  Several modes: each cue goes to its
  nearest pair(s), a coordinated list counting as near as its nearest member.
* **Negation**: "never/not/n't/no/nobody/without" shortly before the cue, or a
  wish or condition ("would like to", "should", "if", "I'd"), means no
  engagement.  An engagement that ended or failed is kept, with negative
  sentiment: "stopped sharing data", "no longer", "was not renewed", "refused
  to share data" (a refused request is a failed engagement, not none).
* **Direction**: "by X"/"from X" make X the source, "to X"/"for X" the target,
  a passive cue ("we were consulted") makes the subject the target; otherwise
  the party before the cue (the speaker as subject first) is the source.
* **Sentiment**: the sentiments scheme's cue words in the cue's clause and in
  clauses naming no other organisation (a negated cue flips); positive and
  negative together are mixed.  **Years**: 19xx/20xx years that are not counts.

``start``/``end`` are the sentence's character offsets in ``sent.doc.text``
(the quote to cite); ``cue`` is the cue as written.

>>> from changemap.ingest.nlp import pipeline
>>> from changemap.model import OrgMention
>>> doc = pipeline()("In 2019 we started sharing our monthly data with the Dunmoor Police; it worked well.")
>>> police = OrgMention("Dunmoor Police", doc.text.find("Dunmoor"), doc.text.find(";"))
>>> [(e.source, e.target, e.mode, e.sentiment, e.years) for e in
...  find_engagements(next(iter(doc.sents)), [police], speaker_org="Open Door")]
[('Open Door', 'Dunmoor Police', 'data-sharing', 'positive', (2019,))]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from spacy.tokens import Doc, Span

from ..model import EngagementCandidate, OrgMention
from ..ontology.lexicon import phrases
from .cues import (
    CONTINUATION,
    KEEP_PUNCT,
    NEGATORS,
    Cue,
    CueIndex,
    hypothetical,
    negated,
    org_tokens,
    outside,
    segments,
    sentence_words,
    year_spans,
)
from .engagewords import (
    GROUP_NOUNS,
    IMPERATIVES,
    MEMBERSHIP,
    MEMBERSHIP_PHRASES,
    MODE_PATTERNS,
    OWN_BOARD,
    PRONOUN_PARTS,
    joint_training,
)
from .nlp import lowers, span_text

BE = frozenset("is are was were be been being 's ’s 're ’re am 'm".split())


@lru_cache(maxsize=1)
def engagement_cues() -> CueIndex:
    """Mode and sentiment cues, built once from the schemes."""
    entries: dict[str, list[str]] = {}
    for key, labels in phrases("mode").items():
        entries[f"mode:{key}"] = labels
    for key, labels in phrases("sentiment").items():
        entries[f"sent:{key}"] = labels
    return CueIndex(entries, MODE_PATTERNS)


# --- Parties ----------------------------------------------------------------------------

FP_SUBJECT = frozenset({"we", "i"})
FP_OTHER = frozenset("us our ours ourselves me my".split())
FIRST_PERSON = FP_SUBJECT | FP_OTHER
# "this Office", "this ministry": a public official's way of saying "we".
OWN_BODY = frozenset(("office ministry department service unit authority agency directorate inspectorate "
                      "commission council force organisation organization prosecution").split())
COGNITION = frozenset(("think thought believe know knew mean guess suppose remember feel felt reckon "
                       "imagine assume recall suspect wonder gather understand heard hope").split())
# "I would mention that A reviewed B's files": the speaker tells, and takes no part.
HEDGES_I = COGNITION | {"say", "said", "admit", "expect", "doubt", "agree", "mention", "add", "note", "stress",
                        "emphasise", "emphasize", "acknowledge", "concede", "observe", "repeat", "regard",
                        "consider", "characterise", "characterize", "describe", "confess", "accept"}
AUXILIARIES = frozenset(("do did ca can could would 'd ’d must should will 'll ’ll have 've ’ve n't n’t "
                         "not to really honestly just").split())
_PRONOUN_TEXT = re.compile(r"\b(?:they|them|their|its)\b|\bit\s+\w+(?:s|ed)\b", re.I)
_PRONOUNS = frozenset({"they", "it", "them", "their", "its"})
_FP_TEXT = re.compile(r"\b(?:we|our|us|ours|ourselves|i|me|my|myself)\b|\bthis (?:" + "|".join(sorted(OWN_BODY))
                      + r")\b", re.I)
# Verbs after which "them" is the object standing for a body: "we send them our list".
OBJECT_VERBS = frozenset(("send sends sent give gives gave tell told ask asked invite invited train trained fund "
                          "funded pay paid email emailed contact contacted brief briefed help helped show showed "
                          "pass passed forward forwarded supply supplied").split())
LIST_GLUE = frozenset(", and & or as well plus the also".split())


@dataclass
class Party:
    name: str
    positions: tuple[int, ...]  # token indices (all tokens of a named mention; first-person tokens)
    start: int
    end: int
    speaker: bool = False
    group: int = -1  # coordinated list id
    subject: bool = False  # the speaker is a grammatical subject ("we", "I")


def _first_person(doc: Doc, lo: int, hi: int) -> tuple[list[int], bool]:
    toks, subject = [], False
    words = lowers(doc)
    for i in range(lo, hi):
        low = words[i]
        if low == "this" and i + 1 < hi and words[i + 1] in OWN_BODY:
            toks.append(i + 1)  # "between this Office and the Federation": the speaker's own body
            continue
        if low not in FIRST_PERSON or (doc[i].is_title and low != "i" and not _opens(doc, i, lo)):
            continue  # "the Not In Our Town campaign": a capitalised "Our" mid-sentence is part of a name
        if low in FP_SUBJECT:
            if low == "i" and doc[i].text != "I":
                continue
            k = i + 1
            while k < min(hi, i + 4) and doc[k].lower_ in AUXILIARIES:
                k += 1  # "I don't think", "I have to say", "I'd say"
            if k < hi and doc[k].lower_ in (HEDGES_I if low == "i" else COGNITION):
                continue
            subject = True
        toks.append(i)
    return toks, subject


def _opens(doc: Doc, i: int, lo: int) -> bool:
    """Token i opens the sentence or follows an opening quote, bracket or bullet mark."""
    return i == lo or all(doc[k].is_punct or doc[k].is_space for k in range(lo, i))


def _same(a: str, b: str | None, aliases: Iterable[str] = ()) -> bool:
    return b is not None and b.casefold() in {a.casefold(), *(x.casefold() for x in aliases)}


def _distance(cue: Cue, party: Party) -> int:
    best = 10 ** 6
    if party.speaker:
        for p in party.positions:
            best = min(best, cue.start - p - 1 if p < cue.start else max(0, p - cue.end + 1))
        return best
    if party.end <= cue.start:
        return cue.start - party.end
    if party.start >= cue.end:
        return party.start - cue.end
    return 0


# --- Roles --------------------------------------------------------------------------------

AGENT_MARK = frozenset({"by"})
FROM_MARK = frozenset({"from"})
FROM_MODES = frozenset({"funding", "data-sharing", "referral"})
STAFF = frozenset(("officers officer staff people members colleagues volunteers someone representatives "
                   "managers workers handlers teams team inspectors").split())
TARGET_MARK = frozenset({"to", "for", "into", "towards"})
PASSIVE_AUX = frozenset("was were been being be is are get got gets getting 're ’re 's ’s".split())
ADVERBS = frozenset(("never not n't also then regularly properly finally first now only just formally "
                     "always often routinely actually really even already still being been recently "
                     "directly jointly").split())
IRREGULAR = frozenset("taught paid sat held sent brought led fed given run".split())


def _marked(doc: Doc, party: Party, marks: frozenset[str], lo: int) -> bool:
    if party.speaker:
        return False
    i = party.start - 1
    while i >= lo and doc[i].lower_ in {"the", "a", "an", "our", "their", "its", "local"}:
        i -= 1
    return i >= lo and doc[i].lower_ in marks


def _passive(doc: Doc, cue: Cue, lo: int) -> bool:
    head = doc[cue.start]
    low = head.lower_
    if not (low.endswith("ed") or low in IRREGULAR):
        return False
    i = cue.start - 1
    while i >= lo and doc[i].lower_ in ADVERBS - {"being", "been"}:
        i -= 1
    return i >= lo and doc[i].lower_ in PASSIVE_AUX


def _order(doc: Doc, a: Party, b: Party, cue: Cue, lo: int) -> tuple[Party, Party]:
    """(source, target) of a pair for ``cue``: by/from-agent, to/for-recipient, passive, position."""
    def role(p: Party) -> int:  # +1 source, -1 target, 0 unknown
        if _marked(doc, p, AGENT_MARK, lo):
            return 1
        if not p.speaker and 0 <= p.start - cue.end <= 5:
            if _marked(doc, p, FROM_MARK, lo) and (cue.key in FROM_MODES or p.start - cue.end <= 2) \
                    and not any(doc[k].lower_ in STAFF for k in range(cue.end, p.start)):
                return 1
            if _marked(doc, p, TARGET_MARK, lo):
                return -1
        return 0
    ra, rb = role(a), role(b)
    if ra != rb:
        return (a, b) if ra > rb else (b, a)
    # "recruits spend a day with us as part of their induction": the subject is the one trained
    receiving = doc[cue.end - 1].lower_ == "induction"
    passive = _passive(doc, cue, lo) or receiving

    def before(p: Party) -> bool:
        if p.speaker:
            return any(q < cue.start for q in p.positions) if p.subject else p.positions[-1] < cue.start
        return p.end <= cue.start
    ba, bb = before(a), before(b)
    if ba != bb:
        src, tgt = (a, b) if ba else (b, a)
        return (tgt, src) if passive else (src, tgt)
    if a.speaker != b.speaker:  # both on one side of the cue: the speaker as subject initiates
        sp, other = (a, b) if a.speaker else (b, a)
        return (sp, other) if (sp.subject and not passive) or (receiving and not sp.subject) else (other, sp)
    return (a, b) if a.start <= b.start else (b, a)


# --- Sentiment ----------------------------------------------------------------------------

FLIP = {"positive": "negative", "negative": "positive"}


def sentiment_cues(doc: Doc, cues: Iterable[Cue], lo: int, hi: int, segs: list[int]) -> dict[int, set[str]]:
    """Sentiment keys per clause from the sentiment cues of a sentence; a negated cue flips."""
    found: dict[int, set[str]] = {}
    for c in cues:
        if c.group != "sent" or c.key == "neutral":
            continue
        key = c.key
        if key == "mixed" and c.end < len(doc) and doc[c.end].text == "-":
            continue  # "mixed-race"
        if key in FLIP and negated(doc, c.start, lo, window=3):
            key = FLIP[key]
        found.setdefault(segs[c.start - lo], set()).add(key)
    for i in range(lo, hi - 1):
        if doc[i].lower_ in NEGATORS and doc[i + 1].lower_ in CONTINUATION:
            found.setdefault(segs[i - lo], set()).add("negative")  # "was not renewed", "didn't continue"
    return found


def combine(keys: Iterable[str]) -> str | None:
    """One sentiment: positive and negative together are mixed."""
    keys = set(keys)
    if "mixed" in keys or {"positive", "negative"} <= keys:
        return "mixed"
    return next(iter(keys)) if keys else None


# --- The rule -----------------------------------------------------------------------------

_TRAIN_NOUN_BEFORE = frozenset("the a on by this that every each last next first".split())
_TRAIN_NOUN_AFTER = frozenset(("station stations line journey journeys operator company "
                               "services carriage driver drivers platform").split())
POSSESSIVES = frozenset("our their its my his her".split())
INTERNAL = frozenset({"casework", "case work", "caseworker", "caseworkers", "case management", "monitoring",
                      "data collection", "advocacy support", "monitor"})
_TOGETHER_NOT = frozenset("put puts putting bring brought bringing pull pulled get got all altogether".split())


def _spurious(doc: Doc, c: Cue) -> bool:
    """Cue words used in another sense: "on the train", "referred to as", "her partner"."""
    low = doc[c.start].lower_
    prev = doc[c.start - 1].lower_ if c.start > 0 else ""
    nxt = doc[c.end].lower_ if c.end < len(doc) else ""
    if c.end - c.start == 1:
        if low in {"train", "trains"} and (prev in _TRAIN_NOUN_BEFORE or nxt in _TRAIN_NOUN_AFTER):
            return True
        if low in {"partner", "partners"} and prev in {"his", "her", "my", "your"}:
            return True
        if low == "together" and prev in _TOGETHER_NOT:
            return True
    if prev == "own":  # "our own training", "their own monitoring": work of one organisation
        return True
    if span_text(doc[c.start:c.end]).lower() in INTERNAL and (prev in POSSESSIVES or (
            c.start > 1 and doc[c.start - 2].lower_ in POSSESSIVES)):  # "our (monthly) casework", "their monitoring"
        return True
    return low.startswith("refer") and any(doc[i].lower_ == "as" for i in range(c.end, min(len(doc), c.end + 4)))


def _membership(doc: Doc, lo: int, hi: int, segs: list[int], modes: list[Cue]) -> list[Cue]:
    """Membership verbs before a body: "sat on the scrutiny panel" (scrutiny), "joined the Board"."""
    out = []
    for i in range(lo, hi):
        low = doc[i].lower_
        if low == "on":
            prev = doc[i - 1].lower_ if i > lo else ""
            if not (prev in BE or (prev in {"both", "all", "also", "still"} and i - 2 >= lo
                                   and doc[i - 2].lower_ in BE)):
                continue
        elif low not in MEMBERSHIP:
            continue
        if low in {"member", "members", "membership", "part", "involved"} and not (
                i + 1 < hi and doc[i + 1].lower_ in {"of", "in"}):
            continue  # "member of", "part of", "take part in", "involved in"
        for j in range(i + 1, min(hi, i + 13)):
            if segs[j - lo] != segs[i - lo] or (doc[j].is_punct and doc[j].text not in KEEP_PUNCT):
                break
            if doc[j].lower_ in OWN_BOARD and doc[j - 1].lower_ in {"our", "their", "its"}:
                out.append(Cue("mode", "partnership", i, j + 1))  # a seat on the other's own board
                break
            if doc[j].lower_ in GROUP_NOUNS:
                named = [c.key for c in modes if i < c.start and c.end <= j + 1
                         and c.key not in {"strategic-group", "partnership"}]
                out.append(Cue("mode", named[-1] if named else "strategic-group", i, j + 1))
                break
    return out


def find_engagements(sent: Span, orgs: list[OrgMention], speaker_org: str | None = None,
                     antecedent: str | None = None) -> list[EngagementCandidate]:
    """Engagement candidates stated in one sentence; see the module docstring for the rules.

    ``antecedent`` is the one organisation the previous sentence named, which
    "they", "them" (after a preposition) and "their/its" + a word for its
    people or money ("their delegation", "its grants") stand for.
    """
    named, own = [], []  # other organisations; mentions of the speaker's own organisation by name
    for o, s, e in org_tokens(sent, [o for o in orgs if not o.generic]):
        (own if _same(o.name, speaker_org, o.aliases) else named).append((o, s, e))
    text = span_text(sent)
    if _PRONOUN_TEXT.search(text):
        named += _pronoun_parties(sent, named, antecedent, speaker_org)
    named.sort(key=lambda x: x[1])
    names = {o.name.casefold() for o, _, _ in named}
    if not names:
        return []
    speaker_here = bool(own) or bool(speaker_org and (
        _FP_TEXT.search(text) or not IMPLIED_STAFF.isdisjoint(sentence_words(sent))
        or "received" in sentence_words(sent)))
    if len(names) + speaker_here < 2 or text.rstrip().endswith("?"):
        return []
    doc = sent.doc
    lo, hi = sent.start, sent.end
    org_spans = [(s, e) for _, s, e in org_tokens(sent, orgs)]
    found = engagement_cues().find(sent)
    modes = [c for c in found if c.group == "mode"]
    segs = segments(sent)
    member = _membership(doc, lo, hi, segs, modes)
    verbs = {c.start for c in member}  # a membership phrase yields to the mode of the body it names
    own_board = [(c.start, c.end) for c in member if c.key == "partnership"]  # "sits on our board"
    cues = [c for c in outside(modes, org_spans) if not _spurious(doc, c) and not (
        c.start in verbs and span_text(doc[c.start:c.end]).lower() in MEMBERSHIP_PHRASES) and not (
        c.key == "strategic-group" and any(s <= c.start and c.end <= e for s, e in own_board))] + member
    cues = [c for c in cues if not negated(doc, c.start, lo) and not hypothetical(doc, c.start, lo)]
    cues = [Cue(c.group, "partnership", c.start, c.end) if c.key == "training" and joint_training(
        [t.lower_ for t in doc[max(lo, c.start - 1):c.end]]) else c for c in cues]
    if not cues or _imperative(sent, org_spans):
        return []
    feelings = sentiment_cues(doc, outside(found, org_spans), lo, hi, segs)
    years = tuple(sorted({y for y, _, _ in year_spans(text)}))

    parties: list[Party] = []
    for o, s, e in named:
        party = Party(o.name, tuple(range(s, e)), s, e)
        same = next((k for k, p in enumerate(parties)
                     if p.name.casefold() == o.name.casefold() and segs[p.start - lo] == segs[s - lo]), None)
        if same is None:
            parties.append(party)
        elif o.rule == "pronoun":  # "X keeps a log, and they send us …": the subject pronoun is X by the verb
            parties[same] = party
    _group_lists(doc, parties)
    fp, subject = _first_person(doc, lo, hi) if speaker_org else ([], False)
    fp = sorted({i for i in fp if not any(s <= i < e for s, e in org_spans)} |
                {i for _, s, e in own for i in range(s, e)})
    subject = subject or bool(own)
    if speaker_org and not fp:
        fp = _implied_staff(doc, cues, hi, org_spans) or _received(doc, lo, hi, org_spans)

    out: dict[tuple[str, str, str], EngagementCandidate] = {}
    for seg in sorted({segs[c.start - lo] for c in cues}):
        seg_cues = _narrowest([c for c in cues if segs[c.start - lo] == seg])
        members = [p for p in parties if segs[p.start - lo] == seg]
        toks = tuple(i for i in fp if segs[i - lo] == seg)
        if toks and speaker_org:
            sub = any(doc[i].lower_ in FP_SUBJECT for i in toks) or any(s <= toks[0] < e for _, s, e in own)
            members.append(Party(speaker_org, toks, toks[0], toks[-1] + 1, speaker=True, subject=sub))
        pairs = [(a, b) for a, b in combinations(members, 2) if a.name.casefold() != b.name.casefold()
                 and not _listed_together(doc, a, b, members)]
        if not pairs:
            continue
        several = len({c.key for c in seg_cues}) > 1
        # Judgements in this clause, and in clauses that name no other organisation.
        names_by_seg = {k: {p.name for p in parties if segs[p.start - lo] == k} for k in feelings}
        for cue in seg_cues:
            for a, b in (_nearest(cue, pairs, members) if several else pairs):
                if not several and max(_distance(cue, a), _distance(cue, b)) > 25:
                    continue
                src, tgt = _order(doc, a, b, cue, lo)
                sentiment = combine(k for sg, keys in feelings.items()
                                    if sg == seg or names_by_seg[sg] <= {a.name, b.name} for k in keys)
                if (src.name, tgt.name, cue.key) in out or (tgt.name, src.name, cue.key) in out:
                    continue
                out[(src.name, tgt.name, cue.key)] = EngagementCandidate(
                    source=src.name, target=tgt.name, mode=cue.key, start=sent.start_char, end=sent.end_char,
                    sentiment=sentiment, cue=span_text(doc[cue.start:cue.end]), years=years)
    return list(out.values())


# Staff whom an interviewee names without "our": in a police interview, "sessions for neighbourhood officers".
IMPLIED_STAFF = frozenset(("officers staff handlers prosecutors sergeants constables caseworkers lawyers inspectors "
                           "employees investigators detectives").split())


def _received(doc: Doc, lo: int, hi: int, org_spans: list[tuple[int, int]]) -> list[int]:
    """"The comments received from A were adopted": with no receiver named, the speaker's body received them."""
    for i in range(lo, hi - 1):
        if doc[i].lower_ == "received" and doc[i + 1].lower_ == "from" \
                and not any(i - 3 <= e <= i for _, e in org_spans):
            return [i]
    return []


def _implied_staff(doc: Doc, cues: list[Cue], hi: int, org_spans: list[tuple[int, int]]) -> list[int]:
    """The token of the speaker's staff trained in this sentence, when no other body owns them.

    "Brightpath Youth Trust ran sessions for neighbourhood officers", said by
    a police officer, is training of the speaker's force; "for officers of
    Marlow Police" or "for their officers" is not.
    """
    for c in cues:
        if c.key != "training":
            continue
        for i in range(c.end, min(hi, c.end + 7)):
            if any(s <= i < e for s, e in org_spans) or doc[i].lower_ in {"their", "its", "his", "her"}:
                break
            if doc[i].is_punct and doc[i].text not in KEEP_PUNCT:
                break
            if doc[i].lower_ in IMPLIED_STAFF:
                owned = any(i < s <= i + 4 for s, _ in org_spans)  # "officers of / from the X Police"
                return [] if owned else [i]
    return []


def _imperative(sent: Span, org_spans: list[tuple[int, int]]) -> bool:
    """A proposal worded as an instruction: "Invite A and B onto the Board", "Extend the charter to C"."""
    first = next((t for t in sent if t.is_alpha), None)
    return (first is not None and first.is_title and first.lower_ in IMPERATIVES
            and not any(s <= first.i < e for s, e in org_spans))


def _pronoun_parties(sent: Span, named: list, antecedent: str | None, speaker_org: str | None
                     ) -> list[tuple[OrgMention, int, int]]:
    """The previous sentence's one organisation, where a pronoun in this sentence stands for it."""
    segs = segments(sent)
    lo = sent.start
    clause_names = {}
    for o, s, _ in named:
        clause_names.setdefault(segs[s - lo], set()).add(o.name.casefold())
    out = []
    words = lowers(sent.doc)
    for i in range(sent.start, sent.end):
        if words[i] not in _PRONOUNS:
            continue  # Token objects only for the pronouns: most words are not
        tok = sent.doc[i]
        low = words[i]
        seg = segs[tok.i - lo]
        prev = tok.nbor(-1).lower_ if tok.i > sent.start else ""
        nxt = tok.nbor(1).lower_ if tok.i + 1 < sent.end else ""
        if not ((low == "they" and (tok.i == sent.start or prev in {",", "and", "but", ";", "so", "then"}))
                or (low == "it" and nxt.endswith(("s", "ed")) and nxt not in {"is", "was", "has", "does", "its"}
                    and (tok.i == sent.start or not tok.nbor(-1).is_alpha or tok.nbor(-1).is_title))
                or (low == "them" and (prev in {"from", "with", "to", "for", "by"} or prev in OBJECT_VERBS))
                or (low in {"their", "its"} and (nxt in PRONOUN_PARTS or (
                    tok.i + 2 < sent.end and tok.nbor(2).lower_ in PRONOUN_PARTS)))):  # "their liaison officer"
            continue
        earlier = [o for o, s, _ in named if segs[s - lo] == seg and s < tok.i]
        if earlier:  # a body named earlier in the clause is what the pronoun refers to: it stands here too
            if low in {"they", "it"}:
                out.append((OrgMention(earlier[-1].name, tok.idx, tok.idx + len(tok.text), rule="pronoun"),
                            tok.i, tok.i + 1))
            continue
        target = antecedent
        if seg > 0 and len(clause_names.get(seg - 1, ())) == 1:
            # the one body of the clause before, named there or standing in for a pronoun there
            target = next((o.name for o, s, _ in [*named, *out] if segs[s - lo] == seg - 1), target)
        if target and not _same(target, speaker_org) and target.casefold() not in clause_names.get(seg, set()):
            out.append((OrgMention(target, tok.idx, tok.idx + len(tok.text), rule="pronoun"), tok.i, tok.i + 1))
            clause_names.setdefault(seg, set()).add(target.casefold())
    return out


def _listed_together(doc: Doc, a: Party, b: Party, members: list[Party]) -> bool:
    """Two bodies of one coordinated list that do not engage with each other.

    Beside a party outside the list, each member engages with that party ("A,
    B and C sit on the Board": A–Board, B–Board, C–Board).  With no party
    outside, "between A, B and C" is an arrangement of the first with each of
    the others; otherwise a list of two or more works together.
    """
    if a.speaker or b.speaker or a.group != b.group:
        return False
    listed = sorted((p for p in members if p.group == a.group and not p.speaker), key=lambda p: p.start)
    if len(listed) < len(members):
        return True
    first = listed[0]
    between = first.start > 0 and doc[first.start - 1].lower_ == "between" or (
        first.start > 1 and doc[first.start - 1].lower_ in {"the", "a"} and doc[first.start - 2].lower_ == "between")
    return between and len(listed) > 2 and first not in (a, b)


def _group_lists(doc: Doc, parties: list[Party]) -> None:
    """Give organisations in one coordinated list ("A, B and C") the same group id."""
    for i, p in enumerate(parties):
        prev = parties[i - 1] if i else None
        if prev is not None and p.start - prev.end <= 4 and all(
                doc[t].lower_ in LIST_GLUE for t in range(prev.end, p.start)):
            p.group = prev.group
        else:
            p.group = i


def _narrowest(cues: list[Cue]) -> list[Cue]:
    """Partnership is the fallback mode: it counts only where no narrower mode is cued."""
    strong = [c for c in cues if c.key != "partnership"]
    return strong or cues


def _nearest(cue: Cue, pairs: list[tuple[Party, Party]], members: list[Party]) -> list[tuple[Party, Party]]:
    """The pairs nearest to ``cue``; an organisation in a list is as near as the nearest of the list."""
    near: dict[int, int] = {}
    for p in members:
        if not p.speaker:
            near[p.group] = min(near.get(p.group, 10 ** 6), _distance(cue, p))

    def dist(p: Party) -> int:
        return _distance(cue, p) if p.speaker else near[p.group]
    def key(pair: tuple[Party, Party]) -> tuple[int, int, bool]:
        a, b = pair
        da, db = dist(a), dist(b)
        if a.group == b.group and not a.speaker and not b.speaker:
            return (da, 0, False)
        between = (a.start < cue.start) != (b.start < cue.start)  # the cue sits between the two
        return (max(da, db), da + db, not between)
    scored = [(key(pair), pair) for pair in pairs]
    best = min(k for k, _ in scored)
    return [pair for k, pair in scored if k == best]
