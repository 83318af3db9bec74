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
    rows = []
    for number, members in enumerate(network.communities(graph, weight="engagements"), start=1):
        inside = set(members)
        kinds = Counter(graph.nodes[n]["kind"] for n in members)
        groups = Counter(t for n in members for t in graph.nodes[n]["target_groups"])
        shared_groups = Counter({t: c for t, c in groups.items() if c >= 2})
        modes: Counter[str] = Counter()
        links = 0
        for n in members:
            for m, d in graph.adj[n].items():
                if m in inside and n < m:  # each tie inside the cluster once
                    links += d["engagements"]
                    modes.update(d["modes"].keys())
        ranked = sorted(members, key=lambda n: (-graph.degree(n), graph.nodes[n]["name"]))
        names = [graph.nodes[n]["name"] for n in ranked]
        shown = ", ".join(names[:SHOWN_MEMBERS]) + (f" and {len(names) - SHOWN_MEMBERS} more"
                                                    if len(names) > SHOWN_MEMBERS else "")
        parts = []
        if shared_groups:
            top = sorted(shared_groups.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            parts.append("serve " + ", ".join(f"{t} ({c} members)" for t, c in top))
        if modes:
            mode, count = sorted(modes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            parts.append(f"work together mostly by {mode} ({count} of {links} engagements inside)")
        outside = sum(1 for n in members for m in graph[n] if m not in inside)
        shares = (" and ".join(parts) or "are linked by engagements only") + \
            f"; {outside} tie{'s' if outside != 1 else ''} reach outside the cluster."
        rows.append({"community": number, "size": len(members), "members": shown, "kinds": _counted(kinds, 6),
                     "target_groups": _counted(shared_groups), "modes": _counted(modes),
                     "internal_engagements": links, "shares": "Members " + shares})
    return pd.DataFrame(rows, columns=COLUMNS)
