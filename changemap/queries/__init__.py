"""Named queries: a SPARQL file each, run on the Oxigraph store.

A query's ``NAME.rq`` selects the rows it is about.  Where the answer needs
joins, counts or graph algorithms over the whole graph, its Python step
(``analysis``) does them in pandas, igraph or networkx on *fact tables*:
one-pattern SELECTs in ``graph/facts/`` (parties, modes, kinds, years, ...),
read at the same time on two threads alongside the query's own SPARQL.
Oxigraph scans a pattern at about 1 µs a row but joins at 5–8 µs a row,
so on 60,000 engagements this is the difference between 4.5 s and 0.9 s
(``bench/README.md``, "Named queries").

>>> print(*sorted(REGISTRY))  # doctest: +NORMALIZE_WHITESPACE
communities data-flows drivers ego engagement-matrix engagements evidence findings gaps initiatives recording-systems
stakeholders timeline

Python callers use :func:`run`, which returns a pandas DataFrame::

    from changemap.queries import run
    frame = run("stakeholders", "changemap-out")
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyoxigraph as ox

from ..errors import QueryError
from ..graph.facts import Facts
from ..graph.project import TABLES as PROJECTION
from ..graph.store import GraphStore
from . import clusters, gaps, lookup, quotes, tables

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
            if c in frame.columns:
                frame[c] = frame[c].fillna(0).astype(int)
        return frame

    return post


Bind = Callable[[GraphStore, dict[str, str]], list[dict[str, ox.NamedNode | ox.Literal]]]
Analysis = Callable[[Facts, pd.DataFrame, dict[str, str]], pd.DataFrame]
_INCLUDE = re.compile(r"^#include (\w[\w-]*)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class NamedQuery:
    """A named question: SPARQL in ``NAME.rq``, parameters, and tidying steps.

    ``params`` maps each parameter to its default (``None``: the caller must
    give it); ``choices`` limits a parameter to some values.  ``bind`` turns
    parameters into SPARQL bindings, one set per run of the query (values
    never enter the query text).  ``analysis`` is the Python step, run on the
    SPARQL rows, the parameters and the fact tables of the store; ``facts``
    names the tables (``graph/facts/NAME.rq``) it reads, which are fetched in
    the background while the query's own SPARQL runs.
    """

    name: str
    description: str
    params: dict[str, str | None] = field(default_factory=dict)
    param_help: dict[str, str] = field(default_factory=dict)
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    post: tuple[Callable[[pd.DataFrame], pd.DataFrame], ...] = ()
    hidden: tuple[str, ...] = ("iri",)
    bind: Bind | None = None
    analysis: Analysis | None = None
    facts: tuple[str, ...] = ()

    def sparql_file(self) -> Path:
        return HERE / f"{self.name}.rq"

    def sparql(self) -> str:
        """The SPARQL text, with ``#include NAME`` lines replaced by ``_NAME.rqi``."""
        text = self.sparql_file().read_text(encoding="utf-8")
        return _INCLUDE.sub(lambda m: (HERE / f"_{m.group(1)}.rqi").read_text(encoding="utf-8"), text)

    def values(self, given: dict[str, object]) -> dict[str, str]:
        """``given`` checked against the declared parameters, with defaults filled in."""
        unknown = set(given) - set(self.params)
        if unknown:
            allowed = ", ".join(self.params) or "none"
            raise QueryError(f"query '{self.name}' has no parameter {', '.join(sorted(unknown))}; "
                             f"its parameters: {allowed}")
        values = {k: str(v).strip() for k, v in given.items() if v is not None}
        for k, default in self.params.items():
            if not values.get(k):
                if default is None:
                    raise QueryError(f"query '{self.name}' needs --param {k}=…"
                                     f" ({self.param_help.get(k, 'no default')})")
                values[k] = default
            if k in self.choices and values[k] not in self.choices[k]:
                raise QueryError(f"query '{self.name}': {k}='{values[k]}' is not one of "
                                 f"{', '.join(self.choices[k])}")
        return values

    def usage(self) -> str:
        """Parameters as shown by ``changemap query --list``."""
        parts = []
        for k, default in self.params.items():
            shown = "|".join(self.choices[k]) if k in self.choices else (k.upper() if default is None else default)
            parts.append(f"{k}={shown}" if default is None else f"[{k}={shown}]")
        return " ".join(parts)


