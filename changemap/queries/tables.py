"""Python steps of the table queries (``stakeholders``, ``engagements``,
``engagement-matrix``): the joins, counts and ordering, done in pandas on the
fact tables (:mod:`changemap.graph.facts`) because Oxigraph's own joins cost
5–8 µs a row (see that module for the figures).

Each function takes the fact tables of one run, the rows of the query's own
SPARQL file and the parameters, and returns the answer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..graph.facts import Facts, local


def _lists(frame: pd.DataFrame, key: str, column: str, index: pd.Series) -> list[str]:
    """``column`` of ``frame`` per ``key``, distinct, sorted and '; '-joined, in the
    order of ``index`` ('' where none)."""
    found: dict[str, set[str]] = {}
    for k, v in zip(frame[key], frame[column], strict=True):
        if isinstance(v, str) and v:
            found.setdefault(k, set()).add(v)
    return ["; ".join(sorted(found[k])) if k in found else "" for k in index]


def degrees(facts: Facts) -> pd.Series:
    """Distinct engagement partners of each stakeholder with any, by IRI."""
    pairs = facts.pairs()
    codes, names = pd.factorize(pd.concat([pairs["a"], pairs["b"]], ignore_index=True))
    n = len(pairs)
    a, b = codes[:n].astype(np.int64), codes[n:].astype(np.int64)
    links = np.sort(np.concatenate([a * len(names) + b, b * len(names) + a]))
    links = links[np.r_[True, links[1:] != links[:-1]]] if len(links) else links
    return pd.Series(np.bincount(links // max(len(names), 1), minlength=len(names)), index=names)


STAKEHOLDER_COLUMNS = ["iri", "name", "kind", "aliases", "target_groups", "degree", "documents"]
ENGAGEMENT_COLUMNS = ["iri", "source", "source_kind", "target", "target_kind", "mode", "sentiment",
                      "evidence_count", "first_year", "last_year", "source_iri", "target_iri"]


def finish(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The column types and row order of ``stakeholders`` or ``engagements``, shared
    with :mod:`changemap.viz.frames`, which makes the same tables without the store."""
    columns = STAKEHOLDER_COLUMNS if name == "stakeholders" else ENGAGEMENT_COLUMNS
    frame = frame.reindex(columns=columns)
    counts = {"degree", "documents", "evidence_count", "first_year", "last_year"}
    for c in columns:
        if c not in counts:  # text as Python objects, on pandas 2 and 3 alike, rows or none
            frame[c] = frame[c].astype(object)
    if name == "stakeholders":
        for c in ("degree", "documents"):
            frame[c] = frame[c].fillna(0).astype(int)
        order = ["name", "iri", "kind"]
    else:
        frame["evidence_count"] = frame["evidence_count"].fillna(0).astype(int)
        for c in ("first_year", "last_year"):
            frame[c] = frame[c].astype("Int64")
        frame["sentiment"] = frame["sentiment"].astype(object).where(frame["sentiment"].notna(), None)
        frame = frame.assign(_s=frame["sentiment"].astype(str))
        order = ["source", "target", "mode", "iri", "_s"]
    return frame.sort_values(order, kind="stable").drop(columns=["_s"], errors="ignore").reset_index(drop=True)


def stakeholders(facts: Facts, frame: pd.DataFrame, values: dict[str, str]) -> pd.DataFrame:
    """Name, kind, aliases, target groups, degree (distinct partners) and documents;
    a stakeholder with two labels gives a row for each."""
    facts.prefetch("stakeholder-documents", "parties", "aliases", "target-groups")
    out = facts.stakeholders()[["iri", "name", "kind"]].copy()
    out["aliases"] = _lists(facts["aliases"], "iri", "alias", out["iri"])
    out["target_groups"] = _lists(facts["target-groups"], "iri", "group", out["iri"])
    out["degree"] = out["iri"].map(degrees(facts))
    out["documents"] = out["iri"].map(facts.counts("stakeholder-documents"))
    return finish("stakeholders", out)


