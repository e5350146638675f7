"""The chart vocabulary: every kind gives the book's look, provenance tooltips and a text alternative,
and every chart in the built book comes from it."""
from __future__ import annotations

import html as html_module
import json
import re

import pandas as pd
import pytest

from compendium import charts
from conftest import english_pages  # the bokmål charts are drawn from the same figures; the editions' tests check them

ROWS = pd.DataFrame({
    "label": ["A", "B", "A", "B"], "series": ["Norway", "Norway", "All", "All"], "value": [62, 45, 55, 43],
    "stat_id": ["t-1", "t-2", "t-3", "t-4"], "source_id": ["meld30"] * 4, "locator": [162, 162, 163, 163],
    "evidence": ["62 prosent", "45 prosent", "55 prosent", "43 prosent"], "year": [2018, 2018, 2020, 2021],
    "end": [2018, 2019, 2020, 2021], "step": [1, 2, 3, 4], "names": [["a"], ["b"], ["c"], ["d"]]})
WORDS = dict(title="A title", subtitle=["A line"], source="Source: a test.", description="A text alternative.")
COLOURS = {"Norway": charts.NORWAY, "All": charts.COMPARISON}
KINDS = {
    "bars": lambda: charts.bars(ROWS, "label", "value", value_title="Per cent", fields={"label": "Kind"},
                                colour="series", colours=COLOURS, stack="year", label="value", **WORDS),
    "grouped_bars": lambda: charts.grouped_bars(ROWS, "label", "value", "series", colours=COLOURS,
                                                value_title="Per cent", fields={"label": "Kind"}, **WORDS),
    "dots": lambda: charts.dots(ROWS, "label", "value", value_title="Rank", fields={"label": "Kind"},
                                colour="series", colours=COLOURS, reverse=True, zero=True, **WORDS),
    "dumbbell": lambda: charts.dumbbell(ROWS, "label", "value", "series", colours=COLOURS, value_title="Per cent",
                                       fields={"label": "Kind"}, **WORDS),
    "matrix": lambda: charts.matrix(ROWS.assign(n=1), "series", "label", count="n", fields={"label": "Kind"},
                                    **WORDS),
    "timeline": lambda: charts.timeline(ROWS, "year", "end", "series", "label", lanes=list(COLOURS),
                                       colours=COLOURS, fields={"label": "Event"}, **WORDS),
    "cards": lambda: charts.cards(ROWS, "label", "names", order="step", shade="step", choices=["Norway", "All"],
                                  choose=["series"], fields={"label": "Card"}, **WORDS),
    "ladder": lambda: charts.ladder(ROWS, "step", "names", group="series", colours=COLOURS,
                                    fields={"label": "Step"}, value_title="Step", **WORDS),
}


def tooltips(spec: dict) -> list[dict]:
    found = []
    for layer in spec.get("layer", [spec]):
        found += layer.get("encoding", {}).get("tooltip", [])
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_the_book_look_words_and_provenance(kind):
    figure = KINDS[kind]()
    spec = figure.spec()
    assert spec["usermeta"]["compendium"]["kind"] == kind
    assert spec["width"] == "container" and spec["description"] == "A text alternative."
    assert spec["title"] == {"text": "A title", "subtitle": ["A line", "Source: a test."]}
    titles = [t["title"] for t in tooltips(spec)]
    assert {"Where", "As printed", "Data row"} <= set(titles), titles
    rows = [row for data in spec["datasets"].values() for row in data if "provenance" in row]
    assert rows[0]["provenance"] == "source 003, line 162"
    bundle = figure._repr_mimebundle_()
    assert 'class="compendium-chart"' in bundle["text/html"] and bundle["image/png"]


def test_cards_show_the_rows_of_the_chosen_value():
    spec = KINDS["cards"]().spec()
    assert spec["params"][0]["bind"]["options"] == ["Norway", "All"]
    assert all(layer["transform"][0]["filter"] == "datum.series == choice" for layer in spec["layer"])


def test_a_reference_marker_and_a_range_carry_their_provenance():
    rule = charts.marker(ROWS.head(1), "value", "label")[0]
    band = charts.ranges(ROWS.head(1).assign(low=40, high=60), "label", "low", "high", "label", sort=None,
                         fields={"label": "Range"})[0]
    for layer in (rule, band):
        assert "Where" in [t["title"] for t in layer.to_dict()["encoding"]["tooltip"]]


def test_external_facts_name_their_address():
    facts = pd.DataFrame({"fact_id": ["x05"], "url": ["https://example.org/a"], "value": [3]})
    assert charts.with_provenance(facts)["provenance"].iloc[0] == "external fact x05: https://example.org/a"


def test_a_frame_without_provenance_gets_no_provenance_tooltip():
    counts = pd.DataFrame({"label": ["A"], "n": [3]})
    spec = charts.bars(counts, "label", "n", value_title="Count", fields={"label": "Kind", "n": "Count"},
                       **WORDS).spec()
    assert [t["title"] for t in tooltips(spec)] == ["Kind", "Count"]


