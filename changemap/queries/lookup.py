"""Find the node a user means by a name, for the ``ego`` and ``evidence`` queries.

Names match labels and aliases without regard to case or spacing; a name that
matches nothing gets the closest names as suggestions, and one that matches
several nodes lists them, so the user can say which.

>>> normalise("  Kelvary   PRIDE alliance ")
'kelvary pride alliance'
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rapidfuzz import fuzz, process

from ..errors import QueryError
from ..graph.store import GraphStore

_NAMES = """SELECT ?iri ?name ?label ?type WHERE {
  ?iri a ?type ; rdfs:label ?label .
  VALUES ?type { %s }
  { ?iri rdfs:label ?name } UNION { ?iri skos:altLabel ?name }
}"""
STAKEHOLDERS = ("cm:Stakeholder",)
NODES = ("cm:Stakeholder", "cm:Initiative", "cm:PivotalMoment", "cm:RecordingSystem", "cm:DataFlow",
         "cm:Interviewee")
_EDGE = re.compile(r"\s+(?:--|<->|↔|—)\s+")
_ENGAGEMENTS = """SELECT ?e ?a ?b WHERE { ?e a cm:Engagement ; cm:party ?a, ?b . }"""
_WORDS = re.compile(r"\s+")


def normalise(name: str) -> str:
    return _WORDS.sub(" ", name).strip().casefold()


def choose(name: str, nodes: dict[str, tuple[set[str], set[str]]],
           what: str = "stakeholder, initiative or moment") -> str:
    """The IRI of the one node of ``nodes`` (IRI → labels, other names) that ``name`` means.

    A label that is exactly the name wins over aliases that happen to match; several
    matches, or none, raise a :class:`QueryError` that lists them or suggests names.

    >>> choose("kpa", {"urn:a": ({"Kelvary Pride Alliance"}, {"KPA"}), "urn:b": ({"Birch"}, set())})
    'urn:a'
    """
    key = normalise(name)
    matched = {iri: labels for iri, (labels, aliases) in nodes.items()
               if any(normalise(v) == key for v in (*labels, *aliases))}
    if len(matched) == 1:
        return next(iter(matched))
    if len(matched) > 1:
        exact = [iri for iri, labels in matched.items() if any(normalise(v) == key for v in labels)]
        if len(exact) == 1:
            return exact[0]
        names = "; ".join(f"{min(labels)} <{iri}>" for iri, labels in sorted(matched.items()))
        raise QueryError(f"'{name}' names more than one node: {names}; give the IRI instead")
    names = sorted({v for labels, aliases in nodes.values() for v in (*labels, *aliases)})
    close = [m[0] for m in process.extract(name, names, scorer=fuzz.WRatio, limit=3, score_cutoff=60)]
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    raise QueryError(f"no {what} named '{name}'{hint} "
                     f"(run 'changemap query stakeholders' for the names)")


def split_edge(text: str) -> list[str]:
    """``"A -- B"`` → ``["A", "B"]``; a plain name → ``[name]``; more parts are refused."""
    parts = _EDGE.split(text)
    if len(parts) > 2:
        raise QueryError(f"'{text}': name one node, or one edge as 'A -- B'")
    return parts


def no_engagement(a: str, b: str) -> QueryError:
    return QueryError(f"no engagement between '{a}' and '{b}' is recorded; "
                      f"run 'changemap query ego --param name=\"{a}\"' for its partners")


def find_node(store: GraphStore, name: str, classes: tuple[str, ...] = NODES,
              what: str = "stakeholder, initiative or moment") -> str:
    """The IRI of the one node called ``name`` (or ``name`` itself when it is an IRI there)."""
    if name.startswith(("http://", "https://")):
        if store.query("SELECT ?iri ?t WHERE { ?iri a ?t } LIMIT 1", bindings={"iri": ox.NamedNode(name)}):
            return name
        raise QueryError(f"no node with IRI <{name}> in the graph")
    nodes: dict[str, tuple[set[str], set[str]]] = {}
    for r in store.query(_NAMES % " ".join(classes)):
        labels, names = nodes.setdefault(str(r["iri"]), (set(), set()))
        labels.add(str(r["label"]))
        names.add(str(r["name"]))
    return choose(name, nodes, what)


def bind_stakeholder(store: GraphStore, values: dict[str, str]) -> list[dict[str, ox.NamedNode]]:
    """``--param name=…`` → ``?node``, for ``ego``."""
    return [{"node": ox.NamedNode(find_node(store, values["name"], STAKEHOLDERS, "stakeholder"))}]


def bind_node_or_edge(store: GraphStore, values: dict[str, str]) -> list[dict[str, ox.NamedNode]]:
    """``--param node=NAME`` → that node; ``node=A -- B`` → every engagement between A and B."""
    text = values["node"]
    parts = split_edge(text)
    if len(parts) == 1:
        return [{"node": ox.NamedNode(find_node(store, text))}]
    a, b = (ox.NamedNode(find_node(store, p, STAKEHOLDERS, "stakeholder")) for p in parts)
    found = store.query(_ENGAGEMENTS, bindings={"a": a, "b": b})
    if not found:
        raise no_engagement(*parts)
    return [{"node": ox.NamedNode(str(r["e"]))} for r in sorted(found, key=lambda r: str(r["e"]))]