def engagements(facts: Facts, frame: pd.DataFrame, values: dict[str, str]) -> pd.DataFrame:
    """One row per engagement and pair of parties (ordered by IRI), with the parties'
    names and kinds, mode, sentiment, distinct evidence and first and last year.
    An engagement with no evidence is left out, as an unsupported claim."""
    facts.prefetch("engagement-evidence", "parties", "stakeholders", "sentiments", "years")
    people = facts.stakeholders()[["iri", "name", "kind"]]
    rows = facts.engagements().merge(facts.pairs(), on="engagement").rename(columns={"engagement": "iri"})
    rows["evidence_count"] = rows["iri"].map(facts.tally("engagement-evidence"))
    rows = rows[rows["evidence_count"] > 0]
    rows = (rows.merge(people.rename(columns={"iri": "source_iri", "name": "source", "kind": "source_kind"}),
                       left_on="a", right_on="source_iri")
                .merge(people.rename(columns={"iri": "target_iri", "name": "target", "kind": "target_kind"}),
                       left_on="b", right_on="target_iri"))
    sentiments = facts["sentiments"].drop_duplicates()
    sentiments = sentiments.assign(sentiment=local(sentiments["sentiment"], "sentiment"))
    if sentiments["engagement"].duplicated().any():  # two judgements of one engagement: a row each
        rows = rows.merge(sentiments, left_on="iri", right_on="engagement", how="left")
    else:
        rows["sentiment"] = rows["iri"].map(sentiments.set_index("engagement")["sentiment"])
    years = facts["years"]
    years = years[years["year"].str.fullmatch(r"[+-]?[0-9]+").fillna(False)]  # what xsd:integer() accepts
    span = years.assign(year=years["year"].astype(int)).groupby("engagement")["year"].agg(["min", "max"])
    rows["first_year"] = rows["iri"].map(span["min"])
    rows["last_year"] = rows["iri"].map(span["max"])
    return finish("engagements", rows)  # distinct already: every table joined was


def partners(facts: Facts) -> pd.DataFrame:
    """Every ordered pair of distinct parties of an engagement: ``engagement, iri, other``."""
    pairs = facts.pairs()
    return pd.concat([pairs.rename(columns={"a": "iri", "b": "other"}),
                      pairs.rename(columns={"b": "iri", "a": "other"})], ignore_index=True)


def engagement_matrix(facts: Facts, frame: pd.DataFrame, values: dict[str, str]) -> pd.DataFrame:
    """Distinct engagements by unordered kind pair and mode, or (``by=stakeholder``)
    by stakeholder and mode with the number of distinct partners."""
    facts.prefetch("parties", "stakeholders")
    people = facts.stakeholders()[["iri", "name", "kind"]]
    if values.get("by") == "stakeholder":
        rows = partners(facts).merge(facts.engagements(), on="engagement")
        rows = rows.merge(people.rename(columns={"name": "stakeholder"}), on="iri")
        counted = (rows.groupby(["iri", "stakeholder", "kind", "mode"])
                   .agg(engagements=("engagement", "nunique"), partners=("other", "nunique")).reset_index())
        return counted.sort_values(["stakeholder", "iri", "engagements", "mode"],
                                   ascending=[True, True, False, True], kind="stable")
    kinds = people[["iri", "kind"]].drop_duplicates()
    rows = (facts.pairs().merge(facts.engagements(), on="engagement")
            .merge(kinds.rename(columns={"iri": "a", "kind": "x"}), on="a")
            .merge(kinds.rename(columns={"iri": "b", "kind": "y"}), on="b"))
    first = rows["x"] <= rows["y"]
    rows = rows.assign(source_kind=rows["x"].where(first, rows["y"]), target_kind=rows["y"].where(first, rows["x"]))
    counted = (rows.groupby(["source_kind", "target_kind", "mode"])["engagement"].nunique()
               .rename("engagements").reset_index())
    return counted.sort_values(["source_kind", "target_kind", "engagements", "mode"],
                               ascending=[True, True, False, True], kind="stable")
