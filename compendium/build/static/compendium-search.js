/* The book's search page: every query word must occur in a section's title or text; words match with
   or without Norwegian letters and accents ("padriver" finds "pådriver", "samordningsstigen" finds
   itself); results list the section, its page, and the words around each hit. Reads the index that
   the build writes (search-data.js), loaded as a script so it works from disk, without a server. */
(function () {
  /* Lower case without accents; æ ø å become ae o a. Returns the folded text and, for each of its
     characters, the position of the original character, so hits can be shown in the original. */
  function fold(text) {
    var folded = "", origin = [];
    for (var i = 0; i < text.length; i++) {
      var c = text[i].toLowerCase(), plain;
      if (c === "æ") plain = "ae";
      else if (c === "ø") plain = "o";
      else plain = c.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      for (var k = 0; k < plain.length; k++) { folded += plain[k]; origin.push(i); }
    }
    origin.push(text.length);
    return { text: folded, origin: origin };
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  function hits(folded, words) {
    var found = [];
    words.forEach(function (word) {
      for (var at = folded.text.indexOf(word); at !== -1; at = folded.text.indexOf(word, at + word.length)) {
        found.push([folded.origin[at], folded.origin[at + word.length]]);
      }
    });
    return found.sort(function (a, b) { return a[0] - b[0]; });
  }

  function snippet(text, found) {
    var start = Math.max(0, found[0][0] - 80), end = Math.min(text.length, found[0][0] + 160);
    if (start > 0) start = Math.min(found[0][0], text.indexOf(" ", start) + 1);  /* whole words only */
    if (end < text.length) end = Math.max(found[0][1], text.lastIndexOf(" ", end));
    var html = start > 0 ? "… " : "", at = start;
    found.filter(function (h) { return h[0] >= start && h[1] <= end; }).forEach(function (h) {
      if (h[0] < at) return;
      html += escapeHtml(text.slice(at, h[0])) + "<mark>" + escapeHtml(text.slice(h[0], h[1])) + "</mark>";
      at = h[1];
    });
    return html + escapeHtml(text.slice(at, end)) + (end < text.length ? " …" : "");
  }

  function search(query) {
    var words = fold(query).text.split(/\s+/).filter(function (w) { return w.length > 1; });
    var results = [];
    (window.COMPENDIUM_SEARCH || []).forEach(function (entry) {
      var title = fold(entry.title + " " + entry.page), text = fold(entry.text);
      if (!words.every(function (w) { return title.text.indexOf(w) !== -1 || text.text.indexOf(w) !== -1; })) return;
      var inText = hits(text, words), inTitle = hits(fold(entry.title), words).length;
      results.push({ entry: entry, found: inText, score: 10 * inTitle + inText.length });
    });
    return results.sort(function (a, b) { return b.score - a.score; });
  }

  function show(query) {
    var out = document.getElementById("search-results");
    var results = search(query);
    var say = window.compendiumSay, quoted = escapeHtml(query);
    var html = "<h2>" + say("Search results") + "</h2><p class=\"search-summary\">" + (results.length === 1
      ? say("1 section of the book contains every word of “{0}”.", quoted)
      : results.length ? say("{0} sections of the book contain every word of “{1}”.", results.length, quoted)
      : say("No section contains every word of “{0}”. Try fewer words.", quoted)) + "</p><ul class=\"search\">";
    results.slice(0, 100).forEach(function (r) {
      var e = r.entry;
      html += "<li><a href=\"" + escapeHtml(e.url) + "\">" + escapeHtml(e.title) + "</a>" +
        (e.title !== e.page ? " <span class=\"search-page\">(" + escapeHtml(e.page) + ")</span>" : "") +
        (r.found.length ? "<p class=\"context\">" + snippet(e.text, r.found) + "</p>" : "") + "</li>";
    });
    out.innerHTML = html + "</ul>";
  }

  /* The index (the text of the whole book) loads only when there is something to search for. */
  var indexAddress = document.currentScript.src.replace(/compendium-search\.js[^/]*$/, "search-data.js");
  function withIndex(then) {
    if (window.COMPENDIUM_SEARCH) { then(); return; }
    var script = document.createElement("script");
    script.src = indexAddress;
    script.onload = then;
    document.head.appendChild(script);
  }

  /* The search page's own query (search.html?q=…), as Sphinx's search would read it. */
  document.addEventListener("DOMContentLoaded", function () {
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) document.querySelectorAll("form.bd-search input[name=q]").forEach(function (field) { field.value = query; });
    if (query) withIndex(function () { show(query); });
  });
})();
