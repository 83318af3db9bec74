"""Write a built graph into a Neo4j database, and read it back.

:func:`export` creates the constraint and indexes, then writes in batches, each
batch one transaction: nodes new to the database with ``CREATE`` under the unique
``iri`` constraint, nodes already there with ``MERGE`` on that constraint, and every
relationship with ``MERGE`` between ends matched by their label and ``iri``.  A
second run creates nothing.  ``prune=True`` then deletes the changemap nodes and
relationships that the source graph no longer has.  A batch that fails is rolled
back and the export stops, saying which batch and what is already written.

Only labels, types and keys from :mod:`changemap.neo4j.schema` are written into
statement text; every value is a parameter.

:func:`read_back` reads a database written by changemap as triples::

    with Connection("bolt://localhost:7687", "neo4j", "secret", "neo4j") as db:
        report = export(db, property_graph)
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from .. import __version__
from ..errors import Neo4jConnectionError, Neo4jMappingError, Neo4jWriteError
from .model import PropertyGraph, Rel, node_triples
from .schema import BASE_LABEL, ENGAGES_WITH, META_LABEL, Schema, schema

DEFAULT_BATCH = 2000
CONSTRAINT = f"CREATE CONSTRAINT changemap_iri IF NOT EXISTS FOR (n:{BASE_LABEL}) REQUIRE n.iri IS UNIQUE"
#: Range indexes the named queries look things up by.
INDEXES = {
    "changemap_document_identifier": ("Document", "identifier"),
    "changemap_concept_notation": ("Concept", "notation"),
}

Progress = Callable[[str, int, int], None]
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def _quiet(stage: str, done: int, total: int) -> None:
    return None


class Connection:
    """A driver and a database, checked on open: the server answers, the login is
    accepted and the database exists; otherwise one :class:`Neo4jConnectionError`
    saying which, before anything is written."""

    def __init__(self, uri: str, user: str, password: str, database: str | None = None,
                 timeout: float = 10.0) -> None:
        import neo4j
        from neo4j import exceptions as nx

        self.uri, self.user, self.database = uri, user, database
        scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
        if scheme not in SCHEMES:
            raise Neo4jConnectionError(f"{uri}: not a Bolt address; use bolt://HOST:7687 or neo4j://HOST:7687 "
                                       "(neo4j+s:// for Aura)")
        try:
            self.driver = neo4j.GraphDatabase.driver(uri, auth=(user, password), connection_timeout=timeout,
                                                     connection_acquisition_timeout=timeout)
        except (ValueError, nx.ConfigurationError) as err:
            raise Neo4jConnectionError(f"{uri}: not a Neo4j address ({err}); use bolt://HOST:7687 or "
                                       "neo4j://HOST:7687 (neo4j+s:// for Aura)") from None
        try:
            self.driver.verify_connectivity()  # fails at once; a query would retry for 30 s
            with self.driver.session(database=database) as session:
                session.run("RETURN 1 AS one").consume()
        except nx.AuthError:
            self.close()
            raise Neo4jConnectionError(f"{uri}: the server refused user '{user}': wrong user name or password "
                                       "(the password comes from NEO4J_PASSWORD or the prompt)") from None
        except (nx.ServiceUnavailable, OSError) as err:
            self.close()
            raise Neo4jConnectionError(f"{uri}: cannot reach the server ({_first_line(err)}); check the host and "
                                       "port, and that Neo4j is running") from None
        except nx.ClientError as err:
            self.close()
            if "DatabaseNotFound" in (err.code or "") or "not found" in str(err).lower():
                raise Neo4jConnectionError(f"{uri}: there is no database '{database}'; create it "
                                           f"(CREATE DATABASE {database}) or pass --database with an existing "
                                           "one") from None
            raise Neo4jConnectionError(f"{uri}: {_first_line(err)}") from None
        except nx.Neo4jError as err:
            self.close()
            if database and ("database" in str(err).lower()):
                raise Neo4jConnectionError(f"{uri}: there is no database '{database}' ({_first_line(err)}); "
                                           "pass --database with an existing one") from None
            raise Neo4jConnectionError(f"{uri}: {_first_line(err)}") from None

    def run(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        records, _, _ = self.driver.execute_query(cypher, params, database_=self.database)
        return [r.data() for r in records]

    def stream(self, cypher: str, **params: Any) -> Iterator[Any]:
        with self.driver.session(database=self.database) as session:
            yield from session.run(cypher, params)

    def write(self, statements: list[tuple[str, dict[str, Any]]]) -> dict[str, int]:
        """Run ``statements`` in one transaction; its counters."""
        def work(tx: Any) -> dict[str, int]:
            totals: dict[str, int] = defaultdict(int)
            for cypher, params in statements:
                counters = tx.run(cypher, params).consume().counters
                for name in ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
                             "properties_set", "labels_added"):
                    totals[name] += getattr(counters, name)
            return dict(totals)

        with self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _first_line(err: BaseException) -> str:
    """The server's message, first line, with its status code when it has one."""
    text = (getattr(err, "message", None) or str(err)).strip()
    line = text.splitlines()[0] if text else type(err).__name__
    code = getattr(err, "code", None)
    return f"{code}: {line}" if code and code not in line else line


