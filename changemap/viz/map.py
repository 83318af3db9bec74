"""The interactive map: one self-contained HTML file that works offline.

pyvis supplies the bundled vis-network; the page itself comes from our own
template, so every script, style and font is inline (no request leaves the
page, from ``file://`` or anywhere), the data is embedded as escaped JSON,
and every label, tooltip and quote is inserted as text, never as HTML.
Positions are computed in Python (see :mod:`.views` and :mod:`.layout`);
the browser runs no physics above :data:`~changemap.viz.views.PHYSICS_LIMIT`
nodes.

``changemap map -g OUT -o FILE`` writes HTML, or a static PNG or SVG of the
view (by the file's suffix, see :mod:`.static`).

>>> html = render({"engagement": make_view("engagement", MapData.empty())}, "engagement")
>>> html.startswith("<!DOCTYPE html>") and "DRAFT" in html
True
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..atomic import write_text
from ..errors import InputError
from .story import find_in_view, load_story, resolve
from .views import REGISTRY, MapData, make_view

HERE = Path(__file__).resolve().parent
THEMES = ("light", "projector")
FORMATS = (".html", ".htm", ".png", ".svg")


def _vis_assets() -> tuple[str, str]:
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), \
        (lib / "vis-network.css").read_text(encoding="utf-8")


def _json(data: object) -> str:
    """JSON safe to embed in a <script> element: no '<', '>' or '&' appear raw.

    >>> _json({"q": "</script><b>&"})
    '{"q":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render(views: dict[str, dict], initial: str, story: dict | None = None, publish: bool = False,
           theme: str = "light", title: str | None = None, focus: str | None = None) -> str:
    """The page for ``views`` (name → view), opening on ``initial``.

    ``story`` is a resolved story (:func:`.story.resolve`); ``focus`` a node
    id of the initial view to select when the page opens.
    """
    js, css = _vis_assets()
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html", "j2"]))
    title = title or (story or {}).get("title") or f"changemap — {views[initial]['title']}"
    data = {"views": views, "order": list(views), "initial": initial, "story": story, "publish": publish,
            "focus": focus, "theme": theme}
    template = env.get_template("map.html.j2")
    return template.render(title=title, draft=not publish, theme=theme, vis_js=js, vis_css=css,
                           map_js=(HERE / "templates" / "map.js").read_text(encoding="utf-8"),
                           map_css=(HERE / "templates" / "map.css").read_text(encoding="utf-8"),
                           data_json=_json(data))


def write_map(path: Path | str, data: MapData, view: str = "engagement", focus: str | None = None,
              story: Path | str | dict | None = None, theme: str | None = None, title: str | None = None) -> Path:
    """Draw ``view`` of ``data`` to ``path``: HTML (with the story's views too), PNG or SVG.

    ``focus`` is a stakeholder's name or alias: the ego view's centre, or the
    node the other views open on.  ``story`` is a story file's path, or
    :func:`.story.load_story` of it.  Writes atomically; on any error nothing
    is written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(path, f"cannot tell what to write from '{path.suffix or 'no suffix'}'; "
                               "name the file .html (interactive map), .png or .svg (static picture)")
    if theme is not None and theme not in THEMES:
        raise InputError("--theme", f"unknown theme '{theme}'; choose one of: {', '.join(THEMES)}")
    centre = find_stakeholder(data, focus) if focus and REGISTRY[view].needs_focus else None
    views = {view: make_view(view, data, centre)}
    if suffix in (".png", ".svg"):
        if story:
            raise InputError(path, "a story needs the interactive map; write it to a .html file")
        from .static import write_view

        return write_view(views[view], path)
    plot = story if isinstance(story, dict) else load_story(story) if story else None
    for step in (plot or {}).get("steps", []):
        if step["view"] not in views:
            if REGISTRY[step["view"]].needs_focus:
                target = step["focus"] or focus
                if not target:
                    raise InputError(plot["path"], f"the step '{step['title']}' shows the ego view: give it a 'focus'")
                views[step["view"]] = make_view(step["view"], data, find_stakeholder(data, target, plot["path"]))
            else:
                views[step["view"]] = make_view(step["view"], data)
    resolved = resolve(plot, views) if plot else None
    selected = centre or (find_in_view(views[view], focus, "--focus") if focus else None)
    html = render(views, view, resolved, data.publish, theme or (resolved or {}).get("theme", "light"), title,
                  selected)
    write_text(path, html)
    return path


def find_stakeholder(data: MapData, name: str | None, where: object = "--focus") -> str:
    """The IRI of the stakeholder called ``name`` (label or alias, any case)."""
    people = data.stakeholders
    nodes = [{"id": r.iri, "label": r.name, "aliases": [a for a in str(r.aliases or "").split("; ") if a]}
             for r in people.itertuples(index=False)]
    return find_in_view({"name": "stakeholders", "nodes": nodes}, name or "", where)


def needs_gaps(view: str, story: dict | None) -> bool:
    """Whether drawing ``view`` (and the steps of a loaded ``story``) needs the gaps query."""
    return view == "gaps" or any(s["view"] == "gaps" for s in (story or {}).get("steps", []))


def map_from_graph(graph: Path | str, out: Path | str, view: str = "engagement", focus: str | None = None,
                   story: Path | str | None = None, publish: bool = False, theme: str | None = None) -> Path:
    """``changemap map``: read the build folder ``graph`` and write the map to ``out``."""
    from ..graph.store import GraphStore, read_quads
    from .frames import Tables

    if view not in REGISTRY:  # before the graph is read
        raise InputError("--view", f"unknown view '{view}'; choose one of: {', '.join(REGISTRY)}")
    plot = load_story(story) if story else None  # a bad story fails before the graph is read
    quads = read_quads(graph)
    gaps = None
    if needs_gaps(view, plot):
        from ..queries import run

        gaps = run("gaps", GraphStore.open(graph), keep_iris=True, limit=0)
    data = MapData.from_tables(Tables(quads.merged(), quads.by_predicate()), gaps=gaps, publish=publish)
    return write_map(out, data, view, focus, plot, theme)
