"""The built book as a reader meets it: Debian's chromium, offline, every page."""
from __future__ import annotations

import os
import re
import shutil

import pytest

from conftest import skip_or_fail

CHROMIUM = os.environ.get("COMPENDIUM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    if not (os.path.isfile(CHROMIUM) or shutil.which(CHROMIUM)):
        skip_or_fail(f"chromium not found at {CHROMIUM} (apt-get install chromium)", "COMPENDIUM_REQUIRE_BROWSER")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def visit(browser, path):
    """Open one page offline; return (page, outgoing requests, console errors)."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    outgoing, errors = [], []

    def only_local(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            outgoing.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri(), wait_until="load")
    return page, outgoing, errors


def pages(html):
    from compendium.build.benchmark import site_pages

    return site_pages(html)


def test_every_page_loads_offline_without_errors(built_book, browser):
    result, html = built_book
    assert result.returncode == 0
    checked = 0
    for path in pages(html):
        page, outgoing, errors = visit(browser, path)
        page.wait_for_timeout(300)
        assert outgoing == [], f"{path.name} requested {outgoing}"
        assert errors == [], f"{path.name} logged {errors}"
        page.close()
        checked += 1
    assert checked >= 3


def test_every_chart_renders_svg_marks(built_book, browser):
    _, html = built_book
    charts_seen = 0
    for path in pages(html):
        if 'class="compendium-chart"' not in path.read_text(encoding="utf-8"):
            continue
        page, outgoing, errors = visit(browser, path)
        charts = page.locator(".compendium-chart")
        for index in range(charts.count()):
            chart = charts.nth(index)
            chart.locator("svg .role-mark path, svg .role-mark text, svg .role-mark line").first.wait_for(
                state="attached", timeout=15000)
            box = chart.locator("svg").first.bounding_box()
            assert box and box["width"] > 200 and box["height"] > 100, f"{path.name} chart {index} is {box}"
            charts_seen += 1
        assert outgoing == [] and errors == [], (path.name, outgoing, errors)
        page.close()
    assert charts_seen >= 1


def test_every_internal_link_and_anchor_resolves(built_book, browser):
    from urllib.parse import unquote, urlsplit

    _, html = built_book
    ids_by_file: dict = {}

    def ids_of(target):
        if target not in ids_by_file:
            import re

            text = target.read_text(encoding="utf-8")
            ids_by_file[target] = set(re.findall(r'\sid="([^"]+)"', text))
        return ids_by_file[target]

    broken, links_checked = [], 0
    for path in pages(html):
        if 'http-equiv="Refresh"' in path.read_text(encoding="utf-8"):
            continue  # the root index.html only redirects to the front page
        page, _, _ = visit(browser, path)
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        page.close()
        for href in hrefs:
            parts = urlsplit(href)
            if parts.scheme != "file":
                continue
            target = type(path)(unquote(parts.path))
            links_checked += 1
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((path.name, href))
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_of(target):
                broken.append((path.name, href))
    assert not broken, broken[:20]
    assert links_checked > 50


def test_search_finds_key_terms_offline(built_book, browser):
    _, html = built_book
    for term in ("pådriver", "samordningsstigen", "COCOPS"):
        page, outgoing, errors = visit(browser, html / "search.html")
        page.goto((html / "search.html").as_uri() + "?q=" + term, wait_until="load")
        results = page.locator("#search-results ul.search li")
        results.first.wait_for(state="attached", timeout=15000)
        assert results.count() >= 1, term
        assert outgoing == [] and errors == [], (term, outgoing, errors)
        page.close()


def test_every_page_has_no_serious_accessibility_violation(built_book, browser):
    """axe-core (bundled with axe-playwright-python, so it runs offline) on every page, at desktop and
    phone widths (where tables stack and charts re-flow)."""
    from axe_playwright_python.sync_playwright import Axe

    _, html = built_book
    axe, failures, checked = Axe(), {}, 0
    for path in pages(html):
        if 'http-equiv="Refresh"' in path.read_text(encoding="utf-8"):
            continue
        for width in (1200, 390):
            page, _, _ = visit(browser, path)
            if width != 1200:
                page.set_viewport_size({"width": width, "height": 900})
                page.reload(wait_until="load")
            page.wait_for_timeout(300)  # let the charts draw: their SVG is checked too
            violations = axe.run(page).response["violations"]
            serious = [(v["id"], v["impact"], len(v["nodes"])) for v in violations if v["impact"] in ("serious", "critical")]
            if serious:
                failures[f"{path.relative_to(html)} at {width} px"] = serious
            page.close()
        checked += 1
    assert not failures
    assert checked >= 5


def test_in_dark_mode_the_book_s_own_boxes_keep_their_contrast(built_book, browser):
    """The theme's dark mode (its switch in the header) on pages with every box the book adds: key
    findings, the cite box opened, a glued number's note, a stacked data table, a chart."""
    from axe_playwright_python.sync_playwright import Axe

    _, html = built_book
    failures = {}
    for name in ("book/intro.html", "book/sources/dfo-2023.html", "book/analyses/nordic/nordic-innovation-rates.html",
                 "book/reference/data-rows.html"):
        page, outgoing, errors = visit(browser, html / name)
        page.evaluate("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark')")
        page.reload(wait_until="load")
        assert page.evaluate("document.documentElement.dataset.theme") == "dark", name
        page.evaluate("document.querySelectorAll('details.cite-this-page').forEach(d => d.open = true)")
        page.wait_for_timeout(300)
        assert outgoing == [] and errors == [], (name, errors)  # before axe, which fetches the stylesheets
        serious = [(v["id"], len(v["nodes"])) for v in Axe().run(page).response["violations"]
                   if v["impact"] in ("serious", "critical")]
        if serious:
            failures[name] = serious
        page.evaluate("localStorage.clear()")
        page.close()
    assert not failures


def test_no_page_outgrows_its_weight_budget(built_book, browser):
    """All bytes a page loads from the site in chromium (the page, scripts, stylesheets, fonts):
    at most 700 kB for a page without charts, 1.6 MB with charts (issue 20), and the search page,
    once a query loads the index of the whole book's text, at most 1 MB. The theme's icons are drawn
    inline, without FontAwesome's script, and no page loads Sphinx's search index."""
    from compendium.build.benchmark import WEIGHT_BUDGETS, loaded_bytes

    _, html = built_book
    over, weighed = {}, 0
    for path in pages(html):
        kind = "chart page" if 'class="compendium-chart"' in path.read_text(encoding="utf-8") else "chart-free page"
        files = loaded_bytes(browser, path.as_uri())
        assert not [f for f in files if f.endswith(("fontawesome.js", "searchindex.js", "searchtools.js"))], path
        if sum(files.values()) > WEIGHT_BUDGETS[kind]:
            over[path.relative_to(html).as_posix()] = (kind, sum(files.values()))
        weighed += 1
    searched = loaded_bytes(browser, (html / "search.html").as_uri() + "?q=samordning")
    assert any(f.endswith("search-data.js") for f in searched)
    if sum(searched.values()) > WEIGHT_BUDGETS["search page with a query"]:
        over["search.html?q=samordning"] = sum(searched.values())
    assert not over, over
    assert weighed >= 40


def test_the_theme_s_icons_are_drawn_inline_where_its_script_drew_them(built_book, browser):
    """Every icon element the theme writes is an SVG in the page, with a path, sized like its text."""
    _, html = built_book
    for name in ("book/intro.html", "search.html"):
        text = (html / name).read_text(encoding="utf-8")
        assert not re.search(r'<(i|span)\b[^>]*class="[^"]*\bfa-(solid|regular|brands)\b', text), name
        page, _, _ = visit(browser, html / name)
        icons = page.evaluate("""() => [...document.querySelectorAll('svg.svg-inline--fa')].filter(s =>
            s.getBoundingClientRect().width > 0).map(s => [s.dataset.icon, s.querySelector('path').getAttribute('d').length,
            s.getBoundingClientRect().height])""")
        assert len(icons) >= 5 and all(d > 20 and 8 < h < 40 for _, d, h in icons), (name, icons)
        page.close()


def test_interactive_role_matrix_responds_to_its_controls(built_book, browser):
    """The role matrix's radio buttons change what the chart shows (offline, in chromium)."""
    _, html = built_book
    page, outgoing, errors = visit(browser, html / "book" / "analyses" / "roles-and-ladder" / "roles-matrix.html")
    radios = page.locator(".compendium-chart .vega-bindings input[type=radio]")
    radios.first.wait_for(state="attached", timeout=15000)
    chart = radios.first.locator("xpath=ancestor::div[contains(@class, 'compendium-chart')]")
    before = chart.locator("svg").first.inner_html()
    radios.nth(radios.count() - 1).check()
    page.wait_for_timeout(500)
    after = chart.locator("svg").first.inner_html()
    assert radios.count() >= 2 and before != after
    assert outgoing == [] and errors == []
    page.close()


def test_a_glued_number_says_where_it_comes_from_on_focus_and_at_phone_width(built_book, browser):
    """Tab to a glued data-row value: its source line and words show, inside the window, at 390 pixels too."""
    _, html = built_book
    explained = sum((p.read_text(encoding="utf-8")).count('class="glued"') for p in pages(html))
    assert explained >= 250
    page, outgoing, errors = visit(browser, html / "book" / "sources" / "meld-st-30.html")
    page.set_viewport_size({"width": 390, "height": 800})
    number = page.locator("a.glued").first
    note = number.locator("span.glued-source")
    assert not note.is_visible()
    number.focus()
    assert note.is_visible() and re.search(r"Data row [a-z0-9-]+: source 00\d, line \d+, “", note.inner_text())
    box = note.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert number.get_attribute("href").endswith("#" + re.search(r"Data row ([a-z0-9-]+)", note.inner_text()).group(1))
    computed = page.locator("span.glued.computed").first
    computed.focus()
    assert computed.locator("span.glued-source").is_visible()
    assert re.match(r"Ours, computed by cell \d+ of this page's notebook", computed.locator("span.glued-source").inner_text())
    assert page.evaluate("getComputedStyle(document.querySelector('span.pasted-text, a.glued')).fontWeight") == "400"
    assert outgoing == [] and errors == []
    page.close()


def test_a_figure_panel_opens_and_its_downloads_exist(built_book, browser):
    _, html = built_book
    path = html / "book" / "sources" / "dfo-2023" / "dfo-key-figures.html"
    page, outgoing, errors = visit(browser, path)
    figure = page.locator("figure#fig-dfo-interviews")
    table = figure.locator("details.figure-data table")
    assert "Figure 5.1" in figure.locator("figcaption").inner_text() and not table.is_visible()
    figure.locator("details.figure-data > summary").click()
    assert table.is_visible() and table.locator("tbody tr").count() >= 5
    for link in figure.locator(".figure-downloads a").all():
        assert (path.parent / link.get_attribute("href")).resolve().is_file()
    assert outgoing == [] and errors == []
    page.close()


def test_the_cite_box_sits_under_the_title_and_its_buttons_copy_each_form(built_book, browser):
    """At phone width too: the box is on the first screen, and Copy puts the form's exact text on the clipboard."""
    _, html = built_book
    page, outgoing, errors = visit(browser, html / "book" / "synthesis.html")
    page.evaluate("""() => Object.defineProperty(navigator, 'clipboard', {value: {writeText: text => {
        window.copied = text; return Promise.resolve(); }}})""")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 800})
        page.evaluate("window.scrollTo(0, 0)")
        box = page.locator("details.cite-this-page")
        assert box.bounding_box()["y"] < 800, width
        if not box.evaluate("box => box.open"):
            box.locator("> summary").click()
        for form in box.locator(".citation-form").all():
            form.locator("button.copy-citation").click()
            page.wait_for_function("() => window.copied !== undefined")
            assert page.evaluate("window.copied") == form.locator("pre.citation-text").text_content()
            assert form.locator("button.copy-citation").inner_text() == "Copied"
            page.evaluate("window.copied = undefined")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert outgoing == [] and errors == []
    page.close()


