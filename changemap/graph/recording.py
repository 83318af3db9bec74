"""Recording systems and data flows → RDF, called from :func:`changemap.graph.build.build`.

A ``cm:RecordingSystem`` is ``cm:operatedBy`` its stakeholder, has a
``cm:systemType`` (left out when no type of the scheme fits, as for a
ministry's statistics) and its proper name as ``schema:name``; a
``cm:DataFlow`` joins two systems with ``cm:fromSystem`` / ``cm:toSystem``,
with what is sent as ``dcterms:description`` and how often as
``schema:repeatFrequency``.  Both are ``prov:wasDerivedFrom`` the evidence
they were read from, like every extracted node; a finding that judges a
system gets ``cm:about`` it.

>>> system_iri("Kelvary Constabulary", "police-recording", "Atlas")
'https://w3id.org/changemap/id/recording-system/kelvary-constabulary--police-recording--atlas'
>>> system_iri("Ministry of Justice", None, None)
'https://w3id.org/changemap/id/recording-system/ministry-of-justice--untyped'
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from ..model import Extraction, RecordingSystem
from ..ontology.lexicon import concept_iri, label
from ..ontology.namespaces import CM, DCTERMS, ID, SCHEMA
from . import iri


def system_iri(operator: str, system_type: str | None, name: str | None) -> str:
    """Stable IRI of a system: operator, type and proper name."""
    tail = f"--{iri.slug(name, 40)}" if name else ""
    return f"{ID}recording-system/{iri.slug(operator)}--{system_type or 'untyped'}{tail}"


def flow_iri(source: str, target: str) -> str:
    """Stable IRI of a flow between two system IRIs."""
    def local(node: str) -> str:
        return node.rsplit("/", 1)[1]
    return f"{ID}data-flow/{local(source)}--to--{local(target)}"


def system_label(s: RecordingSystem) -> str:
    """ "Atlas (Kelvary Constabulary)", "Open Door: CSO monitoring", "Ministry of Justice: records"."""
    if s.name:
        return f"{s.name} ({s.operator})"
    kind = label("recording_system_type", s.system_type) if s.system_type else "records"
    return f"{s.operator}: {kind}"


def write_recording(q, ex: Extraction) -> None:
    """Add the systems, flows and findings' ``cm:about`` links of ``ex`` to the quad set ``q``
    (a ``build._Quads``: ``entity`` writes type, label and evidence per supporting document)."""
    nodes: dict[tuple, str] = {}
    by_operator_type: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for s in ex.recording_systems:
        node = system_iri(s.operator, s.system_type, s.name)
        nodes[(s.operator, s.system_type, s.name)] = node
        by_operator_type[(s.operator, s.system_type)].append(node)
        attrs: list[tuple[str, object]] = [(CM + "operatedBy", iri.stakeholder(s.operator))]
        if s.system_type:
            attrs.append((CM + "systemType", concept_iri("recording_system_type", s.system_type)))
        if s.name:
            attrs.append((SCHEMA + "name", ox.Literal(s.name)))
        attrs += [(iri.column(k), ox.Literal(v)) for k, v in sorted(s.properties.items())]
        q.entity(node, [CM + "RecordingSystem"], system_label(s), s.evidence, attrs)
    for f in ex.data_flows:
        source = nodes[(f.from_operator, f.from_type, f.from_name)]
        target = nodes[(f.to_operator, f.to_type, f.to_name)]
        attrs = [(CM + "fromSystem", source), (CM + "toSystem", target)]
        if f.what:
            attrs.append((DCTERMS + "description", ox.Literal(f.what)))
        if f.frequency:
            attrs.append((SCHEMA + "repeatFrequency", ox.Literal(f.frequency)))
        attrs += [(iri.column(k), ox.Literal(v)) for k, v in sorted(f.properties.items())]
        q.entity(flow_iri(source, target), [CM + "DataFlow"], f"data from {f.from_operator} to {f.to_operator}",
                 f.evidence, attrs)
    for f in ex.findings:
        targets = sorted({n for key in f.systems for n in by_operator_type.get(tuple(key), [])})
        if not targets:
            continue
        doc_key = f.evidence[0].document
        node = iri.finding(doc_key, f.finding_type, f.theme, f.text)
        for target in targets:
            q.add(node, CM + "about", target, q.doc_graphs[doc_key])
