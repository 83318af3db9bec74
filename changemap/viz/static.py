"""Static exports of a map view: a PNG for slides, an SVG for print and the web.

A *view* is the plain dict the interactive map embeds (``name``, ``title``,
``nodes``, ``edges``, ``legend`` and, for the change view, ``axis``); node
positions are vis-network pixels with y growing downward.  :func:`draw_view`
draws it with matplotlib's object-oriented API (no pyplot, no GUI backend):
edges as a few line collections, nodes as one scatter per marker shape,
labels with a white halo so they read on a projector, the legend below the
drawing so it never covers a node.

Text from the graph is drawn as plain text — mathtext is switched off, so a
label such as ``$x$`` or ``\\frac{`` shows exactly as written — and in the SVG
every label is also written (escaped) as a ``<title>`` of its drawing, so it
can be searched, read by a screen reader and shown on hover.

The output is deterministic: the same view gives the same bytes, PNG or SVG
(a fixed SVG hash salt, no date or software metadata).  The image is exactly
``width`` × ``height`` inches, at :data:`DPI` pixels per inch for the PNG.

>>> view = {"title": "Two", "nodes": [
...     {"id": "a", "label": "A", "color": "#1b9e77", "shape": "dot", "size": 20, "x": 0, "y": 0},
...     {"id": "b", "label": "B", "color": "#d95f02", "shape": "square", "size": 20, "x": 100, "y": 50}],
...     "edges": [{"id": "e", "from": "a", "to": "b", "color": "#7f8c8d", "width": 2, "arrows": "to"}]}
>>> draw_view(view, "svg", width=4, height=3)[:5]
b'<?xml'
>>> draw_view(view, "png", width=4, height=3)[:8]
b'\\x89PNG\\r\\n\\x1a\\n'
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable
from functools import lru_cache
from html import escape
from pathlib import Path

import numpy as np

from ..atomic import write_bytes
from ..errors import InputError
from .charts import _NO_METADATA, _style

FORMATS = ("png", "svg")
DPI = 150  # PNG pixels per inch: a 16 × 10 inch view is 2,400 × 1,500 pixels
MARKERS = {"dot": "o", "square": "s", "triangle": "^", "triangleDown": "v", "diamond": "D", "star": "*",
           "box": "s", "ellipse": "o", "hexagon": "h"}
HIGHLIGHT_COLOUR = "#d62728"
ALL_LABELS_UP_TO = 60  # draw every label up to this many nodes …
LABELS_AT_SCALE = 40  # … else only the labels of this many largest nodes
LABEL_CHARS = 32  # a longer label is cut with '…' in the picture (the SVG's <title> has it whole)
ARROWS_UP_TO = 2000  # arrowheads only when at most this many edges are drawn
FALLBACK_COLOUR = "#888888"
_LINE_SCALE = 0.6  # points of line width per vis-network pixel of edge width
_MIN_MARKER, _MAX_MARKER = 3.0, 36.0  # node marker diameter bounds, points
_EXTRA_RC = {"text.usetex": False, "lines.scale_dashes": True}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_RGBA = re.compile(r"^\s*rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)\s*$")


def draw_view(view: dict, fmt: str = "svg", include_hidden: bool = False,
              width: float = 16, height: float = 10) -> bytes:
    """``view`` drawn as PNG or SVG bytes (``fmt`` is ``"png"`` or ``"svg"``), ``width`` × ``height``
    inches.  Hidden nodes and edges (layers off by default) are left out unless ``include_hidden``;
    an edge is drawn only when both its ends are."""
    fmt = str(fmt).lower()
    if fmt not in FORMATS:
        raise ValueError(f"unsupported image format {fmt!r}; use one of: {', '.join(FORMATS)}")
    if not (width > 0 and height > 0):
        raise ValueError(f"width and height must be positive (got {width} × {height})")
    import matplotlib as mpl

    with _style(), mpl.rc_context(_EXTRA_RC):
        fig, titles = _figure(view, include_hidden, width, height)
        buf = io.BytesIO()
        if fmt == "png":
            fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
            return buf.getvalue()
        fig.savefig(buf, format="svg", metadata=_NO_METADATA)
    return _titled(buf.getvalue(), titles)


def write_view(view: dict, path: Path | str, include_hidden: bool = False) -> Path:
    """Draw ``view`` to ``path`` atomically, PNG or SVG as the suffix says (any case)."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        said = f"'{path.suffix}'" if path.suffix else "no suffix"
        raise InputError(path, f"cannot tell the image format from {said}; use a .png or .svg file name")
    write_bytes(path, draw_view(view, fmt, include_hidden=include_hidden))
    return path


