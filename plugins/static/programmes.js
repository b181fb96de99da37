/* Support programmes stay true in the visitor's browser between builds, in Korean time: "마감 D-3"
   counts down, a programme that opened says so, one past its deadline says 마감됨 and loses its
   calendar button and goes below the others. Without JavaScript the build's own state shows. */
(function () {
  "use strict";
  var today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
  var day = 24 * 3600 * 1000;
  document.querySelectorAll(".programme[data-closes]").forEach(function (item) {
    var badge = item.querySelector(".programme-state .badge");
    var words = JSON.parse(item.getAttribute("data-words"));
    var opens = item.getAttribute("data-opens"), closes = item.getAttribute("data-closes");
    var soon = parseInt(item.getAttribute("data-soon"), 10);
    var quiet = true;
    if (closes < today) {
      badge.textContent = words.closed;
      var reminder = item.querySelector(".programme-reminder");
      if (reminder) reminder.hidden = true;
    } else if (opens && opens > today) {
      badge.textContent = words.coming;
    } else {
      var left = Math.round((Date.parse(closes) - Date.parse(today)) / day);
      badge.textContent = words.closes + " " + (left === 0 ? "D-DAY" : "D-" + left);
      quiet = left > soon;
    }
    badge.classList.toggle("badge-quiet", quiet);
    item.setAttribute("data-state", closes < today ? "closed" : opens && opens > today ? "coming" : "open");
  });
  // Closed ones go below those still open or coming, as the next build will move them to the archive.
  var all = document.querySelectorAll(".programme[data-closes]");
  var last = all[all.length - 1];
  Array.prototype.forEach.call(document.querySelectorAll('.programme[data-state="closed"]'), function (item) {
    if (item !== last) { last.after(item); last = item; }
  });
})();
