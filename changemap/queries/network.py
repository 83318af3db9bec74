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
import threading
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from typing import Any, TypeVar

import igraph as ig
import networkx as nx
import numpy as np

EXACT_BETWEENNESS = 3000  # above this many nodes, betweenness is estimated (KADABRA)
BETWEENNESS_ERROR = 0.005  # the estimate's additive error on the share of paths (0.5 percentage points) ...
BETWEENNESS_DELTA = 0.1  # ... with probability 0.9
_NETWORKIT = threading.Lock()
_T = TypeVar("_T")


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


def betweenness(graph: Graph, exact: bool | None = None, seed: int = 0) -> dict[Hashable, float]:
    """Normalised betweenness: the share of shortest paths between other nodes that
    pass through each node.  Counted exactly (Brandes, in igraph) up to
    :data:`EXACT_BETWEENNESS` nodes or with ``exact=True``; above, estimated by
    KADABRA (:func:`estimated_betweenness`)."""
    g, nodes = to_igraph(graph)
    n = len(nodes)
    if n < 3:
        return {v: 0.0 for v in nodes}
    if exact if exact is not None else n <= EXACT_BETWEENNESS:
        pairs = (n - 1) * (n - 2) / 2
        values = [b / pairs for b in g.betweenness(directed=False)]
    else:
        values = estimated_betweenness(g, seed).tolist()
    return {v: min(1.0, b) for v, b in zip(nodes, values, strict=True)}


def estimated_betweenness(g: ig.Graph, seed: int = 0) -> np.ndarray:
    """Betweenness (normalised as :func:`betweenness`) estimated by KADABRA
    (Borassi and Natale 2016, in NetworKit): it samples shortest paths between
    random pairs until every node's share is within :data:`BETWEENNESS_ERROR`
    with probability 1 - :data:`BETWEENNESS_DELTA`.

    Measured on 20,000 stakeholders and 59,000 ties: 0.14 s, and 24 of the 25
    top brokers of the exact count (29 s), where igraph's Brandes from 200
    sampled sources took 0.32 s and found 20 of them.  One thread and a fixed
    seed, so the same graph gives the same answer every run."""
    import networkit as nk  # 0.3 s to import: only graphs above EXACT_BETWEENNESS need it

    with _NETWORKIT:  # its thread count and seed are global
        return _kadabra(nk, g, seed)


def _kadabra(nk: Any, g: ig.Graph, seed: int) -> np.ndarray:
    n = g.vcount()
    edges = np.asarray(g.get_edgelist(), dtype=np.uint64).reshape(-1, 2)
    graph = nk.Graph(n)
    graph.addEdges((np.ascontiguousarray(edges[:, 0]), np.ascontiguousarray(edges[:, 1])))
    threads = nk.getCurrentNumberOfThreads()
    nk.setNumberOfThreads(1)
    try:
        nk.setSeed(seed, True)
        # NetworKit's scale is 4·(paths through v)/(n(n-1)); ours divides by the (n-1)(n-2)/2 pairs.
        kadabra = nk.centrality.KadabraBetweenness(graph, 2 * BETWEENNESS_ERROR, BETWEENNESS_DELTA, True)
        kadabra.run()
        return np.asarray(kadabra.scores()) * n / (2 * (n - 2))
    finally:
        nk.setNumberOfThreads(threads)


def in_background(measure: Callable[..., _T], *args: Any) -> Future[_T]:
    """Start ``measure(*args)`` on a thread of its own.  KADABRA lets go of
    Python's lock while it samples, so a caller can work out other things
    meanwhile (igraph keeps the lock: no gain there, and no harm)."""
    return _thread().submit(measure, *args)


@lru_cache(maxsize=1)
def _thread() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(1, thread_name_prefix="changemap-measure")


def is_sampled(graph: Graph) -> bool:
    """Whether :func:`betweenness` estimates rather than counts on this graph."""
    return (graph.vcount() if isinstance(graph, ig.Graph) else graph.number_of_nodes()) > EXACT_BETWEENNESS


