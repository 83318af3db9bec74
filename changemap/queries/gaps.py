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
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from ..graph.facts import Facts
from ..graph.project import network as projected
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



def stated_suffix(quote: str, document: str) -> str:
    """What a gap's reason ends with when a source states the absence.

    >>> stated_suffix("Nobody ever asked us.", "notes.md")
    ' A source says so: "Nobody ever asked us." (notes.md)'
    """
    return f' A source says so: "{quote}" ({document})'


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
    mentions: set[int] = field(default_factory=set)  # stakeholders (node numbers) named in the text or theme


class NameIndex:
    """Stakeholder names and aliases found in free text, by word n-grams.

    Names of two or more words match in any case; one-word names and
    acronyms match only as written, so "Trust" in a sentence is not a
    stakeholder called "TRUST"."""

    def __init__(self, names: Iterable[tuple[Hashable, str]]):
        self.keys: dict[tuple[str, ...], set[Hashable]] = defaultdict(set)
        for iri, name in names:
            words = tuple(_TOKENS.findall(name))
            if not words:
                continue
            key = tuple(w.casefold() for w in words) if len(words) > 1 else words
            self.keys[key].add(iri)
        self.longest = max((len(k) for k in self.keys), default=0)

    def find(self, text: str) -> set[Hashable]:
        words = _TOKENS.findall(text)
        folded = [w.casefold() for w in words]
        found: set[Hashable] = set()
        for i in range(len(words)):
            if (words[i],) in self.keys:
                found |= self.keys[(words[i],)]
            for n in range(2, min(self.longest, len(words) - i) + 1):
                hit = self.keys.get(tuple(folded[i:i + n]))
                if hit:
                    found |= hit
        return found


_ROLES = """SELECT ?s ?i WHERE { ?i a cm:Initiative . { ?i cm:runBy ?s } UNION { ?i cm:partner ?s } }"""
_MODES = """SELECT ?mode ?name ?label WHERE { ?m skos:inScheme cm:EngagementModes ; skos:prefLabel ?name ;
  skos:prefLabel|skos:altLabel ?label . BIND(STRAFTER(STR(?m), STR(mode:)) AS ?mode) }"""
# Target groups that engagements themselves name (the ontology allows it; the builder writes it only
# on initiatives today), read as one pattern and kept to engagements in pandas.
_ENGAGEMENT_GROUPS = """SELECT ?e ?group WHERE { ?e cm:targetGroup ?g . ?g skos:prefLabel ?group }"""
# The fact tables the step reads, slowest first.
TABLES = ("parties", "stakeholders", "aliases", "modes", "target-groups")


def _split(value: object) -> frozenset[str]:
    return frozenset(v for v in str(value).split("|") if v) if isinstance(value, str) else frozenset()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s" if not word.endswith("y") else f"{n} {word[:-1]}ies"


def _top(items: list[tuple], limit: int) -> list[tuple]:
    """``items`` sorted (their tuples order them), the first ``limit`` (0: all)."""
    items.sort()
    return items[:limit] if limit else items