def chart_specs(html_dir):
    for page in english_pages(html_dir):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r'compendiumChart\("#[^"]+", (\{.*?\})\)\.catch', text, re.S):
            yield page.relative_to(html_dir), json.loads(match.group(1))


def test_every_chart_of_the_book_comes_from_the_vocabulary(built_book):
    _, html = built_book
    specs = list(chart_specs(html))
    assert len(specs) >= 30
    for page, spec in specs:
        assert spec.get("usermeta", {}).get("compendium", {}).get("kind") in KINDS, page
        assert spec["title"]["text"] and len(spec["description"]) > 40, page
        located = any("locator" in row for rows in spec.get("datasets", {}).values() for row in rows)
        if located:
            assert "Where" in [t["title"] for t in tooltips(spec)], f"{page}: {spec['title']['text']}"


FIGURE = re.compile(r'<figure[^>]*id="(fig-[a-z0-9-]+)">(.*?)</figure>', re.S)


def figures(html_dir):
    """(page, anchor, figure number, chart spec) of every figure of the built book."""
    for page in english_pages(html_dir):
        for anchor, body in FIGURE.findall(page.read_text(encoding="utf-8")):
            number = re.search(r'caption-number">Figure (\d+)\.(\d+)', body)
            spec = re.search(r'compendiumChart\("#[^"]+", (\{.*?\})\)\.catch', body, re.S)
            yield page.relative_to(html_dir), anchor, number and number.groups(), spec and json.loads(spec.group(1))


def test_every_chart_is_a_numbered_figure_of_its_chapter(built_book):
    """Figures are numbered by chapter, on through a chapter's section pages in reading order."""
    from compendium.data import toc_chapters

    _, html = built_book
    found = list(figures(html))
    charts = sum(p.read_text(encoding="utf-8").count('class="compendium-chart"') for p in english_pages(html))
    assert len(found) == charts >= 30
    for page, anchor, number, spec in found:
        assert number and spec, f"{page}: {anchor} has no number or no chart"
        assert spec["usermeta"]["compendium"]["name"] == anchor
    for chapter, pages in enumerate(toc_chapters(), start=1):
        numbers = [number for name in pages for page, _, number, _ in found if page.with_suffix("").as_posix() == name]
        assert numbers == [(str(chapter), str(k)) for k in range(1, len(numbers) + 1)], (pages[0], numbers)


def test_every_figure_offers_the_rows_it_draws_and_its_pictures(built_book):
    import csv
    import io

    _, html = built_book
    for page, anchor, _, spec in figures(html):
        folder = html / "_figures"
        rows = list(csv.DictReader(io.StringIO((folder / f"{anchor}.csv").read_text(encoding="utf-8"))))
        layer = next(layer for layer in spec.get("layer", [spec]) if "tooltip" in layer.get("encoding", {}))
        data = spec["datasets"][(layer.get("data") or spec["data"])["name"]]
        titles = {t["title"]: t["field"] for t in layer["encoding"]["tooltip"]}
        assert len(rows) == len(data), anchor
        for title, field in titles.items():
            if title in rows[0]:
                drawn = [" ".join(map(str, v)) if isinstance(v, list) else v for v in (r.get(field) for r in data)]
                shown = [r[title] for r in rows]
                assert [str(chart_value(v)) for v in drawn] == [str(chart_value(v)) for v in shown], (anchor, title)
        svg = html_module.unescape((folder / f"{anchor}.svg").read_text(encoding="utf-8"))
        title = spec["title"]["text"]
        assert (title if isinstance(title, str) else title[0])[:30] in svg, f"{anchor}: the SVG lacks its title"
        assert (folder / f"{anchor}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        page_text = (html / page).read_text(encoding="utf-8")
        assert f'href="{"../" * (len(page.parts) - 1)}_figures/{anchor}.csv" download' in page_text


def test_every_figure_can_be_cited_by_its_number_and_anchor(built_book):
    _, html = built_book
    for page, anchor, number, _ in figures(html):
        body = dict(FIGURE.findall((html / page).read_text(encoding="utf-8")))[anchor]
        forms = dict(re.findall(r'<pre class="citation-text citation-(\w+)">([^<]*)</pre>', body))
        address = f"{page.with_suffix('').as_posix()}.html#{anchor}"
        assert set(forms) == {"apa", "chicago", "bibtex"}, anchor
        assert f"Figure {'.'.join(number)}: " in forms["apa"] and forms["apa"].endswith(address)
        assert f"Figure {'.'.join(number)}: " in forms["chicago"] and forms["chicago"].endswith(address + ".")
        assert f"title     = {{Figure {'.'.join(number)}: " in forms["bibtex"] and "%%" not in body


def chart_value(value):
    """A value as CSV and chart print it alike: whole floats without '.0', no value as ''."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    return int(number) if number.is_integer() else number
