"""Pivotal moments in running text: a cue, a date, a direction, drivers, actors and outcomes.

Rules, from the issue: a sentence states a pivotal moment only with a moment
cue, one of

* a **turning-point phrase** ("turning point", "pivotal", "watershed",
  "breakthrough", "catalyst", "wake-up call", "setback", "set us back" ...,
  and the change-incident labels of the protocol topics scheme);
* an **event construction**: "after / following / when / since / once /
  in the wake of / as a result of / not until ..." followed closely by an
  event (any label of the driver scheme — murder, inquiry, report, Act,
  election, cuts, figures ... — or pandemic, merger, visit ...), *and* a
  change verb or outcome elsewhere in the sentence (changed, led to,
  prompted, set up, opened the door, stalled, cut, lost ...);
* an **event as cause**: an event followed by a causal verb ("the inquiry
  led to", "the cuts undermined", "the report forced");
* an **anaphoric** turn ("since then", "from then on", "that's when") or a
  **slow-change** cue ("gradually", "bit by bit", "drip by drip") together with
  a change verb.

A negated cue does not count ("it wasn't a turning point", "nothing changed"),
and neither does a question (the interviewer asking about turning points).

* **direction**: backward when set-back cues (the backward labels of the
  directions scheme: set back, undermined, reversed, lost, cut, stalled,
  closed ...) outnumber forward ones, else forward;
* **drivers**: the driver scheme's labels in the sentence, in order
  (micro-change for slow/incremental cues), words inside organisation names
  excepted;
* **date**: "Month YYYY" → YYYY-MM, else a year (the one nearest the cue),
  else ``context_year``;
* **actors**: the named (non-generic) organisations in the sentence;
* **outcomes**: the clause after "led to / resulted in / meant that / so that
  / as a result / which is why";
* **scale**: micro for slow-change cues, macro for legislation, inquiry,
  international or national cues, micro for local ones, else None;
* **label**: the event phrase ("after the Marsh Inquiry report was
  published" → "Marsh Inquiry report"), or the sentence's first eight words.

At most one moment per sentence; ``start``/``end`` are the sentence's
character offsets in ``sent.doc.text``.

>>> from changemap.ingest.nlp import pipeline
>>> doc = pipeline()("After the Marsh Inquiry report in October 2017, everything changed for us.")
>>> [(m.label, m.direction, m.date, m.drivers) for m in find_moments(next(iter(doc.sents)), [])]
[('Marsh Inquiry report', 'forward', '2017-10', ('inquiry',))]
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span

from ..model import MomentCandidate, OrgMention
from ..ontology.lexicon import phrases
from .cues import (
    KEEP_PUNCT,
    Cue,
    CueIndex,
    negated,
    org_tokens,
    outside,
    segments,
    sentence_words,
    year_spans,
)
from .nlp import lowers, span_text

TURNING = [
    "turning point", "turning points", "pivotal", "watershed", "breakthrough", "catalyst", "game changer",
    "game-changer", "tipping point", "wake-up call", "wake up call", "landmark", "milestone",
    "defining moment", "key moment", "big moment", "huge moment", "moment of change", "sea change",
    "step change", "changed everything", "everything changed", "changed the game", "changed the landscape",
    "changed the conversation", "shifted the conversation", "shock to the system", "eye-opener", "springboard",
    "setback", "setbacks", "step backwards", "backward step", "a step back", "big step back", "went backwards",
    "gone backwards", "low point", "high point", "real shift", "seismic", "shake-up", "kick-started",
    "kickstarted", "galvanised", "galvanized", "never the same", "before and after", "changed overnight",
    "changed things", "made all the difference", "made a huge difference", "made a big difference",
    "set back", "set us back", "set things back", "knocked us back", "put us back", "huge blow", "big blow",
    "nothing was the same", "nothing was quite the same", "never quite the same", "things were never the same",
    "real blow", "massive blow", "body blow", "hammer blow", "a blow",
]
TEMPORAL = [
    "after", "following", "since", "when", "once", "until", "in the wake of", "in the aftermath of",
    "as a result of", "because of", "thanks to", "on the back of", "off the back of", "in response to",
    "prompted by", "triggered by", "sparked by", "driven by", "with the arrival of", "during",
    "grew out of", "grown out of", "came out of", "born out of", "goes back to", "go back to", "traced back to",
]
SELF_CAUSAL = ("by", "response to", "out of", "back to")  # the event caused what the sentence tells
EVENTS = [
    "pandemic", "covid", "covid-19", "lockdown", "lockdowns", "merger", "restructure", "restructuring",
    "reorganisation", "reorganization", "new system", "launch", "visit", "scandal", "crisis", "war",
    "announcement", "reform", "reforms", "changeover", "switchover", "the switch", "the move",
    "migration to", "move to", "introduction", "roll-out", "rollout", "creation", "establishment", "opening",
    "abolition", "departure", "closure", "closures", "loss", "new standard", "new recording standard",
    "new guidance", "new policy", "new strategy", "action plan", "strategy",
]
CHANGE = [
    "changed", "change", "changes", "shifted", "shift", "led to", "lead to", "leads to", "leading to",
    "resulted in", "result in", "resulting in", "prompted", "moved", "transformed", "triggered", "sparked",
    "forced", "pushed", "spurred", "started to", "began to", "began", "started", "set up", "established",
    "created", "launched", "introduced", "brought in", "adopted", "appointed", "became", "become", "realised",
    "realized", "woke up", "took notice", "sat up", "for the first time", "no longer", "never again",
    "came to us", "reached out", "suddenly", "overnight", "rose", "increased", "doubled", "went up", "jumped",
    "spiked", "surge", "fell", "priority", "prioritised", "prioritized", "agenda", "got a seat", "invited",
    "took over", "replaced", "caused", "meant that", "made it", "paved the way", "opened up", "arrived",
    "overhauled", "overhaul", "rewrote", "rewritten", "revised", "updated", "expanded", "extended", "scrapped",
    "rethink", "rethought", "reorganised", "retrained", "recognised", "acknowledged", "admitted", "came in",
    "came out", "took effect", "kicked in", "built trust", "building trust", "built up", "built relationships",
    "came into force", "came into effect", "entered into force", "was passed", "were passed", "found that",
    "concluded that", "closed", "lost", "momentum", "political will", "pressure", "switched", "switched over",
    "migrated", "changed over", "merged", "abolished", "disbanded", "centralised", "centralized",
    "decentralised", "decentralized", "until one day", "found against", "joined",
]
# What a report, an inquiry or published figures said: "their report said that the country
# published no statistics", "that publication showed we were flagging at half the rate".
REPORTING = ["said", "said that", "found", "found that", "observed", "observed that", "showed", "showed that",
             "concluded", "concluded that", "noted that", "criticised", "criticized", "exposed", "revealed",
             "highlighted", "recommended", "called for", "pointed out", "made clear"]
DOCUMENT_DRIVERS = frozenset({"inquiry", "data-publication", "international-pressure"})
COST = [f"{verb} {who} {q}{span}" for verb in ("cost", "lost") for who in ("us", "them", "me", "everyone")
        for q in ("", "almost ", "nearly ", "about ", "a good ", "at least ", "easily ")
        for span in ("a year", "two years", "three years", "years", "a decade", "months", "six months",
                     "a good year", "a whole year")]
CAUSAL = [
    "led to", "lead to", "leads to", "leading to", "resulted in", "result in", "results in", "resulting in",
    "prompted", "triggered", "sparked", "forced", "spurred", "caused", "brought about", "kick-started",
    "kickstarted", "galvanised", "galvanized", "meant that", "means that", "opened the door", "paved the way",
    "set back", "undermined", "derailed", "put an end to", "changed", "transformed", "shifted", "reversed",
    "killed off", "wiped out", "made us", "made them", "made the", "obliged", "compelled",
]
ANAPHORA = [
    "since then", "after that", "from then on", "from that point", "from that moment", "ever since",
    "after which", "since that", "because of that", "because of this", "as a result", "that's when",
    "that was when", "that is when", "after this", "following that", "following this", "in the years since",
    "from that day", "from there", "at that point", "afterwards",
]
LEADING_TO = frozenset({"led to", "lead to", "leads to", "resulted in", "results in", "paved the way",
                        "opened the door"})
OUTCOME = [
    "led to", "lead to", "leads to", "leading to", "resulted in", "result in", "results in", "resulting in",
    "meant that", "means that", "which meant", "so that", "as a result", "that's why", "that is why",
    "which is why", "which led to",
]
# What one event did, weighed against others: "that did more for our recording than any training",
# "mattered enormously", "the foundation of everything that followed".
IMPACT = [
    "mattered enormously", "mattered so much", "mattered hugely", "mattered a lot", "mattered a great deal",
    "really mattered", "mattered most", "mattered more", "the foundation of everything",
    "the foundation for everything",
    "laid the foundation", "laid the foundations", "laid the groundwork", "big shift", "major shift", "huge shift",
    "second big shift", "first big shift", "real break", "big break", "the big change", "a big change",
    "most important development", "most important single development", "most significant development",
    "most important change", "most significant change", "biggest change", "single biggest change",
]
# ... with "than" later in the sentence: "did more than ten years of our leaflets".
COMPARED = ["did more for", "did more than", "done more for", "done more than", "changed more", "did more to",
            "has done more", "achieved more than"]
# A speaker picking out a moment, when the sentence also names an event: "I would single out the
# publication of ...", "the visit in 2016 is the one I'd start with".
PICK = [
    "single out", "i would mention", "i'd mention", "i would point to", "i'd point to", "i would start with",
    "i'd start with", "one i'd start with", "one i would start with", "stands out", "stand out", "stood out",
    "i would name", "i'd name", "i would pick", "i'd pick", "first thing i'd mention", "biggest thing",
]
# Images of slow change, a moment of their own kind: "like water on a stone", "drip, drip".
IMAGES = [
    "water on stone", "water on a stone", "water on stones", "water on rock", "water on a rock", "water on rocks",
    "drip, drip", "drip drip", "drip-drip", "drop by drop", "drip by drip", "chipping away", "slow burn",
    "not one event", "not a single event", "one step at a time", "added up to", "adds up to", "it added up",
]
SLOW_VERBS = frozenset("happened built grew grown changed came spread shifted won moved added changes change".split())
# Points in time that refer back to an event told just before: "that summer", "the spring after".
SEASONS = r"(?:spring|summer|autumn|fall|winter|year|month|week|day|evening|night|morning)"
THEN = ["after it", "once that", "when that happened", "after that happened", "after that was"]
FORWARD = [f"{verb} {obj} forward" for verb in ("pushed", "push", "pushes", "moved", "move", "moves", "took",
                                                 "brought", "carried", "pushing", "moving")
           for obj in ("us", "things", "it", "them", "everything", "the agenda", "the work", "the whole thing",
                       "that work", "the issue")]
SET_BACK = [f"{verb} {obj} back" for verb in ("set", "sets", "setting", "put", "knocked", "pushed", "took", "threw")
            for obj in ("us", "things", "it", "them", "everything", "the agenda", "the work", "the whole thing",
                        "that work", "progress", "the cause")] + ["set back", "sets back", "setting back"]
MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH_YEAR = re.compile(r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) +
                         r")\.?\s+(?:(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?,?\s+)?((?:19|20)\d\d)\b", re.I)
TITLE_EVENTS = frozenset({"Act", "Bill", "Law", "Directive", "Strategy", "Plan", "Inquiry", "Review", "Report"})
LEGAL_TITLES = frozenset({"Act", "Bill", "Law"})
TITLE_LOWER = frozenset(w.lower() for w in TITLE_EVENTS)
STOP_LEFT = frozenset({"the", "a", "an", "this", "that", "these", "those", "our", "their", "its", "his", "her",
                       "my", "your", "they", "we", "he", "she", "it", "i", "you", "some", "any", "which", "who",
                       "after", "following", "since", "when", "once", "until", "of", "to", "in", "on", "at",
                       "by", "for", "with", "and", "but", "or", "was", "were", "is", "are", "had", "has", "have",
                       "be", "been", "there", "then", "so", "because", "before", "what", "all"})
PLACES = frozenset({"mosque", "synagogue", "church", "temple", "gurdwara", "estate", "school", "station", "centre",
                    "community", "family", "site", "sites", "camp", "bus", "street", "park", "club", "bar", "flat",
                    "shop", "market", "case", "parade", "festival", "vigil", "killings", "murders", "attacks",
                    "riots", "stadium", "hostel", "hotel", "home"})
EVENT_HEADS = frozenset({"report", "review", "inquiry", "inspection", "findings", "recommendations", "attack",
                         "murder", "killing", "election", "referendum", "cuts", "figures", "statistics", "verdict",
                         "ruling", "judgment", "visit", "publication", "campaign", "case", "trial", "riots",
                         "vote", "fire", "attacks", "shooting", "bombing", "closure", "announcement", "strategy",
                         "plan", "act"})
INDEFINITE = frozenset({"a", "an", "any", "every", "each", "some"})  # "when victims report an attack": no one event
PREPS = frozenset({"during", "following", "after", "since", "when", "once", "until", "before"})
CONNECT = frozenset({"and", "of", "for", "&", "on", "against"})
SCALE_UP_DRIVERS = frozenset({"legislation", "inquiry", "international-pressure"})
FILLERS = frozenset({"and", "so", "but", "well", "then", "honestly", "yeah", "yes", "um", "er", "oh", "look",
                     "actually", "basically", "i", "think", "mean", ",", "—", "-", "–", "okay", "ok", "right"})


@lru_cache(maxsize=1)
def moment_cues() -> CueIndex:
    """Every moment cue, built once from the schemes and the lists above."""
    entries: dict[str, list[str]] = {
        "tp:turning": TURNING + phrases("topic")["change-incident"] + IMPACT + FORWARD + COST,
        "cmp:compared": COMPARED,
        "pick:pick": PICK,
        "img:image": IMAGES,
        "rep:reporting": REPORTING,
        "prep:temporal": TEMPORAL,
        "ev:event": EVENTS,
        "chg:change": CHANGE,
        "cause:causal": CAUSAL,
        "ana:anaphora": ANAPHORA + THEN,
        "back:set-back": SET_BACK,
        "out:outcome": OUTCOME,
    }
    for scheme, group in (("driver", "drv"), ("direction", "dir"), ("scale", "scale")):
        for key, labels in phrases(scheme).items():
            entries[f"{group}:{key}"] = labels
    entries["dir:forward"] = entries["dir:forward"] + FORWARD + [
        "push forward", "big push", "push forwards", "went forward", "went forwards", "gone forward", "gone forwards"]
    entries["dir:backward"] = entries["dir:backward"] + COST
    entries["drv:micro-change"] = entries["drv:micro-change"] + IMAGES
    entries["time:at-a-time"] = ["at a time"]  # "one form at a time": an image once "one" is found before it
    return CueIndex(entries)


def _clause_end(doc: Doc, start: int, hi: int) -> int:
    for i in range(start, hi):
        tok = doc[i]
        if tok.text in {";", ":", "—", "–", "(", "?", "!"} or tok.lower_ in {"but", "although", "though",
                                                                             "whereas", "however"}:
            return i
    return hi


def _trim(doc: Doc, start: int, end: int) -> str:
    while end > start and doc[end - 1].is_punct:
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].lower_ in {"that", ","}):
        start += 1
    return span_text(doc[start:end]) if end > start else ""


def _event_phrase(doc: Doc, ev: Cue, lo: int, hi: int, stops: set[int]) -> tuple[int, int]:
    """The noun phrase around an event word: "Marsh Inquiry report", "murder of Owen Marsh",
    "introduction of the online reporting form" (``stops``: where other cues begin)."""
    s, e = ev.start, ev.end
    while s - 1 >= lo and s > ev.start - 4:  # modifiers: names, years, adjectives
        tok = doc[s - 1]
        low = tok.lower_
        if low in CONNECT and s - 2 >= lo and doc[s - 2].is_title and doc[s].is_title:
            s -= 1  # "Equality and Hate Offences Act"
            continue
        if low in STOP_LEFT or (low in MONTHS and tok.is_title) or (tok.is_punct and tok.text not in KEEP_PUNCT):
            break
        s -= 1
    while e < min(hi, ev.end + 4) and ((doc[e].is_title or doc[e].is_upper or doc[e].is_digit)
                                       and doc[e].lower_ not in MONTHS and doc[e].lower_ not in STOP_LEFT
                                       or doc[e].lower_ in EVENT_HEADS):
        e += 1  # "Marsh Inquiry report", "Act 2017"
    if e + 1 < hi and doc[e].lower_ in {"of", "into", "on", "by", "at", "against"}:
        f = e + 2 if doc[e + 1].lower_ == "the" else e + 1
        g = f
        while g < min(hi, f + 4) and (doc[g].is_title or doc[g].is_digit or doc[g].text in {"'s", "’s"}) \
                and doc[g].lower_ not in MONTHS:
            g += 1
        if g > f:
            e = g + 1 if g < hi and doc[g].lower_ in PLACES else g  # "attack on the Hillgate synagogue"
        elif doc[e].lower_ == "of" and not doc[ev.start].is_title:  # "introduction of the online form"
            while g < min(hi, f + 5) and g not in stops and doc[g].lower_ not in STOP_LEFT \
                    and not doc[g].is_punct and not doc[g].is_digit:
                g += 1
            if g > f:
                e = g
    return s, e


def _date(text: str, sent: Span, anchor: int) -> str | None:
    """"Month YYYY" → YYYY-MM, else the year nearest the anchor character offset."""
    base = sent.start_char
    best: tuple[int, str] | None = None
    for m in _MONTH_YEAR.finditer(text):
        month = MONTHS[m.group(1).lower()]
        if m.group(1).lower() == "may" and text[m.start()].islower():
            continue
        cand = (abs(base + m.start() - anchor), f"{m.group(2)}-{month:02d}")
        best = cand if best is None or cand < best else best
    for year, s, _ in year_spans(text):
        cand = (abs(base + s - anchor), str(year))
        if best is None or cand[0] < best[0] - 12:
            best = cand
    return best[1] if best else None


def _label(doc: Doc, lo: int, hi: int, cue: Cue, event: Cue | None, ev_span: tuple[int, int] | None,
           date: str | None) -> str:
    """The event phrase; a bare event word with its year ("2019 election"), or the clause after "when ..."
    ("statistics were published"); else the first words of the sentence."""
    if ev_span is not None and event is not None and not _verb_like(doc, event, lo):
        phrase = doc[ev_span[0]:ev_span[1]]
        if len(phrase) > 1 or any(t.is_title or t.is_upper for t in phrase if t.i > lo):
            return phrase.text
        if cue.group == "prep":
            end = cue.end
            while end < hi and end < cue.end + 8 and not (doc[end].is_punct and doc[end].text not in KEEP_PUNCT) \
                    and doc[end].lower_ not in {"in", "on", "at"}:
                end += 1
            start = cue.end
            while start < end and doc[start].lower_ in DETERMINERS:
                start += 1
            if end - start > 1 and end - ev_span[1] <= 3:  # "statistics were published"
                return span_text(doc[start:end])
        if date:
            return f"{date[:4]} {phrase.text}"
    return _first_words(doc, lo, hi)


def _first_words(doc: Doc, lo: int, hi: int, n: int = 8) -> str:
    i = lo
    while i < hi and doc[i].lower_ in FILLERS:
        i += 1
    words = [t for t in doc[i:hi] if not t.is_punct or t.text in KEEP_PUNCT][:n]
    while words and (words[-1].lower_ in STOP_LEFT or words[-1].text in KEEP_PUNCT):
        words.pop()
    if not words:
        return ""
    return doc[words[0].i:words[-1].i + 1].text


# Starting a piece of routine work is no turning point on the strength of a date alone:
# "In 2022 my sergeant started a monthly check", "the app we launched in 2023".
ROUTINE_STARTS = frozenset(("started starting start starts began begin begins begun launched launch launches "
                            "added adds add tested introduced ran run rewrote joined established founded formed "
                            "created revised rewritten updated redrafted").split() + ["set up"])


_GROUPS = ("tp", "prep", "ev", "chg", "cause", "ana", "drv", "dir", "back", "out", "scale", "cmp", "pick", "img", "rep")


def find_moments(sent: Span, orgs: list[OrgMention], context_year: int | None = None,
                 now_year: int | None = None) -> list[MomentCandidate]:
    """The pivotal moment stated in one sentence, if any (a list of zero or one).

    ``context_year`` is the latest year told before the sentence ("since then"); ``now_year`` the year the
    document was made, for relative dates ("last year", "two summers ago").  A sentence that refers back
    to an event told just before it ("That changed everything", "The spring after, …") cites the
    previous sentence of its block too.
    """
    found = moment_cues().find(sent)
    contrast = _then_and_now(sent)
    if not found and contrast is None:
        return []
    if contrast is not None:
        found = sorted([*found, contrast], key=lambda c: (c.start, c.end))
    groups = {c.group for c in found}
    if "time" in groups:
        groups |= {"img"}
    text = span_text(sent)
    words = sentence_words(sent)
    relative = _RELATIVE_DATE.search(text) if words & TIME_WORDS else None
    dated = any(not _DURATION_BEFORE.search(text[max(0, s - 12):s]) for _, s, _ in year_spans(text)) \
        or relative is not None  # a point in time, not "since 2019" or "until 2020"
    eventful = bool(groups & {"ev", "drv"}) or (not words.isdisjoint(TITLE_LOWER)
                                                 and any(t.text in TITLE_EVENTS for t in sent))
    compared = "cmp" in groups and "than" in words
    if not (groups & {"tp", "img"} or compared or (groups & {"pick", "rep", "prep"} and eventful)
            or (dated and eventful)
            or (groups & {"chg", "cause", "dir", "back"} and (eventful or dated or "ana" in groups))):
        return []  # no turning point, and no change next to an event, a date, slow change or "since then"
    if text.rstrip().rstrip('"”’\'').endswith("?"):
        return []
    doc = sent.doc
    lo, hi = sent.start, sent.end
    ots = org_tokens(sent, orgs)
    org_spans = [(s, e) for _, s, e in ots]
    cues = [c for c in outside(found, org_spans) if not _spurious(doc, c, lo)]
    if not words.isdisjoint(TITLE_LOWER):
        cues += [Cue("drv", "legislation" if doc[i].text in LEGAL_TITLES else "", i, i + 1) for i in range(lo + 1, hi)
                 if doc[i].text in TITLE_EVENTS and _titled_event(doc, i, hi)
                 and not any(s <= i < e for s, e in org_spans)]
    for c in [c for c in cues if c.group == "time"]:
        one = next((k for k in range(max(lo, c.start - 3), c.start - 1) if doc[k].lower_ == "one"), None)
        if one is not None and not words.isdisjoint(SLOW_VERBS):  # "one force at a time" is a way of working
            cues += [Cue("img", "image", one, c.end), Cue("drv", "micro-change", one, c.end)]
    segs = segments(sent)
    live = [c for c in cues if c.group not in {"tp", "chg", "cause", "dir", "back", "cmp", "img"}
            or not (negated(doc, c.start, lo, window=4) or _played_down(doc, c, lo, hi))]
    by: dict[str, list[Cue]] = {g: [] for g in _GROUPS}
    for c in live:
        if c.group in by:
            by[c.group].append(c)
    if not compared:
        by["cmp"] = []
    ways = [(c.start, _way(doc, c)) for c in by["tp"] + by["back"] + by["dir"]]
    if any(abs(a - b) > 3 for a, wa in ways if wa == "forward" for b, wb in ways if wb == "backward") \
            and not any(c.key == "micro-change" for c in by["drv"]):
        return []  # a recap weighing several events ("X was the big push forward and Y the big step back")
    events = sorted([c for c in by["ev"] + by["drv"] if c.key != "micro-change"],
                    key=lambda c: (c.start, c.end - c.start))
    micro = [c for c in by["drv"] if c.key == "micro-change"]
    changes = by["chg"] + by["dir"] + by["back"] + by["tp"]

    cue: Cue | None = None
    event: Cue | None = None
    first = _first_word(doc, lo, hi)
    strong = by["tp"] + by["img"] + by["cmp"]
    if strong:
        cue = min(strong, key=lambda c: c.start)
        event = events[0] if events else None
    if cue is None and by["pick"] and events:
        cue, event = by["pick"][0], events[0]  # "I would single out the publication of the figures"
    if cue is None:
        for prep in by["prep"]:
            self_causal = span_text(doc[prep.start:prep.end]).lower().endswith(SELF_CAUSAL)
            if prep.end < hi and _is_year(doc[prep.end]) and not self_causal:
                continue  # "Since 2015 we have run …": a span of time, not an event
            # "After the fire, …" / "When the inquiry reported …": a clause that opens the
            # sentence with a definite event sets the scene for what follows.
            lead = prep.start == first or (prep.start == lo + 1 and doc[lo].lower_ in {"but", "and", "then", "so"})
            opening = lead and (doc[prep.end].lower_ in DETERMINERS or doc[prep.end].is_title
                                or doc[prep.end].like_num)
            reach = prep.end + 6
            if opening and doc[prep.start].lower_ not in {"since", "until", "during"} and not doc[prep.end].like_num:
                # the whole opening clause: "When the statistics office published the first figures, …"
                reach = next((i for i in range(prep.end, min(hi, prep.end + 16))
                              if doc[i].is_punct and doc[i].text not in KEEP_PUNCT), min(hi, prep.end + 16))
            ev = next((c for c in events if prep.end <= c.start <= reach and segs[c.start - lo] ==
                       segs[prep.start - lo] and _no_break(doc, prep.end, c.start)
                       and not any(doc[k].lower_ in INDEFINITE for k in range(prep.end, c.start))), None)
            if ev is None:
                continue
            # An opening clause tells an event when it is a clause ("When the office published the
            # figures, …"), not a bare phrase of time ("After the inquiry, we went back to work").
            told = opening and (reach - prep.end >= 5 or any(c.start > reach for c in changes))
            if self_causal or told or any(not (prep.start <= c.start < ev.end) for c in changes):
                cue, event = prep, ev
                break
    if cue is None:
        for ev in events:
            said = by["rep"] if _document_event(doc, ev) else []
            cause = next((c for c in by["cause"] + said if ev.end <= c.start <= ev.end + 10
                          and segs[c.start - lo] == segs[ev.start - lo]), None)
            if cause is not None:
                cue, event = cause, ev
                break
    if cue is None and events and _subject(doc, events[0], lo):
        ev = events[0]  # "The new chief constable arrived in 2018 and made hate crime a priority."
        chg = next((c for c in changes if c.start >= ev.end and segs[c.start - lo] == segs[ev.start - lo]), None)
        if chg is not None:
            cue, event = chg, ev
    looking_back = False  # the sentence refers back to an event told just before it
    if cue is None and doc[first].lower_ in {"that", "this"} and first + 1 < hi:
        # "That changed more for us than …", "This set us back": the event is the previous sentence.
        cue = next((c for c in changes + by["cause"] if c.start == first + 1), None)
        looking_back = cue is not None
    if cue is None and by["ana"] and any(c.start >= by["ana"][0].end or c.end <= by["ana"][0].start
                                         for c in changes):
        cue = by["ana"][0]
        event = events[0] if events else None
        looking_back = cue.start <= first + 1
    if cue is None and micro and any(not (m.start <= c.start < m.end) for m in micro for c in changes):
        cue = micro[0]
    if cue is None and events:
        # "In 2020 the district court acquitted two men …", "The spring after, the director took over":
        # a sentence that opens on a point in time and tells an event.
        when = _dated_opening(doc, first, hi, relative, sent.start_char)
        if when is not None:
            event = next((c for c in events if c.start > when and c.key in TOLD_EVENTS
                          and doc[c.start].lower_ not in {"incident", "incidents"}  # counts, not one event
                          and not (c.start > lo and doc[c.start - 1].lower_ in OBJECT_OF)), None)
            cue = event
    main = [c for c in changes if (c.start == lo or doc[c.start - 1].lower_ not in {"which", "that", "who"}
                                   or span_text(doc[c.start:c.end]).lower() in LEADING_TO)  # "… work that led to …"
            and span_text(doc[c.start:c.end]).lower() not in ROUTINE_STARTS]
    if cue is None and dated and main:
        cue = main[0]  # "In July 2019 the force moved to a new records system": a dated change
        event = next((c for c in events if not (c.start <= cue.start < c.end)), None)
    if cue is None:
        return []

    if event is None and (doc[first].lower_ in {"that", "this"} or (cue.start > lo and doc[cue.start - 1].lower_ in {
            "that", "this"} and cue.group in {"tp", "cmp", "back", "cause"}) or any(
            doc[k].lower_ in {"that", "this"} and doc[k + 1].lower_ in POINTING for k in range(first, cue.start))):
        # "That was the turning point.", "I would say that set us back years.", "I would regard that as …"
        looking_back = True
    stops = {c.start for c in cues if c.group not in {"drv", "ev", "scale", "dir"}}
    ev_span = _event_phrase(doc, event, lo, hi, stops) if event is not None else None

    def weight(c: Cue) -> float:
        return 0.5 if ev_span and ev_span[0] <= c.start < ev_span[1] else 1.0
    back = sum(weight(c) for c in by["dir"] if c.key == "backward") + sum(weight(c) for c in by["back"])
    fwd = sum(weight(c) for c in by["dir"] if c.key == "forward")
    direction = "backward" if back > fwd else "forward"

    drivers: list[str] = []
    for c in sorted(by["drv"], key=lambda c: c.start):
        if c.key and c.key not in drivers:
            drivers.append(c.key)
    if cue.key == "then-and-now" and "micro-change" not in drivers:
        drivers.append("micro-change")
    scale_keys = {c.key for c in by["scale"]}
    if "micro-change" in drivers:
        scale = "micro"
    elif "macro" in scale_keys or SCALE_UP_DRIVERS & set(drivers):
        scale = "macro"
    else:
        scale = "micro" if "micro" in scale_keys else None

    anchor = doc[(event or cue).start].idx
    start = sent.start_char
    previous = doc[lo - 1].sent if looking_back and lo > 0 else None
    date = _date(text, sent, anchor) or _relative_year(relative, now_year)
    if previous is not None:
        start = previous.start_char
        date = date or _date(span_text(previous), previous, previous.end_char)
    date = date or (str(context_year) if context_year else None)
    actors = tuple(dict.fromkeys(o.name for o, _, _ in ots if not o.generic))
    outcomes = []
    for c in by["out"]:
        end = _clause_end(doc, c.end, hi)
        clause = _trim(doc, c.end, end)
        if clause and clause not in outcomes:
            outcomes.append(clause)

    label = _label(doc, lo, hi, cue, event, ev_span, date)
    label = label[:1].upper() + label[1:]
    cue_text = span_text(doc[cue.start:cue.end]) if event is None or cue.group != "prep" else \
        span_text(doc[cue.start:max(cue.end, ev_span[1] if ev_span else event.end)])
    return [MomentCandidate(label=label, direction=direction, start=start, end=sent.end_char,
                            date=date, drivers=tuple(drivers), actors=actors, outcomes=tuple(outcomes),
                            scale=scale, cue=cue_text, has_event=event is not None, directed=back + fwd > 0,
                            dated=dated, image=event is None and cue.group == "img" and not any(
                                not (cue.start <= c.start < cue.end) for c in by["chg"] + by["cause"]))]


DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "our", "their", "its"})
_NUMBER = r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|\d{1,2})"
_PART = r"(?:year|spring|summer|autumn|fall|winter)"
# Points in time told relative to now or to an event just told: "last year", "two summers ago",
# "that autumn", "the spring after", "a few months later".
_RELATIVE_DATE = re.compile(
    rf"\b(?:(?P<which>last|this) {_PART}|(?P<n>{_NUMBER}) {_PART}s? ago|(?:last|this) (?:"
    + "|".join(m for m in MONTHS if len(m) > 4 or m == "may") + rf")|the {_PART} (?:after|before)"
    rf"|that {SEASONS}|the (?:following|next) {SEASONS}|(?:a few |{_NUMBER} )?(?:years|months|weeks|days) later"
    r"|a (?:year|month|week) later|(?:soon|shortly|not long) after(?:wards)?)\b", re.I)
# A sentence holds a relative date only if it holds one of these words.
TIME_WORDS = frozenset("spring summer autumn fall winter year month week day evening night morning years months "
                       "summers winters springs autumns weeks days later afterwards after".split()) | set(MONTHS)
DATE_WORDS = frozenset("in on at early late mid the of end beginning start middle then by around about that".split()) \
    | {"spring", "summer", "autumn", "fall", "winter", ","} | set(MONTHS)
_NUMBERS = {w: n for n, w in enumerate("a two three four five six seven eight nine ten eleven twelve".split(), 1)}
_NUMBERS.update(one=1, fifteen=15, twenty=20)
# Events a dated sentence can tell on its own ("In 2020 the court acquitted …"); a report or figures
# dated alone are routine ("In 2023 we published our annual report").
TOLD_EVENTS = frozenset({"event", "incident", "legislation", "leadership", "funding", "politics"})
OBJECT_OF = frozenset({"to", "for", "of", "about", "on", "with", "at", "into", "from", "would", "will", "could"})
POINT_OPENINGS = frozenset({"since", "until", "till", "from", "before", "prior", "by", "for", "over", "throughout"})


_DURATION_BEFORE = re.compile(r"(?:\b(?:since|until|till|from|between|before|prior to)|\d{4}\s*(?:to|and|-|–))\s+"
                              r"(?:early\s+|late\s+)?$", re.I)
MODALS = frozenset("should could would might must may shall".split())


def _is_year(tok) -> bool:
    return tok.like_num and len(tok.text) == 4 and tok.text[:2] in {"19", "20"}


def _titled_event(doc: Doc, i: int, hi: int) -> bool:
    """A title-case event word that names an event ("the 2017 Act", "the Marsh Inquiry"), not a word inside
    another name ("Report Point", "Faculty of Law")."""
    prev = doc[i - 1]
    if prev.lower_ in {"of", "for", "and", "&"}:
        return False
    return not (i + 1 < hi and doc[i + 1].is_title and doc[i + 1].lower_ not in EVENT_HEADS)


def _played_down(doc: Doc, c: Cue, lo: int, hi: int) -> bool:
    """A cue weakened after it ("it mattered a lot less than", "changed very little") or put as a wish
    before it ("should be invited")."""
    after = [t.lower_ for t in doc[c.end:min(hi, c.end + 2)]]
    if after[:1] == ["less"] or after[:1] == ["little"] or after == ["very", "little"]:
        return True
    return any(doc[k].lower_ in MODALS for k in range(max(lo, c.start - 2), c.start))


def _way(doc: Doc, c: Cue) -> str:
    """"forward" / "backward" for a movement image ("the big push forward", "a step back"), else ""."""
    words = set(lowers(doc)[c.start:c.end])
    if words & {"forward", "forwards", "push"}:
        return "forward"
    if words & {"back", "backwards", "backward", "blow"}:
        return "backward"
    return ""


_THEN = re.compile(r"\b(?:\w+ (?:years?|months?) ago|when (?:i|we) (?:first )?(?:started|joined)|back then|used to)\b",
                   re.I)
NOW = frozenset({"now", "today", "nowadays", "unthinkable"})
# After "that"/"this", words that make it a pronoun for what was just told ("I would regard that as …").
POINTING = frozenset("as was is 's ’s has had did would really must set made changed".split())


def _then_and_now(sent: Span) -> Cue | None:
    """"Ten years ago a prosecutor would have asked why motive matters. Now very few would.": a
    then-and-now contrast is slow change told as such, within the sentence or with the next one."""
    words = sentence_words(sent)
    if words.isdisjoint({"ago", "started", "joined", "then", "used"}):
        return None
    m = _THEN.search(span_text(sent))
    if m is None:
        return None
    doc = sent.doc
    if words.isdisjoint(NOW):
        if sent.end >= len(doc):
            return None
        after = doc[sent.end].sent
        first = _first_word(doc, after.start, after.end)
        if doc[first].lower_ not in NOW and doc[first:first + 2].text.lower() != "these days":
            return None
    span = doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
    return Cue("img", "then-and-now", span.start, span.end) if span is not None else None


def _relative_year(m: re.Match | None, now_year: int | None) -> str | None:
    """"last year" → the year before ``now_year``; "two summers ago" → two years before; else None."""
    if m is None or now_year is None:
        return None
    if m.group("which"):
        return str(now_year - (m.group("which").lower() == "last")) if "year" in m.group(0).lower() else None
    if m.group("n"):
        n = m.group("n").lower()
        back = int(n) if n.isdigit() else _NUMBERS.get(n)
        return str(now_year - back) if back else None
    return None


def _first_word(doc: Doc, lo: int, hi: int) -> int:
    """The first token of ``doc[lo:hi]`` that is not a filler ("And then", "Well,")."""
    i = lo
    while i < hi - 1 and doc[i].lower_ in FILLERS:
        i += 1
    return i


def _dated_opening(doc: Doc, first: int, hi: int, relative: re.Match | None, base: int) -> int | None:
    """Where the main clause begins after an opening point in time ("In 2020 …", "Early in 2024 …",
    "The spring after, …", "Last year, in the budget round, …"), or None: a span of time ("Since 2022 …",
    "Until 2020 …") is no event."""
    if doc[first].lower_ in POINT_OPENINGS:
        return None
    for i in range(first, min(hi, first + 9)):
        tok = doc[i]
        if _is_year(tok):
            j = i + 1
            return j + 1 if j < hi and doc[j].text == "," else j
        if tok.lower_ not in DATE_WORDS and not (tok.like_num and len(tok.text) <= 2) \
                and tok.lower_.rstrip("stndrh") not in {"", "1", "2", "3"}:
            break  # "In the October of 2019 …" opens on a date; "I've been here since 2016" does not
    if relative is not None and base + relative.start() <= doc[first].idx + 2:
        j = first
        while j < hi and doc[j].idx < base + relative.end():
            j += 1
        return j + 1 if j < hi and doc[j].text == "," else j
    return None


def _document_event(doc: Doc, ev: Cue) -> bool:
    """A report, review, publication or figures: an event that can say or show something."""
    return ev.key in DOCUMENT_DRIVERS or doc[ev.end - 1].lower_ in {"report", "review", "publication", "figures",
                                                                    "statistics", "inquiry", "opinion", "study"}


def _verb_like(doc: Doc, ev: Cue, lo: int) -> bool:
    """An event word used as a verb ("the council cut", "he was attacked") names no event phrase."""
    first = doc[ev.start]
    prev = doc[ev.start - 1].lower_ if ev.start > lo else ""
    return (first.lower_.endswith("ed") or first.lower_ in {"cut", "died", "took"}) and prev not in DETERMINERS


def _subject(doc: Doc, ev: Cue, lo: int) -> bool:
    """The event opens the sentence ("The 2016 inspection ...", "Funding was cut ...")."""
    i = lo
    while i < ev.start and (doc[i].lower_ in DETERMINERS or doc[i].lower_ in FILLERS or doc[i].is_digit
                            or (doc[i].is_title and doc[i].lower_ not in STOP_LEFT and doc[i].lower_ not in PREPS)
                            or doc[i].lower_ in {"new", "first", "general", "public"}):
        i += 1
    return i == ev.start and ev.start - lo <= 5 and not _verb_like(doc, ev, lo)


def _no_break(doc: Doc, start: int, end: int) -> bool:
    return not any(doc[i].is_punct and doc[i].text not in KEEP_PUNCT for i in range(start, end))


NOUN_BEFORE = DETERMINERS | {"inquiry", "review", "annual", "damning", "critical", "independent", "published",
                             "first", "new", "'s", "’s", "final", "interim", "official", "inspection"}


def _spurious(doc: Doc, c: Cue, lo: int) -> bool:
    """Cue words in another sense: the month "March", "victims report" (a verb), "Report Point" (a name)."""
    if c.group != "drv":
        return False
    tok = doc[c.end - 1]  # the head word
    if tok.text == "March":
        return True
    prev = doc[tok.i - 1] if tok.i > lo else None
    if tok.lower_ == "report" and not (prev is not None and (prev.lower_ in NOUN_BEFORE or prev.is_title)):
        return True
    nxt = doc[c.end] if c.end < len(doc) else None
    return bool(tok.is_title and tok.i > lo and nxt is not None and nxt.is_title
                and nxt.lower_ not in EVENT_HEADS)
