/* Opening hours in Korean time, shared by the directory and merchant pages.
   Hours come as {"d": [[open, close] | null] x 7 (Monday first, minutes), "b": [start, end] | null,
   "m": [[weekday, [weeks of the month, -1 the last]]] (optional: closed on those weeks)}. */
(function () {
  "use strict";
  // Weekday (0 = Monday) and minutes since midnight in Asia/Seoul, whatever the visitor's zone.
  function seoulNow() {
    var d = new Date(Date.now() + 9 * 3600 * 1000);
    var last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    return { day: (d.getUTCDay() + 6) % 7, min: d.getUTCHours() * 60 + d.getUTCMinutes(),
             week: Math.ceil(d.getUTCDate() / 7), lastWeek: d.getUTCDate() + 7 > last };
  }
  function closedThisWeek(h, t) {  // the 2nd and 4th Sunday, the last Monday …
    return (h.m || []).some(function (c) {
      return c[0] === t.day && c[1].some(function (n) { return n === t.week || (n === -1 && t.lastWeek); });
    });
  }
  function isOpen(h, t) {
    var y = h.d[(t.day + 6) % 7];
    if (y && y[1] <= y[0] && t.min < y[1]) return true;  // past midnight, from yesterday's hours
    if (closedThisWeek(h, t)) return false;
    var s = h.d[t.day];
    if (!s) return false;
    var open = s[1] > s[0] ? t.min >= s[0] && t.min < s[1] : t.min >= s[0];
    return !(open && h.b && t.min >= h.b[0] && t.min < h.b[1]) && open;  // not during the break
  }
  window.streetkitHours = { seoulNow: seoulNow, isOpen: isOpen };
})();
