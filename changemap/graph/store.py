"""The queryable graph: an Oxigraph store with the vocabulary loaded.

SPARQL runs here (not in rdflib; see DESIGN.md for the measured reasons).
The store holds every named graph (one per source document) and, as its
default graph, their merge as a set.  Queries see the merge, so a triple
stated by ten documents matches once; ``GRAPH ?g { ... }`` still reaches
the per-document graphs.  (Oxigraph's union-default-graph mode would repeat
such a triple once per graph, multiplying every join.)

Loading costs about two seconds per million triples, so the store loads the
merged graph (graph.ttl) first and the per-document graphs (graph.trig) only
when something asks for them: a query that names GRAPH or FROM NAMED, or
the :attr:`GraphStore.store` attribute itself.  Nothing in a build needs
them, which halves the loading.

>>> g = GraphStore.from_quads([])
>>> g.query("SELECT (COUNT(*) AS ?n) WHERE { ?c a <http://www.w3.org/2004/02/skos/core#ConceptScheme> }")[0]["n"] > 5
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ..errors import GraphNotFoundError, QueryError
from ..ontology.lexicon import vocabulary_store
from ..ontology.namespaces import SPARQL_PREFIXES, XSD
from .iri import VOCABULARY_GRAPH
from .quads import Quads, Row, rows_of
from .terms import is_blank

GRAPH_FILE = "graph.trig"
MERGED_FILE = "graph.ttl"
MERGE_GRAPHS = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
_NAMED = re.compile(r"\bGRAPH\b|\bFROM\s+NAMED\b", re.IGNORECASE)
_INTS = {XSD + t for t in ("integer", "int", "long", "nonNegativeInteger", "positiveInteger")}
_FLOATS = {XSD + t for t in ("decimal", "double", "float")}


def vocabulary_quads() -> list[ox.Quad]:
    """The ontology and schemes as quads in their own named graph."""
    g = ox.NamedNode(VOCABULARY_GRAPH)
    return [ox.Quad(q.subject, q.predicate, q.object, g) for q in vocabulary_store()]


def stable_blank_nodes(rows: list[Row]) -> list[Row]:
    """Rows with blank nodes relabelled ``_:v0``, ``_:v1``, … by where they occur,
    so that output does not depend on the labels a parser happened to pick."""
    seen: dict[str, list[tuple]] = {}
    for row in rows:
        for pos, term in enumerate(row):
            if is_blank(term):
                seen.setdefault(term, []).append((pos, tuple("_" if is_blank(t) else t for t in row)))
    label = {b: f"_:v{i}" for i, b in enumerate(sorted(seen, key=lambda b: sorted(seen[b])))}
    return [tuple(label.get(t, t) for t in row) for row in rows] if label else rows  # type: ignore[misc]


@lru_cache(maxsize=1)
def vocabulary_graph() -> Quads:
    """:func:`vocabulary_quads` as :class:`Quads`, with stable blank node labels."""
    return Quads.of(stable_blank_nodes(rows_of(vocabulary_quads())))


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

    def __init__(self, store: ox.Store, named: tuple[bytes | Path, ox.RdfFormat] | None = None):
        """``named``: the per-document graphs (data or a file), loaded on first need."""
        self._store = store
        self._named = named

    @property
    def store(self) -> ox.Store:
        """The Oxigraph store, with every named graph loaded."""
        self._load_named()
        return self._store

    def _load_named(self) -> None:
        if self._named is not None:
            source, fmt = self._named
            self._named = None
            if isinstance(source, Path):
                self._store.bulk_load(path=str(source), format=fmt)
            else:
                self._store.bulk_load(source, format=fmt)

    @classmethod
    def from_text(cls, merged: bytes, named: bytes | None = None) -> GraphStore:
        """A store from the Turtle of the merged graph and the TriG of the named graphs
        (as :func:`changemap.graph.write.serialise` makes them)."""
        store = ox.Store()
        store.bulk_load(merged, format=ox.RdfFormat.TURTLE)
        return cls(store, (named, ox.RdfFormat.TRIG) if named else None)

    @classmethod
    def from_quads(cls, quads: Quads | Iterable[ox.Quad], vocabulary: bool = True) -> GraphStore:
        from .write import serialise

        built = Quads.of(quads)
        if vocabulary:
            built = built + vocabulary_graph()
        trig, turtle = serialise(built)
        return cls.from_text(turtle, trig)

    @classmethod
    def open(cls, out_dir: Path | str) -> GraphStore:
        """Load ``OUT/graph.ttl`` (and, when needed, ``OUT/graph.trig``) as written by ``changemap build``."""
        path, merged = Path(out_dir) / GRAPH_FILE, Path(out_dir) / MERGED_FILE
        if not path.is_file():
            raise GraphNotFoundError(out_dir)
        store = ox.Store()
        if merged.is_file():
            store.bulk_load(path=str(merged), format=ox.RdfFormat.TURTLE)
            return cls(store, (path, ox.RdfFormat.TRIG))
        store.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
        store.update(MERGE_GRAPHS)
        return cls(store)

    def __len__(self) -> int:
        """Number of distinct triples (the merged graph)."""
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def quads(self) -> list[ox.Quad]:
        """Every triple of the merged graph (as quads in the default graph)."""
        return list(self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def query(self, sparql: str, prefixes: bool = True) -> list[dict[str, object]]:
        """Run a SELECT and return rows as dicts of Python values."""
        text = (SPARQL_PREFIXES + sparql) if prefixes else sparql
        if self._named is not None and _NAMED.search(sparql):
            self._load_named()
        try:
            result = self._store.query(text)
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {err}; check the query text") from err
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("only SELECT queries return rows; use SELECT ... WHERE { ... }")
        names = [v.value for v in result.variables]
        return [{n: python_value(row[n]) for n in names} for row in result]
