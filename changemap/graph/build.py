"""Records → RDF quads, one named graph per source document.

Every extracted node is ``prov:wasDerivedFrom`` its evidence; every evidence
names its document, quote and character span.  A node's type and label are
written into the graph of each document that supports it, so any one
document's graph can be read on its own; its other attributes go into the
graph of its first (most authoritative) evidence.

>>> from changemap.model import Extraction
>>> build(Extraction())
[]
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..model import Evidence, Extraction
from ..ontology.lexicon import concept_iri
from ..ontology.namespaces import CM, DCTERMS, FOAF, OA, ORG, PROV, RDF, RDFS, SEM, SKOS, XSD
from . import iri
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


def date_literal(value: str) -> ox.Literal:
    """'2019' → xsd:gYear, '2019-03' → xsd:gYearMonth, else xsd:date."""
    kind = {4: "gYear", 7: "gYearMonth"}.get(len(value), "date")
    return lit(value, XSD + kind)


class _Quads:
    def __init__(self, doc_graphs: dict[str, ox.NamedNode], doc_keys: dict[str, str]):
        self.quads: set[ox.Quad] = set()
        self.doc_graphs = doc_graphs
        self.doc_keys = doc_keys
        self.cited: dict[str, list[Evidence]] = {}
        self.approved_quotes: set[str] = set()

    def add(self, s: str, p: str, o: ox.NamedNode | ox.Literal | str, g: ox.NamedNode) -> None:
        obj = N(o) if isinstance(o, str) else o
        self.quads.add(ox.Quad(N(s), N(p), obj, g))

    def evidence(self, ev: Evidence) -> str:
        """Note ``ev`` for writing; the same span cited twice is one Evidence node."""
        node = iri.evidence(ev, self.doc_keys)
        self.cited.setdefault(node, []).append(ev)
        return node

    def write_evidence(self, speakers: dict[str, str]) -> None:
        """One node per cited span; several extractors citing it are all named,
        with the highest confidence among them."""
        for node, evs in self.cited.items():
            ev = evs[0]
            g = self.doc_graphs[ev.document]
            self.add(node, RDF + "type", CM + "Evidence", g)
            self.add(node, PROV + "wasQuotedFrom", g.value, g)
            self.add(node, CM + "quote", lit(ev.quote), g)
            pos, quote = node + "#position", node + "#quote"
            self.add(node, OA + "hasSelector", pos, g)
            self.add(pos, RDF + "type", OA + "TextPositionSelector", g)
            self.add(pos, OA + "start", lit(ev.start), g)
            self.add(pos, OA + "end", lit(ev.end), g)
            self.add(node, OA + "hasSelector", quote, g)
            self.add(quote, RDF + "type", OA + "TextQuoteSelector", g)
            self.add(quote, OA + "exact", lit(ev.quote), g)
            if ev.prefix:
                self.add(quote, OA + "prefix", lit(ev.prefix), g)
            if ev.suffix:
                self.add(quote, OA + "suffix", lit(ev.suffix), g)
            approved = any(e.approved for e in evs) or \
                f"{ev.document}#{ev.start}-{ev.end}" in self.approved_quotes
            self.add(node, CM + "approval", concept_iri("approval", "approved" if approved else "pending"), g)
            for speaker in sorted({e.speaker for e in evs if e.speaker in speakers}):
                self.add(node, CM + "speaker", speakers[speaker], g)
            for by in sorted({e.extracted_by for e in evs if e.extracted_by}):
                self.add(node, CM + "extractedBy", lit(by), g)
            if topic := next((e.topic for e in evs if e.topic), None):
                self.add(node, CM + "topic", concept_iri("topic", topic), g)
            self.add(node, CM + "confidence", lit(float(max(e.confidence for e in evs))), g)

    def entity(self, node: str, types: Iterable[str], label: str | None,
               evidence: list[Evidence], attributes: Iterable[tuple[str, object]]) -> None:
        """Type, label and provenance per supporting document; attributes once."""
        for ev in evidence:
            g = self.doc_graphs[ev.document]
            for t in types:
                self.add(node, RDF + "type", t, g)
            if label is not None:
                self.add(node, RDFS + "label", lit(label), g)
            self.add(node, PROV + "wasDerivedFrom", self.evidence(ev), g)
        home = self.doc_graphs[evidence[0].document]
        for p, o in attributes:
            self.add(node, p, o if isinstance(o, ox.Literal | ox.NamedNode) else N(str(o)), home)


def build(ex: Extraction) -> list[ox.Quad]:
    """All quads for a resolved extraction, sorted for stable output."""
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
                                               (ORG + "organization", iri.stakeholder(p.organisation))]
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
        q.entity(iri.stakeholder(s.name), [CM + "Stakeholder", KIND_CLASS[s.kind]], s.name,
                 s.evidence, attrs)

    for e in ex.engagements:
        a, b = e.parties
        attrs = [(CM + "party", iri.stakeholder(a)), (CM + "party", iri.stakeholder(b)),
                 (CM + "mode", concept_iri("mode", e.mode))]
        if e.initiator:
            attrs.append((CM + "initiator", iri.stakeholder(e.initiator)))
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
        attrs += [(SEM + "hasActor", iri.stakeholder(a)) for a in m.actors]
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
        attrs += [(CM + "runBy", iri.stakeholder(n)) for n in sorted(i.run_by)]
        attrs += [(CM + "partner", iri.stakeholder(n)) for n in sorted(i.partners - i.run_by)]
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
    return sorted(q.quads, key=str)
