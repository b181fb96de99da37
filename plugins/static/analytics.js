/* Loads the street's visitor counter (the analytics plugin) unless the visitor's browser asks not
   to be tracked. The counter sets no cookies; this file only decides whether to load it. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || navigator.doNotTrack === "1" || window.doNotTrack === "1" || navigator.globalPrivacyControl) return;
  var counter = document.createElement("script");
  var attrs = JSON.parse(me.getAttribute("data-attrs"));
  Object.keys(attrs).forEach(function (name) { counter.setAttribute(name, attrs[name]); });
  counter.async = true;
  counter.src = me.getAttribute("data-src");
  document.head.appendChild(counter);
})();