def test_on_a_phone_the_menu_and_contents_buttons_open_and_close(built_book, browser):
    """At 390 pixels a tap on the menu button opens the book's navigation, and on the contents button the
    page's sections; Escape closes each. (The theme gave the visible buttons no handler.)"""
    _, html = built_book
    page, outgoing, errors = visit(browser, html / "book" / "synthesis.html")
    page.set_viewport_size({"width": 390, "height": 800})
    for kind, dialog, link in (("primary-toggle", "#pst-primary-sidebar-modal", "a[href$='surveys.html']"),
                               ("secondary-toggle", "#pst-secondary-sidebar-modal", "a[href^='#']")):
        visible = [button for button in page.locator(f"button.{kind}").all() if button.is_visible()]
        assert len(visible) == 1, kind
        visible[0].click()
        opened = page.locator(dialog)
        assert opened.evaluate("d => d.open"), kind
        assert opened.locator(link).first.is_visible(), kind
        page.keyboard.press("Escape")
        assert not opened.evaluate("d => d.open"), kind
    page.set_viewport_size({"width": 1280, "height": 800})
    page.locator("button.primary-toggle:visible").first.click()
    assert not page.locator("#pst-primary-sidebar-modal").evaluate("d => d.open")  # wide: the sidebar collapses instead
    assert outgoing == [] and errors == []
    page.close()


