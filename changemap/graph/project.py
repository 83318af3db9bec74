"""The stakeholder network as a networkx graph, for graph algorithms.

One node per stakeholder (attributes: ``name``, ``kind``, ``generic``,
``target_groups``, ``documents``); one edge per pair of stakeholders that
engage, with ``modes`` (mode → the pieces of evidence behind the pair's
engagements in that mode), ``engagements`` (how many modes) and ``evidence``
(their sum).  An engagement with three parties
gives an edge for each pair.  Built from the fact tables of the store
(:mod:`.facts`), so it sees exactly what the named queries see.

>>> from changemap.graph.store import GraphStore
>>> project(GraphStore.from_quads([])).number_of_nodes()
0
"""

from __future__ import annotations

import gc

import networkx as nx

from .facts import Facts
from .store import GraphStore

TABLES = ("stakeholders", "parties", "modes", "target-groups")
EVIDENCE_TABLES = ("stakeholder-documents", "evidence-counts")


def project(source: GraphStore | Facts, evidence: bool = True) -> nx.Graph:
    """The stakeholder network of a store (or of the fact tables already read
    from it); nodes are IRIs, added in sorted order so that algorithms with a
    random start give the same answer every run.  With ``evidence=False`` the
    counts of documents and evidence are left out (0), which saves reading them."""
    gc_was_on = gc.isenabled()
    gc.disable()  # tens of thousands of small dicts and no cycles: collecting them cost 40% of the time
    try:
        return _project(source, evidence)
    finally:
        if gc_was_on:
            gc.enable()


def _project(source: GraphStore | Facts, evidence: bool) -> nx.Graph:
    facts = source if isinstance(source, Facts) else Facts(source)
    facts.prefetch(*(EVIDENCE_TABLES if evidence else ()), *TABLES)
    nodes = facts.stakeholders().sort_values(["iri", "name", "kind"]).drop_duplicates("iri")
    documents = facts.counts("stakeholder-documents").to_dict() if evidence else {}
    groups: dict[str, set[str]] = {}
    for iri, group in zip(facts["target-groups"]["iri"], facts["target-groups"]["group"], strict=True):
        groups.setdefault(iri, set()).add(group)
    graph = nx.Graph()
    graph.add_nodes_from(
        (iri, {"name": name, "kind": kind, "generic": bool(generic),
               "target_groups": frozenset(groups.get(iri, ())), "documents": int(documents.get(iri, 0))})
        for iri, name, kind, generic in zip(_list(nodes["iri"]), _list(nodes["name"]), _list(nodes["kind"]),
                                            _list(nodes["generic"]), strict=True))
    pairs = facts.pairs().merge(facts.engagements(), on="engagement")
    pairs = pairs[pairs["a"].isin(graph) & pairs["b"].isin(graph)]  # a party with no kind or label is no node
    quotes = pairs["engagement"].map(facts.counts("evidence-counts")).fillna(0).astype(int) if evidence else 0
    counted = pairs.assign(evidence=quotes).groupby(["a", "b", "mode"])["evidence"].sum().reset_index()
    edges: dict[tuple[str, str], dict[str, int]] = {}
    for a, b, mode, n in zip(_list(counted["a"]), _list(counted["b"]), _list(counted["mode"]),
                             _list(counted["evidence"]), strict=True):
        edges.setdefault((a, b), {})[mode] = int(n)
    graph.add_edges_from((a, b, {"modes": modes, "engagements": len(modes), "evidence": sum(modes.values())})
                         for (a, b), modes in edges.items())
    return graph


def _list(column: object) -> list:
    """A column's values as a plain list (iterating pandas' own string arrays is slow)."""
    return column.tolist()  # type: ignore[attr-defined]
