"""Split text into headings, bullets, paragraphs and speaker turns.

The rules are about layout, not content: Markdown headings, short
title-like lines standing alone, bullet markers of any common kind (and
nesting by indentation), and ``Speaker:`` turns when a document has at least
two speakers who each take several turns.

>>> text = "Challenges\\n\\n- Too few staff.\\n  • Rural areas worst.\\n"
>>> [(b.kind, b.level, b.text) for b in parse_blocks(text)]
[('heading', 0, 'Challenges'), ('bullet', 0, 'Too few staff.'), ('bullet', 1, 'Rural areas worst.')]
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Block, Document

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_MARKER = r"(?:[-*+•·–—▪◦‣○●■□➢►✓]|\(?\d{1,3}[.)]|\(?[a-z][.)])"
_BULLET = re.compile(rf"^([ \t]*)((?:{_MARKER}[ \t]+)+)(\S.*)$")
_TIMESTAMP = r"\[?\(?(\d{1,2}:\d{2}(?::\d{2})?)\)?\]?"
_LABEL = r"[A-Z][A-Za-z.'’\-]*(?:[ \t][A-Z][A-Za-z.'’\-]*){0,3}|[A-Z]{1,4}\d{0,2}"
# "Respondent:", "**I:**", "JM (Maria):", "[00:12:40] Q:": a label and a colon.
_TURN = re.compile(
    rf"^[ \t]*(?:{_TIMESTAMP}[ \t]*)?"
    rf"(?:\*\*)?({_LABEL})(?:\*\*)?"
    r"[ \t]*(?:\(([^)]{0,40})\))?[ \t]*:(?:\*\*)?[ \t]+(\S.*)$"
)
# Labels that need no colon: a role word or capitals before a full stop or a dash ("Q. …", "INT. …",
# "Interviewer - …"), or any label in bold on its own ("**Q** …", "**Interviewer** …").
_ROLE = r"(?:Interviewer|Interviewee|Respondent|Participant|Moderator|Facilitator|Researcher|Question|Answer)"
_TURN_MARKED = re.compile(
    rf"^[ \t]*(?:{_TIMESTAMP}[ \t]*)?"
    rf"(?:({_ROLE}|[A-Z]{{1,4}}\d{{0,2}})(?:\.|[ \t]+[-–—])|\*\*({_LABEL})\*\*)[ \t]+()(\S.*)$"
)
_TIMESTAMP_ONLY = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_SENTENCE_END = re.compile(r"[.;,?!…\"”]$")


class _Turn:
    """A speaker label at the start of a line: its timestamp, label, whom it speaks for, where the words start."""

    __slots__ = ("ts", "label", "speaking_for", "start")

    def __init__(self, ts: str | None, label: str, speaking_for: str | None, start: int):
        self.ts, self.label, self.speaking_for, self.start = ts, label, speaking_for, start


def turn_label(line: str) -> _Turn | None:
    """The speaker label that opens ``line``, if any.

    >>> [(t.label, line[t.start:]) for line in ("Q. Why?", "Interviewer - Go on.", "**A** Yes.", "JM: Hi.")
    ...  for t in [turn_label(line)]]
    [('Q', 'Why?'), ('Interviewer', 'Go on.'), ('A', 'Yes.'), ('JM', 'Hi.')]
    """
    m = _TURN.match(line)
    if m:
        extra = (m.group(3) or "").strip() or None
        ts = m.group(1)
        if extra and _TIMESTAMP_ONLY.fullmatch(extra):  # "MV (12:40): …"
            ts, extra = ts or extra, None
        return _Turn(ts, m.group(2), extra, m.start(4))
    m = _TURN_MARKED.match(line)
    if m:
        return _Turn(m.group(1), m.group(2) or m.group(3), None, m.start(5))
    return None


def _lines(text: str, start: int) -> list[tuple[int, int, str]]:
    """(line number, offset, line) for every line from ``start``."""
    out = []
    offset = start
    first = text.count("\n", 0, start) + 1
    for n, line in enumerate(text[start:].split("\n"), start=first):
        out.append((n, offset, line))
        offset += len(line) + 1
    return out


def speakers(lines: list[tuple[int, int, str]]) -> set[str]:
    """Speaker labels used often enough to mark a transcript.

    A label counts when it opens at least two lines and at least two such
    labels exist; ``Note:`` style lines in a summary therefore do not turn
    it into a transcript.
    """
    counts: Counter[str] = Counter()
    for _, _, line in lines:
        t = turn_label(line)
        if t and not _BULLET.match(line):
            counts[t.label] += 1
    frequent = {s for s, n in counts.items() if n >= 2}
    return frequent if len(frequent) >= 2 else set()


def _looks_like_heading(line: str, prev_blank: bool) -> bool:
    s = line.strip()
    if not s or not prev_blank or len(s) > 90 or len(s.split()) > 12:
        return False
    if not (s[0].isupper() or s[0].isdigit()):
        return False
    if _SENTENCE_END.search(s.rstrip(":")) and not s.endswith(":"):
        return False
    if s.endswith(":") and len(s.split()) > 6:
        return False
    return True


def parse_blocks(text: str, start: int = 0, markdown: bool = False) -> list[Block]:
    """Blocks of ``text`` from offset ``start``; spans index into ``text``."""
    lines = _lines(text, start)
    turn_speakers = speakers(lines)
    blocks: list[Block] = []
    heading_path: list[tuple[int, str]] = []
    para: list[tuple[int, int, str]] = []
    turn: dict | None = None

    def path() -> tuple[str, ...]:
        return tuple(h for _, h in heading_path)

    def flush_para() -> None:
        nonlocal para
        if para:
            s = para[0][1] + (len(para[0][2]) - len(para[0][2].lstrip()))
            e = para[-1][1] + len(para[-1][2].rstrip())
            blocks.append(Block("paragraph", _squash(text[s:e]), s, e, headings=path(), line=para[0][0]))
            para = []

    def flush_turn() -> None:
        nonlocal turn
        if turn:
            e = turn["end"]
            blocks.append(Block("turn", _squash(text[turn["start"]:e]), turn["start"], e,
                                headings=path(), speaker=turn["speaker"],
                                timestamp=turn["ts"], line=turn["line"], speaker_for=turn["for"]))
            turn = None

    for i, (n, offset, line) in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            flush_para()
            continue
        prev_blank = i == 0 or not lines[i - 1][2].strip()
        m = _MD_HEADING.match(line)
        if m:
            flush_para()
            flush_turn()
            level = len(m.group(1))
            heading_path[:] = [h for h in heading_path if h[0] < level] + [(level, m.group(2))]
            s = offset + m.start(2)
            blocks.append(Block("heading", m.group(2), s, s + len(m.group(2)), level=level,
                                headings=path()[:-1], line=n))
            continue
        t = turn_label(line) if turn_speakers else None
        if t and t.label in turn_speakers and not _BULLET.match(line):
            flush_para()
            flush_turn()
            turn = {"start": offset + t.start, "end": offset + len(line.rstrip()), "speaker": t.label,
                    "ts": t.ts, "line": n, "for": t.speaking_for}
            continue
        if turn is not None and not _MD_HEADING.match(line):
            turn["end"] = offset + len(line.rstrip())
            continue
        m = _BULLET.match(line)
        if m:
            flush_para()
            indent = len(m.group(1).expandtabs(4))
            level = indent // 2 if indent < 8 else 3
            s = offset + m.start(3)
            e = offset + len(line.rstrip())
            blocks.append(Block("bullet", text[s:e], s, e, level=min(level, 6), headings=path(), line=n))
            continue
        following = lines[i + 1][2] if i + 1 < len(lines) else ""
        # A title stands alone: a line that runs on into the next is a paragraph's first line.
        alone = not following.strip() or bool(_BULLET.match(following))
        if not markdown and not para and alone and _looks_like_heading(line, prev_blank):
            s = offset + (len(line) - len(line.lstrip()))
            title = stripped.rstrip(":").strip()
            blocks.append(Block("heading", title, s, s + len(title), level=0, headings=path(), line=n))
            continue
        para.append((n, offset, line))
    flush_para()
    flush_turn()
    return blocks


def _squash(text: str) -> str:
    return " ".join(text.split())


_NUMBERING = re.compile(
    r"^\s*(?:(?:part|section|session|theme|round)\s+)?(?:\(?\d{1,2}(?:\.\d{1,2})*[.):]?|\(?[A-Ha-h][.)]|[IVX]{1,4}[.)])"
    r"\s*[-–—:.]?\s+", re.I)


def heading_category(text: str) -> str | None:
    """The finding type a section heading names, ignoring numbering and a trailing colon.

    >>> [heading_category(h) for h in ("2. Barriers", "(b) What works:", "Part 3 – Next steps", "Transport")]
    ['challenge', 'good-practice', 'opportunity', None]
    """
    from ..ontology.lexicon import schemes

    ftypes = schemes()["finding_type"]
    found = ftypes.lookup(text)
    if found:
        return found
    bare = _NUMBERING.sub("", text, count=1).strip().rstrip(":.").strip()
    return ftypes.lookup(bare) if bare and bare != text else None


def classify(doc: Document) -> str:
    """Guess the document kind: transcript, summary or plain text."""
    meta = doc.metadata
    turns = sum(1 for b in doc.blocks if b.kind == "turn")
    if turns >= 2 or "pseudonym" in meta or "interviewee" in meta:
        return "transcript"
    headings = [b for b in doc.blocks if b.kind == "heading"]
    if any(heading_category(h.text) for h in headings):
        return "summary"
    return "text"
