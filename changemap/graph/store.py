"""The queryable graph: an Oxigraph store with the vocabulary loaded.

SPARQL runs here (not in rdflib; see DESIGN.md for the measured reasons).
The store holds every named graph (one per source document) and, as its
default graph, their merge as a set.  Queries see the merge, so a triple
stated by ten documents matches once; ``GRAPH ?g { ... }`` still reaches
the per-document graphs.  (Oxigraph's union-default-graph mode would repeat
such a triple once per graph, multiplying every join.)

>>> g = GraphStore.from_quads([])
>>> g.query("SELECT (COUNT(*) AS ?n) WHERE { ?c a <http://www.w3.org/2004/02/skos/core#ConceptScheme> }")[0]["n"] > 5
True
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from ..errors import GraphNotFoundError, QueryError
from ..ontology.lexicon import vocabulary_store
from ..ontology.namespaces import SPARQL_PREFIXES, XSD
from .iri import VOCABULARY_GRAPH

GRAPH_FILE = "graph.trig"
MERGE_GRAPHS = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
_INTS = {XSD + t for t in ("integer", "int", "long", "nonNegativeInteger", "positiveInteger")}
_FLOATS = {XSD + t for t in ("decimal", "double", "float")}


def vocabulary_quads() -> list[ox.Quad]:
    """The ontology and schemes as quads in their own named graph."""
    g = ox.NamedNode(VOCABULARY_GRAPH)
    return [ox.Quad(q.subject, q.predicate, q.object, g) for q in vocabulary_store()]


def python_value(term: object) -> object:
    """An Oxigraph term as a plain Python value (IRIs as strings)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt in _INTS:
            return int(term.value)
        if dt in _FLOATS:
            return float(term.value)
        if dt == XSD + "boolean":
            return term.value == "true"
        return term.value
    return term.value  # NamedNode or BlankNode


class GraphStore:
    """A built graph ready for SPARQL."""

    def __init__(self, store: ox.Store):
        self.store = store

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad], vocabulary: bool = True) -> GraphStore:
        store = ox.Store()
        store.bulk_extend(list(quads) + (vocabulary_quads() if vocabulary else []))
        store.update(MERGE_GRAPHS)
        return cls(store)

    @classmethod
    def open(cls, out_dir: Path | str) -> GraphStore:
        """Load ``OUT/graph.trig`` as written by ``changemap build``."""
        path = Path(out_dir) / GRAPH_FILE
        if not path.is_file():
            raise GraphNotFoundError(out_dir)
        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
        store.update(MERGE_GRAPHS)
        return cls(store)

    def __len__(self) -> int:
        """Number of distinct triples (the merged graph)."""
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def quads(self) -> list[ox.Quad]:
        """Every triple of the merged graph (as quads in the default graph)."""
        return list(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def query(self, sparql: str, prefixes: bool = True) -> list[dict[str, object]]:
        """Run a SELECT and return rows as dicts of Python values."""
        text = (SPARQL_PREFIXES + sparql) if prefixes else sparql
        try:
            result = self.store.query(text)
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {err}; check the query text") from err
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("only SELECT queries return rows; use SELECT ... WHERE { ... }")
        names = [v.value for v in result.variables]
        return [{n: python_value(row[n]) for n in names} for row in result]