@dataclass
class ExportReport:
    """What an export did: counters summed over every batch, and the time it took."""

    nodes: int = 0
    relationships: int = 0
    batches: int = 0
    counters: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: float = 0.0

    def add(self, counters: dict[str, int]) -> None:
        self.batches += 1
        for k, v in counters.items():
            self.counters[k] += v

    def summary(self) -> str:
        c = self.counters
        return (f"{self.nodes} nodes and {self.relationships} relationships in the source; created "
                f"{c['nodes_created']} nodes and {c['relationships_created']} relationships, deleted "
                f"{c['nodes_deleted']} nodes and {c['relationships_deleted']} relationships, in {self.batches} "
                f"batches, {self.seconds:.1f} s")


def _label_text(labels: Iterable[str], m: Schema) -> str:
    """``:Changemap:A:B`` for allowlisted labels (anything else raises)."""
    for label in labels:
        if not m.is_label(label):
            raise Neo4jMappingError(f"label {label!r} is not in the allowlist")
    return "".join(f":`{label}`" for label in (BASE_LABEL, *labels))


def _type_text(rel_type: str, m: Schema) -> str:
    if not m.is_rel_type(rel_type):
        raise Neo4jMappingError(f"relationship type {rel_type!r} is not in the allowlist")
    return f"`{rel_type}`"


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def existing_nodes(db: Connection) -> dict[str, tuple[str, ...]]:
    """The ``iri`` and class labels of every changemap node in the database."""
    return {rec["iri"]: tuple(sorted(label for label in rec["labels"] if label != BASE_LABEL))
            for rec in db.stream(f"MATCH (n:{BASE_LABEL}) RETURN n.iri AS iri, labels(n) AS labels")}


def existing_rels(db: Connection, m: Schema) -> set[tuple[str, str, str, object]]:
    """Every relationship between changemap nodes of a type changemap writes, as :attr:`Rel.key`."""
    out = set()
    for rec in db.stream(f"MATCH (a:{BASE_LABEL})-[r]->(b:{BASE_LABEL}) "
                         "RETURN a.iri AS s, type(r) AS t, b.iri AS o, r.mode AS mode"):
        if m.is_rel_type(rec["t"]):
            out.add((rec["s"], rec["t"], rec["o"], rec["mode"] if rec["t"] == ENGAGES_WITH else None))
    return out


