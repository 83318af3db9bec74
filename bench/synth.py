"""Deterministic synthetic corpora in the formats of ``examples/``.

``generate(out, documents=N, stakeholders=M, seed=S)`` writes

* ``stakeholders.csv`` - a register (``name,kind,aliases,target_groups``) of M
  invented organisations with acronym and short-name aliases;
* ``engagements.csv`` - ``source,target,mode,year,sentiment,evidence`` rows
  (about 3 x M unless ``engagements`` is given), parties named by name or alias;
* ``timeline.csv`` - pivotal moments (``date,label,direction,drivers,actors,evidence``);
* N text documents: interview transcripts (``transcripts/*.md``, Markdown with
  YAML front matter and ``Interviewer:``/``Respondent:`` turns) and about one
  workshop summary per ten documents (``summaries/*.txt``).

Every sentence comes from the templates below, filled by a single
``random.Random(seed)``: the same arguments give byte-identical files.
Concept keys (kinds, modes, target groups, drivers, sentiments, directions)
come from the packaged SKOS schemes via :func:`changemap.ontology.lexicon.schemes`.

Names are chosen so that changemap's resolver keeps them apart: every name and
alias has a distinct name key and no two long keys are as close as the
resolver's fuzzy threshold, so a build finds exactly M stakeholders.

Run ``python -m bench.synth OUT --documents 50 --stakeholders 200 --seed 1``.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from changemap.errors import VocabularyError
from changemap.ingest.resolve import FUZZY_THRESHOLD, name_key
from changemap.ontology.lexicon import concept, schemes

from .synth_text import (
    _SMALL_WORDS,
    CLOSING_ANSWER,
    COUNTRIES,
    CSO_ADJECTIVES,
    CSO_HEADS,
    ENGAGEMENT_NOTES,
    EVENT_TYPES,
    FILLER_SENTENCES,
    FINDINGS,
    FOCUS,
    GENERIC_MODE_SENTENCE,
    GROUP_SENTENCES,
    KIND_PATTERNS,
    MODE_SENTENCES,
    MOMENT_NOTES,
    MOMENTS,
    MONTHS,
    PLACES,
    PORTFOLIOS,
    QUESTIONS,
    ROLES,
    SENTIMENT_SENTENCES,
    SUB_FINDINGS,
    SURNAMES,
    THEMES,
    TOPICS,
    YEAR_SENTENCES,
)

_GROUP_PHRASE = re.compile(r"\b(people|communities|community|women|victims|families)$")


@dataclass
class Vocab:
    kinds: list[str]
    modes: list[str]
    mode_labels: dict[str, str]
    target_groups: list[str]
    group_phrases: list[str]
    drivers: list[str]
    sentiments: list[str]
    directions: list[str]
    reserved: set[str] = field(default_factory=set)


def load_vocab() -> Vocab:
    sch = schemes()
    tg = sch["target_group"]
    phrases = []
    for key in sorted(tg.concepts):
        # Alternative labels are written in running-text case ("disabled people", "Roma people").
        phrases += sorted(lab for lab in tg.concepts[key].alt_labels
                          if _GROUP_PHRASE.search(lab.lower()) and "&" not in lab
                          and not lab.startswith("gender"))
    # Upper-case words used anywhere in labels must never be generated as acronyms.
    reserved = set()
    for scheme in sch.values():
        for c in scheme.concepts.values():
            for lab in (c.pref_label, *c.alt_labels):
                reserved.update(w for w in re.findall(r"[A-Za-z+]+", lab) if w.isupper())
    return Vocab(
        kinds=sorted(sch["kind"].concepts),
        modes=sorted(sch["mode"].concepts),
        mode_labels={k: c.pref_label.lower() for k, c in sch["mode"].concepts.items()},
        target_groups=sorted(tg.concepts),
        group_phrases=phrases,
        drivers=sorted(sch["driver"].concepts),
        sentiments=sorted(sch["sentiment"].concepts),
        directions=sorted(sch["direction"].concepts),
        reserved=reserved | {"THE", "AND", "FOR", "NOT", "YES", "ONE", "TWO", "OK", "CEO", "ID", "UK"},
    )


# ---------------------------------------------------------------------------
# The register
# ---------------------------------------------------------------------------


_ARTICLE_KINDS = {"public-authority", "international-body"}


@dataclass
class Org:
    name: str
    kind: str
    aliases: list[str]
    target_groups: list[str]

    def mention(self, rng: random.Random, article: bool = False) -> str:
        """The name or (less often) one of the aliases, as people write them.

        With ``article``, public bodies named in full get "the" as they would in a sentence.
        """
        if self.aliases and rng.random() < 0.4:
            return rng.choice(self.aliases)
        if article and (self.kind in _ARTICLE_KINDS or self.name.startswith("University")):
            return "the " + self.name
        return self.name


class _Names:
    """Name keys already taken, with a fuzzy check like the resolver's."""

    def __init__(self, reserved: set[str]):
        self.keys: set[str] = set()
        self.long: list[str] = []
        self.reserved = reserved

    def free(self, text: str) -> bool:
        key = name_key(text)
        if not key or key in self.keys or text in self.reserved:
            return False
        if len(key) >= 8 and self.long and process.extractOne(
                key, self.long, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_THRESHOLD - 1):
            return False
        return True

    def take(self, text: str) -> None:
        key = name_key(text)
        self.keys.add(key)
        if len(key) >= 8:
            self.long.append(key)


