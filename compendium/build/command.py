"""Build the book: validate the data, execute stale notebooks in parallel, run Sphinx, publish.

Execution happens before Sphinx (see ``execute``): only notebooks whose code or
whose tables changed run again, on all cores, and Sphinx re-reads exactly the
changed and re-executed pages, including those of earlier builds that stopped
before they were published. When the helper package itself changed, every page is
written again (``--all``). When no input changed at all since the last
successful build and every page is there, nothing runs; when only pages changed,
the data are not validated again.

Sphinx runs as ``jupyter-book build`` runs it, but on every core (see ``run_sphinx``). It writes
into ``_build/.work``; the site in ``_build/html`` (or ``_build/latex``)
is replaced only when a build succeeds, so a failed or interrupted build leaves the
last good site as it was. A lock refuses a second build in the same folder.

Run ``python -m compendium.build [--builder html] [--without-provenance]``.
"""
from __future__ import annotations

import argparse
import fcntl
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

from . import execute, run_sphinx
from ..data import project_root, toc_files
from ..checks.provenance import sources_dir
from ..checks.validate import validate_package
from ..translation import LANGUAGE, compile_catalogs

VALIDATED_STAMP = ".validated-sha256"
LOCK_FILE = ".build.lock"
UNCHECKED_VARIABLE = "COMPENDIUM_PROVENANCE_UNCHECKED"  # set for Sphinx: every page says so


def code_stamp(build_dir: Path, builder: str) -> Path:
    return build_dir / f".code-sha256-{builder}"


def code_changed(root: Path, build_dir: Path, builder: str, mode: str) -> bool:
    """True when the helper package, or whether provenance was checked, changed since this builder's
    last successful build: the pages it renders (citation block, stylesheet, the unchecked-provenance
    notice) must then all be written again."""
    stamp = code_stamp(build_dir, builder)
    return not (stamp.is_file() and stamp.read_text() == execute.package_hash(root) + mode)


OUTPUT_FOLDERS = {"html": "html", "pdflatex": "latex"}
PDF_NAME = "compendium.pdf"
PDF_VARIABLE = "COMPENDIUM_PDF"  # tells the Sphinx extension which PDF to put into the web book


def expected_outputs(root: Path, builder: str, both: bool = True) -> list[Path]:
    """The files a complete site has, relative to ``_build``: every page of the table of contents
    in each edition (HTML), or the PDF of each (``both``: the bokmål edition too)."""
    editions = [Path(), Path(LANGUAGE)] if both else [Path()]
    if builder == "html":
        pages = [Path(f"{name}.html") for name in toc_files(root)] + [Path("index.html")]
        return [Path("html") / edition / page for edition in editions for page in pages]
    if builder == "pdflatex":
        return [Path("latex") / edition / PDF_NAME for edition in editions]
    return []


def inputs_key(root: Path, mode: str) -> str:
    """Hash of every input of the book: pages, configuration, data, code, citation file, source texts,
    and whether provenance is checked."""
    files = [root / "_config.yml", root / "_toc.yml"]
    files += sorted(p for p in (root / "book").rglob("*") if ".ipynb_checkpoints" not in p.parts)
    return execute.files_hash(root, files, seed=validation_key(root) + execute.package_hash(root) + mode)


def structure_key(root: Path) -> str:
    """Hash of the book's shape: the table of contents and the names of its files. When it changes,
    Sphinx's output is written afresh, so no page or source of a removed or renamed file lingers."""
    names = sorted(p.relative_to(root).as_posix() for p in (root / "book").rglob("*") if p.is_file())
    return execute.files_hash(root, [root / "_toc.yml"], seed="\n".join(names))


def inputs_stamp(build_dir: Path, builder: str) -> Path:
    return build_dir / f".inputs-sha256-{builder}"