# --- the drawing -----------------------------------------------------------------------------


class _Texts:
    """Ids for the text artists whose words the SVG should also carry as a ``<title>``."""

    def __init__(self) -> None:
        self.titles: dict[str, str] = {}

    def tag(self, artist, text: str) -> None:
        gid = f"changemap-text-{len(self.titles)}"
        artist.set_gid(gid)
        self.titles[gid] = text


def _figure(view: dict, include_hidden: bool, width: float, height: float):
    from matplotlib.figure import Figure

    texts = _Texts()
    nodes = _nodes(view.get("nodes") or [], include_hidden)
    index = {nid: i for i, nid in enumerate(nodes["id"])}
    edges = _edges(view.get("edges") or [], index, include_hidden)
    ticks = _ticks(view.get("axis"))

    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    title = _plain(view.get("title") or "")
    if title:
        texts.tag(ax.set_title(title, loc="left", fontsize=13, parse_math=False), title)
    handles = _legend_handles(view.get("legend") or {}, highlighted=bool(nodes["ring"].any()))
    if handles:
        ncols = _legend_columns([h.get_label() for h in handles], width)
        legend = fig.legend(handles=handles, loc="outside lower center", ncols=ncols, frameon=False,
                            fontsize=8.5, handlelength=2.6, columnspacing=1.6)
        for text in legend.get_texts():
            text.set_parse_math(False)
            texts.tag(text, text.get_text())
    if ticks:
        positions, labels = zip(*ticks, strict=True)
        ax.set_xticks(positions, [_plain(t) for t in labels], parse_math=False, fontsize=9, color="#333333")
        for text, label in zip(ax.get_xticklabels(), labels, strict=True):
            texts.tag(text, _plain(label))
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.tick_params(axis="x", length=0, pad=4)
        ax.grid(axis="x", color="#e3e3e3", linewidth=0.8)
        ax.set_axisbelow(True)
        baseline = _baseline(view.get("axis"))
        if baseline is not None:
            ax.axhline(baseline, color="#bdbdbd", linewidth=1.0, zorder=0.5).set_in_layout(False)
    else:
        ax.set_axis_off()
    ax.set_aspect("equal", adjustable="datalim")
    _set_limits(ax, nodes, [p for p, _ in ticks])
    # Lay the page out first (cheap: nothing heavy is drawn yet) to learn how many points one
    # vis pixel is; marker, arrow and label sizes follow from it.
    fig.draw_without_rendering()
    scale = _points_per_unit(fig, ax)
    diameters = np.clip(2.0 * nodes["size"] * scale, _MIN_MARKER, _MAX_MARKER)
    _draw_edges(ax, nodes, edges, diameters / (2.0 * scale), scale)
    _draw_nodes(ax, nodes, diameters)
    for i in _labelled(nodes):
        label = nodes["label"][i]
        shown = label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1].rstrip() + "…"
        text = ax.annotate(shown, (nodes["x"][i], nodes["y"][i]), xytext=(0, -diameters[i] / 2 - 2),
                           textcoords="offset points", ha="center", va="top", fontsize=9, color="#1a1a1a",
                           parse_math=False, usetex=False, zorder=5, annotation_clip=False)
        text.set_in_layout(False)
        text.set_path_effects(_halo())
        texts.tag(text, label)
    if not len(nodes["id"]):
        ax.text(0.5, 0.5, "(nothing to show)", transform=ax.transAxes, ha="center", va="center",
                color="#777777", fontsize=11)
    return fig, texts.titles


def _halo():
    import matplotlib.patheffects as pe

    return [pe.withStroke(linewidth=3, foreground="white")]


