"""Tables that read well in both editions: HTML in the web book, a Markdown table in the PDF.

A notebook cell that ends with a :class:`Table` offers both formats; myst-nb picks
``text/html`` for the HTML builder and ``text/markdown`` for LaTeX, so one cell
serves both editions. Cell text is escaped in both formats: a value can never
become markup. Columns that hold a source's own wording (evidence, quoted labels)
are set in quotation marks, so a reader can tell the source's words from ours.
"""
from __future__ import annotations

import re
from html import escape

import pandas as pd

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$&:;\"'=^@%])")


def markdown_cell(value) -> str:
    """Cell text with Markdown punctuation escaped and line breaks folded."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(str(value).split()))


def html_cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return escape(str(value))


def quotation(value) -> str:
    """A source's words in quotation marks (empty stays empty)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value).strip():
        return ""
    return f"“{' '.join(str(value).split())}”"


FOLD_ROWS = 30  # a longer table is folded in the web book: a line says how many rows, a click opens it


def _label(column) -> str:
    """A cell's column name, which a phone shows before the cell when it stacks the table's rows."""
    return f' data-label="{escape(str(column))}"'


class Table:
    """A data frame shown as a table; ``links`` maps a column to a column of URLs for its cells,
    ``row_ids`` names a column whose values become HTML anchors of the rows, ``quoted`` names the
    columns that hold a source's own words (shown in quotation marks). In the web book a table of
    more than ``FOLD_ROWS`` rows is folded unless ``fold`` is false; a link to one of its rows opens it."""

    def __init__(self, frame: pd.DataFrame, classes: str = "figure-table", links: dict[str, str] | None = None,
                 row_ids: str | None = None, header: bool = True, quoted: list[str] | None = None,
                 fold: bool = True):
        self.frame = frame.reset_index(drop=True)
        for column in quoted or []:
            self.frame[column] = self.frame[column].map(quotation)
        self.classes = classes
        self.links = links or {}
        self.row_ids = row_ids
        self.header = header
        self.fold = fold

    def _columns(self) -> list[str]:
        hidden = set(self.links.values()) | ({self.row_ids} if self.row_ids else set())
        return [c for c in self.frame.columns if c not in hidden]

    def _html_value(self, row: pd.Series, column: str) -> str:
        text = html_cell(row[column])
        url = row[self.links[column]] if column in self.links else ""
        return f'<a href="{escape(str(url))}">{text}</a>' if isinstance(url, str) and url else text

    def _repr_html_(self) -> str:
        columns = self._columns()
        head = ("<thead><tr>" + "".join(f"<th>{escape(str(c))}</th>" for c in columns) + "</tr></thead>"
                if self.header else "")
        rows = []
        for _, row in self.frame.iterrows():
            anchor = f' id="{escape(str(row[self.row_ids]))}"' if self.row_ids else ""
            first, *rest = columns
            cells = ((f"<th>{self._html_value(row, first)}</th>" if not self.header
                      else f"<td{_label(first)}>{self._html_value(row, first)}</td>")
                     + "".join(f"<td{_label(c) if self.header else ''}>{self._html_value(row, c)}</td>" for c in rest))
            rows.append(f"<tr{anchor}>{cells}</tr>")
        # tabindex: a table wider than the column scrolls sideways, and keyboard users must reach it
        table = (f'<table class="{escape(self.classes)}" tabindex="0">{head}<tbody>{"".join(rows)}</tbody>'
                 "</table>")
        if not self.fold or len(rows) <= FOLD_ROWS:
            return table
        return (f'<details class="table-fold"><summary>{len(rows):,} rows: show or hide them</summary>'
                f"{table}</details>")

    def _repr_markdown_(self) -> str:
        columns = self._columns()
        names = [markdown_cell(c) for c in columns] if self.header else [" "] * len(columns)
        lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(columns)]
        for _, row in self.frame.iterrows():
            cells = []
            for column in columns:
                text = markdown_cell(row[column])
                url = row[self.links[column]] if column in self.links else ""
                cells.append(f"{text} (<{url}>)" if isinstance(url, str) and url else text)
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(self.frame.to_string(index=False))

    def glue(self, name: str) -> None:
        """Keep the table for the page to show as a numbered table: ```` ```{glue:figure} tbl-… ````
        with ``:name: tbl-…`` and a caption (a name starting with ``tbl-`` makes it a table, "Table 3.1")."""
        from myst_nb import glue

        glue(name, self, display=False)


def table(frame: pd.DataFrame, columns: dict[str, str], **options) -> Table:
    """The chosen columns of a frame, renamed for readers (``{"column": "Header"}``).

    Columns named ``evidence`` or ``*_evidence`` hold words copied from a source and are quoted;
    ``quoted`` names more such columns.
    """
    links = {columns.get(k, k): columns.get(v, v) for k, v in options.pop("links", {}).items()}
    keep = list(columns) + [c for c in options.pop("extra", []) if c not in columns]
    also_quoted = options.pop("quoted", [])
    quoted = [c for c in keep if c.endswith("evidence") or c in also_quoted]
    return Table(frame[keep].rename(columns=columns), links=links,
                 quoted=[columns.get(c, c) for c in quoted], **options)
