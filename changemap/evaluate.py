"""Score extraction against hand-made gold annotations.

One YAML file per document in GOLD_DIR (format in ``eval/GOLD.md``):
``document`` (the key changemap gives it), ``organisations`` (name,
aliases), ``engagements`` (parties, mode, quote), ``moments`` (quote,
direction …), ``initiatives`` (name) and, optionally, ``recording_systems``
(operator, type) and ``data_flows`` (from, to).  For each type, predictions are the
graph's items cited from that document:

- organisations match when any of their names or aliases match, once case,
  punctuation and a leading "the" are folded;
- engagements match as unordered pairs of matched organisations plus mode;
- pivotal moments match by evidence: each passage cited for a moment is one
  prediction, matching a gold quote it overlaps (one contains the other, or
  they share a run of 40 characters) — one event told in three places is
  three moments to find;
- initiatives match by folded name, one containing the other;
- recording systems (optional key ``recording_systems``) match by operator
  (a matched organisation) and system type; data flows (``data_flows``) by the
  ordered pair of operators, sender first.  Systems and flows of generic actors
  ("the police") and systems of no type in the scheme are not predictions, as
  the gold cannot code them.  Only gold files with the key are scored for it.

Matching is one-to-one; precision, recall and F1 are summed over documents.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import pandas as pd
import yaml

from .errors import InputError
from .graph.store import GraphStore
from .ingest.resolve import name_key
from .ontology.lexicon import schemes

TYPES = ("organisations", "engagements", "moments", "initiatives")
OPTIONAL_TYPES = ("recording_systems", "data_flows")  # scored only for gold files that have the key
OVERLAP_CHARS = 40


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def row(self, kind: str) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"type": kind, "gold": self.tp + self.fn, "predicted": self.tp + self.fp, "matched": self.tp,
                "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def load_gold(gold_dir: Path | str) -> list[dict]:
    files = sorted(Path(gold_dir).glob("*.y*ml"))
    if not files:
        raise InputError(gold_dir, "no gold annotation files (*.yaml) here; see eval/GOLD.md for the format")
    out = []
    for f in files:
        try:
            data = yaml.safe_load(f.read_text(encoding="utf-8"))
        except yaml.YAMLError as err:
            raise InputError(f, f"not valid YAML ({err}); fix the file") from err
        if not isinstance(data, dict) or "document" not in data:
            raise InputError(f, "a gold file needs a 'document' key naming the document it annotates")
        _check_recording(f, data)
        out.append(data)
    return out


REQUIRED = {"recording_systems": ("operator", "type"), "data_flows": ("from", "to")}


def _check_recording(path: Path, data: dict) -> None:
    """The optional recording keys: a list of entries with the required fields and a known type."""
    types = set(schemes()["recording_system_type"].concepts)
    for key, fields in REQUIRED.items():
        entries = data.get(key)
        if entries is None:
            continue
        if not isinstance(entries, list):
            raise InputError(path, f"'{key}' must be a list of entries (or [] when there are none)")
        for n, entry in enumerate(entries, 1):
            missing = [k for k in fields if not isinstance(entry, dict) or not entry.get(k)]
            if missing:
                raise InputError(path, f"{key} entry {n} lacks {', '.join(missing)}; give "
                                       f"{' and '.join(fields)} (see eval/GOLD.md)")
            if key == "recording_systems" and entry["type"] not in types:
                raise InputError(path, f"recording_systems entry {n} has type '{entry['type']}'; "
                                       f"use one of: {', '.join(sorted(types))}")


def _forms(names) -> set[str]:
    return {name_key(n) for n in names if n}


def _predicted(store: GraphStore, document: str) -> dict[str, list]:
    doc = f'"{document}"'
    orgs = store.query(f"""
        SELECT ?s ?name (GROUP_CONCAT(DISTINCT ?alias; separator="|") AS ?aliases) WHERE {{
          ?s a cm:Stakeholder ; rdfs:label ?name ; prov:wasDerivedFrom ?ev .
          ?ev prov:wasQuotedFrom/dcterms:identifier {doc} .
          FILTER NOT EXISTS {{ ?s cm:isGeneric true }}
          OPTIONAL {{ ?s skos:altLabel ?alias }}
        }} GROUP BY ?s ?name""")
    links = store.query(f"""
        SELECT DISTINCT ?e ?a ?b ?mode WHERE {{
          ?e a cm:Engagement ; cm:party ?pa, ?pb ; cm:mode ?m ; prov:wasDerivedFrom ?ev .
          ?ev prov:wasQuotedFrom/dcterms:identifier {doc} .
          ?pa rdfs:label ?a . ?pb rdfs:label ?b . FILTER(STR(?pa) < STR(?pb))
          BIND(STRAFTER(STR(?m), STR(mode:)) AS ?mode)
        }}""")
    moments = store.query(f"""
        SELECT DISTINCT ?ev ?q WHERE {{
          ?m a cm:PivotalMoment ; prov:wasDerivedFrom ?ev .
          ?ev cm:quote ?q ; prov:wasQuotedFrom/dcterms:identifier {doc} .
        }}""")
    inits = store.query(f"""
        SELECT DISTINCT ?i ?name WHERE {{
          ?i a cm:Initiative ; rdfs:label ?name ; prov:wasDerivedFrom/prov:wasQuotedFrom/dcterms:identifier {doc} .
        }}""")
    systems = store.query(f"""
        SELECT DISTINCT ?sys ?operator ?type WHERE {{
          ?sys a cm:RecordingSystem ; cm:operatedBy ?op ; cm:systemType ?t ; prov:wasDerivedFrom ?ev .
          ?ev prov:wasQuotedFrom/dcterms:identifier {doc} .
          ?op rdfs:label ?operator . FILTER NOT EXISTS {{ ?op cm:isGeneric true }}
          BIND(STRAFTER(STR(?t), STR(rstype:)) AS ?type)
        }}""")
    flows = store.query(f"""
        SELECT DISTINCT ?f ?a ?b WHERE {{
          ?f a cm:DataFlow ; cm:fromSystem/cm:operatedBy ?pa ; cm:toSystem/cm:operatedBy ?pb ;
             prov:wasDerivedFrom/prov:wasQuotedFrom/dcterms:identifier {doc} .
          ?pa rdfs:label ?a . ?pb rdfs:label ?b .
          FILTER NOT EXISTS {{ ?pa cm:isGeneric true }} FILTER NOT EXISTS {{ ?pb cm:isGeneric true }}
        }}""")
    return {
        "recording_systems": [(r["operator"], r["type"]) for r in systems],
        "data_flows": [(r["a"], r["b"]) for r in flows],
        "organisations": [(r["name"], _forms([r["name"], *(r["aliases"] or "").split("|")])) for r in orgs],
        "engagements": [(r["a"], r["b"], r["mode"]) for r in links],
        "moments": [[r["q"]] for r in moments],  # each cited passage is one prediction
        "initiatives": [r["name"] for r in inits],
    }


def _overlaps(a: str, b: str) -> bool:
    a, b = " ".join(a.split()), " ".join(b.split())
    if a in b or b in a:
        return True
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size >= min(OVERLAP_CHARS, len(a), len(b))


def _match(gold: list, predicted: list, same) -> tuple[list, list]:
    """Greedy one-to-one matching; returns (unmatched gold, unmatched predicted)."""
    left = list(predicted)
    missed = []
    for g in gold:
        hit = next((p for p in left if same(g, p)), None)
        if hit is None:
            missed.append(g)
        else:
            left.remove(hit)
    return missed, left


def _match_orgs(gold: list, predicted: list, canon: dict[str, str]) -> tuple[list, list]:
    """One-to-one matching of (name, forms) pairs that share a form; fills ``canon``.

    Where several predicted entities share a form with a gold organisation,
    the one sharing the gold name itself, then the most forms, is taken: a
    stray "Service" must not take the place of "Federal Prosecution Service"
    when both carry "the Service".
    """
    left = list(predicted)
    missed = []
    for g in gold:
        name = name_key(g[0])
        candidates = [p for p in left if g[1] & p[1]]
        if not candidates:
            missed.append(g)
            continue
        hit = max(candidates, key=lambda p: (name in p[1], len(g[1] & p[1]), -left.index(p)))
        canon.update(dict.fromkeys(g[1], hit[0]))
        left.remove(hit)
    return missed, left


def _init_same(g: dict, p: str) -> bool:
    a, b = name_key(str(g.get("name", ""))), name_key(p)
    return bool(a and b) and (a in b or b in a)


def evaluate(gold_dir: Path | str, store: GraphStore | Path | str) -> tuple[pd.DataFrame, dict[str, Tally]]:
    """Scores per type (a DataFrame) and the tallies with what was missed or extra."""
    store = store if isinstance(store, GraphStore) else GraphStore.open(store)
    tallies: dict[str, Tally] = defaultdict(Tally)
    for gold in load_gold(gold_dir):
        doc = str(gold["document"])
        pred = _predicted(store, doc)
        # Organisations: gold forms → the predicted entity they matched.
        gold_orgs = [(o["name"], _forms([o["name"], *(o.get("aliases") or [])]))
                     for o in gold.get("organisations") or []]
        canon: dict[str, str] = {}  # every folded gold name or alias -> the predicted name it matched

        missed, extra = _match_orgs(gold_orgs, pred["organisations"], canon)
        _tally(tallies["organisations"], doc, gold_orgs, missed, extra, lambda x: x[0])
        gold_links = []
        for e in gold.get("engagements") or []:
            a, b = (canon.get(name_key(p), p) for p in e["parties"])
            gold_links.append((a, b, e["mode"]))
        missed, extra = _match(gold_links, pred["engagements"],
                               lambda g, p: {g[0], g[1]} == {p[0], p[1]} and g[2] == p[2])
        _tally(tallies["engagements"], doc, gold_links, missed, extra, lambda x: f"{x[0]} + {x[1]} ({x[2]})")
        gold_moments = [m["quote"] for m in gold.get("moments") or []]
        missed, extra = _match(gold_moments, pred["moments"], lambda g, p: any(_overlaps(g, q) for q in p))
        _tally(tallies["moments"], doc, gold_moments, missed, extra, lambda x: (x if isinstance(x, str) else x[0])[:80])
        gold_inits = list(gold.get("initiatives") or [])
        missed, extra = _match(gold_inits, pred["initiatives"], _init_same)
        _tally(tallies["initiatives"], doc, gold_inits, missed, extra,
               lambda x: x["name"] if isinstance(x, dict) else x)
        _score_recording(gold, doc, pred, canon, tallies)
    frame = pd.DataFrame([tallies[t].row(t) for t in TYPES + OPTIONAL_TYPES if t in TYPES or t in tallies])
    return frame, dict(tallies)


def _score_recording(gold: dict, doc: str, pred: dict, canon: dict[str, str], tallies: dict[str, Tally]) -> None:
    """Recording systems by operator and type; data flows by (sender, receiver) — for files with the keys."""
    def same_org(g: str, p: str) -> bool:
        return name_key(canon.get(name_key(g), g)) == name_key(p)

    if "recording_systems" in gold:
        wanted = [(s["operator"], s["type"]) for s in gold.get("recording_systems") or []]
        missed, extra = _match(wanted, pred["recording_systems"], lambda g, p: g[1] == p[1] and same_org(g[0], p[0]))
        _tally(tallies["recording_systems"], doc, wanted, missed, extra, lambda x: f"{x[0]} ({x[1]})")
    if "data_flows" in gold:
        wanted = [(f["from"], f["to"]) for f in gold.get("data_flows") or []]
        missed, extra = _match(wanted, pred["data_flows"], lambda g, p: same_org(g[0], p[0]) and same_org(g[1], p[1]))
        _tally(tallies["data_flows"], doc, wanted, missed, extra, lambda x: f"{x[0]} -> {x[1]}")


def _tally(t: Tally, doc: str, gold: list, missed: list, extra: list, show) -> None:
    t.tp += len(gold) - len(missed)
    t.fn += len(missed)
    t.fp += len(extra)
    t.misses += [f"{doc}: {show(x)}" for x in missed]
    t.extras += [f"{doc}: {show(x)}" for x in extra]
