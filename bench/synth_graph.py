"""Deterministic synthetic knowledge graphs, made by changemap's own builder.

``generate(stakeholders=N, engagements=M, seed=S)`` invents the records a
resolved corpus would give -- a register of N organisations, M engagements,
pivotal moments, findings, initiatives, recording systems and data flows, and
the documents they were read from -- as an :class:`changemap.model.Extraction`,
and turns it into quads with :func:`changemap.graph.build.build`.  So the graph
has the shape of a real build (IRIs, classes, evidence nodes, named graphs);
only the corpus behind it is skipped, which is what lets a benchmark reach
20,000 stakeholders and 60,000 engagements in seconds.

What it holds, as the extraction and resolution stages would leave it:

* every stakeholder is a row of ``stakeholders.csv`` (kind and target groups
  stated there), and every mention of it elsewhere -- an engagement row's
  party cell, a name in a transcript sentence, an actor cell -- is one more
  Evidence of it, as resolution gathers them;
* engagements come from rows of ``engagements.csv`` (60%) and from transcript
  sentences naming both parties (40%); about one in seven has a second quote;
  each (pair, mode) is one engagement, so M engagements are M distinct nodes;
* degrees follow a heavy tail: each organisation draws a Pareto weight (a few
  hubs, many organisations with one to three engagements) and about 5% have
  none at all;
* by default one pivotal moment per 20 stakeholders, one finding per 10, one
  initiative per 40 and one recording system per 25 (with 3 data flows per 4
  systems); one interview transcript per 50 stakeholders; one workshop
  summary per 40 findings;
* every quote is a real span of its document's text (``text[start:end]``),
  with the prefix and suffix around it.

Concept keys come from the packaged SKOS schemes (see :func:`bench.synth.load_vocab`);
names and sentences from the word lists of :mod:`bench.synth_text` and the
templates below, drawn by one ``random.Random(seed)``: the same arguments give
the same quads.

    python -m bench.synth_graph --stakeholders 20000 --engagements 60000 --seed 1
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from changemap import model
from changemap.graph import iri
from changemap.graph.build import build
from changemap.graph.quads import Quads
from changemap.ontology.lexicon import concept, label, schemes

from . import synth_text as words
from .synth import load_vocab

# --- Templates of this module (sentences a transcript would hold) ---

ENGAGEMENT_SENTENCES = [
    "{a} and {b} have worked together on {m} since {y}.",
    "In {y} {a} started {m} with {b}.",
    "Our contact at {a} set up {m} with {b} around {y}.",
    "{b} joined {a} for {m} in {y}, and it has carried on since.",
    "What changed things was {m} between {a} and {b} in {y}.",
    "By {y} {a} relied on {b} for {m}.",
]
MOMENT_SENTENCES = [
    "{x} was at the centre of it when this happened: {label}.",
    "People still bring up {label}; {x} was involved from the start.",
    "For {x} the turning point was simple: {label}.",
]
INITIATIVE_SENTENCES = [
    "{o} runs the {i}, and {p} came in as a partner.",
    "The {i} was set up by {o}; {p} helped from the first year.",
    "We took part in the {i} that {o} leads, alongside {p}.",
]
INITIATIVE_ALONE = "{o} runs the {i} on its own."
SYSTEM_SENTENCES = [
    "{o} keeps its records in {s}.",
    "Everything reported to {o} goes into {s}.",
]
FLOW_SENTENCES = [
    "{a} sends {w} to {b}{f}.",
    "{b} receives {w} from {a}{f}.",
]
OUTCOMES = [
    "a joint recording protocol", "a dedicated hate crime unit", "new reporting guidance",
    "funding for a helpline", "more reports from the community", "training made mandatory",
    "the partnership was suspended", "a public apology", "a new liaison post", "figures published yearly",
]
SYSTEM_NAMES = ["Atlas", "Beacon", "Ledger", "Compass", "Sentinel", "Tally", "Lantern", "Keystone", "Meridian",
                "Harbour", "Signal", "Waypoint"]
FLOW_WHAT = ["a monthly extract of flagged cases", "anonymised incident counts", "case referrals",
             "victim contact details with consent", "a quarterly summary table", "raw incident logs"]
FREQUENCIES = ["monthly", "quarterly", "weekly", "every year", None, None]
SYSTEM_TYPES = {"police": ["police-recording"], "prosecutor": ["prosecution-flag", "court-records"],
                "public-authority": ["victim-survey", None], "cso": ["cso-monitoring", "third-party-reporting"],
                "other": ["third-party-reporting", "victim-survey", None]}  # by operator
JOINT = " and "  # a second place makes a joint body when a name is taken ("Northvale and Eastmoor Police Service")
_SLOT = re.compile(r"\{(\w+)\}")
_SMALL = {"of", "and", "the", "for", "on", "in", "to"}
CONTEXT = 32  # characters of prefix and suffix kept with a quote, as changemap.ingest.cite does


# --- Documents whose text grows as quotes are written into them ---


class _Doc:
    """A document being written.  Lines are appended; a quote is cited by its span
    and becomes an :class:`~changemap.model.Evidence` (with prefix and suffix) once the text is complete."""

    def __init__(self, key: str, kind: str, media_type: str, title: str, metadata: dict | None = None):
        self.key, self.kind, self.media_type, self.title = key, kind, media_type, title
        self.metadata = metadata or {}
        self.parts: list[str] = []
        self.size = 0
        self.cites: list[tuple[list[model.Evidence], int, int, str, str | None, str | None, float]] = []

    def line(self, template: str, **slots: str) -> dict[str, tuple[int, int]]:
        """Append ``template`` filled with ``slots`` as one line; the span of each slot
        (and of the whole line under ``""``)."""
        spans: dict[str, tuple[int, int]] = {}
        start = pos = self.size
        for i, piece in enumerate(_pieces(template)):
            text = slots[piece] if i % 2 else piece
            if i % 2:
                spans[piece] = (pos, pos + len(text))
            self.parts.append(text)
            pos += len(text)
        self.parts.append("\n")
        self.size = pos + 1
        spans[""] = (start, pos)
        return spans

    def cite(self, into: list[model.Evidence], span: tuple[int, int], by: str, speaker: str | None = None,
             topic: str | None = None, confidence: float = 1.0) -> None:
        """Quote ``span`` into the evidence list ``into`` (filled by :meth:`finish`)."""
        self.cites.append((into, span[0], span[1], by, speaker, topic, confidence))

    def finish(self) -> model.Document:
        text = "".join(self.parts)
        doc = model.Document(path=Path(self.key), key=self.key, text=text,
                             sha256=hashlib.sha256(text.encode()).hexdigest(), kind=self.kind, title=self.title,
                             media_type=self.media_type, metadata=self.metadata)
        approved = doc.approved
        for into, start, end, by, speaker, topic, confidence in self.cites:
            into.append(model.Evidence(document=self.key, start=start, end=end, quote=text[start:end],
                                       prefix=text[max(0, start - CONTEXT):start], suffix=text[end:end + CONTEXT],
                                       speaker=speaker, approved=approved, extracted_by=by, confidence=confidence,
                                       topic=topic))
        return doc


_PIECES: dict[str, list[str]] = {}


def _pieces(template: str) -> list[str]:
    """'{a} and {b}.' -> ['', 'a', ' and ', 'b', '.'] (slot names at odd places), cached."""
    found = _PIECES.get(template)
    if found is None:
        found = _PIECES[template] = _SLOT.split(template)
    return found


def _cell(value: str) -> str:
    """A CSV cell: quoted when it holds a comma or a quote mark."""
    return '"' + value.replace('"', '""') + '"' if ("," in value or '"' in value) else value


def _csv_line(doc: _Doc, cells: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Append one CSV row; spans of each cell's value (inside any quote marks)."""
    template, slots = [], {}
    for name, value in cells.items():
        quoted = _cell(value)
        if quoted != value:
            template.append('"{' + name + '}"')
            slots[name] = value.replace('"', '""')
        else:
            template.append("{" + name + "}")
            slots[name] = value
    return doc.line(",".join(template), **slots)


