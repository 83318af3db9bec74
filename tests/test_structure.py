"""Structure: headings, bullets and speaker turns found from layout alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from changemap.ingest.read import read_document
from changemap.ingest.structure import classify, parse_blocks
from changemap.model import Block, Document


def kinds(blocks: list[Block]) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in blocks]


def assert_spans_index_text(text: str, blocks: list[Block]) -> None:
    """Headings and bullets quote the file exactly; paragraphs and turns squash whitespace."""
    for b in blocks:
        if b.kind in {"heading", "bullet"}:
            assert text[b.start:b.end] == b.text
        else:
            assert " ".join(text[b.start:b.end].split()) == b.text


# --- headings --------------------------------------------------------------------------------

MARKDOWN = """\
# Quarry Lane Report

Opening words.

## Findings

### Housing

Too few wardens.

#### Detail

Small print.

## Annex

The list.
"""


def test_markdown_headings_have_levels_and_heading_paths():
    blocks = parse_blocks(MARKDOWN, markdown=True)
    headings = [(b.text, b.level, b.headings, b.line) for b in blocks if b.kind == "heading"]
    assert headings == [
        ("Quarry Lane Report", 1, (), 1),
        ("Findings", 2, ("Quarry Lane Report",), 5),
        ("Housing", 3, ("Quarry Lane Report", "Findings"), 7),
        ("Detail", 4, ("Quarry Lane Report", "Findings", "Housing"), 11),
        ("Annex", 2, ("Quarry Lane Report",), 15),
    ]
    paragraphs = {b.text: b.headings for b in blocks if b.kind == "paragraph"}
    assert paragraphs == {
        "Opening words.": ("Quarry Lane Report",),
        "Too few wardens.": ("Quarry Lane Report", "Findings", "Housing"),
        "Small print.": ("Quarry Lane Report", "Findings", "Housing", "Detail"),
        "The list.": ("Quarry Lane Report", "Annex"),
    }
    assert_spans_index_text(MARKDOWN, blocks)


def test_closing_hashes_are_not_part_of_a_markdown_heading():
    blocks = parse_blocks("## Next Steps ##\n\nText.\n", markdown=True)
    assert (blocks[0].kind, blocks[0].text, blocks[0].level) == ("heading", "Next Steps", 2)


def test_spans_index_the_whole_text_when_parsing_starts_after_front_matter():
    text = "---\ntitle: x\n---\n# Heading\n\n- A point.\n"
    body = text.index("# Heading")
    blocks = parse_blocks(text, body, markdown=True)
    assert kinds(blocks) == [("heading", "Heading"), ("bullet", "A point.")]
    assert [b.line for b in blocks] == [4, 6]
    assert_spans_index_text(text, blocks)


def test_plain_text_headings_are_short_title_lines_after_a_blank_line():
    text = (
        "Saltmarsh Community Day\n"
        "\n"
        "The day opened with a welcome from the organisers.\n"
        "\n"
        "What We Heard\n"
        "\n"
        "People agreed on most things\n"
        "that had been raised before\n"
        "\n"
        "Key points:\n"
        "\n"
        "lower case line without a full stop\n"
        "\n"
        "Too Long A Line To Be A Heading Because It Keeps Going On And On Past Twelve Words\n"
        "\n"
        "2024 Follow-Up\n"
    )
    blocks = parse_blocks(text)
    assert kinds(blocks) == [
        ("heading", "Saltmarsh Community Day"),
        ("paragraph", "The day opened with a welcome from the organisers."),
        ("heading", "What We Heard"),
        ("paragraph", "People agreed on most things that had been raised before"),
        ("heading", "Key points"),
        ("paragraph", "lower case line without a full stop"),
        ("paragraph", "Too Long A Line To Be A Heading Because It Keeps Going On And On Past Twelve Words"),
        ("heading", "2024 Follow-Up"),
    ]
    assert all(b.level == 0 for b in blocks if b.kind == "heading")
    assert_spans_index_text(text, blocks)


@pytest.mark.parametrize(
    "line",
    [
        "The police attended.",
        "Was anyone there?",
        "They said no,",
        "Before the Board met we had already written to the Chief Constable twice about it:",
    ],
)
def test_sentences_are_not_plain_text_headings(line):
    blocks = parse_blocks(f"Intro Heading\n\n{line}\n")
    assert blocks[1].kind == "paragraph"
    assert blocks[1].text == line


def test_first_line_of_a_hard_wrapped_paragraph_is_not_a_heading():
    text = (
        "Shared Reporting\n"
        "\n"
        "Tenants in the Eastfield blocks said the\n"
        "new reporting form was easier to use.\n"
    )
    blocks = parse_blocks(text)
    assert kinds(blocks) == [
        ("heading", "Shared Reporting"),
        ("paragraph", "Tenants in the Eastfield blocks said the new reporting form was easier to use."),
    ]


def test_a_title_line_directly_above_bullets_is_a_heading():
    blocks = parse_blocks("Intro.\n\nBarriers\n- Short deadlines.\n- No interpreters.\n")
    assert kinds(blocks) == [("paragraph", "Intro."), ("heading", "Barriers"),
                             ("bullet", "Short deadlines."), ("bullet", "No interpreters.")]


def test_markdown_files_only_take_hash_headings():
    blocks = parse_blocks("Short Title Line\n\nBody text.\n", markdown=True)
    assert kinds(blocks) == [("paragraph", "Short Title Line"), ("paragraph", "Body text.")]


# --- bullets ---------------------------------------------------------------------------------


@pytest.mark.parametrize("marker", ["-", "*", "+", "•", "·", "–", "—", "1.", "12)", "a)", "b.", "(c)", "(3)"])
def test_each_bullet_marker_gives_a_bullet(marker):
    text = f"Points\n\n{marker} Lanterns were handed out.\n"
    blocks = parse_blocks(text)
    bullet = blocks[-1]
    assert (bullet.kind, bullet.text, bullet.level) == ("bullet", "Lanterns were handed out.", 0)
    assert text[bullet.start:bullet.end] == "Lanterns were handed out."


def test_nested_bullets_take_levels_from_indentation():
    text = (
        "- Top item\n"
        "  - Second level\n"
        "    * Third level\n"
        "      • Fourth level\n"
        "  - Back to second\n"
        "- Top again\n"
    )
    blocks = parse_blocks(text)
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        ("bullet", 0, "Top item"),
        ("bullet", 1, "Second level"),
        ("bullet", 2, "Third level"),
        ("bullet", 3, "Fourth level"),
        ("bullet", 1, "Back to second"),
        ("bullet", 0, "Top again"),
    ]
    assert [b.line for b in blocks] == [1, 2, 3, 4, 5, 6]
    assert_spans_index_text(text, blocks)


@pytest.mark.parametrize("prefix", ["- · ", "* • ", "1. - ", "– a) "])
def test_double_markers_give_one_bullet_without_either_marker(prefix):
    text = f"{prefix}Shared minutes after each meeting.\n"
    (bullet,) = parse_blocks(text)
    assert bullet.kind == "bullet"
    assert bullet.text == "Shared minutes after each meeting."
    assert text[bullet.start:bullet.end] == bullet.text


def test_bullets_carry_their_markdown_heading_path():
    text = "# Report\n\n## Barriers\n\n- No interpreters.\n- Short deadlines.\n"
    bullets = [b for b in parse_blocks(text, markdown=True) if b.kind == "bullet"]
    assert [(b.text, b.headings) for b in bullets] == [
        ("No interpreters.", ("Report", "Barriers")),
        ("Short deadlines.", ("Report", "Barriers")),
    ]


def test_hyphenated_words_and_plain_numbers_are_not_bullets():
    blocks = parse_blocks("Intro Line\n\n-based on notes\n2024 was busy.\n")
    assert [b.kind for b in blocks] == ["heading", "paragraph"]


# --- speaker turns ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asker", "answerer"),
    [("Interviewer", "Respondent"), ("Q", "A"), ("I", "R"), ("AB", "CD"), ("Researcher", "Mira Holt")],
)
def test_speaker_turn_styles(asker, answerer):
    text = (
        f"{asker}: How did the drop-in start?\n"
        f"{answerer}: A neighbour offered her front room.\n"
        f"{asker}: Who came first?\n"
        f"{answerer}: Mostly older tenants.\n"
    )
    blocks = parse_blocks(text)
    assert [(b.kind, b.speaker, b.text) for b in blocks] == [
        ("turn", asker, "How did the drop-in start?"),
        ("turn", answerer, "A neighbour offered her front room."),
        ("turn", asker, "Who came first?"),
        ("turn", answerer, "Mostly older tenants."),
    ]
    assert [b.line for b in blocks] == [1, 2, 3, 4]
    assert_spans_index_text(text, blocks)


@pytest.mark.parametrize(
    ("asker", "answerer"),
    [("Q.", "A."), ("INT.", "RESP."), ("Interviewer -", "Respondent -"), ("Interviewer –", "Interviewee –"),
     ("**Q**", "**A**"), ("**Interviewer**", "**Lena Brandt**")],
)
def test_turn_labels_without_a_colon(asker, answerer):
    text = (
        f"{asker} How did the drop-in start?\n\n"
        f"{answerer} A neighbour offered her front room.\n\n"
        "It grew from there.\n\n"
        f"{asker} Who came first?\n\n"
        f"{answerer} Mostly older tenants.\n"
    )
    label = {asker: asker.strip("*.-– "), answerer: answerer.strip("*.-– ")}
    blocks = parse_blocks(text)
    assert [(b.kind, b.speaker, b.text) for b in blocks] == [
        ("turn", label[asker], "How did the drop-in start?"),
        ("turn", label[answerer], "A neighbour offered her front room. It grew from there."),
        ("turn", label[asker], "Who came first?"),
        ("turn", label[answerer], "Mostly older tenants."),
    ]
    assert_spans_index_text(text, blocks)


def test_lettered_points_and_dashed_phrases_are_not_turns():
    text = ("A. Good practice\n\nB. Challenges\n\nThe Council - as ever - was late.\n\n"
            "The Council - again - said no.\n\nReport - draft two.\n\nReport - draft three.\n")
    assert all(b.kind != "turn" for b in parse_blocks(text))


def test_a_timestamp_in_brackets_after_the_label_is_the_turn_s_time():
    text = "MV (12:40): First?\nDK: Yes.\nMV (12:41): Second?\nDK: No.\n"
    blocks = parse_blocks(text)
    assert [(b.speaker, b.timestamp, b.speaker_for) for b in blocks] == [
        ("MV", "12:40", None), ("DK", None, None), ("MV", "12:41", None), ("DK", None, None)]


@pytest.mark.parametrize("stamp", ["[00:01:02]", "(00:01:02)", "00:01:02", "[01:02]"])
def test_turn_timestamps_are_kept(stamp):
    bare = stamp.strip("[]()")
    text = (
        f"{stamp} AB: First question?\n"
        f"{stamp} CD: First answer.\n"
        f"{stamp} AB: Second question?\n"
        f"{stamp} CD: Second answer.\n"
    )
    blocks = parse_blocks(text)
    assert [(b.speaker, b.timestamp, b.text) for b in blocks] == [
        ("AB", bare, "First question?"),
        ("CD", bare, "First answer."),
        ("AB", bare, "Second question?"),
        ("CD", bare, "Second answer."),
    ]
    assert_spans_index_text(text, blocks)


def test_continuation_paragraphs_belong_to_the_turn():
    text = (
        "Interviewer: How did it begin?\n"
        "\n"
        "Respondent: With a phone call from the council.\n"
        "It went on from there.\n"
        "\n"
        "A second paragraph of the same answer.\n"
        "\n"
        "- even a bulleted aside\n"
        "\n"
        "Interviewer: And then?\n"
        "\n"
        "Respondent: We met the housing officer.\n"
    )
    blocks = parse_blocks(text)
    assert [b.kind for b in blocks] == ["turn"] * 4
    answer = blocks[1]
    assert answer.speaker == "Respondent"
    assert answer.text == ("With a phone call from the council. It went on from there. "
                           "A second paragraph of the same answer. - even a bulleted aside")
    assert text[answer.start:answer.end].endswith("- even a bulleted aside")
    assert answer.line == 3
    assert (blocks[2].speaker, blocks[2].text) == ("Interviewer", "And then?")


def test_markdown_heading_ends_a_turn():
    text = (
        "Interviewer: First?\n\nRespondent: Yes.\n\n"
        "## Part two\n\n"
        "Interviewer: Second?\n\nRespondent: No.\n"
    )
    blocks = parse_blocks(text, markdown=True)
    assert [(b.kind, b.text) for b in blocks] == [
        ("turn", "First?"), ("turn", "Yes."), ("heading", "Part two"), ("turn", "Second?"), ("turn", "No."),
    ]
    assert blocks[-1].headings == ("Part two",)


def test_one_label_per_line_is_not_a_transcript():
    text = "Day Summary\n\nNote: the room changed at noon.\n\nChair: Ms Vale.\n\n- Point one.\n"
    blocks = parse_blocks(text)
    assert "turn" not in {b.kind for b in blocks}
    assert ("paragraph", "Note: the room changed at noon.") in kinds(blocks)


def test_a_single_frequent_label_is_not_a_transcript():
    text = "Note: first.\n\nNote: second.\n\nNote: third.\n"
    assert {b.kind for b in parse_blocks(text)} == {"paragraph"}


# --- classify --------------------------------------------------------------------------------


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_document_kinds_from_files(tmp_path):
    transcript = write(tmp_path, "t.txt", "Q: First?\nA: Yes.\nQ: Second?\nA: No.\n")
    summary = write(tmp_path, "s.txt",
                    "Riverbend Forum\n\nNote: notes by the chair.\n\nBarriers\n\n- Too few interpreters.\n")
    plain = write(tmp_path, "p.txt", "Visit Notes\n\nWe walked the estate with two wardens.\n")
    assert read_document(transcript, "t.txt").kind == "transcript"
    assert read_document(summary, "s.txt").kind == "summary"
    assert read_document(plain, "p.txt").kind == "text"


def test_summary_is_recognised_from_a_category_heading_synonym(tmp_path):
    for heading in ["What works", "## Barriers", "### Next steps", "Good Practice"]:
        doc = read_document(write(tmp_path, "s.md" if heading.startswith("#") else "s.txt",
                                  f"{heading}\n\n- A point.\n"), "s")
        assert doc.kind == "summary", heading


def test_pseudonym_in_front_matter_makes_a_transcript_even_without_turns(tmp_path):
    doc = read_document(write(tmp_path, "t.md", "---\npseudonym: P4\n---\nNotes written up afterwards.\n"),
                        "t.md")
    assert doc.kind == "transcript"


def test_classify_on_documents_built_in_memory():
    def doc(blocks, metadata=None):
        return Document(path=Path("x.txt"), key="x.txt", text="", sha256="", metadata=metadata or {},
                        blocks=blocks)

    turns = [Block("turn", "Hi?", 0, 3, speaker="Q"), Block("turn", "Yes.", 4, 8, speaker="A")]
    assert classify(doc(turns)) == "transcript"
    assert classify(doc([], {"interviewee": "P2"})) == "transcript"
    assert classify(doc([Block("heading", "Opportunities", 0, 13)])) == "summary"
    assert classify(doc([Block("heading", "Background", 0, 10), turns[0]])) == "text"
