"""Compile SHACL shapes into plain Python checks.

pyshacl is the reference SHACL engine, but on a graph of 900,000 triples it
spends a minute walking rdflib objects.  The project's shapes use a small
part of SHACL, so they are compiled once into :class:`NodeShape` and
:class:`PropertyShape` records whose value tests are Python functions over
the text terms of :mod:`changemap.graph.terms`; :mod:`.shacl_run` applies
them to a graph.  Anything outside that part -- a path other than a
predicate or a sequence of predicates, a constraint this module does not
know -- is refused with :class:`UnsupportedShapeError` rather than skipped.

Supported: targets (``sh:targetClass`` with subclasses, ``sh:targetNode``,
``sh:targetSubjectsOf``, ``sh:targetObjectsOf``); ``sh:property`` with
``sh:path``; ``sh:minCount``, ``sh:maxCount``, ``sh:lessThanOrEquals``, ``sh:disjoint``;
value tests ``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:in``,
``sh:minLength``, ``sh:maxLength``, ``sh:pattern`` (with ``sh:flags``),
``sh:minInclusive``, ``sh:maxInclusive``, ``sh:minExclusive``,
``sh:maxExclusive``, ``sh:node`` and ``sh:or`` (of shapes made of value
tests); ``sh:message`` and ``sh:severity``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from ..errors import OntologyError
from ..ontology import SHAPES_FILE
from ..ontology.namespaces import RDF, RDFS, SH, XSD
from .quads import Subjects, group, normalise, rows_of
from .terms import LANG_STRING, XSD_STRING, iri_value, is_blank, is_iri, is_literal, split_literal

_SH = f"<{SH}"
_TYPE, _FIRST, _REST, _NIL = (f"<{RDF}{x}>" for x in ("type", "first", "rest", "nil"))
# Predicates on a shape that say nothing to validate.
_DESCRIPTIVE = {_TYPE, f"<{RDFS}comment>", f"<{RDFS}label>", f"<{RDFS}seeAlso>",
                f"<{SH}name>", f"<{SH}description>", f"<{SH}order>", f"<{SH}group>"}
_CLASSES = (f"<{RDFS}Class>", "<http://www.w3.org/2002/07/owl#Class>")
_TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
_VALUE_TESTS = ("class", "datatype", "nodeKind", "in", "minLength", "maxLength", "pattern", "minInclusive",
                "maxInclusive", "minExclusive", "maxExclusive", "node", "or")
_NODE_KEYS = {*_TARGETS, *_VALUE_TESTS, "property", "message", "severity", "flags"}
_PROPERTY_KEYS = {*_VALUE_TESTS, "path", "minCount", "maxCount", "lessThanOrEquals", "disjoint", "message", "severity",
                  "flags"}
# Lexical forms checked for these datatypes (XSD 1.1 grammar); others pass, as in pyshacl.
_LEXICAL = {XSD + k: re.compile(v) for k, v in {
    "integer": r"[+-]?[0-9]+\Z",
    "decimal": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)\Z",
    "float": r"([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN)\Z",
    "double": r"([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN)\Z",
    "boolean": r"(true|false|1|0)\Z",
    "date": r"-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?\Z",
    "dateTime": r"-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
                r"(Z|[+-][0-9]{2}:[0-9]{2})?\Z",
}.items()}
_NUMERIC = {XSD + t for t in ("integer", "decimal", "float", "double", "int", "long", "short", "byte",
                              "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
                              "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_INTEGER_SUFFIX = f'"^^<{XSD}integer>'
_NODE_KINDS = {
    "IRI": (True, False, False), "BlankNode": (False, True, False), "Literal": (False, False, True),
    "BlankNodeOrIRI": (True, True, False), "BlankNodeOrLiteral": (False, True, True),
    "IRIOrLiteral": (True, False, True),
}
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}


class UnsupportedShapeError(OntologyError):
    """A shape uses SHACL that the compiled validator does not implement."""


class Instances(Protocol):
    """What value tests may ask of the data graph."""

    def instances(self, cls: str) -> set[str]:
        """The nodes typed ``cls`` or one of its subclasses."""


# A value test gets the value and the data graph; True when the value conforms.
Test = Callable[[str, Instances], bool]


@dataclass(frozen=True)
class ValueTest:
    component: str  # the SHACL constraint component, e.g. 'DatatypeConstraintComponent'
    test: Test
    # The same test on a set of values at once, returning those that fail (faster for some).
    failing: Callable[[set[str], Instances], set[str]] | None = None

    def failures(self, values: set[str], data: Instances) -> set[str]:
        if self.failing is not None:
            return self.failing(values, data)
        test = self.test
        return {v for v in values if not test(v, data)}


@dataclass(frozen=True)
class PropertyShape:
    """The checks of one ``sh:property``: on the values of ``path`` at each focus node."""

    path: tuple[str, ...]  # a predicate, or a sequence of predicates (text terms)
    min_count: int | None
    max_count: int | None
    less_or_equal: tuple[str, ...]
    tests: tuple[ValueTest, ...]
    message: str
    severity: str
    disjoint: tuple[str, ...] = ()  # predicates whose values at the focus node must differ from the path's

    @property
    def path_text(self) -> str:
        """The path as reported: the IRI, or a SPARQL sequence of IRIs."""
        return iri_value(self.path[0]) if len(self.path) == 1 else "/".join(self.path)


@dataclass(frozen=True)
class NodeShape:
    """A shape with targets: which nodes it checks, its own value tests and its properties."""

    name: str
    target_classes: tuple[str, ...]
    target_nodes: tuple[str, ...]
    subjects_of: tuple[str, ...]
    objects_of: tuple[str, ...]
    tests: tuple[ValueTest, ...]
    properties: tuple[PropertyShape, ...]
    message: str
    severity: str


class _Shapes:
    """Reading a shapes graph held as text terms."""

    def __init__(self, subjects: Subjects, source: str):
        self.subjects = subjects
        self.source = source

    def objects(self, s: str, key: str) -> list[str]:
        p = f"{_SH}{key}>"
        return [o for q, o in self.subjects.get(s, ()) if q == p]

    def one(self, s: str, key: str) -> str | None:
        values = self.objects(s, key)
        if len(values) > 1:
            self.refuse(s, f"has {len(values)} values of sh:{key}; give one")
        return values[0] if values else None

    def items(self, head: str) -> list[str]:
        out = []
        while head != _NIL:
            first = [o for q, o in self.subjects.get(head, ()) if q == _FIRST]
            rest = [o for q, o in self.subjects.get(head, ()) if q == _REST]
            if len(first) != 1 or len(rest) != 1:
                raise UnsupportedShapeError(f"{self.source}: {head} is not a well-formed RDF list")
            out.append(first[0])
            head = rest[0]
        return out

    def keys(self, s: str) -> set[str]:
        keys = set()
        for p, _ in self.subjects.get(s, ()):
            if p.startswith(_SH):
                keys.add(p[len(_SH):-1])
            elif p not in _DESCRIPTIVE:
                self.refuse(s, f"has {p}, which is not SHACL")
        return keys

    def refuse(self, shape: str, what: str) -> None:
        raise UnsupportedShapeError(
            f"{self.source}: shape {shape} {what}; the compiled validator cannot check it -- "
            "rewrite the shape with the supported features or validate with --engine pyshacl")

    def check_keys(self, s: str, allowed: set[str], kind: str) -> set[str]:
        keys = self.keys(s)
        if keys - allowed:
            self.refuse(s, f"uses {', '.join('sh:' + k for k in sorted(keys - allowed))}, "
                        f"not supported on a {kind}")
        return keys

    def message(self, s: str) -> str:
        """The shape's sh:message (in English if it has several), '' if it has none."""
        texts = self.objects(s, "message")
        english = [t for t in texts if t.endswith("@en")]
        return split_literal((english or texts)[0])[0] if texts else ""

    def severity(self, s: str) -> str:
        value = self.one(s, "severity")
        return iri_value(value).rsplit("#", 1)[-1] if value else "Violation"

    def integer(self, s: str, key: str) -> int | None:
        value = self.one(s, key)
        if value is None:
            return None
        lexical, datatype, _ = split_literal(value) if is_literal(value) else ("", "", "")
        if datatype != XSD + "integer" or not _LEXICAL[datatype].match(lexical):
            self.refuse(s, f"has sh:{key} {value}, which is not an xsd:integer")
        return int(lexical)