class Gaps:
    """Works out every kind of gap from the store; :meth:`rows` gives them.

    The network is held as arrays (:class:`changemap.graph.project.Network`):
    node *i* is a stakeholder, and sets of nodes are numpy arrays, so each kind
    is a few vectorised steps; sentences are written only for the rows kept."""

    def __init__(self, facts: Facts, frame: pd.DataFrame, kinds: Iterable[str] = KINDS):
        self.facts = facts
        facts.prefetch(*TABLES)
        side = {name: facts.select(q) for name, q in
                (("roles", _ROLES), ("modes", _MODES), ("groups", _ENGAGEMENT_GROUPS))}
        # The findings first: they need only the names, read before the network's tables.
        self.index = NameIndex(self._names())
        self.findings = [
            Finding(str(r["iri"]), str(r["type"]), r["theme"] if isinstance(r["theme"], str) else "",
                    _split(r["strands"]), str(r["text"]), r["document"] if isinstance(r["document"], str) else "",
                    _split(r["about"]), bool(pd.notna(r["owned"]) and r["owned"] > 0),
                    _split(r["addressed_by"]))
            for r in frame.to_dict(orient="records")]
        named_in = [self.index.find(f.text) | self.index.find(f.theme) for f in self.findings]
        self.net = net = projected(facts, documents=False, evidence=False)
        # The longest measure runs on its own thread while the other kinds are worked out.
        self.between = (network.in_background(network.betweenness, net.igraph("engagements"))
                        if "broker" in kinds else None)
        self.side = {name: future.result() for name, future in side.items()}
        nodes = net.nodes
        self.name: list[str] = nodes["name"].tolist()
        self.kind = nodes["kind"].to_numpy(dtype=object)
        self.named = ~nodes["generic"].to_numpy(dtype=bool)
        self.is_cso = self.named & (self.kind == CSO)
        self.is_authority = self.named & (self.kind == AUTHORITY)
        self.csos = np.flatnonzero(self.is_cso)
        self.authorities = np.flatnonzero(self.is_authority)
        number = {iri: i for i, iri in enumerate(nodes["iri"].tolist())}
        for f, iris in zip(self.findings, named_in, strict=True):
            f.mentions = {number[i] for i in iris if i in number}
        # Findings that say a link is missing, by the stakeholders and groups they name.
        self.absent_naming: dict[int, list[Finding]] = defaultdict(list)
        self.absent_for_group: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            if states_absence(f.text):
                for n in f.mentions:
                    self.absent_naming[n].append(f)
                for t in f.strands:
                    self.absent_for_group[t].append(f)
        self.serving: dict[str, list[int]] = defaultdict(list)  # target group -> named stakeholders
        for n in np.flatnonzero(self.named).tolist():
            for t in net.groups[n]:
                self.serving[t].append(n)

    def _names(self) -> Iterable[tuple[str, str]]:
        """(IRI, name) for every label and alias of a named (not generic) stakeholder."""
        people = self.facts.stakeholders()
        people = people[~people["generic"]]
        yield from zip(people["iri"].tolist(), people["name"].tolist(), strict=True)
        aliases = self.facts["aliases"]
        aliases = aliases[aliases["iri"].isin(set(people["iri"])) & aliases["alias"].map(lambda a: isinstance(a, str))]
        yield from zip(aliases["iri"].tolist(), aliases["alias"].tolist(), strict=True)

    def _list(self, nodes: Iterable[int], limit: int = 5) -> str:
        """Up to ``limit`` of the nodes' names, sorted, and how many more."""
        names = sorted(self.name[n] for n in nodes)
        more = f" and {len(names) - limit} more" if len(names) > limit else ""
        return ", ".join(names[:limit]) + more

    def _iri(self, n: int) -> str:
        return str(self.net.nodes["iri"].iat[n])

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
            reason += stated_suffix(stated.text, stated.document)
        return {"kind": kind, "subject": subject, "reason": reason, "score": round(float(score), 3),
                "basis": basis, "quote": quote, "document": document, "source_iri": source, "target_iri": target}

    # -- the kinds -----------------------------------------------------------

    def target_groups(self, limit: int) -> Iterable[dict]:
        engaged = self._groups_engaged_between()
        near_authority = (self.net.adjacency() @ self.is_authority.astype(np.int32)) > 0
        found = []
        for group in sorted(self.serving):
            csos = [n for n in self.serving[group] if self.is_cso[n]]
            if csos and group not in engaged and not near_authority[csos].any():
                found.append((-len(csos), group, csos))
        for _, group, csos in _top(found, limit):
            authorities = [n for n in self.serving[group] if self.is_authority[n]]
            who = f"{_plural(len(csos), 'CSO')} serve{'s' if len(csos) == 1 else ''} {group} ({self._list(csos)})"
            reason = f"{who}, but no engagement between them and a public authority is recorded in the sources."
            if authorities:
                reason += f" Public authorities that serve {group}: {self._list(authorities)}."
            stated = self._stated(lambda f: True, self.absent_for_group.get(group, ()))
            yield self._row("target-group-without-cso-authority-link", group, reason, len(csos), stated)

    def _groups_engaged_between(self) -> set[str]:
        """Target groups named by an engagement with a CSO and a public authority among its parties."""
        groups = self.side["groups"]
        groups = groups[groups["e"].astype(str).isin(self.facts.engagements()["engagement"])]
        if groups.empty:
            return set()
        parties = self.facts["parties"]
        kind = dict(zip(self.net.nodes["iri"].tolist(), self.kind.tolist(), strict=True))
        kinds: dict[str, set[str]] = defaultdict(set)
        for e, p in zip(parties["engagement"].tolist(), parties["party"].tolist(), strict=True):
            kinds[e].add(kind.get(p, ""))
        return {str(t) for e, t in zip(groups["e"].tolist(), groups["group"].tolist(), strict=True)
                if {CSO, AUTHORITY} <= kinds.get(str(e), set())}

    def authorities_without_partner(self, limit: int) -> Iterable[dict]:
        membership, groups = self.net.membership()
        csos = membership.multiply(self.is_cso[:, None]).tocsr()  # node × group: named CSOs serving it
        csos.eliminate_zeros()
        serving = np.asarray(csos.sum(axis=0)).ravel()
        rows = self.authorities
        near = (self.net.adjacency()[rows] @ csos) > 0  # authority × group: engages a CSO serving it
        served = membership[rows]
        missing = (served - served.multiply(near)).tocoo()
        found = [(-int(serving[j]), f"{self.name[rows[i]]} — {groups[j]}", int(rows[i]), groups[j], int(j))
                 for i, j in zip(missing.row.tolist(), missing.col.tolist(), strict=True)]
        members = csos.tocsc()
        for neg, subject, a, group, j in _top(found, limit):
            name = self.name[a]
            if neg:
                partners = members.indices[members.indptr[j]:members.indptr[j + 1]]
                reason = (f"{name} serves {group}, but no engagement with any of the "
                          f"{_plural(-neg, 'CSO')} serving it ({self._list(partners)}) is recorded in the sources.")
            else:
                reason = (f"{name} serves {group}, and no CSO in the sources serves it: "
                          f"a partner would have to be found outside them.")
            stated = self._stated(lambda f, group=group: not f.strands or group in f.strands,
                                  self.absent_naming.get(a, ()))
            yield self._row("authority-without-cso-partner", subject, reason, -neg, stated, source=self._iri(a))

    def modes(self, limit: int) -> Iterable[dict]:
        labels: dict[str, set[str]] = defaultdict(set)
        names: dict[str, str] = {}
        side = self.side["modes"]
        for mode, name, label in zip(side["mode"], side["name"], side["label"], strict=True):
            labels[str(mode)].add(str(label).casefold())
            names[str(mode)] = str(name).casefold()
        edges, kind = self.net.edges, self.kind
        ka, kb = kind[edges["a"].to_numpy()], kind[edges["b"].to_numpy()]
        crossing = ((ka == CSO) & (kb == AUTHORITY)) | ((ka == AUTHORITY) & (kb == CSO))
        rows = self.net.modes
        on_crossing = crossing[rows["edge"].to_numpy()]
        between = Counter(rows["mode"][on_crossing].tolist())
        elsewhere = Counter(rows["mode"][~on_crossing].tolist())
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

    def challenges(self, limit: int) -> Iterable[dict]:
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

    def opportunities(self, limit: int) -> Iterable[dict]:
        for f in self.findings:
            if f.type != "opportunity" or f.owned or f.mentions or f.about:
                continue
            where = f' under "{f.theme}"' if f.theme else ""
            reason = f"The opportunity{where} names no organisation or initiative to take it forward."
            yield self._row("opportunity-without-owner", f.text, reason, 1 + len(f.strands), quote=f.text,
                            document=f.document)

    def introductions(self, limit: int) -> Iterable[dict]:
        """CSO × authority pairs without an engagement, scored by sparse products."""
        csos, auths = self.csos, self.authorities
        if not len(csos) or not len(auths):
            return
        themes: dict[int, set[str]] = defaultdict(set)
        for f in self.findings:
            if f.theme:
                for n in f.mentions:
                    themes[n].add(f.theme)
        membership, _ = self.net.membership()
        theme_names = sorted({t for ts in themes.values() for t in ts})
        column = {t: j for j, t in enumerate(theme_names)}
        pairs = [(n, column[t]) for n, ts in themes.items() for t in ts]
        by_theme = sparse.csr_matrix((np.ones(len(pairs)), ([p[0] for p in pairs], [p[1] for p in pairs])),
                                     shape=(len(self.net), len(theme_names)))
        features = sparse.hstack([membership.astype(float), by_theme], format="csr")
        adjacency = self.net.adjacency()
        c_rows = adjacency[csos]
        shared = (features[csos] @ features[auths].T).tocsr()  # groups and themes in common
        shared.eliminate_zeros()
        # Candidates are the pairs that share something: common partners are counted on those only.
        common = (c_rows @ adjacency[:, auths]).minimum(4).multiply(shared > 0)
        linked = (c_rows[:, auths] > 0).tocsr()
        score = (shared + 0.5 * common).tocsr()
        score = score - score.multiply(linked)  # pairs that already engage are not candidates
        score.eliminate_zeros()
        coo = score.tocoo()
        values, rows, cols = coo.data, coo.row, coo.col
        if limit and len(values) > limit:  # the best `limit` scores, and every pair that ties with the last
            keep = values >= -np.partition(-values, limit - 1)[limit - 1]
            values, rows, cols = values[keep], rows[keep], cols[keep]
        # Best score first, then by the CSO's and the authority's names (ranks, so it runs in numpy).
        c_rank = np.argsort(np.argsort([self.name[n] for n in csos], kind="stable"), kind="stable")
        a_rank = np.argsort(np.argsort([self.name[n] for n in auths], kind="stable"), kind="stable")
        picked = np.lexsort((a_rank[cols], c_rank[rows], -values))
        for k in (picked[:limit] if limit else picked).tolist():
            c, a = int(csos[rows[k]]), int(auths[cols[k]])
            groups = sorted(self.net.groups[c] & self.net.groups[a])
            both = sorted(themes[c] & themes[a])
            middle = np.intersect1d(self.net.neighbours(c), self.net.neighbours(a))
            cn, an = self.name[c], self.name[a]
            parts = []
            if groups:
                parts.append(f"both serve {', '.join(groups)}")
            if both:
                parts.append(f"both appear under {', '.join(repr(t) for t in both)}")
            reason = f"{cn} (CSO) and {an} (public authority) {' and '.join(parts)}, " \
                     f"but no engagement between them is recorded in the sources."
            if len(middle):
                reason += f" {self._list(middle, 3)} work{'s' if len(middle) == 1 else ''} with both and could " \
                          f"introduce them."
            stated = self._stated(lambda f, a=a: a in f.mentions, self.absent_naming.get(c, ()))
            yield self._row("introduction-candidate", f"{cn} — {an}", reason, values[k], stated,
                            source=self._iri(c), target=self._iri(a))

    def isolated(self, limit: int) -> Iterable[dict]:
        alone = np.flatnonzero(self.named & (self.net.degree() == 0))
        if not len(alone):
            return
        iris = self.net.nodes["iri"].to_numpy(dtype=object)
        table = self.facts.only("stakeholder-documents", "iri", iris[alone].tolist())
        counts = dict(zip(table["iri"].tolist(), table["documents"].astype(int).tolist(), strict=True))
        documents = [counts.get(iris[n], 0) for n in alone.tolist()]
        found = [(-d, self.name[n], n) for n, d in zip(alone.tolist(), documents, strict=True)]
        for neg, name, n in _top(found, limit):
            reason = (f"{name} ({self.kind[n]}) is named in {_plural(-neg, 'document')}, "
                      f"but no engagement with anyone is recorded in the sources.")
            stated = self._stated(lambda f: True, self.absent_naming.get(n, ()))
            yield self._row("isolated-stakeholder", name, reason, -neg, stated, source=self._iri(n))

    def structural_holes(self, limit: int) -> Iterable[dict]:
        g = self.net.igraph("engagements")
        size = network.effective_size(g)
        tight = network.constraint(g, weight="engagements")
        degree = self.net.degree()
        nodes = np.fromiter(size.keys(), dtype=int, count=len(size))
        sizes = np.fromiter(size.values(), dtype=float, count=len(size))
        # Spanning holes: at least three partners, at least half of them non-redundant.
        spanning = (degree[nodes] >= 3) & self.named[nodes] & (sizes >= np.maximum(2.0, degree[nodes] / 2))
        found = [(-size[n], tight[n], self.name[n], n) for n in nodes[spanning].tolist()]
        for _, _, name, n in _top(found, limit):
            k = int(degree[n])
            reason = (f"{name} works with {k} partners who are seldom tied to one another (effective size "
                      f"{size[n]:.1f} of {k}, constraint {tight[n]:.2f}): it spans structural holes, and what passes "
                      f"between those partners depends on it.")
            yield self._row("structural-hole", name, reason, size[n], basis=STRUCTURE, source=self._iri(n))

    def brokers(self, limit: int) -> Iterable[dict]:
        g = self.net.igraph("engagements")
        between = self.between.result() if self.between is not None else network.betweenness(g)
        how = (f"estimated from sampled shortest paths, to within {network.BETWEENNESS_ERROR:.1%} with "
               f"{1 - network.BETWEENNESS_DELTA:.0%} confidence" if network.is_sampled(g) else "counted over all pairs")
        found = [(-b, self.name[n], n) for n, b in between.items() if b > 0 and self.named[n]]
        for neg, name, n in _top(found, limit):
            share = f"{-neg:.0%}" if -neg >= 0.1 else f"{-neg:.1%}"
            reason = f"{name} lies on {share} of the shortest paths between other stakeholders ({how})."
            cut = network.cut_off_by(g, n)
            if cut:
                reason += (f" Without it, {self._list(cut, 4)} would lose every recorded link to the rest of the "
                           f"network.")
            yield self._row("broker", name, reason, -neg, basis=STRUCTURE, source=self._iri(n))

    def rows(self, kinds: set[str], limit: int) -> list[dict]:
        makers = {
            "target-group-without-cso-authority-link": self.target_groups,
            "authority-without-cso-partner": self.authorities_without_partner,
            "mode-never-used": self.modes,
            "challenge-not-addressed": self.challenges,
            "opportunity-without-owner": self.opportunities,
            "introduction-candidate": self.introductions,
            "isolated-stakeholder": self.isolated,
            "structural-hole": self.structural_holes,
            "broker": self.brokers,
        }
        out = []
        for kind, make in makers.items():
            if kind in kinds:
                found = sorted(make(limit), key=lambda r: (-r["score"], r["subject"]))
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
    rows = Gaps(facts, frame, kinds).rows(kinds, max(limit, 0))
    return pd.DataFrame(rows, columns=COLUMNS)
