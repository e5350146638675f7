/* Words the scripts write, in the page's edition: say("Copied") is "Copied" in the English edition and
   its wording in compendium-words.js on the pages of another edition; {0}, {1} … take the arguments. */
window.compendiumSay = function (text) {
  var args = arguments;
  var wording = (window.COMPENDIUM_WORDS || {})[text] || text;
  return wording.replace(/\{(\d+)\}/g, function (all, index) { return String(args[Number(index) + 1]); });
};
var say = window.compendiumSay;

/* Copy buttons of the citation boxes ("Cite this page", "Cite this figure"): each copies the
   text of the box it sits in. The clipboard API needs a secure context, which a page opened
   from disk is in Chromium and Firefox; elsewhere the text is selected and copied the old way. */
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.copy-citation");
  if (!button) return;
  var box = button.parentElement.querySelector(".citation-text");
  function done() {
    button.textContent = say("Copied");
    setTimeout(function () { button.textContent = say("Copy"); }, 2000);
  }
  function fallback() {
    var range = document.createRange();
    range.selectNodeContents(box);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    if (document.execCommand("copy")) done();
  }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(box.textContent).then(done, fallback);
  } else {
    fallback();
  }
});

/* The menu and contents buttons on a phone or tablet (below 992 pixels). The theme (pydata-sphinx-theme
   0.17) opens its sidebar dialogs only from the first button of each kind on the page, a navbar button
   that the book theme hides; the visible buttons in the article header got no handler and did nothing
   (pydata-sphinx-theme issue 2451). A tap on a visible button is passed on to that first button. */
document.addEventListener("DOMContentLoaded", function () {
  ["primary-toggle", "secondary-toggle"].forEach(function (kind) {
    var buttons = document.querySelectorAll("button." + kind);
    var first = buttons[0];
    Array.prototype.slice.call(buttons, 1).forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (!window.matchMedia("(max-width: 991.98px)").matches) return;
        event.preventDefault();
        event.stopPropagation();
        first.click();
      });
    });
  });
});

/* Charts re-flow on narrow screens (a phone, below 640 pixels of text column): titles, subtitles and
   long category labels wrap onto more lines, category labels take at most 40 per cent of the width so
   the bars keep theirs, plots grow taller for the wrapped labels and keep room on the right for values
   printed after a bar, and legends move under the plot, one entry a line. Every chart is drawn
   through this function, so every figure gains it; on wide screens the specification is unchanged. */
(function () {
  var NARROW = 640;
  var LEGEND_CHANNELS = ["color", "fill", "stroke", "shape", "strokeDash", "size", "opacity"];

  function wrap(text, chars) {
    var lines = [];
    String(text).split("\n").forEach(function (part) {
      var line = "";
      part.split(" ").forEach(function (word) {
        if (line && (line + " " + word).length > chars) { lines.push(line); line = word; }
        else { line = line ? line + " " + word : word; }
      });
      lines.push(line);
    });
    return lines;
  }

  function wrapAll(text, chars) {
    return [].concat(text).reduce(function (all, line) { return all.concat(wrap(line, chars)); }, []);
  }

  /* A Vega expression that breaks a label into lines of at most `chars` characters. */
  function wrapExpression(chars) {
    return "split(trim(replace(datum.label, regexp('(.{1," + chars + "})(\\\\s+|$)', 'g'), '$1\\n')), '\\n')";
  }

  function legend(width) {
    return { orient: "bottom", direction: "vertical", columns: 1, labelLimit: width,
             labelExpr: wrapExpression(Math.floor(0.42 * width / 6.5)) };
  }

  function fit(node, width) {
    if (Array.isArray(node)) { node.forEach(function (item) { fit(item, width); }); return; }
    if (!node || typeof node !== "object") return;
    Object.keys(node).forEach(function (key) {
      var value = node[key];
      if (key === "datasets" || key === "data" || key === "tooltip") return;
      if (key === "height" && typeof value === "number") { node[key] = Math.round(value * 1.5); return; }
      if (key === "legend" && value && typeof value === "object") {
        Object.assign(value, legend(width));
      } else if (LEGEND_CHANNELS.indexOf(key) !== -1 && value && value.field && value.legend === undefined) {
        value.legend = legend(width);
      } else if (key === "title" && typeof value === "string" && node.field !== undefined) {
        node[key] = wrapAll(value, Math.floor(0.55 * width / 6.5));  /* an axis or legend title */
      } else if ((key === "y" || key === "x") && value && /nominal|ordinal/.test(value.type) && value.axis !== null
                 && !(value.axis && value.axis.labelAngle === 0 && key === "x")) {
        value.axis = Object.assign({}, value.axis, { labelExpr: wrapExpression(Math.max(12, Math.floor(0.4 * width / 7.2))),
                                                     labelLimit: Math.floor(0.45 * width), labelLineHeight: 14 });
        fit(value, width);
      } else if (key === "text" && value && value.field) {
        textFields.push(value.field);
      } else {
        fit(value, width);
      }
    });
  }

  /* Text marks printing lines of prose (cards, notes) break their lines again for the narrow width. */
  var textFields = [];
  function rewrapTexts(spec, fields, chars) {
    Object.keys(spec.datasets || {}).forEach(function (name) {
      spec.datasets[name].forEach(function (row) {
        fields.forEach(function (field) {
          if (Array.isArray(row[field])) row[field] = wrapAll(row[field], chars);
        });
      });
    });
  }

  /* Several legends under a narrow plot stand one below the other, from its left edge. */
  function stackLegends(vegaSpec) {
    vegaSpec.config = vegaSpec.config || {};
    vegaSpec.config.legend = Object.assign({}, vegaSpec.config.legend,
      { layout: { bottom: { anchor: "start", direction: "vertical", margin: 6 } } });
    return vegaSpec;
  }

  window.compendiumChart = function (selector, spec) {
    var width = document.querySelector(selector).clientWidth, narrow = width && width < NARROW;
    if (width && spec.title) {  /* a title longer than the chart is wide breaks into lines, at every width */
      spec.title.text = wrapAll(spec.title.text, Math.floor(width / 9.5));
      if (spec.title.subtitle) spec.title.subtitle = wrapAll(spec.title.subtitle, Math.floor(width / 7));
    }
    if (narrow) {
      textFields = [];
      fit(spec, width);
      rewrapTexts(spec, textFields, Math.floor((width - 40) / 7));
      spec.padding = { left: 5, top: 5, bottom: 5, right: 60 };  /* room for a value printed after a bar */
      spec.config = spec.config || {};
      spec.config.legend = Object.assign({}, spec.config.legend, legend(width));
    }
    return vegaEmbed(selector, spec, { renderer: "svg", actions: false, patch: narrow ? stackLegends : undefined });
  };
})();

