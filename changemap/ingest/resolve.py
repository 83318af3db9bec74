"""Resolution: many mentions → one canonical stakeholder per organisation.

Names are compared after folding case, punctuation, a leading "the" and a
possessive "'s"; a register row's aliases point to its name; remaining names
are merged when rapidfuzz scores them above :data:`FUZZY_THRESHOLD`.  The
highest-authority mention names the entity and states its kind.  Every merge
is recorded for the build report.

>>> name_key("The Northvale Police's")
'northvale police'
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from functools import lru_cache

from rapidfuzz import fuzz, process

from ..model import (
    DataFlow,
    Engagement,
    Evidence,
    Extraction,
    Initiative,
    PivotalMoment,
    Problem,
    RecordingSystem,
    Stakeholder,
    StakeholderMention,
)
from ..review import Decisions, engagement_key, moment_key
from .initiatives import type_words_only
from .kinds import infer_kind
from .recsystems import infer_system_type

FUZZY_THRESHOLD = 92
AUTHORITY = {"register": 0, "front-matter": 1, "table": 2, "text": 3}
LONE_RULES = frozenset({"acronym", "short-ref", "short-form"})


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    text = name.casefold().replace("’", "'").replace("&", " and ")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _sorted_words(key: str) -> str:
    """``key`` with its words in sorted order, as rapidfuzz's token_sort_ratio compares them."""
    return " ".join(sorted(key.split()))


class Resolver:
    """Maps any surface name to its canonical name."""

    def __init__(self) -> None:
        self.canonical: dict[str, str] = {}  # name key -> canonical name
        self.merges: set[tuple[str, str, str]] = set()
        self.alias_keys: set[str] = set()
        self._long: list[str] = []  # sorted keys of 8 or more characters, for fuzzy matching
        self._sorted_words: list[str] = []  # each of those keys with its words in sorted order
        self._added: list[str] = []  # keys not yet in ``_long``
        self._found: dict[str, str | None] = {}  # fuzzy answers since the known keys last changed

    def add(self, name: str, aliases: tuple[str, ...] = ()) -> str:
        """Register ``name`` (and its aliases); return its canonical name."""
        key = name_key(name)
        found = self.canonical.get(key)
        reason = ("listed as an alias" if key in self.alias_keys
                  else "same name once case, 'the' and punctuation are folded")
        if found is None:
            alias_keys = [name_key(a) for a in aliases]
            found, reason = next((self.canonical[k] for k in alias_keys if k in self.canonical),
                                 None), "shares an alias"
        if found is None:
            found, reason = self._fuzzy(key), f"fuzzy match (score >= {FUZZY_THRESHOLD})"
        if found is None:
            found = name
        if name_key(found) != key:
            self.merges.add((name, found, reason))
        self.put(key, found)
        for alias in aliases:
            self.put(name_key(alias), found)
            if name_key(alias) != name_key(found):
                self.alias_keys.add(name_key(alias))
        return found

    def put(self, key: str, name: str, replace: bool = False) -> None:
        """Map the name key ``key`` to the canonical ``name`` (``replace``: even if it maps elsewhere)."""
        if key not in self.canonical:
            self._added.append(key)
        elif not replace:
            return
        self.canonical[key] = name

    def _fuzzy(self, key: str) -> str | None:
        """The canonical name of the most similar known name key of 8 or more characters, if similar enough.

        Ties go to the key that sorts first.
        """
        if len(key) < 8:
            return None  # short names and acronyms only ever match exactly
        if self._added:  # keys added since the last call, in sorted order
            for new in self._added:
                if len(new) >= 8:
                    at = bisect.bisect_left(self._long, new)
                    self._long.insert(at, new)
                    self._sorted_words.insert(at, _sorted_words(new))
            self._added.clear()
            self._found.clear()
        if key in self._found:
            return self._found[key]
        # token_sort_ratio is the plain ratio of the words in sorted order: sorted once per key, not per query
        best = process.extractOne(_sorted_words(key), self._sorted_words, scorer=fuzz.ratio,
                                  score_cutoff=FUZZY_THRESHOLD)
        found = self._found[key] = self.canonical[self._long[best[2]]] if best else None
        return found

    def resolve(self, name: str) -> str:
        return self.canonical.get(name_key(name)) or self._fuzzy(name_key(name)) or name


