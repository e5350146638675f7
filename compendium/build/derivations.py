"""What a computed glued value was computed from, read from the page's executed notebook.

A value the prose glues that is not a data row (a difference, a count, a share, a list of names) was
computed by a cell of the page's notebook. The cell is the one whose outputs hold the glued value; the
expression is the value argument of the ``glue(...)`` or ``glue_text(...)`` call in that cell whose key
matches (an f-string key such as ``f"n_th_{theme}"`` matches by its fixed parts). The data-row ids that
the cell names in strings are the rows it reads by id.
"""
from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GLUE_FUNCTIONS = {"glue", "glue_text"}
MAX_EXPRESSION = 160


@dataclass(frozen=True)
class Derivation:
    cell: int  # 1-based, counting code cells
    expression: str  # "" when no glue call in the cell names the key
    rows: tuple[str, ...]  # data-row ids named in the cell

    def sentence(self) -> str:
        """The reader's note: "Ours, computed by cell 12 of this page's notebook: a - b (rows x, y)."""
        from ..labels import words

        text = words("Ours, computed by cell {0} of this page's notebook", self.cell)
        if self.expression:
            shown = self.expression if len(self.expression) <= MAX_EXPRESSION else self.expression[:MAX_EXPRESSION] + " …"
            text += f": {shown}"
        if self.rows:
            text += ". " + words("The cell reads data rows {0}" if len(self.rows) > 1 else "The cell reads data row {0}",
                                 ", ".join(self.rows))
        return text + "."


def _key_pattern(node: ast.expr) -> re.Pattern | None:
    """The glued key a call's first argument makes: a string, or an f-string as a pattern."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.compile(re.escape(node.value))
    if isinstance(node, ast.JoinedStr):
        parts = [re.escape(p.value) if isinstance(p, ast.Constant) else ".+?" for p in node.values]
        return re.compile("".join(parts))
    return None


def _glue_calls(source: str) -> list[tuple[re.Pattern | None, str]]:
    """(key pattern, value expression) of every glue call in a cell's source."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in GLUE_FUNCTIONS:
            expression = " ".join((ast.get_source_segment(source, node.args[1]) or "").split())
            calls.append((_key_pattern(node.args[0]), expression))
    return calls


def _assignments(source: str) -> dict[str, str]:
    """``name -> expression`` of the plain assignments in a cell (``a = …``, ``a, b = x, y``)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    found = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target, value = node.targets[0], node.value
        pairs = ([(target, value)] if isinstance(target, ast.Name) else
                 list(zip(target.elts, value.elts)) if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple)
                 and len(target.elts) == len(value.elts) else [])
        for name, expression in pairs:
            if isinstance(name, ast.Name):
                found[name.id] = " ".join((ast.get_source_segment(source, expression) or "").split())
    return found


def derivations(notebook: dict, row_ids: set[str]) -> dict[str, Derivation]:
    """Every glued key of an executed notebook, with the cell and expression that computed it. A value
    glued by a bare name (``glue("gap", gap)``) shows the assignment that computed the name
    (``gap = state - local``), from its own cell or an earlier one."""
    found, assigned = {}, {}
    code_cells = [cell for cell in notebook.get("cells", []) if cell.get("cell_type") == "code"]
    for number, cell in enumerate(code_cells, start=1):
        source = "".join(cell.get("source", ""))
        assigned.update(_assignments(source))
        keys = [output.get("metadata", {}).get("scrapbook", {}).get("name") for output in cell.get("outputs", [])]
        keys = [key for key in keys if key]
        if not keys:
            continue
        calls = [(pattern, f"{expr} = {assigned[expr]}" if expr.isidentifier() and expr in assigned else expr)
                 for pattern, expr in _glue_calls(source)]
        named = tuple(sorted(set(re.findall(r"[\"']([a-z0-9-]+)[\"']", source)) & row_ids))
        for key in keys:
            matching = [expr for pattern, expr in calls if pattern is not None and pattern.fullmatch(key)]
            if not matching and len(calls) == 1:
                matching = [calls[0][1]]  # one glue call with a computed key, such as glue(fact_id, ...)
            found[key] = Derivation(number, matching[0] if len(matching) == 1 else "", named)
    return found


@lru_cache(maxsize=64)
def _cached(path: Path, mtime: float, row_ids: frozenset[str]) -> dict[str, Derivation]:
    return derivations(json.loads(path.read_text(encoding="utf-8")), set(row_ids))


def for_page(path: Path, row_ids: frozenset[str]) -> dict[str, Derivation]:
    """The derivations of a page's executed notebook ({} when it has none)."""
    return _cached(path, path.stat().st_mtime, row_ids) if path.is_file() else {}