def export(db: Connection, graph: PropertyGraph, *, batch_size: int = DEFAULT_BATCH, prune: bool = False,
           progress: Progress = _quiet, source: str = "", mapping: Schema | None = None) -> ExportReport:
    """Write ``graph`` into the database (see the module docstring)."""
    m = mapping or schema()
    if batch_size < 1:
        raise ValueError("batch size must be at least 1")
    began = time.perf_counter()
    report = ExportReport(nodes=len(graph.nodes), relationships=len(graph.rels))
    for cypher in (CONSTRAINT, *(f"CREATE INDEX {name} IF NOT EXISTS FOR (n:`{label}`) ON (n.`{key}`)"
                                 for name, (label, key) in INDEXES.items())):
        db.run(cypher)
    have = existing_nodes(db)
    work = _plan(graph, have, batch_size, m)
    stale_nodes: list[str] = []
    stale_rels: list[tuple[str, str, str, object]] = []
    if prune:
        gone = set(have) - set(graph.nodes)
        stale_nodes = sorted(gone)
        wanted = {r.key for r in graph.rels}
        stale_rels = sorted((k for k in existing_rels(db, m) if k not in wanted and k[0] not in gone
                             and k[2] not in gone),
                            key=lambda k: tuple(str(x) for x in k))
        work += _prune_plan(stale_nodes, stale_rels, batch_size, m)
    total = len(work)
    for i, (what, statements) in enumerate(work, 1):
        progress(what, i - 1, total)
        try:
            report.add(db.write(statements))
        except Exception as err:  # the driver's errors, a lost connection, a server-side failure
            from neo4j import exceptions as nx

            if not isinstance(err, (nx.Neo4jError, nx.DriverError, OSError)):
                raise
            raise Neo4jWriteError(
                f"batch {i} of {total} ({what}) failed and was rolled back: {_first_line(err)}. "
                f"The {i - 1} batches before it are written; fix the cause and run the same command again "
                "(it creates nothing twice)") from None
    progress("done", total, total)
    db.run(f"MERGE (m:{META_LABEL} {{id: 'changemap'}}) SET m.changemap = $version, m.ontology = $ontology, "
           "m.source = $source, m.nodes = $nodes, m.relationships = $rels",
           version=__version__, ontology=m.fingerprint, source=source, nodes=len(graph.nodes), rels=len(graph.rels))
    report.seconds = time.perf_counter() - began
    return report


def _plan(graph: PropertyGraph, have: dict[str, tuple[str, ...]], size: int,
          m: Schema) -> list[tuple[str, list[tuple[str, dict[str, Any]]]]]:
    """The batches: (description, statements of one transaction)."""
    work: list[tuple[str, list[tuple[str, dict[str, Any]]]]] = []
    fresh: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    relabel: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    known: list[dict[str, Any]] = []
    for node in graph.nodes.values():
        if node.iri not in have:
            fresh[node.labels].append(node.props)
        elif have[node.iri] != node.labels:  # a label cannot be changed in place everywhere: replace the node
            relabel[node.labels].append(node.props)
        else:
            known.append(node.props)
    for labels, rows in sorted(fresh.items()):
        text = f"UNWIND $rows AS row CREATE (n{_label_text(labels, m)}) SET n = row"
        for chunk in _chunks(rows, size):
            work.append((f"{len(chunk)} new {'/'.join(labels) or BASE_LABEL} nodes", [(text, {"rows": chunk})]))
    for labels, rows in sorted(relabel.items()):
        text = f"UNWIND $rows AS row CREATE (n{_label_text(labels, m)}) SET n = row"
        drop = f"UNWIND $rows AS row MATCH (n:{BASE_LABEL} {{iri: row.iri}}) DETACH DELETE n"
        for chunk in _chunks(rows, size):
            work.append((f"{len(chunk)} {'/'.join(labels)} nodes whose labels changed",
                         [(drop, {"rows": [{"iri": r["iri"]} for r in chunk]}), (text, {"rows": chunk})]))
    text = f"UNWIND $rows AS row MERGE (n:{BASE_LABEL} {{iri: row.iri}}) SET n = row"
    for chunk in _chunks(known, size):
        work.append((f"{len(chunk)} existing nodes", [(text, {"rows": chunk})]))
    by_type: dict[str, list[Rel]] = defaultdict(list)
    for r in graph.rels:
        by_type[r.type].append(r)
    match = f"UNWIND $rows AS row MATCH (a:{BASE_LABEL} {{iri: row.s}}) MATCH (b:{BASE_LABEL} {{iri: row.o}}) "
    for rel_type, rels in sorted(by_type.items()):
        if rel_type == ENGAGES_WITH:
            text = (match + f"MERGE (a)-[r:{_type_text(rel_type, m)} {{mode: row.mode}}]->(b) "
                    "SET r.evidence_count = row.evidence_count, r.engagements = row.engagements")
            rows = [{"s": r.start, "o": r.end, **dict(r.props)} for r in rels]
        else:
            text = match + f"MERGE (a)-[:{_type_text(rel_type, m)}]->(b)"
            rows = [{"s": r.start, "o": r.end} for r in rels]
        for chunk in _chunks(rows, size):
            work.append((f"{len(chunk)} {rel_type} relationships", [(text, {"rows": chunk})]))
    return work


