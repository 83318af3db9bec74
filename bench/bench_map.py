"""Benchmark the interactive map in headless Chromium, against pyvis defaults on the same graph.

The question (issue "5,000 nodes and 15,000 edges draw and respond within 3 s in
headless Chromium on this machine"): does changemap's ``map.html`` for a graph of
that size draw, answer a click on a node and answer a filter within 3 s each, and
how does that compare with what pyvis gives for the same graph with its defaults?

One run makes one synthetic graph (:mod:`bench.synth_graph`) and writes two pages
from the same stakeholders and engagements:

* **changemap**: :func:`changemap.viz.map.write_map` (engagement view), timed on
  the Python side.  In Chromium, on a fresh page each of ``--repeat`` times:
  load (from the start of ``page.goto`` until ``window.changemap.ready``), a
  mouse click on a well-connected node until the frame that shows its name in
  ``#details h2`` (the first animation frame after the heading changes) and until
  the rest of the map is drawn dimmed, and a
  click on the "CSO" checkbox until the map has drawn again with only the non-CSO
  stakeholders visible.  Also: the nodes drawn (must equal the stakeholders),
  requests leaving the page (must be 0) and console errors (must be 0).
  Medians are reported.
* **pyvis defaults**: ``pyvis.network.Network()`` with no options (physics and
  stabilisation on), one node per stakeholder (label = name, colour by kind) and
  one edge per engagement, written by ``write_html`` into its own folder (the
  default ``cdn_resources="local"`` copies a ``lib/`` folder beside it).  Opened
  the same way, requests to other hosts aborted and counted.  pyvis's default page
  loads vis-network from cdnjs.cloudflare.com, so offline it draws nothing; that
  run is recorded as it is.  Then the page is opened again with the vis-network
  file of that same ``lib/`` folder (9.1.2, the version the page asks the CDN
  for) put in as an init script, the CDN still blocked, and timed until
  vis-network reports ``stabilizationIterationsDone`` (the loading bar
  disappears), capped at ``--pyvis-timeout`` seconds.  Run once: it is slow.

Timestamps inside the page are ``Date.now()`` (the same clock as Python's
``time.time()``), taken from vis-network's own events through a hook that an
init script puts on ``vis.Network``.

    python -m bench.bench_map
    python -m bench.bench_map --stakeholders 1000 --engagements 3000 --repeat 5 --pyvis-timeout 60
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from .bench_build import _git_state, _load_average

TARGET_S = 3.0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
VIEWPORT = {"width": 1280, "height": 800}
PAGE_TIMEOUT_S = 120.0  # loading changemap's page, and each step after it
CLICK_TIMEOUT_S = 30.0  # pyvis: the loading bar going after stabilisation
CLICK_TRIES, CLICK_MISS_S = 5, 5.0  # pyvis: clicks on moving nodes, and the wait before one counts as a miss
FILTER_KIND = "cso"
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")

# Put on every page before its own scripts: wrap vis.Network (the UMD bundle assigns
# ``globalThis.vis`` and then ``vis.Network``) so the first network made gets listeners
# at once, before any of its events can fire, and note when those events happen.
HOOK_JS = """
(() => {
  if (window.__bench) return;
  const B = window.__bench = { created: null, firstDraw: null, lastDraw: null, draws: 0, stabilized: null,
                               stabilizing: null, progress: null, log: [], still: null, hooked: false };
  function hook(net) {
    if (B.hooked) return;
    B.hooked = true; B.created = Date.now();
    net.on("afterDrawing", () => {
      B.draws += 1; B.lastDraw = Date.now(); if (!B.firstDraw) B.firstDraw = Date.now();
    });
    net.on("startStabilizing", () => { if (!B.stabilizing) B.stabilizing = Date.now(); });
    net.on("stabilizationProgress", p => { B.progress = [p.iterations, p.total, Date.now()];
                                           B.log.push([p.iterations, Date.now()]); });
    net.once("stabilizationIterationsDone", () => { B.stabilized = Date.now(); });
    net.on("stabilized", p => { if (!B.still) B.still = [Date.now(), p.iterations]; });
  }
  let visObject;
  Object.defineProperty(window, "vis", { configurable: true, enumerable: true,
    get() { return visObject; },
    set(v) {
      visObject = v;
      if (!v || typeof v !== "object") return;
      let Net;
      Object.defineProperty(v, "Network", { configurable: true, enumerable: true,
        get() { return Net; },
        set(Orig) {
          Net = function (container, data, options) {
            const n = new Orig(container, data, options); hook(n); return n;
          };
          Net.prototype = Orig.prototype;
          Object.setPrototypeOf(Net, Orig);
        } });
    } });
})();
"""


# ---------------------------------------------------------------------------
# The graph and the two pages
# ---------------------------------------------------------------------------


def make_data(stakeholders: int, engagements: int, seed: int) -> tuple[Any, dict[str, Any]]:
    """The synthetic graph's map data (:class:`changemap.viz.views.MapData`) and facts about it."""
    from changemap.viz.frames import Tables
    from changemap.viz.views import MapData

    from . import synth_graph

    t = time.perf_counter()
    graph = synth_graph.generate(stakeholders, engagements, seed)
    generate_s = time.perf_counter() - t
    t = time.perf_counter()
    data = MapData.from_tables(Tables(graph.quads.merged(), graph.quads.by_predicate()))
    tables_s = time.perf_counter() - t
    people, links = data.stakeholders, data.engagements
    pairs = {frozenset(p) for p in zip(links["source_iri"], links["target_iri"], strict=True)}
    info = {"stakeholders": len(people), "engagements": len(links), "distinct_pairs": len(pairs),
            "kinds": {str(k): int(n) for k, n in people["kind"].value_counts().items()},
            "quads": graph.counts.get("quads"), "hub": graph.hub,
            "generate_s": round(generate_s, 2), "map_data_s": round(tables_s, 2)}
    return data, info


