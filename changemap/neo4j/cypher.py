"""Named queries in Cypher: the same answers as :func:`changemap.queries.run`, read from a
Neo4j database that :func:`changemap.neo4j.export_build` wrote.

A named query with a *Cypher twin* has ``changemap/queries/NAME.cypher`` beside its
``NAME.rq`` (and, for a parameter that changes the columns, ``NAME.VARIANT.cypher``:
``engagement-matrix.by-stakeholder.cypher``).  The Cypher does the matching, joins,
distinct counts, grouping and ordering; this module only joins the lists it returns
the way the SPARQL path joins ``GROUP_CONCAT`` cells, and gives the frame the SPARQL
path's columns, types and order, reusing its tidying steps (the query's ``post`` steps
and :func:`changemap.queries.tables.finish`).  Values reach the database as parameters.

Names given as parameters (``ego``'s ``name``, ``evidence``'s ``node``) are found as
:mod:`changemap.queries.lookup` finds them, with the same matching and messages.

>>> "gaps" in TWINS, "ego" in TWINS
(False, True)
>>> cypher_file("engagement-matrix", {"by": "stakeholder"}).name
'engagement-matrix.by-stakeholder.cypher'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import QueryError
from ..ontology.namespaces import CM, PREFIXES
from ..queries import NamedQuery, _columns, get, quotes
from ..queries import lookup as sparql_lookup
from ..queries.tables import ENGAGEMENT_COLUMNS, STAKEHOLDER_COLUMNS, finish
from .schema import schema
from .sync import Connection

QUERIES = Path(__file__).resolve().parent.parent / "queries"

#: The named queries that have a Cypher version (``queries/NAME.cypher``).
TWINS = ("data-flows", "drivers", "ego", "engagement-matrix", "engagements", "evidence", "findings", "initiatives",
         "recording-systems", "stakeholders", "timeline")

#: Parameter values that select another Cypher file: (query, parameter, value) → file stem.
VARIANTS = {("engagement-matrix", "by", "stakeholder"): "engagement-matrix.by-stakeholder"}

DIRECTION = PREFIXES["direction"]
CHALLENGE = PREFIXES["ftype"] + "challenge"

#: Every Cypher statement gets these (a statement ignores the ones it does not use).
COMMON = {"ns": dict(PREFIXES), "forward": DIRECTION + "forward", "backward": DIRECTION + "backward",
          "challenge": CHALLENGE}


def cypher_file(name: str, values: dict[str, str] | None = None) -> Path:
    """The Cypher file of query ``name`` for the parameters ``values``."""
    stem = name
    for (query, key, value), variant in VARIANTS.items():
        if query == name and (values or {}).get(key) == value:
            stem = variant
    return QUERIES / f"{stem}.cypher"


def cypher_files() -> dict[str, str]:
    """Every Cypher file of the package (file name → the query it belongs to)."""
    owners = {f"{stem}.cypher": query for (query, _, _), stem in VARIANTS.items()}
    return {path.name: owners.get(path.name, path.stem) for path in sorted(QUERIES.glob("*.cypher"))}


def require_twin(name: str) -> NamedQuery:
    """The named query ``name``, if it has a Cypher version (QueryError otherwise): a
    caller can check before it connects."""
    query = get(name)
    if name not in TWINS:
        raise QueryError(f"query '{name}' has no Cypher version; run it with --backend sparql (the default)")
    return query


def run_cypher(name: str, db: Connection, /, *, keep_iris: bool = False, **params: object) -> pd.DataFrame:
    """Run named query ``name`` on the database ``db``; the same frame as
    :func:`changemap.queries.run` gives on the graph that was exported there."""
    query = require_twin(name)
    values = query.values(params)
    frame = _STEPS[name](db, query, values)
    if not keep_iris:
        frame = frame.drop(columns=[c for c in query.hidden if c in frame.columns])
    return frame.reset_index(drop=True)


def _rows(db: Connection, name: str, values: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    return db.run(cypher_file(name, values).read_text(encoding="utf-8"), **COMMON, **params)


def _records(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """Rows as a frame built the way :meth:`GraphStore.frame` builds SPARQL rows (from
    tuples), so that pandas infers the same column types."""
    return pd.DataFrame.from_records([tuple(r[c] for c in columns) for r in rows], columns=columns)


def _text(values: Iterable[object]) -> str:
    """Distinct non-empty texts, sorted and '; '-joined (as ``tables._lists``)."""
    return "; ".join(sorted({v for v in values if isinstance(v, str) and v}))


def _bars(values: list[object]) -> str | None:
    """A list as the '|'-joined cell ``GROUP_CONCAT(DISTINCT …; separator="|")`` gives,
    unbound (None) when empty, for the query's own ``_split_lists`` step."""
    return "|".join(dict.fromkeys(str(v) for v in values)) if values else None


