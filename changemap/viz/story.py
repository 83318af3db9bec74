"""Story mode: a YAML file of steps a presenter walks through with the arrow keys.

::

    title: How the partnership grew        # optional
    theme: projector                       # projector (default) or light
    view: engagement                       # the steps' view unless a step says otherwise
    steps:
      - title: Everyone in the network
        caption: Forty organisations, three kinds of partnership.
      - title: Training
        filter:
          mode: [training]                 # keys or labels of the mode scheme
          kind: [cso, Public authority]    # keys or labels of the kind scheme
          years: 2016-2020                 # or [2016, 2020]
          target_group: [Disability]       # groups as named in the graph
          layers: [initiatives]            # target-groups, initiatives, moments
          undated: false                   # hide undated links (default: shown)
          hide_unlinked: true              # hide stakeholders left with no link shown
      - title: Who the Constabulary works with
        focus: Kelvary Constabulary        # a name or alias shown in the step's view
      - title: What changed
        view: change

Every value is checked against the graph before the page is written: an
unknown view, name, kind, mode or group stops with the file, the step and
the values that would have been accepted.

>>> story = parse_story({"steps": [{"title": "All", "caption": "Everyone"}]}, "s.yaml")
>>> story["steps"][0]["view"], story["theme"]
('engagement', 'projector')
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from ..errors import StoryError, VocabularyError
from ..ontology.lexicon import concept
from .views import REGISTRY

STORY_KEYS = {"title", "theme", "view", "steps"}
STEP_KEYS = {"title", "caption", "view", "focus", "filter"}
FILTER_KEYS = {"kind": "kind", "mode": "mode", "target_group": "targetGroup", "direction": "direction",
               "driver": "driver", "gap": "gap", "years": None, "layers": None, "undated": None,
               "hide_unlinked": None}
SWITCHES = {"undated": "undated", "hide_unlinked": "lonely"}  # yes/no filters → the page's names
SCHEMES = {"kind": "kind", "mode": "mode", "direction": "direction", "driver": "driver"}
LAYER_NAMES = {"target-groups": "target-group", "target_groups": "target-group", "target-group": "target-group",
               "initiatives": "initiative", "initiative": "initiative", "moments": "moment", "moment": "moment"}
THEMES = ("projector", "light")
_YEARS = re.compile(r"^\s*(\d{4})\s*(?:-|–|to|\.\.)\s*(\d{4})\s*$")


def load_story(path: Path | str) -> dict:
    """Read and check the story file at ``path`` (views and names are checked by :func:`resolve`)."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoryError(path, "no such story file; give the path of a YAML file with a 'steps' list") from None
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        mark = getattr(err, "problem_mark", None)
        raise StoryError(path, f"not valid YAML ({getattr(err, 'problem', None) or err}); "
                               "see 'changemap map --help' for the story format",
                         line=mark.line + 1 if mark else None) from None
    return parse_story(raw, path)


def parse_story(raw: object, path: Path | str) -> dict:
    """Check the shape of a story (a mapping with a list of step mappings) and fill in defaults."""
    if not isinstance(raw, dict) or not isinstance(raw.get("steps"), list) or not raw["steps"]:
        raise StoryError(path, "a story is a mapping with a non-empty 'steps' list, "
                               "each step a mapping with at least a 'title'")
    unknown = sorted(set(map(str, raw)) - STORY_KEYS)
    if unknown:
        raise StoryError(path, f"unknown key(s) {', '.join(unknown)}; "
                               f"a story may have: {', '.join(sorted(STORY_KEYS))}")
    theme = str(raw.get("theme") or "projector")
    if theme not in THEMES:
        raise StoryError(path, f"theme '{theme}' is not one of: {', '.join(THEMES)}")
    default_view = _view(raw.get("view") or "engagement", path, None)
    steps = []
    for n, step in enumerate(raw["steps"], 1):
        if not isinstance(step, dict):
            raise StoryError(path, f"step {n} is not a mapping; write it as '- title: …' with its keys indented")
        unknown = sorted(set(map(str, step)) - STEP_KEYS)
        if unknown:
            raise StoryError(path, f"step {n}: unknown key(s) {', '.join(unknown)}; "
                                   f"a step may have: {', '.join(sorted(STEP_KEYS))}")
        if not str(step.get("title") or "").strip():
            raise StoryError(path, f"step {n} has no title; every step needs 'title: …'")
        flt = step.get("filter") or {}
        if not isinstance(flt, dict):
            raise StoryError(path, f"step {n}: 'filter' must be a mapping such as 'mode: [training]'")
        unknown = sorted(set(map(str, flt)) - set(FILTER_KEYS))
        if unknown:
            raise StoryError(path, f"step {n}: unknown filter(s) {', '.join(unknown)}; "
                                   f"filters are: {', '.join(sorted(FILTER_KEYS))}")
        if "years" in flt:
            flt = {**flt, "years": _years(flt["years"], path, n)}
        for key in SWITCHES:
            if key in flt and not isinstance(flt[key], bool):
                raise StoryError(path, f"step {n}: {key} is yes/no (true or false), not '{flt[key]}'")
        steps.append({"title": str(step["title"]).strip(), "caption": str(step.get("caption") or "").strip(),
                      "view": _view(step.get("view") or default_view, path, n),
                      "focus": str(step["focus"]).strip() if step.get("focus") else None,
                      "filter": {str(k): v for k, v in flt.items()}})
    return {"title": str(raw.get("title") or "").strip(), "theme": theme, "steps": steps, "path": str(path)}


