"""Find the project and load the tables of its data package."""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

PACKAGE_FILE = Path("data") / "datapackage.json"

_PANDAS_TYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean"}


def project_root() -> Path:
    """The project folder: $COMPENDIUM_ROOT, else the nearest parent of the working
    directory that holds the data package, else the folder this package sits in."""
    env = os.environ.get("COMPENDIUM_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / PACKAGE_FILE).is_file():
            return folder
    return Path(__file__).resolve().parent.parent


@lru_cache(maxsize=None)
def _descriptor(root: Path) -> dict:
    return json.loads((root / PACKAGE_FILE).read_text(encoding="utf-8"))


def record_read(name: str) -> None:
    """Note that the running notebook read a table, in the file named by $COMPENDIUM_READ_LOG
    (set by the build, so that a change to that table re-executes exactly this notebook)."""
    log = os.environ.get("COMPENDIUM_READ_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(name + "\n")


def descriptor() -> dict:
    """The parsed ``datapackage.json``."""
    record_read("datapackage.json")
    return _descriptor(project_root())


def resource(name: str) -> dict:
    """The descriptor of one table."""
    for res in _descriptor(project_root())["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(f"no table named '{name}' in {PACKAGE_FILE}")


def load(name: str) -> pd.DataFrame:
    """Load one table with the column types its schema declares."""
    import pandas as pd  # here, not above: the build reads the table of contents without pandas

    res = resource(name)
    record_read(name)
    fields = res["schema"]["fields"]
    dtypes = {f["name"]: _PANDAS_TYPES.get(f.get("type"), "string") for f in fields}
    frame = pd.read_csv(project_root() / "data" / res["path"], dtype=dtypes, keep_default_na=False,
                        na_values={k: [""] for k, v in dtypes.items() if v != "string"})
    return frame


def tables() -> list[str]:
    """Names of all tables in the package, in the package's order."""
    return [res["name"] for res in descriptor()["resources"]]


def fields(name: str) -> pd.DataFrame:
    """One row per column of a table: name, type, required, constraints, description."""
    import pandas as pd

    record_read(name)
    rows = []
    for f in resource(name)["schema"]["fields"]:
        constraints = dict(f.get("constraints", {}))
        required = constraints.pop("required", False)
        rows.append({
            "column": f["name"],
            "type": f.get("type", "string"),
            "required": "yes" if required else "",
            "constraints": "; ".join(f"{k}: {v}" for k, v in constraints.items()),
            "description": f.get("description", ""),
        })
    return pd.DataFrame(rows)


def row_count(name: str) -> int:
    """Number of data rows in a table."""
    return len(load(name))


def _toc(root: Path | None = None) -> dict:
    """``_toc.yml`` as parsed, read again only when the file changes (the build asks for it per page)."""
    path = (root or project_root()) / "_toc.yml"
    return _parsed_toc(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _parsed_toc(path: Path, modified: int) -> dict:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _walk(entries) -> list[str]:
    """The files of toc entries and of all their sections, in reading order."""
    files = []
    for entry in entries or []:
        if "file" in entry:
            files.append(entry["file"])
        files += _walk(entry.get("sections")) + _walk(entry.get("chapters"))
    return files


def toc_files(root: Path | None = None) -> list[str]:
    """Every file named in ``_toc.yml``, without suffix, in reading order."""
    toc = _toc(root)
    return [toc["root"], *_walk(toc.get("parts")), *_walk(toc.get("chapters"))]


def toc_chapters(root: Path | None = None) -> list[list[str]]:
    """The book's chapters in order (the front page is not one), each as its landing page followed by
    its section pages: figures and tables are numbered through a chapter across its pages."""
    toc = _toc(root)
    chapters = [entry for part in toc.get("parts", []) for entry in part.get("chapters", [])]
    return [_walk([chapter]) for chapter in chapters + toc.get("chapters", [])]


def chapter_of(root: Path | None = None) -> dict[str, int]:
    """Each page of a chapter -> the chapter's number (1 for the first chapter after the front page)."""
    return {page: number for number, pages in enumerate(toc_chapters(root), start=1) for page in pages}
