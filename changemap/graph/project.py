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

import networkx as nx

from .facts import Facts
from .store import GraphStore

TABLES = ("stakeholders", "parties", "modes", "target-groups", "stakeholder-documents", "evidence-counts")


def project(source: GraphStore | Facts) -> nx.Graph:
    """The stakeholder network of a store (or of the fact tables already read
    from it); nodes are IRIs, added in sorted order so that algorithms with a
    random start give the same answer every run."""
    facts = source if isinstance(source, Facts) else Facts(source)
    facts.fetch(*TABLES)
    nodes = facts.stakeholders().sort_values(["iri", "name", "kind"]).drop_duplicates("iri")
    documents = facts.counts("stakeholder-documents")
    groups: dict[str, set[str]] = {}
    for iri, group in zip(facts["target-groups"]["iri"], facts["target-groups"]["group"], strict=True):
        groups.setdefault(iri, set()).add(group)
    graph = nx.Graph()
    graph.add_nodes_from(
        (iri, {"name": name, "kind": kind, "generic": bool(generic),
               "target_groups": frozenset(groups.get(iri, ())), "documents": int(documents.get(iri, 0))})
        for iri, name, kind, generic in zip(nodes["iri"], nodes["name"], nodes["kind"], nodes["generic"],
                                            strict=True))
    pairs = facts.pairs().merge(facts.engagements(), on="engagement")
    pairs = pairs[pairs["a"].isin(graph) & pairs["b"].isin(graph)]  # a party with no kind or label is no node
    evidence = pairs["engagement"].map(facts.counts("evidence-counts")).fillna(0).astype(int)
    counted = pairs.assign(evidence=evidence).groupby(["a", "b", "mode"])["evidence"].sum().reset_index()
    for a, b, mode, n in zip(counted["a"], counted["b"], counted["mode"], counted["evidence"], strict=True):
        if graph.has_edge(a, b):
            graph.edges[a, b]["modes"][mode] = int(n)
        else:
            graph.add_edge(a, b, modes={mode: int(n)})
    for _, _, data in graph.edges(data=True):
        data["engagements"] = len(data["modes"])
        data["evidence"] = sum(data["modes"].values())
    return graph
