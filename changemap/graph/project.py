"""The stakeholder network as a networkx graph, for graph algorithms.

One node per stakeholder (attributes: ``name``, ``kind``, ``generic``,
``target_groups``, ``documents``); one edge per pair of stakeholders that
engage, with ``modes`` (mode → number of quotes), ``engagements`` (how many
modes) and ``evidence`` (quotes in all).  An engagement with three parties
gives an edge for each pair.  Built from SPARQL on the store, so it sees
exactly what the named queries see.

>>> from changemap.graph.store import GraphStore
>>> project(GraphStore.from_quads([])).number_of_nodes()
0
"""

from __future__ import annotations

import networkx as nx

from .store import GraphStore

NODES = """SELECT ?iri ?name ?kind ?generic ?documents WHERE {
  ?iri a cm:Stakeholder ; rdfs:label ?name ; cm:kind ?k .
  BIND(STRAFTER(STR(?k), STR(kind:)) AS ?kind)
  OPTIONAL { ?iri cm:isGeneric ?generic }
  OPTIONAL { SELECT ?iri (COUNT(DISTINCT ?d) AS ?documents)
             WHERE { ?iri a cm:Stakeholder ; prov:wasDerivedFrom/prov:wasQuotedFrom ?d } GROUP BY ?iri }
}"""
TARGET_GROUPS = """SELECT ?iri ?group WHERE {
  ?iri a cm:Stakeholder ; cm:servesTargetGroup/skos:prefLabel ?group }"""
EDGES = """SELECT ?a ?b ?mode (COUNT(DISTINCT ?ev) AS ?evidence) WHERE {
  ?e a cm:Engagement ; cm:mode ?m ; cm:party ?a, ?b .
  FILTER(STR(?a) < STR(?b))
  OPTIONAL { ?e prov:wasDerivedFrom ?ev }
  BIND(STRAFTER(STR(?m), STR(mode:)) AS ?mode)
} GROUP BY ?a ?b ?mode"""


def project(store: GraphStore) -> nx.Graph:
    """The stakeholder network of ``store``; nodes are IRIs, added in sorted order
    so that algorithms with a random start give the same answer every run."""
    graph = nx.Graph()
    groups: dict[str, set[str]] = {}
    for row in store.query(TARGET_GROUPS):
        groups.setdefault(str(row["iri"]), set()).add(str(row["group"]))
    for row in sorted(store.query(NODES), key=lambda r: str(r["iri"])):
        iri = str(row["iri"])
        graph.add_node(iri, name=str(row["name"]), kind=str(row["kind"]), generic=bool(row["generic"]),
                       target_groups=frozenset(groups.get(iri, ())), documents=int(row["documents"] or 0))
    for row in sorted(store.query(EDGES), key=lambda r: (str(r["a"]), str(r["b"]), str(r["mode"]))):
        a, b = str(row["a"]), str(row["b"])
        if a not in graph or b not in graph:
            continue  # a party without a kind or label is not a stakeholder node
        if graph.has_edge(a, b):
            data = graph.edges[a, b]
        else:
            graph.add_edge(a, b, modes={})
            data = graph.edges[a, b]
        data["modes"][str(row["mode"])] = int(row["evidence"] or 0)
    for _, _, data in graph.edges(data=True):
        data["engagements"] = len(data["modes"])
        data["evidence"] = sum(data["modes"].values())
    return graph
