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


def find_node(store: GraphStore, name: str, classes: tuple[str, ...] = NODES,
              what: str = "stakeholder, initiative or moment") -> str:
    """The IRI of the one node called ``name`` (or ``name`` itself when it is an IRI there)."""
    if name.startswith(("http://", "https://")):
        if store.query("SELECT ?iri ?t WHERE { ?iri a ?t } LIMIT 1", bindings={"iri": ox.NamedNode(name)}):
            return name
        raise QueryError(f"no node with IRI <{name}> in the graph")
    rows = store.query(_NAMES % " ".join(classes))
    key = normalise(name)
    by_label = {r["iri"]: r["label"] for r in rows if normalise(str(r["name"])) == key}
    if len(by_label) == 1:
        return next(iter(by_label))
    if len(by_label) > 1:
        # A label that is exactly the name wins over aliases that happen to match.
        exact = [iri for iri, label in by_label.items() if normalise(str(label)) == key]
        if len(exact) == 1:
            return exact[0]
        names = "; ".join(f"{label} <{iri}>" for iri, label in sorted(by_label.items()))
        raise QueryError(f"'{name}' names more than one node: {names}; give the IRI instead")
    names = sorted({str(r["name"]) for r in rows})
    close = [m[0] for m in process.extract(name, names, scorer=fuzz.WRatio, limit=3, score_cutoff=60)]
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    raise QueryError(f"no {what} named '{name}'{hint} "
                     f"(run 'changemap query stakeholders' for the names)")


def bind_stakeholder(store: GraphStore, values: dict[str, str]) -> list[dict[str, ox.NamedNode]]:
    """``--param name=…`` → ``?node``, for ``ego``."""
    return [{"node": ox.NamedNode(find_node(store, values["name"], STAKEHOLDERS, "stakeholder"))}]


def bind_node_or_edge(store: GraphStore, values: dict[str, str]) -> list[dict[str, ox.NamedNode]]:
    """``--param node=NAME`` → that node; ``node=A -- B`` → every engagement between A and B."""
    text = values["node"]
    parts = _EDGE.split(text)
    if len(parts) == 1:
        return [{"node": ox.NamedNode(find_node(store, text))}]
    if len(parts) != 2:
        raise QueryError(f"'{text}': name one node, or one edge as 'A -- B'")
    a, b = (ox.NamedNode(find_node(store, p, STAKEHOLDERS, "stakeholder")) for p in parts)
    found = store.query(_ENGAGEMENTS, bindings={"a": a, "b": b})
    if not found:
        raise QueryError(f"no engagement between '{parts[0]}' and '{parts[1]}' is recorded; "
                         f"run 'changemap query ego --param name=\"{parts[0]}\"' for its partners")
    return [{"node": ox.NamedNode(str(r["e"]))} for r in sorted(found, key=lambda r: str(r["e"]))]
