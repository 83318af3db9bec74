"""RDF ↔ property graph, both ways, with nothing lost.

:func:`from_triples` turns a built graph's triples into :class:`PropertyGraph`
nodes and relationships (the mapping of :mod:`changemap.neo4j.schema`), and
:func:`to_triples` turns them back; ``to_triples(from_triples(g))`` is ``g``
without the ontology's own axioms, which the package puts back on import.

Literal values become Neo4j values: strings, integers, floats, booleans, and
``xsd:date`` as a Neo4j date.  A language tag or a datatype that the value's own
type does not imply (``"2019"^^xsd:gYear`` is stored as the integer 2019) is
recorded in the node's ``_types`` list, so the literal comes back exactly.
A predicate that may repeat is always a list; one with at most one value (by the
shapes) is a plain property.

Each engagement also gives its parties a derived ``ENGAGES_WITH`` relationship
per mode (from the lower IRI to the higher) with ``evidence_count`` (distinct
quotes behind the pair's engagements in that mode) and ``engagements``; it is
not read back, being derived.

>>> import pyoxigraph as ox
>>> from changemap.ontology.namespaces import RDFS
>>> t = ox.Triple(ox.NamedNode("https://w3id.org/changemap/id/x"), ox.NamedNode(RDFS + "label"),
...               ox.Literal("Alder Trust", language="en"))
>>> g = from_triples([t])
>>> node = g.nodes["https://w3id.org/changemap/id/x"]
>>> node.props["label"], node.props["_types"]
(['Alder Trust'], ['label|0|@en'])
>>> to_triples(g) == {t}
True
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..errors import Neo4jMappingError
from ..ontology.namespaces import CM, PROV, RDF, XSD
from .schema import ENGAGES_WITH, RDF_TYPE, RESERVED_LABELS, TYPES_KEY, Schema, local_name, schema

XSD_STRING = XSD + "string"
XSD_INTEGER = XSD + "integer"
XSD_DECIMAL = XSD + "decimal"
XSD_BOOLEAN = XSD + "boolean"
XSD_DATE = XSD + "date"
LANG_STRING = RDF + "langString"
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger",
                              "gYear")}
_INT = re.compile(r"-?(0|[1-9][0-9]*)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")

ENGAGEMENT_LABEL = "Engagement"


@dataclass
class Node:
    """A node: its IRI, its class labels (sorted; the base label is not listed) and
    its properties (``iri`` included)."""

    iri: str
    labels: tuple[str, ...] = ()
    props: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Rel:
    """A relationship ``(start)-[:type]->(end)``; ``props`` only on ``ENGAGES_WITH``."""

    start: str
    type: str
    end: str
    props: tuple[tuple[str, object], ...] = ()

    @property
    def key(self) -> tuple[str, str, str, object]:
        """What identifies it: ends, type, and the mode of an ENGAGES_WITH."""
        return self.start, self.type, self.end, dict(self.props).get("mode")


@dataclass
class PropertyGraph:
    nodes: dict[str, Node]
    rels: list[Rel]

    def counts(self) -> dict[str, int]:
        derived = sum(1 for r in self.rels if r.type == ENGAGES_WITH)
        return {"nodes": len(self.nodes), "relationships": len(self.rels) - derived, "engages_with": derived}


# -- literals ------------------------------------------------------------------------------

def to_value(lit: ox.Literal) -> tuple[object, str | None]:
    """A literal as a Neo4j value and the tag it needs to come back exactly, if any:
    ``@lang``, ``^^datatype``, or ``^^datatype=lexical form`` when the value's own
    form differs (``"1.000"^^xsd:decimal`` is the float 1.0 with its form kept).

    >>> to_value(ox.Literal("0.8", datatype=ox.NamedNode(XSD_DECIMAL)))
    (0.8, None)
    >>> to_value(ox.Literal("1.000", datatype=ox.NamedNode(XSD_DECIMAL)))
    (1.0, '^^http://www.w3.org/2001/XMLSchema#decimal=1.000')
    >>> to_value(ox.Literal("2019", datatype=ox.NamedNode(XSD + "gYear")))
    (2019, '^^http://www.w3.org/2001/XMLSchema#gYear')
    """
    lex, dtype = lit.value, lit.datatype.value
    if lit.language:
        return lex, "@" + lit.language
    if dtype == XSD_STRING:
        return lex, None
    if dtype in _INTEGERS and _INT.fullmatch(lex):
        return int(lex), None if dtype == XSD_INTEGER else "^^" + dtype
    if dtype == XSD_DECIMAL and _DECIMAL.fullmatch(lex):
        number = float(lex)
        return number, None if repr(number) == lex else f"^^{dtype}={lex}"
    if dtype == XSD_BOOLEAN and lex in ("true", "false"):
        return lex == "true", None
    if dtype == XSD_DATE and _DATE.fullmatch(lex):
        try:
            return dt.date.fromisoformat(lex), None
        except ValueError:
            pass
    return lex, "^^" + dtype


def _default_datatype(value: object) -> str:
    if isinstance(value, bool):
        return XSD_BOOLEAN
    if isinstance(value, int):
        return XSD_INTEGER
    if isinstance(value, float):
        return XSD_DECIMAL
    if isinstance(value, dt.date):
        return XSD_DATE
    return XSD_STRING


def _lexical(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def to_literal(value: object, suffix: str | None = None) -> ox.Literal:
    """The literal that :func:`to_value` made ``value`` and ``suffix`` from."""
    if hasattr(value, "to_native"):  # neo4j.time.Date
        value = value.to_native()
    if suffix and suffix.startswith("@"):
        return ox.Literal(str(value), language=suffix[1:])
    lexical = _lexical(value)
    if suffix and "=" in suffix:
        suffix, lexical = suffix.split("=", 1)
    dtype = suffix[2:] if suffix else _default_datatype(value)
    return ox.Literal(lexical, datatype=ox.NamedNode(dtype))


def _encode(key: str, literals: list[ox.Literal], single: bool) -> tuple[object, list[str]]:
    """A property's value (scalar or list) and its ``_types`` entries."""
    if len(literals) == 1:  # the common case, without sorting
        value, suffix = to_value(literals[0])
        return (value if single else [value]), ([f"{key}|0|{suffix}"] if suffix else [])
    pairs = [to_value(lit) for lit in literals]
    if len({type(v) for v, _ in pairs}) > 1:  # a Neo4j list holds one type: keep them all as text
        pairs = [(lit.value, None if lit.datatype.value == XSD_STRING and not lit.language
                  else ("@" + lit.language if lit.language else "^^" + lit.datatype.value)) for lit in literals]
    pairs.sort(key=lambda p: (_lexical(p[0]), p[1] or ""))
    types = [f"{key}|{i}|{suffix}" for i, (_, suffix) in enumerate(pairs) if suffix]
    values = [v for v, _ in pairs]
    return (values[0] if single and len(values) == 1 else values), types


