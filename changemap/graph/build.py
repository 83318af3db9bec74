"""Records → RDF quads, one named graph per source document.

Every extracted node is ``prov:wasDerivedFrom`` its evidence; every evidence
names its document, quote and character span.  A node's type and label are
written into the graph of each document that supports it, so any one
document's graph can be read on its own; its other attributes go into the
graph of its first (most authoritative) evidence.

>>> from changemap.model import Extraction
>>> len(build(Extraction()))
0
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..model import Evidence, Extraction
from ..ontology.lexicon import concept_iri
from ..ontology.namespaces import CM, DCTERMS, FOAF, OA, ORG, PROV, RDF, RDFS, SEM, SKOS, XSD
from . import iri, terms
from .quads import Pairs, Quads, Subjects
from .recording import write_recording

KIND_CLASS = {
    "cso": CM + "CivilSocietyOrganisation",
    "public-authority": CM + "PublicAuthority",
    "international-body": CM + "InternationalBody",
    "private": CM + "PrivateOrganisation",
    "other": CM + "OtherOrganisation",
}
TYPE = ox.NamedNode(RDF + "type")
LABEL = ox.NamedNode(RDFS + "label")
DERIVED = ox.NamedNode(PROV + "wasDerivedFrom")
# Predicates and classes of the rows written for every quote, rendered once.
_TYPE, _LABEL, _DERIVED = (terms.iri(x) for x in (RDF + "type", RDFS + "label", PROV + "wasDerivedFrom"))
_EVIDENCE, _QUOTED_FROM, _QUOTE = (terms.iri(x) for x in (CM + "Evidence", PROV + "wasQuotedFrom", CM + "quote"))
_HAS_SELECTOR, _POSITION_SELECTOR, _QUOTE_SELECTOR = (
    terms.iri(OA + x) for x in ("hasSelector", "TextPositionSelector", "TextQuoteSelector"))
_START, _END, _EXACT, _PREFIX, _SUFFIX = (terms.iri(OA + x) for x in ("start", "end", "exact", "prefix", "suffix"))
_APPROVAL, _SPEAKER, _EXTRACTED_BY, _CONFIDENCE, _TOPIC = (
    terms.iri(CM + x) for x in ("approval", "speaker", "extractedBy", "confidence", "topic"))


def N(value: str) -> ox.NamedNode:  # noqa: N802 - reads like the RDF term it makes
    return ox.NamedNode(value)


def lit(value: object, datatype: str | None = None) -> ox.Literal:
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=N(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=N(XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(f"{value:.3f}", datatype=N(XSD + "decimal"))
    if datatype:
        return ox.Literal(str(value), datatype=N(datatype))
    return ox.Literal(str(value))


def _memo(func):
    """``func`` with its results remembered (for one build)."""
    found: dict = {}

    def call(arg):
        value = found.get(arg)
        if value is None:
            value = found[arg] = func(arg)
        return value
    return call


def date_literal(value: str) -> ox.Literal:
    """'2019' → xsd:gYear, '2019-03' → xsd:gYearMonth, else xsd:date."""
    kind = {4: "gYear", 7: "gYearMonth"}.get(len(value), "date")
    return lit(value, XSD + kind)


class _Quads:
    """The quads being built: graph → subject → (predicate, object) pairs of
    N-Triples terms (see :mod:`.quads` and :mod:`.terms`).

    ``add`` takes IRIs as ``str`` and objects as ``str`` (an IRI) or an
    Oxigraph term; rendered IRIs are cached, since a few thousand recur on
    most rows.
    """

    def __init__(self, doc_graphs: dict[str, ox.NamedNode], doc_keys: dict[str, str]):
        self.doc_graphs = doc_graphs
        self.doc_keys = doc_keys
        self.cited: dict[str, list[Evidence]] = {}
        self.approved_quotes: set[str] = set()
        self._iris: dict[str, str] = {}
        self._graph_of = {key: str(g) for key, g in doc_graphs.items()}
        self.graphs: dict[str, Subjects] = {g: {} for g in self._graph_of.values()}
        self.in_order: set[str] = set()  # subjects whose pairs were written sorted and distinct

    def _iri(self, value: str) -> str:
        text = self._iris.get(value)
        if text is None:
            text = self._iris[value] = terms.iri(value)
        return text

    def _subject(self, g: str, s: str) -> Pairs:
        subjects = self.graphs.setdefault(g, {})
        pairs = subjects.get(s)
        if pairs is None:
            pairs = subjects[s] = []
        return pairs

    def add(self, s: str, p: str, o: ox.NamedNode | ox.Literal | str, g: ox.NamedNode | str) -> None:
        obj = self._iri(o) if type(o) is str else str(o)
        graph = g if type(g) is str else self._iri(g.value)
        self._subject(graph, self._iri(s)).append((self._iri(p), obj))

    def evidence(self, ev: Evidence) -> str:
        """Note ``ev`` for writing; the same span cited twice is one Evidence node."""
        node = iri.evidence(ev, self.doc_keys)
        self.cited.setdefault(node, []).append(ev)
        return node

    def write_evidence(self, speakers: dict[str, str]) -> None:
        """One node per cited span; several extractors citing it are all named,
        with the highest confidence among them.

        This writes most of a graph's quads (about twenty per quote), so it
        renders them directly rather than through :meth:`add`, and lists each
        node's pairs already in sorted order (predicates by IRI, then objects),
        so that :meth:`quads` need not sort them again.
        """
        approved_iri, pending_iri = (terms.iri(concept_iri("approval", k)) for k in ("approved", "pending"))
        speaker_iris = {k: terms.iri(v) for k, v in speakers.items()}
        literal, escape = terms.literal, terms.escape
        for node, evs in self.cited.items():
            ev = evs[0]
            g = self._graph_of[ev.document]
            subjects = self.graphs[g]
            n, pos, sel = terms.iri(node), f"<{node}#position>", f"<{node}#quote>"
            quote = f'"{escape(ev.quote)}"'
            approved = any(e.approved for e in evs) or \
                f"{ev.document}#{ev.start}-{ev.end}" in self.approved_quotes
            pairs = [(_TYPE, _EVIDENCE), (_HAS_SELECTOR, pos), (_HAS_SELECTOR, sel), (_QUOTED_FROM, g),
                     (_APPROVAL, approved_iri if approved else pending_iri),
                     (_CONFIDENCE, literal(float(max(e.confidence for e in evs))))]
            pairs += [(_EXTRACTED_BY, t) for t in sorted({literal(e.extracted_by) for e in evs if e.extracted_by})]
            pairs.append((_QUOTE, quote))
            pairs += [(_SPEAKER, t) for t in sorted({speaker_iris[e.speaker] for e in evs if e.speaker in speakers})]
            if topic := next((e.topic for e in evs if e.topic), None):  # cm:topic sorts last
                pairs.append((_TOPIC, terms.iri(concept_iri("topic", topic))))
            quoted = [(_TYPE, _QUOTE_SELECTOR), (_EXACT, quote)]
            if ev.prefix:
                quoted.append((_PREFIX, f'"{escape(ev.prefix)}"'))
            if ev.suffix:
                quoted.append((_SUFFIX, f'"{escape(ev.suffix)}"'))
            subjects[n] = pairs
            subjects[pos] = [(_TYPE, _POSITION_SELECTOR), (_END, literal(ev.end)), (_START, literal(ev.start))]
            subjects[sel] = quoted
            self.in_order.update((n, pos, sel))

    def entity(self, node: str, types: Iterable[str], label: str | None,
               evidence: list[Evidence], attributes: Iterable[tuple[str, object]]) -> None:
        """Type, label and provenance per supporting document; attributes once."""
        n = self._iri(node)
        stated = [(_TYPE, self._iri(t)) for t in types]
        if label is not None:
            stated.append((_LABEL, terms.literal(label)))
        for ev in evidence:
            pairs = self._subject(self._graph_of[ev.document], n)
            pairs += stated
            pairs.append((_DERIVED, self._iri(self.evidence(ev))))
        pairs = self._subject(self._graph_of[evidence[0].document], n)
        for p, o in attributes:
            obj = str(o) if isinstance(o, ox.Literal | ox.NamedNode) else self._iri(str(o))
            pairs.append((self._iri(p), obj))

    def quads(self) -> Quads:
        """What was added, as :class:`Quads` (pairs sorted, repeats dropped)."""
        done = self.in_order
        for subjects in self.graphs.values():
            for s, pairs in subjects.items():
                if s not in done:
                    subjects[s] = sorted(set(pairs))
        return Quads({g: s for g, s in self.graphs.items() if s})


def build(ex: Extraction) -> Quads:
    """All quads for a resolved extraction, sorted for stable output."""
    stakeholder_iri = _memo(iri.stakeholder)  # a name recurs in every engagement it is party to
    doc_keys = {d.key: iri.document_key(d.key, d.sha256) for d in ex.documents}
    doc_graphs = {d.key: N(iri.document(d)) for d in ex.documents}
    q = _Quads(doc_graphs, doc_keys)
    q.approved_quotes = ex.approved_quotes

    for d in ex.documents:
        g = doc_graphs[d.key]
        node = g.value
        q.add(node, RDF + "type", CM + "SourceDocument", g)
        q.add(node, DCTERMS + "title", lit(d.title), g)
        q.add(node, DCTERMS + "identifier", lit(d.key), g)
        q.add(node, DCTERMS + "format", lit(d.media_type), g)
        q.add(node, CM + "sha256", lit(d.sha256), g)
        q.add(node, CM + "documentKind", concept_iri("document_kind", d.kind), g)
        if d.metadata.get("date"):
            q.add(node, DCTERMS + "date", lit(str(d.metadata["date"])), g)
        if d.metadata.get("country"):
            q.add(node, DCTERMS + "spatial", lit(str(d.metadata["country"])), g)
        if d.metadata.get("consent"):
            q.add(node, CM + "consent", lit(str(d.metadata["consent"])), g)

    speakers = {p.pseudonym: iri.person(p.pseudonym) for p in ex.people}
    for p in ex.people:
        node = speakers[p.pseudonym]
        q.entity(node, [FOAF + "Person", CM + "Interviewee"], p.pseudonym, p.evidence,
                 [(FOAF + "nick", lit(p.pseudonym))])
        for ev in p.evidence:
            q.add(doc_graphs[ev.document].value, CM + "interviewee", node, doc_graphs[ev.document])
        if p.organisation:
            m = iri.membership(p.pseudonym, p.organisation)
            attrs: list[tuple[str, object]] = [(ORG + "member", node),
                                               (ORG + "organization", stakeholder_iri(p.organisation))]
            if p.role:
                q.entity(iri.role(p.role), [ORG + "Role"], p.role, p.evidence, [])
                attrs.append((ORG + "role", iri.role(p.role)))
            q.entity(m, [ORG + "Membership"], None, p.evidence, attrs)

    for s in ex.stakeholders:
        attrs = [(CM + "kind", concept_iri("kind", s.kind)), (CM + "kindReason", lit(s.kind_reason))]
        attrs += [(SKOS + "altLabel", lit(a)) for a in sorted(s.aliases)]
        attrs += [(CM + "servesTargetGroup", concept_iri("target_group", t)) for t in sorted(s.target_groups)]
        if s.generic:
            attrs.append((CM + "isGeneric", lit(True)))
        attrs += [(iri.column(k), lit(v)) for k, v in sorted(s.properties.items())]
        q.entity(stakeholder_iri(s.name), [CM + "Stakeholder", KIND_CLASS[s.kind]], s.name,
                 s.evidence, attrs)

    for e in ex.engagements:
        a, b = e.parties
        attrs = [(CM + "party", stakeholder_iri(a)), (CM + "party", stakeholder_iri(b)),
                 (CM + "mode", concept_iri("mode", e.mode))]
        if e.initiator:
            attrs.append((CM + "initiator", stakeholder_iri(e.initiator)))
        sentiments = set(e.sentiments)
        if sentiments:
            overall = sentiments.pop() if len(sentiments) == 1 else "mixed"
            attrs.append((CM + "sentiment", concept_iri("sentiment", overall)))
        attrs += [(CM + "year", lit(str(y), XSD + "gYear")) for y in sorted(e.years)]
        attrs += [(iri.column(k), lit(v)) for k, v in sorted(e.properties.items())]
        q.entity(iri.engagement(a, b, e.mode), [CM + "Engagement"], None, e.evidence, attrs)

    for m in ex.moments:
        attrs = [(CM + "direction", concept_iri("direction", m.direction))]
        if m.date:
            attrs.append((SEM + "hasTimeStamp", date_literal(m.date)))
        attrs += [(CM + "driver", concept_iri("driver", d)) for d in sorted(set(m.drivers))]
        attrs += [(SEM + "hasActor", stakeholder_iri(a)) for a in m.actors]
        attrs += [(CM + "outcome", lit(o)) for o in m.outcomes]
        if m.scale:
            attrs.append((CM + "scale", concept_iri("scale", m.scale)))
        attrs += [(iri.column(k), lit(v)) for k, v in sorted(m.properties.items())]
        q.entity(iri.moment(m.label, m.date), [CM + "PivotalMoment"], m.label, m.evidence, attrs)

    for ev_rec in ex.events:
        node = iri.event(ev_rec.name)
        attrs = [(DCTERMS + "date", date_literal(ev_rec.date))] if ev_rec.date else []
        q.entity(node, [CM + "SourceEvent"], ev_rec.name, ev_rec.evidence, attrs)
        for ev in ev_rec.evidence:
            q.add(doc_graphs[ev.document].value, CM + "reportsOn", node, doc_graphs[ev.document])

    for i in ex.initiatives:
        attrs = [(CM + "initiativeType", concept_iri("initiative_type", i.initiative_type))] \
            if i.initiative_type else []
        attrs += [(CM + "runBy", stakeholder_iri(n)) for n in sorted(i.run_by)]
        attrs += [(CM + "partner", stakeholder_iri(n)) for n in sorted(i.partners - i.run_by)]
        attrs += [(CM + "targetGroup", concept_iri("target_group", t)) for t in sorted(i.target_groups)]
        q.entity(iri.initiative(i.name), [CM + "Initiative"], i.name, i.evidence, attrs)

    if ex.findings and any(f.theme for f in ex.findings):
        home = doc_graphs[next(f for f in ex.findings if f.theme).evidence[0].document]
        q.add(iri.THEMES, RDF + "type", SKOS + "ConceptScheme", home)
        q.add(iri.THEMES, SKOS + "prefLabel", lit("Themes of the summaries"), home)
    for f in ex.findings:
        doc_key = f.evidence[0].document
        attrs = [(CM + "findingType", concept_iri("finding_type", f.finding_type)),
                 (CM + "statement", lit(f.text))]
        if f.theme:
            theme = iri.theme(f.theme)
            attrs.append((CM + "theme", theme))
            q.entity(theme, [CM + "Theme", SKOS + "Concept"], None, f.evidence,
                     [(SKOS + "prefLabel", lit(f.theme)), (SKOS + "inScheme", iri.THEMES)])
        attrs += [(CM + "strand", concept_iri("target_group", t)) for t in sorted(set(f.strands))]
        if f.event:
            attrs.append((CM + "sourceEvent", iri.event(f.event)))
        attrs += [(CM + "about", iri.initiative(n)) for n in sorted(set(f.about))]
        q.entity(iri.finding(doc_key, f.finding_type, f.theme, f.text), [CM + "Finding"], None,
                 f.evidence, attrs)

    write_recording(q, ex)  # recording systems, data flows, findings about them
    q.write_evidence(speakers)
    return q.quads()
