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
    year_spans,
)
from .nlp import span_text

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
    "real blow", "massive blow", "body blow", "hammer blow", "a blow",
]
TEMPORAL = [
    "after", "following", "since", "when", "once", "until", "in the wake of", "in the aftermath of",
    "as a result of", "because of", "thanks to", "on the back of", "off the back of", "in response to",
    "prompted by", "triggered by", "sparked by", "driven by", "with the arrival of", "during",
]
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
    "migrated", "changed over", "merged", "abolished", "disbanded",
]
CAUSAL = [
    "led to", "lead to", "leads to", "leading to", "resulted in", "result in", "results in", "resulting in",
    "prompted", "triggered", "sparked", "forced", "spurred", "caused", "brought about", "kick-started",
    "kickstarted", "galvanised", "galvanized", "meant that", "means that", "opened the door", "paved the way",
    "set back", "undermined", "derailed", "put an end to", "changed", "transformed", "shifted", "reversed",
    "killed off", "wiped out", "made us", "made them", "made the",
]
ANAPHORA = [
    "since then", "after that", "from then on", "from that point", "from that moment", "ever since",
    "after which", "since that", "because of that", "because of this", "as a result", "that's when",
    "that was when", "that is when", "after this", "following that", "following this", "in the years since",
    "from that day", "from there", "at that point",
]
OUTCOME = [
    "led to", "lead to", "leads to", "leading to", "resulted in", "result in", "results in", "resulting in",
    "meant that", "means that", "which meant", "so that", "as a result", "that's why", "that is why",
    "which is why", "which led to",
]
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
        "tp:turning": TURNING + phrases("topic")["change-incident"],
        "prep:temporal": TEMPORAL,
        "ev:event": EVENTS,
        "chg:change": CHANGE,
        "cause:causal": CAUSAL,
        "ana:anaphora": ANAPHORA,
        "back:set-back": SET_BACK,
        "out:outcome": OUTCOME,
    }
    for scheme, group in (("driver", "drv"), ("direction", "dir"), ("scale", "scale")):
        for key, labels in phrases(scheme).items():
            entries[f"{group}:{key}"] = labels
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
                            "added adds add tested introduced ran run rewrote").split())


def find_moments(sent: Span, orgs: list[OrgMention], context_year: int | None = None) -> list[MomentCandidate]:
    """The pivotal moment stated in one sentence, if any (a list of zero or one)."""
    found = moment_cues().find(sent)
    if not found:
        return []
    groups = {c.group for c in found}
    text = span_text(sent)
    dated = bool(year_spans(text))
    if "tp" not in groups and not (groups & {"chg", "cause", "dir", "back"} and (
            groups & {"ev", "drv", "ana"} or dated or any(t.text in TITLE_EVENTS for t in sent))):
        return []  # no turning point, and no change next to an event, a date, slow change or "since then"
    if text.rstrip().rstrip('"”’\'').endswith("?"):
        return []
    doc = sent.doc
    lo, hi = sent.start, sent.end
    ots = org_tokens(sent, orgs)
    org_spans = [(s, e) for _, s, e in ots]
    cues = [c for c in outside(found, org_spans) if not _spurious(doc, c, lo)]
    cues += [Cue("drv", "legislation" if doc[i].text in LEGAL_TITLES else "", i, i + 1) for i in range(lo + 1, hi)
             if doc[i].text in TITLE_EVENTS and not any(s <= i < e for s, e in org_spans)]
    segs = segments(sent)
    live = [c for c in cues if c.group not in {"tp", "chg", "cause", "dir", "back"}
            or not negated(doc, c.start, lo, window=4)]
    by = {g: [c for c in live if c.group == g] for g in ("tp", "prep", "ev", "chg", "cause", "ana", "drv", "dir",
                                                          "back", "out", "scale")}
    events = sorted([c for c in by["ev"] + by["drv"] if c.key != "micro-change"],
                    key=lambda c: (c.start, c.end - c.start))
    micro = [c for c in by["drv"] if c.key == "micro-change"]
    changes = by["chg"] + by["dir"] + by["back"] + by["tp"]

    cue: Cue | None = None
    event: Cue | None = None
    if by["tp"]:
        cue = by["tp"][0]
        event = events[0] if events else None
    if cue is None:
        for prep in by["prep"]:
            ev = next((c for c in events if prep.end <= c.start <= prep.end + 6 and segs[c.start - lo] ==
                       segs[prep.start - lo] and _no_break(doc, prep.end, c.start)
                       and not any(doc[k].lower_ in INDEFINITE for k in range(prep.end, c.start))), None)
            if ev is None:
                continue
            self_causal = span_text(doc[prep.start:prep.end]).lower().endswith(("by", "response to"))
            # "After the fire, …" / "When the inquiry reported …": a clause that opens the
            # sentence with a definite event sets the scene for what follows.
            opening = (prep.start == lo or (prep.start == lo + 1 and doc[lo].lower_ in {"but", "and", "then", "so"})) \
                and (doc[prep.end].lower_ in DETERMINERS or doc[prep.end].is_title or doc[prep.end].like_num)
            if self_causal or opening or any(not (prep.start <= c.start < ev.end) for c in changes):
                cue, event = prep, ev
                break
    if cue is None:
        for ev in events:
            cause = next((c for c in by["cause"] if ev.end <= c.start <= ev.end + 10
                          and segs[c.start - lo] == segs[ev.start - lo]), None)
            if cause is not None:
                cue, event = cause, ev
                break
    if cue is None and events and _subject(doc, events[0], lo):
        ev = events[0]  # "The new chief constable arrived in 2018 and made hate crime a priority."
        chg = next((c for c in changes if c.start >= ev.end and segs[c.start - lo] == segs[ev.start - lo]), None)
        if chg is not None:
            cue, event = chg, ev
    if cue is None and by["ana"] and any(c.start >= by["ana"][0].end or c.end <= by["ana"][0].start
                                         for c in changes):
        cue = by["ana"][0]
        event = events[0] if events else None
    if cue is None and micro and any(not (m.start <= c.start < m.end) for m in micro for c in changes):
        cue = micro[0]
    main = [c for c in changes if (c.start == lo or doc[c.start - 1].lower_ not in {"which", "that", "who"})
            and span_text(doc[c.start:c.end]).lower() not in ROUTINE_STARTS]
    if cue is None and dated and main:
        cue = main[0]  # "In July 2019 the force moved to a new records system": a dated change
    if cue is None:
        return []

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
    scale_keys = {c.key for c in by["scale"]}
    if "micro-change" in drivers:
        scale = "micro"
    elif "macro" in scale_keys or SCALE_UP_DRIVERS & set(drivers):
        scale = "macro"
    else:
        scale = "micro" if "micro" in scale_keys else None

    anchor = doc[(event or cue).start].idx
    date = _date(text, sent, anchor) or (str(context_year) if context_year else None)
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
    return [MomentCandidate(label=label, direction=direction, start=sent.start_char, end=sent.end_char,
                            date=date, drivers=tuple(drivers), actors=actors, outcomes=tuple(outcomes),
                            scale=scale, cue=cue_text)]


DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "our", "their", "its"})


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