# -- RDF → property graph ------------------------------------------------------------------

def from_triples(triples: Iterable[ox.Triple | ox.Quad], mapping: Schema | None = None) -> PropertyGraph:
    """The property graph of ``triples`` (the ontology's own axioms are left out)."""
    m = mapping or schema()
    labels: dict[str, set[str]] = {}
    literals: dict[tuple[str, str], set[ox.Literal]] = {}
    rels: set[tuple[str, str, str]] = set()
    skip = m.schema_subjects
    names: dict[ox.NamedNode, tuple[str, str, str]] = {}  # predicate -> (IRI, key, type), looked up once
    classes: dict[ox.NamedNode, str] = {}
    for t in triples:
        s, o = t.subject, t.object
        if not isinstance(s, ox.NamedNode):
            if isinstance(s, ox.BlankNode):
                continue
            raise Neo4jMappingError(f"subject {s} is not an IRI; the Neo4j mapping takes IRIs only")
        subject = s.value
        if subject in skip:
            continue
        pred = t.predicate
        name = names.get(pred)
        if name is None:
            p = pred.value
            name = names[pred] = (p, m.keys.get(p, ""), m.rel_types.get(p, "") if p != RDF_TYPE else "")
        mine = labels.get(subject)
        if mine is None:
            mine = labels[subject] = set()
        if isinstance(o, ox.Literal):
            got = literals.get((subject, name[1] or m.key(name[0])))
            if got is None:
                got = literals[(subject, name[1])] = set()
            got.add(o)
        elif isinstance(o, ox.NamedNode):
            if name[0] == RDF_TYPE:
                label = classes.get(o)
                if label is None:
                    label = classes[o] = m.label(o.value)
                mine.add(label)
            else:
                target = o.value
                rels.add((subject, name[2] or m.rel_type(name[0]), target))
                if target not in labels:
                    labels[target] = set()
        else:
            raise Neo4jMappingError(f"<{subject}> <{name[0]}> has a blank node as its object; the Neo4j mapping "
                                    "needs IRIs (a changemap build never writes one outside the ontology)")
    single_keys = {m.keys[p] for p in m.single}
    by_subject: dict[str, list[str]] = defaultdict(list)
    for subject, key in literals:
        by_subject[subject].append(key)
    nodes: dict[str, Node] = {}
    for iri in sorted(labels):
        props: dict[str, object] = {"iri": iri}
        types: list[str] = []
        for key in sorted(by_subject.get(iri, ())):
            props[key], more = _encode(key, list(literals[(iri, key)]), key in single_keys)
            if more:
                types += more
        if types:
            props[TYPES_KEY] = types
        nodes[iri] = Node(iri, tuple(sorted(labels[iri])), props)
    rels_out = [Rel(a, t, b) for a, t, b in rels]
    out = sorted(rels_out, key=lambda r: (r.type, r.start, r.end))
    return PropertyGraph(nodes, out + engages_with(nodes, out, m))


