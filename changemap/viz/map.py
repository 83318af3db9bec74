"""The engagement map: one self-contained HTML file that works offline.

pyvis builds the network (nodes, edges, options) and supplies its bundled
vis-network; the page itself comes from our own template so that every
script and style is inline, the data is embedded as escaped JSON, and every
label, tooltip and quote is inserted as text, never as HTML.  Positions are
computed in Python (networkx), so the browser does no physics.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict, namedtuple
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import networkx as nx
import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from ..atomic import write_text
from ..graph.store import GraphStore
from ..ontology.lexicon import concept_iri
from ..ontology.lexicon import label as concept_label
from ..queries import run
from .layout import positions

HERE = Path(__file__).resolve().parent
KIND_STYLE = {  # colour-blind-safe colours (ColorBrewer Dark2) and distinct shapes
    "cso": ("#1b9e77", "dot"),
    "public-authority": ("#d95f02", "square"),
    "international-body": ("#7570b3", "triangle"),
    "private": ("#e7298a", "diamond"),
    "other": ("#666666", "star"),
}
SENTIMENT_COLOUR = {"positive": "#1a9850", "negative": "#d73027", "mixed": "#f39c12",
                    "neutral": "#7f8c8d", None: "#7f8c8d"}
MODE_DASHES = {"data-sharing": False, "strategic-group": [12, 6], "guideline-input": [2, 6],
               "training": [8, 4, 2, 4], "referral": [16, 4], "partnership": [14, 4, 3, 4],
               "funding": [4, 4], "consultation": [10, 10], "scrutiny": [2, 2]}


def _vis_assets() -> tuple[str, str]:
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), \
        (lib / "vis-network.css").read_text(encoding="utf-8")


EVIDENCE_QUERY = """
    SELECT ?node ?quote ?doc ?start ?end ?a WHERE {
      VALUES ?type { cm:Stakeholder cm:Engagement }
      ?node a ?type ; prov:wasDerivedFrom ?ev .
      ?ev cm:quote ?quote ; prov:wasQuotedFrom ?d ; oa:hasSelector ?sel ; cm:approval ?a .
      ?sel a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
      ?d dcterms:identifier ?doc .
    }"""


def evidence_by_node(rows: Iterable[dict]) -> dict[str, list[dict]]:
    """Rows of :data:`EVIDENCE_QUERY` → node or edge IRI → its distinct quotes,
    ordered by document and position."""
    approved = concept_iri("approval", "approved")
    out: dict[str, list[dict]] = defaultdict(list)
    seen = set()
    for r in sorted(rows, key=lambda r: (r["node"], r["doc"], r["start"], r["end"], r["quote"], r["a"])):
        key = (r["node"], r["quote"], r["doc"], r["start"], r["end"], r["a"])
        if key not in seen:
            seen.add(key)
            out[r["node"]].append({"quote": r["quote"], "doc": r["doc"], "start": r["start"],
                                   "end": r["end"], "approved": r["a"] == approved})
    return out


def _evidence(store: GraphStore) -> dict[str, list[dict]]:
    """Node or edge IRI → its quotes with document and position.

    (Starting from the typed nodes and sorting in Python is about a third
    faster on Oxigraph than a FILTER EXISTS and ORDER BY in the query.)
    """
    return evidence_by_node(store.query(EVIDENCE_QUERY))


def layout(graph: nx.Graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Deterministic positions in pixels.

    Connected stakeholders are laid out together (Kamada-Kawai up to a few
    hundred nodes, a force layout that scales beyond: see :mod:`.layout`);
    stakeholders with no
    engagement sit in rows beneath, so they neither vanish nor stretch the
    picture.
    """
    connected = sorted(n for n in graph if graph.degree(n) > 0)
    isolated = sorted(n for n in graph if graph.degree(n) == 0)
    pos: dict[str, tuple[float, float]] = {}
    spread = 110 * math.sqrt(max(len(connected), 1))
    if connected:
        raw = positions(graph.subgraph(connected), seed=seed)
        pos = {n: (round(float(x) * spread, 1), round(float(y) * spread, 1)) for n, (x, y) in raw.items()}
    bottom = max((y for _, y in pos.values()), default=0.0) + 160
    left = min((x for x, _ in pos.values()), default=0.0)
    per_row = max(4, int(2 * spread // 200))
    for i, n in enumerate(isolated):
        pos[n] = (round(left + 200 * (i % per_row), 1), round(bottom + 120 * (i // per_row), 1))
    return pos


def network(store: GraphStore | None, people: pd.DataFrame | None = None, links: pd.DataFrame | None = None,
            evidence: dict[str, list[dict]] | None = None) -> Network:
    """The engagement view as a pyvis network (positions fixed, physics off).

    ``people``, ``links`` and ``evidence`` are the ``stakeholders`` and
    ``engagements`` queries (run with ``keep_iris=True``) and
    :func:`_evidence`, if the caller has them already; ``store`` is queried
    for the others.
    """
    people = run("stakeholders", store, keep_iris=True) if people is None else people
    links = run("engagements", store, keep_iris=True) if links is None else links
    evidence = _evidence(store) if evidence is None else evidence
    people_rows, link_rows = _tuples(people), _tuples(links)
    g = nx.Graph()
    g.add_nodes_from(r.iri for r in people_rows)
    g.add_edges_from((r.source_iri, r.target_iri) for r in link_rows)
    pos = layout(g)
    centrality = nx.degree_centrality(g) if g.number_of_nodes() > 1 else {}
    net = Network(height="100%", width="100%", directed=False, cdn_resources="remote")
    for r in people_rows:
        colour, shape = KIND_STYLE.get(r.kind, KIND_STYLE["other"])
        x, y = pos.get(r.iri, (0.0, 0.0))
        # Node() directly: Network.add_node looks each id up in a list, O(N^2) in all.
        node = Node(r.iri, shape, label=r.name, color=colour, x=x, y=y, physics=False,
                    size=14 + 40 * centrality.get(r.iri, 0.0), kind=r.kind,
                    kindLabel=concept_label("kind", r.kind), aliases=r.aliases,
                    targetGroups=r.target_groups, degree=int(r.degree), evidence=evidence.get(r.iri, []))
        net.nodes.append(node.options)
        net.node_ids.append(r.iri)
        net.node_map[r.iri] = node.options
    parallel: dict[frozenset, int] = defaultdict(int)
    for r in link_rows:
        k = parallel[frozenset((r.source_iri, r.target_iri))]
        parallel[frozenset((r.source_iri, r.target_iri))] += 1
        # Two modes between one pair are two links: bend them apart.
        smooth = {"enabled": k > 0, "type": "curvedCW" if k % 2 else "curvedCCW",
                  "roundness": 0.18 * ((k + 1) // 2)}
        sentiment = r.sentiment if isinstance(r.sentiment, str) else None
        # Edge() directly: Network.add_edge drops a second edge between the same
        # pair (two modes are two engagements) and checks duplicates in O(E^2).
        net.edges.append(Edge(r.source_iri, r.target_iri, False, id=r.iri, mode=r.mode,
                     modeLabel=concept_label("mode", r.mode), sentiment=sentiment or "",
                     color=SENTIMENT_COLOUR.get(sentiment, SENTIMENT_COLOUR[None]),
                     dashes=MODE_DASHES.get(r.mode, False), width=1 + min(6, int(r.evidence_count)),
                     years=_years(r.first_year, r.last_year), evidence=evidence.get(r.iri, []),
                              smooth=smooth).options)
    net.toggle_physics(False)
    return net


def _tuples(frame: pd.DataFrame) -> list:
    """A frame's rows as named tuples, like ``itertuples(index=False)`` but from
    plain lists (iterating pandas' string arrays cell by cell is slow)."""
    row = namedtuple("Row", frame.columns)  # type: ignore[misc]
    return [row(*values) for values in zip(*(frame[c].tolist() for c in frame.columns), strict=True)]


def _years(first: object, last: object) -> str:
    if not isinstance(first, int | float) or math.isnan(first):
        return ""
    return f"{int(first)}" if first == last else f"{int(first)}–{int(last)}"


def _json(data: object) -> str:
    """JSON safe to embed in a <script> element: no '<', '>' or '&' appear raw."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render(store: GraphStore | None, title: str = "changemap — engagement map", draft: bool = True,
           people: pd.DataFrame | None = None, links: pd.DataFrame | None = None,
           evidence: dict[str, list[dict]] | None = None) -> str:
    net = network(store, people, links, evidence)
    js, css = _vis_assets()
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    legend = {
        "kinds": [{"key": k, "label": concept_label("kind", k), "colour": c, "shape": s}
                  for k, (c, s) in KIND_STYLE.items()],
        "sentiments": [{"key": k, "colour": c} for k, c in SENTIMENT_COLOUR.items() if k],
        "modes": [{"key": k, "label": concept_label("mode", k), "dashes": d} for k, d in MODE_DASHES.items()],
    }
    data = {"nodes": net.nodes, "edges": net.edges, "legend": legend}
    return env.get_template("map.html.j2").render(
        title=title, draft=draft, vis_js=js, vis_css=css, data_json=_json(data))


def write_map(store: GraphStore | None, path: Path | str, **kwargs) -> Path:
    """Render the engagement map of ``store`` to ``path`` atomically."""
    write_text(path, render(store, **kwargs))
    return Path(path)
