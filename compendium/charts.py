"""The chart theme and an offline renderer for Altair.

Importing this module enables both. The renderer emits a ``<div>`` and one
``vegaEmbed`` call for the web book, and a PNG of the same spec for the PDF.
The vega libraries come from a single static file that the book's Sphinx
extension writes from the pinned ``vl-convert-python`` package, so no chart
loads anything from the internet.
"""
from __future__ import annotations

import hashlib
import json

import altair as alt

# Colour-blind-safe palette (Okabe-Ito), in the order series are drawn.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
NORWAY = PALETTE[0]
COMPARISON = PALETTE[1]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
WIDTH = "container"  # charts take the width of the text column


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
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "top"},
        }
    }


STATIC_WIDTH = 640  # pixels, for the static image of the PDF edition


def static_png(spec: dict) -> str:
    """The chart as a PNG (base64), for builders that cannot run JavaScript (the PDF)."""
    import base64

    import vl_convert

    fixed = dict(spec)
    if fixed.get("width") == "container":
        fixed["width"] = STATIC_WIDTH
    return base64.b64encode(vl_convert.vegalite_to_png(fixed, scale=2)).decode("ascii")


def _embed_html(spec: dict, **_: object) -> dict:
    """Mimebundle of a chart: a div plus a vegaEmbed call (SVG, no action menu) for the
    web book, and a static PNG that the PDF edition uses instead."""
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    chart_id = "chart-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    safe = text.replace("<", "\\u003c")  # no string in the spec can close the script or open a comment
    html = (
        f'<div class="compendium-chart" id="{chart_id}"></div>\n'
        f'<script>vegaEmbed("#{chart_id}", {safe}, {{"renderer": "svg", "actions": false}})'
        f'.catch(function (e) {{ console.error("chart {chart_id}: " + e); }});</script>'
    )
    return {"text/html": html, "image/png": static_png(spec)}


alt.renderers.register("compendium", _embed_html)
alt.renderers.enable("compendium")


def source_note(frame, source_label: str) -> str:
    """'Source: <label>, line(s) …' from the locators of the rows a chart shows."""
    lines = sorted({int(x) for x in frame["locator"]})
    span = f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}–{lines[-1]}"
    return f"Source: {source_label}, {span}."
