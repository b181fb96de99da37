// Preview pages only: reload when the street's profile is saved again (from any tab or editor).
(function () {
  var me = document.currentScript, v = me.dataset.version, slug = me.dataset.slug;
  setInterval(function () {
    fetch("/s/" + slug + "/version", {credentials: "same-origin"}).then(function (r) { return r.text(); })
      .then(function (t) { if (t && t !== v) location.reload(); }).catch(function () {});
  }, 1000);
})();
