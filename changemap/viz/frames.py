"""The map's and the report's tables, read straight from a build's graph.

``changemap build`` already holds its graph in memory as
:class:`~changemap.graph.quads.Quads`; loading it into Oxigraph only to run
three queries for the map and the report cost more than everything else
after extraction (2.4 s to load 900,000 triples, 2.5 s for the queries).
These functions give the same rows as the named queries ``stakeholders``
and ``engagements`` and the map's evidence query, computed from the merged
graph in Python.  ``tests/test_viz_frames.py`` holds them equal to the
SPARQL results; anything reading a built folder (``changemap map -g``,
``changemap query``) still runs the SPARQL on the store.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import product
from operator import itemgetter

import pandas as pd

from ..graph.quads import Subjects
from ..graph.store import text_value as _value
from ..graph.terms import iri_value, is_iri, split_literal
from ..ontology.namespaces import (
    APPROVAL,
    CM,
    DCTERMS,
    DIRECTION,
    DRIVER,
    FOAF,
    ITYPE,
    KIND,
    MODE,
    OA,
    PROV,
    RDF,
    RDFS,
    SEM,
    SENTIMENT,
    SKOS,
)
from ..queries import get
from ..queries.tables import finish

_TYPE, _LABEL = f"<{RDF}type>", f"<{RDFS}label>"
_STAKEHOLDER, _ENGAGEMENT = f"<{CM}Stakeholder>", f"<{CM}Engagement>"
_KIND, _ALT, _SERVES, _PREF = f"<{CM}kind>", f"<{SKOS}altLabel>", f"<{CM}servesTargetGroup>", f"<{SKOS}prefLabel>"
_PARTY, _MODE, _SENTIMENT, _YEAR = (f"<{CM}{x}>" for x in ("party", "mode", "sentiment", "year"))
_DERIVED, _QUOTED_FROM, _IDENTIFIER = f"<{PROV}wasDerivedFrom>", f"<{PROV}wasQuotedFrom>", f"<{DCTERMS}identifier>"
_QUOTE, _APPROVAL, _SELECTOR = f"<{CM}quote>", f"<{CM}approval>", f"<{OA}hasSelector>"
_POSITION, _START, _END = f"<{OA}TextPositionSelector>", f"<{OA}start>", f"<{OA}end>"
_INITIATIVE, _MOMENT = f"<{CM}Initiative>", f"<{CM}PivotalMoment>"
_RUN_BY, _PARTNER, _TARGET_GROUP, _ITYPE = (f"<{CM}{x}>" for x in ("runBy", "partner", "targetGroup", "initiativeType"))
_DIRECTION, _DRIVER, _OUTCOME = f"<{CM}direction>", f"<{CM}driver>", f"<{CM}outcome>"
_STAMP, _ACTOR = f"<{SEM}hasTimeStamp>", f"<{SEM}hasActor>"
_SPEAKER, _NICK, _TITLE, _INTERVIEWEE = f"<{CM}speaker>", f"<{FOAF}nick>", f"<{DCTERMS}title>", f"<{CM}interviewee>"
#: The classes whose quotes the map shows.
EVIDENCED = (_STAKEHOLDER, _ENGAGEMENT, _INITIATIVE, _MOMENT)


class Tables:
    """The map's and the report's tables from one merged graph (subject → sorted pairs).

    >>> from changemap.graph.quads import Quads
    >>> t = Tables(Quads.of([]).merged())
    >>> len(t.stakeholders()), t.evidence()
    (0, {})
    """

    def __init__(self, subjects: Subjects, by_predicate: dict[str, list[tuple[str, str]]] | None = None):
        """``by_predicate``: :meth:`~changemap.graph.quads.Quads.by_predicate`, if made already."""
        self.subjects = subjects
        self._typed: dict[str, list[str]] | None = None
        if by_predicate is not None:
            self._typed = {}
            for s, o in by_predicate.get(_TYPE, ()):
                self._typed.setdefault(o, []).append(s)
        self._values: dict[str, object] = {}

    def values(self, s: str, p: str) -> list[str]:
        """The objects of ``p`` at ``s`` (pairs are sorted: bisect to the first)."""
        pairs = self.subjects.get(s)
        if not pairs:
            return []
        i = bisect_left(pairs, (p,))
        out = []
        while i < len(pairs) and pairs[i][0] == p:
            out.append(pairs[i][1])
            i += 1
        return out

    def value(self, term: str) -> object:
        """:func:`~changemap.graph.store.text_value`, remembered (labels and documents recur)."""
        found = self._values.get(term)
        if found is None:
            found = self._values[term] = _value(term)
        return found

    def typed(self, cls: str) -> list[str]:
        """Subjects with an explicit rdf:type ``cls`` (as ``?x a cls`` matches)."""
        if self._typed is None:
            self._typed = {}
            for s, pairs in self.subjects.items():
                i = bisect_left(pairs, (_TYPE,))
                while i < len(pairs) and pairs[i][0] == _TYPE:
                    self._typed.setdefault(pairs[i][1], []).append(s)
                    i += 1
        return self._typed.get(cls, [])

    def stakeholder_rows(self) -> list[dict]:
        """The rows of the ``stakeholders`` query, before they are ordered."""
        values = self.values
        partners: dict[str, set[str]] = {}
        for e in self.typed(_ENGAGEMENT):
            parties = values(e, _PARTY)
            for a, b in product(parties, parties):
                if a != b:
                    partners.setdefault(a, set()).add(b)
        rows = {}
        for s in self.typed(_STAKEHOLDER):
            aliases = list(dict.fromkeys(self.value(a) for a in values(s, _ALT)))
            groups = list(dict.fromkeys(self.value(t) for c in values(s, _SERVES) for t in values(c, _PREF)))
            documents = {d for ev in values(s, _DERIVED) for d in values(ev, _QUOTED_FROM)}
            for label, kind in product(values(s, _LABEL), values(s, _KIND)):
                row = {"iri": iri_value(s), "name": self.value(label), "kind": _after(kind, KIND),
                       "aliases": "; ".join(sorted(set(aliases))),
                       "target_groups": "; ".join(sorted(set(groups))),
                       "degree": len(partners.get(s, ())), "documents": len(documents)}
                rows[tuple(row.values())] = row
        return sorted(rows.values(), key=lambda r: (r["name"], r["iri"], r["kind"]))

    def engagement_rows(self) -> list[dict]:
        """The rows of the ``engagements`` query, before they are ordered."""
        values = self.values
        rows = {}
        for e in self.typed(_ENGAGEMENT):
            evidence = set(values(e, _DERIVED))
            if not evidence:
                continue
            years = [int(y) for y in (split_literal(t)[0] for t in values(e, _YEAR)) if _is_int(y)]
            first, last = (min(years), max(years)) if years else (None, None)
            sentiments = [_after(s, SENTIMENT) for s in values(e, _SENTIMENT)] or [None]
            parties = values(e, _PARTY)
            for m, a, b in product(values(e, _MODE), parties, parties):
                if not iri_value(a) < iri_value(b):
                    continue
                for sl, sk, tl, tk, sentiment in product(values(a, _LABEL), values(a, _KIND),
                                                         values(b, _LABEL), values(b, _KIND), sentiments):
                    row = {"iri": iri_value(e), "source": self.value(sl), "source_kind": _after(sk, KIND),
                           "target": self.value(tl), "target_kind": _after(tk, KIND), "mode": _after(m, MODE),
                           "sentiment": sentiment, "evidence_count": len(evidence), "first_year": first,
                           "last_year": last, "source_iri": iri_value(a), "target_iri": iri_value(b)}
                    rows[tuple(row.values())] = row
        return sorted(rows.values(),
                      key=lambda r: (r["source"], r["target"], r["mode"], r["iri"], str(r["sentiment"])))

    def evidence(self) -> dict[str, list[dict]]:
        """Stakeholder, engagement, initiative or pivotal moment IRI → its distinct
        quotes (quote, doc, start, end, approved, speaker), by document and position.

        ``speaker`` is the pseudonym (``foaf:nick``) of whoever the quote is
        attributed to, several joined by "; ", or None.
        """
        values = self.values
        approved = f"{APPROVAL}approved"
        found: dict[str, list[tuple]] = {}  # evidence → (sort key, entry) for each of its quotes
        out: dict[str, list[dict]] = {}
        for node in [n for cls in EVIDENCED for n in self.typed(cls)]:
            entries = []
            for ev in values(node, _DERIVED):
                if ev not in found:
                    found[ev] = self._quotes(ev, approved)
                entries += found[ev]
            if entries:
                entries.sort(key=itemgetter(0))
                out[iri_value(node)] = [e for i, (key, e) in enumerate(entries) if i == 0 or key != entries[i - 1][0]]
        return out

    def _quotes(self, ev: str, approved: str) -> list[tuple]:
        """(sort key, map entry) for each quote, document, span and approval of evidence ``ev``."""
        values, value, graph = self.values, self.value, self.subjects
        own: dict[str, list[str]] = {_QUOTE: [], _QUOTED_FROM: [], _SELECTOR: [], _APPROVAL: [], _SPEAKER: []}
        for p, o in graph.get(ev, ()):
            if p in own:
                own[p].append(o)
        spans = [(value(start), value(end)) for sel in own[_SELECTOR] if (_TYPE, _POSITION) in graph.get(sel, ())
                 for start in values(sel, _START) for end in values(sel, _END)]
        docs = [value(i) for d in own[_QUOTED_FROM] for i in values(d, _IDENTIFIER)]
        speaker = "; ".join(sorted({value(n) for p in own[_SPEAKER] for n in values(p, _NICK)})) or None
        return [((doc, start, end, quote, a), {"quote": quote, "doc": doc, "start": start, "end": end,
                                                "approved": a == approved, "speaker": speaker})
                for quote, doc, (start, end), a in product([value(q) for q in own[_QUOTE]], docs, spans,
                                                           [value(a) for a in own[_APPROVAL]])]

    def initiative_rows(self) -> list[dict]:
        """Initiatives: iri, name, type (key or None), owners and partners (stakeholder
        IRIs), target groups (concept IRIs); by name."""
        values, rows = self.values, []
        for i in self.typed(_INITIATIVE):
            kinds = [_after(t, ITYPE) for t in values(i, _ITYPE)]
            for label in values(i, _LABEL)[:1]:
                rows.append({"iri": iri_value(i), "name": self.value(label), "type": (kinds or [None])[0],
                             "owners": sorted(iri_value(o) for o in values(i, _RUN_BY)),
                             "partners": sorted(iri_value(o) for o in values(i, _PARTNER)),
                             "target_groups": sorted(iri_value(t) for t in values(i, _TARGET_GROUP))})
        return sorted(rows, key=lambda r: (r["name"], r["iri"]))

    def moment_rows(self) -> list[dict]:
        """Pivotal moments: iri, label, date (text or None), direction (key), drivers (keys),
        actors (stakeholder IRIs), outcomes (texts); by date (undated last), then label."""
        values, rows = self.values, []
        for m in self.typed(_MOMENT):
            dates = sorted(str(self.value(t)) for t in values(m, _STAMP))
            directions = [_after(d, DIRECTION) for d in values(m, _DIRECTION)]
            for label in values(m, _LABEL)[:1]:
                rows.append({"iri": iri_value(m), "label": self.value(label), "date": (dates or [None])[0],
                             "direction": (directions or [""])[0],
                             "drivers": sorted(_after(d, DRIVER) for d in values(m, _DRIVER)),
                             "actors": sorted(iri_value(a) for a in values(m, _ACTOR)),
                             "outcomes": sorted(str(self.value(o)) for o in values(m, _OUTCOME))})
        return sorted(rows, key=lambda r: (r["date"] is None, r["date"] or "", r["label"], r["iri"]))

    def target_groups(self) -> dict[str, str]:
        """Target group concept IRI → its preferred label, for every group a
        stakeholder serves or an initiative targets."""
        out = {}
        for s in [*self.typed(_STAKEHOLDER), *self.typed(_INITIATIVE)]:
            for c in [*self.values(s, _SERVES), *self.values(s, _TARGET_GROUP)]:
                if c not in out:
                    labels = self.values(c, _PREF)
                    out[c] = str(self.value(labels[0])) if labels else _after(c, "/target-group/")
        return {iri_value(c): label for c, label in sorted(out.items())}

    def served(self) -> dict[str, list[str]]:
        """Stakeholder IRI → the target group IRIs it serves."""
        return {iri_value(s): sorted(iri_value(c) for c in self.values(s, _SERVES))
                for s in self.typed(_STAKEHOLDER) if self.values(s, _SERVES)}

    def documents(self) -> dict[str, dict]:
        """Document identifier → its title and its interviewee's pseudonym (or None)."""
        out = {}
        for d in self.typed(f"<{CM}SourceDocument>"):
            for ident in self.values(d, _IDENTIFIER)[:1]:
                titles = self.values(d, _TITLE)
                nicks = sorted(str(self.value(n)) for p in self.values(d, _INTERVIEWEE) for n in self.values(p, _NICK))
                out[str(self.value(ident))] = {"title": str(self.value(titles[0])) if titles else "",
                                               "interviewee": "; ".join(nicks) or None}
        return out

    def stakeholders(self, keep_iris: bool = True) -> pd.DataFrame:
        """What ``run("stakeholders", store, keep_iris=...)`` returns."""
        return _frame("stakeholders", self.stakeholder_rows(), keep_iris)

    def engagements(self, keep_iris: bool = True) -> pd.DataFrame:
        """What ``run("engagements", store, keep_iris=...)`` returns."""
        return _frame("engagements", self.engagement_rows(), keep_iris)


def _after(term: str, namespace: str) -> str:
    """SPARQL's STRAFTER(STR(term), namespace)."""
    text = iri_value(term) if is_iri(term) else split_literal(term)[0]
    return text.split(namespace, 1)[1] if namespace in text else ""


def _is_int(text: str) -> bool:
    digits = text[1:] if text[:1] in ("+", "-") else text
    return digits.isascii() and digits.isdigit()


def _frame(name: str, rows: list[dict], keep_iris: bool) -> pd.DataFrame:
    """Rows as :func:`changemap.queries.run` gives them: the query's column types and order."""
    frame = finish(name, pd.DataFrame(rows))
    if not keep_iris:
        frame = frame.drop(columns=[c for c in get(name).hidden if c in frame.columns])
    return frame.reset_index(drop=True)
