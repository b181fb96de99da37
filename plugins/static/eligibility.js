/* The support programmes' self-check: the same rules as plugins/programmes.py `judge` (a test holds
   the two to the same answers), run on what the visitor answers. Nothing leaves the browser. */
(function () {
  "use strict";
  // rule: {trades: [...], areas: [...], max_employees, min_years, other: [...]};
  // facts: {trade, in_area, employees, opened, confirmed: [i …]}, null where not known.
  function judge(rule, facts, year) {
    var out = { met: [], unknown: [], failed: [] };
    function put(key, ok) { out[ok === null ? "unknown" : ok ? "met" : "failed"].push(key); }
    if (rule.trades.length) put("trades", facts.trade === null ? null : rule.trades.indexOf(facts.trade) >= 0);
    if (rule.areas.length) put("areas", facts.in_area);
    if (rule.max_employees !== null) put("max_employees", facts.employees === null ? null : facts.employees <= rule.max_employees);
    if (rule.min_years !== null) put("min_years", facts.opened === null ? null : year - facts.opened >= rule.min_years);
    rule.other.forEach(function (_text, i) { put("other." + i, (facts.confirmed || []).indexOf(i) >= 0 ? true : null); });
    return out;
  }
  window.streetkitJudge = judge;

  function number(form, name) {
    var field = form.elements[name];
    if (!field || field.value.trim() === "") return null;
    var n = parseInt(field.value, 10);
    return isNaN(n) ? null : n;
  }
  document.querySelectorAll(".self-check").forEach(function (box) {
    var data = JSON.parse(box.getAttribute("data-check"));
    var form = box.querySelector("form"), result = box.querySelector(".self-check-result");
    var next = box.querySelector(".self-check-next");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var area = form.querySelector("input[name=in_area]:checked");
      var facts = {
        trade: form.elements.trade && form.elements.trade.value ? form.elements.trade.value : null,
        in_area: area ? area.value === "yes" : null,
        employees: number(form, "employees"), opened: number(form, "opened"),
        confirmed: Array.prototype.map.call(form.querySelectorAll("input[name=confirmed]:checked"),
                                            function (box) { return parseInt(box.value, 10); })
      };
      var year = new Date(Date.now() + 9 * 3600 * 1000).getUTCFullYear();  // Korean time
      var found = judge(data.rule, facts, year);
      var names = function (keys) { return keys.map(function (k) { return data.labels[k]; }).join(", "); };
      var text = found.failed.length ? data.words.no.replace("{}", names(found.failed))
        : found.unknown.length ? data.words.check.replace("{}", names(found.unknown)) : data.words.yes;
      result.textContent = text;
      result.setAttribute("data-state", found.failed.length ? "no" : found.unknown.length ? "check" : "yes");
      next.hidden = found.failed.length > 0;
    });
  });
})();