def test_long_tables_are_folded_and_a_link_to_a_row_opens_its_table(built_book, browser):
    """No page opens with a table of more than 30 rows showing; following a link to a row in a folded
    table (from another page, or within the page) opens the table at that row."""
    _, html = built_book
    for path in pages(html):
        if 'http-equiv="Refresh"' in path.read_text(encoding="utf-8"):
            continue  # the root index.html only redirects to the front page
        page, _, _ = visit(browser, path)
        longest = page.evaluate("""() => Math.max(0, ...[...document.querySelectorAll('table')]
            .filter(t => t.checkVisibility()).map(t => t.querySelectorAll('tbody tr').length))""")
        assert longest <= 30, (path.name, longest)
        page.close()
    page, outgoing, errors = visit(browser, html / "book" / "analyses" / "nordic.html")
    link = page.locator("a.row-ref[href$='data-rows.html#x05']").first
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith("#x05") and page.locator("tr#x05").is_visible()
    page.goto((html / "book" / "reference" / "data-rows.html").as_uri(), wait_until="load")
    finding = page.locator("a.row-ref[href^='#']").first
    target = finding.get_attribute("href")
    assert not page.locator(f"tr{target}").is_visible()
    finding.click()
    assert page.locator(f"tr{target}").is_visible()
    assert outgoing == [] and errors == []
    page.close()


