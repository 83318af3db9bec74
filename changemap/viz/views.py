"""The map's views: what is drawn, where, and what can be filtered.

A view is a plain dictionary that the page draws as it is (and that
:mod:`.static` draws as PNG or SVG): nodes and edges with their position,
colour, shape, the text of their tooltip and details panel, their quotes, and
the facets the filters act on.  Each view is made by a small class behind
one interface, :class:`View`:

======================  ==================================================
:class:`EngagementView`  stakeholders by kind and centrality, engagements by
                         mode and sentiment; target groups and initiatives
                         as layers that are off until switched on
:class:`ChangeView`      pivotal moments along a time axis, forward above it
                         and backward below, with their drivers, actors and
                         outcomes
:class:`GapsView`        the ``gaps`` query drawn on the network: suggested
                         introductions as dashed links, stakeholders and
                         target groups with a gap ringed, the reason in the
                         details panel
:class:`EgoView`         one stakeholder, its partners and the ties between
                         them, with its target groups, initiatives and moments
======================  ==================================================

Everything here is data; nothing is HTML.  The page inserts every string as
text.

>>> data = MapData.empty()
>>> view = EngagementView().build(data)
>>> view["name"], view["nodes"], view["edges"]
('engagement', [], [])
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import InputError
from ..ontology.lexicon import label as concept_label
from ..queries.gaps import KINDS as GAP_KINDS
from ..queries.gaps import stated_suffix
from .charts import moment_when
from .layout import positions

KIND_STYLE = {  # colour-blind-safe colours (ColorBrewer Dark2) and distinct shapes
    "cso": ("#1b9e77", "dot"),
    "public-authority": ("#d95f02", "square"),
    "international-body": ("#7570b3", "triangle"),
    "private": ("#e7298a", "diamond"),
    "other": ("#666666", "star"),
}
SENTIMENT_COLOUR = {"positive": "#1a9850", "negative": "#d73027", "mixed": "#e08e0b",
                    "neutral": "#7f8c8d", None: "#7f8c8d"}
MODE_DASHES = {"data-sharing": False, "strategic-group": [12, 6], "guideline-input": [2, 6],
               "training": [8, 4, 2, 4], "referral": [16, 4], "partnership": [14, 4, 3, 4],
               "funding": [4, 4], "consultation": [10, 10], "scrutiny": [2, 2]}
LAYER_STYLE = {  # layer → (colour, shape, label)
    "target-group": ("#1f78b4", "box", "Target groups"),
    "initiative": ("#8c564b", "hexagon", "Initiatives"),
    "moment": ("#444444", "diamond", "Pivotal moments"),
    "driver": ("#6a3d9a", "box", "Drivers of change"),
    "outcome": ("#555555", "box", "Outcomes"),
}
DIRECTION_STYLE = {"forward": ("#1a9850", "triangle", "Moved things forward"),
                   "backward": ("#d73027", "triangleDown", "Set things back")}
GAP_COLOUR = "#d62728"
SUGGESTION_COLOUR = "#ff7f0e"
MUTED = "#b8bec6"
#: The page opens with physics off and the positions computed here.  Views of
#: up to this many nodes offer a Physics button (nodes then spring apart live);
#: above it there is none, since the browser cannot keep up (DESIGN.md).
PHYSICS_LIMIT = 150
WIDE = 1.5  # layouts are stretched sideways for landscape screens


@dataclass
class MapData:
    """Everything a view is drawn from, read once from a built graph.

    ``stakeholders`` and ``engagements`` are the frames of the named queries
    (with IRIs); the rest are the rows of :class:`~changemap.viz.frames.Tables`.
    ``gaps`` is the ``gaps`` query's frame (with IRIs), or None when the
    gaps view is not wanted.  ``publish`` keeps only approved quotes and
    names interviewees by pseudonym only.
    """

    stakeholders: pd.DataFrame
    engagements: pd.DataFrame
    evidence: dict[str, list[dict]]
    initiatives: list[dict] = field(default_factory=list)
    moments: list[dict] = field(default_factory=list)
    target_groups: dict[str, str] = field(default_factory=dict)
    served: dict[str, list[str]] = field(default_factory=dict)
    documents: dict[str, dict] = field(default_factory=dict)
    gaps: pd.DataFrame | None = None
    publish: bool = False

    @classmethod
    def empty(cls) -> MapData:
        people = pd.DataFrame(columns=["iri", "name", "kind", "aliases", "target_groups", "degree", "documents"])
        links = pd.DataFrame(columns=["iri", "source", "source_kind", "target", "target_kind", "mode", "sentiment",
                                      "evidence_count", "first_year", "last_year", "source_iri", "target_iri"])
        return cls(people, links, {})

    @classmethod
    def from_tables(cls, tables, people: pd.DataFrame | None = None, links: pd.DataFrame | None = None,
                    evidence: dict | None = None, gaps: pd.DataFrame | None = None,
                    publish: bool = False) -> MapData:
        """From a :class:`~changemap.viz.frames.Tables` (and the frames already made from it)."""
        return cls(tables.stakeholders() if people is None else people,
                   tables.engagements() if links is None else links,
                   tables.evidence() if evidence is None else evidence,
                   tables.initiative_rows(), tables.moment_rows(), tables.target_groups(), tables.served(),
                   tables.documents(), gaps, publish)

    # -- quotes ------------------------------------------------------------

    def quotes(self, iri: str) -> list[dict]:
        """The quotes of a node or edge as the details panel shows them.

        Drafts show every quote with its document and character span, and
        say which are not yet approved.  Published maps show approved quotes
        only, with the interviewee's pseudonym (or the document's title) as
        the source and no file name.
        """
        out = []
        for q in self.evidence.get(iri, ()):
            if self.publish and not q["approved"]:
                continue
            if self.publish:
                doc = self.documents.get(q["doc"], {})
                source = (f"Interview with {doc['interviewee']}" if doc.get("interviewee")
                          else doc.get("title") or "Source document")
            else:
                source = f"{q['doc']} · characters {q['start']}–{q['end']}"
                if not q["approved"]:
                    source += " · not yet approved"
            out.append({"quote": q["quote"], "source": source, "speaker": q.get("speaker") or ""})
        return out

    def withheld(self, iri: str) -> int:
        """Quotes of ``iri`` left out of a published map."""
        return sum(1 for q in self.evidence.get(iri, ()) if not q["approved"]) if self.publish else 0

    def approved_text(self) -> set[tuple[str, str]]:
        """(document, quote) of every approved quote."""
        return {(q["doc"], q["quote"]) for qs in self.evidence.values() for q in qs if q["approved"]}


class View:
    """One way of drawing the graph.  Subclasses set :attr:`name` and :attr:`title`
    and implement :meth:`build`."""

    name = ""
    title = ""
    needs_focus = False
    layers: tuple[str, ...] = ()

    def build(self, data: MapData, focus: str | None = None) -> dict:
        raise NotImplementedError

    def _view(self, nodes: list[dict], edges: list[dict], legend: dict, facets: list[dict],
              years: list[int] | None, **extra) -> dict:
        """The view's dictionary; physics only for small views that ask for it."""
        return {"name": self.name, "title": self.title, "nodes": nodes, "edges": edges, "legend": legend,
                "facets": facets, "years": years, "layers": [_layer_entry(k) for k in self.layers],
                "physics": extra.pop("physics", False) and len(nodes) <= PHYSICS_LIMIT, **extra}


