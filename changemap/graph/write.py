"""Serialise a built graph: graph.trig (a named graph per source) and
graph.ttl (everything merged), both deterministic byte for byte."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..atomic import write_bytes
from ..ontology.namespaces import PREFIXES


def trig(quads: list[ox.Quad]) -> bytes:
    ordered = sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    return ox.serialize(ordered, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)


def turtle(quads: list[ox.Quad]) -> bytes:
    triples = sorted({q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def write_graph(quads: list[ox.Quad], out_dir: Path) -> dict[str, Path]:
    paths = {"graph.trig": out_dir / "graph.trig", "graph.ttl": out_dir / "graph.ttl"}
    write_bytes(paths["graph.trig"], trig(quads))
    write_bytes(paths["graph.ttl"], turtle(quads))
    return paths