def _acronym(name: str) -> str:
    words = re.findall(r"[A-Za-z][A-Za-z'’]*", name)
    return "".join(w[0].upper() for w in words if w.lower() not in _SMALL_WORDS)


def _short_form(name: str, kind: str, fill: dict[str, str]) -> str | None:
    if kind == "public-authority":
        for long, short in (("Police Service", "Police"), ("City Council", "Council"),
                            ("District Council", "Council"), ("County Council", "County"),
                            ("Education Authority", "Education"), ("Probation Service", "Probation"),
                            ("Fire and Rescue Service", "Fire Service"),
                            ("Public Prosecutor's Office", "Prosecutors"), ("Housing Authority", "Housing")):
            if name.endswith(long) and fill.get("P"):
                return f"{fill['P']} {short}"
        if name.startswith("Ministry of ") and " and " not in name:
            return f"the {fill['O']} Ministry".replace("the the ", "the ")
        return None
    if kind == "cso" and fill.get("P") and fill.get("F"):
        return f"{fill['F']} {fill['H']}" if name.startswith(fill["P"]) else f"{fill['P']} {fill['H']}"
    if kind == "cso" and fill.get("A") and fill.get("F"):
        return f"{fill['A']} {fill['F']}"
    if kind == "private" and fill.get("S"):
        return fill["S"]
    return None


def make_register(rng: random.Random, vocab: Vocab, count: int) -> list[Org]:
    kinds = {}
    for label, _w, _p in KIND_PATTERNS:
        try:
            kinds[label] = concept("kind", label)
        except VocabularyError:  # a scheme without this kind: skip its patterns
            continue
    table = [(kinds[label], w, p) for label, w, p in KIND_PATTERNS if label in kinds]
    weights = [w for _k, w, _p in table]
    groups_for_focus = {}
    for focus, labels in FOCUS:
        found = []
        for lab in labels:
            key = schemes()["target_group"].lookup(lab)
            if key and key not in found:
                found.append(key)
        groups_for_focus[focus] = found
    names = _Names(vocab.reserved)
    orgs: list[Org] = []
    attempts = 0
    while len(orgs) < count:
        attempts += 1
        if attempts > count * 200:
            raise RuntimeError(f"cannot invent {count} distinct organisation names; ask for fewer")
        kind, _w, patterns = rng.choices(table, weights)[0]
        pattern = rng.choice(patterns)
        focus = rng.choice(FOCUS)[0]
        o1, o2 = rng.sample(PORTFOLIOS, 2)
        s1, s2 = rng.sample(SURNAMES, 2)
        fill = {"P": rng.choice(PLACES), "F": focus, "H": rng.choice(CSO_HEADS),
                "A": rng.choice(CSO_ADJECTIVES), "O": o1, "O2": o2, "T": rng.choice(TOPICS),
                "S": s1, "S2": s2}
        name = pattern.replace("{O2}", o2).replace("{S2}", s2)
        for k, v in fill.items():
            name = name.replace("{" + k + "}", v)
        used = {k: v for k, v in fill.items() if "{" + k + "}" in pattern}
        if not names.free(name):
            continue
        names.take(name)
        aliases = []
        acr = _acronym(name)
        if 3 <= len(acr) <= 6 and names.free(acr):
            names.take(acr)
            aliases.append(acr)
        short = _short_form(name, kind, used)
        if short and rng.random() < 0.7 and names.free(short):
            names.take(short)
            aliases.append(short)
        groups = list(groups_for_focus.get(focus, [])) if "{F}" in pattern else []
        if kind == "cso" and (not groups or rng.random() < 0.2):
            extra = rng.choice(vocab.target_groups)
            if extra not in groups:
                groups.append(extra)
        orgs.append(Org(name, kind, aliases, groups))
    return orgs


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerows(rows)
    return buf.getvalue()


