/* Merchant directory: search, category and badge filters, and "open now" in Korean time.
   Progressive enhancement: without this script the page is the complete list. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return;
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card[data-category]"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section[id]"));
  var count = form.querySelector(".result-count");

  var hours = window.streetkitHours;

  function apply() {
    // NFC, as the names in the page are: Hangul typed as separate jamo (NFD) finds them too.
    var q = form.q.value.normalize("NFC").trim().toLowerCase();
    var cat = form.querySelector("input[name=category]:checked").value;
    var badges = Array.prototype.slice.call(form.querySelectorAll("input[name=badge]:checked"))
      .map(function (i) { return i.value; });
    var openOnly = form.open.checked;
    var now = hours.seoulNow(), shown = 0;
    cards.forEach(function (card) {
      var open = card.dataset.hours ? hours.isOpen(JSON.parse(card.dataset.hours), now) : false;
      var state = card.querySelector(".open-state");
      if (state) {
        state.textContent = open ? count.dataset.open : count.dataset.closed;
        state.className = "open-state " + (open ? "is-open" : "is-closed");
      }
      var have = " " + card.dataset.badges + " ";
      var ok = (!cat || card.dataset.category === cat) &&
        (!q || card.dataset.search.indexOf(q) !== -1) &&
        badges.every(function (b) { return have.indexOf(" " + b + " ") !== -1; }) &&
        (!openOnly || open);
      card.hidden = !ok;
      if (ok) shown++;
    });
    sections.forEach(function (s) {
      s.hidden = !s.querySelector(".card[data-category]:not([hidden])");
    });
    // The build wrote the phrase for one and for many ("{n} shop shown", "{n} shops shown").
    var phrase = shown === 1 ? count.dataset.shownOne : count.dataset.shown;
    count.textContent = shown ? phrase.replace("{n}", shown.toLocaleString("en-US")) : count.dataset.none;
  }

  form.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
})();
