/* Merchant page: highlight today's opening hours and say whether the shop is open, in Korean time. */
(function () {
  "use strict";
  var state = document.getElementById("open-state");
  if (!state || !window.streetkitHours) return;
  var now = window.streetkitHours.seoulNow();
  var open = window.streetkitHours.isOpen(JSON.parse(state.dataset.hours), now);
  var row = document.querySelector('.hours tr[data-day="' + now.day + '"]');
  // Every row carries its (invisible) "today" mark from the build, so marking one moves nothing.
  if (row) row.classList.add("today");
  state.textContent = open ? state.dataset.open : state.dataset.closed;
  state.className = "open-state " + (open ? "is-open" : "is-closed");
})();