def up_to_date(root: Path, build_dir: Path, builder: str, inputs: str, both: bool = True) -> bool:
    """True when this builder's last successful build had exactly these inputs and every page it
    published is still there."""
    stamp, outputs = inputs_stamp(build_dir, builder), expected_outputs(root, builder, both)
    return (bool(outputs) and all((build_dir / output).is_file() for output in outputs)
            and stamp.is_file() and stamp.read_text() == inputs)


@contextmanager
def environment(settings: dict[str, str | None]):
    """Set (or, for None, remove) environment variables for the duration of a block."""
    def apply(values: dict[str, str | None]) -> None:
        for name, value in values.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    saved = {name: os.environ.get(name) for name in settings}
    apply(settings)
    try:
        yield
    finally:
        apply(saved)


@contextmanager
def build_lock(build_dir: Path):
    """Hold the folder's build lock; refuse (SystemExit 1) when another build holds it."""
    build_dir.mkdir(parents=True, exist_ok=True)
    with open(build_dir / LOCK_FILE, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            print(f"build refused: another build is running in {build_dir.parent} ({holder}); "
                  f"wait for it to finish", file=sys.stderr)
            raise SystemExit(1) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish(work: Path, target: Path) -> None:
    """Replace the published output with Sphinx's finished one; the old one stays until the new
    one is complete beside it. A file the old one holds unchanged (same size and time) is linked
    into the new one rather than copied: Sphinx writes only into its work folder, never into a
    published file, so the cost follows what the build wrote."""
    fresh, old = target.with_name(target.name + ".new"), target.with_name(target.name + ".old")
    for leftover in (fresh, old):
        if leftover.exists():
            shutil.rmtree(leftover)

    def link_or_copy(source: str, destination: str) -> str:
        published = target / Path(source).relative_to(work)
        written = os.stat(source)
        try:
            same = os.stat(published)
        except FileNotFoundError:
            same = None
        if same and (same.st_size, same.st_mtime_ns) == (written.st_size, written.st_mtime_ns):
            os.link(published, destination)
            return destination
        return shutil.copy2(source, destination)

    shutil.copytree(work, fresh, copy_function=link_or_copy)
    if target.exists():
        os.replace(target, old)
    os.replace(fresh, target)
    if old.exists():
        shutil.rmtree(old)


def validation_key(root: Path) -> str:
    """Hash of everything validation reads: the data, the checking code and the source texts."""
    folder = sources_dir()
    files = sorted((root / "data").glob("*")) + (sorted(folder.glob("*.txt")) if folder else [])
    return execute.files_hash(root, files, seed=str(folder) + execute.package_hash(root))


def validate(root: Path, build_dir: Path, provenance: bool) -> bool:
    """Validate the data package unless nothing it depends on changed since it last passed."""
    stamp, key = build_dir / VALIDATED_STAMP, validation_key(root) + str(provenance)
    if stamp.is_file() and stamp.read_text() == key:
        print("data package unchanged since it last validated")
        return True
    problems = validate_package(root, provenance=provenance)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"build stopped: the data package has {len(problems)} problem(s)", file=sys.stderr)
        return False
    build_dir.mkdir(parents=True, exist_ok=True)
    stamp.write_text(key)
    return True


