// Small comforts on top of plain forms; every screen works without this file.
// Colour samples: set from data attributes (the studio's CSP allows no inline style), again after
// htmx swaps in a new palette.
function paint(root) {
  root.querySelectorAll("[data-color]").forEach(function (el) { el.style.background = el.dataset.color; });
  root.querySelectorAll("[data-fg]").forEach(function (el) { el.style.color = el.dataset.fg; el.style.background = el.dataset.bg; });
}
document.addEventListener("htmx:afterSwap", function (e) { paint(e.target); });
// The colour's code beside its picker follows the pick.
document.addEventListener("input", function (e) {
  if (e.target.type === "color") {
    var code = e.target.parentNode.querySelector(".code");
    if (code) code.textContent = e.target.value.toUpperCase();
  }
});
document.addEventListener("DOMContentLoaded", function () {
  paint(document);
  // Jump to the error summary when a save came back with problems (GOV.UK pattern).
  var summary = document.querySelector(".error-summary[role=alert]");
  if (summary) { summary.setAttribute("tabindex", "-1"); summary.focus(); }
  // A closed day's times mean nothing: grey them out as the box is ticked.
  document.querySelectorAll(".week .day").forEach(function (row) {
    var box = row.querySelector("input[type=checkbox]");
    if (!box) return;
    var sync = function () { row.querySelectorAll("input[type=time]").forEach(function (i) { i.disabled = box.checked; }); };
    box.addEventListener("change", sync); sync();
  });
});
