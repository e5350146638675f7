"""Execute the book's notebooks in parallel into the execution cache, re-running only stale ones.

Jupyter Book keys a cached notebook on its code alone, so a data change leaves
stale outputs, and it executes notebooks one at a time. Before Sphinx runs, this
module:

1. decides per notebook whether its cached outputs are still valid: the cache
   must hold its current code, and every table it read last time (CSV bytes plus
   its schema), the helper package and ``CITATION.cff`` must be unchanged;
2. executes the stale notebooks on all cores, each kernel recording the tables
   it reads (``data.load`` appends them to the file in ``$COMPENDIUM_READ_LOG``);
3. stores the outputs in the cache that myst-nb reads, so Sphinx executes nothing,
   keeps each executed notebook for readers to download, and lists the pages whose
   notebooks ran as pending until a build publishes them (see ``sphinx_ext``).

Chapters are MyST text notebooks (``.md``); they are read here exactly as myst-nb reads
them, so the cache entries match. A notebook that raises, or a cell that runs past the
limit in ``_config.yml``, stops the build, naming the notebook, the cell and its line.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..data import PACKAGE_FILE, project_root

WORK_DIR = Path("_build") / ".work"  # Sphinx builds here; the site is published from it only on success
CACHE_DIR = WORK_DIR / "_build" / ".jupyter_cache"  # where myst-nb looks for it (beside Sphinx's output)
EXECUTED_DIR = WORK_DIR / "executed"  # each page's executed notebook, offered for download on the page
MANIFEST = "compendium-reads.json"
PENDING = "compendium-pending.json"
READ_LOG_VARIABLE = "COMPENDIUM_READ_LOG"
DESCRIPTOR_KEY = "datapackage.json"


def timeout(root: Path) -> int:
    """Seconds a cell may run: ``execute.timeout`` in ``_config.yml``, the one place it is set."""
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return int(config["execute"]["timeout"])


def _sha(*chunks: bytes) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def files_hash(root: Path, files, seed: str = "") -> str:
    """One hash over a seed and the given files, each by its name (relative to ``root`` when
    inside it) and content; missing files and ``__pycache__`` are skipped."""
    def label(path: Path) -> str:
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name

    return _sha(seed.encode(), *(label(p).encode() + p.read_bytes() for p in files
                                 if p.is_file() and "__pycache__" not in p.parts))


def package_hash(root: Path) -> str:
    """The one hash of the helper package as the book uses it (its code and stylesheet, and
    CITATION.cff): what every notebook depends on besides its tables, and every page's template."""
    return files_hash(root, sorted((root / "compendium").rglob("*")) + [root / "CITATION.cff"])


def table_hashes(root: Path) -> dict[str, str]:
    """Hash of each table (its CSV and its resource descriptor), and of the whole descriptor."""
    descriptor_bytes = (root / PACKAGE_FILE).read_bytes()
    hashes = {DESCRIPTOR_KEY: _sha(descriptor_bytes)}
    for resource in json.loads(descriptor_bytes)["resources"]:
        csv = root / "data" / resource["path"]
        spec = json.dumps(resource, sort_keys=True).encode()
        hashes[resource["name"]] = _sha(spec, csv.read_bytes() if csv.is_file() else b"")
    return hashes


@dataclass
class Outcome:
    """What executing one notebook produced."""
    path: str
    notebook: dict | None
    seconds: float
    tables: list[str]
    error: str | None
    file: str = ""  # hash of the notebook file as it was read to run


def notebook_file(root: Path, name: str) -> Path | None:
    """The notebook behind a page of the table of contents: a MyST text notebook (``.md`` with a
    notebook header) or an ``.ipynb``; None for a plain Markdown page."""
    from myst_nb.core.read import is_myst_markdown_notebook

    text_notebook = root / f"{name}.md"
    if text_notebook.is_file() and is_myst_markdown_notebook(text_notebook.read_text(encoding="utf-8")):
        return text_notebook
    classic = root / f"{name}.ipynb"
    return classic if classic.is_file() else None


def book_notebooks(root: Path) -> list[Path]:
    """The notebooks behind the pages of the table of contents, in its order."""
    from ..data import toc_files

    return [path for name in toc_files(root) if (path := notebook_file(root, name))]


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """A notebook as myst-nb reads it, so that the cache entries written here match its own look-ups."""
    if path.suffix == ".ipynb":
        return nbformat.read(path, as_version=4)
    from myst_nb.core.read import read_myst_markdown_notebook

    return read_myst_markdown_notebook(path.read_text(encoding="utf-8"), add_source_map=True, path=str(path))