def chart_layout(page) -> list[dict]:
    """Per chart: its drawn marks (with a size), svg text that runs outside the chart, and labels cut
    short with an ellipsis."""
    page.wait_for_function("""() => [...document.querySelectorAll('.compendium-chart')]
        .every(c => c.querySelector('svg .role-mark'))""", timeout=15000)
    return page.evaluate("""() => [...document.querySelectorAll('.compendium-chart svg')].map(svg => {
        const box = svg.getBoundingClientRect();
        const drawn = [...svg.querySelectorAll('.role-mark > *')].filter(m => {
            const r = m.getBoundingClientRect(); return r.width > 0.5 || r.height > 0.5; }).length;
        const texts = [...svg.querySelectorAll('text')].filter(t => t.getBoundingClientRect().width > 0);
        const outside = texts.filter(t => { const r = t.getBoundingClientRect();
            return r.left < box.left - 1 || r.right > box.right + 1; }).map(t => t.textContent);
        return {id: svg.closest('figure') ? svg.closest('figure').id : '', drawn, outside,
                cut: texts.filter(t => t.textContent.endsWith('…')).length};
    })""")


def test_at_phone_width_every_chart_keeps_its_marks_and_its_words(built_book, browser):
    """At 390 pixels each chart draws as many marks as at 1280, no text runs outside it at either width,
    and no label is cut short that is whole on a wide screen."""
    _, html = built_book
    checked = 0
    for path in pages(html):
        if 'class="compendium-chart"' not in path.read_text(encoding="utf-8"):
            continue
        layouts = {}
        for width in (1280, 390):
            page, outgoing, errors = visit(browser, path)
            page.set_viewport_size({"width": width, "height": 900})
            page.reload(wait_until="load")
            layouts[width] = chart_layout(page)
            assert outgoing == [] and errors == [], (path.name, errors)
            page.close()
        for wide, narrow in zip(layouts[1280], layouts[390]):
            assert narrow["drawn"] == wide["drawn"] > 0, (path.name, wide, narrow)
            assert not wide["outside"] and not narrow["outside"], (path.name, wide, narrow)
            assert narrow["cut"] <= wide["cut"], (path.name, wide, narrow)
            checked += 1
    assert checked >= 30


