"""The stakeholder network, for graph algorithms.

One node per stakeholder (``name``, ``kind``, ``generic``, ``target_groups``,
``documents``); one edge per pair of stakeholders that engage, with ``modes``
(mode → the pieces of evidence behind the pair's engagements in that mode),
``engagements`` (how many modes) and ``evidence`` (their sum).  An
engagement with three parties gives an edge for each pair.  Built from the
fact tables of the store (:mod:`.facts`), so it sees exactly what the named
queries see.

Two forms of the same network:

- :func:`network` gives a :class:`Network` of arrays (node *i* is row *i*
  of a table sorted by IRI; edges are pairs of node numbers), with its
  igraph form; ``gaps`` and ``communities`` work on this, in numpy and
  igraph's C core, because a networkx graph of 20,000 nodes costs more to
  build and walk than the measures themselves;
- :func:`project` gives the same network as a networkx graph (nodes are
  IRIs), for callers who want networkx's algorithms.

>>> from changemap.graph.store import GraphStore
>>> project(GraphStore.from_quads([])).number_of_nodes()
0
>>> network(GraphStore.from_quads([])).edges.shape[0]
0
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from .facts import Facts, pair_codes
from .store import GraphStore

TABLES = ("stakeholders", "parties", "modes", "target-groups")

_T = TypeVar("_T")


def _paused(make: Callable[[], _T]) -> _T:
    """``make()`` with the cyclic garbage collector paused: tens of thousands of
    small objects and no cycles (collecting them cost 40% of the time)."""
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        return make()
    finally:
        if gc_was_on:
            gc.enable()


@dataclass
class Network:
    """The stakeholder network as arrays.

    ``nodes``: one row per stakeholder, sorted by IRI, numbered by position
    (``iri, name, kind, generic, documents``).  ``groups``: each node's target
    groups.  ``edges``: ``a < b`` (node numbers), ``engagements`` (modes) and
    ``evidence``, sorted by ``a, b``.  ``modes``: ``edge, mode, evidence``, one
    row per edge and mode, sorted by edge and mode."""

    nodes: pd.DataFrame
    groups: list[frozenset[str]]
    edges: pd.DataFrame
    modes: pd.DataFrame
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.nodes)

    def igraph(self, weight: str | None = None) -> ig.Graph:
        """The igraph form: vertex i is node i, edge j is row j of ``edges``; with
        ``weight`` (a column of ``edges``) as the edge attribute of that name."""
        key = ("igraph", weight)
        if key not in self._cache:
            g = ig.Graph(n=len(self.nodes), edges=self.edges[["a", "b"]].to_numpy().tolist())
            if weight is not None:
                g.es[weight] = self.edges[weight].astype(float).tolist()
            self._cache[key] = g
        return self._cache[key]

    def adjacency(self) -> sparse.csr_matrix:
        """The symmetric 0/1 adjacency matrix (node × node)."""
        if "adjacency" not in self._cache:
            a, b, n = self.edges["a"].to_numpy(), self.edges["b"].to_numpy(), len(self.nodes)
            ones = np.ones(2 * len(a), dtype=np.int32)
            self._cache["adjacency"] = sparse.csr_matrix(
                (ones, (np.concatenate([a, b]), np.concatenate([b, a]))), shape=(n, n))
        return self._cache["adjacency"]

    def degree(self) -> np.ndarray:
        return np.diff(self.adjacency().indptr)

    def neighbours(self, i: int) -> np.ndarray:
        matrix = self.adjacency()
        return matrix.indices[matrix.indptr[i]:matrix.indptr[i + 1]]

    def membership(self) -> tuple[sparse.csr_matrix, list[str]]:
        """Node × target group 0/1 matrix, and the groups (sorted) its columns stand for."""
        if "membership" not in self._cache:
            names = sorted({t for groups in self.groups for t in groups})
            column = {t: j for j, t in enumerate(names)}
            rows = [i for i, groups in enumerate(self.groups) for _ in groups]
            cols = [column[t] for groups in self.groups for t in groups]
            self._cache["membership"] = (sparse.csr_matrix(
                (np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(len(self.nodes), len(names))), names)
        return self._cache["membership"]


def network(source: GraphStore | Facts, documents: bool = True, evidence: bool = True) -> Network:
    """The stakeholder network of a store (or of fact tables already read from it)
    as arrays.  ``documents=False`` / ``evidence=False`` leave those counts at 0,
    which saves reading them."""
    return _paused(lambda: _network(source, documents, evidence))


def _network(source: GraphStore | Facts, documents: bool, evidence: bool) -> Network:
    facts = source if isinstance(source, Facts) else Facts(source)
    facts.prefetch(*(["engagement-evidence"] if evidence else []), *TABLES,
                   *(["stakeholder-documents"] if documents else []))
    nodes = facts.stakeholders()
    # One row per IRI; of two labels or kinds, the least (sorting on one column is 5 times quicker than on three).
    keys = ["iri", "name", "kind"] if nodes["iri"].duplicated().any() else ["iri"]
    nodes = nodes.sort_values(keys).drop_duplicates("iri").reset_index(drop=True)
    index = pd.Index(nodes["iri"])
    # Each engagement's pairs of parties, as node numbers (a party that is no node is left out).
    parties = facts["parties"]
    party = index.get_indexer(parties["party"])
    engagement, e_names = pd.factorize(parties["engagement"])
    joined = pair_codes(engagement[party >= 0], party[party >= 0])
    modes = facts.engagements()
    mode_of = pd.DataFrame({"e": pd.Index(e_names).get_indexer(modes["engagement"]), "mode": modes["mode"]})
    pairs = joined.merge(mode_of[mode_of["e"] >= 0], on="e")
    if evidence:
        counts = facts.tally("engagement-evidence")
        quotes = pd.Series(np.asarray(e_names, dtype=object)[pairs["e"].to_numpy()]).map(counts)
        pairs["evidence"] = quotes.fillna(0).astype(int).to_numpy()
    else:
        pairs["evidence"] = 0
    counted = pairs.groupby(["p_x", "p_y", "mode"], sort=True)["evidence"].sum().reset_index()
    a, b = counted["p_x"].to_numpy(), counted["p_y"].to_numpy()
    starts = np.ones(len(counted), dtype=bool)
    starts[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    edge = np.cumsum(starts) - 1
    per_edge = pd.DataFrame({"edge": edge, "evidence": counted["evidence"].to_numpy()}).groupby("edge")["evidence"]
    edges = pd.DataFrame({"a": a[starts], "b": b[starts], "engagements": per_edge.size().to_numpy(),
                          "evidence": per_edge.sum().to_numpy()})
    mode_rows = pd.DataFrame({"edge": edge, "mode": counted["mode"].to_numpy(),
                              "evidence": counted["evidence"].to_numpy()})
    groups: list[set[str]] = [set() for _ in range(len(nodes))]
    table = facts["target-groups"]
    for i, group in zip(index.get_indexer(table["iri"]).tolist(), table["group"].tolist(), strict=True):
        if i >= 0:
            groups[i].add(group)
    if documents:
        nodes["documents"] = nodes["iri"].map(facts.counts("stakeholder-documents")).fillna(0).astype(int)
    else:
        nodes["documents"] = 0
    return Network(nodes, [frozenset(g) for g in groups], edges, mode_rows)


def project(source: GraphStore | Facts, evidence: bool = True) -> nx.Graph:
    """The stakeholder network of a store as a networkx graph; nodes are IRIs,
    added in sorted order so that algorithms with a random start give the same
    answer every run.  With ``evidence=False`` the counts of documents and
    evidence are left out (0), which saves reading them."""
    return _paused(lambda: _project(network(source, documents=evidence, evidence=evidence)))


def _project(net: Network) -> nx.Graph:
    nodes = net.nodes
    iris = nodes["iri"].tolist()
    graph = nx.Graph()
    graph.add_nodes_from(
        (iri, {"name": name, "kind": kind, "generic": bool(generic), "target_groups": groups,
               "documents": int(documents)})
        for iri, name, kind, generic, groups, documents in zip(
            iris, nodes["name"].tolist(), nodes["kind"].tolist(), nodes["generic"].tolist(), net.groups,
            nodes["documents"].tolist(), strict=True))
    modes: list[dict[str, int]] = [{} for _ in range(len(net.edges))]
    for e, mode, n in zip(net.modes["edge"].tolist(), net.modes["mode"].tolist(), net.modes["evidence"].tolist(),
                          strict=True):
        modes[e][mode] = int(n)
    graph.add_edges_from(
        (iris[a], iris[b], {"modes": m, "engagements": len(m), "evidence": sum(m.values())})
        for a, b, m in zip(net.edges["a"].tolist(), net.edges["b"].tolist(), modes, strict=True))
    return graph