def resolve(ex: Extraction, decisions: Decisions | None = None) -> Extraction:
    """Fill ``ex.stakeholders`` and rewrite every party and actor to canonical names.

    Reviewer ``decisions`` (see :mod:`changemap.review`) are applied on the
    way: renames and merges before mentions are grouped, the rest after.
    """
    decisions = decisions or Decisions()
    resolver = Resolver()
    for old, d in {**decisions.of("stakeholders", "rename"), **decisions.of("stakeholders", "merge")}.items():
        resolver.put(name_key(d["value"]), d["value"])
        resolver.put(name_key(old), resolver.canonical[name_key(d["value"])], replace=True)
        resolver.merges.add((old, resolver.canonical[name_key(old)], f"review: {d['decision']}"))
    # Full names (with the aliases they define) before lone acronyms and short references, so that
    # "NHCU" used alone in one document joins "Northbridge Hate Crime Unit (NHCU)" of another.
    mentions = sorted(ex.mentions, key=lambda m: (AUTHORITY.get(m.authority, 9),
                                                  m.evidence.extracted_by in LONE_RULES))
    grouped: dict[str, list[StakeholderMention]] = defaultdict(list)
    for m in mentions:
        grouped[resolver.add(m.name, m.aliases)].append(m)
    ex.merges = sorted(set(resolver.merges))
    ex.stakeholders = [_stakeholder(name, grouped[name]) for name in sorted(grouped)]
    for p in ex.people:
        if p.organisation:
            p.organisation = resolver.resolve(p.organisation)
    ex.engagements = _merge_engagements(ex, resolver)
    ex.moments = _merge_moments(ex, resolver)
    ex.initiatives = _merge_initiatives(ex, resolver)
    apply_decisions(ex, decisions)
    merge_recording(ex, resolver)
    return ex


def apply_decisions(ex: Extraction, decisions: Decisions) -> None:
    """Rejections, retypes, initiative renames and quote approvals from review."""
    if not len(decisions):
        return
    rejected = set(decisions.of("stakeholders", "reject"))
    ex.stakeholders = [s for s in ex.stakeholders if s.name not in rejected]
    for s in ex.stakeholders:
        d = decisions.get("stakeholders", s.name)
        if d and d["decision"] == "retype":
            s.kind, s.kind_reason = d["value"], "set in review"
    for p in ex.people:
        if p.organisation in rejected:
            p.organisation = None
    engagements: dict[tuple[str, str, str], Engagement] = {}
    for e in ex.engagements:
        d = decisions.get("engagements", engagement_key(*e.parties, e.mode)) or {}
        if d.get("decision") == "reject" or rejected & set(e.parties):
            continue
        if d.get("decision") == "retype":
            e.mode = d["value"]
        key = (*e.parties, e.mode)
        if key in engagements:
            engagements[key].evidence = sorted(set(engagements[key].evidence) | set(e.evidence),
                                               key=lambda ev: (ev.document, ev.start, ev.end))
            engagements[key].years |= e.years
        else:
            engagements[key] = e
    ex.engagements = [engagements[k] for k in sorted(engagements)]
    initiatives: dict[str, Initiative] = {}
    for i in ex.initiatives:
        d = decisions.get("initiatives", i.name) or {}
        if d.get("decision") == "reject":
            continue
        if d.get("decision") == "rename":
            i.name = d["value"]
        elif d.get("decision") == "retype":
            i.initiative_type = d["value"]
        i.run_by -= rejected
        i.partners -= rejected
        if i.name in initiatives:
            initiatives[i.name].evidence += i.evidence
            initiatives[i.name].run_by |= i.run_by
            initiatives[i.name].partners |= i.partners
        else:
            initiatives[i.name] = i
    renamed = {k: d["value"] for k, d in decisions.of("initiatives", "rename").items()}
    for f in ex.findings:
        f.about = sorted({renamed.get(n, n) for n in f.about if renamed.get(n, n) in initiatives})
    ex.initiatives = [initiatives[k] for k in sorted(initiatives)]
    moments = []
    for m in ex.moments:
        d = decisions.get("moments", moment_key(m.label, m.date)) or {}
        if d.get("decision") == "reject":
            continue
        if d.get("decision") == "retype":
            m.direction = d["value"]
        m.actors = [a for a in m.actors if a not in rejected]
        moments.append(m)
    ex.moments = moments
    ex.approved_quotes = set(decisions.of("quotes", "approve"))