def write_changemap(data: Any, folder: Path) -> dict[str, Any]:
    """Write changemap's engagement map into ``folder``; the seconds and the size."""
    from changemap.viz.map import write_map

    path = folder / "changemap.html"
    t = time.perf_counter()
    write_map(path, data, view="engagement")
    seconds = time.perf_counter() - t
    return {"path": str(path), "write_s": round(seconds, 3), "size_mb": round(path.stat().st_size / 1e6, 2)}


def pyvis_network(data: Any) -> Any:
    """``pyvis.network.Network()`` with its defaults, holding the same stakeholders and engagements.

    Nodes go through ``add_node`` (id = IRI, label = name, colour by kind).  Edges are
    pyvis ``Edge`` objects appended to ``net.edges``, as ``add_edge`` would append them,
    but without its check for an edge between the same two nodes: that check is
    quadratic and would drop the parallel engagements (two modes between the same pair),
    and the page should hold the same edges as changemap's.
    """
    from pyvis.edge import Edge
    from pyvis.network import Network

    try:
        from changemap.viz.views import KIND_STYLE
        colours = {k: v[0] for k, v in KIND_STYLE.items()}
    except (ImportError, AttributeError):
        colours = {}
    net = Network()
    for r in data.stakeholders.itertuples(index=False):
        net.add_node(r.iri, label=r.name, color=colours.get(r.kind, "#97c2fc"))
    for s, t in zip(data.engagements["source_iri"], data.engagements["target_iri"], strict=True):
        net.edges.append(Edge(s, t, net.directed).options)
    return net


def write_pyvis(data: Any, folder: Path) -> dict[str, Any]:
    """Build and write the pyvis page into ``folder`` (its own working folder, for ``lib/``)."""
    folder.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    net = pyvis_network(data)
    build_s = time.perf_counter() - t
    t = time.perf_counter()
    with contextlib.chdir(folder):  # write_html puts lib/ in the working folder
        net.write_html("pyvis.html")
    write_s = time.perf_counter() - t
    path = folder / "pyvis.html"
    options = json.loads(net.options.to_json())
    return {"path": str(path), "build_s": round(build_s, 3), "write_s": round(write_s, 3),
            "size_mb": round(path.stat().st_size / 1e6, 2), "nodes": len(net.nodes), "edges": len(net.edges),
            "cdn_resources": net.cdn_resources, "lib": sorted(p.name for p in (folder / "lib").iterdir()),
            "physics": options.get("physics"), "edge_options": options.get("edges")}


# ---------------------------------------------------------------------------
# Chromium
# ---------------------------------------------------------------------------


