/* Copy buttons of the citation boxes ("Cite this page", "Cite this figure"): each copies the
   text of the box it sits in. The clipboard API needs a secure context, which a page opened
   from disk is in Chromium and Firefox; elsewhere the text is selected and copied the old way. */
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.copy-citation");
  if (!button) return;
  var box = button.parentElement.querySelector(".citation-text");
  function done() {
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = "Copy"; }, 2000);
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
