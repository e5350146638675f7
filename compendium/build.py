"""Build the book: validate the data, keep the execution cache honest, run Jupyter Book.

jupyter-cache keys a notebook on its code only, so a change to ``data/`` or to
this package would leave stale outputs. Before each build the inputs are
hashed; when the hash differs from the last build's, the execution cache is
cleared. Every build re-reads all pages (``--all``), so a value glued on one
page and pasted on another is never stale.

Run ``python -m compendium.build [--builder html]``.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .data import project_root
from .validate import validate_package

HASH_FILE = ".inputs-sha256"


def inputs_hash(root: Path) -> str:
    """One hash over every file the notebooks read besides their own code."""
    digest = hashlib.sha256()
    files = sorted((root / "data").rglob("*")) + sorted((root / "compendium").rglob("*.py"))
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def refresh_cache(root: Path, build_dir: Path) -> bool:
    """Clear the execution cache if the inputs changed; True if it was cleared."""
    stamp = build_dir / HASH_FILE
    current = inputs_hash(root)
    if stamp.is_file() and stamp.read_text() == current:
        return False
    shutil.rmtree(build_dir / ".jupyter_cache", ignore_errors=True)
    build_dir.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current)
    return True


def main(argv: list[str] | None = None) -> int:
    """Validate, refresh the cache, build; the exit status is the build's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builder", default="html", help="Sphinx builder (html, pdflatex, ...)")
    args = parser.parse_args(argv)
    root = project_root()
    problems = validate_package(root)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"build stopped: the data package has {len(problems)} problem(s)", file=sys.stderr)
        return 1
    build_dir = root / "_build"
    if refresh_cache(root, build_dir):
        print("inputs changed since the last build: execution cache cleared")
    command = [
        str(Path(sys.executable).parent / "jupyter-book"), "build", str(root),
        "--builder", args.builder, "--all", "-W", "-n", "--keep-going",
    ]
    env = dict(os.environ, COMPENDIUM_ROOT=str(root))
    result = subprocess.run(command, env=env)
    if result.returncode == 0 and args.builder == "html":
        print(f"\nThe book is at {build_dir / 'html' / 'index.html'}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