def literal_order(term: str) -> tuple[str, object] | None:
    """('number', Decimal) or ('string'|datatype, text) of a literal, for ordering; None if not one."""
    if not is_literal(term):
        return None
    if term.endswith(_INTEGER_SUFFIX):  # the common case, without the general parse
        lexical = term[1:-len(_INTEGER_SUFFIX)]
        digits = lexical[1:] if lexical[:1] in ("+", "-") else lexical
        if digits.isascii() and digits.isdigit():
            return "number", int(lexical)
    lexical, datatype, _ = split_literal(term)
    if datatype in _NUMERIC:
        try:
            return "number", Decimal(lexical.strip())
        except InvalidOperation:
            return None
    if datatype in (XSD_STRING, LANG_STRING):
        return "string", lexical
    return datatype, lexical


def _compare(value: str, bound: str) -> int | None:
    """-1, 0 or 1 when ``value`` and ``bound`` are comparable literals; else None."""
    a, b = literal_order(value), literal_order(bound)
    if a is None or b is None or a[0] != b[0]:
        return None
    return (a[1] > b[1]) - (a[1] < b[1])  # type: ignore[operator]


def _range_test(bound: str, accept: Callable[[int], bool]) -> Test:
    def test(v: str, _data) -> bool:
        c = _compare(v, bound)
        return c is not None and accept(c)
    return test


