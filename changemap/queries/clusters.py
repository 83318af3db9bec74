"""The ``communities`` query's Python step: clusters of the stakeholder network
and what their members share (kinds, target groups, modes of engagement).

Worked on the network's arrays (:class:`changemap.graph.project.Network`):
Leiden runs on its igraph form, and the ties inside and leaving each cluster
are counted with numpy over the edge table."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from ..graph.facts import Facts
from ..graph.project import network as projected
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
    net = projected(facts, documents=False, evidence=False)  # weights are engagements; quotes are not needed
    clusters = network.communities(net.igraph("engagements"), weight="engagements")
    cluster = np.full(len(net), -1)
    for i, members in enumerate(clusters):
        cluster[members] = i
    # The ties inside each cluster (engagements, modes) and those reaching out of it.
    ca, cb = cluster[net.edges["a"].to_numpy()], cluster[net.edges["b"].to_numpy()]
    inside = (ca == cb) & (ca >= 0)
    links = np.bincount(ca[inside], weights=net.edges["engagements"].to_numpy()[inside], minlength=len(clusters))
    crossing = ~inside
    outside = (np.bincount(ca[crossing & (ca >= 0)], minlength=len(clusters))
               + np.bincount(cb[crossing & (cb >= 0)], minlength=len(clusters)))
    edge = net.modes["edge"].to_numpy()
    modes: list[Counter[str]] = [Counter() for _ in clusters]
    for c, mode in zip(ca[edge][inside[edge]].tolist(), net.modes["mode"].to_numpy()[inside[edge]].tolist(),
                       strict=True):
        modes[c][mode] += 1
    names, kinds_of, degree = net.nodes["name"].tolist(), net.nodes["kind"].tolist(), net.degree()
    rows = []
    for number, members in enumerate(clusters, start=1):
        i = number - 1
        kinds = Counter(kinds_of[n] for n in members)
        groups = Counter(t for n in members for t in net.groups[n])
        shared_groups = Counter({t: c for t, c in groups.items() if c >= 2})
        ranked = [names[n] for n in sorted(members, key=lambda n: (-degree[n], names[n]))]
        shown = ", ".join(ranked[:SHOWN_MEMBERS]) + (f" and {len(ranked) - SHOWN_MEMBERS} more"
                                                     if len(ranked) > SHOWN_MEMBERS else "")
        parts = []
        if shared_groups:
            top = sorted(shared_groups.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            parts.append("serve " + ", ".join(f"{t} ({c} members)" for t, c in top))
        if modes[i]:
            mode, count = sorted(modes[i].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            parts.append(f"work together mostly by {mode} ({count} of {int(links[i])} engagements inside)")
        shares = (" and ".join(parts) or "are linked by engagements only") + \
            f"; {outside[i]} tie{'s' if outside[i] != 1 else ''} reach outside the cluster."
        rows.append({"community": number, "size": len(members), "members": shown, "kinds": _counted(kinds, 6),
                     "target_groups": _counted(shared_groups), "modes": _counted(modes[i]),
                     "internal_engagements": int(links[i]), "shares": "Members " + shares})
    return pd.DataFrame(rows, columns=COLUMNS)