def _pair(rng: random.Random, orgs: list[Org], by_kind: dict[str, list[Org]]) -> tuple[Org, Org]:
    """Two different organisations, most often a CSO and a public authority."""
    cso, auth = by_kind.get("cso", []), by_kind.get("public-authority", [])
    while True:
        if cso and auth and rng.random() < 0.6:
            a, b = rng.choice(cso), rng.choice(auth)
            if rng.random() < 0.5:
                a, b = b, a
        else:
            a, b = rng.choice(orgs), rng.choice(orgs)
        if a is not b:
            return a, b


def engagements_csv(rng: random.Random, vocab: Vocab, orgs: list[Org], by_kind: dict[str, list[Org]],
                    rows: int) -> str:
    out = [["source", "target", "mode", "year", "sentiment", "evidence"]]
    for _ in range(rows):
        a, b = _pair(rng, orgs, by_kind)
        mode = rng.choice(vocab.modes)
        note = rng.choice(ENGAGEMENT_NOTES.get(mode, [f"Recorded {vocab.mode_labels[mode]} contact."]))
        out.append([a.mention(rng), b.mention(rng), mode, str(rng.randint(2008, 2024)),
                    rng.choice(vocab.sentiments), note])
    return _csv(out)


def timeline_csv(rng: random.Random, vocab: Vocab, orgs: list[Org], country: str, rows: int) -> str:
    out = [["date", "label", "direction", "drivers", "actors", "evidence"]]
    seen = set()
    while len(out) <= rows:
        driver = rng.choice(vocab.drivers)
        actors = rng.sample(orgs, min(len(orgs), rng.randint(1, 3)))
        template, direction = rng.choice(MOMENTS.get(driver, [("Turning point for {org}", None)]))
        direction = concept("direction", direction or ("backward" if rng.random() < 0.3 else "forward"))
        label = template.format(org=actors[0].name, place=rng.choice(PLACES), country=country)
        year = rng.randint(2008, 2024)
        date = rng.choice([f"{year}", f"{year}-{rng.randint(1, 12):02d}",
                           f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])
        if (label, date[:4]) in seen:
            continue
        seen.add((label, date[:4]))
        drivers = [driver] + ([rng.choice(vocab.drivers)] if rng.random() < 0.3 else [])
        out.append([date, label, direction, ";".join(dict.fromkeys(drivers)),
                    ";".join(a.mention(rng) for a in actors), rng.choice(MOMENT_NOTES)])
    return _csv(out)