def _merge_moments(ex: Extraction, resolver: Resolver) -> list[PivotalMoment]:
    """One moment per folded label and date; the direction most sources give
    (backward wins a tie: a set-back stated once is worth seeing)."""
    merged: dict[tuple[str, str], PivotalMoment] = {}
    directions: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for m in ex.moments:
        key = (name_key(m.label), m.date or "")
        target = merged.setdefault(key, PivotalMoment(label=m.label, direction=m.direction, date=m.date,
                                                      scale=m.scale, properties=dict(m.properties)))
        directions[key][m.direction] += 1
        target.evidence.extend(m.evidence)
        target.drivers = sorted({*target.drivers, *m.drivers})
        target.actors = sorted({*target.actors, *(resolver.resolve(a) for a in m.actors)})
        target.outcomes += [o for o in m.outcomes if o not in target.outcomes]
        target.scale = target.scale or m.scale
    for key, m in merged.items():
        m.direction = sorted(directions[key].items(), key=lambda kv: (-kv[1], kv[0] != "backward"))[0][0]
        m.evidence = sorted(set(m.evidence), key=lambda ev: (ev.document, ev.start, ev.end))
    return [merged[k] for k in sorted(merged)]


def _merge_initiatives(ex: Extraction, resolver: Resolver) -> list[Initiative]:
    """One initiative per folded name; owners and partners as canonical stakeholders.

    The type is the one most often given (ties broken alphabetically).  A name
    made only of type words ("the Partnership Board") stands for the one
    initiative whose name ends with it, and is dropped when there is none or
    several.
    """
    merged: dict[str, Initiative] = {}
    types: dict[str, Counter[str]] = defaultdict(Counter)
    full = sorted({i.name for i in ex.initiatives if not type_words_only(i.name)})
    for i in ex.initiatives:
        if type_words_only(i.name):  # "the Working Group": the one group whose name ends so, or nothing
            longer = sorted((n for n in full if n.casefold().endswith(" " + i.name.casefold())), key=len)
            # One name, or names that shorten one another ("Hate Crime Board" of "Corrowby Hate Crime Board")
            if not longer or not all(longer[-1].casefold().endswith(n.casefold()) for n in longer):
                continue
            i.name = longer[-1]
        key = name_key(i.name)
        target = merged.setdefault(key, Initiative(name=i.name))
        if i.initiative_type:
            types[key][i.initiative_type] += 1
        target.evidence.extend(i.evidence)
        target.run_by |= {resolver.resolve(n) for n in i.run_by}
        target.partners |= {resolver.resolve(n) for n in i.partners}
        target.target_groups |= i.target_groups
    for key, i in merged.items():
        if types[key]:
            i.initiative_type = sorted(types[key].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        i.partners -= i.run_by
        i.evidence = sorted(set(i.evidence), key=lambda ev: (ev.document, ev.start, ev.end))
    for f in ex.findings:
        f.about = sorted({merged[name_key(n)].name for n in f.about if name_key(n) in merged})
    return [merged[k] for k in sorted(merged)]


def _stakeholder(name: str, mentions: list[StakeholderMention]) -> Stakeholder:
    first = mentions[0]
    stated = next((m for m in mentions if m.kind), None)
    if stated:
        kind, reason = stated.kind, stated.kind_reason
    else:
        kind, reason = infer_kind(name)
    aliases = {a for m in mentions for a in (m.name, *m.aliases)} - {name}
    groups = {g for m in mentions for g in m.target_groups}
    evidence = sorted({m.evidence for m in mentions}, key=lambda e: (e.document, e.start, e.end))
    props: dict[str, str] = {}
    for m in mentions:
        for k, v in m.properties.items():
            props.setdefault(k, v)
    return Stakeholder(name=name, kind=kind or "other", kind_reason=reason,
                       aliases=aliases,
                       target_groups=groups, generic=first.generic, evidence=evidence,
                       properties=props)


def _merge_engagements(ex: Extraction, resolver: Resolver) -> list[Engagement]:
    merged: dict[tuple[str, str, str], Engagement] = {}
    for e in ex.engagements:
        a, b = (resolver.resolve(p) for p in e.parties)
        if a == b:
            if e.evidence[0].extracted_by == "text-rule":
                continue  # text naming one body twice ("we" and its own name) is no engagement
            ex.problems.append(Problem(e.evidence[0].document,
                                       f"{e.evidence[0].document}: engagement of '{a}' with itself "
                                       "dropped; check the source and target names", "warning"))
            continue
        key = (*sorted((a, b)), e.mode)
        target = merged.get(key)
        if target is None:
            target = merged[key] = Engagement(parties=(key[0], key[1]), mode=e.mode,
                                              initiator=resolver.resolve(e.initiator or a))
        target.evidence.extend(e.evidence)
        target.sentiments.extend(e.sentiments)
        target.years |= e.years
        for k, v in e.properties.items():
            target.properties.setdefault(k, v)
    for e in merged.values():
        e.evidence = sorted(set(e.evidence), key=lambda ev: (ev.document, ev.start, ev.end))
    return [merged[k] for k in sorted(merged)]


# --- Recording systems and data flows ------------------------------------------------------------

SystemKey = tuple[str, str | None, str | None]  # (operator, type, proper name)


def _by_position(evidence: list[Evidence]) -> list[Evidence]:
    return sorted(set(evidence), key=lambda ev: (ev.document, ev.start, ev.end))


class _Systems:
    """Canonical systems: one per operator and type, or per proper name where an operator runs
    two named systems of one type.  Operators are canonical stakeholders; a named system whose
    sentence gave no operator takes the operator other sentences give that name."""

    def __init__(self, ex: Extraction, resolver: Resolver):
        self.kinds = {s.name: s.kind for s in ex.stakeholders}
        self.resolver = resolver
        owners: dict[str, Counter[str]] = defaultdict(Counter)
        types: dict[str, Counter[str]] = defaultdict(Counter)
        for s in ex.recording_systems:
            if s.operator and s.name:
                owners[name_key(s.name)][resolver.resolve(s.operator)] += 1
            if s.system_type and s.name:
                types[name_key(s.name)][s.system_type] += 1
        self.owner_of = {k: _most(c) for k, c in owners.items()}
        self.type_of = {k: _most(c) for k, c in types.items()}
        self.names: dict[tuple[str, str | None], set[str]] = defaultdict(set)
        self.systems: dict[SystemKey, RecordingSystem] = {}

    def end(self, operator: str | None, system_type: str | None, name: str | None) -> tuple | None:
        """(operator, type, name) with the operator canonical and the type inferred; None if unknown."""
        op = self.resolver.resolve(operator) if operator else self.owner_of.get(name_key(name or ""))
        if op is None or op not in self.kinds:
            return None  # no operator, or one rejected in review
        kind = system_type or self.type_of.get(name_key(name or "")) or infer_system_type(op, self.kinds[op])
        return op, kind, name

    def note(self, operator: str, system_type: str | None, name: str | None) -> None:
        if name:
            self.names[(operator, system_type)].add(name)

    def add(self, end: tuple, evidence: list[Evidence], properties: dict[str, str] | None = None) -> SystemKey:
        op, kind, name = end
        named = sorted(self.names.get((op, kind), ()), key=name_key)
        if name is None and len(named) == 1:
            name = named[0]  # "their records" and "their Atlas system" are one system
        elif name is not None:
            name = next((n for n in named if name_key(n) == name_key(name)), name)
        key = (op, kind, name)
        system = self.systems.setdefault(key, RecordingSystem(operator=op, system_type=kind, name=name))
        system.evidence.extend(evidence)
        for k, v in (properties or {}).items():
            system.properties.setdefault(k, v)
        return key


def merge_recording(ex: Extraction, resolver: Resolver) -> None:
    """Canonical recording systems and data flows; findings point at the systems they judge.

    A flow's ends become systems of their operators (with the flow's evidence)
    when no sentence described them; a flow within one organisation is dropped.
    A finding is about the systems it names and those cited inside its quote.
    """
    table = _Systems(ex, resolver)
    pending: list[tuple[tuple, RecordingSystem]] = []
    for s in ex.recording_systems:
        end = table.end(s.operator, s.system_type, s.name)
        if end is not None:
            table.note(*end)
            pending.append((end, s))
    for end, s in pending:
        table.add(end, s.evidence, s.properties)
    flows: dict[tuple[SystemKey, SystemKey], DataFlow] = {}
    for f in ex.data_flows:
        a = table.end(f.from_operator, f.from_type, f.from_name)
        b = table.end(f.to_operator, f.to_type, f.to_name)
        if a is None or b is None or a[0] == b[0]:
            continue
        ka, kb = table.add(a, f.evidence), table.add(b, f.evidence)
        target = flows.setdefault((ka, kb), DataFlow(from_operator=ka[0], to_operator=kb[0], from_type=ka[1],
                                                     to_type=kb[1], from_name=ka[2], to_name=kb[2]))
        target.evidence.extend(f.evidence)
        target.what = target.what or f.what
        target.frequency = target.frequency or f.frequency
        for k, v in f.properties.items():
            target.properties.setdefault(k, v)
    for system in table.systems.values():
        system.evidence = _by_position(system.evidence)
    for flow in flows.values():
        flow.evidence = _by_position(flow.evidence)
    ex.recording_systems = [table.systems[k] for k in sorted(table.systems, key=_sort_key)]
    ex.data_flows = [flows[k] for k in sorted(flows, key=lambda k: (_sort_key(k[0]), _sort_key(k[1])))]
    _findings_about_systems(ex, table)


def _most(counts: Counter[str]) -> str:
    """The most frequent value (ties broken alphabetically)."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _sort_key(key: SystemKey) -> tuple[str, str, str]:
    return key[0], key[1] or "", key[2] or ""


def _findings_about_systems(ex: Extraction, table: _Systems) -> None:
    cited: dict[str, list[tuple[int, int, SystemKey]]] = defaultdict(list)
    for key, system in table.systems.items():
        for ev in system.evidence:
            cited[ev.document].append((ev.start, ev.end, key))
    for f in ex.findings:
        keys = set()
        for op, kind in f.systems:
            end = table.end(op, kind, None)
            keys |= {k for k in table.systems if end is not None and k[:2] == end[:2]}
        for ev in f.evidence:
            keys |= {k for s, e, k in cited.get(ev.document, ()) if ev.start <= s and e <= ev.end}
        f.systems = sorted({k[:2] for k in keys}, key=lambda k: (k[0], k[1] or ""))
