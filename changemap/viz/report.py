"""A short Markdown report of a build: what went in, what came out, what to check."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..atomic import write_text
from ..ontology.lexicon import label
from ..queries import run

if TYPE_CHECKING:
    from ..pipeline import BuildResult


def markdown_table(frame: pd.DataFrame, limit: int | None = None) -> str:
    """A GitHub-flavoured Markdown table; '|' in cells is escaped."""
    if frame.empty:
        return "_none_\n"
    rows = frame.head(limit) if limit else frame

    def cell(v: object) -> str:
        text = "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)
        if isinstance(v, float) and v.is_integer():
            text = str(int(v))
        return text.replace("|", "\\|").replace("\n", " ")

    head = "| " + " | ".join(map(str, rows.columns)) + " |"
    rule = "|" + "|".join("---" for _ in rows.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows.itertuples(index=False)]
    more = [f"\n_…and {len(frame) - len(rows)} more rows._"] if len(frame) > len(rows) else []
    return "\n".join([head, rule, *body, *more]) + "\n"


def render(result: BuildResult, stakeholders: pd.DataFrame | None = None,
           engagements: pd.DataFrame | None = None) -> str:
    """The report; ``stakeholders`` and ``engagements`` are those queries' results if already run."""
    store = result.store
    counts = result.counts()
    stakeholders = run("stakeholders", store) if stakeholders is None else stakeholders
    engagements = run("engagements", store) if engagements is None else engagements
    lines = ["# changemap build report", ""]
    lines += ["## Contents", ""]
    lines += [f"- {k.replace('_', ' ')}: {v}" for k, v in counts.items()]
    lines += ["", "## Most connected stakeholders", ""]
    top = stakeholders.sort_values(["degree", "name"], ascending=[False, True])
    lines.append(markdown_table(top[["name", "kind", "degree", "documents"]], limit=15))
    lines += ["## Engagements by mode", ""]
    if engagements.empty:
        lines.append("_none_\n")
    else:
        by_mode = engagements.groupby("mode").size().rename("engagements").reset_index()
        by_mode["mode"] = [label("mode", m) for m in by_mode["mode"]]
        lines.append(markdown_table(by_mode.sort_values("engagements", ascending=False)))
    findings = pd.Series([label("finding_type", f.finding_type) for f in result.extraction.findings],
                         dtype=object)
    lines += ["## Findings by type", ""]
    lines.append(markdown_table(findings.value_counts().rename_axis("type").reset_index(name="findings")))
    if result.extraction.merges:
        lines += ["## Names merged", ""]
        merges = pd.DataFrame(result.extraction.merges, columns=["name", "merged into", "reason"])
        lines.append(markdown_table(merges, limit=50))
    v = result.validation
    lines += ["## Validation", ""]
    if v is None:
        lines.append("SHACL validation was skipped.\n")
    else:
        lines.append(f"The graph {v.summary()}.\n")
        for x in v.violations[:20]:
            lines.append(f"- `{x.focus}` {x.path}: {x.message}")
    lines += ["", "## Problems with the input", ""]
    if result.problems:
        lines += [f"- {p.message}" for p in result.problems]
    else:
        lines.append("None: every file was read.")
    lines += ["", "## Files", "",
              "- `graph.ttl`: the whole graph; `graph.trig`: one named graph per source document",
              "- `map.html`: the engagement map (opens offline)",
              "- `build.json`: inputs, counts, merges, problems and validation results",
              "- `changemap report -g` this folder: a fuller briefing with charts (replaces this file, "
              "adds `report.html`)", ""]
    return "\n".join(lines)


def write_report(result: BuildResult, path: Path | str, **frames: pd.DataFrame) -> Path:
    """Write the report; ``frames`` as for :func:`render`."""
    write_text(path, render(result, **frames))
    return Path(path)