# -- one step per query: rows from Cypher → the SPARQL path's frame ---------------------------

def _table(name: str, columns: list[str], lists: tuple[str, ...]) -> Callable[..., pd.DataFrame]:
    """``stakeholders`` and ``engagements``: joined lists, then the types and order of
    :func:`~changemap.queries.tables.finish`."""

    def step(db: Connection, query: NamedQuery, values: dict[str, str]) -> pd.DataFrame:
        rows = _rows(db, name, values)
        for r in rows:
            for c in lists:
                r[c] = _text(r[c])
        frame = pd.DataFrame([[r[c] for c in columns] for r in rows], columns=columns, dtype=object)
        return finish(name, frame)

    return step


def _matrix(db: Connection, query: NamedQuery, values: dict[str, str]) -> pd.DataFrame:
    if values.get("by") == "stakeholder":
        columns = ["iri", "stakeholder", "kind", "mode", "engagements", "partners"]
    else:
        columns = ["source_kind", "target_kind", "mode", "engagements"]
    frame = _records(_rows(db, query.name, values), columns)
    counts = [c for c in ("engagements", "partners") if c in columns]
    frame[counts] = frame[counts].astype(int)  # counts stay integers with no rows, as pandas' groupby keeps them
    return frame


def _selected(columns: list[str]) -> Callable[..., pd.DataFrame]:
    """Queries whose SPARQL selects the rows and whose ``post`` steps tidy them: the same
    rows, lists as '|'-joined cells, then the same steps."""

    def step(db: Connection, query: NamedQuery, values: dict[str, str]) -> pd.DataFrame:
        rows = _rows(db, query.name, values)
        for r in rows:
            for c in columns:
                if isinstance(r[c], list):
                    r[c] = _bars(r[c])
        frame = _records(rows, columns)
        for post in query.post:
            frame = post(frame)
        return frame

    return step


def _ego(db: Connection, query: NamedQuery, values: dict[str, str]) -> pd.DataFrame:
    node = find_node(db, values["name"], STAKEHOLDERS, "stakeholder")
    found = _rows(db, "ego", values, node=node)
    if not found:  # the frame the SPARQL path makes of no rows, with the column types pandas gives it
        return quotes.ego(None, pd.DataFrame(columns=_columns(query.sparql())), values)  # type: ignore[arg-type]
    rows = _records(found, quotes.EGO_COLUMNS)
    rows["start"] = pd.to_numeric(rows["start"]).astype("Int64")
    rows["evidence_count"] = rows["evidence_count"].astype(int)
    return rows


def _evidence(db: Connection, query: NamedQuery, values: dict[str, str]) -> pd.DataFrame:
    nodes = node_or_edge(db, values["node"])
    rows = _rows(db, "evidence", values, nodes=nodes, classes=_classes())
    for r in rows:
        r["extracted_by"] = ", ".join(sorted({v for v in r["extracted_by"] if isinstance(v, str) and v}))
    frame = pd.DataFrame([tuple(r[c] for c in ["node", *quotes.EVIDENCE_COLUMNS[1:]]) for r in rows],
                         columns=quotes.EVIDENCE_COLUMNS)
    for c in ("start", "end"):
        frame[c] = frame[c].astype("Int64")
    return frame


@lru_cache(maxsize=1)
def _classes() -> dict[str, str]:
    """Node label → the local name of its changemap class (``Document`` → ``SourceDocument``)."""
    return {label: iri[len(CM):] for iri, label in schema().labels.items() if iri.startswith(CM)}


