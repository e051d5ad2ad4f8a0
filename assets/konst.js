/* /konstellasjoner: the membership matrix and the who-with-whom matrix, drawn straight into the
   page from the compact, already ordered arrays Python sends (kommunekart/web/pages/konstellasjoner.py).
   Thousands of cells as Dash components took the renderer 3–10 s; plain DOM takes milliseconds.
   Text goes in as textContent, never as HTML. Rendering only: no sorting, no counting. A click on
   a row or a cell updates the page's store (assets/common.js). */
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) { node.setAttribute(k, attrs[k]); }
    });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function add(parent, children) { children.forEach(function (c) { if (c) { parent.appendChild(c); } }); return parent; }

  function mount(id, nodes) {
    var box = document.getElementById(id);
    if (!box) { return false; }
    box.replaceChildren.apply(box, nodes);
    return true;
  }

  function setter(data, key, value) {
    return { "data-kk-set": data.target, "data-kk-key": key, "data-kk-value": value };
  }

  function matrix(data) {
    if (!data || !data.rows) { return window.dash_clientside.no_update; }
    window.kk.remember(data.target, data);
    gridId = data.grid;
    hookGrid();
    if (!data.rows.length) {
      mount(data.container, [el("p", { "class": "empty-state" }, "Ingen registrerte ordninger å vise.")]);
      return 0;
    }
    var legend = add(el("p", { "class": "matrix-legend" }), Object.keys(data.groups).map(function (g) {
      var key = el("span", { "class": "key" });
      add(key, [el("span", { "class": "swatch g-" + g }), document.createTextNode(" " + data.groups[g])]);
      return key;
    }));
    var head = add(el("tr"), [el("th", { scope: "col", "class": "corner" }, "Ordning")].concat(
      data.columns.map(function (c) {
        var th = el("th", { scope: "col", "class": "col-name" + (c.k === data.kommune ? " chosen" : "") + (c.outside ? " outside" : ""),
          title: c.name + ": " + c.shared + " av ordningene" + (c.outside ? " (utenfor Nordland)" : "") });
        th.appendChild(el("span", {}, c.name));
        return th;
      })));
    var body = el("tbody");
    data.rows.forEach(function (r, i) {
      var filled = {};
      r.cells.forEach(function (j) { filled[j] = true; });
      var selected = r.id === data.ordning;
      var tr = el("tr", { "class": selected ? "selected" : null, "data-id": r.id });
      tr.appendChild(el("th", Object.assign({ scope: "row", "class": "row-name", tabindex: "0", role: "button",
        "aria-pressed": selected ? "true" : "false", title: r.name + ": vis deltakerne på kartet" },
        setter(data, "ordning", r.id)), (i + 1) + ". " + r.name));
      data.columns.forEach(function (c, j) {
        tr.appendChild(filled[j] ? el("td", { "class": "cell g-" + r.group, title: r.name + " – " + c.name }) : el("td", { "class": "cell" }));
      });
      body.appendChild(tr);
    });
    var table = add(el("table", { "class": "matrix membership" }), [add(el("thead"), [head]), body]);
    mount(data.container, [legend, table]);
    // The phone's cards (kommunekart/web/components/konst_table.py) say which one is chosen.
    document.querySelectorAll("#" + data.cards + " [data-kk-value]").forEach(function (card) {
      card.setAttribute("aria-pressed", card.getAttribute("data-kk-value") === data.ordning ? "true" : "false");
    });
    return data.rows.length;
  }

  // ColorBrewer Blues; dark text on all but the darkest (contrast ≥ 4.5 : 1 either way).
  var SHADES = ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#08519c"];

  function shade(v, max) {
    return v ? SHADES[Math.min(SHADES.length - 1, Math.floor((SHADES.length - 1) * v / Math.max(max, 1)))] : null;
  }

  // Presenting shows one regional council's rows at a time (konst.css hides the rows marked
  // "off"); which one is kept here per page, the groups are Python's (data.spans).
  var shownGroup = {};

  function showGroup(data, g) {
    var box = document.getElementById(data.container), pager = document.getElementById(data.pager);
    if (!box || !pager) { return false; }
    var n = data.spans.length;
    g = Math.max(0, Math.min(n - 1, g));
    shownGroup[data.container] = g;
    box.querySelectorAll("tbody tr").forEach(function (tr) {
      tr.classList.toggle("off", tr.getAttribute("data-group") !== String(g));
    });
    var prev = el("button", { type: "button", "class": "btn btn-outline-secondary pager-prev",
      "aria-label": "Forrige regionråd", disabled: g === 0 ? "disabled" : null }, "‹");
    var next = el("button", { type: "button", "class": "btn btn-outline-secondary pager-next",
      "aria-label": "Neste regionråd", disabled: g === n - 1 ? "disabled" : null }, "›");
    prev.addEventListener("click", function () { showGroup(data, g - 1); });
    next.addEventListener("click", function () { showGroup(data, g + 1); });
    var label = el("span", { "class": "pager-label", "aria-live": "polite" },
      data.spans[g].name + " · " + (g + 1) + " av " + n);
    pager.replaceChildren(prev, label, next);
    return true;
  }

  function step(data, by) {
    // A clicker's next or previous: true when it moved (at either end it leaves the key alone).
    var g = (shownGroup[data.container] || 0) + by;
    if (g < 0 || g >= data.spans.length) { return false; }
    return showGroup(data, g);
  }

  function fitCouncils(box) {
    // A council whose name does not fit over its columns even wrapped is left out (its cell
    // keeps the name as a title); measured again whenever the table changes size.
    box.querySelectorAll("th.council").forEach(function (th) {
      var span = th.firstChild;
      th.classList.remove("unfit");
      th.classList.toggle("unfit", span.scrollWidth > span.clientWidth + 1 || span.scrollHeight > 3.5 * parseFloat(getComputedStyle(span).lineHeight));
    });
  }

  var watched = typeof WeakSet === "function" ? new WeakSet() : null;

  function pairs(data) {
    if (!data || !data.order) { return window.dash_clientside.no_update; }
    window.kk.remember(data.target, data);
    var groupOf = [];
    data.spans.forEach(function (s, g) { for (var i = 0; i < s.size; i++) { groupOf.push(g); } });
    var starts = function (j) { return j > 0 && groupOf[j] !== groupOf[j - 1]; };
    var corners = function () {
      return [el("th", { "class": "corner corner-council" }), el("th", { "class": "corner" })];
    };
    var councils = add(el("tr", { "class": "councils" }), corners().concat(
      data.spans.map(function (s) {
        var th = el("th", { colspan: String(s.size), scope: "colgroup", "class": "council", title: s.name });
        th.appendChild(el("span", {}, s.name));
        return th;
      })));
    var names = add(el("tr"), corners().concat(data.order.map(function (m, j) {
      var th = el("th", { scope: "col", "class": "col-name" + (starts(j) ? " group-start" : "") });
      th.appendChild(el("span", {}, m.name));
      return th;
    })));
    var body = el("tbody");
    data.order.forEach(function (m, i) {
      var first = i === 0 || starts(i);
      var tr = el("tr", { "class": first ? "group-start" : null, "data-group": String(groupOf[i]) });
      if (first) {
        var lead = el("th", { rowspan: String(data.spans[groupOf[i]].size), scope: "rowgroup", "class": "council-row" });
        lead.appendChild(el("span", {}, data.spans[groupOf[i]].name));
        tr.appendChild(lead);
      }
      var label = el("th", { scope: "row", "class": "row-name" });
      label.appendChild(el("a", { href: m.href, title: "Vis " + m.name + " i alle konstellasjoner" }, m.name));
      tr.appendChild(label);
      data.counts[i].forEach(function (v, j) {
        var other = data.order[j], diag = i === j;
        var key = m.k < other.k ? m.k + "-" + other.k : other.k + "-" + m.k;
        var cls = "cell" + (diag ? " diag" : "") + (starts(j) ? " group-start" : "") + (key === data.pair ? " selected" : "");
        var attrs = { "class": cls, title: diag ? m.name + ": " + v + " registrerte ordninger" :
          m.name + " og " + other.name + ": " + v + " felles ordninger" };
        if (!diag) {
          Object.assign(attrs, setter(data, "pair", key));
          var fill = shade(v, data.max);
          if (fill) { attrs.style = "background:" + fill + ";color:" + (fill === SHADES[SHADES.length - 1] ? "#fff" : "#111"); }
        }
        tr.appendChild(el("td", attrs, v ? String(v) : ""));
      });
      body.appendChild(tr);
    });
    var table = add(el("table", { "class": "matrix pairs", style: "--n:" + data.order.length }), [add(el("thead"), [councils, names]), body]);
    mount(data.container, [table]);
    // The group first shown: the chosen pair's first municipality's, else the first council.
    var chosen = data.pair ? data.order.findIndex(function (m) { return m.k === data.pair.split("-")[0]; }) : -1;
    var here = data.container in shownGroup ? shownGroup[data.container] : (chosen >= 0 ? groupOf[chosen] : 0);
    showGroup(data, here);
    var box = document.getElementById(data.container);
    fitCouncils(box);
    if (window.ResizeObserver && watched && !watched.has(box)) {
      watched.add(box);
      new ResizeObserver(function () { fitCouncils(box); }).observe(box);
    }
    pairsShown = data;
    return data.order.length;
  }

  var pairsShown = null;

  // On a phone a tap on a card lights its members on the map above the cards: bring it into view.
  document.addEventListener("click", function (event) {
    var card = event.target.closest ? event.target.closest(".konst-card") : null;
    var map = card && document.querySelector(".konst-map");
    if (!map || !window.matchMedia("(max-width: 600px)").matches) { return; }
    var box = map.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) { map.scrollIntoView({ block: "start" }); }
  });

  // A presentation clicker's keys step the table's pages (or the councils) while no story runs
  // (with a story they are the story's, assets/story.js); at the last page they go on as if
  // the table were not there.

  var gridId = null;  // the table's grid, named by the membership matrix's data

  function chosenPage(api) {
    // Paged (presenting), the chosen row's page is shown: on opening, and when the page size
    // changes with the screen.
    var node = api.getSelectedNodes()[0], size = api.paginationGetPageSize();
    if (!api.isDestroyed() && node && node.rowIndex !== null && size && api.paginationGetTotalPages() > 1) {
      var page = Math.floor(node.rowIndex / size);
      if (page !== api.paginationGetCurrentPage()) { api.paginationGoToPage(page); }
    }
  }

  function hookGrid() {
    // The grid's bundle may still be on its way (assets/lazy.js): hook in once it is there.
    if (gridId && window.dash_ag_grid && window.dash_ag_grid.getApiAsync) {
      window.dash_ag_grid.getApiAsync(gridId).then(keepChosenInView, function () {});
    }
  }
  window.addEventListener("kk-bundle-loaded", hookGrid);

  function keepChosenInView(api) {
    if (!api || api.kkChosen) { return; }
    api.kkChosen = true;
    api.addEventListener("paginationChanged", function (event) {
      if (event.newPageSize || event.newData) { chosenPage(api); }
    });
    chosenPage(api);
  }

  function pageGrid(by) {
    var grid = gridId && document.getElementById(gridId);
    var api = grid && window.dash_ag_grid && window.dash_ag_grid.getApi ? window.dash_ag_grid.getApi(gridId) : null;
    if (!api || !api.paginationGetTotalPages) { return false; }
    var page = api.paginationGetCurrentPage(), pages = api.paginationGetTotalPages();
    if (page + by < 0 || page + by >= pages) { return false; }
    if (by > 0) { api.paginationGoToNextPage(); } else { api.paginationGoToPreviousPage(); }
    return true;
  }

  window.addEventListener("keydown", function (event) {
    var by = window.kk.clickerStep(event), target = event.target;
    if (!by || window.kk.storyRuns() || !document.querySelector(".konst-page")) { return; }
    if (target && target.closest && (target.closest(".ag-cell") ||
        (event.key === " " && target.closest("button, a, [role='button']")))) { return; }
    var moved = gridId && document.getElementById(gridId) ? pageGrid(by) :
      (pairsShown && document.getElementById(pairsShown.container) ? step(pairsShown, by) : false);
    if (moved) { event.preventDefault(); event.stopImmediatePropagation(); }
  }, true);

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    konst: { matrix: matrix, pairs: pairs },
  });
})();