class Opened:
    """A page in a fresh context: requests leaving the page are aborted and noted, with
    console errors and page errors.  ``t0`` is ``time.time()`` just before ``goto``."""

    def __init__(self, browser: Any, path: Path | str, init_scripts: tuple[str | Path, ...] = ()):
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.external: list[str] = []
        self.errors: list[str] = []
        self.page.add_init_script(HOOK_JS)
        for script in init_scripts:
            if isinstance(script, Path):
                self.page.add_init_script(path=str(script))
            else:
                self.page.add_init_script(script)
        self.page.on("request", self._request)
        self.page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(LOCAL_SCHEMES)
                        else route.abort())
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.url = Path(path).resolve().as_uri()
        self.t0 = 0.0

    def _request(self, request: Any) -> None:
        self.requests.append(request.url)
        if not request.url.startswith(LOCAL_SCHEMES):
            self.external.append(request.url)

    def goto(self, wait_until: str = "commit") -> None:
        self.t0 = time.time()
        self.page.goto(self.url, wait_until=wait_until, timeout=PAGE_TIMEOUT_S * 1000)

    def poll(self, predicate: str, arg: Any = None, timeout: float = PAGE_TIMEOUT_S,
             interval: float = 0.01) -> Any:
        """Evaluate ``predicate`` until it is truthy; its value.

        Polled from Python, not with ``wait_for_function``: when Playwright has to poll an
        expression string in the page, it evaluates it with ``eval``, which changemap's
        Content-Security-Policy (no 'unsafe-eval') refuses.  An evaluation waits while the
        page's main thread is busy, so a page timestamp is the better clock where there is one."""
        end = time.time() + timeout
        while True:
            try:
                value = self.page.evaluate(predicate, arg)
            except Exception as err:  # the document may still be replacing about:blank
                if "context was destroyed" not in str(err):
                    raise
                value = None
            if value:
                return value
            if time.time() > end:
                raise TimeoutError(f"not true within {timeout:g} s: {' '.join(predicate.split())[:120]}")
            time.sleep(interval)

    def since(self, ms: float | None) -> float | None:
        """Seconds from ``goto`` to a page timestamp (``Date.now()``), or None."""
        return None if ms is None else round(ms / 1000 - self.t0, 3)

    def bench(self) -> dict[str, Any]:
        """The hook's notes, with ``dcl``: DOMContentLoaded in seconds from navigation, or None."""
        return self.page.evaluate("""() => { const e = performance.getEntriesByType("navigation")[0];
            const dcl = e && e.domContentLoadedEventEnd ? Math.round(e.domContentLoadedEventEnd) / 1000 : null;
            return Object.assign({}, window.__bench || {}, { dcl: dcl }); }""")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.context.close()


def _hosts(urls: list[str]) -> list[str]:
    from urllib.parse import urlsplit

    return sorted({urlsplit(u).netloc or u for u in urls})


# A node to click: among the best-connected stakeholders, the first that is on screen
# and is the node vis-network finds under its own centre (not covered by another).
PICK_NODE_JS = """
([candidates, net]) => {
  const n = net === "changemap" ? window.changemap.network : window.network;
  const box = n.body.container.getBoundingClientRect();
  for (const id of candidates) {
    const p = n.getPositions([id])[id];
    if (!p) continue;
    const d = n.canvasToDOM(p);
    if (d.x < 5 || d.y < 5 || d.x > box.width - 5 || d.y > box.height - 5) continue;
    if (n.getNodeAt(d) !== id) continue;
    return { id: id, x: d.x, y: d.y };
  }
  return null;
}
"""


REDRAW_JS = """
net => {
  const n = net === "changemap" ? window.changemap.network : window.network;
  if (!n.renderer || typeof n.renderer._redraw !== "function") return null;
  const times = [];
  for (let i = 0; i < 3; i++) { const t = performance.now(); n.renderer._redraw(); times.push(performance.now() - t); }
  times.sort((a, b) => a - b);
  return Math.round(times[1]) / 1000;
}
"""


# The click's response: when ``#details h2`` gets the node's name (a MutationObserver),
# and the next animation frame after that, the one that paints it (later if other work,
# such as dimming the rest of the map, runs first).
WATCH_DETAILS_JS = """
label => {
  const B = window.__bench; B.details = null; B.detailsFrame = null;
  const box = document.getElementById("details");
  const seen = () => { const h = box.querySelector("h2"); return !!h && h.textContent === label; };
  const obs = new MutationObserver(() => {
    if (B.details || !seen()) return;
    B.details = Date.now(); obs.disconnect();
    requestAnimationFrame(() => { B.detailsFrame = Date.now(); });
  });
  obs.observe(box, { childList: true, subtree: true, characterData: true });
}
"""


