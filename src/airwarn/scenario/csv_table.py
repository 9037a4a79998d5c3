"""Fast CSV reading for the contract's files: text -> columns of strings -> numpy arrays.

The fast path splits the whole file at once and converts each column with one C-level pass;
only when that fails does it scan row by row, to name the exact line and column. Blank lines
are ignored. Fields may be quoted ("a,b") but may not span lines.
"""

from __future__ import annotations

import csv
import gc
import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from airwarn.scenario.issues import IntArray, IssueLog
from airwarn.scenario.model import BoolArray, FloatArray, StrArray


@dataclass
class CsvTable:
    """The well-formed rows of a CSV file as string columns, with each row's line in the file."""

    file: str
    header: tuple[str, ...]
    columns: dict[str, list[str]]
    lines: IntArray
    rejected: dict[str, BoolArray] = field(default_factory=dict)
    """Per column, the fields already reported as not a (finite) number: not reported again as empty."""

    def __len__(self) -> int:
        return int(self.lines.shape[0])

    def blank(self, name: str, values: FloatArray | StrArray) -> BoolArray:
        """True where a converted column is empty (NaN or "") and was written empty, not rejected."""
        empty = np.isnan(values) if values.dtype == np.float64 else np.equal(values, "")
        rejected = self.rejected.get(name)
        return empty if rejected is None else empty & ~rejected


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small strings are built (3x faster)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_csv_table(path: Path, file: str, required: Sequence[str], log: IssueLog) -> CsvTable:
    """Read a CSV file into string columns; issues go to `log`; a broken file gives zero rows."""
    empty = CsvTable(file, tuple(required), {name: [] for name in required}, np.zeros(0, np.intp))
    text = _read_text(path, file, log)
    if text is None:
        return empty
    with gc_paused():
        lines = text.replace("\r\n", "\n").split("\n")
        filled = np.fromiter(map(len, map(str.strip, lines)), np.intp, count=len(lines)) > 0
        line_numbers = np.flatnonzero(filled) + 1
        if not line_numbers.size:
            log.add(file, None, None, f"is empty; it needs at least the header line: {','.join(required)}")
            return empty
        if not filled.all():
            lines = list(itertools.compress(lines, filled))
        header = _parse_header(lines[0], int(line_numbers[0]), file, required, log)
        if header is None:
            return empty
        columns, row_lines = _split_body(lines[1:], line_numbers[1:], header, file, log)
    return CsvTable(file, header, columns, row_lines)


def _read_text(path: Path, file: str, log: IssueLog) -> str | None:
    """The file decoded as UTF-8 (a byte-order mark is allowed), or None after logging why not."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        log.add(file, None, None, f"file not found at {path}")
        return None
    except OSError as exc:
        log.add(file, None, None, f"cannot be read ({exc.strerror or exc}); check the path and permissions")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        field = data.count(b",", line_start, exc.start)
        header = data.split(b"\n", 1)[0].decode("utf-8", "replace").strip().split(",")
        column = header[field] if line > 1 and field < len(header) else None
        log.add(file, line, column, f"is not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")
        return None


def _parse_header(
    text: str, line: int, file: str, required: Sequence[str], log: IssueLog
) -> tuple[str, ...] | None:
    """The header's column names, or None after logging a missing, duplicated or absent column."""
    header = tuple(next(csv.reader([text])))
    expected = ",".join(required)
    if required and required[0] not in header and _looks_numeric(header[0]):
        log.add(file, line, None, f"has no header line; the first line must be: {expected}")
        return None
    ok = True
    seen: set[str] = set()
    for name in header:
        if name in seen:
            log.add(file, line, name, "is duplicated in the header; keep one column of each name")
            ok = False
        seen.add(name)
    for name in required:
        if name not in seen:
            log.add(file, line, name, f"required column is missing from the header; expected: {expected}")
            ok = False
    return header if ok else None


def _looks_numeric(field: str) -> bool:
    """True when a header field parses as a number (so the header line is probably data)."""
    try:
        float(field)
    except ValueError:
        return False
    return True


