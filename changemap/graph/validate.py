"""SHACL validation of a built graph with pyshacl.

The data graph is the union of every named graph plus the vocabulary, so
class hierarchy and concept schemes are visible to the shapes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
import pyshacl
import rdflib

from ..ontology import SHAPES_FILE
from ..ontology.namespaces import SH


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def summary(self) -> str:
        if self.conforms:
            return "conforms to the SHACL shapes"
        return f"{len(self.violations)} SHACL violation(s)"


def to_rdflib(quads: Iterable[ox.Quad]) -> rdflib.Graph:
    """Oxigraph quads → one rdflib graph (named graphs merged)."""
    def term(t):
        if isinstance(t, ox.NamedNode):
            return rdflib.URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return rdflib.BNode(t.value)
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))

    g = rdflib.Graph()
    for q in quads:
        g.add((term(q.subject), term(q.predicate), term(q.object)))
    return g


def shapes_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES_FILE, format="turtle")


def validate(quads: Iterable[ox.Quad]) -> ValidationReport:
    """Validate ``quads`` (which must include the vocabulary) against shapes.ttl."""
    data = to_rdflib(quads)
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes_graph(), inference="none",
                                            advanced=False, allow_warnings=True)
    sh = rdflib.Namespace(SH)
    violations = []
    for r in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        violations.append(Violation(
            focus=str(results.value(r, sh.focusNode)),
            path=str(results.value(r, sh.resultPath) or ""),
            message=str(results.value(r, sh.resultMessage) or ""),
            severity=str(results.value(r, sh.resultSeverity)).rsplit("#", 1)[-1],
        ))
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(bool(conforms), violations)