# The clicked node's neighbourhood is shown by veiling the rest: true once a node outside
# it is out of focus, the map has drawn since the click and no redraw is pending;
# ``lastDraw`` is then the veiled frame.
DIMMED_JS = """
([far, d]) => {
  const c = window.changemap, r = c.network.renderer;
  return !c.inFocus(far) && c.draws > d && !(r && r.redrawRequested);
}
"""
DIM_TIMEOUT_S = 30.0


def _candidates(data: Any, n: int = 50) -> list[str]:
    people = data.stakeholders.sort_values(["degree", "iri"], ascending=[False, True])
    return people["iri"].head(n).tolist()


def _canvas_point(page: Any, selector: str, pick: dict[str, Any]) -> tuple[float, float]:
    box = page.locator(selector).bounding_box()
    return box["x"] + pick["x"], box["y"] + pick["y"]


def changemap_once(browser: Any, path: Path | str, data: Any) -> dict[str, Any]:
    """One fresh page of changemap's map: load, click, filter, and what was drawn."""
    expected_after = int((data.stakeholders["kind"] != FILTER_KIND).sum())
    opened = Opened(browser, path)
    page, out = opened.page, {}
    try:
        opened.goto()
        opened.poll("() => !!window.changemap && window.changemap.ready === true")
        out["ready_s"] = round(time.time() - opened.t0, 3)
        b = opened.bench()
        out["first_draw_s"] = opened.since(b.get("firstDraw"))
        nav = page.evaluate("""() => { const e = performance.getEntriesByType("navigation")[0];
            return e ? [e.domContentLoadedEventEnd, e.loadEventEnd] : null; }""")
        if nav:
            out["dom_content_loaded_s"], out["load_event_s"] = (round(v / 1000, 3) if v else None for v in nav)
        drawn = page.evaluate("""() => ({ positions: Object.keys(window.changemap.network.getPositions()).length,
            visible: window.changemap.visibleNodeIds().length, nodes: window.changemap.nodes.length,
            edges: window.changemap.edges.length, visibleEdges: window.changemap.visibleEdgeIds().length })""")
        out["drawn_nodes"] = drawn["positions"]
        out["visible_nodes"] = drawn["visible"]
        out["dataset_nodes"] = drawn["nodes"]
        out["visible_edges"] = drawn["visibleEdges"]
        out["drawn_ok"] = drawn["positions"] == drawn["visible"] == len(data.stakeholders)
        # One full redraw of the whole map, as at every pan, zoom or change (median of three;
        # vis-network's own draw, called directly).
        out["redraw_s"] = page.evaluate(REDRAW_JS, "changemap")

        # (b) a click on a node, until its name is the heading of the details panel
        pick = page.evaluate(PICK_NODE_JS, [_candidates(data), "changemap"])
        if pick is None:
            out["click_error"] = "no well-connected node was clickable on screen"
        else:
            label = page.evaluate("id => window.changemap.nodes.get(id).label", pick["id"])
            x, y = _canvas_point(page, "#network canvas", pick)
            out["click_node"] = {"id": pick["id"], "label": label,
                                 "degree": int(data.stakeholders.set_index("iri").at[pick["id"], "degree"])}
            # a node outside the clicked one's neighbourhood: dimmed once the map shows it
            far = page.evaluate("""id => { const n = window.changemap.network, near = new Set(n.getConnectedNodes(id));
                return window.changemap.visibleNodeIds().find(v => v !== id && !near.has(v)) || null; }""",
                                pick["id"])
            page.evaluate(WATCH_DETAILS_JS, label)
            draws = page.evaluate("window.changemap.draws")
            t = time.time()
            page.mouse.click(x, y)
            shown = opened.poll("() => window.__bench.detailsFrame")
            out["click_s"] = round(shown / 1000 - t, 3)
            out["click_dom_s"] = round(page.evaluate("window.__bench.details") / 1000 - t, 3)
            if far:
                try:
                    opened.poll(DIMMED_JS, [far, draws], timeout=DIM_TIMEOUT_S)
                    out["click_dimmed_s"] = round(page.evaluate("window.__bench.lastDraw") / 1000 - t, 3)
                except TimeoutError:
                    out["click_dimmed_note"] = f"no dimmed draw seen within {DIM_TIMEOUT_S:g} s"

        # (c) the CSO checkbox, until the map has drawn again with the non-CSO stakeholders only
        box = page.locator(f"#facets input[name=kind][value={FILTER_KIND}]")
        box.scroll_into_view_if_needed()
        where = box.bounding_box()
        draws = page.evaluate("window.changemap.draws")
        t = time.time()
        page.mouse.click(where["x"] + where["width"] / 2, where["y"] + where["height"] / 2)
        opened.poll("""([d, n]) => window.changemap.draws > d &&
            window.changemap.visibleNodeIds().length === n""", [draws, expected_after])
        out["filter_s"] = round(time.time() - t, 3)
        out["filter_visible_nodes"] = page.evaluate("window.changemap.visibleNodeIds().length")
        out["filter_expected_nodes"] = expected_after
    except Exception as err:  # reported, not raised: the other runs and pyvis still go ahead
        out["error"] = f"{type(err).__name__}: {str(err).splitlines()[0][:300]}"
    finally:
        out["requests"] = len(opened.requests)
        out["external_requests"] = len(opened.external)
        out["external_hosts"] = _hosts(opened.external)
        out["console_errors"] = len(opened.errors)
        out["errors"] = opened.errors[:10]
        opened.close()
    return out


