"""Apply compiled shapes (:mod:`.shacl`) to a graph held as subject → pairs.

The graph is the merged one of :meth:`changemap.graph.quads.Quads.merged`,
read by predicate (:meth:`~changemap.graph.quads.Quads.by_predicate`).
Results follow the SHACL rules as pyshacl applies
them: one per focus node for sh:minCount and sh:maxCount, one per value node
for a value test, one per pair of values for sh:lessThanOrEquals.

>>> from changemap.graph.shacl import compile_shapes
>>> from changemap.graph.quads import Quads
>>> shapes = compile_shapes(Quads.of([
...     ("", "<http://ex.org/S>", "<http://www.w3.org/ns/shacl#targetClass>", "<http://ex.org/C>"),
...     ("", "<http://ex.org/S>", "<http://www.w3.org/ns/shacl#property>", "_:p"),
...     ("", "_:p", "<http://www.w3.org/ns/shacl#path>", "<http://ex.org/name>"),
...     ("", "_:p", "<http://www.w3.org/ns/shacl#minCount>", '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'),
...     ("", "_:p", "<http://www.w3.org/ns/shacl#message>", '"Needs a name"')]).merged())
>>> data = Quads.of([("", "<http://ex.org/x>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
...                   "<http://ex.org/C>")])
>>> [(r.focus, r.path, r.message) for r in check(shapes, data)]
[('http://ex.org/x', 'http://ex.org/name', 'Needs a name')]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter

from ..ontology.namespaces import RDF, RDFS
from .quads import Quads
from .shacl import NodeShape, PropertyShape, literal_order
from .terms import iri_value, is_iri, split_literal

_TYPE, _SUBCLASS = f"<{RDF}type>", f"<{RDFS}subClassOf>"


@dataclass(frozen=True, order=True)
class Result:
    focus: str
    path: str
    message: str
    severity: str
    value: str
    component: str


def _show(term: str) -> str:
    """How a node is reported: an IRI bare, anything else as N-Triples text."""
    return iri_value(term) if is_iri(term) else term


class Data:
    """Look-ups on a merged graph: triples by predicate, instances of a class.

    Shapes are applied a property at a time to all focus nodes at once:
    the (subject, object) pairs of a predicate are filtered to the focus
    nodes, counted with :class:`collections.Counter` and tested one distinct
    value at a time, so the work per triple stays small.
    """

    def __init__(self, graph: Quads):
        self.subjects = graph.merged()
        self.by_predicate = graph.by_predicate()
        self._has: dict[str, set[str]] = {}
        self._index: dict[str, dict[str, list[str]]] = {}
        self._typed: dict[str, set[str]] | None = None  # class → nodes typed with it
        self._instances: dict[str, set[str]] = {}
        self.supers = self._superclasses()

    def pairs(self, p: str) -> list[tuple[str, str]]:
        return self.by_predicate.get(p, [])

    def has(self, p: str) -> set[str]:
        """The subjects with a value of ``p``."""
        if p not in self._has:
            self._has[p] = set(map(itemgetter(0), self.pairs(p)))
        return self._has[p]

    def index(self, p: str) -> dict[str, list[str]]:
        """Subject → values of ``p``."""
        if p not in self._index:
            out: dict[str, list[str]] = {}
            for s, o in self.pairs(p):
                out.setdefault(s, []).append(o)
            self._index[p] = out
        return self._index[p]

    def _superclasses(self) -> dict[str, set[str]]:
        """Class → itself and every class it is an rdfs:subClassOf, transitively."""
        direct: dict[str, set[str]] = {}
        for s, o in self.pairs(_SUBCLASS):
            direct.setdefault(s, set()).add(o)
        closed: dict[str, set[str]] = {}
        for c in direct:
            seen, todo = {c}, [c]
            while todo:
                for up in direct.get(todo.pop(), ()):
                    if up not in seen:
                        seen.add(up)
                        todo.append(up)
            closed[c] = seen
        return closed

    def instances(self, cls: str) -> set[str]:
        """The nodes typed ``cls`` or one of its subclasses."""
        found = self._instances.get(cls)
        if found is None:
            if self._typed is None:
                self._typed = {}
                for s, o in self.pairs(_TYPE):
                    self._typed.setdefault(o, set()).add(s)
            found = set()
            for c, up in self.supers.items():
                if cls in up and c != cls:
                    found |= self._typed.get(c, set())
            found = self._instances[cls] = found | self._typed.get(cls, set())
        return found

    def focus_nodes(self, shape: NodeShape) -> set[str]:
        """The targets of ``shape``."""
        nodes = set(shape.target_nodes)
        for c in shape.target_classes:
            nodes |= self.instances(c)
        for p in shape.subjects_of:
            nodes |= self.has(p)
        for p in shape.objects_of:
            nodes.update(map(itemgetter(1), self.pairs(p)))
        return nodes

    def path_pairs(self, focus: set[str], path: tuple[str, ...]) -> list[tuple[str, str]]:
        """(focus node, value) for every distinct value of ``path`` at a focus node."""
        first = self.pairs(path[0])
        if len(focus) < len(first) // 2:  # few focus nodes: look their values up
            index = self.index(path[0])
            pairs = [(s, o) for s in focus for o in index.get(s, ())]
        else:
            pairs = first if self.has(path[0]) <= focus else [(s, o) for s, o in first if s in focus]
        for p in path[1:]:
            step = self.index(p)
            pairs = list(dict.fromkeys((s, w) for s, v in pairs for w in step.get(v, ())))
        return pairs


def _order_key(term: str) -> tuple[str, object] | None:
    """What sh:lessThanOrEquals compares, as pyshacl does: numbers with
    numbers, strings (and IRIs) with strings, other literals of one datatype
    by lexical form; blank nodes with nothing."""
    found = literal_order(term)
    if found is not None:
        return found if found[0] in ("number", "string") else (found[0], split_literal(term)[0])
    return ("string", iri_value(term)) if is_iri(term) else None


def _less_or_equal(a: str, b: str) -> bool:
    ka, kb = _order_key(a), _order_key(b)
    return ka is not None and kb is not None and ka[0] == kb[0] and ka[1] <= kb[1]  # type: ignore[operator]


def default_message(component: str, path: str, prop: PropertyShape | None = None) -> str:
    """What a result says when its shape has no sh:message (pyshacl words its own)."""
    if component == "MinCountConstraintComponent" and prop is not None:
        return f"Fewer than {prop.min_count} value(s) of {path}"
    if component == "MaxCountConstraintComponent" and prop is not None:
        return f"More than {prop.max_count} value(s) of {path}"
    key = component.removesuffix("ConstraintComponent")
    return f"Value does not meet sh:{key[:1].lower() + key[1:]}" + (f" on {path}" if path else "")


def _check_property(data: Data, focus: set[str], prop: PropertyShape, out: list[Result]) -> None:
    """Apply one property shape at every focus node."""
    pairs = data.path_pairs(focus, prop.path)

    def report(node: str, component: str, value: str = "") -> None:
        message = prop.message or default_message(component, prop.path_text, prop)
        out.append(Result(_show(node), prop.path_text, message, prop.severity, value, component))

    if prop.min_count is not None or prop.max_count is not None:
        counts = Counter(map(itemgetter(0), pairs))
        if prop.min_count == 1:
            for node in focus - counts.keys():
                report(node, "MinCountConstraintComponent")
        elif prop.min_count is not None:
            for node in focus:
                if counts.get(node, 0) < prop.min_count:
                    report(node, "MinCountConstraintComponent")
        if prop.max_count is not None and len(pairs) > (len(counts) if prop.max_count else 0):
            for node, n in counts.items():
                if n > prop.max_count:
                    report(node, "MaxCountConstraintComponent")
    if prop.tests:
        values = set(map(itemgetter(1), pairs))
        for t in prop.tests:
            failed = t.failures(values, data)
            for node, v in pairs:
                if v in failed:
                    report(node, t.component, _show(v))
    for p in prop.less_or_equal:
        others = data.index(p)
        for node, v in pairs:
            for w in others.get(node, ()):
                if not _less_or_equal(v, w):
                    report(node, "LessThanOrEqualsConstraintComponent", _show(v))
    _check_disjoint(data, pairs, prop, report)


def _check_disjoint(data: Data, pairs, prop: PropertyShape, report) -> None:
    for p in prop.disjoint:
        others = data.index(p)
        for node, v in pairs:
            if v in others.get(node, ()):
                report(node, "DisjointConstraintComponent", _show(v))


def check(shapes: Iterable[NodeShape], graph: Quads) -> list[Result]:
    """Every result of ``shapes`` on the merged graph of ``graph``, sorted."""
    data = Data(graph)
    out: list[Result] = []
    for shape in shapes:
        focus = data.focus_nodes(shape)
        for t in shape.tests:
            for node in focus:
                if not t.test(node, data):
                    message = shape.message or default_message(t.component, "")
                    out.append(Result(_show(node), "", message, shape.severity, _show(node), t.component))
        for prop in shape.properties:
            _check_property(data, focus, prop, out)
    out.sort()
    return out