def main(argv: list[str] | None = None) -> int:
    """Validate, execute what is stale, build, publish; the exit status is the build's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builder", default="html", help="Sphinx builder (html, pdflatex, ...)")
    parser.add_argument("--without-provenance", action="store_true",
                        help="build without the source texts: rows are not checked against their lines, "
                             "and every page says so")
    parser.add_argument("--english-only", action="store_true",
                        help="build the English edition only: the author's loop while the bokmål catalogues catch up "
                             "with an edit (`make book` builds both, and refuses an untranslated message)")
    parser.add_argument("--with-pdf", action="store_true",
                        help="build the PDF edition first, then the web book with the PDF in it and a link "
                             "to it on every page (needs TeX Live; `make book` adds this when it is installed)")
    args = parser.parse_args(argv)
    root = project_root()
    build_dir = root / "_build"
    provenance = not args.without_provenance
    with build_lock(build_dir):
        if args.with_pdf and args.builder == "html":
            status = build(root, build_dir, "pdflatex", provenance, both=not args.english_only)
            return status or build(root, build_dir, "html", provenance, pdf=build_dir / "latex" / PDF_NAME,
                                   both=not args.english_only)
        return build(root, build_dir, args.builder, provenance, both=not args.english_only)


def build(root: Path, build_dir: Path, builder: str, provenance: bool, pdf: Path | None = None,
          both: bool = True) -> int:
    """One builder's build, of both editions unless ``both`` is false (English only); ``pdf``: the PDF
    edition to put into the web book and link from its pages."""
    mode = (("" if provenance else "-unchecked") + (f"-pdf-{execute.files_hash(root, [pdf])}" if pdf else "")
            + ("" if both else "-english-only"))
    inputs = inputs_key(root, mode)
    if up_to_date(root, build_dir, builder, inputs, both):
        print(f"nothing changed since the last {builder} build: the book is up to date")
        return 0
    inputs_stamp(build_dir, builder).unlink(missing_ok=True)  # a build that stops is never up to date
    if not provenance:
        print("WARNING: building without the source texts: provenance is NOT checked", file=sys.stderr)
    if not validate(root, build_dir, provenance):
        return 1
    notebooks = execute.book_notebooks(root)
    executed, failures = execute.execute(root, notebooks)
    if failures:
        for failure in failures:
            print(failure, file=sys.stderr)
        print(f"build stopped: {len(failures)} of {len(notebooks)} notebooks failed; the published site is "
              f"unchanged", file=sys.stderr)
        return 1
    print(f"executed {len(executed)} of {len(notebooks)} notebooks: {', '.join(executed) or 'none stale'}")
    work = root / execute.WORK_DIR
    folder = OUTPUT_FOLDERS.get(builder, builder)
    output, edition = work / "_build" / folder, work / "_build" / f"{folder}-{LANGUAGE}"
    shape, shape_stamp = structure_key(root), build_dir / f".structure-sha256-{builder}"
    if not (shape_stamp.is_file() and shape_stamp.read_text() == shape):
        for stale in (output, edition):
            if stale.exists():
                shutil.rmtree(stale)
    flags = ["--all"] if code_changed(root, build_dir, builder, mode) else []
    settings = {"COMPENDIUM_ROOT": str(root), UNCHECKED_VARIABLE: None if provenance else "1",
                PDF_VARIABLE: str(pdf) if pdf else None}
    nested = output / LANGUAGE  # where the web book holds the bokmål edition, and the PDF folder its PDF
    if nested.exists():
        shutil.rmtree(nested)
    with environment(settings):  # in this process: Sphinx shares the imports the checks above made
        status = run_sphinx.main([str(root), str(output), builder, *flags])
        if status == 0 and both and builder in OUTPUT_FOLDERS:  # the same pages, through the catalogues; nothing runs
            locales = compile_catalogs(root, work / "locales")
            status = run_sphinx.main([str(root), str(edition), builder, *flags, f"--language={LANGUAGE}",
                                      f"--locales={locales}"])
    if status != 0:
        print("build stopped: Sphinx failed; the published site is unchanged", file=sys.stderr)
        return status
    if both and builder == "html":
        shutil.copytree(edition, nested, copy_function=os.link)
    elif both:
        nested.mkdir()
        os.link(edition / PDF_NAME, nested / PDF_NAME)
    publish(output, build_dir / folder)
    execute.clear_pending(root)
    shape_stamp.write_text(shape)
    code_stamp(build_dir, builder).write_text(execute.package_hash(root) + mode)
    inputs_stamp(build_dir, builder).write_text(inputs)
    if builder == "html":
        print(f"\nThe book is at {build_dir / 'html' / 'index.html'}")
    return 0
