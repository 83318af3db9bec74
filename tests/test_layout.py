"""Map positions: deterministic, and the large-graph layout still draws communities apart."""

from __future__ import annotations

import math

import networkx as nx

from changemap.viz.layout import KAMADA_KAWAI_LIMIT, force_layout, positions
from changemap.viz.views import network_layout


def two_communities(size: int) -> nx.Graph:
    """Two dense groups of ``size`` organisations with three links between them."""
    g = nx.Graph()
    for group in ("csos", "police"):
        members = [f"{group}-{i}" for i in range(size)]
        g.add_edges_from((a, b) for i, a in enumerate(members) for b in members[i + 1:i + 6])
    g.add_edges_from([("csos-0", "police-0"), ("csos-7", "police-9"), ("csos-20", "police-33")])
    return g


def test_force_layout_separates_communities_and_is_deterministic():
    g = two_communities(300)
    pos = force_layout(g)
    assert pos == force_layout(g)
    assert all(math.isfinite(c) and -1.0 <= c <= 1.0 for xy in pos.values() for c in xy)

    def centre(group):
        xs = [pos[n] for n in g if n.startswith(group)]
        return (sum(x for x, _ in xs) / len(xs), sum(y for _, y in xs) / len(xs))

    (ax, ay), (bx, by) = centre("csos"), centre("police")
    spread = max(math.dist(pos[n], centre(n.split("-")[0])) for n in g) / 2
    assert math.dist((ax, ay), (bx, by)) > spread


def test_nodes_do_not_pile_up():
    g = nx.gnm_random_graph(1500, 6000, seed=2)
    pos = force_layout(g)
    points = sorted(pos.values())
    assert len(set(points)) == len(points)
    close = sum(1 for a, b in zip(points, points[1:], strict=False) if math.dist(a, b) < 1e-4)
    assert close < len(points) * 0.01


def test_small_graphs_keep_kamada_kawai():
    g = nx.cycle_graph(12)
    kk = nx.kamada_kawai_layout(g)
    assert {n: tuple(xy) for n, xy in positions(g).items()} == {n: tuple(xy) for n, xy in kk.items()}
    big = nx.cycle_graph(KAMADA_KAWAI_LIMIT + 1)
    assert positions(big) == force_layout(big)


def test_map_layout_puts_unlinked_stakeholders_in_rows_below():
    g = two_communities(150)
    g.add_nodes_from(["alone-1", "alone-2"])
    pos = network_layout(list(g), list(g.edges()))
    lowest = max(y for n, (_, y) in pos.items() if not n.startswith("alone"))
    assert pos["alone-1"][1] > lowest and pos["alone-2"][1] > lowest
    assert pos == network_layout(list(g), list(g.edges()))