def test_no_page_scrolls_sideways_and_a_wide_table_says_it_scrolls(built_book, browser):
    """At 390 and 1280 pixels no page is wider than the window, and every table wider than its column
    has a visible line above it that says so."""
    _, html = built_book
    cues = 0
    for path in pages(html):
        if 'http-equiv="Refresh"' in path.read_text(encoding="utf-8"):
            continue
        page, _, _ = visit(browser, path)
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(200)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (path.name, width)
            silent = page.evaluate("""() => [...document.querySelectorAll('article table')].filter(t =>
                t.checkVisibility() && t.scrollWidth > t.clientWidth + 1 && !(t.previousElementSibling
                && t.previousElementSibling.matches('p.scroll-cue') && t.previousElementSibling.checkVisibility()))
                .map(t => t.closest('figure') ? t.closest('figure').id : t.className)""")
            assert not silent, (path.name, width, silent)
            cues += page.locator("p.scroll-cue").count()
        page.close()
    assert cues >= 5


def test_printing_a_page_shows_its_tables_and_charts_whole(built_book, browser):
    """In print the navigation goes, folded tables open, and every chart fits the paper's width."""
    _, html = built_book
    for name in ("book/synthesis/synthesis-map", "book/reference/data-rows", "book/analyses/roles-and-ladder/roles-core-groups"):
        page, outgoing, errors = visit(browser, html / f"{name}.html")
        page.wait_for_timeout(1000)
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 700, "height": 1000})
        assert not page.locator(".bd-sidebar-primary").is_visible()
        assert page.locator("details.table-fold:not([open])").count() == 0, name
        overflow = page.evaluate("""() => [...document.querySelectorAll('.compendium-chart svg, article table')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length""")
        assert overflow == 0, name
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        assert outgoing == [] and errors == []
        page.close()


def test_search_matches_norwegian_terms_typed_without_their_letters_and_shows_them_in_context(built_book, browser):
    _, html = built_book
    for typed, found in (("padriver", "pådriver"), ("samordningsstigen", "samordningsstigen"),
                         ("Bronnoysund", "Brønnøysund"), ("DFO", "DFØ")):
        page, outgoing, errors = visit(browser, html / "search.html")
        page.goto((html / "search.html").as_uri() + "?q=" + typed, wait_until="load")
        results = page.locator("#search-results ul.search li")
        results.first.wait_for(state="attached", timeout=15000)
        marked = [m.lower() for m in page.locator("#search-results mark").all_inner_texts()]
        assert results.count() >= 1 and marked, typed
        assert any(found.lower() in m or m in found.lower() for m in marked), (typed, marked[:5])
        assert outgoing == [] and errors == [], (typed, errors)
        page.close()


def test_the_brief_prints_on_two_pages(built_book, browser):
    """The practitioners' brief, printed from the browser (A4), takes at most two pages."""
    _, html = built_book
    page, outgoing, errors = visit(browser, html / "book" / "brief.html")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    printed = page.pdf(format="A4")
    assert 1 <= len(re.findall(rb"/Type\s*/Page[^s]", printed)) <= 2
    assert outgoing == [] and errors == []
    page.close()