# --- pieces shared by the views ---------------------------------------------------------


def _split(value: object) -> list[str]:
    return [] if not isinstance(value, str) or not value else [v for v in value.split("; ") if v]


def _short(text: str, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters, with an ellipsis if cut.

    >>> _short("Arson attack on the Eastgate mosque in Harrowmouth", 30)
    'Arson attack on the Eastgate…'
    """
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0] if " " in text[:limit - 1] else text[:limit - 1]
    return cut.rstrip(" ,;:") + "…"


def _years(first: object, last: object) -> list[int] | None:
    """An engagement's first and last year as plain ints, or None when it has none.

    >>> _years(np.int64(2019), 2021), _years(pd.NA, pd.NA), _years(float("nan"), None)
    ([2019, 2021], None, None)
    """
    if first is None or last is None or pd.isna(first) or pd.isna(last):
        return None
    return [int(first), int(last)]


def _year_text(years: list[int] | None) -> str:
    if not years:
        return ""
    return f"{years[0]}" if years[0] == years[1] else f"{years[0]}–{years[1]}"


def _layer_entry(key: str) -> dict:
    colour, shape, label = LAYER_STYLE[key]
    return {"key": key, "label": label, "colour": colour, "shape": shape}


def _stakeholder_node(r, data: MapData, x: float, y: float, size: float) -> dict:
    colour, shape = KIND_STYLE.get(r.kind, KIND_STYLE["other"])
    kind_label = concept_label("kind", r.kind)
    groups = _split(r.target_groups)
    info = [["Kind", kind_label], ["Engagement partners", str(int(r.degree))]]
    if r.aliases:
        info.append(["Also known as", r.aliases])
    if groups:
        info.append(["Target groups served", "; ".join(groups)])
    return {"id": r.iri, "label": r.name, "layer": "stakeholder", "color": colour, "shape": shape,
            "size": round(size, 1), "x": x, "y": y, "kind": r.kind,
            "tip": [r.name, kind_label, f"{int(r.degree)} engagement partner(s)"],
            "info": info, "evidence": data.quotes(r.iri), "withheld": data.withheld(r.iri),
            "f": {"kind": [r.kind], "targetGroup": groups}, "aliases": _split(r.aliases)}


def _engagement_edge(r, data: MapData, k: int = 0, muted: bool = False) -> dict:
    sentiment = r.sentiment if isinstance(r.sentiment, str) and r.sentiment else None
    mode_label = concept_label("mode", r.mode)
    years = _years(r.first_year, r.last_year)
    info = [["Mode", mode_label]]
    if sentiment:
        info.append(["Sentiment", concept_label("sentiment", sentiment)])
    if years:
        info.append(["Years", _year_text(years)])
    info.append(["Quotes", str(int(r.evidence_count))])
    edge = {"id": r.iri, "from": r.source_iri, "to": r.target_iri, "layer": "engagement",
            "label_text": f"{r.source} — {r.target}",
            "color": MUTED if muted else SENTIMENT_COLOUR.get(sentiment, SENTIMENT_COLOUR[None]),
            "dashes": MODE_DASHES.get(r.mode, False), "width": 1 + min(6, int(r.evidence_count)),
            "tip": [mode_label, f"sentiment: {sentiment}" if sentiment else "", _year_text(years)],
            "info": info, "evidence": data.quotes(r.iri), "withheld": data.withheld(r.iri),
            "f": {"mode": [r.mode]}, "years": years}
    if k:  # two modes between one pair are two links: bend them apart
        edge["smooth"] = {"enabled": True, "type": "curvedCW" if k % 2 else "curvedCCW",
                          "roundness": round(0.18 * ((k + 1) // 2), 2)}
    return edge


def _parallel(links: pd.DataFrame) -> list[int]:
    """For each engagement, how many earlier ones join the same pair."""
    seen: dict[tuple, int] = defaultdict(int)
    out = []
    for a, b in zip(links["source_iri"].tolist(), links["target_iri"].tolist(), strict=True):
        key = (a, b) if a < b else (b, a)
        out.append(seen[key])
        seen[key] += 1
    return out


def network_layout(nodes: list[str], pairs: list[tuple[str, str]], seed: int = 7) -> dict[str, tuple[float, float]]:
    """Deterministic positions in pixels.

    Connected stakeholders are laid out together (Kamada-Kawai up to a
    hundred nodes, a force layout that scales beyond: see :mod:`.layout`);
    stakeholders with no engagement sit in rows beneath, so they neither
    vanish nor stretch the picture.

    >>> pos = network_layout(["a", "b", "c"], [("a", "b")])
    >>> sorted(pos), pos["c"][1] > max(pos["a"][1], pos["b"][1])
    (['a', 'b', 'c'], True)
    """
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from(pairs)
    connected = sorted(n for n in g if g.degree(n) > 0)
    isolated = sorted(n for n in g if g.degree(n) == 0)
    pos: dict[str, tuple[float, float]] = {}
    spread = 110 * math.sqrt(max(len(connected), 1))
    if connected:
        raw = positions(g.subgraph(connected), seed=seed)
        pos = {n: (round(float(x) * spread * WIDE, 1), round(float(y) * spread, 1)) for n, (x, y) in raw.items()}
    bottom = max((y for _, y in pos.values()), default=0.0) + 160
    left = min((x for x, _ in pos.values()), default=0.0)
    per_row = max(4, int(2 * spread * WIDE // 200))
    for i, n in enumerate(isolated):
        pos[n] = (round(left + 200 * (i % per_row), 1), round(bottom + 120 * (i // per_row), 1))
    return pos


def _sizes(people: pd.DataFrame) -> dict[str, float]:
    """Node radius by degree centrality: 12 px for none, up to 48 px for the best connected."""
    degree = people["degree"].astype(float).to_numpy() if len(people) else np.zeros(0)
    top = degree.max() if len(degree) else 0.0
    scaled = np.sqrt(degree / top) if top > 0 else np.zeros_like(degree)
    return dict(zip(people["iri"].tolist(), (12 + 36 * scaled).tolist(), strict=True))


def _centre(points: list[tuple[float, float]], fallback: tuple[float, float]) -> tuple[float, float]:
    if not points:
        return fallback
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _spread_out(items: list[tuple[str, float]], gap: float) -> dict[str, float]:
    """x positions near each item's wish, in wish order, at least ``gap`` apart."""
    out, last = {}, -math.inf
    for key, want in sorted(items, key=lambda kv: (kv[1], kv[0])):
        last = max(want, last + gap)
        out[key] = round(last, 1)
    if out:  # centre the row on the wishes again
        shift = (sum(w for _, w in items) - sum(out.values())) / len(out)
        out = {k: round(v + shift, 1) for k, v in out.items()}
    return out


def _facets(people: pd.DataFrame, links: pd.DataFrame | None) -> list[dict]:
    kinds = [k for k in KIND_STYLE if k in set(people["kind"])]
    facets = [{"key": "kind", "label": "Stakeholder kind",
               "values": [{"key": k, "label": concept_label("kind", k), "colour": KIND_STYLE[k][0]} for k in kinds]}]
    groups = sorted({g for v in people["target_groups"] for g in _split(v)})
    if groups:
        facets.append({"key": "targetGroup", "label": "Target group served", "any": True,
                       "values": [{"key": g, "label": g} for g in groups]})
    if links is not None and len(links):
        modes = [m for m in MODE_DASHES if m in set(links["mode"])] + \
            sorted(set(links["mode"]) - set(MODE_DASHES))
        facets.append({"key": "mode", "label": "Engagement mode",
                       "values": [{"key": m, "label": concept_label("mode", m)} for m in modes]})
    return facets


def _year_span(links: pd.DataFrame) -> list[int] | None:
    years = [y for y in [*links["first_year"].tolist(), *links["last_year"].tolist()]
             if isinstance(y, int | float) and not math.isnan(y)]
    return [int(min(years)), int(max(years))] if years else None


def _legend(people: pd.DataFrame, links: pd.DataFrame | None, extra: dict | None = None) -> dict:
    legend = {"kinds": [{"key": k, "label": concept_label("kind", k), "colour": c, "shape": s}
                        for k, (c, s) in KIND_STYLE.items() if k in set(people["kind"])]}
    if links is not None and len(links):
        legend["sentiments"] = [{"key": k, "label": concept_label("sentiment", k), "colour": c}
                                for k, c in SENTIMENT_COLOUR.items() if k]
        legend["modes"] = [{"key": k, "label": concept_label("mode", k), "dashes": d}
                           for k, d in MODE_DASHES.items() if k in set(links["mode"])]
    legend.update(extra or {})
    return legend


# --- layers -----------------------------------------------------------------------------


def _group_layer(data: MapData, pos: dict, keep: set[str] | None, hidden: bool) -> tuple[list, list]:
    """Target-group nodes beside the stakeholders that serve them, and "serves" edges."""
    by_group: dict[str, list[str]] = defaultdict(list)
    for s, groups in data.served.items():
        if s in pos:
            for g in groups:
                by_group[g].append(s)
    colour, shape, _ = LAYER_STYLE["target-group"]
    nodes, edges = [], []
    for g, label in data.target_groups.items():
        members = by_group.get(g, [])
        if keep is not None and g not in keep:
            continue
        x, y = _centre([pos[s] for s in members], (0.0, 0.0))
        nodes.append({"id": g, "label": label, "layer": "target-group", "color": colour, "shape": shape,
                      "size": 16, "x": round(x + 40, 1), "y": round(y - 60, 1), "hidden": hidden,
                      "tip": [label, "Target group", f"served by {len(members)} stakeholder(s) here"],
                      "info": [["Target group", label], ["Served by", str(len(members))]],
                      "evidence": [], "withheld": 0, "f": {"targetGroup": [label]}})
        edges += [{"id": f"{s}→{g}", "from": s, "to": g, "layer": "target-group", "color": colour,
                   "dashes": [2, 5], "width": 1, "hidden": hidden, "tip": ["serves " + label],
                   "info": [["Serves", label]], "evidence": [], "withheld": 0, "f": {}} for s in members]
    return nodes, edges


def _initiative_layer(data: MapData, pos: dict, hidden: bool, only: set[str] | None = None) -> tuple[list, list]:
    """Initiatives beside the stakeholders that run them or take part, and the edges between."""
    colour, shape, _ = LAYER_STYLE["initiative"]
    nodes, edges = [], []
    for i in data.initiatives:
        members = [s for s in [*i["owners"], *i["partners"]] if s in pos]
        if only is not None and not set(members) & only:
            continue
        x, y = _centre([pos[s] for s in members], (0.0, 0.0))
        kind = concept_label("initiative_type", i["type"]) if i["type"] else "Initiative"
        groups = [data.target_groups.get(g, g) for g in i["target_groups"]]
        info = [["Initiative", kind], ["Run by", str(len(i["owners"]))], ["Partners", str(len(i["partners"]))]]
        if groups:
            info.append(["Target groups", "; ".join(groups)])
        nodes.append({"id": i["iri"], "label": i["name"], "layer": "initiative", "color": colour, "shape": shape,
                      "size": 18, "x": round(x - 50, 1), "y": round(y + 60, 1), "hidden": hidden,
                      "tip": [i["name"], kind], "info": info, "evidence": data.quotes(i["iri"]),
                      "withheld": data.withheld(i["iri"]), "f": {"targetGroup": groups}})
        for role, who, dashes in (("runs", i["owners"], False), ("takes part in", i["partners"], [3, 4])):
            edges += [{"id": f"{s}→{i['iri']}", "from": s, "to": i["iri"], "layer": "initiative", "color": colour,
                       "dashes": dashes, "width": 2 if role == "runs" else 1, "hidden": hidden,
                       "tip": [f"{role} {i['name']}"], "info": [["Role", role]], "evidence": [], "withheld": 0,
                       "f": {}} for s in who if s in pos]
    return nodes, edges


# --- the views --------------------------------------------------------------------------


class EngagementView(View):
    """Who engages with whom."""

    name = "engagement"
    title = "Who engages with whom"
    layers = ("target-group", "initiative")

    def build(self, data: MapData, focus: str | None = None) -> dict:
        people, links = data.stakeholders, data.engagements
        pos = network_layout(people["iri"].tolist(),
                             list(zip(links["source_iri"].tolist(), links["target_iri"].tolist(), strict=True)))
        sizes = _sizes(people)
        nodes = [_stakeholder_node(r, data, *pos[r.iri], sizes[r.iri]) for r in people.itertuples(index=False)]
        edges = [_engagement_edge(r, data, k) for r, k in zip(links.itertuples(index=False), _parallel(links),
                                                              strict=True)]
        g_nodes, g_edges = _group_layer(data, pos, None, hidden=True)
        i_nodes, i_edges = _initiative_layer(data, pos, hidden=True)
        legend = _legend(people, links, {"layers": [_layer_entry(k) for k in self.layers]})
        return self._view(nodes + g_nodes + i_nodes, edges + g_edges + i_edges, legend,
                          _facets(people, links), _year_span(links), physics=True)


class EgoView(View):
    """One stakeholder, its partners, the ties among them, and its own groups,
    initiatives and moments."""

    name = "ego"
    title = "One stakeholder's network"
    needs_focus = True
    layers = ("target-group", "initiative", "moment")

    def build(self, data: MapData, focus: str | None = None) -> dict:
        if not focus:
            raise InputError("--focus", "the ego view needs a stakeholder: give --focus NAME")
        people, links = data.stakeholders, data.engagements
        mine = links[(links["source_iri"] == focus) | (links["target_iri"] == focus)]
        partners = sorted((set(mine["source_iri"]) | set(mine["target_iri"])) - {focus})
        circle = set(partners) | {focus}
        people = people[people["iri"].isin(circle)]
        links = links[links["source_iri"].isin(circle) & links["target_iri"].isin(circle)].reset_index(drop=True)
        kinds = dict(zip(people["iri"], people["kind"], strict=True))
        order = sorted(partners, key=lambda s: (list(KIND_STYLE).index(kinds.get(s, "other"))
                                                if kinds.get(s) in KIND_STYLE else 9, s))
        radius = max(300.0, 110.0 * len(order) / math.pi)
        pos = {focus: (0.0, 0.0)}
        for i, s in enumerate(order):
            a = 2 * math.pi * i / max(len(order), 1) - math.pi / 2
            pos[s] = (round(radius * math.cos(a), 1), round(radius * math.sin(a), 1))
        sizes = _sizes(people)
        nodes = [_stakeholder_node(r, data, *pos[r.iri], 48.0 if r.iri == focus else sizes[r.iri])
                 for r in people.itertuples(index=False)]
        edges = [_engagement_edge(r, data, k) for r, k in zip(links.itertuples(index=False), _parallel(links),
                                                              strict=True)]
        own = {focus: pos[focus]}
        g_nodes, g_edges = _group_layer(data, own, set(data.served.get(focus, [])), hidden=False)
        i_nodes, i_edges = _initiative_layer(data, own, hidden=False, only={focus})
        m_nodes, m_edges = _moment_layer(data, focus)
        outer = g_nodes + i_nodes + m_nodes
        ring = radius + 220
        for i, n in enumerate(outer):  # the focus's own things on an outer ring
            a = 2 * math.pi * (i + 0.5) / max(len(outer), 1) - math.pi / 2
            n["x"], n["y"] = round(ring * math.cos(a), 1), round(ring * math.sin(a), 1)
        view = self._view(nodes + outer, edges + g_edges + i_edges + m_edges,
                          _legend(people, links, {"layers": [_layer_entry(k) for k in self.layers]}),
                          _facets(people, links), _year_span(links), physics=False)
        view["focus"] = focus
        view["title"] = f"{self.title}: {people.set_index('iri').loc[focus, 'name']}"
        return view


def _moment_layer(data: MapData, actor: str) -> tuple[list, list]:
    colour, shape, _ = LAYER_STYLE["moment"]
    nodes, edges = [], []
    for m in data.moments:
        if actor not in m["actors"]:
            continue
        c, s, _ = DIRECTION_STYLE.get(m["direction"], (colour, shape, ""))
        nodes.append(_moment_node(m, data, 0.0, 0.0, c, s) | {"label": _short(m["label"], 30)})
        edges.append({"id": f"{actor}→{m['iri']}", "from": actor, "to": m["iri"], "layer": "moment", "color": c,
                      "dashes": [6, 4], "width": 1, "tip": ["took part in " + m["label"]],
                      "info": [["Took part in", m["label"]]], "evidence": [], "withheld": 0, "f": {}})
    return nodes, edges


def _moment_node(m: dict, data: MapData, x: float, y: float, colour: str, shape: str) -> dict:
    direction = concept_label("direction", m["direction"]) if m["direction"] else ""
    when = moment_when(m["date"])
    drivers = [concept_label("driver", d) for d in m["drivers"]]
    info = [["Date", m["date"] or "not dated"], ["Direction", direction]]
    if drivers:
        info.append(["Drivers", "; ".join(drivers)])
    info += [["Outcome", o] for o in m["outcomes"]]
    return {"id": m["iri"], "label": m["label"], "layer": "moment", "color": colour, "shape": shape, "size": 20,
            "x": x, "y": y, "tip": [m["label"], m["date"] or "not dated", direction], "info": info,
            "evidence": data.quotes(m["iri"]), "withheld": data.withheld(m["iri"]),
            "f": {"direction": [m["direction"]], "driver": m["drivers"]},
            "years": [int(when), int(when)] if when is not None else None}


class ChangeView(View):
    """What drove change: pivotal moments along a time axis."""

    name = "change"
    title = "What drove change"
    PX_PER_YEAR = 300
    ROW = 56

    def build(self, data: MapData, focus: str | None = None) -> dict:
        moments = data.moments
        whens = {m["iri"]: moment_when(m["date"]) for m in moments}
        dated = [w for w in whens.values() if w is not None]
        first = math.floor(min(dated)) if dated else 2000
        last = math.floor(max(dated)) if dated else first
        undated_x = (last + 1.5 - first) * self.PX_PER_YEAR

        def x_of(m: dict) -> float:
            w = whens[m["iri"]]
            return round((w - first) * self.PX_PER_YEAR, 1) if w is not None else undated_x

        nodes, edges, pos = [], [], {}
        stacks: dict[tuple[str, int], int] = defaultdict(int)
        for m in moments:
            c, s, _ = DIRECTION_STYLE.get(m["direction"], ("#666666", "diamond", ""))
            x = x_of(m)
            side = 1 if m["direction"] == "backward" else -1
            slot = (("b" if side > 0 else "f"), int(x // 150))
            level = stacks[slot]
            stacks[slot] += 1
            y = side * (self.ROW + self.ROW * level)
            pos[m["iri"]] = (x, y)
            nodes.append(_moment_node(m, data, x, float(y), c, s) | {"label": _short(m["label"], 30)})
        top = min((y for _, y in pos.values()), default=0.0) - 2 * self.ROW
        bottom = max((y for _, y in pos.values()), default=0.0) + 2 * self.ROW

        drivers: dict[str, list[str]] = defaultdict(list)
        actors: dict[str, list[str]] = defaultdict(list)
        for m in moments:
            for d in m["drivers"]:
                drivers[d].append(m["iri"])
            for a in m["actors"]:
                actors[a].append(m["iri"])
        colour, shape, _ = LAYER_STYLE["driver"]
        xs = _spread_out([(d, _centre([pos[i] for i in ms], (0, 0))[0]) for d, ms in drivers.items()], 240)
        for d, ms in sorted(drivers.items()):
            text = concept_label("driver", d)
            nodes.append({"id": f"driver:{d}", "label": text, "layer": "driver", "color": colour, "shape": shape,
                          "size": 18, "x": xs[d], "y": top, "tip": [text, f"drove {len(ms)} moment(s)"],
                          "info": [["Driver of change", text], ["Moments", str(len(ms))]], "evidence": [],
                          "withheld": 0, "f": {"driver": [d]}})
            edges += [{"id": f"driver:{d}→{m}", "from": f"driver:{d}", "to": m, "layer": "driver",
                       "color": "#b9a3d6", "dashes": False, "width": 1, "arrows": "to", "tip": [f"{text} drove this"],
                       "info": [["Drove", "this moment"]], "evidence": [], "withheld": 0, "f": {}} for m in ms]
        people = data.stakeholders[data.stakeholders["iri"].isin(actors)]
        xs = _spread_out([(a, _centre([pos[i] for i in ms], (0, 0))[0]) for a, ms in actors.items()
                          if a in set(people["iri"])], 120)
        rows = {a: k % 2 for k, a in enumerate(sorted(xs, key=lambda a: (xs[a], a)))}
        for r in people.itertuples(index=False):
            node = _stakeholder_node(r, data, xs[r.iri], bottom + 60 * rows[r.iri], 16.0)
            nodes.append(node)
            edges += [{"id": f"{r.iri}→{m}", "from": r.iri, "to": m, "layer": "actor", "color": MUTED,
                       "dashes": [4, 4], "width": 1, "tip": [f"{r.name} took part"],
                       "info": [["Took part", r.name]], "evidence": [], "withheld": 0, "f": {}}
                      for m in actors[r.iri]]
        colour, shape, _ = LAYER_STYLE["outcome"]
        for m in moments:
            x, y = pos[m["iri"]]
            for k, text in enumerate(m["outcomes"]):
                oid = f"{m['iri']}#outcome-{k}"
                short = _short(text, 40)
                nodes.append({"id": oid, "label": short, "layer": "outcome", "color": colour, "shape": shape,
                              "size": 10, "x": round(x + 30 + 20 * k, 1), "y": round(y + (30 if y > 0 else -30), 1),
                              "tip": [text], "info": [["Outcome", text]], "evidence": [], "withheld": 0, "f": {},
                              "hidden": False, "years": None})
                edges.append({"id": f"{m['iri']}→{oid}", "from": m["iri"], "to": oid, "layer": "outcome",
                              "color": colour, "dashes": False, "width": 1, "arrows": "to", "tip": ["led to"],
                              "info": [["Led to", text]], "evidence": [], "withheld": 0, "f": {}})
        ticks = [{"label": str(y), "x": round((y - first) * self.PX_PER_YEAR, 1)}
                 for y in range(first, last + 1)]
        if len(dated) < len(moments):
            ticks.append({"label": "not dated", "x": undated_x})
        legend = {"directions": [{"key": k, "label": lbl, "colour": c, "shape": s}
                                 for k, (c, s, lbl) in DIRECTION_STYLE.items()],
                  "layers": [_layer_entry(k) for k in ("driver", "outcome")],
                  "kinds": _legend(people, None)["kinds"]}
        facets = [{"key": "direction", "label": "Direction",
                   "values": [{"key": k, "label": lbl, "colour": c} for k, (c, _, lbl) in DIRECTION_STYLE.items()]},
                  {"key": "driver", "label": "Driver of change",
                   "values": [{"key": d, "label": concept_label("driver", d)} for d in sorted(drivers)]}]
        if len(people):
            facets.append(_facets(people, None)[0])
        years = [first, last] if dated else None
        return self._view(nodes, edges, legend, facets, years, physics=False,
                          axis={"ticks": ticks, "y": 0})


class GapsView(View):
    """Where the collaboration gaps are."""

    name = "gaps"
    title = "Where the collaboration gaps are"
    layers = ("initiative",)

    def build(self, data: MapData, focus: str | None = None) -> dict:
        if data.gaps is None:
            raise InputError("gaps", "the gaps view needs the gaps query's rows (MapData.gaps)")
        people, links = data.stakeholders, data.engagements
        pos = network_layout(people["iri"].tolist(),
                             list(zip(links["source_iri"].tolist(), links["target_iri"].tolist(), strict=True)))
        sizes = _sizes(people)
        nodes = {r.iri: _stakeholder_node(r, data, *pos[r.iri], sizes[r.iri]) for r in people.itertuples(index=False)}
        edges = [_engagement_edge(r, data, k, muted=True)
                 for r, k in zip(links.itertuples(index=False), _parallel(links), strict=True)]
        approved = data.approved_text()
        rows = []
        by_label = {label: iri for iri, label in data.target_groups.items()}
        group_gaps: dict[str, list[dict]] = defaultdict(list)
        for r in data.gaps.to_dict("records"):
            reason, subject = r["reason"], r["subject"]
            if data.publish and r.get("quote") and (r.get("document"), r["quote"]) not in approved:
                reason = reason.replace(stated_suffix(r["quote"], r["document"]),
                                        " A source says so (the quote is not approved for publication).")
                reason = reason.replace(r["quote"], "[text not approved for publication]")
                subject = subject.replace(r["quote"], "[text not approved for publication]")
            gap = {"kind": r["kind"], "label": GAP_KINDS.get(r["kind"], r["kind"]).split(";")[0],
                   "subject": subject, "reason": reason, "score": r["score"]}
            a, b = r.get("source_iri") or "", r.get("target_iri") or ""
            if a and b and a in nodes and b in nodes:
                gap["edge"] = f"gap:{r['kind']}:{a}:{b}"
                edges.append({"id": gap["edge"], "from": a, "to": b, "layer": "gap", "color": SUGGESTION_COLOUR,
                              "dashes": [10, 8], "width": 3, "tip": ["Suggested: " + gap["label"], r["subject"]],
                              "info": [["Gap", gap["label"]], ["Why", reason], ["Score", str(r["score"])]],
                              "evidence": [], "withheld": 0, "f": {"gap": [r["kind"]]}, "gap": gap})
            elif a in nodes:
                gap["node"] = a
                node = nodes[a]
                node.setdefault("gaps", []).append(gap)
                node["highlight"] = r["kind"]
                node.setdefault("f", {}).setdefault("gap", []).append(r["kind"])
            elif r["subject"] in by_label:
                gap["node"] = by_label[r["subject"]]
                group_gaps[gap["node"]].append(gap)
            rows.append(gap)
        keep = set(group_gaps)
        g_nodes, g_edges = _group_layer(data, pos, keep, hidden=False)
        for n in g_nodes:
            n["gaps"], n["highlight"], n["color"] = group_gaps[n["id"]], group_gaps[n["id"]][0]["kind"], GAP_COLOUR
            n["f"]["gap"] = [g["kind"] for g in group_gaps[n["id"]]]
        for e in g_edges:
            e["layer"], e["color"] = "gap-group", GAP_COLOUR
        i_nodes, i_edges = _initiative_layer(data, pos, hidden=True)
        for n in [*nodes.values(), *g_nodes]:
            n["info"] = n["info"] + [["Gap", g["label"] + ": " + g["reason"]] for g in n.get("gaps", [])]
        kinds = sorted({g["kind"] for g in rows}, key=lambda k: list(GAP_KINDS).index(k) if k in GAP_KINDS else 99)
        facets = _facets(people, links) + [{"key": "gap", "label": "Kind of gap", "any": True,
                                            "values": [{"key": k, "label": GAP_KINDS.get(k, k).split(";")[0]}
                                                       for k in kinds]}]
        legend = _legend(people, None, {
            "gaps": [{"label": "Suggested introduction", "colour": SUGGESTION_COLOUR, "dashes": [10, 8]},
                     {"label": "Stakeholder or group with a gap", "colour": GAP_COLOUR, "shape": "ring"},
                     {"label": "Recorded engagement", "colour": MUTED, "dashes": False}]})
        return self._view([*nodes.values(), *g_nodes, *i_nodes], edges + g_edges + i_edges, legend, facets,
                          _year_span(links), physics=True, gaps=rows)


REGISTRY: dict[str, type[View]] = {v.name: v for v in (EngagementView, ChangeView, GapsView, EgoView)}


def make_view(name: str, data: MapData, focus: str | None = None) -> dict:
    """Build the view called ``name`` (see :data:`REGISTRY`)."""
    if name not in REGISTRY:
        raise InputError("--view", f"unknown view '{name}'; choose one of: {', '.join(REGISTRY)}")
    return REGISTRY[name]().build(data, focus)