def changemap_runs(browser: Any, path: Path | str, data: Any, repeat: int,
                   say: Any = lambda _text: None) -> dict[str, Any]:
    """``repeat`` fresh pages; medians of the timings, worst of the checks."""
    runs = []
    for i in range(repeat):
        run = changemap_once(browser, path, data)
        say(f"  changemap run {i + 1}: ready {run.get('ready_s')} s, click {run.get('click_s')} s "
            f"(dimmed {run.get('click_dimmed_s')} s), "
            f"filter {run.get('filter_s')} s" + (f", {run['error']}" if run.get("error") else ""))
        runs.append(run)
    out: dict[str, Any] = {"runs": runs}
    for key in ("ready_s", "first_draw_s", "click_s", "click_dom_s", "click_dimmed_s", "filter_s", "redraw_s"):
        values = [r[key] for r in runs if r.get(key) is not None]
        out[key] = round(statistics.median(values), 3) if len(values) == len(runs) else None
    out["drawn_nodes"] = runs[-1].get("drawn_nodes")
    out["drawn_ok"] = all(r.get("drawn_ok") for r in runs)
    out["filter_ok"] = all(r.get("filter_visible_nodes") == r.get("filter_expected_nodes") for r in runs)
    out["external_requests"] = max(r["external_requests"] for r in runs)
    out["console_errors"] = max(r["console_errors"] for r in runs)
    out["errors"] = sorted({e for r in runs for e in r["errors"]} | {r["error"] for r in runs if r.get("error")})
    return out


