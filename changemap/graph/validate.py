"""SHACL validation of a built graph, with one of two engines.

``compiled`` (the default) runs the project's shapes compiled to Python
(:mod:`.shacl`, :mod:`.shacl_run`) on the merged graph the build already
holds: a second or two for 900,000 triples.  ``pyshacl`` is the reference
implementation; it needs an rdflib copy of the graph and takes about a
minute at that size.  Both report the same violations (``tests/
test_validate_engines.py`` holds them to it).

The data graph is the union of every named graph plus the vocabulary, so
class hierarchy and concept schemes are visible to the shapes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection

from ..errors import ChangemapError
from ..ontology import SHAPES_FILE
from ..ontology.namespaces import SH
from .quads import Quads
from .shacl import parse_shapes, project_shapes
from .shacl_run import check

ENGINES = ("compiled", "pyshacl")


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str
    value: str = ""  # the offending value node ('' for a count or a focus-level check)
    component: str = ""  # the SHACL constraint component, e.g. 'MinCountConstraintComponent'


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    engine: str = "compiled"

    def summary(self) -> str:
        if self.conforms:
            return "conforms to the SHACL shapes"
        return f"has {len(self.violations)} SHACL violation(s)"


def _report(violations: list[Violation], engine: str) -> ValidationReport:
    violations.sort(key=lambda v: (v.focus, v.path, v.message, v.value, v.component, v.severity))
    return ValidationReport(not any(v.severity == "Violation" for v in violations), violations, engine)


def validate(quads: Quads | Iterable[ox.Quad], engine: str = "compiled",
             shapes: Path | str | None = None) -> ValidationReport:
    """Validate ``quads`` (which must include the vocabulary) against ``shapes``
    (a Turtle file; the project's shapes.ttl by default)."""
    if engine == "compiled":
        return validate_compiled(quads, shapes)
    if engine == "pyshacl":
        return validate_pyshacl(quads, shapes)
    raise ChangemapError(f"unknown SHACL engine '{engine}'; use one of: {', '.join(ENGINES)}")


def validate_compiled(quads: Quads | Iterable[ox.Quad], shapes: Path | str | None = None) -> ValidationReport:
    compiled = project_shapes() if shapes is None else parse_shapes(shapes)
    results = check(compiled, Quads.of(quads))
    return _report([Violation(r.focus, r.path, r.message, r.severity, r.value, r.component) for r in results],
                   "compiled")


# ---- pyshacl, the reference engine ---------------------------------------------------------------

def to_rdflib(quads: Quads | Iterable[ox.Quad]) -> rdflib.Graph:
    """Quads → one rdflib graph (named graphs merged)."""
    if isinstance(quads, Quads):
        text = "".join(f"{s} {p} {o} .\n" for s, pairs in quads.merged().items() for p, o in pairs)
        return rdflib.Graph().parse(data=text, format="nt")

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


def shapes_graph(path: Path | str | None = None) -> rdflib.Graph:
    return rdflib.Graph().parse(path or SHAPES_FILE, format="turtle")


def _text(node: object) -> str:
    """An rdflib node as the compiled engine shows it: IRIs bare, literals as N-Triples."""
    if node is None:
        return ""
    if isinstance(node, rdflib.URIRef):
        return str(node)
    if isinstance(node, rdflib.BNode):
        return f"_:{node}"
    lit: rdflib.Literal = node  # type: ignore[assignment]
    if lit.language:
        return str(ox.Literal(str(lit), language=lit.language))
    datatype = ox.NamedNode(str(lit.datatype)) if lit.datatype else None
    return str(ox.Literal(str(lit), datatype=datatype))


def _path_text(results: rdflib.Graph, path: object) -> str:
    """A result path as the compiled engine writes it: an IRI, or a sequence '<a>/<b>'."""
    if path is None:
        return ""
    if isinstance(path, rdflib.BNode) and results.value(path, rdflib.RDF.first) is not None:
        return "/".join(f"<{step}>" for step in Collection(results, path))
    return str(path)


def validate_pyshacl(quads: Quads | Iterable[ox.Quad], shapes: Path | str | None = None) -> ValidationReport:
    import pyshacl

    conforms, results, _ = pyshacl.validate(to_rdflib(quads), shacl_graph=shapes_graph(shapes), inference="none",
                                            advanced=False, allow_warnings=True)
    sh = rdflib.Namespace(SH)
    violations = []
    # The report's own results; nested ones (sh:detail of a failed sh:node) are not results of the graph.
    top = (r for report in results.subjects(rdflib.RDF.type, sh.ValidationReport)
           for r in results.objects(report, sh.result))
    for r in top:
        violations.append(Violation(
            focus=_text(results.value(r, sh.focusNode)),
            path=_path_text(results, results.value(r, sh.resultPath)),
            message=str(results.value(r, sh.resultMessage) or ""),
            severity=str(results.value(r, sh.resultSeverity)).rsplit("#", 1)[-1],
            value=_text(results.value(r, sh.value)),
            component=str(results.value(r, sh.sourceConstraintComponent)).rsplit("#", 1)[-1],
        ))
    report = _report(violations, "pyshacl")
    report.conforms = bool(conforms)
    return report
