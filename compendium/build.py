"""Build the book: validate the data, execute stale notebooks in parallel, run Jupyter Book.

Execution happens before Sphinx (see ``execute``): only notebooks whose code or
whose tables changed run again, on all cores, and Sphinx re-reads exactly the
changed and re-executed pages. When the helper package itself changed, every
page is written again (``--all``). When no input changed at all since the last
successful build, nothing runs; when only pages changed, the data are not
validated again.

Run ``python -m compendium.build [--builder html]``.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from . import execute
from .data import project_root, toc_files
from .provenance import sources_dir
from .validate import validate_package

VALIDATED_STAMP = ".validated-sha256"


def code_stamp(build_dir: Path, builder: str) -> Path:
    return build_dir / f".code-sha256-{builder}"


def package_hash(root: Path) -> str:
    """Hash of the helper package as the site uses it: its code, its stylesheet, and CITATION.cff."""
    return execute.files_hash(root, sorted((root / "compendium").rglob("*")) + [root / "CITATION.cff"])


def code_changed(root: Path, build_dir: Path, builder: str) -> bool:
    """True when the helper package changed since this builder's last successful build:
    the pages it renders (citation block, stylesheet) must then all be written again."""
    stamp = code_stamp(build_dir, builder)
    return not (stamp.is_file() and stamp.read_text() == package_hash(root))


OUTPUTS = {"html": Path("html") / "index.html", "pdflatex": Path("latex") / "compendium.pdf"}


def inputs_key(root: Path) -> str:
    """Hash of every input of the book: pages, configuration, data, code, citation file, source texts."""
    files = [root / "_config.yml", root / "_toc.yml"]
    files += sorted(p for p in (root / "book").rglob("*") if ".ipynb_checkpoints" not in p.parts)
    return execute.files_hash(root, files, seed=validation_key(root) + package_hash(root))


def inputs_stamp(build_dir: Path, builder: str) -> Path:
    return build_dir / f".inputs-sha256-{builder}"


def up_to_date(build_dir: Path, builder: str, inputs: str) -> bool:
    """True when this builder's last successful build had exactly these inputs and its output is still there."""
    stamp, output = inputs_stamp(build_dir, builder), OUTPUTS.get(builder)
    return (output is not None and (build_dir / output).is_file()
            and stamp.is_file() and stamp.read_text() == inputs)


def validation_key(root: Path) -> str:
    """Hash of everything validation reads: the data, the checking code and the source texts."""
    folder = sources_dir()
    files = sorted((root / "data").glob("*")) + sorted((root / "compendium").glob("*.py"))
    files += sorted(folder.glob("*.txt")) if folder else []
    return execute.files_hash(root, files, seed=str(folder))


def validate(root: Path, build_dir: Path) -> bool:
    """Validate the data package unless nothing it depends on changed since it last passed."""
    stamp, key = build_dir / VALIDATED_STAMP, validation_key(root)
    if stamp.is_file() and stamp.read_text() == key:
        print("data package unchanged since it last validated")
        return True
    problems = validate_package(root)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"build stopped: the data package has {len(problems)} problem(s)", file=sys.stderr)
        return False
    build_dir.mkdir(parents=True, exist_ok=True)
    stamp.write_text(key)
    return True


def main(argv: list[str] | None = None) -> int:
    """Validate, execute what is stale, build; the exit status is the build's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builder", default="html", help="Sphinx builder (html, pdflatex, ...)")
    args = parser.parse_args(argv)
    root = project_root()
    build_dir = root / "_build"
    inputs = inputs_key(root)
    if up_to_date(build_dir, args.builder, inputs):
        print(f"nothing changed since the last {args.builder} build: the book is up to date")
        return 0
    if not validate(root, build_dir):
        return 1
    notebooks = [root / f"{name}.ipynb" for name in toc_files(root) if (root / f"{name}.ipynb").is_file()]
    executed, failures = execute.execute(root, notebooks)
    print(f"executed {len(executed)} of {len(notebooks)} notebooks: {', '.join(executed) or 'none stale'}")
    if failures:
        for failure in failures:
            print(failure, file=sys.stderr)
        print(f"build stopped: {len(failures)} notebook(s) failed", file=sys.stderr)
        return 1
    command = [
        str(Path(sys.executable).parent / "jupyter-book"), "build", str(root),
        "--builder", args.builder, "-W", "-n", "--keep-going",
    ]
    if code_changed(root, build_dir, args.builder):
        command.append("--all")
    env = dict(os.environ, COMPENDIUM_ROOT=str(root))
    result = subprocess.run(command, env=env)
    if result.returncode == 0:
        code_stamp(build_dir, args.builder).write_text(package_hash(root))
        inputs_stamp(build_dir, args.builder).write_text(inputs)
        if args.builder == "html":
            print(f"\nThe book is at {build_dir / 'html' / 'index.html'}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
