"""Build the book: validate the data, execute stale notebooks in parallel, run Jupyter Book.

Execution happens before Sphinx (see ``execute``): only notebooks whose code or
whose tables changed run again, on all cores, and Sphinx re-reads exactly the
changed and re-executed pages. When the helper package itself changed, every
page is written again (``--all``).

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
from .validate import validate_package

def code_stamp(build_dir: Path, builder: str) -> Path:
    return build_dir / f".code-sha256-{builder}"


def code_changed(root: Path, build_dir: Path, builder: str) -> bool:
    """True when the helper package changed since this builder's last successful build:
    the pages it renders, such as the citation block, must then all be written again."""
    stamp = code_stamp(build_dir, builder)
    return not (stamp.is_file() and stamp.read_text() == execute.code_hash(root))


def main(argv: list[str] | None = None) -> int:
    """Validate, execute what is stale, build; the exit status is the build's."""
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
        code_stamp(build_dir, args.builder).write_text(execute.code_hash(root))
        if args.builder == "html":
            print(f"\nThe book is at {build_dir / 'html' / 'index.html'}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