# --- The generator ---


class _Picker:
    """Weighted choice among stakeholder indexes: hubs often, most rarely, weight 0 never."""

    def __init__(self, indexes: list[int], weights: list[float]):
        self.indexes = [i for i in indexes if weights[i] > 0]
        self.cum: list[float] = []
        total = 0.0
        for i in self.indexes:
            total += weights[i]
            self.cum.append(total)
        self.total = total

    def __bool__(self) -> bool:
        return bool(self.indexes)

    def __call__(self, rng: random.Random) -> int:
        return self.indexes[min(bisect.bisect_right(self.cum, rng.random() * self.total), len(self.indexes) - 1)]


@dataclass
class SynthGraph:
    """A generated graph: the records, their quads, and facts a benchmark needs about them."""

    extraction: model.Extraction
    quads: Quads
    hub: str  # the stakeholder with the most engagements
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # "records" and "build"


class _Generator:
    def __init__(self, stakeholders: int, engagements: int, seed: int, moments: int, findings: int,
                 initiatives: int, systems: int):
        self.rng = random.Random(seed)
        self.vocab = load_vocab()
        sch = schemes()
        self.initiative_types = sorted(sch["initiative_type"].concepts)
        self.scales = sorted(sch["scale"].concepts)
        self.system_types = set(sch["recording_system_type"].concepts)
        self.topics = sorted(sch["topic"].concepts)
        self.n = {"stakeholders": stakeholders, "engagements": engagements, "moments": moments,
                  "findings": findings, "initiatives": initiatives, "systems": systems}
        self.country = self.rng.choice(words.COUNTRIES)
        self.ex = model.Extraction()
        self.docs: list[_Doc] = []
        self.orgs: list[model.Stakeholder] = []
        self.engaged: list[int] = []  # engagements per stakeholder

    # -- documents -----------------------------------------------------------

    def _table(self, key: str, kind: str, header: str) -> _Doc:
        doc = _Doc(key, kind, "text/csv", Path(key).stem)
        doc.line(header)
        self.docs.append(doc)
        return doc

    def _transcripts(self, count: int) -> None:
        """Interview transcripts: front matter naming an interviewee and the organisation."""
        self.transcripts: list[tuple[_Doc, str]] = []
        rng = self.rng
        for n in range(1, count + 1):
            org = self.orgs[self.anyone(rng)]
            code = f"T{n:04d}"
            pseudonym = f"Interviewee {code}"
            date = f"{rng.randint(2022, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            consent = "approved" if rng.random() < 0.9 else "pending"
            doc = _Doc(f"transcripts/t{n:04d}-{iri.slug(org.name, 40)}.md", "transcript", "text/markdown",
                       f"Interview {code} with a member of staff at {org.name}",
                       {"pseudonym": pseudonym, "organisation": org.name, "date": date,
                        "country": self.country, "consent": consent})
            doc.line("---")
            doc.line('title: "{t}"', t=doc.title)
            who = doc.line('pseudonym: "{p}"', p=pseudonym)
            at = doc.line('organisation: "{o}"', o=org.name)
            role = rng.choice(words.ROLES.get(org.kind, words.ROLES["other"]))
            doc.line("role: {r}", r=role)
            doc.line("date: {d}", d=date)
            doc.line("consent: {c}", c=consent)
            doc.line("---")
            person = model.Person(pseudonym, org.name, role)
            doc.cite(person.evidence, who["p"], "front-matter")
            doc.cite(org.evidence, at["o"], "front-matter")
            self.ex.people.append(person)
            self.docs.append(doc)
            self.transcripts.append((doc, pseudonym))

    def say(self, template: str, **slots: str) -> tuple[_Doc, dict[str, tuple[int, int]], str | None, str | None]:
        """A respondent's sentence in a random transcript: its document, spans, speaker and topic."""
        rng = self.rng
        doc, speaker = self.transcripts[int(rng.random() * len(self.transcripts))]
        spans = doc.line("Respondent: " + template, **slots)
        start = spans[""][0] + len("Respondent: ")
        spans[""] = (start, spans[""][1])
        topic = rng.choice(self.topics) if rng.random() < 0.7 else None
        return doc, spans, speaker, topic

    def mention(self, doc: _Doc, org: int, span: tuple[int, int], by: str = "gazetteer",
                speaker: str | None = None) -> None:
        """A stakeholder named at ``span``: one more Evidence of it, as resolution collects them."""
        doc.cite(self.orgs[org].evidence, span, by, speaker=speaker)

    def confidence(self) -> float:
        return round(0.6 + 0.35 * self.rng.random(), 2)

    # -- the register --------------------------------------------------------

    def register(self) -> None:
        rng, vocab = self.rng, self.vocab
        kinds = [(concept("kind", lab), w, patterns) for lab, w, patterns in words.KIND_PATTERNS]
        weights = [w for _k, w, _p in kinds]
        groups_of = {focus: [g for g in (schemes()["target_group"].lookup(x) for x in labels) if g]
                     for focus, labels in words.FOCUS}
        taken: set[str] = set()
        acronyms: set[str] = set(vocab.reserved)
        doc = self._table("stakeholders.csv", "register", "name,kind,aliases,target_groups")
        while len(self.orgs) < self.n["stakeholders"]:
            kind, _w, patterns = rng.choices(kinds, weights)[0]
            pattern = rng.choice(patterns)
            focus = rng.choice(words.FOCUS)[0]
            o1, o2 = rng.sample(words.PORTFOLIOS, 2)
            s1, s2 = rng.sample(words.SURNAMES, 2)
            fill = {"P": rng.choice(words.PLACES), "F": focus, "H": rng.choice(words.CSO_HEADS),
                    "A": rng.choice(words.CSO_ADJECTIVES), "O": o1, "O2": o2, "T": rng.choice(words.TOPICS),
                    "S": s1, "S2": s2}
            name = pattern.format(**fill)
            if iri.slug(name) in taken and "{P}" in pattern:  # a joint body of two places
                name = pattern.format(**{**fill, "P": fill["P"] + JOINT + rng.choice(words.PLACES)})
            if iri.slug(name) in taken:
                continue
            taken.add(iri.slug(name))
            aliases = set()
            acronym = "".join(w[0] for w in name.split() if w.lower() not in _SMALL and w[0].isupper())
            if 3 <= len(acronym) <= 6 and acronym not in acronyms and rng.random() < 0.6:
                acronyms.add(acronym)
                aliases.add(acronym)
            groups = set(groups_of[focus]) if "{F}" in pattern else set()
            if (kind == "cso" and (not groups or rng.random() < 0.2)) or (kind != "cso" and rng.random() < 0.1):
                groups.add(rng.choice(vocab.target_groups))
            org = model.Stakeholder(name=name, kind=kind, kind_reason="stated in register stakeholders.csv",
                                    aliases=aliases, target_groups=groups)
            row = _csv_line(doc, {"name": name, "kind": kind, "aliases": ";".join(sorted(aliases)),
                                  "groups": ";".join(sorted(groups))})
            doc.cite(org.evidence, row[""], "register-row")
            self.orgs.append(org)
        # Degrees with a heavy tail: a Pareto weight each, and about one in twenty with none.
        self.weights = [0.0 if rng.random() < 0.05 else rng.paretovariate(1.6) for _ in self.orgs]
        everyone = list(range(len(self.orgs)))
        if sum(1 for w in self.weights if w > 0) < 2:
            self.weights = [1.0] * len(self.orgs)
        self.anyone = _Picker(everyone, self.weights)
        by_kind: dict[str, list[int]] = {}
        for i, org in enumerate(self.orgs):
            by_kind.setdefault(org.kind, []).append(i)
        self.cso = _Picker(by_kind.get("cso", []), self.weights)
        self.authority = _Picker(by_kind.get("public-authority", []), self.weights)
        self.by_kind = by_kind
        self.engaged = [0] * len(self.orgs)

    def some(self, k: int, exclude: set[int] | None = None) -> list[int]:
        """Up to ``k`` distinct stakeholders, hubs most likely."""
        found: list[int] = []
        seen = set(exclude or ())
        for _ in range(k * 10):
            if len(found) == k:
                break
            i = self.anyone(self.rng)
            if i not in seen:
                seen.add(i)
                found.append(i)
        return found

    # -- engagements ---------------------------------------------------------

    def engagements(self) -> None:
        rng, vocab = self.rng, self.vocab
        target = self.n["engagements"]
        table = self._table("engagements.csv", "engagement-list", "source,target,mode,year,sentiment,evidence")
        seen: set[tuple[int, int, str]] = set()
        attempts = 0
        while len(self.ex.engagements) < target:
            attempts += 1
            if attempts > 50 * target + 1000:
                raise ValueError(f"cannot find {target} distinct (pair, mode) engagements among "
                                 f"{len(self.orgs)} stakeholders; ask for fewer engagements")
            if self.cso and self.authority and rng.random() < 0.6:
                a, b = self.cso(rng), self.authority(rng)
                if rng.random() < 0.5:
                    a, b = b, a
            else:
                a, b = self.anyone(rng), self.anyone(rng)
            mode = rng.choice(vocab.modes)
            key = (min(a, b), max(a, b), mode)
            if a == b or key in seen:
                continue
            seen.add(key)
            self.engaged[a] += 1
            self.engaged[b] += 1
            e = model.Engagement(parties=(self.orgs[a].name, self.orgs[b].name), mode=mode)
            self._cite_engagement(e, a, b, table if rng.random() < 0.6 else None)
            if rng.random() < 0.15:  # the same pair and mode told again elsewhere
                self._cite_engagement(e, a, b, None)
            self.ex.engagements.append(e)

    def _cite_engagement(self, e: model.Engagement, a: int, b: int, table: _Doc | None) -> None:
        rng, vocab = self.rng, self.vocab
        year = rng.randint(2008, 2024)
        e.years.add(year)
        e.sentiments.append(rng.choice(vocab.sentiments))
        if table is not None:
            note = rng.choice(words.ENGAGEMENT_NOTES.get(e.mode) or ["Recorded contact."])
            row = _csv_line(table, {"source": self.orgs[a].name, "target": self.orgs[b].name, "mode": e.mode,
                                    "year": str(year), "sentiment": e.sentiments[-1], "evidence": note})
            e.initiator = e.initiator or self.orgs[a].name
            table.cite(e.evidence, row["evidence"], "engagement-row")
            self.mention(table, a, row["source"], "engagement-row")
            self.mention(table, b, row["target"], "engagement-row")
            return
        doc, spans, speaker, topic = self.say(rng.choice(ENGAGEMENT_SENTENCES), a=self.orgs[a].name,
                                              b=self.orgs[b].name, m=vocab.mode_labels[e.mode], y=str(year))
        doc.cite(e.evidence, spans[""], "text-rule", speaker, topic, self.confidence())
        self.mention(doc, a, spans["a"], speaker=speaker)
        self.mention(doc, b, spans["b"], speaker=speaker)

    # -- moments, initiatives, recording, findings ---------------------------------

    def moments(self) -> None:
        rng, vocab = self.rng, self.vocab
        table = self._table("timeline.csv", "timeline", "date,label,direction,drivers,actors,evidence")
        seen: set[str] = set()
        while len(self.ex.moments) < self.n["moments"]:
            driver = rng.choice(vocab.drivers)
            actors = self.some(rng.randint(1, 3))
            template, direction = rng.choice(words.MOMENTS.get(driver) or [("Turning point for {org}", None)])
            direction = direction or ("backward" if rng.random() < 0.3 else "forward")
            text = template.format(org=self.orgs[actors[0]].name, place=rng.choice(words.PLACES), country=self.country)
            year = rng.randint(2008, 2024)
            date = rng.choice([None, str(year), f"{year}-{rng.randint(1, 12):02d}",
                               f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])
            node = iri.moment(text, date)
            if node in seen:
                continue
            seen.add(node)
            drivers = list(dict.fromkeys([driver] + ([rng.choice(vocab.drivers)] if rng.random() < 0.3 else [])))
            m = model.PivotalMoment(label=text, direction=concept("direction", direction), date=date,
                                    drivers=drivers, actors=[self.orgs[i].name for i in actors],
                                    outcomes=rng.sample(OUTCOMES, rng.randint(0, 2)),
                                    scale=rng.choice([None, *self.scales]))
            if rng.random() < 0.6:
                row = _csv_line(table, {"date": date or "", "label": text, "direction": m.direction,
                                        "drivers": ";".join(drivers), "actors": ";".join(m.actors),
                                        "evidence": rng.choice(words.MOMENT_NOTES)})
                table.cite(m.evidence, row["evidence"], "timeline-row")
                for i in actors:
                    self.mention(table, i, row["actors"], "timeline-row")
            else:
                doc, spans, speaker, topic = self.say(rng.choice(MOMENT_SENTENCES), x=self.orgs[actors[0]].name,
                                                      label=text[:1].lower() + text[1:])
                doc.cite(m.evidence, spans[""], "moment-rule", speaker, topic, self.confidence())
                self.mention(doc, actors[0], spans["x"], speaker=speaker)
            self.ex.moments.append(m)

    def initiatives(self) -> None:
        rng = self.rng
        seen: set[str] = set()
        while len(self.ex.initiatives) < self.n["initiatives"]:
            kind = rng.choice(self.initiative_types)
            name = f"{rng.choice(words.PLACES)} {rng.choice(words.FOCUS)[0]} {label('initiative_type', kind).title()}"
            if iri.slug(name) in seen:
                continue
            seen.add(iri.slug(name))
            owners = self.some(rng.randint(1, 2))
            partners = self.some(rng.randint(0, 4), exclude=set(owners))
            groups = set(rng.sample(self.vocab.target_groups, rng.randint(0, 3)))
            i = model.Initiative(name=name, initiative_type=kind, run_by={self.orgs[o].name for o in owners},
                                 partners={self.orgs[p].name for p in partners}, target_groups=groups)
            for k in range(rng.randint(1, 3)):
                if partners:
                    p = partners[k % len(partners)]
                    doc, spans, speaker, topic = self.say(rng.choice(INITIATIVE_SENTENCES), o=self.orgs[owners[0]].name,
                                                          i=name, p=self.orgs[p].name)
                    self.mention(doc, p, spans["p"], speaker=speaker)
                else:
                    doc, spans, speaker, topic = self.say(INITIATIVE_ALONE, o=self.orgs[owners[0]].name, i=name)
                doc.cite(i.evidence, spans["i"], "initiative-name", speaker, topic, self.confidence())
                self.mention(doc, owners[0], spans["o"], speaker=speaker)
            self.ex.initiatives.append(i)

    def _system_type(self, org: model.Stakeholder) -> str | None:
        """A system type that suits the operator (None: records of no type, as a ministry keeps)."""
        key = ("police" if "Police" in org.name or "Constabulary" in org.name else
               "prosecutor" if "Prosecutor" in org.name else org.kind)
        choice = self.rng.choice(SYSTEM_TYPES.get(key, SYSTEM_TYPES["other"]))
        return choice if choice in self.system_types else None

    def recording(self) -> None:
        rng = self.rng
        keys: list[tuple[str, str | None, str | None]] = []
        operators: list[int] = []
        for _ in range(self.n["systems"] * 3):
            if len(keys) == self.n["systems"]:
                break
            o = self.anyone(rng)
            org = self.orgs[o]
            key = (org.name, self._system_type(org), rng.choice(SYSTEM_NAMES) if rng.random() < 0.3 else None)
            if key in keys:
                continue
            keys.append(key)
            operators.append(o)
            s = model.RecordingSystem(operator=key[0], system_type=key[1], name=key[2])
            where = key[2] or (f"its {label('recording_system_type', key[1]).lower()}" if key[1] else "a spreadsheet")
            doc, spans, speaker, topic = self.say(rng.choice(SYSTEM_SENTENCES), o=org.name, s=where)
            doc.cite(s.evidence, spans[""], "recording-rule", speaker, topic, self.confidence())
            self.mention(doc, o, spans["o"], speaker=speaker)
            self.ex.recording_systems.append(s)
        self.systems = keys
        flows: set[tuple[int, int]] = set()
        wanted = len(keys) * 3 // 4 if len(keys) > 1 else 0
        for _ in range(wanted * 5):
            if len(flows) == wanted:
                break
            x, y = rng.randrange(len(keys)), rng.randrange(len(keys))
            if x == y or (x, y) in flows:
                continue
            flows.add((x, y))
            (fo, ft, fn), (to, tt, tn) = keys[x], keys[y]
            freq = rng.choice(FREQUENCIES)
            f = model.DataFlow(from_operator=fo, to_operator=to, from_type=ft, to_type=tt, from_name=fn,
                               to_name=tn, what=rng.choice(FLOW_WHAT), frequency=freq)
            doc, spans, speaker, topic = self.say(rng.choice(FLOW_SENTENCES), a=fo, b=to, w=f.what,
                                                  f=f" {freq}" if freq else "")
            doc.cite(f.evidence, spans[""], "recording-rule", speaker, topic, self.confidence())
            self.mention(doc, operators[x], spans["a"], speaker=speaker)
            self.mention(doc, operators[y], spans["b"], speaker=speaker)
            self.ex.data_flows.append(f)

    def findings(self) -> None:
        rng, vocab = self.rng, self.vocab
        per_summary = 40
        made = 0
        number = 0
        titles: set[str] = set()
        while made < self.n["findings"]:
            number += 1
            place, year = rng.choice(words.PLACES), rng.randint(2016, 2025)
            title = f"{place} {rng.choice(words.EVENT_TYPES)} {year}, Notes From the Breakout Tables"
            if title in titles:
                continue
            titles.add(title)
            doc = _Doc(f"summaries/w{number:03d}-{iri.slug(title, 40)}.txt", "summary", "text/plain", title)
            self.docs.append(doc)
            event = model.SourceEvent(name=title, date=str(year))
            doc.cite(event.evidence, doc.line("{t}", t=title)["t"], "summary-title")
            self.ex.events.append(event)
            strands = rng.sample(vocab.target_groups, rng.randint(3, 5))
            for g in strands:
                doc.line("- {g}", g=label("target_group", g))
            texts: set[str] = set()
            quota = min(per_summary, self.n["findings"] - made)
            categories = list(words.THEMES)
            for k in range(quota):
                category = categories[k % len(categories)] if k < len(categories) else rng.choice(categories)
                theme = rng.choice(words.THEMES[category])
                pick = self.some(2)
                a, b = pick[0], pick[-1]
                slots = {"org": self.orgs[a].name, "org2": self.orgs[b].name,
                         "group": rng.choice(vocab.group_phrases), "year": str(rng.randint(2010, 2024)),
                         "place": rng.choice(words.PLACES)}
                template = rng.choice(words.FINDINGS[category])
                text = _SLOT.sub(lambda m, s=slots: s[m.group(1)], template)
                if text in texts:
                    continue
                texts.add(text)
                doc.line("{h}", h=theme)
                spans = doc.line("- " + template, **slots)
                spans[""] = (spans[""][0] + 2, spans[""][1])
                f = model.Finding(finding_type=concept("finding_type", category), text=text, theme=theme,
                                  strands=rng.sample(strands, rng.randint(0, 2)), event=title)
                if self.ex.initiatives and rng.random() < 0.3:
                    f.about = [i.name for i in rng.sample(self.ex.initiatives, min(2, rng.randint(1, 2),
                                                                                    len(self.ex.initiatives)))]
                if self.systems and rng.random() < 0.05:
                    operator, system_type, _name = rng.choice(self.systems)
                    f.systems = [(operator, system_type)]
                doc.cite(f.evidence, spans[""], "summary-bullet")
                for slot, org in (("org", a), ("org2", b)):
                    if slot in spans:
                        self.mention(doc, org, spans[slot])
                self.ex.findings.append(f)
                made += 1

    # -- all together --------------------------------------------------------

    def run(self) -> model.Extraction:
        self.register()
        self._transcripts(max(2, self.n["stakeholders"] // 50))
        self.engagements()
        self.moments()
        self.initiatives()
        self.recording()
        self.findings()
        self.ex.documents = [d.finish() for d in self.docs]
        by_position = lambda ev: (ev.document, ev.start, ev.end)  # noqa: E731 - resolution's order
        for group in (self.orgs, self.ex.engagements, self.ex.moments, self.ex.initiatives, self.ex.findings,
                      self.ex.events, self.ex.recording_systems, self.ex.data_flows, self.ex.people):
            for record in group:
                record.evidence = sorted(set(record.evidence), key=by_position)
        self.ex.stakeholders = self.orgs
        return self.ex


def generate(stakeholders: int = 20000, engagements: int = 60000, seed: int = 1, *, moments: int | None = None,
             findings: int | None = None, initiatives: int | None = None, systems: int | None = None) -> SynthGraph:
    """Invent an extraction of the given sizes and build its quads with changemap's builder.

    ``moments``, ``findings``, ``initiatives`` and ``systems`` default to one per
    20, 10, 40 and 25 stakeholders (at least 4, 4, 2 and 2).
    """
    if stakeholders < 4:
        raise ValueError("need at least 4 stakeholders")
    if engagements < 0:
        raise ValueError("engagements must be 0 or more")
    t = time.perf_counter()
    gen = _Generator(stakeholders, engagements, seed,
                     moments if moments is not None else max(4, stakeholders // 20),
                     findings if findings is not None else max(4, stakeholders // 10),
                     initiatives if initiatives is not None else max(2, stakeholders // 40),
                     systems if systems is not None else max(2, stakeholders // 25))
    ex = gen.run()
    records_s = time.perf_counter() - t
    t = time.perf_counter()
    quads = build(ex)
    build_s = time.perf_counter() - t
    hub = max(range(len(gen.orgs)), key=lambda i: (gen.engaged[i], -i))
    records = (ex.stakeholders, ex.engagements, ex.moments, ex.initiatives, ex.findings, ex.events,
               ex.recording_systems, ex.data_flows, ex.people)
    counts = {"stakeholders": len(ex.stakeholders), "engagements": len(ex.engagements), "moments": len(ex.moments),
              "findings": len(ex.findings), "initiatives": len(ex.initiatives),
              "recording_systems": len(ex.recording_systems), "data_flows": len(ex.data_flows),
              "documents": len(ex.documents), "people": len(ex.people),
              "evidence": len({(e.document, e.start, e.end) for group in records for r in group for e in r.evidence}),
              "isolated": sum(1 for k in gen.engaged if k == 0), "hub_engagements": gen.engaged[hub],
              "quads": len(quads)}
    return SynthGraph(ex, quads, gen.orgs[hub].name, counts, {"records": records_s, "build": build_s})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synth_graph", description=__doc__.split("\n\n")[0])
    parser.add_argument("--stakeholders", type=int, default=20000)
    parser.add_argument("--engagements", type=int, default=60000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="also write the graph here as TriG (named graphs)")
    args = parser.parse_args(argv)
    try:
        graph = generate(args.stakeholders, args.engagements, args.seed)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(" ".join(f"{k}={v}" for k, v in graph.counts.items()), f"hub={graph.hub!r}")
    print(" ".join(f"{k}_s={v:.2f}" for k, v in graph.seconds.items()))
    if args.out:
        from changemap.graph.write import serialise

        trig, _turtle = serialise(graph.quads)
        args.out.write_bytes(trig)
    return 0


if __name__ == "__main__":
    sys.exit(main())