REGISTRY: dict[str, NamedQuery] = {
    q.name: q
    for q in [
        NamedQuery(
            "stakeholders",
            "Every stakeholder: kind, aliases, target groups, degree and documents citing it.",
            analysis=tables.stakeholders,
            facts=("stakeholder-documents", "parties", "aliases", "target-groups"),
        ),
        NamedQuery(
            "engagements",
            "Who engages with whom: pairs of stakeholders by mode, with sentiment, evidence and years.",
            analysis=tables.engagements,
            facts=("engagement-evidence", "parties", "stakeholders", "sentiments", "years"),
            hidden=("iri", "source_iri", "target_iri"),
        ),
        NamedQuery(
            "findings",
            "Findings from summaries: good practice, challenges, opportunities, with theme and strands.",
            post=(_split_lists("strands", "about"),),
        ),
        NamedQuery(
            "initiatives",
            "Named initiatives: owners, partners, target groups, challenges addressed, findings that judge them.",
            post=(_split_lists("owners", "partners", "target_groups", "addresses"),
                  _fill_zero("findings", "documents")),
        ),
        NamedQuery(
            "engagement-matrix",
            "Engagements counted by kind x kind x mode (CSO <-> public authority by mode), or by stakeholder.",
            params={"by": "kind"},
            param_help={"by": "kind: kind pair x mode; stakeholder: stakeholder x mode"},
            choices={"by": ("kind", "stakeholder")},
            analysis=tables.engagement_matrix,
            facts=("parties", "stakeholders"),
        ),
        NamedQuery(
            "ego",
            "One stakeholder's partners by mode, initiatives, moments and target groups, with a quote each.",
            params={"name": None},
            param_help={"name": "a stakeholder's name or alias, e.g. --param name=\"Kelvary Pride Alliance\""},
            bind=lookup.bind_stakeholder,
            analysis=quotes.ego,
            hidden=("node", "item", "ev"),
        ),
        NamedQuery(
            "evidence",
            "Every quote behind a node or an edge ('A -- B'), with document and character position.",
            params={"node": None},
            param_help={"node": "a name, an IRI, or an edge as \"A -- B\""},
            bind=lookup.bind_node_or_edge,
            analysis=quotes.evidence,
            hidden=("node",),
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
            "gaps",
            "Collaboration gaps, ranked and explained: missing CSO-authority links, unaddressed challenges, "
            "introduction candidates, isolated stakeholders, structural holes and brokers.",
            params={"kind": "all", "limit": "25"},
            param_help={"kind": "one kind of gap, or all", "limit": "rows per kind (0: every row)"},
            choices={"kind": ("all", *gaps.KINDS)},
            analysis=gaps.gaps,
            facts=gaps.TABLES,
            hidden=("source_iri", "target_iri"),
        ),
        NamedQuery(
            "communities",
            "Clusters of stakeholders that work closely together (Leiden), with what their members share.",
            analysis=clusters.communities,
            facts=PROJECTION,
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


def run(name: str, graph: GraphStore | Path | str, /, *, keep_iris: bool = False,
        **params: object) -> pd.DataFrame:
    """Run named query ``name`` on a store or a build folder; rows as a DataFrame."""
    gc_was_on = gc.isenabled()
    gc.disable()  # the steps make many short-lived objects and no cycles; collections cost up to a third
    try:
        return _run(name, graph, keep_iris, params)
    finally:
        if gc_was_on:
            gc.enable()


def _run(name: str, graph: GraphStore | Path | str, keep_iris: bool, params: dict[str, object]) -> pd.DataFrame:
    query = get(name)
    values = query.values(params)
    store = graph if isinstance(graph, GraphStore) else GraphStore.open(graph)
    facts = Facts(store)
    sparql = query.sparql()
    fact = Facts.match(sparql)
    if query.bind is None and fact is not None:  # the query's own rows are a fact table
        facts.prefetch(fact, *query.facts)
        frame = facts[fact]
    elif query.bind is None:
        rows = facts.select(sparql)
        facts.prefetch(*query.facts)
        frame = rows.result()
    else:
        facts.prefetch(*query.facts)
        frames = [store.frame(sparql, bindings=b) for b in query.bind(store, values)]
        frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=_columns(sparql))
    for post in query.post:
        frame = post(frame)
    if query.analysis is not None:
        frame = query.analysis(facts, frame, values)
    if not keep_iris:
        frame = frame.drop(columns=[c for c in query.hidden if c in frame.columns])
    return frame.reset_index(drop=True)


def _columns(sparql: str) -> list[str]:
    """Projected variable names of a SELECT, for empty results."""
    head = sparql.split("WHERE", 1)[0]
    head = re.sub(r"\([^()]*\bAS\s+\?(\w+)\)", r"?\1", head)
    return re.findall(r"\?(\w+)", head)