def pyvis_once(browser: Any, path: Path | str, data: Any, timeout: float,
               supply: Path | None = None) -> dict[str, Any]:
    """One page of pyvis's output: until stabilisation is done (or ``timeout``), then a click.

    ``supply`` is a vis-network file to put in as an init script (the CDN stays blocked)."""
    opened = Opened(browser, path, (supply,) if supply else ())
    page = opened.page
    out: dict[str, Any] = {"vis_supplied": str(supply) if supply else None, "timeout_s": timeout}
    try:
        opened.goto()
        # Until the page's script has made its network, or the parser is done without one
        # (vis-network missing).  With a large graph the parser resumes only after the first
        # stabilisation batches, so DOMContentLoaded can come long after the network.
        with contextlib.suppress(TimeoutError):
            opened.poll("() => window.__bench.created !== null || document.readyState !== 'loading'",
                        timeout=timeout, interval=0.05)
        b = opened.bench()
        out["vis_loaded"] = page.evaluate("typeof window.vis !== 'undefined' && !!window.vis.Network")
        out["network_made"] = bool(b.get("created"))
        out["network_made_s"] = opened.since(b.get("created"))
        out["dom_content_loaded_s"] = b.get("dcl")
        if not b.get("created"):
            out["drew"] = False
            out["settled"] = False
            out["reason"] = "vis-network never loaded, so no network was made"
            return out
        left = max(1.0, timeout - (time.time() - opened.t0))
        with contextlib.suppress(TimeoutError):
            opened.poll("() => window.__bench.stabilized !== null", timeout=left, interval=0.25)
        b = opened.bench()
        out["dom_content_loaded_s"] = b.get("dcl")
        out["stabilizing_s"] = opened.since(b.get("stabilizing"))
        out["first_draw_s"] = opened.since(b.get("firstDraw"))
        out["drew"] = b.get("firstDraw") is not None
        out["stabilized_s"] = opened.since(b.get("stabilized"))
        out["settled"] = b.get("stabilized") is not None
        out["capped"] = not out["settled"]
        if b.get("progress"):
            # the iterations done by the cap (an evaluation waits for the batch under way)
            done = [(i, opened.since(when)) for i, when in b["log"] if opened.since(when) <= timeout]
            iterations, at = done[-1] if done else (0, None)
            out["progress"] = {"iterations": iterations, "total": b["progress"][1], "at_s": at,
                               "last": [b["progress"][0], opened.since(b["progress"][2])]}
        if not out["settled"]:
            return out
        out["drawn_nodes"] = page.evaluate("Object.keys(network.getPositions()).length")
        # The template's loading bar covers the map, fades for 0.5 s and is then hidden;
        # until then it takes the clicks.
        opened.poll("""() => { const bar = document.getElementById("loadingBar");
            return !bar || getComputedStyle(bar).display === "none"; }""", timeout=CLICK_TIMEOUT_S)
        out["loading_bar_gone_s"] = round(time.time() - opened.t0, 3)
        # A click on a node, until vis-network has selected one and drawn again.  The nodes
        # still move after the stabilisation iterations (physics runs on until they stop), so
        # a click can hit a neighbour (that counts: a node was selected) or nothing (then the
        # node is found again and clicked again, up to CLICK_TRIES times).
        box = page.locator("#mynetwork canvas").bounding_box()
        for attempt in range(1, CLICK_TRIES + 1):
            draws = page.evaluate("window.__bench.draws")
            pick = page.evaluate(PICK_NODE_JS, [_candidates(data), "pyvis"])
            if pick is None:
                out["click_error"] = "no well-connected node was clickable on screen"
                return out
            t = time.time()
            page.mouse.click(box["x"] + pick["x"], box["y"] + pick["y"])
            try:
                opened.poll("d => network.getSelectedNodes().length === 1 && window.__bench.draws > d", draws,
                            timeout=CLICK_MISS_S)
            except TimeoutError:
                if page.evaluate("network.getSelectedNodes().length") == 0:
                    continue  # the click fell between nodes
                raise
            out["click_s"] = round(time.time() - t, 3)
            out["click_attempts"] = attempt
            out["click_node"] = pick["id"]
            out["click_selected"] = page.evaluate("network.getSelectedNodes()[0]")
            break
        else:
            out["click_error"] = f"{CLICK_TRIES} clicks on moving nodes selected nothing"
        b = opened.bench()
        if b.get("still"):
            out["motion_stopped_s"] = opened.since(b["still"][0])
    except Exception as err:
        out["error"] = f"{type(err).__name__}: {str(err).splitlines()[0][:300]}"
    finally:
        out["requests"] = len(opened.requests)
        out["external_requests"] = len(opened.external)
        out["external_hosts"] = _hosts(opened.external)
        out["external_urls"] = sorted(set(opened.external))
        out["console_errors"] = len(opened.errors)
        out["errors"] = opened.errors[:10]
        opened.close()
    return out


def pyvis_runs(browser: Any, page: dict[str, Any], data: Any, timeout: float,
               say: Any = lambda _text: None) -> dict[str, Any]:
    """The page as written (offline); if it drew nothing, again with vis-network supplied from its lib/."""
    offline = pyvis_once(browser, page["path"], data, timeout)
    say(f"  pyvis as written: drew {offline.get('drew')}, {offline['external_requests']} external requests "
        f"({', '.join(offline['external_hosts'])})")
    out = {"offline": offline}
    if offline.get("network_made"):
        out["timed"] = offline
        return out
    supply = Path(page["path"]).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
    if not supply.exists():
        out["timed"] = None
        return out
    say(f"  pyvis with vis-network from {supply.parent.parent.name}/{supply.parent.name}/: "
        f"waiting up to {timeout:g} s for stabilisation ...")
    timed = pyvis_once(browser, page["path"], data, timeout, supply=supply)
    say(f"  pyvis: first draw {timed.get('first_draw_s')} s, stabilised {timed.get('stabilized_s')} s"
        + (f" (capped at {timeout:g} s)" if timed.get("capped") else ""))
    out["timed"] = timed
    return out


# ---------------------------------------------------------------------------
# The whole run, the table, the command line
# ---------------------------------------------------------------------------