_STEPS: dict[str, Callable[[Connection, NamedQuery, dict[str, str]], pd.DataFrame]] = {
    "stakeholders": _table("stakeholders", STAKEHOLDER_COLUMNS, ("aliases", "target_groups")),
    "engagements": _table("engagements", ENGAGEMENT_COLUMNS, ()),
    "engagement-matrix": _matrix,
    "timeline": _selected(["iri", "date", "label", "direction", "scale", "drivers", "actors", "outcomes",
                           "evidence_count"]),
    "drivers": _selected(["driver", "forward", "backward", "moments", "actors"]),
    "initiatives": _selected(["iri", "name", "type", "owners", "partners", "target_groups", "addresses", "findings",
                              "documents"]),
    "findings": _selected(["iri", "type", "theme", "strands", "text", "document", "about"]),
    "recording-systems": _selected(["iri", "system", "name", "type", "operator", "operator_kind", "flows_out",
                                    "flows_in", "evidence_count"]),
    "data-flows": _selected(["iri", "from_operator", "from_type", "to_operator", "to_type", "what", "frequency",
                             "evidence_count", "quote"]),
    "ego": _ego,
    "evidence": _evidence,
}


# -- finding the node a user means (changemap.queries.lookup, on the database) -----------------

STAKEHOLDERS = ("Stakeholder",)
NODES = ("Stakeholder", "Initiative", "PivotalMoment", "RecordingSystem", "DataFlow", "Interviewee")
_NAMES = {
    STAKEHOLDERS: """MATCH (n:Stakeholder) WHERE n.label IS NOT NULL
RETURN n.iri AS iri, n.label AS labels, coalesce(n.alt_label, []) AS aliases""",
    NODES: """CALL {
  MATCH (n:Stakeholder) RETURN n
  UNION MATCH (n:Initiative) RETURN n
  UNION MATCH (n:PivotalMoment) RETURN n
  UNION MATCH (n:RecordingSystem) RETURN n
  UNION MATCH (n:DataFlow) RETURN n
  UNION MATCH (n:Interviewee) RETURN n
}
WITH n WHERE n.label IS NOT NULL
RETURN n.iri AS iri, n.label AS labels, coalesce(n.alt_label, []) AS aliases""",
}
_TYPED = "MATCH (n:Changemap {iri: $iri}) RETURN labels(n) AS labels"
_ENGAGEMENTS = """MATCH (a:Changemap {iri: $a})<-[:PARTY]-(e:Engagement)
MATCH (e)-[:PARTY]->(b:Changemap {iri: $b})
RETURN DISTINCT e.iri AS e ORDER BY e"""


def find_node(db: Connection, name: str, classes: tuple[str, ...] = NODES,
              what: str = "stakeholder, initiative or moment") -> str:
    """The IRI of the one node called ``name`` (or ``name`` itself when it is an IRI there),
    as :func:`changemap.queries.lookup.find_node` finds it in the store."""
    if name.startswith(("http://", "https://")):
        found = db.run(_TYPED, iri=name)
        if any(len(r["labels"]) > 1 for r in found) or name in schema().schema_subjects:
            return name  # a typed node (the ontology's own terms are typed in the store too)
        raise QueryError(f"no node with IRI <{name}> in the graph")
    nodes = {r["iri"]: ({str(v) for v in r["labels"]}, {str(v) for v in r["aliases"]})
             for r in db.run(_NAMES[classes])}
    return sparql_lookup.choose(name, nodes, what)


def node_or_edge(db: Connection, text: str) -> list[str]:
    """``NAME`` → that node; ``A -- B`` → every engagement between A and B, by IRI (as
    :func:`changemap.queries.lookup.bind_node_or_edge`)."""
    parts = sparql_lookup.split_edge(text)
    if len(parts) == 1:
        return [find_node(db, text)]
    a, b = (find_node(db, p, STAKEHOLDERS, "stakeholder") for p in parts)
    found = [r["e"] for r in db.run(_ENGAGEMENTS, a=a, b=b)]
    if not found:
        raise sparql_lookup.no_engagement(*parts)
    return sorted(found)


__all__ = ["TWINS", "cypher_file", "cypher_files", "find_node", "node_or_edge", "require_twin", "run_cypher"]
