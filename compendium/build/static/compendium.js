/* Copy buttons of the citation boxes ("Cite this page", "Cite this figure"): each copies the
   text of the box it sits in. The clipboard API needs a secure context, which a page opened
   from disk is in Chromium and Firefox; elsewhere the text is selected and copied the old way. */
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.copy-citation");
  if (!button) return;
  var text = button.parentElement.querySelector(".citation-text").textContent;
  function done() {
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = "Copy"; }, 2000);
  }
  function fallback() {
    var range = document.createRange();
    range.selectNodeContents(button.parentElement.querySelector(".citation-text"));
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    if (document.execCommand("copy")) done();
  }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, fallback);
  } else {
    fallback();
  }
});
