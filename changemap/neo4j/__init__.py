"""Neo4j: the graph as a property graph in a Neo4j (or any Bolt) database.

- :mod:`~changemap.neo4j.schema`: labels, relationship types and keys, from the ontology;
- :mod:`~changemap.neo4j.model`: RDF ↔ property graph, lossless both ways;
- :mod:`~changemap.neo4j.sync`: batched, idempotent writes and reading back;
- :mod:`~changemap.neo4j.bulk`: header and data files for ``neo4j-admin database import``.

The functions here work on build folders::

    from changemap.neo4j import Connection, export_build, import_build
    with Connection("bolt://localhost:7687", "neo4j", password, "neo4j") as db:
        print(export_build("changemap-out", db).summary())
        import_build(db, "from-neo4j")
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import GraphNotFoundError, Neo4jMappingError
from .model import PropertyGraph, from_triples, schema_triples
from .schema import schema
from .sync import Connection, ExportReport, Progress, export, read_back

GRAPH_FILE = "graph.ttl"
IMPORT_GRAPH = "https://w3id.org/changemap/id/graph/neo4j-import"


def read_triples(graph_dir: Path | str) -> list[ox.Triple]:
    """The merged graph of a build folder (graph.ttl) as triples."""
    path = Path(graph_dir) / GRAPH_FILE
    if not path.is_file():
        raise GraphNotFoundError(graph_dir)
    try:
        return [ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(path=str(path),
                                                                               format=ox.RdfFormat.TURTLE)]
    except SyntaxError as err:
        raise Neo4jMappingError(f"{path}: not readable Turtle ({err}); rebuild it with 'changemap build'") from None


def property_graph(graph_dir: Path | str) -> PropertyGraph:
    """The property graph of a build folder."""
    return from_triples(read_triples(graph_dir))


def export_build(graph_dir: Path | str, db: Connection, *, batch_size: int = 2000, prune: bool = False,
                 progress: Progress | None = None) -> ExportReport:
    """Write a build folder's graph into the database ``db``."""
    graph = property_graph(graph_dir)
    kwargs = {"progress": progress} if progress else {}
    return export(db, graph, batch_size=batch_size, prune=prune, source=str(Path(graph_dir).resolve()), **kwargs)


def import_triples(db: Connection, vocabulary: list[ox.Quad] | None = None) -> tuple[set[ox.Triple], dict]:
    """What the database holds, as the triples of the graph it was exported from: the
    nodes and relationships read back, plus the ontology's axioms from this package."""
    from ..graph.store import vocabulary_quads

    triples, meta = read_back(db)
    if not meta and not triples:
        raise Neo4jMappingError(f"{db.uri}: database '{db.database or 'default'}' holds no graph written by "
                                "changemap; run 'changemap export neo4j' first, or check --database")
    return triples | schema_triples(vocabulary if vocabulary is not None else vocabulary_quads()), meta


def import_build(db: Connection, out_dir: Path | str) -> dict[str, object]:
    """Read the database back into a build folder (graph.ttl and graph.trig), replaced atomically.

    Returns the two paths and ``notes`` (warnings to show).  The data go in one named
    graph (the database does not keep which document stated what, only each claim's
    evidence and documents); the vocabulary in its own."""
    from ..atomic import replace_dir
    from ..graph.iri import VOCABULARY_GRAPH
    from ..graph.store import vocabulary_quads
    from ..graph.write import write_graph

    vocabulary = vocabulary_quads()
    triples, meta = import_triples(db, vocabulary)
    in_vocabulary = {ox.Triple(q.subject, q.predicate, q.object) for q in vocabulary}
    data = ox.NamedNode(IMPORT_GRAPH)
    quads = [ox.Quad(t.subject, t.predicate, t.object, data) for t in triples if t not in in_vocabulary]
    quads += [q for q in vocabulary if q.graph_name == ox.NamedNode(VOCABULARY_GRAPH)]
    out = Path(out_dir)
    with replace_dir(out) as tmp:
        write_graph(quads, tmp)
    notes = []
    if meta.get("ontology") and meta["ontology"] != schema().fingerprint:
        notes.append(f"the database was written by changemap {meta.get('changemap', '?')} with another version of "
                     "the ontology; the ontology's own axioms were taken from this installation")
    return {"graph.trig": out / "graph.trig", "graph.ttl": out / "graph.ttl", "notes": notes}


__all__ = ["Connection", "ExportReport", "PropertyGraph", "export", "export_build", "from_triples",
           "import_build", "import_triples", "property_graph", "read_back", "read_triples", "schema"]
