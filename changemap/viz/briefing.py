"""The briefing: ``changemap report`` — tables, charts and gaps a policy team can paste.

Every table comes from a named query (:func:`changemap.queries.run`).  The content is put
together once as a list of blocks and rendered twice: Markdown (charts as
sibling SVG files, ``report-matrix.svg`` and ``report-timeline.svg``) and one
self-contained HTML page (charts as inline SVG, every text escaped, no
scripts, no network references, a stylesheet that prints cleanly).  The same
graph gives the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from ..atomic import write_bytes, write_text
from ..errors import ChangemapError
from ..graph.store import GraphStore
from ..ontology.lexicon import label
from ..queries import run
from ..queries.gaps import KINDS as GAP_KINDS
from . import charts

MARKDOWN_FILE = "report.md"
HTML_FILE = "report.html"
CHART_FILES = {"matrix": "report-matrix.svg", "timeline": "report-timeline.svg"}
TITLE = "Who engages with whom, and what drove change"
TOP_STAKEHOLDERS = 15
GAPS_PER_KIND = 10
GAPS_SCAN = 200  # rows per kind asked of the gaps query: enough to say how many more there are


class ReportError(ChangemapError):
    """The briefing could not be written."""


# --- blocks: the content, independent of the output format ----------------------------------


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2
    anchor: str = ""


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Note:  # a remark in italics: 'none', or why a section is missing
    text: str


@dataclass(frozen=True)
class Items:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:  # display strings, cells already formatted; ``numeric`` columns align right
    frame: pd.DataFrame
    numeric: tuple[str, ...] = ()
    limit: int | None = None
    css: str = ""


@dataclass(frozen=True)
class Chart:
    key: str
    svg: bytes
    alt: str
    caption: str


Block = Heading | Para | Note | Items | Table | Chart


@dataclass
class Briefing:
    title: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def charts(self) -> dict[str, Chart]:
        return {b.key: b for b in self.blocks if isinstance(b, Chart)}


def _column(values: pd.Series) -> list[str]:
    """Cells as text; a column of fractions gets one number of decimals throughout."""
    floats = [v for v in values if isinstance(v, float) and not pd.isna(v)]
    fractions = [abs(v) for v in floats if not v.is_integer()]
    places = (2 if min(fractions) >= 0.05 else 3) if fractions else 0

    def cell(v: object) -> str:
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return ""
        if isinstance(v, float):
            return f"{v:.{places}f}"
        return str(v)

    return [cell(v) for v in values]


def table(frame: pd.DataFrame, columns: dict[str, str] | None = None, limit: int | None = None,
          css: str = "") -> Table:
    """A :class:`Table` of ``frame``; ``columns`` picks and renames (query column → header)."""
    if columns:
        frame = frame[[c for c in columns if c in frame.columns]].rename(columns=columns)
    numeric = tuple(str(c) for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]))
    shown = pd.DataFrame({str(c): _column(frame[c]) for c in frame.columns}, columns=list(map(str, frame.columns)))
    return Table(shown, numeric, limit, css)


# --- gathering: queries → blocks --------------------------------------------------------------


def read_manifest(build_dir: Path) -> tuple[dict | None, str | None]:
    """``build.json`` of a build folder and when it was written (UTC), or ``(None, None)``."""
    from ..pipeline import MANIFEST

    path = build_dir / MANIFEST
    if not path.is_file():
        return None, None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, None
    built = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (data if isinstance(data, dict) else None), built


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _join(parts: list[str]) -> str:
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


def build_briefing(store: GraphStore, manifest: dict | None = None, built: str | None = None) -> Briefing:
    """Run the queries and put the briefing together."""
    params = {"engagement-matrix": {"by": "kind"}, "gaps": {"limit": str(GAPS_SCAN)}}
    q = {name: run(name, store, **params.get(name, {})) for name in (
        "stakeholders", "engagements", "engagement-matrix", "timeline", "drivers", "gaps", "communities",
        "initiatives", "findings")}
    b = Briefing(TITLE)
    b.blocks += _introduction(q, manifest, built)
    b.blocks += _key_figures(q, manifest)
    b.blocks += _who_engages(q)
    b.blocks += _matrix(q["engagement-matrix"])
    b.blocks += _drivers(q["timeline"], q["drivers"])
    b.blocks += _gaps(q["gaps"])
    b.blocks += _communities(q["communities"])
    b.blocks += _initiatives(q["initiatives"], q["findings"])
    b.blocks += _build_notes(manifest)
    return b


def _introduction(q: dict[str, pd.DataFrame], manifest: dict | None, built: str | None) -> list[Block]:
    counts = (manifest or {}).get("counts") or {}
    sizes = []
    for key, word in (("stakeholders", "stakeholder"), ("engagements", "engagement"),
                      ("timeline", "pivotal moment"), ("findings", "finding")):
        sizes.append(_plural(len(q[key]), word))
    text = f"This briefing summarises a changemap knowledge graph of {_join(sizes) or 'what was built'}."
    if manifest:
        docs = manifest.get("documents") or []
        kinds = pd.Series([d.get("kind", "") for d in docs], dtype=object).value_counts()
        what = [_plural(int(n), label("document_kind", k).lower()) for k, n in sorted(
            kinds.items(), key=lambda kv: (-kv[1], kv[0]))]
        inputs = [Path(p).name or str(p) for p in manifest.get("inputs") or []]
        text += (f" It was built from {_plural(counts.get('documents', len(docs)), 'document')}"
                 + (f" ({_join(what)})" if what else "")
                 + (f" read from {_join(inputs)}" if inputs else "")
                 + (f" on {built}" if built else "") + ".")
    else:
        text += " No build.json was found beside the graph, so its inputs and build time are not known."
    text += (" Every table below is a named query that can be re-run and exported with "
             "'changemap query NAME'; the build notes at the end say what could not be read or checked.")
    return [Heading(TITLE, 1), Para(text)]


def _label_kinds(frame: pd.DataFrame, column: str, scheme: str) -> pd.DataFrame:
    frame = frame.copy()
    frame[column] = [label(scheme, v) if isinstance(v, str) and v else "" for v in frame[column]]
    return frame


def _key_figures(q: dict[str, pd.DataFrame], manifest: dict | None) -> list[Block]:
    rows: list[tuple[str, int]] = []
    people = q["stakeholders"]
    rows.append(("Stakeholders", len(people)))
    kinds = people["kind"].value_counts()
    for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        rows.append((f"Stakeholders: {label('kind', kind).lower()}", int(n)))
    rows.append(("Engagements (pair of stakeholders × mode)", len(q["engagements"])))
    moments = q["timeline"]
    rows.append(("Pivotal moments", len(moments)))
    for direction in ("forward", "backward"):
        rows.append((f"Pivotal moments: {direction}", int((moments["direction"] == direction).sum())))
    for name in ("findings", "initiatives"):
        rows.append((name.capitalize(), len(q[name])))
    if manifest and (manifest.get("counts") or {}).get("documents") is not None:
        rows.append(("Documents read", int(manifest["counts"]["documents"])))
    frame = pd.DataFrame(rows, columns=["Figure", "Count"])
    return [Heading("Key figures", anchor="figures"), table(frame)]


def _who_engages(q: dict[str, pd.DataFrame]) -> list[Block]:
    blocks: list[Block] = [Heading("Who engages with whom", anchor="who")]
    people = q["stakeholders"]
    if people.empty:
        blocks.append(Note("No stakeholders in this graph."))
    else:
        top = people.sort_values(["degree", "name"], ascending=[False, True], kind="stable")
        top = _label_kinds(top, "kind", "kind")
        blocks += [Para(f"The {min(TOP_STAKEHOLDERS, len(top))} most connected stakeholders: partners is the "
                        "number of distinct organisations each one engages with, documents the number of "
                        "sources that mention it."),
                   table(top, {"name": "Stakeholder", "kind": "Kind", "degree": "Partners",
                               "documents": "Documents"}, limit=TOP_STAKEHOLDERS)]
    blocks.append(Heading("Engagements by mode", 3))
    if q["engagements"].empty:
        blocks.append(Note("No engagements in this graph."))
    else:
        blocks.append(_count_by(q["engagements"], "mode", "mode", ("Mode", "Engagements")))
    return blocks


def _count_by(frame: pd.DataFrame, column: str, scheme: str, headers: tuple[str, str]) -> Table:
    """Rows of ``frame`` counted by ``column`` (shown with the scheme's labels), most first."""
    counts = frame.groupby(column).size().rename("n").reset_index()
    counts = _label_kinds(counts, column, scheme).sort_values(["n", column], ascending=[False, True],
                                                              kind="stable")
    return table(counts, {column: headers[0], "n": headers[1]})


SHORT_KINDS = {"cso": "CSO", "public-authority": "Public authority", "international-body": "International body",
               "private": "Private", "other": "Other"}


def _pair_label(a: str, b: str) -> str:
    """'CSO ↔ Public authority': short kind names keep the matrix narrow enough to print."""
    return f"{SHORT_KINDS.get(a) or label('kind', a)} ↔ {SHORT_KINDS.get(b) or label('kind', b)}"


def engagement_matrix(long: pd.DataFrame) -> pd.DataFrame:
    """The ``engagement-matrix`` rows as a grid: kind pairs × every mode (labels), counts.

    Modes that never occur are kept as empty columns: they are a finding in themselves.
    """
    from ..ontology.lexicon import schemes

    frame = long.copy()
    frame["pair"] = [_pair_label(a, b) for a, b in zip(frame["source_kind"], frame["target_kind"], strict=True)]
    frame["mode"] = [label("mode", m) for m in frame["mode"]]
    grid = frame.pivot_table(index="pair", columns="mode", values="engagements", aggfunc="sum", fill_value=0)
    for mode in sorted(label("mode", k) for k in schemes()["mode"].concepts):
        if mode not in grid.columns:
            grid[mode] = 0
    cols = sorted(grid.columns, key=lambda c: (-int(grid[c].sum()), c))
    rows = sorted(grid.index, key=lambda r: (-int(grid.loc[r].sum()), r))
    grid = grid.loc[rows, cols].astype(int)
    grid.index.name, grid.columns.name = None, None
    return grid


def _matrix(long: pd.DataFrame) -> list[Block]:
    blocks: list[Block] = [Heading("Engagement matrix", anchor="matrix")]
    if long.empty or int(long["engagements"].sum()) == 0:
        return [*blocks, Note("No engagements in this graph, so there is no matrix.")]
    grid = engagement_matrix(long)
    never = [c for c in grid.columns if int(grid[c].sum()) == 0]
    blocks.append(Para("Engagements between kinds of organisation (CSO: civil society organisation; private and "
                       "other: private and other organisations), by mode of engagement. Each cell counts "
                       "engagements (one per pair of organisations and mode); an engagement with more than two "
                       "parties counts once for each pair of kinds it joins. Empty cells are combinations that "
                       "do not occur in the material."))
    blocks.append(Chart("matrix", charts.heatmap_svg(grid),
                        "Heatmap of engagements: kind pairs in rows, modes of engagement in columns, "
                        "counts in the cells.",
                        "Engagements by kind pair and mode."))
    shown = grid.copy()
    shown["Total"] = shown.sum(axis=1)
    shown = shown.reset_index().rename(columns={"index": "Kinds"})
    blocks.append(table(shown, css="matrix"))
    if never:
        blocks.append(Para(f"Modes that never occur: {_join(never)}."))
    return blocks


def _drivers(timeline: pd.DataFrame, drivers: pd.DataFrame) -> list[Block]:
    blocks: list[Block] = [Heading("What drove change", anchor="drivers")]
    if timeline.empty:
        blocks.append(Note("No pivotal moments in this graph, so there is no timeline."))
    else:
        dated, undated = charts.dated_moments(timeline), charts.undated_moments(timeline)
        if dated.empty:
            blocks.append(Note("None of the pivotal moments has a date, so there is no timeline chart."))
        else:
            blocks.append(Para("Pivotal moments by year: those that moved the agenda forward above the line, "
                               "setbacks below it. The numbers on the markers refer to the table under the "
                               "chart."))
            blocks.append(Chart("timeline", charts.timeline_svg(dated),
                                f"Timeline of {_plural(len(dated), 'dated pivotal moment')} from "
                                f"{int(dated['when'].min())} to {int(dated['when'].max())}: forward above the "
                                "axis, backward below.",
                                "Pivotal moments by year, numbered as in the table below."))
            key = _label_kinds(dated, "direction", "direction")
            blocks.append(table(key, {"n": "#", "date": "Date", "label": "Moment", "direction": "Direction",
                                      "drivers": "Drivers", "actors": "Actors"}))
        if not undated.empty:
            blocks.append(Heading("Undated moments (not on the chart)", 3))
            blocks.append(Items(tuple(
                f"{r['label']} ({label('direction', r['direction'])}"
                + (f"; {r['drivers']}" if r["drivers"] else "") + ")"
                for r in undated.to_dict(orient="records"))))
    blocks.append(Heading("Drivers of change", 3))
    if drivers.empty:
        blocks.append(Note("None."))
    else:
        blocks.append(table(drivers, {"driver": "Driver", "forward": "Forward", "backward": "Backward",
                                      "moments": "Moments", "actors": "Who took part"}))
    return blocks


GAP_HEADINGS = {
    "target-group-without-cso-authority-link": "Target groups without a CSO–authority link",
    "authority-without-cso-partner": "Authorities without a CSO partner",
    "mode-never-used": "Modes of engagement never used",
    "challenge-not-addressed": "Challenges no initiative addresses",
    "opportunity-without-owner": "Opportunities without an owner",
    "introduction-candidate": "Organisations that could be introduced",
    "isolated-stakeholder": "Isolated stakeholders",
    "structural-hole": "Structural holes",
    "broker": "Brokers",
}


def _gaps(gaps: pd.DataFrame) -> list[Block]:
    blocks: list[Block] = [Heading("Collaboration gaps", anchor="gaps")]
    if gaps.empty:
        return [*blocks, Note("No gaps found.")]
    blocks.append(Para(f"Ranked within each kind, highest score first; the top {GAPS_PER_KIND} of each kind are "
                       "shown ('changemap query gaps --param limit=0' lists them all). The basis says whether a "
                       "source states the gap or it is only not recorded in the sources."))
    for kind in dict.fromkeys(gaps["kind"]):
        rows = gaps[gaps["kind"] == kind]
        capped = len(rows) >= GAPS_SCAN
        heading = GAP_HEADINGS.get(kind) or str(kind).replace("-", " ").replace("_", " ").capitalize()
        blocks.append(Heading(f"{heading} ({len(rows)}{'+' if capped else ''})", 3))
        if kind in GAP_KINDS:
            text = GAP_KINDS[kind]
            blocks.append(Para(text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")))
        blocks.append(table(rows, {"subject": "Gap", "reason": "Why", "score": "Score", "basis": "Basis"},
                            limit=GAPS_PER_KIND))
        if capped:
            blocks.append(Note(f"Only the first {GAPS_SCAN} were counted; 'changemap query gaps --param "
                               f"kind={kind} --param limit=0' lists every one."))
    return blocks


def _communities(communities: pd.DataFrame) -> list[Block]:
    blocks: list[Block] = [Heading("Communities", anchor="communities")]
    if communities.empty:
        return [*blocks, Note("None: no engagements to group stakeholders by.")]
    blocks.append(Para("Groups of stakeholders that engage more with each other than with the rest."))
    blocks.append(table(communities, {"community": "Community", "size": "Size", "members": "Members",
                                      "kinds": "Kinds", "shares": "Shares"}))
    return blocks


def _initiatives(initiatives: pd.DataFrame, findings: pd.DataFrame) -> list[Block]:
    blocks: list[Block] = [Heading("Initiatives and findings", anchor="initiatives"), Heading("Initiatives", 3)]
    if initiatives.empty:
        blocks.append(Note("None."))
    else:
        shown = _label_kinds(initiatives, "type", "initiative_type")
        blocks.append(table(shown, {"name": "Initiative", "type": "Type", "owners": "Run by",
                                    "partners": "Partners", "target_groups": "Target groups",
                                    "findings": "Findings"}))
    blocks.append(Heading("Findings by type", 3))
    if findings.empty:
        blocks.append(Note("None."))
    else:
        blocks.append(_count_by(findings, "type", "finding_type", ("Type", "Findings")))
    return blocks


def _build_notes(manifest: dict | None) -> list[Block]:
    blocks: list[Block] = [Heading("Build notes", anchor="build")]
    if not manifest:
        return [*blocks, Note("No build.json beside the graph: nothing is known about how it was built.")]
    v = manifest.get("validation")
    if v is None:
        blocks.append(Para("SHACL validation was skipped in this build."))
    else:
        violations = v.get("violations") or []
        state = "conforms to" if v.get("conforms") else "does not conform to"
        severities = pd.Series([x.get("severity", "Violation") for x in violations], dtype=object).value_counts()
        found = [_plural(int(n), str(s).lower()) for s, n in sorted(severities.items())]
        blocks.append(Para(f"The graph {state} the SHACL shapes" + (f" ({_join(found)})." if found else ".")))
        if violations:
            blocks.append(table(pd.DataFrame(violations), {"severity": "Severity", "focus": "Node",
                                                           "path": "Property", "message": "Message"}, limit=20))
    problems = manifest.get("problems") or []
    blocks.append(Heading("Problems with the input", 3))
    if problems:
        blocks.append(Items(tuple(f"{p.get('severity', 'error')}: {p.get('message', '')}" for p in problems)))
    else:
        blocks.append(Para("None: every file was read."))
    merges = manifest.get("merges") or []
    if merges:
        blocks.append(Heading("Names merged", 3))
        blocks.append(table(pd.DataFrame(merges), {"name": "Name", "merged_into": "Merged into",
                                                   "reason": "Reason"}, limit=50))
    if manifest.get("decisions"):
        blocks.append(Para(f"Review decisions applied from {Path(manifest['decisions']).name}."))
    blocks.append(Heading("Files", 3))
    blocks.append(Items((
        "graph.ttl: the whole graph; graph.trig: one named graph per source document",
        "map.html: the interactive engagement map (opens offline)",
        "build.json: inputs, counts, merges, problems and validation results",
        "report.md and report.html: this briefing ('changemap report' writes it again)",
    )))
    return blocks


# --- writing ----------------------------------------------------------------------------------


def write_briefing(graph: GraphStore | Path | str, out_dir: Path | str | None = None) -> tuple[Path, Path]:
    """Write report.md (with its chart files) and report.html; return their paths.

    ``graph`` is a build folder (its build.json supplies the inputs and build notes) or a
    store; ``out_dir`` defaults to the build folder and is required with a store.
    """
    if isinstance(graph, GraphStore):
        if out_dir is None:
            raise ValueError("write_briefing needs out_dir when given a store")
        store, build_dir = graph, Path(out_dir)
    else:
        build_dir = Path(graph)
        store = GraphStore.open(build_dir)  # GraphNotFoundError says what to do
    out = Path(out_dir) if out_dir is not None else build_dir
    if out.exists() and not out.is_dir():
        raise ReportError(f"{out}: is a file, not a folder; give -o a folder for report.md and report.html")
    from .briefing_render import render_html, render_markdown

    manifest, built = read_manifest(build_dir)
    briefing = build_briefing(store, manifest, built)
    made = briefing.charts
    try:
        for key, name in CHART_FILES.items():
            if key in made:
                write_bytes(out / name, made[key].svg)
            else:
                (out / name).unlink(missing_ok=True)  # a chart from an earlier, bigger graph
        md, html = out / MARKDOWN_FILE, out / HTML_FILE
        write_text(md, render_markdown(briefing, {k: v for k, v in CHART_FILES.items() if k in made}))
        write_text(html, render_html(briefing))
    except OSError as err:
        raise ReportError(f"{out}: cannot write the report ({err.strerror or err}); "
                          "check the folder exists and is writable, or choose another with -o") from err
    return md, html
