"""The ``communities`` query's Python step: clusters of the stakeholder network
and what their members share (kinds, target groups, modes of engagement)."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from ..graph.facts import Facts
from ..graph.project import project
from . import network

COLUMNS = ["community", "size", "members", "kinds", "target_groups", "modes", "internal_engagements", "shares"]
SHOWN_MEMBERS = 12


def _counted(counts: Counter[str], limit: int = 4) -> str:
    return "; ".join(f"{k} ({v})" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])


def communities(facts: Facts, frame: pd.DataFrame, values: dict[str, str]) -> pd.DataFrame:
    """One row per cluster of two or more stakeholders, largest first.  Members are
    listed most connected first; ``shares`` says in a sentence what holds the
    cluster together: target groups served by at least two members, and the
    modes of the engagements inside it."""
    graph = project(facts, evidence=False)  # weights are engagements; quotes are not needed
    clusters = network.communities(graph, weight="engagements")
    cluster = {n: i for i, members in enumerate(clusters) for n in members}
    # One pass over the ties: engagements and modes inside each cluster, ties reaching out of it.
    links, outside = [0] * len(clusters), [0] * len(clusters)
    modes: list[Counter[str]] = [Counter() for _ in clusters]
    for a, b, d in graph.edges(data=True):
        ca, cb = cluster.get(a), cluster.get(b)
        if ca is not None and ca == cb:
            links[ca] += d["engagements"]
            modes[ca].update(d["modes"].keys())
        else:
            for c in (ca, cb):
                if c is not None:
                    outside[c] += 1
    rows = []
    for number, members in enumerate(clusters, start=1):
        i = number - 1
        kinds = Counter(graph.nodes[n]["kind"] for n in members)
        groups = Counter(t for n in members for t in graph.nodes[n]["target_groups"])
        shared_groups = Counter({t: c for t, c in groups.items() if c >= 2})
        ranked = sorted(members, key=lambda n: (-graph.degree(n), graph.nodes[n]["name"]))
        names = [graph.nodes[n]["name"] for n in ranked]
        shown = ", ".join(names[:SHOWN_MEMBERS]) + (f" and {len(names) - SHOWN_MEMBERS} more"
                                                    if len(names) > SHOWN_MEMBERS else "")
        parts = []
        if shared_groups:
            top = sorted(shared_groups.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            parts.append("serve " + ", ".join(f"{t} ({c} members)" for t, c in top))
        if modes[i]:
            mode, count = sorted(modes[i].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            parts.append(f"work together mostly by {mode} ({count} of {links[i]} engagements inside)")
        shares = (" and ".join(parts) or "are linked by engagements only") + \
            f"; {outside[i]} tie{'s' if outside[i] != 1 else ''} reach outside the cluster."
        rows.append({"community": number, "size": len(members), "members": shown, "kinds": _counted(kinds, 6),
                     "target_groups": _counted(shared_groups), "modes": _counted(modes[i]),
                     "internal_engagements": links[i], "shares": "Members " + shares})
    return pd.DataFrame(rows, columns=COLUMNS)
