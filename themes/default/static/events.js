/* Events move from "upcoming" to "past" in the visitor's browser, in Korean time, between builds
   (a static site is built once a day at best). Without JavaScript the build's own split shows. */
(function () {
  "use strict";
  // Korean wall-clock time as "YYYY-MM-DDTHH:MM:SS", comparable with the events' ISO times.
  var now = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 19);
  var past = document.querySelector("[data-past]");
  document.querySelectorAll("[data-upcoming] [data-ends]").forEach(function (item) {
    if (item.getAttribute("data-ends") >= now) return;
    if (past) {
      past.insertBefore(item, past.firstChild);  // the most recent past event first
      past.hidden = false;
      var heading = document.getElementById(past.getAttribute("data-past"));
      if (heading) heading.hidden = false;
    } else {
      item.remove();
    }
  });
  document.querySelectorAll("[data-upcoming]").forEach(function (list) {
    if (list.querySelector("li")) return;
    list.hidden = true;
    var empty = document.getElementById(list.getAttribute("data-upcoming"));
    if (empty) empty.hidden = false;
  });
})();
