"""Node positions for the map, computed once in Python.

Small graphs get networkx's Kamada-Kawai layout.  Its cost grows with the
square of the node count (a 2,000-node map took seconds, and networkx's
spring layout as long), so above :data:`KAMADA_KAWAI_LIMIT` nodes the map
uses :func:`force_layout`: Fruchterman-Reingold forces where repulsion acts
only between nodes closer than a few ideal edge lengths, found with a k-d
tree, so each step costs about linear time.  Both are deterministic.

>>> import networkx as nx
>>> pos = force_layout(nx.path_graph(5), iterations=30)
>>> sorted(pos) == list(range(5)) and all(-1.0 <= c <= 1.0 for xy in pos.values() for c in xy)
True
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

KAMADA_KAWAI_LIMIT = 100
NEIGHBOURS = 12  # each node is pushed away from this many nearest nodes one by one …
GRID = 10  # … and from the rest by the cells of a GRID × GRID grid


def force_layout(graph: nx.Graph, seed: int = 7, iterations: int = 60) -> dict:
    """Positions in [-1, 1]² for every node of ``graph``, force-directed.

    Nodes start at seeded random points; at each step every edge pulls its
    ends together (d²/k) and every pair of nodes closer than 3k pushes apart
    (k²/d), with k the ideal edge length for the unit square; a weak pull to
    the centre keeps separate components in view.  Moves are capped by a
    temperature that cools linearly to zero.
    """
    nodes = sorted(graph, key=str)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(nodes)}
    neighbours = min(NEIGHBOURS, n - 1)
    edges = np.array([(index[a], index[b]) for a, b in graph.edges() if a != b], dtype=np.intp).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    k = 1.0 / math.sqrt(n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = np.zeros((n, 2))
        _, near = cKDTree(pos).query(pos, k=neighbours + 1)
        first, second = np.repeat(np.arange(n), neighbours), near[:, 1:].ravel()
        delta = pos[first] - pos[second]
        dist2 = np.maximum((delta ** 2).sum(axis=1), (0.01 * k) ** 2)
        disp += _sum_at(first, delta * (k * k / dist2)[:, None], n)
        disp += _far_push(pos, k)
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            pull = delta * (np.sqrt((delta ** 2).sum(axis=1)) / k)[:, None]
            disp += _sum_at(edges[:, 1], pull, n) - _sum_at(edges[:, 0], pull, n)
        disp -= 0.05 * (pos - pos.mean(axis=0)) / k
        length = np.maximum(np.sqrt((disp ** 2).sum(axis=1)), 1e-12)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    pos /= max(float(np.abs(pos).max()), 1e-12)
    return {v: (float(x), float(y)) for v, (x, y) in zip(nodes, pos, strict=True)}


def _far_push(pos: np.ndarray, k: float, cells: int = GRID) -> np.ndarray:
    """Repulsion from the rest of the graph, summarised by the cells of a grid:
    each cell's centre of mass is pushed by every other cell's mass, and its
    nodes move with it (the nearest nodes push each node one by one)."""
    lo = pos.min(axis=0)
    size = np.maximum(pos.max(axis=0) - lo, 1e-9) / cells
    ij = np.minimum(((pos - lo) / size).astype(np.intp), cells - 1)
    cell = ij[:, 0] * cells + ij[:, 1]
    used, slot = np.unique(cell, return_inverse=True)
    mass = np.bincount(slot).astype(float)
    centre = np.stack([np.bincount(slot, weights=pos[:, i]) for i in (0, 1)], axis=1) / mass[:, None]
    delta = centre[:, None, :] - centre[None, :, :]
    dist2 = np.maximum((delta ** 2).sum(axis=2), (0.01 * k) ** 2)
    weight = k * k * mass[None, :] / dist2
    np.fill_diagonal(weight, 0.0)
    return (delta * weight[:, :, None]).sum(axis=1)[slot]


def _sum_at(rows: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Sum ``values`` (m×2) into n rows by index, as np.add.at does, faster."""
    return np.stack([np.bincount(rows, weights=values[:, 0], minlength=n),
                     np.bincount(rows, weights=values[:, 1], minlength=n)], axis=1)


def positions(graph: nx.Graph, seed: int = 7) -> dict:
    """Positions in [-1, 1]² by the layout that suits the graph's size."""
    if graph.number_of_nodes() <= KAMADA_KAWAI_LIMIT:
        return nx.kamada_kawai_layout(graph)
    return force_layout(graph, seed=seed)
