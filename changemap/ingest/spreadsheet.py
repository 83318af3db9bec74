"""Reader for Excel workbooks (.xlsx, .xlsm) holding structured tables (openpyxl).

Each sheet is recognised like a CSV table (:func:`tables.recognise`: a
stakeholder register, an engagement list or a timeline, by its columns and
the file or sheet name).  The first non-empty row of a sheet is its header.

The Document's text is the sheet written as tab-separated lines: line *n*
holds sheet row *n*, its cells' values joined by a tab, trailing empty cells
left out (blank rows stay as empty lines, so a row's block line is the row
number Excel shows).  A tab inside a cell is written as a space.  Values are
written as Excel displays them in the simplest form: whole numbers without
".0", dates as ISO ``2021-05-04`` (with the time when it is not midnight),
booleans as TRUE/FALSE; formulas give their last computed value.  Every row
becomes a ``row`` block whose ``cells`` give each cell's span, as for CSV.

A workbook with one table sheet is one Document.  With several, each table
sheet is its own Document, keyed ``<file key>#<sheet name>`` (a workbook may
hold a register and an engagement list side by side); sheets that are not
tables (notes, pivot tables, charts) are then skipped.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl.utils import get_column_letter

from ..errors import InputError
from ..model import Block, Document
from .read import parts, reader, sha256, split_key
from .tables import recognise

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_OLE = b"\xd0\xcf\x11\xe0"


def _open(path: Path, raw: bytes):
    import openpyxl

    if raw.startswith(_OLE):
        raise InputError(path, "this is an old Excel 97-2003 (.xls) file or a password-protected workbook; "
                               "open it in Excel and save it as .xlsx without a password")
    try:
        return openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 - any failure of the parser means a damaged file
        raise InputError(path, f"cannot be read as an Excel workbook ({type(err).__name__}: {err}); "
                               "open it in Excel and save it again as .xlsx") from err


def cell_text(value: object) -> str:
    """A cell's value as the text written for it.

    >>> [cell_text(v) for v in (None, 2021.0, 0.25, True, dt.datetime(2021, 5, 4), "a\\tb")]
    ['', '2021', '0.25', 'TRUE', '2021-05-04', 'a b']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")


def _sheets(path: Path, raw: bytes) -> list[tuple[str, list[list[str]]]]:
    """(name, rows of cell texts) for every sheet with any data, in workbook order."""
    book = _open(path, raw)
    try:
        out = []
        for ws in book.worksheets:
            rows = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
            while rows and not any(c.strip() for c in rows[-1]):
                rows.pop()
            if rows:
                out.append((ws.title, rows))
        return out
    except InputError:
        raise
    except Exception as err:  # noqa: BLE001 - damaged sheet parts surface while iterating
        raise InputError(path, f"cannot be read as an Excel workbook ({type(err).__name__}: {err}); "
                               "open it in Excel and save it again as .xlsx") from err
    finally:
        book.close()


def _header(rows: list[list[str]]) -> tuple[int, list[str]]:
    """Index of the header row and its column names.

    A blank header cell over data is named after its column letter
    ('column C'); a blank one over no data is '' and skipped.
    """
    at = next(i for i, r in enumerate(rows) if any(c.strip() for c in r))
    width = max(len(r) for r in rows[at:])
    names = [c.strip() for c in rows[at]] + [""] * (width - len(rows[at]))
    for i, name in enumerate(names):
        if not name and any(len(r) > i and r[i].strip() for r in rows[at + 1:]):
            names[i] = f"column {get_column_letter(i + 1)}"
    return at, names


def _tables(path: Path, raw: bytes) -> tuple[list[tuple[str, list[list[str]]]], list]:
    """Sheets recognised as tables, and the errors of those that are not."""
    found, errors = [], []
    for name, rows in _sheets(path, raw):
        _, header = _header(rows)
        try:
            recognise(Path(f"{path}#{name}"), [h for h in header if h], hint=f"{path.stem} {name}")
        except InputError as err:
            errors.append((name, err))
            continue
        found.append((name, rows))
    return found, errors


@parts(".xlsx", ".xlsm")
def list_sheets(path: Path, key: str, raw: bytes) -> list[str]:
    """The table sheets of a workbook when there are several (else it is one document)."""
    found, _ = _tables(path, raw)
    return [name for name, _ in found] if len(found) > 1 else []


@reader(".xlsx", ".xlsm")
def read_workbook(path: Path, key: str, raw: bytes) -> Document:
    _, fragment = split_key(path, key)
    if fragment is not None:
        sheets = dict(_sheets(path, raw))
        if fragment not in sheets:
            raise InputError(path, f"has no sheet named '{fragment}' with data; "
                                   f"sheets: {', '.join(sheets) or 'none'}")
        return _sheet_document(path, key, raw, fragment, sheets[fragment], fragment)
    found, errors = _tables(path, raw)
    if len(found) == 1:
        return _sheet_document(path, key, raw, found[0][0], found[0][1], None)
    if found:
        raise InputError(path, f"holds {len(found)} tables (sheets {', '.join(n for n, _ in found)}); "
                               "read them one by one as '<file>#<sheet>' (changemap build does this)")
    if not errors:
        raise InputError(path, "the workbook has no data; add a sheet with a header row and data rows")
    if len(errors) == 1:
        raise errors[0][1]
    detail = "; ".join(f"sheet '{n}': {str(e).split(': ', 1)[-1]}" for n, e in errors)
    raise InputError(path, f"no sheet is a table this tool reads ({detail})")


def _sheet_document(path: Path, key: str, raw: bytes, sheet: str, rows: list[list[str]],
                    fragment: str | None) -> Document:
    where = Path(f"{path}#{sheet}") if fragment is not None else path
    at, header = _header(rows)
    spec, cols = recognise(where, [h for h in header if h], hint=f"{path.stem} {sheet}")
    inverse = {v: k for k, v in cols.items()}
    names = [inverse.get(n, n) for n in header]
    lines, offsets, pos = [], [], 0
    for row in rows:
        cells = list(row)
        while cells and not cells[-1]:
            cells.pop()
        spans, col = [], pos
        for value in cells:
            spans.append((col, col + len(value)))
            col += len(value) + 1
        lines.append("\t".join(cells))
        offsets.append(spans)
        pos += len(lines[-1]) + 1
    text = "\n".join(lines) + "\n"
    blocks = []
    line_start = 0
    for n, (line, spans) in enumerate(zip(lines, offsets, strict=True), start=1):
        start, end = line_start, line_start + len(line)
        line_start = end + 1
        if n <= at + 1 or not line.strip():
            continue
        row, cells = {}, {}
        for i, (s, e) in enumerate(spans):
            name = names[i] if i < len(names) else ""
            value = text[s:e]
            if not name:
                continue  # a blank header over no data
            row[name] = value.strip()
            cells[name] = (s, e)
        blocks.append(Block("row", line, start, end, row=row, line=n, cells=cells))
    title = f"{path.stem}: {sheet}" if fragment is not None else path.stem
    metadata = {"columns": [h for h in header if h], "sheet": sheet}
    return Document(path=path, key=key, text=text, sha256=sha256(raw), kind=spec.kind, title=title,
                    media_type=MEDIA_TYPE, blocks=blocks, metadata=metadata)
