/* Event lists stay true in the visitor's browser between builds (a static site is built once a
   day at best), in Korean time: a repeating event moves on to its next date (data-next), one that
   has ended moves from "upcoming" to "past" (or goes, where a list has no past), the list is put
   back in date order, and a list showing its first few (data-show) brings the next ones up; a
   repeating event's own "when" (data-moves-on) shows its next date too.
   Without JavaScript the build's own lists show. */
(function () {
  "use strict";
  // Korean wall-clock time as "YYYY-MM-DDTHH:MM:SS", comparable with the events' ISO times.
  var now = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 19);
  var past = document.querySelector("[data-past]");

  function moveOn(item) {  // true when the item has a date still to come
    if (item.getAttribute("data-ends") >= now) return true;
    var next = JSON.parse(item.getAttribute("data-next") || "[]").filter(function (d) { return d[0] >= now; })[0];
    if (!next) return false;
    item.setAttribute("data-ends", next[0]);
    item.setAttribute("data-starts", next[1]);
    var time = item.querySelector("time");
    if (time) {
      time.setAttribute("datetime", next[1]);
      time.textContent = next[2];
    }
    return true;
  }

  document.querySelectorAll("[data-moves-on]").forEach(moveOn);

  document.querySelectorAll("[data-upcoming]").forEach(function (list) {
    var items = Array.prototype.slice.call(list.querySelectorAll("[data-ends]"));
    items.forEach(function (item) {
      if (moveOn(item)) return;
      if (past) {
        past.insertBefore(item, past.firstChild);  // the most recent past event first
        item.hidden = false;
        past.hidden = false;
        var heading = document.getElementById(past.getAttribute("data-past"));
        if (heading) heading.hidden = false;
      } else {
        item.remove();
      }
    });
    var left = Array.prototype.slice.call(list.querySelectorAll("[data-ends]"));
    left.sort(function (a, b) { return a.getAttribute("data-starts") < b.getAttribute("data-starts") ? -1 : 1; });
    var show = parseInt(list.getAttribute("data-show") || "0", 10) || left.length;
    left.forEach(function (item, i) {
      list.appendChild(item);
      item.hidden = i >= show;
    });
    if (list.querySelector("li:not([hidden])")) return;
    list.hidden = true;
    var empty = document.getElementById(list.getAttribute("data-upcoming"));
    if (empty) empty.hidden = false;
  });
})();