class _Filler:
    """Fills one template's slots from a set of organisations."""

    def __init__(self, rng: random.Random, vocab: Vocab, circle: list[Org]):
        self.rng, self.vocab, self.circle = rng, vocab, circle

    def __call__(self, template: str, **extra: str) -> str:
        rng = self.rng
        a, b = rng.sample(self.circle, 2) if len(self.circle) > 1 else (self.circle[0], self.circle[0])
        org, org2 = a.mention(rng, article=True), b.mention(rng, article=True)
        values = {
            "org": org, "org2": org2, "Org": org[:1].upper() + org[1:],
            "group": rng.choice(self.vocab.group_phrases), "year": str(rng.randint(2010, 2024)),
            "place": rng.choice(PLACES), **extra,
        }
        text = template.format(**values)
        return text[:1].upper() + text[1:]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].rstrip("-")


def transcript(rng: random.Random, vocab: Vocab, orgs: list[Org], number: int,
               country: str) -> tuple[str, str]:
    own = rng.choice(orgs)
    circle = [own] + rng.sample(orgs, min(len(orgs), rng.randint(6, 14)))
    fill = _Filler(rng, vocab, circle)
    role = rng.choice(ROLES.get(own.kind, ROLES["other"]))
    code = f"T{number:04d}"
    year = rng.randint(2022, 2025)
    lines = [
        "---",
        f'title: "Interview {code} with a member of staff at {own.name}"',
        f'pseudonym: "Interviewee {code}"',
        f'organisation: "{own.name}"',
        f"organisation_kind: {own.kind}",
        f'role: "{role}"',
        f'country: "{country}"',
        f"date: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        f"consent: {'approved' if rng.random() < 0.9 else 'pending'}",
        f'interviewer: "Researcher R{rng.randint(1, 6)}"',
        "---",
        "",
        f"# Interview {code} - {own.name}",
        "",
    ]
    since = rng.randint(2005, 2021)
    first = (f"I am the {role.lower()} at {own.name}, and I have been there since {since}. "
             f"Most of my time goes on {rng.choice(vocab.group_phrases)} and the cases they bring to us.")
    questions = [QUESTIONS[0]] + rng.sample(QUESTIONS[1:-1], rng.randint(10, 15)) + [QUESTIONS[-1]]
    for i, q in enumerate(questions):
        lines += [f"Interviewer: {q}", ""]
        if i == 0:
            paragraphs = [first + " " + " ".join(_sentences(rng, vocab, fill, 3))]
        elif i == len(questions) - 1:
            paragraphs = [CLOSING_ANSWER]
        else:
            paragraphs = [" ".join(_sentences(rng, vocab, fill, rng.randint(4, 8)))
                          for _ in range(1 if rng.random() < 0.6 else 2)]
        lines += [f"Respondent: {paragraphs[0]}", ""]
        for p in paragraphs[1:]:
            lines += [p, ""]
    return f"t{number:04d}-{_slug(own.name)}.md", "\n".join(lines)


def _sentences(rng: random.Random, vocab: Vocab, fill: _Filler, n: int) -> list[str]:
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.35:
            mode = rng.choice(vocab.modes)
            template = rng.choice(MODE_SENTENCES.get(mode) or [GENERIC_MODE_SENTENCE])
            out.append(fill(template, label=vocab.mode_labels[mode]))
            if rng.random() < 0.5:
                out.append(rng.choice(SENTIMENT_SENTENCES.get(rng.choice(vocab.sentiments), [""])))
        elif r < 0.5:
            out.append(fill(rng.choice(GROUP_SENTENCES)))
        elif r < 0.6:
            out.append(fill(rng.choice(YEAR_SENTENCES)))
        else:
            out.append(rng.choice(FILLER_SENTENCES))
    return list(dict.fromkeys(s for s in out if s))  # no sentence twice in one paragraph


_MARKERS = ["-", "•", "*", "–"]