def cut_off_by(graph: Graph, node: Hashable) -> list[Hashable]:
    """The nodes that lose every path to the largest remaining part when ``node``
    is removed (empty unless ``node`` is a cut vertex); of parts of equal size,
    the one with the least node is kept (nodes in the order of :func:`_order`).
    Read from the graph's block-cut tree (:class:`_BlockTree`), built once."""
    g, nodes, index, tree = _block_tree(graph)
    parts = tree.parts(index[node])
    if not parts:
        return []
    order = _order(graph)
    biggest = max(len(p) for p in parts)
    largest = [k for k, p in enumerate(parts) if len(p) == biggest]
    kept = largest[0] if len(largest) == 1 else min(
        largest, key=lambda k: min(order(nodes[v]) for v in parts[k].tolist()))
    return sorted((nodes[v] for k, part in enumerate(parts) if k != kept for v in part.tolist()), key=order)


class _BlockTree:
    """The block-cut tree of a graph: a node for each block (biconnected
    component) and each cut vertex, a link where a cut vertex lies in a block.
    Rooted at blocks and numbered in depth-first order, so the vertices beyond
    one of a cut vertex's blocks are those whose tree node falls in that
    block's range of numbers; each part left by removing a cut vertex is then
    one comparison over an array, without walking the graph."""

    def __init__(self, g: ig.Graph):
        blocks = list(g.biconnected_components())
        self.cut = {v: len(blocks) + k for k, v in enumerate(sorted(g.articulation_points()))}
        self.links: list[list[int]] = [[] for _ in range(len(blocks) + len(self.cut))]
        home = np.full(g.vcount(), -1)  # each vertex's tree node: its cut-vertex node, or its one block
        for b, members in enumerate(blocks):
            for v in members:
                t = self.cut.get(v)
                if t is None:
                    home[v] = b
                else:
                    self.links[b].append(t)
                    self.links[t].append(b)
        for v, t in self.cut.items():
            home[v] = t
        size = len(self.links)
        self.first, self.last, self.parent = np.full(size, -1), np.full(size, -1), np.full(size, -1)
        clock = 0
        for root in range(len(blocks)):
            if self.first[root] >= 0:
                continue
            self.first[root], clock = clock, clock + 1
            stack = [(root, iter(self.links[root]))]
            while stack:
                at, rest = stack[-1]
                for nxt in rest:
                    if self.first[nxt] < 0:
                        self.parent[nxt], self.first[nxt], clock = at, clock, clock + 1
                        stack.append((nxt, iter(self.links[nxt])))
                        break
                else:
                    self.last[at] = clock - 1
                    stack.pop()
        self.position = np.where(home >= 0, self.first[home], -1)  # a vertex's place in the numbering
        self.component = np.asarray(g.connected_components().membership)

    def parts(self, v: int) -> list[np.ndarray]:
        """The parts (arrays of vertices) that ``v``'s component falls into without
        ``v``: one beyond each block below it, and the rest; none if ``v`` is no cut vertex."""
        t = self.cut.get(v)
        if t is None:
            return []
        position = self.position
        parts = [np.flatnonzero((position >= self.first[b]) & (position <= self.last[b]))
                 for b in self.links[t] if b != self.parent[t]]
        below = (position >= self.first[t]) & (position <= self.last[t])
        parts.append(np.flatnonzero((self.component == self.component[v]) & ~below))
        return parts


def _order(graph: Graph) -> Callable[[Hashable], object]:
    """How nodes are put in order: an igraph's vertices by number (a
    :class:`~changemap.graph.project.Network` numbers them in IRI order), other
    nodes as text."""
    return (lambda v: v) if isinstance(graph, ig.Graph) else str


def _block_tree(graph: Graph) -> tuple[ig.Graph, Sequence[Hashable], dict[Hashable, int] | range, _BlockTree]:
    """The igraph form of ``graph``, its nodes, vertex numbers by node and its
    block-cut tree; kept on the graph while its number of nodes is unchanged
    (counting edges walks every node, which for 25 brokers cost more than the
    answers): change a graph's edges only before asking."""
    if isinstance(graph, ig.Graph):
        if "_blocks" not in graph.attributes():
            graph["_blocks"] = _BlockTree(graph)
        return graph, range(graph.vcount()), range(graph.vcount()), graph["_blocks"]
    key = graph.number_of_nodes()
    cached = graph.graph.get("_blocks")
    if cached is None or cached[0] != key:
        g, nodes = to_igraph(graph)
        cached = (key, (g, nodes, {n: i for i, n in enumerate(nodes)}, _BlockTree(g)))
        graph.graph["_blocks"] = cached
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