def _datatype_test(datatype: str) -> Test:
    if datatype == XSD_STRING:
        return lambda v, _t: v[0] == '"' and v[-1] == '"'
    if datatype == LANG_STRING:
        return lambda v, _t: v[0] == '"' and v[-1] not in '">'
    if datatype == RDFS + "Literal":
        return lambda v, _t: v[0] == '"'
    suffix, lexical = f'"^^<{datatype}>', _LEXICAL.get(datatype)
    cut = len(suffix)

    def test(v: str, _data) -> bool:
        if v[0] != '"' or not v.endswith(suffix):
            return False
        if lexical is None:
            return True
        if "\\" in v:
            return bool(lexical.match(split_literal(v)[0]))
        return bool(lexical.match(v, 1, len(v) - cut))
    return test


def _text(v: str) -> str | None:
    """What string tests see: a literal's lexical form, an IRI; None for a blank node."""
    if is_literal(v):
        return split_literal(v)[0]
    return None if is_blank(v) else iri_value(v)


def _value_tests(shapes: _Shapes, s: str, keys: set[str]) -> list[ValueTest]:
    tests: list[ValueTest] = []

    def add(component: str, test: Test, failing: Callable[[set[str], Instances], set[str]] | None = None) -> None:
        tests.append(ValueTest(component + "ConstraintComponent", test, failing))

    for cls in shapes.objects(s, "class"):
        add("Class", lambda v, data, c=cls: v in data.instances(c),
            lambda values, data, c=cls: values - data.instances(c))
    for dt in shapes.objects(s, "datatype"):
        add("Datatype", _datatype_test(iri_value(dt)))
    for kind in shapes.objects(s, "nodeKind"):
        name = iri_value(kind).rsplit("#", 1)[-1]
        if name not in _NODE_KINDS:
            shapes.refuse(s, f"has sh:nodeKind {kind}, which SHACL does not define")
        ok_iri, ok_blank, ok_literal = _NODE_KINDS[name]
        add("NodeKind", lambda v, _t, a=ok_iri, b=ok_blank, c=ok_literal:
            (a and is_iri(v)) or (b and is_blank(v)) or (c and is_literal(v)))
    for head in shapes.objects(s, "in"):
        allowed = frozenset(shapes.items(head))
        add("In", lambda v, _t, a=allowed: v in a, lambda values, _t, a=allowed: values - a)
    for key, component, accept in (("minLength", "MinLength", lambda n, m: n >= m),
                                    ("maxLength", "MaxLength", lambda n, m: n <= m)):
        limit = shapes.integer(s, key)
        if limit is not None:
            add(component, lambda v, _t, m=limit, ok=accept: (t := _text(v)) is not None and ok(len(t), m))
    pattern = shapes.one(s, "pattern")
    if pattern is not None:
        flags = 0
        for f in (split_literal(x)[0] for x in shapes.objects(s, "flags")):
            for letter in f:
                if letter not in _FLAGS:
                    shapes.refuse(s, f"has sh:flags '{f}'; supported flags are i, m, s and x")
                flags |= _FLAGS[letter]
        regex = re.compile(split_literal(pattern)[0], flags)
        add("Pattern", lambda v, _t, r=regex: (t := _text(v)) is not None and r.search(t) is not None)
    elif "flags" in keys:
        shapes.refuse(s, "has sh:flags without sh:pattern")
    for key, accept in (("minInclusive", lambda c: c >= 0), ("maxInclusive", lambda c: c <= 0),
                        ("minExclusive", lambda c: c > 0), ("maxExclusive", lambda c: c < 0)):
        for bound in shapes.objects(s, key):
            add(key[0].upper() + key[1:], _range_test(bound, accept))
    for other in shapes.objects(s, "node"):
        inner = _tests_only(shapes, other)
        add("Node", lambda v, data, inner=inner: all(t.test(v, data) for t in inner),
            lambda values, data, inner=inner: set().union(*(t.failures(values, data) for t in inner)))
    for head in shapes.objects(s, "or"):
        options = [_tests_only(shapes, member) for member in shapes.items(head)]
        add("Or", lambda v, data, options=options: any(all(t.test(v, data) for t in o) for o in options))
    return tests


