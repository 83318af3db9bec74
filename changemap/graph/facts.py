"""Fact tables: flat rows read from the store by one-pattern SPARQL, for the
named queries' Python steps.

Why the split.  Oxigraph reads a triple pattern on its own at about 1 µs a
row, but joins one pattern to the next at 5–8 µs a row, and a GROUP BY over
60,000 groups costs 0.4 s.  On a graph of 20,000 stakeholders and 60,000
engagements, the ``engagements`` query written as one SELECT with its joins,
counts and ordering took 4.5 s; fetched as these tables and joined and
counted in pandas it takes a fraction of a second.  So a named query's own
``NAME.rq`` selects the rows it is about, and the columns that need joins
across the whole graph (party names and kinds, evidence counts, years,
documents) come from the tables here, each a file in ``facts/``.

A :class:`Facts` belongs to one run of a query (or one report): each table is
read at most once, and tables asked for together are read at the same time on
two threads (Oxigraph releases the GIL while it evaluates).  Nothing is kept
between runs.

>>> from changemap.graph.store import GraphStore
>>> facts = Facts(GraphStore.from_quads([]))
>>> list(facts["parties"].columns)
['engagement', 'party']
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyoxigraph as ox

from ..ontology.namespaces import PREFIXES
from .store import GraphStore

HERE = Path(__file__).resolve().parent / "facts"
WORKERS = 2


def sparql(name: str) -> str:
    """The SPARQL of fact table ``name`` (``facts/NAME.rq``)."""
    return (HERE / f"{name}.rq").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _pool() -> ThreadPoolExecutor:
    """The threads that read fact tables, shared by every :class:`Facts` (Oxigraph
    evaluates and writes CSV without Python's lock, so two run at once)."""
    return ThreadPoolExecutor(WORKERS, thread_name_prefix="changemap-facts")


def _body(text: str) -> str:
    """SPARQL text without comment lines and with runs of white space as one space."""
    return " ".join(" ".join(line for line in text.splitlines() if not line.lstrip().startswith("#")).split())


def local(values: pd.Series, prefix: str) -> pd.Series:
    """Concept IRIs under ``PREFIXES[prefix]`` as their local names ('…/kind/cso' →
    'cso'), as SPARQL's STRAFTER gives them: '' for another IRI; missing stays missing.
    Each distinct value is cut once (a column of concepts has a handful)."""
    base = PREFIXES[prefix]
    n = len(base)
    codes, uniques = pd.factorize(values)
    cut = np.array([(v[n:] if v.startswith(base) else "") if isinstance(v, str) else None for v in uniques] + [None],
                   dtype=object)
    return pd.Series(cut[codes], index=values.index, dtype=object)  # code -1 (missing) takes the last: None


def pair_codes(engagement: np.ndarray, party: np.ndarray) -> pd.DataFrame:
    """Each engagement's unordered pairs of parties, from parallel arrays of codes
    (one row per party of an engagement): ``e, p_x, p_y`` with ``p_x < p_y``, each
    pair once however often a party is listed.

    >>> pair_codes(np.array([0, 0, 0, 1]), np.array([2, 1, 3, 1])).values.tolist()
    [[0, 2, 3], [0, 1, 2], [0, 1, 3]]
    """
    codes = pd.DataFrame({"e": engagement, "p": party}).drop_duplicates()
    joined = codes.merge(codes, on="e")
    return joined[joined["p_x"] < joined["p_y"]].reset_index(drop=True)


class Facts:
    """The fact tables of one store, read on demand and kept for this object's life."""

    def __init__(self, store: GraphStore):
        self.store = store
        self._frames: dict[str, pd.DataFrame] = {}
        self._pending: dict[str, Future[pd.DataFrame]] = {}

    @staticmethod
    def match(text: str) -> str | None:
        """The fact table whose SPARQL ``text`` is (comments and spacing aside), if any:
        a named query whose own rows are a fact table reads them as that table."""
        key = _body(text)
        return next((path.stem for path in sorted(HERE.glob("*.rq"))
                     if _body(path.read_text(encoding="utf-8")) == key), None)

    def prefetch(self, *names: str) -> None:
        """Start reading the tables ``names`` in the background, in this order, two at
        a time; a step can work on the first while the others are still read."""
        for name in dict.fromkeys(names):
            if name not in self._frames and name not in self._pending:
                self._pending[name] = _pool().submit(self.store.table, sparql(name))

    def select(self, text: str) -> Future[pd.DataFrame]:
        """Start a query of one's own on the same threads (rows as :meth:`GraphStore.frame`)."""
        return _pool().submit(self.store.frame, text)

    def only(self, name: str, variable: str, iris: Iterable[str]) -> pd.DataFrame:
        """Fact table ``name`` for the IRIs ``iris`` of ``?variable`` only (a VALUES
        block put first in its WHERE): a few thousand bound lookups cost less than
        reading the whole table when only a few rows are wanted.  Not kept."""
        values = " ".join(str(ox.NamedNode(i)) for i in iris)
        text = sparql(name)
        at = text.index("WHERE {") + len("WHERE {")
        return self.store.table(f"{text[:at]} VALUES ?{variable} {{ {values} }} {text[at:]}")

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            self.prefetch(name)
            self._frames[name] = self._pending.pop(name).result()
        return self._frames[name]

    def fetch(self, *names: str) -> list[pd.DataFrame]:
        """The tables ``names``, read together (those not read yet)."""
        self.prefetch(*names)
        return [self[n] for n in names]

    # Derived tables used by several queries -------------------------------------------------

    def stakeholders(self) -> pd.DataFrame:
        """``iri, name, kind, generic``, kind as its local name, generic as a bool (a
        stakeholder with two labels or kinds has a row for each)."""
        if "_stakeholders" not in self._frames:
            frame = self["stakeholders"].drop_duplicates().copy()
            frame["kind"] = local(frame["kind"], "kind")
            frame["generic"] = frame["generic"].isin(["true", "1"])
            self._frames["_stakeholders"] = frame.reset_index(drop=True)
        return self._frames["_stakeholders"]

    def pairs(self) -> pd.DataFrame:
        """Each engagement's unordered pairs of parties: ``engagement, a, b`` with
        a < b (an engagement with three parties gives three pairs)."""
        if "_pairs" not in self._frames:
            frame = self["parties"]
            engagements, e_names = pd.factorize(frame["engagement"])
            parties, p_names = pd.factorize(frame["party"], sort=True)  # code order = IRI order
            joined = pair_codes(engagements, parties)
            names = np.asarray(p_names, dtype=object)
            self._frames["_pairs"] = pd.DataFrame({
                "engagement": np.asarray(e_names, dtype=object)[joined["e"].to_numpy()],
                "a": names[joined["p_x"].to_numpy()], "b": names[joined["p_y"].to_numpy()]})
        return self._frames["_pairs"]

    def engagements(self) -> pd.DataFrame:
        """``engagement, mode`` (local name) for every node with a mode."""
        if "_engagements" not in self._frames:
            frame = self["modes"].drop_duplicates()
            self._frames["_engagements"] = frame.assign(mode=local(frame["mode"], "mode"))
        return self._frames["_engagements"]

    def tally(self, name: str) -> pd.Series:
        """How many rows of table ``name`` each value of its first column has, as a Series of ints."""
        key = f"_tally:{name}"
        if key not in self._frames:
            self._frames[key] = self[name].iloc[:, 0].value_counts(sort=False)
        return self._frames[key]  # type: ignore[return-value]

    def counts(self, name: str) -> pd.Series:
        """A two-column table whose second column is a count, as a Series of ints by its first."""
        frame = self[name]
        key, value = frame.columns
        return pd.Series(frame[value].astype(int).to_numpy(), index=frame[key].to_numpy())
