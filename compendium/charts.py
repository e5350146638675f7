"""The book's charts: a handful of kinds, one look, and one way onto the page.

A chapter calls a kind (:func:`bars`, :func:`grouped_bars`, :func:`dots`, :func:`dumbbell`,
:func:`matrix`, :func:`timeline`, :func:`ladder`, :func:`cards`) with a tidy frame, the columns to
draw and the words that differ from chart to chart: ``title`` (the finding), ``subtitle``, ``source``
(see :func:`source_note`), ``description`` (the text alternative) and ``height``. Every kind returns a
:class:`Figure`, which adds what every chart needs: the standard theme and width, provenance in the
tooltips (source and line, the words as printed, the data row), the text alternative, a numbered
caption, and the panel with its rows, downloads and citation; on display, a ``<div>`` with one
``vegaEmbed`` call for the web book plus a PNG of the same specification for the PDF. Whatever every
figure should gain belongs in :class:`Figure`.

The vega libraries come from a single static file that the book's Sphinx extension writes from the
pinned ``vl-convert-python`` package, so no chart loads anything from the internet.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache

import altair as alt
import pandas as pd

# Colour-blind-safe palette (Okabe-Ito), in the order series are drawn.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
NORWAY = PALETTE[0]
COMPARISON = PALETTE[1]
GREY = "#999999"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
WIDTH = "container"  # charts take the width of the text column
STATIC_WIDTH = 640  # pixels, for the static image of the PDF edition

# Columns that identify a data row, in the order a tooltip prefers them.
ROW_IDS = ["stat_id", "fact_id", "finding_id", "event_id", "row_id", "disc_id"]
PROVENANCE = "provenance"  # the column :func:`with_provenance` adds
ABBREVIATIONS = "abbreviations"  # the column :func:`annotated` adds


@alt.theme.register("compendium", enable=True)
def compendium_theme() -> alt.theme.ThemeConfig:
    """One palette and type scale for every chart in the book."""
    return {
        "config": {
            "font": FONT,
            "autosize": {"type": "fit-x", "contains": "padding"},
            "view": {"continuousHeight": 300, "stroke": None},
            "range": {"category": PALETTE},
            "title": {"fontSize": 15, "fontWeight": 600, "anchor": "start", "subtitleFontSize": 12,
                      "subtitleColor": "#444444"},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": 500, "gridColor": "#e5e5e5"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "top", "labelLimit": 400},
        }
    }


# ---- what every figure gets ------------------------------------------------------------------

def source_note(frame: pd.DataFrame, source_label: str) -> str:
    """'Source: <label>, line(s) …' from the locators of the rows a chart shows."""
    lines = sorted({int(x) for x in frame["locator"]})
    span = f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}–{lines[-1]}"
    return f"Source: {source_label}, {span}."


def with_provenance(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with a ``provenance`` column saying where each row comes from: 'source 003, line
    162' for a row of the sources, 'external fact x05: <address>' for an external fact."""
    if PROVENANCE in frame or not ({"source_id", "locator"} <= set(frame) or {"fact_id", "url"} <= set(frame)):
        return frame
    from .data import load

    number = load("sources").set_index("source_id")["number"]

    def where(row: pd.Series) -> str:
        if "fact_id" in row and "url" in row and pd.notna(row["url"]) and row["url"]:
            return f"external fact {row['fact_id']}: {row['url']}"
        if pd.isna(row.get("locator")):
            return ""
        return f"source {number.get(row['source_id'], row['source_id'])}, line {int(row['locator'])}"

    return frame.assign(**{PROVENANCE: frame.apply(where, axis=1) if len(frame) else ""})


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """Short forms a chart may show -> their English names: the ministries, and the glossary's
    abbreviations (KS, DFØ, NAV ...)."""
    from .data import load

    glossary = load("glossary")
    short = glossary[glossary["term"].str.fullmatch(r"[A-ZÆØÅ][A-Za-zÆØÅæøå]{0,3}[A-ZÆØÅ]")]
    ministries = load("ministries")
    return {**dict(zip(short["term"], short["english"])), **dict(zip(ministries["abbreviation"], ministries["name_en"]))}


@lru_cache(maxsize=1)
def abbreviation_pattern() -> re.Pattern:
    """A regular expression that finds each of :func:`abbreviations` as a word of its own."""
    names = sorted(map(re.escape, abbreviations()), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(names) + r")(?![\w-])")