def _cell_place(notebook: nbformat.NotebookNode, number: int, cell) -> str:
    """'cell N (line L)' for a text notebook (its first line in the file), 'cell N (id X)' otherwise."""
    source_map = notebook.metadata.get("source_map")
    if source_map:
        return f"cell {number} (line {source_map[number - 1]})"
    return f"cell {number} (id {cell.get('id', '')})"


KERNEL_STARTS = 3  # a kernel that fails to start is started again, at most this often in all
KERNEL_START_SECONDS = 300  # how long a starting kernel may take to answer, on a busy machine
KERNEL_START_FAILURES = ("before replying to kernel_info", "didn't respond in")  # jupyter_client's words


class KernelDidNotStart(RuntimeError):
    """No kernel answered: the machine, not the notebook, is at fault."""


def _run_in_a_kernel(notebook: nbformat.NotebookNode, path: Path, limit: int):
    """Run the notebook in a fresh kernel. When kernels start side by side on a busy machine, one may
    die or stay silent before it answers (two can race for a port); that says nothing about the
    notebook, so it starts again."""
    from jupyter_cache.executors.utils import single_nb_execution

    for attempt in range(1, KERNEL_STARTS + 1):
        try:
            return single_nb_execution(notebook, cwd=str(path.parent), timeout=limit, allow_errors=False,
                                       meta_override=True, startup_timeout=KERNEL_START_SECONDS)
        except RuntimeError as error:
            if not any(words in str(error) for words in KERNEL_START_FAILURES):
                raise
            if attempt == KERNEL_STARTS:
                raise KernelDidNotStart(f"its kernel did not start in {KERNEL_STARTS} tries ({error})") from error
            print(f"the kernel for {path.name} did not start ({error}); starting it again", flush=True)


def _execute(path: str, root: str, limit: int) -> Outcome:
    """Execute one notebook in a fresh kernel (runs in a worker process)."""
    from nbclient.exceptions import CellTimeoutError

    print(f"executing {Path(path).relative_to(root).as_posix()} ...", flush=True)
    file = _sha(Path(path).read_bytes())
    notebook = read_notebook(Path(path))
    with tempfile.NamedTemporaryFile("r", suffix=".reads", delete=False) as log:
        log_path = log.name
    os.environ[READ_LOG_VARIABLE] = log_path
    os.environ["COMPENDIUM_ROOT"] = root
    # The kernel's own stderr (start-up notices, its noise when stopped) goes to a file, not the build log.
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as kernel_log:
        saved = os.dup(2)
        os.dup2(kernel_log.fileno(), 2)
        try:
            result = _run_in_a_kernel(notebook, Path(path), limit)
            tables = sorted(set(Path(log_path).read_text(encoding="utf-8").split()))
        except KernelDidNotStart as error:
            return Outcome(path, None, 0.0, [], str(error))
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            os.unlink(log_path)
        kernel_log.seek(0)
        kernel_said = kernel_log.read()[-3000:]
    if result.err is None:
        return Outcome(path, result.nb, result.time, tables, None, file)
    started = [(i, c) for i, c in enumerate(result.nb.cells, start=1)
               if c.cell_type == "code" and c.get("execution_count") is not None]
    if isinstance(result.err, CellTimeoutError) and started:
        number, cell = started[-1]  # the last cell the kernel started is the one that hung
        return Outcome(path, None, result.time, tables,
                       f"{_cell_place(notebook, number, cell)} did not finish within {limit} s "
                       f"(execute.timeout in _config.yml)")
    failed = [(i, c) for i, c in started if any(o.output_type == "error" for o in c.outputs)]
    if failed:
        return Outcome(path, None, result.time, tables,
                       f"{_cell_place(notebook, *failed[0])} raised:\n{result.exc_string}")
    return Outcome(path, None, result.time, tables,
                   f"the kernel stopped ({type(result.err).__name__}: {result.err}); it said:\n{kernel_said}")


