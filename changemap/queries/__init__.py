"""Named queries: a SPARQL file each, run on the Oxigraph store.

>>> print(*sorted(REGISTRY))
data-flows drivers engagements findings initiatives recording-systems stakeholders timeline

Python callers use :func:`run`, which returns a pandas DataFrame::

    from changemap.queries import run
    frame = run("stakeholders", "changemap-out")
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import QueryError
from ..graph.store import GraphStore

HERE = Path(__file__).resolve().parent


def _split_lists(*columns: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """'|'-joined GROUP_CONCAT cells → sorted '; '-joined text."""

    def post(frame: pd.DataFrame) -> pd.DataFrame:
        for c in columns:
            frame[c] = [
                "; ".join(sorted(set(str(v).split("|")))) if isinstance(v, str) and v else ""
                for v in frame[c]
            ]
        return frame

    return post


def _fill_blank(*columns: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """Unbound cells (an undated moment) → '' rather than a missing value."""

    def post(frame: pd.DataFrame) -> pd.DataFrame:
        for c in columns:
            frame[c] = [v if isinstance(v, str) else "" for v in frame[c]]
        return frame

    return post


def _fill_zero(*columns: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def post(frame: pd.DataFrame) -> pd.DataFrame:
        for c in columns:
            frame[c] = frame[c].fillna(0).astype(int)
        return frame

    return post


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: dict[str, str] = field(default_factory=dict)
    post: tuple[Callable[[pd.DataFrame], pd.DataFrame], ...] = ()
    hidden: tuple[str, ...] = ("iri",)

    @property
    def sparql_file(self) -> Path:
        return HERE / f"{self.name}.rq"

    def sparql(self) -> str:
        return self.sparql_file.read_text(encoding="utf-8")


REGISTRY: dict[str, NamedQuery] = {
    q.name: q
    for q in [
        NamedQuery(
            "stakeholders",
            "Every stakeholder: kind, aliases, target groups, degree and documents citing it.",
            post=(_split_lists("aliases", "target_groups"), _fill_zero("degree", "documents")),
        ),
        NamedQuery(
            "engagements",
            "Who engages with whom: pairs of stakeholders by mode, with sentiment, evidence and years.",
            post=(_fill_zero("evidence_count"),),
            hidden=("iri", "source_iri", "target_iri"),
        ),
        NamedQuery(
            "findings",
            "Findings from summaries: good practice, challenges, opportunities, with theme and strands.",
            post=(_split_lists("strands", "about"),),
        ),
        NamedQuery(
            "initiatives",
            "Named initiatives: owners, partners, target groups and the findings that judge them.",
            post=(_split_lists("owners", "partners", "target_groups"), _fill_zero("findings", "documents")),
        ),
        NamedQuery(
            "timeline",
            "Pivotal moments in date order: direction, drivers, actors, outcomes and evidence count.",
            post=(_split_lists("drivers", "actors", "outcomes"), _fill_blank("date", "scale"),
                  _fill_zero("evidence_count")),
        ),
        NamedQuery(
            "drivers",
            "What drove change: each driver's moments forward and backward, and who took part; ranked.",
            post=(_split_lists("actors"), _fill_zero("forward", "backward", "moments")),
            hidden=(),
        ),
        NamedQuery(
            "recording-systems",
            "Recording systems: operator and its kind, system type, data flows out and in, evidence count.",
            post=(_fill_zero("flows_out", "flows_in", "evidence_count"),),
        ),
        NamedQuery(
            "data-flows",
            "Data flows between recording systems: from and to whose system, what is sent, a quote.",
            post=(_fill_zero("evidence_count"),),
        ),
    ]
}


def get(name: str) -> NamedQuery:
    try:
        return REGISTRY[name]
    except KeyError:
        raise QueryError(f"no query named '{name}'; run 'changemap query --list' to see the "
                         f"names ({', '.join(sorted(REGISTRY))})") from None


def run(name: str, graph: GraphStore | Path | str, *, keep_iris: bool = False,
        **params: str) -> pd.DataFrame:
    """Run named query ``name`` on a store or a build folder; rows as a DataFrame."""
    query = get(name)
    unknown = set(params) - set(query.params)
    if unknown:
        allowed = ", ".join(query.params) or "none"
        raise QueryError(f"query '{name}' has no parameter {', '.join(sorted(unknown))}; "
                         f"its parameters: {allowed}")
    store = graph if isinstance(graph, GraphStore) else GraphStore.open(graph)
    rows = store.query(query.sparql())
    frame = pd.DataFrame(rows, columns=_columns(query.sparql()) if not rows else None)
    for post in query.post:
        frame = post(frame)
    if not keep_iris:
        frame = frame.drop(columns=[c for c in query.hidden if c in frame.columns])
    return frame.reset_index(drop=True)


def _columns(sparql: str) -> list[str]:
    """Projected variable names of a SELECT, for empty results."""
    import re

    head = sparql.split("WHERE", 1)[0]
    head = re.sub(r"\([^()]*\bAS\s+\?(\w+)\)", r"?\1", head)
    return re.findall(r"\?(\w+)", head)