def _split_body(
    body: list[str], row_lines: IntArray, header: tuple[str, ...], file: str, log: IssueLog
) -> tuple[dict[str, list[str]], IntArray]:
    """Split data lines into columns, dropping (and reporting) rows with the wrong field count."""
    n_cols = len(header)
    if any('"' in line for line in body):
        rows = [_parse_quoted(line, int(n), file, log) for line, n in zip(body, row_lines, strict=True)]
        counts = np.fromiter((len(r) for r in rows), np.intp, count=len(rows))
    else:
        rows = None
        counts = np.fromiter(map(str.count, body, itertools.repeat(",")), np.intp, count=len(body)) + 1
    bad = np.flatnonzero(counts != n_cols)
    if bad.size:
        log.add_rows(
            file,
            row_lines[bad],
            None,
            lambda k: f"has {counts[bad[k]]} fields, expected {n_cols} as in the header",
        )
        keep = counts == n_cols
        row_lines = row_lines[keep]
        body = list(itertools.compress(body, keep))
        rows = None if rows is None else list(itertools.compress(rows, keep))
    if rows is None:
        flat = ",".join(body).split(",") if body else []
        return {name: flat[k::n_cols] for k, name in enumerate(header)}, row_lines
    by_column = list(zip(*rows, strict=True)) if rows else [() for _ in header]
    return {name: list(by_column[k]) for k, name in enumerate(header)}, row_lines


def _parse_quoted(line: str, line_number: int, file: str, log: IssueLog) -> list[str]:
    """One line with quoted fields, split the CSV way; an unterminated quote is an issue."""
    try:
        return next(csv.reader([line], strict=True))
    except csv.Error as exc:
        log.add(file, line_number, None, f"is not valid CSV ({exc}); close the quote on this line")
        return []


def float_column(table: CsvTable, name: str, log: IssueLog) -> FloatArray:
    """A column as float64, NaN where empty; non-numbers and non-finite numbers are issues (NaN)."""
    column = table.columns[name]
    n = len(column)
    with gc_paused():
        present = np.fromiter(map(bool, column), np.bool_, count=n)
        values = np.full(n, np.nan)
        try:
            if present.all():
                values = np.fromiter(map(float, column), np.float64, count=n)
            else:
                fields = itertools.compress(column, present)
                values[present] = np.fromiter(map(float, fields), np.float64, count=int(present.sum()))
        except ValueError:
            values, unparsable = _scan_floats(table, name, present, log)
            table.rejected[name] = unparsable
            present &= ~unparsable
    not_finite = np.flatnonzero(present & ~np.isfinite(values))
    if not_finite.size:
        log.add_rows(
            table.file,
            table.lines[not_finite],
            name,
            lambda k: (
                f"'{column[not_finite[k]]}' is not a finite number; "
                "leave the field empty if it was not measured"
            ),
        )
        values[not_finite] = np.nan
        rejected = table.rejected.setdefault(name, np.zeros(n, np.bool_))
        rejected[not_finite] = True
    return values


def _scan_floats(
    table: CsvTable, name: str, present: BoolArray, log: IssueLog
) -> tuple[FloatArray, BoolArray]:
    """Slow path: convert field by field to report every field that is not a number (left NaN)."""
    column = table.columns[name]
    values = np.full(len(column), np.nan)
    unparsable = np.zeros(len(column), np.bool_)
    for k in np.flatnonzero(present).tolist():
        try:
            values[k] = float(column[k])
        except ValueError:
            unparsable[k] = True
    bad = np.flatnonzero(unparsable)
    log.add_rows(table.file, table.lines[bad], name, lambda j: f"'{column[bad[j]]}' is not a number")
    return values, unparsable


def string_column(table: CsvTable, name: str) -> StrArray:
    """A column as an object array of str ("" where empty)."""
    out = np.empty(len(table.columns[name]), dtype=object)
    out[:] = table.columns[name]
    return out