def summary(rng: random.Random, vocab: Vocab, orgs: list[Org], number: int,
            titles: set[str]) -> tuple[str, str]:
    circle = rng.sample(orgs, min(len(orgs), rng.randint(8, 16)))
    fill = _Filler(rng, vocab, circle)
    while True:
        place, year = rng.choice(PLACES), rng.randint(2016, 2025)
        title = f"{place} {rng.choice(EVENT_TYPES)} {year}, Notes From the Breakout Tables"
        if title not in titles:
            titles.add(title)
            break
    present = ", ".join(o.mention(rng, article=True) for o in circle[:4])
    strands = rng.sample(vocab.group_phrases, min(len(vocab.group_phrases), rng.randint(3, 5)))
    lines = [
        title, "",
        f"Held in {place} on {rng.randint(1, 28)} {rng.choice(MONTHS)} {year}.", "",
        f"About {rng.randint(25, 90)} people took part in the afternoon tables, including staff from "
        f"{present}, "
        "and several smaller community groups. Facilitators wrote up what was said without naming anyone, "
        "and the notes are grouped below under good practice, challenges and opportunities. "
        "The strands discussed were:", "",
    ]
    marker = rng.choice(_MARKERS)
    lines += [f"{marker} {s[:1].upper() + s[1:]}" for s in strands] + [""]
    for category, themes in THEMES.items():
        lines += [category, ""]
        for theme in rng.sample(themes, rng.randint(2, 3)):
            lines += [theme, ""]
            numbered = rng.random() < 0.2
            marker = rng.choice(_MARKERS)
            for k, template in enumerate(rng.sample(FINDINGS[category], rng.randint(3, 5)), start=1):
                bullet = f"{k}." if numbered else marker
                lines.append(f"{bullet} {fill(template)}")
                if not numbered and rng.random() < 0.15:
                    lines.append(f"  {marker} {fill(rng.choice(SUB_FINDINGS))}")
            lines.append("")
    return f"w{number:03d}-{_slug(title)}.txt", "\n".join(lines)


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------


def generate(out_dir: Path | str, documents: int = 50, stakeholders: int = 200, seed: int = 0,
             engagements: int | None = None) -> dict[str, int]:
    """Write a synthetic corpus into ``out_dir`` (created; must be empty) and return its counts."""
    if documents < 1 or stakeholders < 4:
        raise ValueError("need at least 1 document and 4 stakeholders")
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out}: not empty; give a new or empty folder")
    rng = random.Random(seed)
    vocab = load_vocab()
    country = rng.choice(COUNTRIES)
    orgs = make_register(rng, vocab, stakeholders)
    by_kind: dict[str, list[Org]] = {}
    for o in orgs:
        by_kind.setdefault(o.kind, []).append(o)
    n_engagements = 3 * stakeholders if engagements is None else engagements
    n_summaries = max(1, round(documents / 10))
    n_transcripts = documents - n_summaries
    n_moments = max(4, stakeholders // 20)

    files: dict[str, str] = {}
    files["stakeholders.csv"] = _csv(
        [["name", "kind", "aliases", "target_groups"]]
        + [[o.name, o.kind, ";".join(o.aliases), ";".join(o.target_groups)] for o in orgs])
    files["engagements.csv"] = engagements_csv(rng, vocab, orgs, by_kind, n_engagements)
    files["timeline.csv"] = timeline_csv(rng, vocab, orgs, country, n_moments)
    for i in range(1, n_transcripts + 1):
        name, text = transcript(rng, vocab, orgs, i, country)
        files[f"transcripts/{name}"] = text
    titles: set[str] = set()
    for i in range(1, n_summaries + 1):
        name, text = summary(rng, vocab, orgs, i, titles)
        files[f"summaries/{name}"] = text

    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8", newline="\n")
    return {"stakeholders": len(orgs), "engagement_rows": n_engagements, "timeline_rows": n_moments,
            "transcripts": n_transcripts, "summaries": n_summaries, "files": len(files)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write (new or empty)")
    parser.add_argument("--documents", type=int, default=50, help="text documents (default 50)")
    parser.add_argument("--stakeholders", type=int, default=200, help="register rows (default 200)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--engagements", type=int, default=None,
                        help="engagement rows (default 3 x stakeholders)")
    args = parser.parse_args(argv)
    try:
        counts = generate(args.out, args.documents, args.stakeholders, args.seed, args.engagements)
    except (FileExistsError, ValueError, RuntimeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
