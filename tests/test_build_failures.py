"""The build keeps its promises when things go wrong: no stale page, no live markup from data,
a message (never a traceback) for bad input, one build at a time, and a hung cell that is named."""
from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys

import pytest

from compendium.build import command as build
from compendium.checks.validate import validate_package
from conftest import append_code_cell, change_cocops_figure, glued_values, rewrite_csv, run_build

PAGES = ["book/sources/cocops.html", "book/synthesis/synthesis-argument.html"]  # pages that glue that figure


def pasted(project, page):
    text = (project / "_build" / "html" / page).read_text(encoding="utf-8")
    return glued_values(text)


@pytest.fixture()
def own_sources(project_copy, source_texts, tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(source_texts, sources)
    return {"COMPENDIUM_SOURCES": str(sources), "COMPENDIUM_ROOT": str(project_copy)}, sources


def shows(project, value):
    return all(value in pasted(project, page) for page in PAGES)


def test_a_failed_build_then_a_fix_shows_the_new_number_everywhere(project_copy, own_sources):
    env, sources = own_sources
    assert run_build(project_copy, env).returncode == 0 and shows(project_copy, "62")
    change_cocops_figure(project_copy, sources, "62", "63")
    notebook = project_copy / "book" / "analyses" / "surveys.md"
    pristine = notebook.read_bytes()
    append_code_cell(notebook, "raise RuntimeError('broken on purpose')")
    failed = run_build(project_copy, env)
    assert failed.returncode == 1 and "the published site is unchanged" in failed.stderr
    assert shows(project_copy, "62"), "a failed build changed the published site"
    notebook.write_bytes(pristine)
    fixed = run_build(project_copy, env)
    assert fixed.returncode == 0, fixed.stderr[-3000:]
    assert shows(project_copy, "63") and not any("62" in pasted(project_copy, p) for p in PAGES)
    assert "up to date" in run_build(project_copy, env).stdout


def interrupt_at(project, env, marker):
    """Start a build and press Ctrl-C (SIGINT to its process group) when its output shows ``marker``."""
    # Ctrl-C as at a terminal: the build gets the default SIGINT even when the test run was started in
    # the background, where a shell starts commands with SIGINT ignored (and they would run on).
    process = subprocess.Popen([sys.executable, "-m", "compendium.build"], cwd=project, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
                               env=dict(os.environ, PYTHONUNBUFFERED="1", **env),
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    seen = []
    for line in process.stdout:
        seen.append(line)
        if marker in line:
            os.killpg(process.pid, signal.SIGINT)
            break
    process.communicate(timeout=600)
    assert any(marker in line for line in seen), f"the build never reached '{marker}':\n{''.join(seen)[-3000:]}"
    return process.returncode


def test_a_build_interrupted_in_any_phase_leaves_the_last_site_and_the_next_build_catches_up(project_copy,
                                                                                            own_sources):
    env, sources = own_sources
    assert run_build(project_copy, env).returncode == 0 and shows(project_copy, "62")
    old = "62"
    for new, marker in [("63", "executing book/"), ("64", "reading sources"), ("65", "writing output")]:
        change_cocops_figure(project_copy, sources, old, new)
        assert interrupt_at(project_copy, env, marker) != 0
        assert shows(project_copy, old), f"interrupted at '{marker}', the published site changed"
        rebuilt = run_build(project_copy, env)
        assert rebuilt.returncode == 0, rebuilt.stderr[-3000:]
        assert shows(project_copy, new), f"after an interrupt at '{marker}' a page still shows {old}"
        old = new


def test_a_deleted_page_comes_back(project_copy, source_texts):
    assert run_build(project_copy).returncode == 0
    page = project_copy / "_build" / "html" / "book" / "reference" / "glossary.html"
    page.unlink()
    again = run_build(project_copy)
    assert again.returncode == 0 and page.is_file(), again.stdout[-2000:]


def test_a_second_build_in_the_same_folder_is_refused(project_copy, source_texts):
    lock = project_copy / "_build" / build.LOCK_FILE
    lock.parent.mkdir(parents=True)
    with open(lock, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write("process 4242")
        handle.flush()
        refused = run_build(project_copy)
    assert refused.returncode == 1
    assert "another build is running" in refused.stderr and "process 4242" in refused.stderr
    assert not (project_copy / "_build" / "html").exists()


def test_a_hung_cell_is_named_with_its_limit(project_copy, source_texts):
    config = project_copy / "_config.yml"
    config.write_text(re.sub(r"timeout: \d+", "timeout: 5", config.read_text(encoding="utf-8")), encoding="utf-8")
    where = append_code_cell(project_copy / "book" / "reference" / "glossary.md", "import time\ntime.sleep(60)")
    result = run_build(project_copy)
    assert result.returncode == 1
    assert "executing book/reference/glossary.md" in result.stdout
    assert (f"notebook book/reference/glossary.md failed:\n{where} did not finish within 5 s "
            "(execute.timeout in _config.yml)") in result.stderr
    assert "Traceback" not in result.stderr


def add_glossary_row(project, **values):
    def append(rows):
        row = dict(rows[0])
        row.update(values)
        rows.append(row)

    rewrite_csv(project / "data" / "glossary.csv", append)


MARKUP = ("{download}`../../../../etc/passwd` <img src=x onerror=alert(1)> **bold** [link](javascript:alert(1)) "
          "</script><img src=y onerror=alert(2)><!--")


def live_markup(html: str) -> list[str]:
    """Elements that planted markup would create if it reached a page as markup, not text."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    found = [str(tag)[:80] for tag in soup.find_all("img") if tag.get("onerror")]
    found += [str(tag)[:80] for tag in soup.find_all("a", href=re.compile(r"^\s*javascript:", re.I))]
    found += [str(tag)[:80] for tag in soup.find_all("strong") if tag.get_text() == "bold"]
    return found


# Display columns of the tables that reach pages through the glossary directive, the source record,
# the register tables, the findings tables and the figure tables (code does not compute with them).
PLANTED = {"glossary": ["english", "definition"], "sources": ["title", "author", "note"],
           "discrepancies": ["description", "handling"], "findings": ["headline", "statement"],
           "statistics": ["note"], "role_evidence": ["note"]}


def test_markup_in_data_shows_as_text_in_every_column_that_reaches_a_page(project_copy, source_texts):
    def plant(columns):
        def change(rows):
            for row in rows:
                for column in columns:
                    row[column] = (row[column] + " " + MARKUP).strip()
        return change

    for table, columns in PLANTED.items():
        rewrite_csv(project_copy / "data" / f"{table}.csv", plant(columns))
    add_glossary_row(project_copy, term_id="zz-planted", term="ZZ " + MARKUP)  # other pages link terms by name
    result = run_build(project_copy, None, "--english-only")  # planted text has no bokmål translation
    assert result.returncode == 0, result.stderr[-3000:]
    site = project_copy / "_build" / "html"
    assert not list(site.rglob("passwd")), "a role in the data copied a file into the site"
    pages = sorted((site / "book").rglob("*.html"))
    shown = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not live_markup(html), (page.name, live_markup(html))
        shown += html.count("onerror=alert(1)&gt;")
    assert shown > 1000, f"the planted text should show as text on the pages, found {shown} times"


@pytest.mark.parametrize("column, value, message", [
    ("url", "javascript:alert(1)", "pattern"),
    ("bibtex_key", "key`} {download}`/etc/hostname", "pattern"),
])
def test_sources_refuse_a_url_or_key_that_could_become_markup(project_copy, source_texts, column, value, message):
    rewrite_csv(project_copy / "data" / "sources.csv", lambda rows: rows[0].update({column: value}))
    problems = validate_package(project_copy, provenance=True)
    assert any(p.table == "sources.csv" and p.row == 2 and p.column == column and message in p.message
               for p in problems), problems


# Bad input: each is a message naming the file (and row and column where there is one), never a traceback.
def bom(project):
    path = project / "data" / "sources.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return "sources.csv: row 1, column '-': starts with a byte-order mark"


def broken_json(project):
    path = project / "data" / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"resources"', '"resources" oops', 1), encoding="utf-8")
    return "datapackage.json: row "


def resource_without_path(project):
    path = project / "data" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    del descriptor["resources"][0]["path"]
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    return "has no path"


def deleted_table(project):
    (project / "data" / "roles.csv").unlink()
    return "roles.csv: row 0, column '-': described in datapackage.json as 'roles' but missing"


def undescribed_table(project):
    (project / "data" / "extra.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return "extra.csv: row 0, column '-': not described in datapackage.json"


def value_inf(project):
    rewrite_csv(project / "data" / "cocops_quality.csv", lambda rows: rows[0].update(value="inf"))
    return "cocops_quality.csv: row 2, column 'value'"


def value_nan_in_words(project):
    rewrite_csv(project / "data" / "statistics.csv",
                lambda rows: next(r for r in rows if r["value_form"] == "words").update(value="NaN"))
    return "statistics.csv: row"


def blank_required(project):
    rewrite_csv(project / "data" / "roles.csv", lambda rows: rows[0].update(role_en="   "))
    return "roles.csv: row 2, column 'role_en': required, but only spaces"


def words_disagree(project):
    def edit(rows):
        row = next(r for r in rows if r["stat_id"] == "dfo2023-134-a")  # "Vi sendte ut to påminnelser"
        row["value"] = "3"
    rewrite_csv(project / "data" / "statistics.csv", edit)
    return "value 3 is not what the evidence says in words"


def evidence_inside_a_word(project):
    rewrite_csv(project / "data" / "cocops_quality.csv", lambda rows: rows[0].update(evidence="2"))  # line reads "62"
    return "not found as whole words on cocops line 226"


def digits_inside_a_number(project):
    rewrite_csv(project / "data" / "statistics.csv",
                lambda rows: next(r for r in rows if r["stat_id"] == "sgi2024-31-a").update(value="500"))
    return "value 500 is not written in the evidence"  # evidence reads "4,500"


BAD_INPUT = [bom, broken_json, resource_without_path, deleted_table, undescribed_table, value_inf,
             value_nan_in_words, blank_required, words_disagree, evidence_inside_a_word, digits_inside_a_number]


@pytest.mark.parametrize("spoil", BAD_INPUT, ids=[f.__name__ for f in BAD_INPUT])
def test_bad_input_is_a_message_and_changes_nothing(project_copy, source_texts, spoil):
    expected = spoil(project_copy)
    problems = [str(p) for p in validate_package(project_copy, provenance=True)]
    assert any(expected in p for p in problems), problems


def test_a_bad_table_stops_the_build_with_a_message_not_a_traceback(project_copy, source_texts):
    assert run_build(project_copy).returncode == 0
    before = (project_copy / "_build" / "html" / "index.html").read_bytes()
    expected = bom(project_copy)
    result = run_build(project_copy)
    assert result.returncode == 1 and expected in result.stderr and "Traceback" not in result.stderr
    assert (project_copy / "_build" / "html" / "index.html").read_bytes() == before


def test_missing_source_texts_stop_the_build_unless_asked_and_then_every_page_says_so(project_copy, source_texts,
                                                                                      tmp_path):
    partial = tmp_path / "partial"
    shutil.copytree(source_texts, partial)
    (partial / "002_aa4d84dc0b32cdc6.txt").unlink()
    one_missing = run_build(project_copy, {"COMPENDIUM_SOURCES": str(partial)})
    assert one_missing.returncode == 1 and "Traceback" not in one_missing.stderr
    assert "sources.csv: row" in one_missing.stderr and "002_aa4d84dc0b32cdc6.txt' not found" in one_missing.stderr

    nowhere = {"COMPENDIUM_SOURCES": str(tmp_path / "none")}
    refused = run_build(project_copy, nowhere)
    assert refused.returncode == 1 and "source texts not found" in refused.stderr
    unchecked = run_build(project_copy, nowhere, "--without-provenance")
    assert unchecked.returncode == 0, unchecked.stderr[-3000:]
    pages = sorted((project_copy / "_build" / "html" / "book").rglob("*.html"))
    assert pages and all("Provenance not checked" in p.read_text(encoding="utf-8") for p in pages)
    checked = run_build(project_copy)
    assert checked.returncode == 0
    assert not any("Provenance not checked" in p.read_text(encoding="utf-8") for p in pages)


def test_an_unknown_register_entry_or_row_id_in_the_prose_stops_the_build(project_copy, source_texts):
    page = project_copy / "book" / "analyses" / "nordic.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee {disc}`d999`, external fact x99 and `coc-99`.\n",
                    encoding="utf-8")
    result = run_build(project_copy)
    assert result.returncode != 0 and "register entry 'd999' is not in data/discrepancies.csv" in result.stderr
    for typo in ("x99", "coc-99"):
        assert f"'{typo}' looks like a data-row id but no table has it" in result.stderr, typo


def test_two_figures_with_one_name_stop_the_build(project_copy, source_texts):
    page = project_copy / "book" / "sources" / "sgi-2024.md"
    text = page.read_text(encoding="utf-8")
    assert '.glue("fig-sgi-ranks")' in text
    page.write_text(text.replace('.glue("fig-sgi-ranks")', '.glue("fig-nordic-sgi-ranks")')
                    .replace("fig-sgi-ranks", "fig-nordic-sgi-ranks"), encoding="utf-8")
    result = run_build(project_copy, {"COMPENDIUM_ROOT": str(project_copy)})
    assert result.returncode != 0
    assert "figure name 'fig-nordic-sgi-ranks' is used on two pages" in result.stdout + result.stderr
    assert not (project_copy / "_build" / "html").exists()
