"""A built graph's quads, grouped by graph and subject, as N-Triples terms.

``Quads.graphs`` maps a graph term to its subjects, and each subject to its
sorted, distinct (predicate, object) pairs; every term is text in the form
of :mod:`changemap.graph.terms` (graph ``''`` is the default graph).  This is
the shape every consumer wants -- Turtle and TriG write one block per
subject, SHACL looks up a focus node's values, the store loads the merged
graph -- and it costs a tuple per triple instead of several Python objects.
The merge of the named graphs, which queries and SHACL see, is
:meth:`Quads.merged`.  Iterating gives ``pyoxigraph.Quad`` objects, made on
demand, for code that wants them.

>>> q = Quads.of([("<http://ex.org/g>", "<http://ex.org/s>", "<http://ex.org/p>", '"o"')] * 2)
>>> len(q), next(iter(q)).object.value
(1, 'o')
>>> q.merged()
{'<http://ex.org/s>': [('<http://ex.org/p>', '"o"')]}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import pyoxigraph as ox

from .terms import from_ox

Row = tuple[str, str, str, str]  # graph, subject, predicate, object
Pairs = list[tuple[str, str]]  # a subject's (predicate, object) pairs
Subjects = dict[str, Pairs]


def rows_of(quads: Iterable[ox.Quad]) -> list[Row]:
    """Oxigraph quads as rows of text terms."""
    return [(from_ox(q.graph_name), str(q.subject), str(q.predicate), str(q.object)) for q in quads]


def group(rows: Iterable[Row]) -> dict[str, Subjects]:
    """Rows → graph → subject → (predicate, object) pairs (not yet sorted)."""
    graphs: dict[str, Subjects] = {}
    for g, s, p, o in rows:
        graphs.setdefault(g, {}).setdefault(s, []).append((p, o))
    return graphs


def normalise(graphs: dict[str, Subjects]) -> dict[str, Subjects]:
    """Sort every subject's pairs and drop repeats, in place."""
    for subjects in graphs.values():
        for s, pairs in subjects.items():
            subjects[s] = sorted(set(pairs))
    return graphs


class Quads(Sequence[ox.Quad]):
    """Distinct quads grouped by graph and subject (see the module docstring)."""

    __slots__ = ("graphs", "_merged", "_len", "_by_predicate")

    def __init__(self, graphs: dict[str, Subjects]):
        """``graphs`` must be normalised (:func:`normalise`); use :meth:`of` otherwise."""
        self.graphs = graphs
        self._merged: Subjects | None = None
        self._len: int | None = None
        self._by_predicate: dict[str, list[tuple[str, str]]] | None = None

    @classmethod
    def of(cls, quads: Quads | Iterable[Row] | Iterable[ox.Quad]) -> Quads:
        """Rows or Oxigraph quads, in any order and with repeats, as Quads."""
        if isinstance(quads, Quads):
            return quads
        items = list(quads)
        if items and isinstance(items[0], ox.Quad):
            items = rows_of(items)
        return cls(normalise(group(items)))

    def __add__(self, other: Quads | Iterable[Row] | Iterable[ox.Quad]) -> Quads:
        more = Quads.of(other)
        graphs = {g: dict(subjects) for g, subjects in self.graphs.items()}
        for g, subjects in more.graphs.items():
            mine = graphs.setdefault(g, {})
            for s, pairs in subjects.items():
                mine[s] = sorted(set(mine[s]) | set(pairs)) if s in mine else pairs
        return Quads(graphs)

    def __len__(self) -> int:
        if self._len is None:
            self._len = sum(len(pairs) for subjects in self.graphs.values() for pairs in subjects.values())
        return self._len

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return list(self)[index]
        if index < 0:
            index += len(self)
        for i, quad in enumerate(self):
            if i == index:
                return quad
        raise IndexError(index)

    def __iter__(self) -> Iterator[ox.Quad]:
        for g in sorted(self.graphs):
            text = nquads_text(g, self.graphs[g])
            yield from ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS)

    def rows(self) -> Iterator[Row]:
        """Every quad as a row, in graph, subject, predicate, object order."""
        for g in sorted(self.graphs):
            subjects = self.graphs[g]
            for s in sorted(subjects):
                for p, o in subjects[s]:
                    yield g, s, p, o

    def merged(self) -> Subjects:
        """The merge of all graphs: subject → sorted distinct pairs.

        A subject stated in one graph only (most of them: every quote and
        selector) shares that graph's list.
        """
        if self._merged is None:
            merged: Subjects = {}
            several: set[str] = set()
            for subjects in self.graphs.values():
                for s, pairs in subjects.items():
                    if s in merged:
                        if s not in several:
                            several.add(s)
                            merged[s] = list(merged[s])
                        merged[s] += pairs
                    else:
                        merged[s] = pairs
            for s in several:
                merged[s] = sorted(set(merged[s]))
            self._merged = merged
        return self._merged

    def by_predicate(self) -> dict[str, list[tuple[str, str]]]:
        """The merged graph by predicate: predicate → (subject, object) pairs, in subject order.

        One pass over every triple, shared by SHACL and the map's tables.
        """
        if self._by_predicate is None:
            index: dict[str, list[tuple[str, str]]] = {}
            for s, pairs in self.merged().items():
                for p, o in pairs:
                    found = index.get(p)
                    if found is None:
                        index[p] = [(s, o)]
                    else:
                        found.append((s, o))
            self._by_predicate = index
        return self._by_predicate


def nquads_text(graph: str, subjects: Subjects) -> str:
    """One graph's subjects as N-Quads lines (as triples for the default graph)."""
    end = f" {graph} .\n" if graph else " .\n"
    return "".join(f"{s} {p} {o}{end}" for s in sorted(subjects) for p, o in subjects[s])