def annotated(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its provenance (:func:`with_provenance`) and an ``abbreviations`` column that
    spells out every abbreviation the row shows ("KDD: Ministry of Local Government and ...")."""
    frame = with_provenance(frame)
    names, pattern = abbreviations(), abbreviation_pattern()
    texts = [" ".join(value for value in row if isinstance(value, str)) for row in frame.itertuples(index=False)]

    def spelled_out(text: str) -> str:
        return "; ".join(f"{short}: {names[short]}" for short in dict.fromkeys(pattern.findall(text)))

    return frame.assign(**{ABBREVIATIONS: [spelled_out(text) for text in texts] if len(frame) else ""})


def tooltip(frame: pd.DataFrame, fields: dict[str, str]) -> list[alt.Tooltip]:
    """Tooltips for the given columns ({column: title}), followed by the row's provenance, its
    wording as printed, its data-row id and the abbreviations it shows spelled out, where the frame
    has them."""
    fields = dict(fields)
    ids = [c for c in ROW_IDS if c in frame and c not in fields]
    spelled = [(ABBREVIATIONS, "Abbreviations")] if ABBREVIATIONS in frame and frame[ABBREVIATIONS].ne("").any() else []
    for column, title in [(PROVENANCE, "Where"), ("evidence", "As printed")] + [(i, "Data row") for i in ids[:1]] + spelled:
        if column in frame and column not in fields:
            fields[column] = title
    return [alt.Tooltip(column, type=_type(frame[column]), title=title) for column, title in fields.items()]


def _type(series: pd.Series) -> str:
    return "quantitative" if pd.api.types.is_numeric_dtype(series) and series.dtype != bool else "nominal"


def colour_scale(colours) -> alt.Scale:
    """A colour scale from {value: colour} (in legend order), or from a list of values (palette)."""
    if isinstance(colours, dict):
        return alt.Scale(domain=list(colours), range=list(colours.values()))
    return alt.Scale(domain=list(colours), range=PALETTE[:len(colours)])


FIGURE_METADATA = "compendium_figure"  # output metadata that the build turns into the figure's downloads
FIGURES_PREFIX = "%%FIGURES%%/"  # the Sphinx extension puts the path to the site's figure folder here
FIGURE_NAME = re.compile(r"fig-[a-z0-9]+(-[a-z0-9]+)*")


@dataclass
class Figure:
    """One chart of the book: its layers, the rows it draws and the words around it.

    A chapter shows it as a numbered figure: ``figure.glue("fig-…")`` in a code cell, then
    ```` ```{glue:figure} fig-… ```` with ``:name: fig-…`` and the caption ``{glue:text}`fig-…-caption```
    in the prose. Displayed, a Figure gives the chart (web: SVG by vega-embed; PDF: a PNG of the same
    specification) and a folded "Data, sources and citation" panel: the rows it draws with their source
    line, words as printed and data row, downloads of those rows (CSV) and of the chart (SVG, PNG),
    and a citation of the figure."""
    layers: list
    rows: pd.DataFrame
    title: str | list[str]
    description: str
    fields: dict[str, str] = field(default_factory=dict)
    subtitle: list[str] = field(default_factory=list)
    source: str = ""
    height: int = 300
    params: list = field(default_factory=list)
    kind: str = ""
    name: str = ""
    quoted: list[str] = field(default_factory=list)  # columns that hold a source's words

    def chart(self) -> alt.LayerChart:
        """The Altair chart with the book's title block, width and text alternative."""
        subtitle = [line for line in list(self.subtitle) + [self.source] if line]
        chart = alt.layer(*self.layers).properties(
            title=alt.Title(self.title, subtitle=subtitle), width=WIDTH, height=self.height,
            description=self.description, usermeta={"compendium": {"kind": self.kind, "name": self.name}})
        return chart.add_params(*self.params) if self.params else chart

    def spec(self) -> dict:
        return self.chart().to_dict()

    def heading(self) -> str:
        """The title on one line: the finding the chart shows."""
        return " ".join(self.title) if isinstance(self.title, list) else self.title

    def caption(self) -> str:
        """The finding the chart shows and where its data come from."""
        return f"{self.heading().rstrip('.')}. {self.source}".strip()

    def data(self) -> pd.DataFrame:
        """The rows the chart draws: its tooltip columns, then where each row comes from, its words as
        printed and its data row, under the tooltips' titles."""
        columns = dict(self.fields)
        for column, title in [(PROVENANCE, "Where"), ("evidence", "As printed")] + [(i, "Data row") for i in ROW_IDS]:
            if column in self.rows and column not in columns and title not in columns.values():
                columns[column] = title
        shown = self.rows[[c for c in columns if c in self.rows]].rename(columns=columns)
        return shown.apply(lambda col: col.map(lambda v: " ".join(map(str, v)) if isinstance(v, list) else v))

    def glue(self, name: str) -> None:
        """Store the figure and its caption in the page under ``name`` (its anchor, 'fig-…')."""
        from myst_nb import glue

        from .chapters import Words

        if not FIGURE_NAME.fullmatch(name):
            raise ValueError(f"figure name {name!r}: use 'fig-' and lower-case words joined by '-'")
        self.name = name
        glue(name, self, display=False)
        glue(f"{name}-caption", Words(self.caption()), display=False)

    def _repr_mimebundle_(self, include=None, exclude=None):
        spec = self.spec()
        bundle = render(spec)
        if not self.name:
            return bundle
        table = self.data()
        quoted = [c for c in table if c in [self.fields.get(c, c) for c in self.quoted] + ["As printed"]]
        bundle["text/html"] += _panel(self.name, self.heading(), table, quoted)
        return bundle, {FIGURE_METADATA: {"name": self.name, "csv": table.to_csv(index=False), "spec": spec,
                                          "heading": self.heading(), "quoted": quoted,
                                          "quoted_fields": [*self.quoted, "evidence"]}}


def _panel(name: str, title: str, table: pd.DataFrame, quoted: list[str]) -> str:
    """The folded panel under a chart: its rows, downloads of them and of the chart, and how to cite it."""
    from . import citation
    from .labels import words
    from .tables import Table

    files = "".join(f'<a href="{FIGURES_PREFIX}{name}.{ext}" download>{words(label)}</a>'
                    for ext, label in (("csv", "Data (CSV)"), ("svg", "Chart (SVG)"), ("png", "Chart (PNG)")))
    cited = citation.figure_citation(citation.metadata(), name, title)
    return (f'<details class="figure-data" id="{name}-data"><summary>{words("Data, sources and citation")}</summary>'
            f'{Table(table, classes="figure-table figure-data-table", quoted=quoted, fold=False)._repr_html_()}'
            f'<p class="figure-downloads">{files}</p>'
            f'<div class="figure-cite"><p><strong>{words("Cite this figure")}</strong></p>'
            f'{citation.forms_html(cited, "this figure")}</div></details>')


def figure_outputs(notebook: dict):
    """Each figure of an executed notebook (what :class:`Figure` stored with it), with its PNG."""
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            figure = output.get("metadata", {}).get(FIGURE_METADATA)
            if figure:
                data = output.get("data", {})
                yield figure, data.get("image/png") or data.get("application/papermill.record/image/png", "")


# Keys whose strings name things in the specification rather than show words.
_NAMES = {"field", "type", "name", "param", "as", "aggregate", "timeUnit", "scheme", "$schema", "format",
          "formatType", "orient", "align", "baseline", "font", "fontWeight", "anchor", "signal", "expr",
          "labelExpr", "test", "filter", "calculate", "fill", "stroke", "color", "interpolate", "shape",
          "cursor", "mark", "op", "data", "url", "values", "stack", "cap", "strokeCap"}


# Keys whose strings (or lists of lines) are words a reader sees.
_WORDS = {"title", "subtitle", "text", "description"}


def _walk(value, change, key=None):
    """``value`` (JSON) with ``change(key, leaf)`` applied to every string and every list of strings
    (``key``: the nearest key above it)."""
    if isinstance(value, dict):
        return {k: _walk(v, change, k) for k, v in value.items()}
    if isinstance(value, list) and not all(isinstance(v, str) for v in value):
        return [_walk(v, change, key) for v in value]
    return change(key, value) if isinstance(value, (str, list)) else value


def _fields_shown(spec: dict) -> set[str]:
    """Columns that some channel of some layer draws (axis, legend, text, tooltip)."""
    shown = set()

    def visit(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "encoding" and isinstance(item, dict):
                    for channel in item.values():
                        for one in channel if isinstance(channel, list) else [channel]:
                            if isinstance(one, dict) and isinstance(one.get("field"), str):
                                shown.add(one["field"])
                visit(item)
        elif isinstance(value, list):
            for item in value:
                visit(item)

    visit(spec)
    return shown


NUMBER_LOCALES = {"nb": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0kr"]}}


def localised(figure: dict, language: str) -> dict:
    """A figure as its notebook stored it (``FIGURE_METADATA``), in ``language``, without running the
    notebook again: the specification with its titles and every value it draws in that language
    (``translation.localise``; a source's words stay as printed), numbers in that language's format,
    the rows with their headings and cells in that language, and the HTML of chart and panel."""
    import io

    from .translation import localise, needs_translation

    spec, quoted_fields = figure["spec"], set(figure.get("quoted_fields", []))
    shown = _fields_shown(spec) - quoted_fields
    wording: dict[str, str] = {}

    def in_language(text: str) -> str:
        if text not in wording:
            wording[text] = localise(text, language)
        return wording[text]

    def shown_value(value):
        """A drawn value in ``language``; a text set on several lines is translated whole and set on
        lines as long as the original's."""
        lines = value if isinstance(value, list) else value.split("\n") if isinstance(value, str) else None
        if not lines or not all(isinstance(line, str) for line in lines) or not needs_translation(" ".join(lines)):
            return value
        if len(lines) == 1:
            return in_language(lines[0])
        rewrapped = textwrap.wrap(in_language(" ".join(lines)), max(map(len, lines)))
        return rewrapped if isinstance(value, list) else "\n".join(rewrapped)

    def cell(column, value):
        if column in (ABBREVIATIONS, "Abbreviations") and isinstance(value, str) and value:
            return "; ".join(in_language(part) for part in value.split("; "))  # one name at a time
        return shown_value(value)

    datasets = {name: [{column: cell(column, value) if column in shown else value for column, value in row.items()}
                       for row in rows] for name, rows in spec.get("datasets", {}).items()}

    def change(key, value):
        if key in _WORDS:
            return shown_value(value)
        if isinstance(value, list):
            return [change(key, item) for item in value]
        return wording.get(value, value) if isinstance(value, str) and key not in _NAMES else value

    translated = _walk({k: v for k, v in spec.items() if k != "datasets"}, change)
    translated["datasets"] = datasets
    if language in NUMBER_LOCALES:
        translated.setdefault("config", {})["locale"] = {"number": NUMBER_LOCALES[language]}
    table = pd.read_csv(io.StringIO(figure["csv"]), dtype=str, keep_default_na=False)
    quoted = set(figure.get("quoted", []))
    for column in table.columns:
        if column not in quoted:
            table[column] = [cell(column, value) for value in table[column]]
    table.columns = [localise(column, language) for column in table.columns]
    heading = localise(figure.get("heading", ""), language) if figure.get("heading") else ""
    quoted_shown = [localise(column, language) for column in quoted]
    html = chart_html(translated) + _panel(figure["name"], heading, table, quoted_shown)
    return {"name": figure["name"], "spec": translated, "csv": table.to_csv(index=False), "heading": heading,
            "html": html}


def static_png(spec: dict) -> str:
    """The chart as a PNG (base64), for builders that cannot run JavaScript (the PDF)."""
    import vl_convert

    fixed = dict(spec)
    if fixed.get("width") == "container":
        fixed["width"] = STATIC_WIDTH
    return base64.b64encode(vl_convert.vegalite_to_png(fixed, scale=2)).decode("ascii")


def render(spec: dict, **_: object) -> dict:
    """Mimebundle of a chart: a div plus a call of the book's ``compendiumChart`` (vegaEmbed, SVG, no
    action menu, re-flowed for narrow screens) for the web book,
    and a static PNG that the PDF edition uses instead."""
    return {"text/html": chart_html(spec), "image/png": static_png(spec)}


def chart_id(spec: dict) -> str:
    """The id of a chart's ``<div>``: from its specification, so the same chart keeps it."""
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    return "chart-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def chart_html(spec: dict) -> str:
    """The chart's ``<div>`` and the call that draws it."""
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    safe = text.replace("<", "\\u003c")  # no string in the spec can close the script or open a comment
    return (
        f'<div class="compendium-chart" id="{chart_id(spec)}"></div>\n'
        f'<script>compendiumChart("#{chart_id(spec)}", {safe})'
        f'.catch(function (e) {{ console.error("chart {chart_id(spec)}: " + e); }});</script>'
    )


alt.renderers.register("compendium", render)
alt.renderers.enable("compendium")


def _figure(kind: str, layers, frame, words: dict) -> Figure:
    return Figure(layers=list(layers), rows=frame, kind=kind, **words)


# ---- the kinds of chart the book uses ----------------------------------------------------------
# Options every kind shares: ``fields`` (tooltip columns and titles), ``extra`` (layers drawn on top,
# such as :func:`marker`), ``legend`` (None: the book's; False: none; a dict of Altair legend options),
# ``label_limit`` (pixels for a row label; a label splits into lines at '\n'), and the words of
# :class:`Figure`.

def _order(sort):
    """A sort order: a list of values, a column to sort by ('-column' for descending), or None."""
    if isinstance(sort, str):
        descending = sort.startswith("-")
        return alt.EncodingSortField(sort.lstrip("-"), op="max" if descending else "min",
                                     order="descending" if descending else "ascending")
    return sort


def _legend(legend):
    return None if legend is False else (alt.Legend(**legend) if legend else alt.Undefined)


def _colour(column: str, colours, legend=None, channel=alt.Color):
    return channel(f"{column}:N", title=None, sort=list(colours), scale=colour_scale(colours), legend=_legend(legend))


def _category(column: str, sort, label_limit: int = 320, channel=alt.Y, **axis):
    return channel(f"{column}:N", sort=_order(sort), title=None,
                   axis=alt.Axis(labelLimit=label_limit, labelExpr="split(datum.label, '\\n')", labelLineHeight=14,
                                 **axis))


def _value(column: str, title: str, domain=None, values=None, reverse=False, axis=None, channel=alt.X):
    scale = alt.Scale(domain=alt.Undefined if domain is None else list(domain), reverse=reverse or alt.Undefined)
    options = dict(axis or {}, **({"values": list(values)} if values is not None else {}))
    return channel(f"{column}:Q", title=title, scale=scale, axis=alt.Axis(**options) if options else alt.Undefined)


def bars(frame: pd.DataFrame, category: str, value: str, *, value_title: str, fields: dict[str, str],
         sort=None, colour: str | None = None, colours=None, stack: bool = False, label: str | None = None,
         domain=None, axis_values=None, axis=None, bar_colour: str = NORWAY, size: int | None = None,
         vertical: bool = False, legend=None, label_limit: int = 320, extra=(), **words) -> Figure:
    """Bars, one per category (horizontal, or ``vertical`` columns); coloured by ``colour`` with
    ``colours`` ({value: colour}), stacked in that order when ``stack``; ``label`` prints a column at
    the end of each bar; ``axis`` holds options of the value axis (such as ``format``)."""
    frame = annotated(frame)
    if stack:
        frame = frame.assign(stack_order=frame[colour].map({v: i for i, v in enumerate(colours)}))
    across = _category(category, sort, label_limit, channel=alt.X if vertical else alt.Y,
                       **({"labelAngle": 0} if vertical else {}))
    along = _value(value, value_title, domain, axis_values, axis=axis, channel=alt.Y if vertical else alt.X)
    position = dict(x=across, y=along) if vertical else dict(x=along, y=across)
    encode = dict(position, tooltip=tooltip(frame, fields))
    if colour:
        encode["color"] = _colour(colour, colours, legend)
    if stack:
        encode["order"] = alt.Order("stack_order:Q")
    mark = alt.Chart(frame).mark_bar(**({} if colour else {"color": bar_colour}), **({"size": size} if size else {}))
    layers = [mark.encode(**encode)]
    if label:
        where = dict(baseline="bottom", dy=-4) if vertical else dict(align="left", dx=4)
        layers.append(alt.Chart(frame).mark_text(**where).encode(**position, text=f"{label}:N"))
    return _figure("bars", layers + list(extra), frame, dict(words, fields=fields))


def grouped_bars(frame: pd.DataFrame, category: str, value: str, group: str, *, colours, value_title: str,
                 fields: dict[str, str], sort=None, domain=(0, 100), label: str | None = None, legend=None,
                 label_limit: int = 320, extra=(), **words) -> Figure:
    """Horizontal bars in groups: one row per category, one bar per ``group`` value, side by side."""
    frame = annotated(frame)
    encode = dict(y=_category(category, sort, label_limit), yOffset=alt.YOffset(f"{group}:N", sort=list(colours)),
                  x=_value(value, value_title, domain))
    layers = [alt.Chart(frame).mark_bar().encode(**encode, color=_colour(group, colours, legend),
                                                 tooltip=tooltip(frame, fields))]
    if label:
        layers.append(alt.Chart(frame).mark_text(align="left", dx=4).encode(**encode, text=f"{label}:N"))
    return _figure("grouped_bars", layers + list(extra), frame, dict(words, fields=fields))


def dots(frame: pd.DataFrame, category: str, value: str, *, value_title: str, fields: dict[str, str],
         sort=None, colour: str | None = None, colours=None, shape: dict | None = None, label: str | None = None,
         domain=None, axis_values=None, axis=None, reverse: bool = False, size: int = 220, zero: bool = False,
         legend=None, label_limit: int = 320, extra=(), **words) -> Figure:
    """Dots on a value axis, one row per category (ranks, years, differences); ``zero`` draws the
    zero line, ``shape`` ({value: shape}) gives the ``colour`` series shapes, ``label`` prints a column."""
    frame = annotated(frame)
    encode = dict(y=_category(category, sort, label_limit),
                  x=_value(value, value_title, domain, axis_values, reverse, axis))
    style = dict(tooltip=tooltip(frame, fields))
    if colour:
        style["color"] = _colour(colour, colours, legend)
    if shape:
        style["shape"] = _colour(colour, shape, legend, channel=alt.Shape)
    layers = []
    if zero:
        layers.append(alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(color="#666666").encode(x="zero:Q"))
    layers.append(alt.Chart(frame).mark_point(size=size, filled=True, opacity=1).encode(**encode, **style))
    if label:
        layers.append(alt.Chart(frame).mark_text(dx=14, align="left", fontSize=12).encode(**encode, text=f"{label}:N"))
    return _figure("dots", layers + list(extra), frame, dict(words, fields=fields))


def dumbbell(frame: pd.DataFrame, category: str, value: str, series: str, *, colours, value_title: str,
             fields: dict[str, str], sort=None, domain=(0, 100), dash: str | None = None, dashes=None,
             legend=None, label_limit: int = 320, extra=(), **words) -> Figure:
    """Two dots per category (one per ``series``) joined by a line; ``dash`` names a column of the
    joining line's style, with ``dashes`` ({value: dash pattern})."""
    frame = annotated(frame)
    y = _category(category, sort, label_limit)
    spans = frame.groupby(category, sort=False).agg(low=(value, "min"), high=(value, "max"))
    if dash:
        spans[dash] = frame.groupby(category, sort=False)[dash].first()
    line = dict(y=y, x=_value("low", value_title, domain), x2="high:Q")
    if dash:
        line["strokeDash"] = _colour(dash, dashes, {"orient": "bottom"}, channel=alt.StrokeDash)
    rules = alt.Chart(spans.reset_index()).mark_rule(strokeWidth=2, color=GREY).encode(**line)
    points = alt.Chart(frame).mark_circle(size=140, opacity=1).encode(
        y=y, x=alt.X(f"{value}:Q"), tooltip=tooltip(frame, fields), color=_colour(series, colours, legend))
    return _figure("dumbbell", [rules, points] + list(extra), frame, dict(words, fields=fields))


def matrix(frame: pd.DataFrame, column: str, row: str, *, fields: dict[str, str], columns=None, rows=None,
           count: str | None = None, text: str | None = None, cell_text: str = "middle", mark: str = "rect",
           colour: str | None = None, colours=None, outline: str | None = None, shape: str | None = None,
           shapes=None, wrap: int = 0, legend=None, label_limit: int = 320, extra=(), **words) -> Figure:
    """A grid of ``row`` against ``column`` (orders ``rows`` and ``columns``; labels split at '\n',
    ``wrap`` lines at most for a column). ``mark`` 'rect': cells shaded by ``count`` (a heat matrix),
    with the count or ``text`` printed (``cell_text`` 'top' for paragraphs). ``mark`` 'circle' or
    'square': a dot per cell filled by ``colour`` ({value: colour} in ``colours``), outlined in its
    own colour or in ``outline``, shaped by ``shape`` ({value: shape} in ``shapes``)."""
    frame = annotated(frame)
    x = alt.X(f"{column}:N", sort=_order(columns), title=None,
              axis=alt.Axis(orient="top", labelAngle=0, domain=False, ticks=False, labelLimit=200,
                            labelExpr="split(datum.label, '\\n')", labelLineHeight=14,
                            labelPadding=14 * (wrap - 1) + 4 if wrap else 4))
    base = alt.Chart(frame).encode(x=x, y=_category(row, rows, label_limit), tooltip=tooltip(frame, fields))
    if mark == "rect":
        shade = alt.Color(f"{count}:Q", title=None, legend=None, scale=alt.Scale(scheme="blues", domainMin=0))
        dark = f"datum.{count} >= 0.6 * {int(frame[count].max() or 1)}"
        words_at = (dict(fontSize=11, lineHeight=13, baseline="top", dy=10) if cell_text == "top"
                    else dict(fontSize=13))
        layers = [base.mark_rect(stroke="white", strokeWidth=2).encode(
                      color=alt.condition(f"datum.{count} == 0", alt.value("#f3f3f3"), shade)),
                  base.mark_text(**words_at).encode(
                      **({"y": alt.Y(f"{row}:N", sort=_order(rows), bandPosition=0)} if cell_text == "top" else {}),
                      text=f"{text or count}:N",
                      color=alt.condition(dark, alt.value("white"), alt.value("#222222")))]
    else:
        style = dict(color=alt.value(NORWAY))
        if colour:
            style = dict(fill=_colour(colour, colours, legend, channel=alt.Fill),
                         stroke=alt.value(outline) if outline else _colour(colour, colours, False, channel=alt.Stroke))
        if shape:
            style["shape"] = _colour(shape, shapes, legend, channel=alt.Shape)
        layers = [base.mark_point(shape="square" if mark == "square" else "circle", size=260, strokeWidth=2.5,
                                  filled=True, opacity=1).encode(**style)]
    return _figure("matrix", layers + list(extra), frame, dict(words, fields=fields))


def cards(frame: pd.DataFrame, heading: str, body: str, *, order: str, shade: str, choices: list[str],
          choose: list[str], fields: dict[str, str], extra=(), **words) -> Figure:
    """Cards with a ``heading`` and a ``body`` (lists of lines), shaded by ``shade`` and stacked by
    ``order``; a radio control under the chart shows the rows whose ``choose`` columns hold the choice
    (the first of ``choices`` at first, and in the PDF)."""
    frame = annotated(frame)
    choice = alt.param(name="choice", value=choices[0],
                       bind=alt.binding_radio(options=choices, labels=[f" {c}\u2003" for c in choices], name="Show: "))
    base = alt.Chart(frame).transform_filter(" || ".join(f"datum.{c} == choice" for c in choose))
    top = dict(x=alt.value(0), y=alt.Y(f"{order}:O", axis=None, bandPosition=0))
    text = dict(align="left", baseline="top", dx=10, fontSize=12, lineHeight=16)
    light = alt.Scale(domain=[float(frame[shade].min()), float(frame[shade].max())], range=["#eef4fa", "#a6c5e6"])  # dark text stays legible
    cells = base.mark_rect(cornerRadius=4).encode(
        x=alt.value(0), x2=alt.value("width"), tooltip=tooltip(frame, fields),
        y=alt.Y(f"{order}:O", axis=None, scale=alt.Scale(paddingInner=0.12, paddingOuter=0.05)),
        color=alt.Color(f"{shade}:Q", legend=None, scale=light))
    layers = [cells, base.mark_text(dy=8, fontWeight=700, **text).encode(text=f"{heading}:N", **top),
              base.mark_text(dy=46, **text).encode(text=f"{body}:N", **top)]
    return Figure(layers=layers + list(extra), rows=frame, params=[choice], kind="cards", fields=fields, **words)


def timeline(frame: pd.DataFrame, start: str, end: str, lane: str, label: str, *, lanes, colours,
             fields: dict[str, str], sort=None, legend=None, label_limit: int = 360, extra=(), **words) -> Figure:
    """Dated events as dots (one year) or bars (a span of years), one row per ``label`` (in the order
    ``sort``), coloured by ``lane`` (orders ``lanes``, colours ``colours``)."""
    frame = annotated(frame)
    base = alt.Chart(frame).encode(y=_category(label, sort, label_limit), color=_colour(lane, colours, legend),
                                   tooltip=tooltip(frame, fields))
    x = alt.X(f"{start}:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1),
              scale=alt.Scale(domain=[int(frame[start].min()) - 1, int(frame[end].max()) + 1]))
    spans = base.transform_filter(f"datum.{end} > datum.{start}").mark_bar(height=10, cornerRadius=2).encode(
        x=x, x2=f"{end}:Q")
    points = base.transform_filter(f"datum.{end} == datum.{start}").mark_point(filled=True, size=70).encode(x=x)
    return _figure("timeline", [spans, points] + list(extra), frame, dict(words, fields=fields))


def ladder(frame: pd.DataFrame, step: str, name: str, *, group: str, colours, fields: dict[str, str],
           value_title: str, note: str | None = None, extra=(), **words) -> Figure:
    """A staircase: one bar per ``step``, as tall as the step, named inside the bar (``name`` holds a
    list of lines), coloured by ``group``; ``note`` holds lines printed above a bar."""
    frame = annotated(frame)
    top = int(frame[step].max())
    x = alt.X("step_label:N", title=None, sort=None, axis=alt.Axis(labelAngle=0, orient="bottom"))
    frame = frame.assign(step_label="Step " + frame[step].astype(str))
    y = alt.Y(f"{step}:Q", title=value_title, scale=alt.Scale(domain=[0, top + 1.1]),
              axis=alt.Axis(values=list(frame[step]), format="d"))
    bars_ = alt.Chart(frame).mark_bar(width={"band": 0.92}).encode(
        x=x, y=y, tooltip=tooltip(frame, fields),
        color=_colour(group, colours, {"orient": "top", "direction": "vertical"}))
    layers = [bars_, alt.Chart(frame).mark_text(baseline="top", dy=6, fontSize=12, color="white", fontWeight=600,
                                                lineHeight=15).encode(x=x, y=y, text=f"{name}:N")]
    if note:
        lines = max(len(n) for n in frame[note] if isinstance(n, list))  # Vega lifts only the first line
        layers.append(alt.Chart(frame).mark_text(baseline="bottom", dy=-8 - 14 * (lines - 1), fontSize=11,
                                                 lineHeight=14, color="#444444").encode(x=x, y=y, text=f"{note}:N"))
    return _figure("ladder", layers + list(extra), frame, dict(words, fields=fields))


# ---- layers a kind can take in ``extra`` -------------------------------------------------------

def marker(frame: pd.DataFrame, at: str, label: str, *, fields: dict[str, str] | None = None,
           colour: str = "#666666", dash=(4, 3), align: str = "right", dy: int = -6) -> list:
    """A dashed vertical line at ``at`` with the text of ``label`` beside it (a date, a stated total)."""
    frame = annotated(frame)
    rule = alt.Chart(frame).mark_rule(color=colour, strokeDash=list(dash), strokeWidth=2).encode(
        x=f"{at}:Q", tooltip=tooltip(frame, fields or {label: "Marker"}))
    text = alt.Chart(frame).mark_text(align=align, dx=-4 if align == "right" else 4, dy=dy, fontSize=11,
                                      color="#444444").encode(x=f"{at}:Q", y=alt.value(0), text=f"{label}:N")
    return [rule, text]


def ranges(frame: pd.DataFrame, category: str, low: str, high: str, label: str, *, sort, fields: dict[str, str],
           colour: str = NORWAY) -> list:
    """Pale bars from ``low`` to ``high`` on a bar chart's rows, labelled at their end (a stated range)."""
    frame = annotated(frame)
    y = alt.Y(f"{category}:N", sort=_order(sort))
    return [alt.Chart(frame).mark_bar(color=colour, opacity=0.5).encode(
                y=y, x=f"{low}:Q", x2=f"{high}:Q", tooltip=tooltip(frame, fields)),
            alt.Chart(frame).mark_text(align="left", dx=4).encode(y=y, x=f"{high}:Q", text=f"{label}:N")]