def _nodes(rows: Iterable[dict], include_hidden: bool) -> dict:
    ids, labels, colours, markers, sizes, xs, ys, rings = [], [], [], [], [], [], [], []
    for node in rows:
        if node.get("hidden") and not include_hidden:
            continue
        nid = str(node.get("id"))
        x, y = _number(node.get("x")), _number(node.get("y"))
        if x is None or y is None:
            raise ValueError(f"node {nid!r} has no position (x, y); a static view needs laid-out nodes")
        ids.append(nid)
        labels.append(_plain(node.get("label") or ""))
        colours.append(_colour(node.get("color")))
        markers.append(MARKERS.get(str(node.get("shape") or "dot"), "o"))
        size = _number(node.get("size"))
        sizes.append(size if size is not None and size > 0 else 14.0)
        xs.append(x)
        ys.append(-y)  # vis-network's y grows downward, matplotlib's upward
        rings.append(bool(node.get("highlight")))
    return {"id": ids, "label": labels, "colour": colours, "marker": markers,
            "size": np.asarray(sizes, dtype=float), "x": np.asarray(xs, dtype=float),
            "y": np.asarray(ys, dtype=float), "ring": np.asarray(rings, dtype=bool)}


def _edges(rows: Iterable[dict], index: dict[str, int], include_hidden: bool) -> list[tuple]:
    """``(from, to, colour, width, dashes, arrow_to, arrow_from)`` for each edge to draw."""
    out = []
    for edge in rows:
        if edge.get("hidden") and not include_hidden:
            continue
        a, b = index.get(str(edge.get("from"))), index.get(str(edge.get("to")))
        if a is None or b is None:
            continue
        w = _number(edge.get("width"))
        arrows = edge.get("arrows") or ""
        heads = {part.strip() for part in arrows.split(",")} if isinstance(arrows, str) else set(arrows)
        out.append((a, b, _colour(edge.get("color")), w if w is not None and w > 0 else 1.0,
                    _dashes(edge.get("dashes")), "to" in heads, "from" in heads))
    return out


def _baseline(axis: object) -> float | None:
    """The change view's time line (``axis["y"]``, vis pixels), flipped like the nodes."""
    y = _number(axis.get("y")) if isinstance(axis, dict) else None
    return None if y is None else -y


def _ticks(axis: object) -> list[tuple[float, str]]:
    if not isinstance(axis, dict):
        return []
    ticks = []
    for tick in axis.get("ticks") or []:
        x = _number(tick.get("x"))
        if x is not None:
            ticks.append((x, str(tick.get("label", ""))))
    return ticks


def _set_limits(ax, nodes: dict, tick_xs: list[float]) -> None:
    """Data limits around the nodes (and ticks), left to autoscaling so that the equal aspect may
    widen one of them to fill the axes."""
    xs = np.concatenate([nodes["x"], np.asarray(tick_xs, dtype=float)])
    ys = nodes["y"]
    if len(xs):
        x0, x1 = float(xs.min()), float(xs.max())
        y0, y1 = (float(ys.min()), float(ys.max())) if len(ys) else (0.0, 0.0)
        span = max(x1 - x0, y1 - y0, 100.0)
        pad = 0.04 * span + (float(nodes["size"].max()) if len(nodes["size"]) else 0.0)
        corners = [(x0 - pad, y0 - pad - 0.02 * span), (x1 + pad, y1 + pad)]  # more room below, for labels
    else:
        corners = [(-1.0, -1.0), (1.0, 1.0)]
    ax.update_datalim(corners)
    ax.margins(0)
    ax.autoscale_view()


def _points_per_unit(fig, ax) -> float:
    box = ax.get_position()
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    w_in, h_in = fig.get_size_inches()
    return min(box.width * w_in * 72 / (x1 - x0), box.height * h_in * 72 / (y1 - y0))