def engages_with(nodes: dict[str, Node], rels: list[Rel], m: Schema) -> list[Rel]:
    """The derived ``ENGAGES_WITH`` relationships, one per pair of parties and mode."""
    party, mode, derived = m.rel_type(CM + "party"), m.rel_type(CM + "mode"), m.rel_type(PROV + "wasDerivedFrom")
    parties: dict[str, set[str]] = defaultdict(set)
    modes: dict[str, set[str]] = defaultdict(set)
    evidence: dict[str, set[str]] = defaultdict(set)
    for r in rels:
        if r.type == party:
            parties[r.start].add(r.end)
        elif r.type == mode:
            modes[r.start].add(local_name(r.end))
        elif r.type == derived:
            evidence[r.start].add(r.end)
    quotes: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    count: dict[tuple[str, str, str], int] = defaultdict(int)
    for eng, members in parties.items():
        if ENGAGEMENT_LABEL not in nodes[eng].labels:
            continue
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                for md in modes.get(eng, ()):
                    quotes[(a, b, md)] |= evidence.get(eng, set())
                    count[(a, b, md)] += 1
    return [Rel(a, ENGAGES_WITH, b, (("mode", md), ("evidence_count", len(quotes[(a, b, md)])),
                                     ("engagements", count[(a, b, md)])))
            for a, b, md in sorted(count)]


# -- property graph → RDF ------------------------------------------------------------------

def node_triples(iri: str, labels: Iterable[str], props: dict[str, object],
                 mapping: Schema | None = None) -> Iterator[ox.Triple]:
    """The triples of one node read from a database."""
    m = mapping or schema()
    s = ox.NamedNode(iri)
    for label in labels:
        if label in RESERVED_LABELS:
            continue
        yield ox.Triple(s, ox.NamedNode(RDF_TYPE), ox.NamedNode(m.class_of(label)))
    suffixes: dict[tuple[str, int], str] = {}
    for entry in props.get(TYPES_KEY) or ():
        key, index, suffix = str(entry).split("|", 2)
        suffixes[(key, int(index))] = suffix
    for key, value in props.items():
        if key in ("iri", TYPES_KEY):
            continue
        p = ox.NamedNode(m.predicate_of_key(key))
        values = value if isinstance(value, list) else [value]
        for i, v in enumerate(values):
            yield ox.Triple(s, p, to_literal(v, suffixes.get((key, i))))


def to_triples(graph: PropertyGraph, mapping: Schema | None = None) -> set[ox.Triple]:
    """Every triple of ``graph`` (derived ``ENGAGES_WITH`` left out)."""
    m = mapping or schema()
    out: set[ox.Triple] = set()
    for node in graph.nodes.values():
        out.update(node_triples(node.iri, node.labels, node.props, m))
    for r in graph.rels:
        if r.type != ENGAGES_WITH:
            out.add(ox.Triple(ox.NamedNode(r.start), ox.NamedNode(m.predicate_of_type(r.type)), ox.NamedNode(r.end)))
    return out


def schema_triples(triples: Iterable[ox.Triple | ox.Quad], mapping: Schema | None = None) -> set[ox.Triple]:
    """The triples :func:`from_triples` leaves out: the ontology's own axioms."""
    m = mapping or schema()
    return {ox.Triple(t.subject, t.predicate, t.object) for t in triples
            if isinstance(t.subject, ox.BlankNode) or t.subject.value in m.schema_subjects}


__all__ = ["Node", "PropertyGraph", "Rel", "from_triples", "node_triples", "schema_triples", "to_literal",
           "to_triples", "to_value"]