def _view(name: object, path: Path | str, step: int | None) -> str:
    text = str(name).strip()
    if text not in REGISTRY:
        where = f"step {step}: " if step else ""
        raise StoryError(path, f"{where}unknown view '{text}'; choose one of: {', '.join(REGISTRY)}")
    return text


def resolve(story: dict, views: dict[str, dict]) -> dict:
    """Turn names into node ids and labels into keys, against the built ``views``.

    Returns the story as the page reads it; raises :class:`StoryError` naming
    the step and what would have been accepted.
    """
    path = story["path"]
    steps = []
    for n, step in enumerate(story["steps"], 1):
        view = views[step["view"]]
        out = {"title": step["title"], "caption": step["caption"], "view": step["view"], "focus": None,
               "filter": {}, "years": None, "layers": None}
        if step["focus"]:
            out["focus"] = find_in_view(view, step["focus"], path, n)
        for key, value in step["filter"].items():
            if key == "years":
                out["years"] = value  # checked by parse_story
            elif key == "layers":
                out["layers"] = _layers(value, view, path, n)
            elif key in SWITCHES:
                out["filter"][SWITCHES[key]] = value
            else:
                out["filter"][FILTER_KEYS[key]] = _values(key, value, view, path, n)
        steps.append(out)
    return {"title": story["title"], "theme": story["theme"], "steps": steps}


def find_in_view(view: dict, name: str, path: Path | str, step: int | None = None) -> str:
    """The id of the node of ``view`` whose label or alias is ``name`` (case and spacing ignored)."""
    key = " ".join(name.split()).casefold()
    hits = [n["id"] for n in view["nodes"]
            if key in {" ".join(str(x).split()).casefold() for x in [n["label"], *n.get("aliases", [])]}]
    if len(hits) >= 1:
        return hits[0]
    names = sorted({n["label"] for n in view["nodes"]})
    close = [m[0] for m in process.extract(name, names, scorer=fuzz.WRatio, limit=3, score_cutoff=60)]
    where = f"step {step}: " if step else ""
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    raise StoryError(path, f"{where}no node called '{name}' in the {view['name']} view{hint}")


def _list(value: object) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value]
    return [v.strip() for v in str(value).split(",")]


def _values(key: str, value: object, view: dict, path: Path | str, step: int) -> list[str]:
    facet = next((f for f in view["facets"] if f["key"] == FILTER_KEYS[key]), None)
    if facet is None:
        raise StoryError(path, f"step {step}: the {view['name']} view has no '{key}' filter; "
                               f"its filters are: {', '.join(_story_name(f['key']) for f in view['facets'])}, years")
    known = {v["key"]: v["label"] for v in facet["values"]}
    out = []
    for item in _list(value):
        found = None
        if key in SCHEMES:
            try:
                found = concept(SCHEMES[key], item)
            except VocabularyError as err:
                raise StoryError(path, f"step {step}: {err}") from None
        else:
            found = next((k for k, label in known.items() if item.casefold() in (k.casefold(), label.casefold())), None)
        if found not in known:
            raise StoryError(path, f"step {step}: {key} '{item}' does not occur in the {view['name']} view; "
                                   f"it has: {', '.join(known.values())}")
        out.append(found)
    return out


def _story_name(facet: str) -> str:
    return next(k for k, v in FILTER_KEYS.items() if v == facet)


def _years(value: object, path: Path | str, step: int) -> list[int]:
    if isinstance(value, list | tuple) and len(value) == 2 and all(isinstance(v, int) for v in value):
        first, last = value
    elif isinstance(value, int):
        first = last = value
    elif isinstance(value, str) and (m := _YEARS.match(value)):
        first, last = int(m.group(1)), int(m.group(2))
    else:
        raise StoryError(path, f"step {step}: years '{value}' should be a range such as 2015-2019 or [2015, 2019]")
    if first > last:
        raise StoryError(path, f"step {step}: years {first}-{last} run backwards; write {last}-{first}")
    return [first, last]


def _layers(value: object, view: dict, path: Path | str, step: int) -> list[str]:
    have = [entry["key"] for entry in view["layers"]]
    out = []
    for item in _list(value):
        key = LAYER_NAMES.get(item.casefold().replace(" ", "-"))
        if key not in have:
            raise StoryError(path, f"step {step}: layer '{item}' is not in the {view['name']} view; "
                                   f"it has: {', '.join(have) or 'no layers'}")
        out.append(key)
    return out
