"""The queryable graph: an Oxigraph store with the vocabulary loaded.

SPARQL runs here (not in rdflib; see DESIGN.md for the measured reasons).
The store holds every named graph (one per source document) and, as its
default graph, their merge as a set.  Queries see the merge, so a triple
stated by ten documents matches once; ``GRAPH ?g { ... }`` still reaches
the per-document graphs.  (Oxigraph's union-default-graph mode would repeat
such a triple once per graph, multiplying every join.)

Loading costs about three seconds per million triples, so nothing is loaded
before it is needed: the merged graph (graph.ttl) on the first query, the
per-document graphs (graph.trig) when something asks for them -- a query
that names GRAPH or FROM NAMED, or the :attr:`GraphStore.store` attribute
itself.  ``changemap build`` makes its map and report without a query
(:mod:`changemap.viz.frames`), so a build loads nothing into Oxigraph.

>>> g = GraphStore.from_quads([])
>>> g.query("SELECT (COUNT(*) AS ?n) WHERE { ?c a <http://www.w3.org/2004/02/skos/core#ConceptScheme> }")[0]["n"] > 5
True
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyoxigraph as ox

from ..errors import GraphNotFoundError, QueryError
from ..ontology.lexicon import vocabulary_store
from ..ontology.namespaces import SPARQL_PREFIXES, XSD
from .iri import VOCABULARY_GRAPH
from .quads import Quads, Row, rows_of
from .terms import iri_value, is_blank, is_iri, is_literal, split_literal

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


_CONVERT = {ox.NamedNode(t): int for t in _INTS}
_CONVERT.update({ox.NamedNode(t): float for t in _FLOATS})
_CONVERT[ox.NamedNode(XSD + "boolean")] = "true".__eq__


def python_value(term: object) -> object:
    """An Oxigraph term as a plain Python value (IRIs as strings)."""
    if term is None:
        return None
    if type(term) is ox.Literal:
        convert = _CONVERT.get(term.datatype)
        return convert(term.value) if convert else term.value
    return term.value  # NamedNode or BlankNode


def text_value(term: str) -> object:
    """:func:`python_value` of a term written as text (see :mod:`.terms`)."""
    if is_literal(term):
        lexical, datatype, _ = split_literal(term)
        if datatype in _INTS:
            return int(lexical)
        if datatype in _FLOATS:
            return float(lexical)
        return lexical == "true" if datatype == XSD + "boolean" else lexical
    return iri_value(term) if is_iri(term) else term[2:]


def read_quads(out_dir: Path | str) -> Quads:
    """The merged graph of a build folder (``OUT/graph.ttl``, else ``graph.trig``) as Quads."""
    path, merged = Path(out_dir) / GRAPH_FILE, Path(out_dir) / MERGED_FILE
    if not path.is_file():
        raise GraphNotFoundError(out_dir)
    if merged.is_file():
        return Quads.of(ox.parse(path=str(merged), format=ox.RdfFormat.TURTLE))
    return Quads.of(ox.Quad(q.subject, q.predicate, q.object)
                    for q in ox.parse(path=str(path), format=ox.RdfFormat.TRIG))


class GraphStore:
    """A built graph ready for SPARQL."""

    def __init__(self, store: ox.Store | None = None, named: tuple[bytes | Path, ox.RdfFormat] | None = None,
                 merged: tuple[bytes | Path, ox.RdfFormat] | None = None):
        """``named``: the per-document graphs (data or a file), loaded on first need;
        ``merged``: the merged graph, loaded on first use, when ``store`` is None."""
        if store is None and merged is None:
            raise ValueError("GraphStore needs a store or the merged graph to load")
        self._store = store
        self._named = named
        self._merged = merged
        self._lock = threading.Lock()  # queries may run on several threads; load once

    @property
    def store(self) -> ox.Store:
        """The Oxigraph store, with every named graph loaded."""
        store = self._base()
        with self._lock:
            if self._named is not None:
                _load(store, *self._named)
                self._named = None
        return store

    @property
    def loaded(self) -> bool:
        """Whether the merged graph is in Oxigraph yet (it loads on first use)."""
        return self._store is not None

    def _base(self) -> ox.Store:
        """The store with the merged graph loaded."""
        with self._lock:
            if self._store is None:
                assert self._merged is not None
                store = ox.Store()
                _load(store, *self._merged)
                self._store, self._merged = store, None
        return self._store

    @classmethod
    def from_text(cls, merged: bytes, named: bytes | None = None, lazy: bool = False) -> GraphStore:
        """A store from the Turtle of the merged graph and the TriG of the named graphs
        (as :func:`changemap.graph.write.serialise` makes them).  ``lazy`` waits
        with loading until the first query."""
        named_source = (named, ox.RdfFormat.TRIG) if named else None
        store = cls(None, named_source, (merged, ox.RdfFormat.TURTLE))
        if not lazy:
            store._base()
        return store

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
        if merged.is_file():
            return cls(None, (path, ox.RdfFormat.TRIG), (merged, ox.RdfFormat.TURTLE))
        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
        store.update(MERGE_GRAPHS)
        return cls(store)

    def __len__(self) -> int:
        """Number of distinct triples (the merged graph)."""
        return sum(1 for _ in self._base().quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def quads(self) -> list[ox.Quad]:
        """Every triple of the merged graph (as quads in the default graph)."""
        return list(self._base().quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def query(self, sparql: str, prefixes: bool = True,
              bindings: dict[str, ox.NamedNode | ox.Literal] | None = None) -> list[dict[str, object]]:
        """Run a SELECT and return rows as dicts of Python values.

        ``bindings`` pre-bind variables (by name, without '?') to terms, as
        parameters: values never pass through the query text, so a quote or a
        brace in a value cannot change the query.
        """
        result = self._select(sparql, prefixes, bindings)
        names = [v.value for v in result.variables]
        return [dict(zip(names, map(python_value, row), strict=True)) for row in result]

    def frame(self, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None) -> pd.DataFrame:
        """:meth:`query` as a DataFrame, one column per projected variable (built
        from tuples: about a third faster than from dicts on 100,000 rows)."""
        result = self._select(sparql, True, bindings)
        names = [v.value for v in result.variables]
        return pd.DataFrame.from_records([tuple(map(python_value, row)) for row in result], columns=names)

    def table(self, sparql: str) -> pd.DataFrame:
        """A SELECT's rows as a DataFrame of text: IRIs and literals as their
        strings (numbers too), unbound cells missing (as is an empty literal).

        Oxigraph writes the whole result as CSV without holding Python's lock,
        so tables read on two threads take about half the time of one after
        the other; :meth:`frame` builds Python values row by row and gains
        nothing from threads.  For the fact tables of :mod:`.facts`."""
        result = self._select(sparql, True, None)
        names = [v.value for v in result.variables]
        data = result.serialize(format=ox.QueryResultsFormat.CSV)
        frame = pd.read_csv(io.BytesIO(data), dtype=object, keep_default_na=False, na_values=[""])
        frame = frame.astype(object)  # plain str objects: pandas 3 reads text as its own str dtype
        return frame.set_axis(names, axis=1) if len(frame.columns) == len(names) else frame

    def _select(self, sparql: str, prefixes: bool,
                bindings: dict[str, ox.NamedNode | ox.Literal] | None) -> ox.QuerySolutions:
        text = (SPARQL_PREFIXES + sparql) if prefixes else sparql
        store = self.store if self._named is not None and _NAMED.search(sparql) else self._base()
        subs = {ox.Variable(k): v for k, v in bindings.items()} if bindings else None
        try:
            result = store.query(text, substitutions=subs)
        except RuntimeError as err:  # a bound variable the query does not project
            raise QueryError(f"cannot bind parameters: {err}") from err
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {err}; check the query text") from err
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("only SELECT queries return rows; use SELECT ... WHERE { ... }")
        return result


def _load(store: ox.Store, source: bytes | Path, fmt: ox.RdfFormat) -> None:
    if isinstance(source, Path):
        store.bulk_load(path=str(source), format=fmt)
    else:
        store.bulk_load(source, format=fmt)
