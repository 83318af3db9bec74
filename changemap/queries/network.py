"""Network measures on the stakeholder projection (:mod:`changemap.graph.project`).

Small pure functions: a graph in (networkx, or igraph as
:meth:`changemap.graph.project.Network.igraph` gives it), a dict or list out.  The heavy
loops run in igraph's C core; the results are held to networkx's own
functions in the tests (``nx.constraint``, ``nx.effective_size``,
``nx.betweenness_centrality``), which are 20–100 times slower on a network
of 20,000 stakeholders.

>>> import networkx as nx
>>> star = nx.star_graph(3)                 # a hub joined to three others who share no ties
>>> round(effective_size(star)[0], 2), round(constraint(star)[0], 3)
(3.0, 0.333)
>>> betweenness(star)[0]
1.0
"""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable, Sequence

import igraph as ig
import networkx as nx
import numpy as np

EXACT_BETWEENNESS = 3000  # above this many nodes, betweenness is estimated from sampled sources
SAMPLED_SOURCES = 200


Graph = nx.Graph | ig.Graph


def to_igraph(graph: Graph, weight: str | None = None) -> tuple[ig.Graph, Sequence[Hashable]]:
    """``graph`` as an igraph Graph (vertex i = ``nodes[i]``), with the weights in
    the edge attribute named ``weight``.  An igraph Graph is returned as it is
    (its nodes are its vertex numbers; ``weight`` must name one of its edge
    attributes), so every measure here takes either form.

    The conversion of a networkx graph is kept on it (``graph.graph``) while
    its size is unchanged, so several measures on one graph convert it once."""
    if isinstance(graph, ig.Graph):
        return graph, range(graph.vcount())
    key = ("_igraph", weight, graph.number_of_nodes(), graph.number_of_edges())
    cached = graph.graph.get("_igraph")
    if cached is not None and cached[0] == key:
        return cached[1]
    nodes = list(graph.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    g = ig.Graph(n=len(nodes))
    if weight is None:
        g.add_edges([(index[a], index[b]) for a, b in graph.edges()])
    else:
        edges = list(graph.edges(data=weight, default=1))
        g.add_edges([(index[a], index[b]) for a, b, _ in edges])
        g.es[weight] = [float(w) for _, _, w in edges]
    graph.graph["_igraph"] = (key, (g, nodes))
    return g, nodes


def constraint(graph: Graph, weight: str | None = None) -> dict[Hashable, float]:
    """Burt's constraint of every node with a tie (how much its contacts are tied
    to one another: 1.0 for a single contact, low for a node spanning holes)."""
    g, nodes = to_igraph(graph, weight)
    values = g.constraint(weights=weight)
    return {n: float(v) for n, v, d in zip(nodes, values, g.degree(), strict=True) if d > 0}


def effective_size(graph: Graph) -> dict[Hashable, float]:
    """Burt's effective size for unweighted ties (Borgatti's form): contacts
    minus the average number of ties each contact has to the others."""
    g, nodes = to_igraph(graph)
    degree = g.degree()
    local = g.transitivity_local_undirected(mode="zero")
    out = {}
    for n, d, c in zip(nodes, degree, local, strict=True):
        if d > 0:
            ties = c * d * (d - 1) / 2  # ties among the node's contacts
            out[n] = d - 2 * ties / d
    return out


def betweenness(graph: Graph, sources: int | None = None, seed: int = 0) -> dict[Hashable, float]:
    """Normalised betweenness: the share of shortest paths between other nodes that
    pass through each node.  Exact up to :data:`EXACT_BETWEENNESS` nodes; above,
    estimated from ``sources`` (default :data:`SAMPLED_SOURCES`) sampled start nodes."""
    g, nodes = to_igraph(graph)
    n = len(nodes)
    if n < 3:
        return {v: 0.0 for v in nodes}
    k = sources if sources is not None else (n if n <= EXACT_BETWEENNESS else SAMPLED_SOURCES)
    if k >= n:
        raw, scale = g.betweenness(directed=False), 1.0
    else:
        picked = sorted(random.Random(seed).sample(range(n), k))
        raw, scale = g.betweenness(sources=picked, directed=False), n / k
    pairs = (n - 1) * (n - 2) / 2
    return {v: min(1.0, b * scale / pairs) for v, b in zip(nodes, raw, strict=True)}


def is_sampled(graph: Graph) -> bool:
    """Whether :func:`betweenness` estimates rather than counts on this graph."""
    return (graph.vcount() if isinstance(graph, ig.Graph) else graph.number_of_nodes()) > EXACT_BETWEENNESS


def cut_off_by(graph: Graph, node: Hashable) -> list[Hashable]:
    """The nodes that lose every path to the largest remaining part when ``node``
    is removed (empty unless ``node`` is a cut vertex); of parts of equal size,
    the one with the least node is kept (nodes in the order of :func:`_order`).  Computed in igraph: the cut
    vertices once per graph, then the parts left when the node's ties are cut."""
    g, nodes, index, cuts = _cut_vertices(graph)
    i = index[node]
    if i not in cuts:
        return []
    neighbours = g.neighbors(i)
    cut = g.copy()
    cut.delete_edges(g.incident(i))
    membership = np.asarray(cut.connected_components().membership)
    parts = sorted(set(membership[neighbours].tolist()))  # the parts the node's component falls into
    sizes = np.bincount(membership)
    largest = [p for p in parts if sizes[p] == sizes[parts].max()]
    order = _order(graph)
    kept = largest[0] if len(largest) == 1 else min(
        largest, key=lambda p: min(order(nodes[v]) for v in np.flatnonzero(membership == p).tolist()))
    cut_off = np.flatnonzero(np.isin(membership, [p for p in parts if p != kept]))
    return sorted((nodes[v] for v in cut_off.tolist()), key=order)


def _order(graph: Graph) -> Callable[[Hashable], object]:
    """How nodes are put in order: an igraph's vertices by number (a
    :class:`~changemap.graph.project.Network` numbers them in IRI order), other
    nodes as text."""
    return (lambda v: v) if isinstance(graph, ig.Graph) else str


def _cut_vertices(graph: Graph) -> tuple[ig.Graph, Sequence[Hashable], dict[Hashable, int] | range, set[int]]:
    """The igraph form of ``graph``, its nodes, vertex numbers by node and its cut
    vertices; kept on the graph while its number of nodes is unchanged (counting
    edges walks every node, which for 25 brokers cost more than the answers):
    change a graph's edges only before asking."""
    if isinstance(graph, ig.Graph):
        if "_cuts" not in graph.attributes():
            graph["_cuts"] = set(graph.articulation_points())
        return graph, range(graph.vcount()), range(graph.vcount()), graph["_cuts"]
    key = graph.number_of_nodes()
    cached = graph.graph.get("_cuts")
    if cached is None or cached[0] != key:
        g, nodes = to_igraph(graph)
        cached = (key, (g, nodes, {n: i for i, n in enumerate(nodes)}, set(g.articulation_points())))
        graph.graph["_cuts"] = cached
    return cached[1]


def communities(graph: Graph, weight: str | None = None, seed: int = 0) -> list[list[Hashable]]:
    """Clusters of densely tied nodes (Leiden, maximising modularity), largest
    first, members in order (an igraph's vertex numbers, other nodes as text);
    nodes without ties are left out.  The same graph (built in the same
    order, as :func:`changemap.graph.project.project` does) and seed give the
    same clusters."""
    g, nodes = to_igraph(graph, weight)
    if g.ecount() == 0:
        return []
    previous = random.getstate()
    ig.set_random_number_generator(random.Random(seed))
    try:
        parts = g.community_leiden(objective_function="modularity", weights=weight)
    finally:
        ig.set_random_number_generator(random)
        random.setstate(previous)
    order = _order(graph)
    clusters = [sorted((nodes[i] for i in part), key=order) for part in parts if len(part) > 1]
    return sorted(clusters, key=lambda c: (-len(c), order(c[0])))
