"""The environment is what requirements.txt and its hashed lock pin, and CI runs the README's test command."""
from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata

from conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s#]+)")


def pins() -> dict[str, str]:
    found = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            found[match.group(1)] = match.group(2)
    return found


def test_every_requirement_is_pinned_exactly():
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()]
    unpinned = [line for line in lines if line and not line.startswith("#") and not PIN.match(line)]
    assert not unpinned and len(pins()) >= 10


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, tuple[str, int, list[str]]]:
    """requirements.lock: name -> (version, number of hashes, what it is required via)."""
    entries, current = {}, None
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            current = normalised(match.group(1))
            entries[current] = [match.group(2), 0, []]
        elif current and line.strip().startswith("--hash=sha256:"):
            entries[current][1] += 1
        elif current and line.strip().startswith("#"):
            entries[current][2].append(line.strip().lstrip("#").strip())
    return {name: tuple(entry) for name, entry in entries.items()}


def test_the_lock_is_up_to_date_with_requirements():
    lock = locked()
    direct = {normalised(name): version for name, version in pins().items()}
    stale = {name: (version, lock.get(name, ("missing",))[0]) for name, version in direct.items()
             if lock.get(name, ("missing",))[0] != version}
    assert not stale, f"requirements.txt and requirements.lock disagree; run `make lock`: {stale}"
    from_requirements = {name for name, (_, _, via) in lock.items() if any("-r requirements.txt" in v for v in via)}
    assert from_requirements == set(direct), "requirements.lock was made from another requirements.txt; run `make lock`"


def test_every_locked_package_has_a_hash():
    assert len(locked()) > len(pins()) and all(hashes for _, hashes, _ in locked().values())


def test_installed_versions_are_the_locked_ones():
    installed = {normalised(d.metadata["Name"]): d.version for d in metadata.distributions()}
    wrong = {name: (version, installed.get(name)) for name, (version, _, _) in locked().items()
             if installed.get(name) != version}
    assert not wrong


def test_installed_versions_are_the_pinned_ones():
    wrong = {name: (version, metadata.version(name)) for name, version in pins().items()
             if metadata.version(name) != version}
    assert not wrong


def test_pip_check_is_clean():
    result = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme and "make book" in readme
    assert ci.rstrip().splitlines()[-1] == "make test"
