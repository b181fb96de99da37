/* The district's calendar: show one street's events. Progressive enhancement: without this
   script every street's events are listed. */
(function () {
  "use strict";
  var form = document.getElementById("street-filter");
  if (!form) return;
  var items = Array.prototype.slice.call(document.querySelectorAll(".event-list li[data-street]"));
  function apply() {
    var street = form.querySelector("input[name=street]:checked").value;
    items.forEach(function (li) {
      // events.js hides what has ended; keep that, and hide the other streets' events.
      li.classList.toggle("other-street", !!street && li.dataset.street !== street);
    });
  }
  form.addEventListener("change", apply);
  apply();
})();
