"""Charts for the briefing: small pure functions, a frame in, SVG bytes out.

matplotlib draws through its object-oriented API (no pyplot, no GUI
backend, no global state changed).  The output is deterministic: a fixed
hash salt for SVG ids, glyphs drawn as paths in the bundled DejaVu Sans (so
a chart looks the same on every machine and needs no font), no date or
creator metadata.  The same frame gives the same bytes.

>>> [moment_when(d) for d in ("2019-07", "July 2019", "c. 2015", "")]
[2019.5, 2019.5, 2015.0, None]
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd

FORWARD_COLOUR = "#2166ac"
BACKWARD_COLOUR = "#b35806"
EMPTY_CELL = "#f4f4f4"
_RC = {
    "svg.hashsalt": "changemap",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.unicode_minus": False,
    "path.simplify": True,
}
_NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_ISO = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2}))?(?:[-/.](\d{1,2}))?")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_MONTH_NAME = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE)


@contextmanager
def _style() -> Iterator[None]:
    import matplotlib as mpl

    with mpl.rc_context(_RC):
        yield


def _svg(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata=_NO_METADATA, bbox_inches="tight", pad_inches=0.08)
    return buf.getvalue()


# --- the engagement matrix -------------------------------------------------------------------


def heatmap_svg(matrix: pd.DataFrame, title: str = "") -> bytes:
    """A heatmap of a count matrix (rows × columns of ints), numbers written in the cells.

    Zero cells are left light and empty so that what does happen stands out;
    long column labels are wrapped.
    """
    from matplotlib.colors import ListedColormap, Normalize
    from matplotlib.figure import Figure

    values = matrix.to_numpy(dtype=float) if not matrix.empty else np.zeros((0, 0))
    n_rows, n_cols = values.shape
    if n_rows == 0 or n_cols == 0:
        raise ValueError("heatmap_svg needs at least one row and one column")
    top = max(float(values.max()), 1.0)
    with _style():
        import matplotlib as mpl

        base = mpl.colormaps["Blues"]
        cmap = ListedColormap(base(np.linspace(0.18, 0.95, 256))).with_extremes(bad=EMPTY_CELL)
        fig = Figure(figsize=(2.2 + 0.82 * n_cols, 0.9 + 0.42 * n_rows))
        ax = fig.add_subplot()
        shown = np.ma.masked_where(values == 0, values)
        ax.pcolormesh(shown, cmap=cmap, norm=Normalize(vmin=0, vmax=top), edgecolors="white", linewidth=1.5)
        ax.set_xlim(0, n_cols)
        ax.set_ylim(n_rows, 0)
        for i in range(n_rows):
            for j in range(n_cols):
                v = values[i, j]
                if v:
                    dark = v / top > 0.55
                    ax.text(j + 0.5, i + 0.5, f"{int(v)}", ha="center", va="center", fontsize=9,
                            color="white" if dark else "#1a1a1a", fontweight="bold" if dark else "normal")
        ax.set_xticks([j + 0.5 for j in range(n_cols)])
        ax.set_xticklabels([textwrap.fill(str(c), 12) for c in matrix.columns], fontsize=8)
        ax.xaxis.tick_top()
        ax.set_yticks([i + 0.5 for i in range(n_rows)])
        ax.set_yticklabels([str(r) for r in matrix.index], fontsize=8.5)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        if title:
            ax.set_title(title, fontsize=10, loc="left", pad=34)
        return _svg(fig)


# --- the timeline ----------------------------------------------------------------------------


def moment_when(date: object) -> float | None:
    """A date as written in the graph ('2019', '2019-03', '2019-03-14', 'March 2019', 'c. 2015',
    '2019/20') as a fractional year; ``None`` when it holds no year."""
    text = "" if date is None or (isinstance(date, float) and math.isnan(date)) else str(date).strip()
    if not text:
        return None
    m = _ISO.match(text)
    if m:
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        month_n = int(month) if month and 1 <= int(month) <= 12 else 1
        day_n = int(day) if day and month and 1 <= int(day) <= 31 else 1
    else:
        found = _YEAR.search(text)
        if not found:
            return None
        year, day_n = int(found.group(1)), 1
        name = _MONTH_NAME.search(text)
        month_n = _MONTHS[name.group(1).lower()] if name else 1
    if not 1000 <= year <= 2999:
        return None
    return year + (month_n - 1) / 12 + (day_n - 1) / 372


def dated_moments(timeline: pd.DataFrame) -> pd.DataFrame:
    """The dated rows of a ``timeline`` frame in time order, with ``when`` (fractional year)
    and ``n`` (1, 2, … — the number drawn on each marker)."""
    frame = timeline.copy()
    frame["when"] = [moment_when(d) for d in frame["date"]] if len(frame) else pd.Series(dtype=float)
    frame = frame[frame["when"].notna()].copy()
    frame["_order"] = range(len(frame))
    frame = frame.sort_values(["when", "_order"], kind="stable").drop(columns="_order")
    frame.insert(0, "n", range(1, len(frame) + 1))
    return frame.reset_index(drop=True)


def undated_moments(timeline: pd.DataFrame) -> pd.DataFrame:
    """The rows of a ``timeline`` frame that have no readable year."""
    if timeline.empty:
        return timeline
    return timeline[[moment_when(d) is None for d in timeline["date"]]].reset_index(drop=True)


def _year_ticks(first: int, last: int) -> list[int]:
    span = last - first + 1
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if span / s <= 16)
    start = first - first % step
    return [y for y in range(start, last + 1, step) if y >= first]


def timeline_svg(moments: pd.DataFrame, title: str = "") -> bytes:
    """Pivotal moments along a time axis: one numbered marker each, stacked by year,
    moments that moved things forward above the axis, backward below it.

    ``moments`` is :func:`dated_moments` output (columns ``n``, ``when``, ``direction``).
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    if moments.empty:
        raise ValueError("timeline_svg needs at least one dated moment")
    years = [int(math.floor(w)) for w in moments["when"]]
    levels: dict[tuple[int, bool], int] = {}
    points = []
    for year, n, direction in zip(years, moments["n"], moments["direction"], strict=True):
        backward = str(direction) == "backward"
        level = levels.get((year, backward), 0) + 1
        levels[(year, backward)] = level
        points.append((year + 0.5, -level if backward else level, int(n), backward))
    up = max([lv for (_, back), lv in levels.items() if not back], default=0)
    down = max([lv for (_, back), lv in levels.items() if back], default=0)
    first, last = min(years), max(years)
    span = last - first + 1
    width = min(max(6.0, 0.72 * span + 1.6), 15.0)
    height = 0.9 + 0.27 * (up + down + 2)
    with _style():
        fig = Figure(figsize=(width, height))
        ax = fig.add_subplot()
        ax.axhline(0, color="#555555", linewidth=1.2, zorder=1)
        for x, y, n, backward in points:
            colour = BACKWARD_COLOUR if backward else FORWARD_COLOUR
            ax.plot([x], [y], marker="s" if backward else "o", markersize=12 if backward else 13,
                    color=colour, markeredgecolor="white", markeredgewidth=0.6, linestyle="none", zorder=3)
            ax.text(x, y, str(n), ha="center", va="center", fontsize=7,
                    color="white", fontweight="bold", zorder=4)
        ax.set_xlim(first - 0.2, last + 1.2)
        ax.set_ylim(-(down + 0.8), up + 0.8)
        ticks = _year_ticks(first, last)
        ax.set_xticks([y + 0.5 for y in ticks])
        ax.set_xticklabels([str(y) for y in ticks])
        ax.set_yticks([])
        for side in ("left", "right", "top"):
            ax.spines[side].set_visible(False)
        ax.spines["bottom"].set_color("#999999")
        ax.tick_params(axis="x", colors="#333333", length=3)
        ax.grid(axis="x", color="#e6e6e6", linewidth=0.6, zorder=0)
        handles = [Line2D([], [], marker="o", color=FORWARD_COLOUR, linestyle="none", markersize=8,
                          label="forward (above the line)"),
                   Line2D([], [], marker="s", color=BACKWARD_COLOUR, linestyle="none", markersize=8,
                          label="backward (below the line)")]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.08 if down else -0.12), ncol=2,
                  frameon=False, fontsize=8)
        if title:
            ax.set_title(title, fontsize=10, loc="left")
        return _svg(fig)


# --- embedding ------------------------------------------------------------------------------

_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(href="#|url\(#)([^")]+)')


def inline_svg(svg: bytes, prefix: str, alt: str) -> str:
    """``svg`` ready to sit inside an HTML page: no XML prologue or comments, every id
    prefixed (two charts on one page must not share glyph or clip ids), and an
    accessible name (``role="img"``, ``aria-label``, ``<title>``).  ``alt`` is escaped here."""
    from html import escape

    text = _COMMENT.sub("", _PROLOGUE.sub("", svg.decode("utf-8"), count=1))
    text = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", text)
    label = escape(alt, quote=True)
    return text.replace("<svg ", f'<svg role="img" aria-label="{label}" class="chart" ', 1).replace(
        ">", f"><title>{label}</title>", 1).rstrip() + "\n"
