"""The review loop: export candidates to a spreadsheet, take decisions back.

``changemap review export -g OUT -o review.csv`` writes one row per
stakeholder, engagement, initiative and pivotal moment, and one per quote
awaiting approval.  A reviewer fills the ``decision`` column (and ``value``
where the decision needs one):

==========  ==========================================  =====================
decision    applies to                                  value
==========  ==========================================  =====================
accept      anything                                    —
reject      stakeholder, engagement, initiative, moment —
rename      stakeholder, initiative                     the new name
merge       stakeholder                                 the name to merge into
retype      stakeholder (kind), engagement (mode),      the new concept key or
            initiative (type), moment (direction)       label
approve     quote                                       —
==========  ==========================================  =====================

``changemap review apply review.csv`` adds the decisions to a decisions file
(``changemap-decisions.yaml`` by default) that every later ``changemap
build`` applies, so they survive rebuilds; it then rebuilds the output
folder from the inputs recorded in its ``build.json``.  Items are keyed by
stable names (a stakeholder by its name, an engagement by its two parties
and mode, a quote by document and character span), not by row numbers.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .atomic import write_text
from .errors import InputError, VocabularyError
from .graph.store import GraphStore
from .ontology.lexicon import concept
from .output import guard_cell

DEFAULT_DECISIONS = Path("changemap-decisions.yaml")
COLUMNS = ["id", "type", "name", "kind", "confidence", "evidence", "source", "decision", "value"]
DECISIONS = {"accept", "reject", "rename", "merge", "retype", "approve"}
SECTIONS = {"stakeholder": "stakeholders", "engagement": "engagements", "initiative": "initiatives",
            "moment": "moments", "quote": "quotes"}
RETYPE_SCHEME = {"stakeholder": "kind", "engagement": "mode", "initiative": "initiative_type",
                 "moment": "direction"}


@dataclass
class Decisions:
    """Reviewer decisions by section, then by item key: {"decision": ..., "value": ...}."""

    sections: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    path: Path | None = None

    def get(self, section: str, key: str) -> dict[str, str] | None:
        return self.sections.get(section, {}).get(key)

    def of(self, section: str, decision: str) -> dict[str, dict[str, str]]:
        return {k: v for k, v in self.sections.get(section, {}).items() if v.get("decision") == decision}

    def __len__(self) -> int:
        return sum(len(v) for v in self.sections.values())


def load_decisions(path: Path | str | None) -> Decisions:
    """Read a decisions file; a missing default file means no decisions."""
    if path is None:
        return Decisions()
    path = Path(path)
    if not path.exists():
        return Decisions(path=path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise InputError(path, f"decisions file is not valid YAML ({err}); fix it or delete it") from err
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise InputError(path, "decisions file must map sections (stakeholders, engagements, …) to items")
    return Decisions({s: {str(k): dict(v) for k, v in items.items()} for s, items in data.items()}, path)


def engagement_key(a: str, b: str, mode: str) -> str:
    first, second = sorted((a, b))
    return f"{first} | {second} | {mode}"


def moment_key(label: str, date: str | None) -> str:
    return f"{label} | {date or ''}"


def quote_key(document: str, start: int, end: int) -> str:
    return f"{document}#{start}-{end}"


def export_rows(store: GraphStore) -> list[dict[str, object]]:
    """Review rows for everything in a built graph (quotes: only those awaiting approval)."""
    first_quote = """OPTIONAL { SELECT ?x (MIN(?k) AS ?src) (SAMPLE(?q) AS ?quote) (MAX(?c) AS ?conf) WHERE {
                       ?x prov:wasDerivedFrom ?ev . ?ev cm:quote ?q ; cm:confidence ?c ;
                       prov:wasQuotedFrom/dcterms:identifier ?d ; oa:hasSelector ?sel .
                       ?sel oa:start ?s ; oa:end ?e .
                       BIND(CONCAT(?d, "#", STR(?s), "-", STR(?e)) AS ?k) } GROUP BY ?x }"""
    rows: list[dict[str, object]] = []
    for r in store.query(f"""SELECT ?x ?name ?kind ?src ?quote ?conf WHERE {{
            ?x a cm:Stakeholder ; rdfs:label ?name ; cm:kind ?k .
            BIND(STRAFTER(STR(?k), STR(kind:)) AS ?kind) {first_quote} }} ORDER BY ?name"""):
        rows.append(_row("stakeholder", r["name"], r["name"], r["kind"], r))
    for r in store.query(f"""SELECT ?x ?a ?b ?mode ?src ?quote ?conf WHERE {{
            ?x a cm:Engagement ; cm:party ?pa, ?pb ; cm:mode ?m . FILTER(STR(?pa) < STR(?pb))
            ?pa rdfs:label ?a . ?pb rdfs:label ?b . BIND(STRAFTER(STR(?m), STR(mode:)) AS ?mode)
            {first_quote} }} ORDER BY ?a ?b ?mode"""):
        rows.append(_row("engagement", engagement_key(r["a"], r["b"], r["mode"]),
                         f"{r['a']} — {r['b']}", r["mode"], r))
    for r in store.query(f"""SELECT ?x ?name ?type ?src ?quote ?conf WHERE {{
            ?x a cm:Initiative ; rdfs:label ?name .
            OPTIONAL {{ ?x cm:initiativeType ?t . BIND(STRAFTER(STR(?t), STR(itype:)) AS ?type) }}
            {first_quote} }} ORDER BY ?name"""):
        rows.append(_row("initiative", r["name"], r["name"], r["type"], r))
    for r in store.query(f"""SELECT ?x ?label ?date ?dir ?src ?quote ?conf WHERE {{
            ?x a cm:PivotalMoment ; rdfs:label ?label ; cm:direction ?d .
            OPTIONAL {{ ?x sem:hasTimeStamp ?date }}
            BIND(STRAFTER(STR(?d), STR(direction:)) AS ?dir) {first_quote} }} ORDER BY ?date ?label"""):
        rows.append(_row("moment", moment_key(r["label"], r["date"]), r["label"], r["dir"], r))
    for r in store.query("""SELECT DISTINCT ?d ?s ?e ?quote ?conf WHERE {
            ?ev a cm:Evidence ; cm:approval approval:pending ; cm:quote ?quote ; cm:confidence ?conf ;
                prov:wasQuotedFrom ?doc ; oa:hasSelector ?sel .
            ?doc dcterms:identifier ?d ; cm:documentKind ?k . FILTER(?k IN (dockind:transcript, dockind:text))
            ?sel oa:start ?s ; oa:end ?e } ORDER BY ?d ?s"""):
        key = quote_key(r["d"], r["s"], r["e"])
        rows.append({"id": key, "type": "quote", "name": "", "kind": "", "confidence": r["conf"],
                     "evidence": r["quote"], "source": key, "decision": "", "value": ""})
    return rows


def _row(kind: str, key: str, name: str, sub: object, r: dict) -> dict[str, object]:
    return {"id": key, "type": kind, "name": name, "kind": sub or "", "confidence": r.get("conf") or "",
            "evidence": r.get("quote") or "", "source": r.get("src") or "", "decision": "", "value": ""}


def export_review(store: GraphStore, path: Path | str) -> int:
    """Write the review spreadsheet; returns the number of rows."""
    rows = export_rows(store)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: guard_cell(v) for k, v in row.items()})
    write_text(path, buf.getvalue())
    return len(rows)


def read_review(path: Path | str) -> Decisions:
    """The decisions filled in a review spreadsheet (rows without a decision are skipped)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise InputError(path, f"cannot read the review file ({err.strerror})") from err
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("id", "type", "decision") if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(path, f"column(s) {', '.join(missing)} missing; export a fresh file with "
                               "'changemap review export'")
    out = Decisions()
    for line, row in enumerate(reader, start=2):
        decision = (row.get("decision") or "").strip().lower()
        if not decision:
            continue
        kind, value = (row.get("type") or "").strip(), (row.get("value") or "").strip()
        if decision not in DECISIONS:
            raise InputError(path, f"unknown decision '{decision}'; use one of: {', '.join(sorted(DECISIONS))}",
                             line)
        if kind not in SECTIONS:
            raise InputError(path, f"unknown type '{kind}'; use one of: {', '.join(SECTIONS)}", line)
        if decision in {"rename", "merge", "retype"} and not value:
            raise InputError(path, f"'{decision}' needs the new name or type in the value column", line)
        if decision == "retype":
            try:
                value = concept(RETYPE_SCHEME[kind], value)
            except (KeyError, VocabularyError) as err:
                raise InputError(path, f"cannot retype a {kind} to '{value}': {err}", line) from err
        item = {"decision": decision, **({"value": value} if value else {})}
        key = (row.get("id") or "").removeprefix("'")
        out.sections.setdefault(SECTIONS[kind], {})[key] = item
    return out


def merge_into_file(new: Decisions, path: Path | str) -> Decisions:
    """Add ``new`` decisions to the file at ``path`` (later decisions win) and save it."""
    current = load_decisions(path)
    for section, items in new.sections.items():
        current.sections.setdefault(section, {}).update(items)
    body = {s: dict(sorted(items.items())) for s, items in sorted(current.sections.items())}
    header = "# changemap review decisions: applied by every 'changemap build' that uses this file.\n"
    write_text(path, header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True))
    current.path = Path(path)
    return current
