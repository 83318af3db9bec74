"""The code mapping of a REFI-QDA project: QDA codes → ontology concepts.

A small YAML file beside the .qdpx (``<qdpx stem>.mapping.yaml``, else
``codes.mapping.yaml``; ``.yml`` also works) says what each code means::

    codes:
      "Actors/Police": {type: stakeholder, value: "Dunmore Police", kind: public-authority}
      "Actors": {type: stakeholder}     # any other code under Actors: its own name is the value
      "Engagement/Training": {type: mode, value: training}
      "Moments/Forward": {type: direction, value: forward}
      "Good practice": finding_type    # short form: the type alone, value = the code's name
      "Projects": {type: initiative, kind: training}
      "Protocol/Recording": {type: topic, value: recording-models}
      "Admin": {type: ignore}           # this code and those under it map to nothing

A key is a code's path or its name alone (compared ignoring case and spaces
around "/").  ``type`` is one of :data:`MAPPING_TYPES`:

==============  =====================================  ==========================================
type            value                                  what a coded segment gives
==============  =====================================  ==========================================
stakeholder     the organisation's name                a stakeholder mention (``kind``: its kind)
target_group    a target group (key or label)          target group of the segment's stakeholders
mode            an engagement mode                     an engagement with the speaker's organisation
driver          a driver of change                     a pivotal moment (with ``direction``)
direction       forward or backward                    a pivotal moment
finding_type    good practice, challenge, opportunity  a finding
initiative      the initiative's name                  an initiative (``kind``: its type)
topic           an interview-protocol topic            the topic of the quotes in the segment
ignore          —                                      nothing (nor for the codes below it)
==============  =====================================  ==========================================

``value`` defaults to the code's own name; for every type but stakeholder
and initiative it must be a key or label of that concept scheme.  Values
written in the file are checked when it is read (an error names the file,
line, code and the allowed values); names taken from codes are checked when
the segments are turned into records.

>>> concept_for({"Engagement": {"type": "mode"}}, "Engagement/Data sharing")
{'type': 'mode', 'value': 'Data sharing'}
>>> concept_key({"type": "mode", "value": "Data sharing"})
'data-sharing'
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import InputError, VocabularyError
from ..ontology.lexicon import concept

MAPPING_TYPES = ("stakeholder", "target_group", "mode", "driver", "finding_type", "direction", "initiative",
                 "topic", "ignore")
MAPPING_NAMES = ("{stem}.mapping.yaml", "{stem}.mapping.yml", "codes.mapping.yaml", "codes.mapping.yml")
# The concept scheme a mapping type's value comes from (stakeholder and initiative values are names).
VALUE_SCHEME = {"target_group": "target_group", "mode": "mode", "driver": "driver", "finding_type": "finding_type",
                "direction": "direction", "topic": "topic"}
# The scheme of the optional ``kind`` field.
KIND_SCHEME = {"stakeholder": "kind", "initiative": "initiative_type"}


def mapping_file(path: Path) -> Path | None:
    """The mapping file used for the project at ``path``, if there is one."""
    for pattern in MAPPING_NAMES:
        candidate = path.with_name(pattern.format(stem=path.stem))
        if candidate.is_file():
            return candidate
    return None


def _norm_code(name: str) -> str:
    return "/".join(" ".join(part.split()) for part in name.casefold().split("/"))


def _yaml(path: Path) -> tuple[object, dict[str, int]]:
    """The parsed file and the line of each code under ``codes:``."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(path, f"cannot read the code mapping ({err}); save it as UTF-8 text") from err
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise InputError(path, f"the code mapping is not valid YAML ({getattr(err, 'problem', None) or err}); "
                               "fix it (see the mapping format in the docs)",
                         mark.line + 1 if mark else None) from err
    lines = {}
    for k, v in node.value if isinstance(node, yaml.MappingNode) else []:
        if k.value == "codes" and isinstance(v, yaml.MappingNode):
            lines = {str(ck.value): ck.start_mark.line + 1 for ck, _ in v.value}
    return data, lines