def _draw_edges(ax, nodes: dict, edges: list[tuple], radii: np.ndarray, scale: float) -> None:
    from matplotlib.collections import LineCollection, PolyCollection

    if not edges:
        return
    alpha = 0.85 if len(edges) <= ARROWS_UP_TO else 0.5
    xy = np.column_stack([nodes["x"], nodes["y"]])
    groups: dict[tuple, list[int]] = {}
    widths = np.empty(len(edges))
    for k, (_, _, _, w, dashes, _, _) in enumerate(edges):
        lw = float(np.clip(w * _LINE_SCALE, 0.3, 5.0))
        widths[k] = lw
        pattern = None if dashes is None else tuple(round(d / w, 3) for d in dashes)
        groups.setdefault((lw, pattern), []).append(k)
    ends = np.array([(e[0], e[1]) for e in edges], dtype=np.intp)
    rgba = _rgba([e[2] for e in edges], alpha)
    for (lw, pattern), members in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or ())):
        members_a = np.asarray(members, dtype=np.intp)
        segments = np.stack([xy[ends[members_a, 0]], xy[ends[members_a, 1]]], axis=1)
        style = "solid" if pattern is None else (0, pattern)
        lines = LineCollection(segments, colors=rgba[members_a], linewidths=lw, linestyles=style,
                               capstyle="butt", zorder=1)
        lines.set_in_layout(False)
        ax.add_collection(lines, autolim=False)
    if len(edges) > ARROWS_UP_TO:
        return
    heads = [(b, a, k) for k, (a, b, *_, to, _) in enumerate(edges) if to] + \
            [(a, b, k) for k, (a, b, *_, frm) in enumerate(edges) if frm]
    if not heads:
        return
    tail = np.array([h[1] for h in heads], dtype=np.intp)
    tip_node = np.array([h[0] for h in heads], dtype=np.intp)
    which = np.array([h[2] for h in heads], dtype=np.intp)
    direction = xy[tip_node] - xy[tail]
    length = np.hypot(direction[:, 0], direction[:, 1])
    keep = length > 0
    if not keep.any():
        return
    direction, length, tip_node, which = direction[keep], length[keep], tip_node[keep], which[keep]
    unit = direction / length[:, None]
    normal = np.column_stack([-unit[:, 1], unit[:, 0]])
    head_pt = np.clip(4.0 + 2.0 * widths[which], 5.0, 14.0)
    head = (head_pt / scale)[:, None]
    tip = xy[tip_node] - unit * radii[tip_node][:, None]
    base = tip - unit * head
    triangles = np.stack([tip, base + normal * head * 0.42, base - normal * head * 0.42], axis=1)
    arrows = PolyCollection(triangles, facecolors=_rgba([edges[k][2] for k in which], min(1.0, alpha + 0.1)),
                            edgecolors="none", zorder=1.5)
    arrows.set_in_layout(False)
    ax.add_collection(arrows, autolim=False)


def _draw_nodes(ax, nodes: dict, diameters: np.ndarray) -> None:
    if not len(nodes["id"]):
        return
    markers = np.asarray(nodes["marker"])
    rgba = _rgba(nodes["colour"], 1.0)
    edge_width = 0.6 if len(markers) <= 1000 else 0.3  # the white outline, thinner in a crowd
    for marker in sorted(set(markers.tolist())):
        members = np.flatnonzero(markers == marker)
        dots = ax.scatter(nodes["x"][members], nodes["y"][members], s=diameters[members] ** 2, c=rgba[members],
                          marker=marker, edgecolors="white", linewidths=edge_width, zorder=2, plotnonfinite=False)
        dots.set_in_layout(False)
    ring = np.flatnonzero(nodes["ring"])
    if len(ring):
        rings = ax.scatter(nodes["x"][ring], nodes["y"][ring], s=(diameters[ring] + 7) ** 2, marker="o",
                           facecolors="none", edgecolors=HIGHLIGHT_COLOUR, linewidths=2.5, zorder=3)
        rings.set_in_layout(False)


def _labelled(nodes: dict) -> list[int]:
    """Indexes of the nodes whose labels are drawn: all of them up to ALL_LABELS_UP_TO nodes,
    else the LABELS_AT_SCALE largest (ties by label, then id)."""
    n = len(nodes["id"])
    order = range(n) if n <= ALL_LABELS_UP_TO else sorted(
        range(n), key=lambda i: (-nodes["size"][i], nodes["label"][i], nodes["id"][i]))[:LABELS_AT_SCALE]
    return [i for i in order if nodes["label"][i]]


# --- the legend ------------------------------------------------------------------------------


