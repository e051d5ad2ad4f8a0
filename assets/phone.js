/* The phone layout's behaviour (assets/phone.css, ≤ 600 px): the control bar's «Filtre» toggle,
   and /kart's panel brought into view when a municipality is chosen (by the search or a tap on
   the map), since on a phone the panel is under the map, not beside it. */
(function () {
  "use strict";

  var NARROW = window.matchMedia ? window.matchMedia("(max-width: 600px)") : null;
  function narrow() { return !!(NARROW && NARROW.matches); }

  // The panel a page drew first shows what its link chose: the page opens on the map. After
  // that, a new municipality's name in the panel's title means the user chose one.
  var seen = new WeakMap();  // panel element -> the municipality its title last named

  function reveal(title) {
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    title.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
  }

  function check() {
    var panel = document.getElementById("kart-panel");
    var title = panel && panel.querySelector("#panel-title");
    if (!title) { return; }
    var chosen = panel.querySelector(".panel-kommune #panel-title");
    var name = chosen ? chosen.textContent : null;
    var first = !seen.has(panel), before = seen.get(panel);
    seen.set(panel, name);
    if (!first && name && name !== before && narrow()) { reveal(chosen); }
  }

  new MutationObserver(check).observe(document.documentElement,
    { childList: true, subtree: true, characterData: true });

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    phone: {
      toggle: function (clicks) { return clicks % 2 ? "true" : "false"; },
    },
  });
})();