def run(browser: Any, stakeholders: int, engagements: int, seed: int = 1, repeat: int = 3,
        pyvis_timeout: float = 180.0, folder: Path | None = None,
        say: Any = lambda _text: None) -> dict[str, Any]:
    """Everything, in one browser: the graph, both pages, changemap ``repeat`` times, pyvis once."""
    with contextlib.ExitStack() as stack:
        if folder is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-map-")))
        say(f"generating {stakeholders:,} stakeholders / {engagements:,} engagements ...")
        data, graph = make_data(stakeholders, engagements, seed)
        say(f"  {graph['generate_s']} s, map data {graph['map_data_s']} s; writing the pages ...")
        cm_page = write_changemap(data, folder)
        pv_page = write_pyvis(data, folder / "pyvis")
        say(f"  changemap {cm_page['write_s']} s, {cm_page['size_mb']} MB; "
            f"pyvis {pv_page['build_s'] + pv_page['write_s']:.2f} s, {pv_page['size_mb']} MB")
        changemap = {**cm_page, **changemap_runs(browser, cm_page["path"], data, repeat, say)}
        pyvis = {**pv_page, **pyvis_runs(browser, pv_page, data, pyvis_timeout, say)}
    return {"graph": graph, "changemap": changemap, "pyvis": pyvis,
            "comparison": compare(changemap, pyvis, pyvis_timeout)}


def compare(changemap: dict[str, Any], pyvis: dict[str, Any], timeout: float) -> dict[str, Any]:
    """pyvis's time to a settled map over changemap's time to ready (medians)."""
    ready = changemap.get("ready_s")
    timed = pyvis.get("timed") or {}
    if not ready:
        return {"ratio": None, "note": "changemap's page did not become ready"}
    if timed.get("settled"):
        return {"ratio": round(timed["stabilized_s"] / ready, 1), "at_least": False}
    if timed:
        return {"ratio": round(timeout / ready, 1), "at_least": True,
                "note": f"pyvis did not settle within {timeout:g} s"}
    return {"ratio": None, "note": "pyvis drew nothing"}


def checks(result: dict[str, Any], target: float = TARGET_S) -> list[tuple[str, bool]]:
    """The PASS/FAIL lines."""
    cm = result["changemap"]
    n = result["graph"]["stakeholders"]

    def within(key: str) -> bool:
        return cm.get(key) is not None and cm[key] <= target

    return [
        (f"changemap ready ≤ {target:g} s (median {_s(cm.get('ready_s'))})", within("ready_s")),
        (f"changemap click response ≤ {target:g} s (median {_s(cm.get('click_s'))})", within("click_s")),
        (f"changemap click → rest of the map dimmed ≤ {target:g} s (median {_s(cm.get('click_dimmed_s'))})",
         within("click_dimmed_s")),
        (f"changemap filter response ≤ {target:g} s (median {_s(cm.get('filter_s'))})", within("filter_s")),
        (f"changemap drew every stakeholder ({_n(cm.get('drawn_nodes'))} of {n:,})", bool(cm.get("drawn_ok"))),
        (f"changemap filter left the non-CSO stakeholders ({cm['runs'][-1].get('filter_visible_nodes')} of "
         f"{cm['runs'][-1].get('filter_expected_nodes')})", bool(cm.get("filter_ok"))),
        (f"changemap external requests = 0 ({cm['external_requests']})", cm["external_requests"] == 0),
        (f"changemap console errors = 0 ({cm['console_errors']})", cm["console_errors"] == 0),
    ]


