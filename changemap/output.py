"""Shared output formats for query-like commands: table, csv, json, markdown.

>>> import pandas as pd
>>> print(render(pd.DataFrame([{"name": "=cmd()", "n": 1}]), "csv"), end="")
name,n
'=cmd(),1
"""

from __future__ import annotations

import io
import json
import math

import pandas as pd

FORMATS = ("table", "csv", "json", "markdown")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _plain(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def guard_cell(value: object) -> object:
    """Stop spreadsheets from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def records(frame: pd.DataFrame) -> list[dict]:
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def render(frame: pd.DataFrame, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(records(frame), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        frame.map(guard_cell).to_csv(buf, index=False, lineterminator="\n")
        return buf.getvalue()
    if fmt == "markdown":
        from .viz.report import markdown_table

        return markdown_table(frame)
    if fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False)
        for c in frame.columns:
            table.add_column(str(c), overflow="fold")
        for row in records(frame):
            table.add_row(*("" if v is None else str(v) for v in row.values()))
        buf = io.StringIO()
        Console(file=buf, width=160, force_terminal=False).print(table)
        return buf.getvalue()
    raise ValueError(f"unknown format '{fmt}'; use one of: {', '.join(FORMATS)}")
