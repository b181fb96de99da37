// Small comforts on top of plain forms; every screen works without this file.
document.addEventListener("DOMContentLoaded", function () {
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