def _n(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def report(result: dict[str, Any], meta: dict[str, Any]) -> str:
    """The printed table and the PASS/FAIL lines."""
    g, cm, pv, cmp = result["graph"], result["changemap"], result["pyvis"], result["comparison"]
    off, timed = pv["offline"], pv.get("timed") or {}
    if timed.get("settled"):
        settle = _s(timed["stabilized_s"])
    elif timed:
        done = timed.get("progress") or {}
        settle = f"did not settle within {timed['timeout_s']:g} s" + (
            f" ({done['iterations']:,} of {done['total']:,} iterations)" if done.get("total") else "")
    else:
        settle = "never drew"
    first = _s(timed.get("first_draw_s")) if timed.get("drew") else (
        f"none within {timed['timeout_s']:g} s" if timed else "none")
    pyvis_note = "" if timed is off else ", vis-network supplied"
    rows = [
        ("", "changemap", "pyvis defaults"),
        ("page written, s (Python)", f"{cm['write_s']:.2f}", f"{pv['build_s'] + pv['write_s']:.2f}"),
        ("page size, MB", f"{cm['size_mb']:.1f}", f"{pv['size_mb']:.1f} + lib/"),
        ("first draw", _s(cm.get("first_draw_s")), first + pyvis_note),
        ("usable: ready / settled", _s(cm.get("ready_s")), settle + pyvis_note),
        ("click on a node → response", _s(cm.get("click_s")),
         _s(timed.get("click_s")) + (" (selection drawn)" if timed.get("click_s") else "")),
        ("click → rest of the map dimmed", _s(cm.get("click_dimmed_s")), "-"),
        ("filter by kind → redrawn", _s(cm.get("filter_s")), "no filter in the default page"),
        ("one full redraw", _s(cm.get("redraw_s")), "-"),
        ("nodes drawn", _n(cm.get("drawn_nodes")), _n(timed.get("drawn_nodes", 0 if timed else None))),
        ("external requests", f"{cm['external_requests']}",
         f"{off['external_requests']} ({', '.join(off['external_hosts'])})"),
        ("console errors", f"{cm['console_errors']}", f"{off['console_errors']} as written"
         + (f", {timed['console_errors']} supplied" if timed and timed is not off else "")),
        ("draws offline, as written", "yes" if cm.get("drawn_ok") else "no", "yes" if off.get("drew") else "no"),
    ]
    width = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"\nchangemap map benchmark, {meta['date']}, {meta['machine']}, Python {meta['python']}, "
             f"Chromium {meta['chromium']}, pyvis {meta['pyvis']}, changemap {meta['changemap']}, seed {meta['seed']}",
             f"{g['stakeholders']:,} stakeholders, {g['engagements']:,} engagements "
             f"({g['distinct_pairs']:,} distinct pairs); changemap median of {meta['repeat']}, pyvis once; "
             f"load average {meta['load_average']}", ""]
    for i, r in enumerate(rows):
        lines.append("  ".join(c.ljust(width[j]) for j, c in enumerate(r)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in width))
    if cmp.get("ratio"):
        lines.append(f"\npyvis settled ÷ changemap ready: {'> ' if cmp.get('at_least') else ''}{cmp['ratio']:g}×"
                     + (f" ({cmp['note']})" if cmp.get("note") else ""))
    elif cmp.get("note"):
        lines.append(f"\npyvis ÷ changemap: {cmp['note']}")
    lines.append("")
    for text, ok in checks(result, meta["target_s"]):
        lines.append(f"{'PASS' if ok else 'FAIL'}  {text}")
    for e in cm["errors"]:
        lines.append(f"      changemap error: {e}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_map",
                                     description="Benchmark the map in headless Chromium against pyvis defaults.")
    parser.add_argument("--stakeholders", type=int, default=5000, help="nodes (default 5000)")
    parser.add_argument("--engagements", type=int, default=15000, help="edges (default 15000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="fresh changemap pages, median (default 3)")
    parser.add_argument("--pyvis-timeout", type=float, default=180.0,
                        help="seconds to wait for pyvis's stabilisation (default 180)")
    parser.add_argument("--out", type=Path, default=Path("bench/results/map.json"), help="JSON results")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", CHROMIUM))
    parser.add_argument("--keep", type=Path, help="write the pages into this folder and keep them")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")
    if args.stakeholders < 4 or args.engagements < 1:
        parser.error("the graph needs at least 4 stakeholders and 1 engagement")

    def say(text: str) -> None:
        if not args.quiet:
            print(text, file=sys.stderr, flush=True)

    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    root = str(Path(__file__).resolve().parent.parent)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, headless=True, args=CHROMIUM_FLAGS)
        try:
            chromium = browser.version
            result = run(browser, args.stakeholders, args.engagements, args.seed, args.repeat, args.pyvis_timeout,
                         args.keep.resolve() if args.keep else None, say)
        finally:
            browser.close()
    meta = {
        "date": datetime.date.today().isoformat(),
        "python": platform.python_version(),
        "chromium": chromium,
        "pyvis": _version("pyvis"),
        "playwright": _version("playwright"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}",
        "cpus": os.cpu_count(),
        "seed": args.seed,
        "repeat": args.repeat,
        "pyvis_timeout_s": args.pyvis_timeout,
        "target_s": TARGET_S,
        "load_average": _load_average(),
        "wall_s": round(time.perf_counter() - started, 1),
        "changemap": _git_state(root),
        "command": "python -m bench.bench_map " + " ".join(argv if argv is not None else sys.argv[1:]),
    }
    print(report(result, meta))
    result["checks"] = [{"check": text, "pass": ok} for text, ok in checks(result)]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"meta": meta, **result}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"wrote {args.out}")
    return 0


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


if __name__ == "__main__":
    sys.exit(main())
