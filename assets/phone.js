/* The phone layout's behaviour (assets/phone.css, ≤ 600 px): the control bar's «Filtre» toggle,
   /kart's panel brought into view when a municipality is chosen (by the search or a tap on the
   map), since on a phone the panel is under the map, not beside it, and the column headings a
   wide table's cards show. */
(function () {
  "use strict";

  function narrow() { return window.kk.narrow(); }  // the phone's width, as common.js reads it

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

  // A wide table is read as cards on a phone (phone.css): each cell says its column's heading,
  // taken from the table's own header row (rows of another shape, such as a group's heading
  // across the table, are left as they are).
  var CARDS = "table.utv-table, table.task-table";  // the tables phone.css may show as cards

  function label() {
    document.querySelectorAll(CARDS).forEach(function (table) {
      var head = table.tHead && table.tHead.rows[0];
      if (!head) { return; }
      var names = Array.from(head.cells).map(function (c) { return c.textContent.trim(); });
      Array.from(table.tBodies).forEach(function (body) {
        Array.from(body.rows).forEach(function (row) {
          if (row.cells.length !== names.length) { return; }
          Array.from(row.cells).forEach(function (cell, i) {
            if (cell.getAttribute("data-label") !== names[i]) { cell.setAttribute("data-label", names[i]); }
          });
        });
      });
    });
  }

  var queued = false;
  function changed() {
    check();
    if (!queued && narrow()) {
      queued = true;
      window.requestAnimationFrame(function () { queued = false; label(); });
    }
  }
  new MutationObserver(changed).observe(document.documentElement,
    { childList: true, subtree: true, characterData: true });

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    phone: {
      toggle: function (clicks) { return clicks % 2 ? "true" : "false"; },
    },
  });
})();