def _prune_plan(nodes: list[str], rels: list[tuple[str, str, str, object]], size: int,
                m: Schema) -> list[tuple[str, list[tuple[str, dict[str, Any]]]]]:
    work: list[tuple[str, list[tuple[str, dict[str, Any]]]]] = []
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s, t, o, mode in rels:
        by_type[t].append({"s": s, "o": o, "mode": mode})
    for rel_type, rows in sorted(by_type.items()):
        where = " WHERE r.mode = row.mode" if rel_type == ENGAGES_WITH else ""
        text = (f"UNWIND $rows AS row MATCH (a:{BASE_LABEL} {{iri: row.s}})-[r:{_type_text(rel_type, m)}]->"
                f"(b:{BASE_LABEL} {{iri: row.o}}){where} DELETE r")
        for chunk in _chunks(rows, size):
            work.append((f"pruning {len(chunk)} {rel_type} relationships", [(text, {"rows": chunk})]))
    text = f"UNWIND $rows AS row MATCH (n:{BASE_LABEL} {{iri: row}}) DETACH DELETE n"
    for chunk in _chunks(nodes, size):
        work.append((f"pruning {len(chunk)} nodes", [(text, {"rows": chunk})]))
    return work


def clear(db: Connection, batch_size: int = 10_000) -> int:
    """Delete every changemap node (and its relationships) and the export record, in
    batches; the number of nodes deleted.  Nothing else in the database is touched."""
    deleted = 0
    while True:
        rows = db.run(f"MATCH (n:{BASE_LABEL}) WITH n LIMIT $n DETACH DELETE n RETURN count(*) AS c", n=batch_size)
        gone = rows[0]["c"] if rows else 0
        deleted += gone
        if gone < batch_size:
            break
    db.run(f"MATCH (m:{META_LABEL}) DELETE m")
    return deleted


# -- reading back ------------------------------------------------------------------------------

def read_back(db: Connection, mapping: Schema | None = None) -> tuple[set[ox.Triple], dict[str, Any]]:
    """The triples of every changemap node and relationship in the database (derived
    ``ENGAGES_WITH`` left out), and the export record (``{}`` if there is none)."""
    m = mapping or schema()
    meta = db.run(f"MATCH (m:{META_LABEL} {{id: 'changemap'}}) RETURN properties(m) AS p")
    triples: set[ox.Triple] = set()
    for rec in db.stream(f"MATCH (n:{BASE_LABEL}) RETURN n.iri AS iri, labels(n) AS labels, properties(n) AS props"):
        if not rec["iri"]:
            raise Neo4jMappingError(f"a :{BASE_LABEL} node has no iri; changemap did not write it")
        triples.update(node_triples(rec["iri"], rec["labels"], rec["props"], m))
    for rec in db.stream(f"MATCH (a:{BASE_LABEL})-[r]->(b:{BASE_LABEL}) WHERE type(r) <> '{ENGAGES_WITH}' "
                         "RETURN a.iri AS s, type(r) AS t, b.iri AS o"):
        triples.add(ox.Triple(ox.NamedNode(rec["s"]), ox.NamedNode(m.predicate_of_type(rec["t"])),
                              ox.NamedNode(rec["o"])))
    return triples, (meta[0]["p"] if meta else {})