def _load_manifest(cache_dir: Path) -> dict:
    path = cache_dir / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def stale_notebooks(root: Path, notebooks: list[Path], cache, manifest: dict, tables: dict[str, str],
                    code: str) -> list[Path]:
    """Notebooks whose cached outputs are missing or depend on something that changed
    (their out-of-date cache records are removed). A notebook whose file is byte for byte the one
    that last ran, with its cache record still there, is not parsed again: the check costs in
    proportion to what changed."""
    stale, records = [], {record.pk for record in cache.list_cache_records()}
    for path in notebooks:
        key = path.relative_to(root).as_posix()
        entry = manifest.get(key)
        inputs_unchanged = entry is not None and entry["code"] == code and all(
            tables.get(name) == digest for name, digest in entry["tables"].items())
        file = _sha(path.read_bytes()) if inputs_unchanged else None
        if inputs_unchanged and entry.get("file") == file and entry.get("record") in records:
            continue
        try:
            record = cache.match_cache_notebook(read_notebook(path))
        except KeyError:
            stale.append(path)
            continue
        if inputs_unchanged:
            entry.update(file=file, record=record.pk)  # same code, other text: still fresh
        else:
            cache.remove_cache(record.pk)
            stale.append(path)
    return stale


def execute(root: Path, notebooks: list[Path], workers: int | None = None) -> tuple[list[str], list[str]]:
    """Bring the cache up to date; return the notebooks executed and one message per failure."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache_dir = root / CACHE_DIR
    cache = get_cache(str(cache_dir))
    manifest = _load_manifest(cache_dir)
    tables, code = table_hashes(root), package_hash(root)
    stale = stale_notebooks(root, notebooks, cache, manifest, tables, code)
    failures, reexecuted = [], []
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Mark the pages pending before their notebooks run: a page whose cached outputs change must be
    # read again by Sphinx, even when this build stops before Sphinx runs or while it runs.
    keys = [p.relative_to(root).as_posix() for p in stale]
    _write_atomically(cache_dir / PENDING, json.dumps(sorted(set(_pending(root)) | set(keys))))
    if stale:
        workers = workers or min(len(stale), os.cpu_count() or 1)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            outcomes = list(pool.map(_execute, [str(p) for p in stale], [str(root)] * len(stale),
                                     [timeout(root)] * len(stale)))
        for outcome in outcomes:
            key = Path(outcome.path).relative_to(root).as_posix()
            if outcome.error is not None:
                failures.append(f"notebook {key} failed:\n{outcome.error}")
                manifest.pop(key, None)
                continue
            executed = nbformat.from_dict(outcome.notebook)
            record = cache.cache_notebook_bundle(
                CacheBundleIn(executed, str(Path(outcome.path).resolve()), data={"execution_seconds": outcome.seconds}),
                check_validity=False, overwrite=True)
            download = root / EXECUTED_DIR / Path(key).with_suffix(".ipynb")
            download.parent.mkdir(parents=True, exist_ok=True)
            executed.metadata.pop("source_map", None)  # positions in the text file, of no use to a reader
            nbformat.write(executed, download)
            manifest[key] = {"code": code, "seconds": round(outcome.seconds, 2), "record": record.pk,
                             "file": outcome.file,
                             "tables": {name: tables[name] for name in outcome.tables if name in tables}}
            reexecuted.append(key)
    _write_atomically(cache_dir / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
    current = {Path(p.relative_to(root)).with_suffix(".ipynb") for p in notebooks}
    for download in (root / EXECUTED_DIR).rglob("*.ipynb"):
        if download.relative_to(root / EXECUTED_DIR) not in current:
            download.unlink()  # the page is gone: so is its download
    return sorted(reexecuted), failures


def _write_atomically(path: Path, text: str) -> None:
    """Write a file so that an interrupted write leaves the old one, never half of the new."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def _pending(root: Path) -> list[str]:
    path = root / CACHE_DIR / PENDING
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []


def clear_pending(root: Path) -> None:
    """Forget the pending pages: call only after a build has published them."""
    (root / CACHE_DIR / PENDING).unlink(missing_ok=True)


def reexecuted_docnames(root: Path | None = None) -> list[str]:
    """Pages whose notebooks ran since the site was last published (Sphinx docnames, without suffix):
    Sphinx must read them again, whether they ran in this build or in one that stopped."""
    return [name.rsplit(".", 1)[0] for name in _pending(root or project_root())]


def tables_read(docname: str, root: Path | None = None) -> list[str] | None:
    """The tables a page's notebook read when it last ran (None if the page is no executed notebook)."""
    manifest = _load_manifest((root or project_root()) / CACHE_DIR)
    entry = next((e for key, e in manifest.items() if key.rsplit(".", 1)[0] == docname), None)
    if entry is None:
        return None
    return sorted(name for name in entry["tables"] if name != DESCRIPTOR_KEY)