def load_mapping(path: Path | str) -> dict[str, dict[str, str]]:
    """Read a code mapping file: code name or path → ``{type, value?, kind?}``.

    Raises :class:`InputError` naming the file and line when the YAML is
    broken, an entry is not of the expected shape, or a value or kind is not
    a concept of its scheme (the message lists the allowed values).
    """
    path = Path(path)
    data, lines = _yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("codes"), dict):
        raise InputError(path, "a code mapping needs a 'codes:' mapping of code name → "
                               "{type: …, value: …}", 1)
    out: dict[str, dict[str, str]] = {}
    for code, entry in data["codes"].items():
        line = lines.get(str(code))
        if isinstance(entry, str):
            entry = {"type": entry}
        if not isinstance(entry, dict):
            raise InputError(path, f"code '{code}': give a mapping such as {{type: mode, value: training}}", line)
        unknown = set(entry) - {"type", "value", "kind"}
        if unknown:
            raise InputError(path, f"code '{code}': unknown field(s) {', '.join(sorted(map(str, unknown)))}; "
                                   "use type, value and kind", line)
        kind = str(entry.get("type") or "").strip().lower().replace(" ", "_").replace("-", "_")
        if kind not in MAPPING_TYPES:
            raise InputError(path, f"code '{code}': type '{entry.get('type')}' is not one of "
                                   f"{', '.join(MAPPING_TYPES)}", line)
        clean = {"type": kind}
        for key in ("value", "kind"):
            if entry.get(key) not in (None, ""):
                clean[key] = str(entry[key]).strip()
        _check(path, str(code), clean, line)
        out[str(code).strip()] = clean
    return out


def _check(path: Path, code: str, entry: dict[str, str], line: int | None) -> None:
    if "kind" in entry and entry["type"] not in KIND_SCHEME:
        raise InputError(path, f"code '{code}': 'kind' applies only to stakeholder and initiative codes; "
                               "remove it", line)
    try:
        if "kind" in entry:
            concept(KIND_SCHEME[entry["type"]], entry["kind"])
        if "value" in entry and entry["type"] in VALUE_SCHEME:
            concept(VALUE_SCHEME[entry["type"]], entry["value"])
    except VocabularyError as err:
        raise InputError(path, f"code '{code}': {err}", line) from err


def lookup(mapping: dict[str, dict[str, str]], code_path: str) -> dict[str, str] | None:
    """The mapping entry that applies to a code, ``ignore`` entries included; None if unmapped.

    The code's full path is looked up first, then its own name, then each
    ancestor's path and name from the nearest; an entry found on an
    ancestor applies to the code, with the code's own name as value when
    the entry gives none.

    >>> m = {"Actors": {"type": "stakeholder"}, "Admin": {"type": "ignore"}}
    >>> lookup(m, "Actors/CSOs/Moorgate Trust")
    {'type': 'stakeholder', 'value': 'Moorgate Trust'}
    >>> lookup(m, "Admin/Later"), lookup(m, "Themes/Trust")
    ({'type': 'ignore', 'value': 'Later'}, None)
    """
    index = {_norm_code(k): v for k, v in mapping.items()}
    parts_ = [p.strip() for p in code_path.split("/")]
    own = parts_[-1]
    for depth in range(len(parts_), 0, -1):
        for key in ("/".join(parts_[:depth]), parts_[depth - 1]):
            entry = index.get(_norm_code(key))
            if entry is not None:
                return {**entry, "value": entry.get("value") or own}
    return None


def concept_for(mapping: dict[str, dict[str, str]], code_path: str) -> dict[str, str] | None:
    """What a code maps to: ``{type, value, kind?}``, or None (unmapped or ignored).

    >>> m = {"Actors": {"type": "stakeholder"}, "Engagement/Training": {"type": "mode", "value": "training"}}
    >>> concept_for(m, "Actors/CSOs/Moorgate Trust")
    {'type': 'stakeholder', 'value': 'Moorgate Trust'}
    >>> concept_for(m, "engagement / training")
    {'type': 'mode', 'value': 'training'}
    >>> concept_for(m, "Other") is None
    True
    """
    entry = lookup(mapping, code_path)
    return None if entry is None or entry["type"] == "ignore" else entry


def concept_key(entry: dict[str, str]) -> str:
    """The concept key of an entry's value in its type's scheme (its name for stakeholder and initiative).

    Raises :class:`VocabularyError` listing the allowed values when the value is not a concept.
    """
    scheme = VALUE_SCHEME.get(entry["type"])
    return concept(scheme, entry["value"]) if scheme else entry["value"]
