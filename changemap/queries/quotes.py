"""Python steps of the quote-bearing queries (``ego``, ``evidence``).

SPARQL returns one row per piece of evidence; these steps shape that into
what a reader wants: for ``ego`` one row per partner, initiative or moment
with its strongest quote and the number of quotes behind it; for
``evidence`` a readable name for each node or engagement.
"""

from __future__ import annotations

import pandas as pd
import pyoxigraph as ox

from ..graph.facts import Facts
from ..graph.store import GraphStore

EGO_ORDER = ("partner", "runs initiative", "partner in initiative", "pivotal moment", "serves target group")
EGO_COLUMNS = ["relation", "name", "kind", "mode", "sentiment", "date", "evidence_count", "quote", "document",
               "start"]
# The most general classes: a node typed with a subclass as well is shown by the subclass.
_GENERAL = {"Stakeholder"}


def _text(v: object) -> str:
    return v if isinstance(v, str) else ""


def _years(values: list[str]) -> str:
    dates = sorted({v for v in values if v})
    if not dates:
        return ""
    return dates[0] if len(dates) == 1 else f"{dates[0]}–{dates[-1]}"


def ego(facts: Facts, frame: pd.DataFrame, values: dict[str, str]) -> pd.DataFrame:
    """One row per related item: the longest quote (the fullest statement; the
    others are often the bare name) and how many quotes back the item."""
    keys = ["relation", "item"]
    frame = frame.assign(_n=range(len(frame)))
    out = frame.drop_duplicates(keys)[[*keys, "name", "kind", "mode", "_n"]].set_index(keys)
    out["sentiment"] = frame.groupby(keys, sort=False)["sentiment"].first()  # the first one given
    dated = frame.dropna(subset=["date"]).groupby(keys)["date"]
    first, last = dated.min(), dated.max()
    out["date"] = [(a if a == b else f"{a}–{b}") if isinstance(a, str) else ""
                   for a, b in zip(first.reindex(out.index), last.reindex(out.index), strict=True)]
    quotes = frame.dropna(subset=["quote"]).drop_duplicates([*keys, "ev"])
    out["evidence_count"] = quotes.groupby(keys).size().reindex(out.index, fill_value=0)
    best = (quotes.assign(_len=-quotes["quote"].str.len(), _doc=quotes["document"].fillna(""),
                          _start=quotes["start"].fillna(0))
            .sort_values([*keys, "_len", "_doc", "_start"], kind="stable").drop_duplicates(keys)
            .set_index(keys))
    out = out.join(best[["quote", "document", "start"]])
    out = out.sort_values("_n").reset_index()
    for c in ("kind", "mode", "sentiment", "quote", "document"):
        out[c] = [_text(v) for v in out[c]]
    rows = out.reindex(columns=EGO_COLUMNS)
    rank = {r: i for i, r in enumerate(EGO_ORDER)}
    rows["_order"] = [rank.get(r, len(rank)) for r in rows["relation"]]
    rows = rows.sort_values(["_order", "name", "mode"], kind="stable").drop(columns="_order")
    rows["start"] = pd.to_numeric(rows["start"]).astype("Int64")
    rows["evidence_count"] = rows["evidence_count"].astype(int)
    return rows


_NODE = """SELECT ?node ?subject ?type ?mode ?party WHERE {
  { ?node rdfs:label ?subject }
  UNION { ?node a ?t . FILTER(STRSTARTS(STR(?t), STR(cm:))) BIND(STRAFTER(STR(?t), STR(cm:)) AS ?type) }
  UNION { ?node cm:mode ?m . BIND(STRAFTER(STR(?m), STR(mode:)) AS ?mode) }
  UNION { ?node cm:party/rdfs:label ?party }
}"""
EVIDENCE_COLUMNS = ["node", "subject", "type", "quote", "document", "start", "end", "speaker", "approval",
                    "extracted_by"]


def describe(store: GraphStore, node: str) -> tuple[str, str]:
    """A node's name and classes for a reader: its label, or for an engagement
    'A — B (mode)'; the changemap classes it has, the most specific ones."""
    rows = store.query(_NODE, bindings={"node": ox.NamedNode(node)})
    found: dict[str, set[str]] = {k: {r[k] for r in rows if isinstance(r[k], str)}
                                  for k in ("subject", "type", "mode", "party")}
    label = min(found["subject"], default="")
    if found["party"]:
        mode = min(found["mode"], default="")
        label = " — ".join(sorted(found["party"])) + (f" ({mode})" if mode else "")
    return label, ", ".join(sorted(found["type"] - _GENERAL or found["type"]))


def evidence(facts: Facts, frame: pd.DataFrame, values: dict[str, str]) -> pd.DataFrame:
    """One row per quote behind the node (or edge), named; a quote found by several
    extraction rules once, with the rules joined."""
    named = {node: describe(facts.store, node) for node in dict.fromkeys(frame["node"])}
    frame = frame.assign(subject=[named[n][0] for n in frame["node"]], type=[named[n][1] for n in frame["node"]])
    for c in ("speaker", "approval", "extracted_by"):
        frame[c] = [_text(v) for v in frame[c]]
    keys = [c for c in EVIDENCE_COLUMNS if c != "extracted_by"]
    rules: dict[tuple, set[str]] = {}
    cells = frame[keys].astype(object)
    cells = cells.where(cells.notna(), None)  # NaN is not equal to itself: a missing cell as None
    for key, rule in zip(cells.itertuples(index=False, name=None), frame["extracted_by"], strict=True):
        rules.setdefault(key, set()).add(rule)
    frame = pd.DataFrame([(*key, ", ".join(sorted(r - {""}))) for key, r in rules.items()], columns=EVIDENCE_COLUMNS)
    for c in ("start", "end"):
        frame[c] = frame[c].astype("Int64")
    return frame.sort_values(["subject", "document", "start", "end", "quote"], kind="stable")
