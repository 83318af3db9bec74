"""Python steps of the quote-bearing queries (``ego``, ``evidence``).

SPARQL returns one row per piece of evidence; these steps shape that into
what a reader wants: for ``ego`` one row per partner, initiative or moment
with its strongest quote and the number of quotes behind it; for
``evidence`` a readable name for each node or engagement.
"""

from __future__ import annotations

import pandas as pd

from ..graph.facts import Facts

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
    out = []
    for _, group in frame.groupby(["relation", "item"], sort=False, dropna=False):
        first = group.iloc[0]
        quotes = group.dropna(subset=["quote"]).drop_duplicates("ev")
        best = None
        if not quotes.empty:
            ranked = sorted(quotes.to_dict(orient="records"),
                            key=lambda r: (-len(r["quote"]), _text(r["document"]), r["start"] or 0))
            best = ranked[0]
        out.append({
            "relation": first["relation"], "name": first["name"], "kind": _text(first["kind"]),
            "mode": _text(first["mode"]),
            "sentiment": next((s for s in group["sentiment"] if isinstance(s, str)), ""),
            "date": _years([d for d in group["date"] if isinstance(d, str)]),
            "evidence_count": len(quotes),
            "quote": best["quote"] if best else "", "document": _text(best["document"]) if best else "",
            "start": int(best["start"]) if best and pd.notna(best["start"]) else None,
        })
    rows = pd.DataFrame(out, columns=EGO_COLUMNS)
    rank = {r: i for i, r in enumerate(EGO_ORDER)}
    rows["_order"] = [rank.get(r, len(rank)) for r in rows["relation"]]
    rows = rows.sort_values(["_order", "name", "mode"], kind="stable").drop(columns="_order")
    rows["start"] = rows["start"].astype("Int64")
    return rows


def evidence(facts: Facts, frame: pd.DataFrame, values: dict[str, str]) -> pd.DataFrame:
    """Name each row's node: its label, or for an engagement 'A — B (mode)'."""
    subjects, types = [], []
    for label, parties, mode, type_ in zip(frame["subject"], frame["parties"], frame["mode"], frame["type"],
                                           strict=True):
        if isinstance(parties, str) and parties:
            label = " — ".join(sorted(set(parties.split("|")))) + (f" ({mode})" if isinstance(mode, str) else "")
        subjects.append(_text(label))
        names = set(_text(type_).split("|")) - {""}
        types.append(", ".join(sorted(names - _GENERAL or names)))
    frame = frame.assign(subject=subjects, type=types).drop(columns=["parties", "mode"])
    for c in ("speaker", "approval", "extracted_by"):
        frame[c] = [_text(v) for v in frame[c]]
    # One quote can be found by several rules: one row per quote, its rules joined.
    keys = [c for c in frame.columns if c != "extracted_by"]
    frame = (frame.groupby(keys, sort=False, dropna=False)["extracted_by"]
             .agg(lambda v: ", ".join(sorted(set(v) - {""}))).reset_index())
    for c in ("start", "end"):
        frame[c] = frame[c].astype("Int64")
    return frame.sort_values(["subject", "document", "start", "end", "quote"], kind="stable")