/* Wide tables: a table that scrolls sideways gets a line above it saying so (and how many columns it
   has), checked again when the window changes size. Printing opens every folded table so the paper
   shows it whole, and folds it again afterwards. */
(function () {
  function markWideTables() {
    document.querySelectorAll("article table").forEach(function (table) {
      var wide = table.scrollWidth > table.clientWidth + 1;
      var cue = table.previousElementSibling;
      var hasCue = cue && cue.classList.contains("scroll-cue");
      table.classList.toggle("scrolls", wide);
      if (wide && !hasCue) {
        cue = document.createElement("p");
        cue.className = "scroll-cue";
        var columns = table.querySelectorAll("thead th").length || table.rows[0].cells.length;
        cue.textContent = say("Wider than the page: scroll the table sideways to see all {0} columns", columns);
        table.parentNode.insertBefore(cue, table);
      } else if (!wide && hasCue) {
        cue.remove();
      }
    });
  }
  document.addEventListener("DOMContentLoaded", markWideTables);
  window.addEventListener("resize", markWideTables);
  document.addEventListener("toggle", markWideTables, true);

  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details.table-fold"), function (d) { return !d.open; });
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();

/* A page without the switch under its title (the search page) gets it from its language alternate. */
document.addEventListener("DOMContentLoaded", function () {
  var other = document.querySelector('link[rel="alternate"][title]');
  var main = document.querySelector("article") || document.querySelector("main");
  if (!other || !main || document.querySelector("a.edition-switch")) return;
  var line = document.createElement("p"), link = document.createElement("a");
  line.className = "page-tools";
  link.className = "edition-switch";
  link.href = other.getAttribute("href");
  link.hreflang = link.lang = other.hreflang;
  link.textContent = other.title;
  line.appendChild(link);
  main.insertBefore(line, main.firstChild);
});

/* The link to the other edition leads to the same section: the anchors are the same in both. */
document.addEventListener("click", function (event) {
  var link = event.target.closest("a.edition-switch");
  if (link && window.location.hash) link.href = link.href.split("#")[0] + window.location.hash;
});

/* "Print this page" under each title: the browser's print dialog, which also saves as PDF. */
document.addEventListener("click", function (event) {
  if (event.target.closest("button.print-page")) window.print();
});

/* The navigation's buttons that show or hide a chapter's sections are icons only; each gets a name that
   says so, for screen readers (the theme leaves them unnamed). */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("nav li.has-children > details > summary").forEach(function (summary) {
    var link = summary.parentElement.parentElement.querySelector(":scope > a");
    if (!summary.textContent.trim() && link) {
      summary.setAttribute("aria-label", say("Sections of {0}", link.textContent.trim()));
    }
  });
});