def _legend_handles(legend: dict, highlighted: bool) -> list:
    from matplotlib.lines import Line2D

    def marker(label: str, colour: object, shape: object) -> Line2D:
        return Line2D([], [], linestyle="none", marker=MARKERS.get(str(shape or "dot"), "o"), markersize=8,
                      color=_colour(colour), markeredgecolor="white", markeredgewidth=0.5, label=_plain(label))

    def line(label: str, colour: object, dashes: object = None) -> Line2D:
        pattern = _dashes(dashes)
        # Drawn as an edge of vis width 3 would be, so the dashes look the same as on the map.
        style = "solid" if pattern is None else (0, tuple(d / 3 for d in pattern))
        return Line2D([], [], color=_colour(colour), linewidth=3 * _LINE_SCALE, linestyle=style,
                      label=_plain(label))

    def ring(label: str, colour: object) -> Line2D:
        return Line2D([], [], linestyle="none", marker="o", markersize=10, markerfacecolor="none",
                      markeredgecolor=_colour(colour), markeredgewidth=2.2, label=_plain(label))

    handles, has_ring = [], False
    for key, items in legend.items():
        if not isinstance(items, list):
            continue
        for item in items:
            if not isinstance(item, dict):
                continue
            label = str(item.get("label") or item.get("key") or "")
            colour = item.get("colour", item.get("color"))
            if str(item.get("shape")) == "ring":
                handles.append(ring(label, colour))
                has_ring = True
            elif key == "sentiments":
                handles.append(line(label, colour))
            elif key == "modes":
                handles.append(line(label, "#222222", item.get("dashes")))
            elif "dashes" in item:
                handles.append(line(label, colour or "#222222", item.get("dashes")))
            else:
                handles.append(marker(label, colour, item.get("shape")))
    if highlighted and not has_ring:
        handles.append(ring("gap (ringed)", HIGHLIGHT_COLOUR))
    return handles


def _legend_columns(labels: list[str], width: float) -> int:
    widest = max((len(label) for label in labels), default=1)
    per_entry = 34 + 5.0 * min(widest, 40)  # points: the handle, the gap and the text at 8.5 pt
    return max(1, min(len(labels), int(width * 72 * 0.96 // per_entry)))


# --- small helpers ---------------------------------------------------------------------------


def _plain(text: object) -> str:
    """User text made safe to draw and to write in XML: no control characters."""
    return _CONTROL.sub("", str(text))


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _colour(value: object) -> str:
    """A colour as matplotlib reads it: '#rrggbb', a name, vis-network's 'rgba(r,g,b,a)' or
    ``{"background": …}``; anything unreadable is grey."""
    if isinstance(value, dict):
        value = value.get("background") or value.get("color") or value.get("border")
    return _colour_text(value) if isinstance(value, str) else FALLBACK_COLOUR


@lru_cache(maxsize=1024)
def _colour_text(value: str) -> str:
    from matplotlib.colors import is_color_like, to_hex

    m = _RGBA.match(value)
    if m:
        r, g, b = (min(255.0, float(c)) / 255 for c in m.group(1, 2, 3))
        a = min(1.0, float(m.group(4))) if m.group(4) else 1.0
        return to_hex((r, g, b, a), keep_alpha=True)
    return value if is_color_like(value) else FALLBACK_COLOUR


def _rgba(colours: list[str], alpha: float) -> np.ndarray:
    """An (n, 4) array for ``colours``, each distinct colour converted once, alpha multiplied in."""
    from matplotlib.colors import to_rgba

    cache: dict[str, tuple] = {}
    out = np.empty((len(colours), 4))
    for i, c in enumerate(colours):
        rgba = cache.get(c)
        if rgba is None:
            rgba = cache[c] = to_rgba(c)
        out[i] = rgba
    out[:, 3] *= alpha
    return out


def _dashes(value: object) -> tuple[float, ...] | None:
    """vis-network ``dashes`` (false, true or [on, off, …] in pixels) as a dash sequence, or ``None``."""
    if value is True:
        return (5.0, 5.0)
    if not isinstance(value, list | tuple):
        return None
    numbers = [n for n in (_number(v) for v in value) if n is not None and n >= 0]
    if not numbers or not any(numbers):
        return None
    if len(numbers) % 2:
        numbers = numbers * 2  # an odd list repeats, as in SVG and canvas
    return tuple(max(n, 0.5) for n in numbers)


def _titled(svg: bytes, titles: dict[str, str]) -> bytes:
    """``svg`` with each tagged text's words, escaped, as a ``<title>`` of its group: text drawn as
    glyph outlines (and the halo makes every label so) can then still be searched and read."""
    text = svg.decode("utf-8")
    for gid, words in titles.items():
        opening = f'<g id="{gid}">'
        text = text.replace(opening, f"{opening}\n    <title>{escape(words, quote=False)}</title>", 1)
    return text.encode("utf-8")
