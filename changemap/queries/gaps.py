"""Collaboration gaps: where engagement is missing, and where the network is thin.

Each gap is one row: ``kind, subject, reason, score, basis`` plus the quote
and document behind it.  ``basis`` says what the gap rests on:

- ``not recorded in the sources``: nothing in the graph shows the link (the
  sources may simply not mention it);
- ``stated as absent by a source``: a finding says in so many words that the
  link or the work is missing (a negation such as "never", "no one" next to
  a word for working together, in a finding that names the subject); the
  quote is given;
- ``network structure``: a measure of the recorded network (constraint,
  effective size, betweenness), explained in the reason.

Scores rank gaps within a kind; how each is made is written in
:data:`KINDS`.  Generic actors ("the police", "local charities") are left out
of every gap: they are references, not organisations to introduce.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from ..graph.facts import Facts
from ..graph.project import project
from . import network

CSO, AUTHORITY = "cso", "public-authority"
NOT_RECORDED = "not recorded in the sources"
STATED = "stated as absent by a source"
STRUCTURE = "network structure"
COLUMNS = ["kind", "subject", "reason", "score", "basis", "quote", "document", "source_iri", "target_iri"]

KINDS: dict[str, str] = {
    "target-group-without-cso-authority-link":
        "CSOs serve the group but none engages a public authority; score: CSOs serving it",
    "authority-without-cso-partner":
        "a public authority serves the group but engages no CSO that serves it; score: CSOs it could work with",
    "mode-never-used":
        "a mode of the scheme never used between a CSO and a public authority; score: its uses between other kinds",
    "challenge-not-addressed":
        "a challenge no initiative addresses; score: 1 + target groups it concerns (+1 if a source says so)",
    "opportunity-without-owner":
        "an opportunity that names no organisation or initiative; score: 1 + target groups it concerns",
    "introduction-candidate":
        "a CSO and a public authority with no engagement who share target groups or themes; "
        "score: shared groups + shared themes + 0.5 per common partner (up to 4)",
    "isolated-stakeholder":
        "a named stakeholder with no engagement; score: documents that mention it",
    "structural-hole":
        "a stakeholder whose partners are not tied to one another; score: effective size",
    "broker":
        "a stakeholder on many shortest paths between others; score: betweenness (0–1)",
}

_ABSENT = re.compile(
    r"\b(?:no|not|never|none|nobody|no one|nothing|neither|nor|lacks?|lacking|without|absent|missing|cannot|"
    r"can't|couldn't|could not|isn't|aren't|wasn't|weren't|hasn't|haven't|hadn't|don't|doesn't|didn't|unable)\b",
    re.IGNORECASE)
_LINK = re.compile(
    r"\b(?:engag\w*|work\w* (?:with|together)|worked together|contact\w*|relationship\w*|links?|linked|partner\w*|"
    r"cooperat\w*|co-operat\w*|collaborat\w*|approach\w*|represent\w*|reach\w*|seats?|connect\w*|consult\w*|"
    r"talk\w*|meet\w*|met|involv\w*|dialogue|channels?|route)\b", re.IGNORECASE)
_WORK = re.compile(r"\b(?:initiatives?|programmes?|programs?|projects?|schemes?|work|services?|campaigns?|done|"
                   r"support|provision|funding|deals? with|aimed at)\b", re.IGNORECASE)
_TOKENS = re.compile(r"\w+")


def states_absence(text: str, about: re.Pattern[str] = _LINK) -> bool:
    """Whether ``text`` says something is missing (a negation and a word of ``about``).

    >>> states_absence("Later Life Kelvary has never been approached.")
    True
    >>> states_absence("The council funded the helpline.")
    False
    """
    return bool(_ABSENT.search(text) and about.search(text))


@dataclass
class Finding:
    iri: str
    type: str
    theme: str
    strands: frozenset[str]
    text: str
    document: str
    about: frozenset[str]
    owned: bool
    addressed_by: frozenset[str]
    mentions: set[str] = field(default_factory=set)  # stakeholder IRIs named in the text or theme


class NameIndex:
    """Stakeholder names and aliases found in free text, by word n-grams.

    Names of two or more words match in any case; one-word names and
    acronyms match only as written, so "Trust" in a sentence is not a
    stakeholder called "TRUST"."""

    def __init__(self, names: Iterable[tuple[str, str]]):
        self.keys: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for iri, name in names:
            words = tuple(_TOKENS.findall(name))
            if not words:
                continue
            key = tuple(w.casefold() for w in words) if len(words) > 1 else words
            self.keys[key].add(iri)
        self.longest = max((len(k) for k in self.keys), default=0)

    def find(self, text: str) -> set[str]:
        words = _TOKENS.findall(text)
        folded = [w.casefold() for w in words]
        found: set[str] = set()
        for i in range(len(words)):
            if (words[i],) in self.keys:
                found |= self.keys[(words[i],)]
            for n in range(2, min(self.longest, len(words) - i) + 1):
                hit = self.keys.get(tuple(folded[i:i + n]))
                if hit:
                    found |= hit
        return found


_NAMES = """SELECT ?iri ?name WHERE {
  ?iri a cm:Stakeholder . { ?iri rdfs:label ?name } UNION { ?iri skos:altLabel ?name }
  FILTER NOT EXISTS { ?iri cm:isGeneric true } }"""
_ROLES = """SELECT ?s ?i WHERE { ?i a cm:Initiative . { ?i cm:runBy ?s } UNION { ?i cm:partner ?s } }"""
_MODES = """SELECT ?mode ?name ?label WHERE { ?m skos:inScheme cm:EngagementModes ; skos:prefLabel ?name ;
  skos:prefLabel|skos:altLabel ?label . BIND(STRAFTER(STR(?m), STR(mode:)) AS ?mode) }"""
_ENGAGED_GROUPS = """SELECT DISTINCT ?group WHERE {
  ?e a cm:Engagement ; cm:targetGroup/skos:prefLabel ?group ; cm:party ?a, ?b .
  ?a cm:kind kind:cso . ?b cm:kind kind:public-authority }"""


def _split(value: object) -> frozenset[str]:
    return frozenset(v for v in str(value).split("|") if v) if isinstance(value, str) else frozenset()


def _names(graph: nx.Graph, nodes: Iterable[str], limit: int = 5) -> str:
    names = sorted(graph.nodes[n]["name"] for n in nodes)
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s" if not word.endswith("y") else f"{n} {word[:-1]}ies"


class Gaps:
    """Works out every kind of gap from the store; :meth:`rows` gives them."""

    def __init__(self, facts: Facts, frame: pd.DataFrame):
        self.store = facts.store
        self.graph = project(facts)
        g = self.graph
        self.named = [n for n, d in g.nodes(data=True) if not d["generic"]]
        self.csos = [n for n in self.named if g.nodes[n]["kind"] == CSO]
        self.authorities = [n for n in self.named if g.nodes[n]["kind"] == AUTHORITY]
        self.index = NameIndex((str(r["iri"]), str(r["name"])) for r in self.store.query(_NAMES))
        self.findings = [
            Finding(str(r["iri"]), str(r["type"]), r["theme"] if isinstance(r["theme"], str) else "",
                    _split(r["strands"]), str(r["text"]), r["document"] if isinstance(r["document"], str) else "",
                    _split(r["about"]), bool(pd.notna(r["owned"]) and r["owned"] > 0),
                    _split(r["addressed_by"]))
            for r in frame.to_dict(orient="records")]
        for f in self.findings:
            f.mentions = self.index.find(f.text) | self.index.find(f.theme)
        # Findings that say a link is missing, by the stakeholders and groups they name.
        self.absent_naming: dict[str, list[Finding]] = defaultdict(list)
        self.absent_for_group: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            if states_absence(f.text):
                for n in f.mentions:
                    self.absent_naming[n].append(f)
                for t in f.strands:
                    self.absent_for_group[t].append(f)
        self.serving: dict[str, list[str]] = defaultdict(list)  # target group -> named stakeholders
        for n in self.named:
            for t in g.nodes[n]["target_groups"]:
                self.serving[t].append(n)

    # -- evidence of absence -------------------------------------------------

    def _stated(self, test, among: Iterable[Finding] | None = None) -> Finding | None:
        """The first finding (by document, then text) of ``among`` (default: all) for which ``test`` holds."""
        hits = [f for f in (self.findings if among is None else among) if test(f)]
        return min(hits, key=lambda f: (f.document, f.text)) if hits else None

    def _row(self, kind: str, subject: str, reason: str, score: float, stated: Finding | None = None,
             basis: str = NOT_RECORDED, source: str = "", target: str = "",
             quote: str = "", document: str = "") -> dict:
        if stated is not None:
            basis, quote, document = STATED, stated.text, stated.document
            reason += f' A source says so: "{stated.text}" ({stated.document})'
        return {"kind": kind, "subject": subject, "reason": reason, "score": round(float(score), 3),
                "basis": basis, "quote": quote, "document": document, "source_iri": source, "target_iri": target}

    # -- the kinds -----------------------------------------------------------

    def target_groups(self) -> Iterable[dict]:
        g = self.graph
        engaged = {str(r["group"]) for r in self.store.query(_ENGAGED_GROUPS)}
        for group in sorted(self.serving):
            csos = [n for n in self.serving[group] if g.nodes[n]["kind"] == CSO]
            if not csos or group in engaged:
                continue
            if any(g.nodes[m]["kind"] == AUTHORITY and not g.nodes[m]["generic"] for c in csos for m in g[c]):
                continue
            authorities = [n for n in self.serving[group] if g.nodes[n]["kind"] == AUTHORITY]
            who = f"{_plural(len(csos), 'CSO')} serve{'s' if len(csos) == 1 else ''} {group} ({_names(g, csos)})"
            reason = f"{who}, but no engagement between them and a public authority is recorded in the sources."
            if authorities:
                reason += f" Public authorities that serve {group}: {_names(g, authorities)}."
            stated = self._stated(lambda f: True, self.absent_for_group.get(group, ()))
            yield self._row("target-group-without-cso-authority-link", group, reason, len(csos), stated)

    def authorities_without_partner(self) -> Iterable[dict]:
        g = self.graph
        serving = {group: [n for n in named if g.nodes[n]["kind"] == CSO] for group, named in self.serving.items()}
        for a in sorted(self.authorities, key=lambda n: g.nodes[n]["name"]):
            partners = g.adj[a]
            for group in sorted(g.nodes[a]["target_groups"]):
                csos = serving.get(group, [])
                if any(n in partners for n in csos):
                    continue
                name = g.nodes[a]["name"]
                if csos:
                    reason = (f"{name} serves {group}, but no engagement with any of the "
                              f"{_plural(len(csos), 'CSO')} serving it ({_names(g, csos)}) is recorded in the sources.")
                else:
                    reason = (f"{name} serves {group}, and no CSO in the sources serves it: "
                              f"a partner would have to be found outside them.")
                stated = self._stated(lambda f, group=group: not f.strands or group in f.strands,
                                      self.absent_naming.get(a, ()))
                yield self._row("authority-without-cso-partner", f"{name} — {group}", reason, len(csos), stated,
                                source=a)

    def modes(self) -> Iterable[dict]:
        g = self.graph
        labels: dict[str, set[str]] = defaultdict(set)
        names: dict[str, str] = {}
        for r in self.store.query(_MODES):
            labels[str(r["mode"])].add(str(r["label"]).casefold())
            names[str(r["mode"])] = str(r["name"]).casefold()
        between: Counter[str] = Counter()
        elsewhere: Counter[str] = Counter()
        for a, b, d in g.edges(data=True):
            kinds = {g.nodes[a]["kind"], g.nodes[b]["kind"]}
            for mode in d["modes"]:
                (between if kinds == {CSO, AUTHORITY} else elsewhere)[mode] += 1
        for mode in sorted(labels):
            if between[mode]:
                continue
            words = sorted(labels[mode], key=len, reverse=True)
            name = names[mode]
            reason = f"No engagement by {name} between a CSO and a public authority is recorded in the sources"
            reason += (f"; it occurs {_plural(elsewhere[mode], 'time')} between other kinds of stakeholder."
                       if elsewhere[mode] else "; it occurs nowhere in the sources.")
            pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE)
            # Only a general statement counts: one that names particular stakeholders is about them.
            stated = self._stated(lambda f, p=pattern: not f.mentions and bool(p.search(f.text))
                                  and bool(_ABSENT.search(f.text)))
            yield self._row("mode-never-used", mode, reason, elsewhere[mode], stated)

    def challenges(self) -> Iterable[dict]:
        for f in self.findings:
            if f.type != "challenge" or f.addressed_by:
                continue
            groups = f" (target groups: {', '.join(sorted(f.strands))})" if f.strands else ""
            where = f' under "{f.theme}"' if f.theme else ""
            reason = f"No initiative recorded in the sources addresses this challenge{where}{groups}."
            stated = f if states_absence(f.text, _WORK) else None
            score = 1 + len(f.strands) + (1 if stated else 0)
            yield self._row("challenge-not-addressed", f.text, reason, score, stated, quote=f.text,
                            document=f.document)

    def opportunities(self) -> Iterable[dict]:
        for f in self.findings:
            if f.type != "opportunity" or f.owned or f.mentions or f.about:
                continue
            where = f' under "{f.theme}"' if f.theme else ""
            reason = f"The opportunity{where} names no organisation or initiative to take it forward."
            yield self._row("opportunity-without-owner", f.text, reason, 1 + len(f.strands), quote=f.text,
                            document=f.document)

    def introductions(self, limit: int) -> Iterable[dict]:
        """CSO × authority pairs without an engagement, scored in blocks of sparse products."""
        g = self.graph
        csos, auths = self.csos, self.authorities
        if not csos or not auths:
            return
        themes: dict[str, set[str]] = defaultdict(set)
        roles: dict[str, set[str]] = defaultdict(set)
        for r in self.store.query(_ROLES):
            roles[str(r["s"])].add(str(r["i"]))
        for f in self.findings:
            if f.theme:
                for n in f.mentions:
                    themes[n].add(f.theme)
        features = sorted({t for n in csos + auths for t in g.nodes[n]["target_groups"]})
        theme_names = sorted({t for n in csos + auths for t in themes[n]})
        column = {("g", t): i for i, t in enumerate(features)}
        column.update({("t", t): len(features) + i for i, t in enumerate(theme_names)})

        def matrix(nodes: list[str]) -> sparse.csr_matrix:
            rows, cols = [], []
            for i, n in enumerate(nodes):
                for t in g.nodes[n]["target_groups"]:
                    rows.append(i)
                    cols.append(column[("g", t)])
                for t in themes[n]:
                    rows.append(i)
                    cols.append(column[("t", t)])
            return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(nodes), len(column)))

        nodes = list(g.nodes)
        position = {n: i for i, n in enumerate(nodes)}
        adjacency = nx.to_scipy_sparse_array(g, nodelist=nodes, weight=None, format="csr")
        c_rows = adjacency[[position[n] for n in csos]]
        a_cols = adjacency[:, [position[n] for n in auths]]
        shared = matrix(csos) @ matrix(auths).T
        common = (c_rows @ a_cols).tocsr()
        linked = (c_rows[:, [position[n] for n in auths]] > 0).tocsr()
        score = (shared + 0.5 * common.minimum(4)).tocsr()
        score = score - score.multiply(linked)  # pairs that already engage are not candidates
        score.eliminate_zeros()
        coo = score.tocoo()
        keep = np.asarray(shared[coo.row, coo.col]).ravel() > 0  # must share a group or a theme
        values, rows, cols = coo.data[keep], coo.row[keep], coo.col[keep]
        # Best score first, then by the CSO's and the authority's names (ranks, so it runs in numpy).
        c_rank = np.argsort(np.argsort([g.nodes[n]["name"] for n in csos], kind="stable"), kind="stable")
        a_rank = np.argsort(np.argsort([g.nodes[n]["name"] for n in auths], kind="stable"), kind="stable")
        picked = np.lexsort((a_rank[cols], c_rank[rows], -values))
        order = [(-values[k], rows[k], cols[k]) for k in (picked[:limit] if limit else picked)]
        for neg, i, j in order[:limit] if limit else order:
            c, a = csos[i], auths[j]
            groups = sorted(g.nodes[c]["target_groups"] & g.nodes[a]["target_groups"])
            both = sorted(themes[c] & themes[a])
            middle = sorted(set(g[c]) & set(g[a]), key=lambda n: g.nodes[n]["name"])
            cn, an = g.nodes[c]["name"], g.nodes[a]["name"]
            parts = []
            if groups:
                parts.append(f"both serve {', '.join(groups)}")
            if both:
                parts.append(f"both appear under {', '.join(repr(t) for t in both)}")
            reason = f"{cn} (CSO) and {an} (public authority) {' and '.join(parts)}, " \
                     f"but no engagement between them is recorded in the sources."
            if middle:
                reason += f" {_names(g, middle, 3)} work{'s' if len(middle) == 1 else ''} with both and could " \
                          f"introduce them."
            stated = self._stated(lambda f, a=a: a in f.mentions, self.absent_naming.get(c, ()))
            yield self._row("introduction-candidate", f"{cn} — {an}", reason, -neg, stated, source=c, target=a)

    def isolated(self) -> Iterable[dict]:
        g = self.graph
        for n in sorted(self.named, key=lambda n: g.nodes[n]["name"]):
            if g.degree(n):
                continue
            d = g.nodes[n]
            reason = (f"{d['name']} ({d['kind']}) is named in {_plural(d['documents'], 'document')}, "
                      f"but no engagement with anyone is recorded in the sources.")
            stated = self._stated(lambda f: True, self.absent_naming.get(n, ()))
            yield self._row("isolated-stakeholder", d["name"], reason, d["documents"], stated, source=n)

    def structural_holes(self, limit: int) -> Iterable[dict]:
        g = self.graph
        size = network.effective_size(g)
        tight = network.constraint(g, weight="engagements")
        # Spanning holes: at least three partners, at least half of them non-redundant.
        ranked = sorted((n for n in size if g.degree(n) >= 3 and not g.nodes[n]["generic"]
                         and size[n] >= max(2.0, g.degree(n) / 2)),
                        key=lambda n: (-size[n], tight[n], g.nodes[n]["name"]))
        for n in ranked[:limit] if limit else ranked:
            name, k = g.nodes[n]["name"], g.degree(n)
            reason = (f"{name} works with {k} partners who are seldom tied to one another (effective size "
                      f"{size[n]:.1f} of {k}, constraint {tight[n]:.2f}): it spans structural holes, and what passes "
                      f"between those partners depends on it.")
            yield self._row("structural-hole", name, reason, size[n], basis=STRUCTURE, source=n)

    def brokers(self, limit: int) -> Iterable[dict]:
        g = self.graph
        between = network.betweenness(g)
        how = (f"estimated from {network.SAMPLED_SOURCES} sampled starting points"
               if network.is_sampled(g) else "counted over all pairs")
        ranked = sorted((n for n in g if between[n] > 0 and not g.nodes[n]["generic"]),
                        key=lambda n: (-between[n], g.nodes[n]["name"]))
        for n in ranked[:limit] if limit else ranked:
            name = g.nodes[n]["name"]
            share = f"{between[n]:.0%}" if between[n] >= 0.1 else f"{between[n]:.1%}"
            reason = f"{name} lies on {share} of the shortest paths between other stakeholders ({how})."
            cut = network.cut_off_by(g, n)
            if cut:
                reason += (f" Without it, {_names(g, cut, 4)} would lose every recorded link to the rest of the "
                           f"network.")
            yield self._row("broker", name, reason, between[n], basis=STRUCTURE, source=n)

    def rows(self, kinds: set[str], limit: int) -> list[dict]:
        makers = {
            "target-group-without-cso-authority-link": self.target_groups,
            "authority-without-cso-partner": self.authorities_without_partner,
            "mode-never-used": self.modes,
            "challenge-not-addressed": self.challenges,
            "opportunity-without-owner": self.opportunities,
            "introduction-candidate": lambda: self.introductions(limit),
            "isolated-stakeholder": self.isolated,
            "structural-hole": lambda: self.structural_holes(limit),
            "broker": lambda: self.brokers(limit),
        }
        out = []
        for kind, make in makers.items():
            if kind in kinds:
                found = sorted(make(), key=lambda r: (-r["score"], r["subject"]))
                out += found[:limit] if limit else found
        return out


def gaps(facts: Facts, frame: pd.DataFrame, values: dict[str, str]) -> pd.DataFrame:
    """The ``gaps`` query's Python step: every gap, ranked within its kind."""
    kind = values.get("kind", "all")
    kinds = set(KINDS) if kind == "all" else {kind}
    try:
        limit = int(values.get("limit", "0"))
    except ValueError:
        from ..errors import QueryError

        raise QueryError(f"gaps: limit='{values['limit']}' is not a whole number (0 = no limit)") from None
    rows = Gaps(facts, frame).rows(kinds, max(limit, 0))
    return pd.DataFrame(rows, columns=COLUMNS)