def _tests_only(shapes: _Shapes, s: str) -> list[ValueTest]:
    """The value tests of a shape used by sh:node or sh:or, which may hold nothing else."""
    keys = shapes.check_keys(s, set(_VALUE_TESTS) | {"message", "severity", "flags"},
                             "shape used by sh:node or sh:or (value tests only)")
    return _value_tests(shapes, s, keys)


def _property(shapes: _Shapes, s: str) -> PropertyShape:
    keys = shapes.check_keys(s, _PROPERTY_KEYS, "property shape")
    path = shapes.one(s, "path")
    if path is None:
        shapes.refuse(s, "is a property shape without sh:path")
    steps = [path] if is_iri(path) else shapes.items(path) if any(
        p == _FIRST for p, _ in shapes.subjects.get(path, ())) else []
    if not steps or not all(is_iri(step) for step in steps):
        shapes.refuse(s, f"has sh:path {path}; only a predicate or a sequence of predicates is supported")
    return PropertyShape(tuple(steps), shapes.integer(s, "minCount"), shapes.integer(s, "maxCount"),
                         tuple(shapes.objects(s, "lessThanOrEquals")), tuple(_value_tests(shapes, s, keys)),
                         shapes.message(s), shapes.severity(s), tuple(shapes.objects(s, "disjoint")))


def compile_shapes(subjects: Subjects, source: str = "shapes") -> list[NodeShape]:
    """Every shape with a target, compiled; helper shapes are inlined where used."""
    shapes = _Shapes(subjects, source)
    compiled = []
    for s in sorted(subjects):
        if any(p == f"{_SH}deactivated>" for p, _ in subjects[s]):
            shapes.refuse(s, "uses sh:deactivated")
        if {(_TYPE, c) for c in _CLASSES} & set(subjects[s]) and (_TYPE, f"{_SH}NodeShape>") in subjects[s]:
            shapes.refuse(s, "is a class as well as a shape (an implicit class target)")
        targets = {key: tuple(shapes.objects(s, key)) for key in _TARGETS}
        if not any(targets.values()):
            continue
        keys = shapes.check_keys(s, _NODE_KEYS, "node shape")
        compiled.append(NodeShape(
            s, targets["targetClass"], targets["targetNode"], targets["targetSubjectsOf"],
            targets["targetObjectsOf"], tuple(_value_tests(shapes, s, keys)),
            tuple(_property(shapes, p) for p in shapes.objects(s, "property")),
            shapes.message(s), shapes.severity(s)))
    return compiled


def parse_shapes(path: Path | str) -> list[NodeShape]:
    """Compile the shapes in a Turtle file."""
    try:
        quads = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        subjects = normalise(group(rows_of(quads))).get("", {})
    except (OSError, SyntaxError) as err:
        raise OntologyError(f"{path}: cannot read the SHACL shapes ({err})") from err
    return compile_shapes(subjects, str(path))


@lru_cache(maxsize=1)
def project_shapes() -> list[NodeShape]:
    """The packaged shapes (changemap/ontology/shapes.ttl), compiled once."""
    return parse_shapes(SHAPES_FILE)
