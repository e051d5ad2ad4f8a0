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
    return data.rows.length;
  }

  // ColorBrewer Blues; dark text on all but the darkest (contrast ≥ 4.5 : 1 either way).
  var SHADES = ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#08519c"];

  function shade(v, max) {
    return v ? SHADES[Math.min(SHADES.length - 1, Math.floor((SHADES.length - 1) * v / Math.max(max, 1)))] : null;
  }

  function pairs(data) {
    if (!data || !data.order) { return window.dash_clientside.no_update; }
    window.kk.remember(data.target, data);
    var groupOf = [];
    data.spans.forEach(function (s, g) { for (var i = 0; i < s.size; i++) { groupOf.push(g); } });
    var starts = function (j) { return j > 0 && groupOf[j] !== groupOf[j - 1]; };
    var councils = add(el("tr", { "class": "councils" }), [el("th", { colspan: "2", "class": "corner" })].concat(
      data.spans.map(function (s) { return el("th", { colspan: String(s.size), scope: "colgroup", "class": "council" }, s.name); })));
    var names = add(el("tr"), [el("th", { colspan: "2", "class": "corner" })].concat(data.order.map(function (m, j) {
      var th = el("th", { scope: "col", "class": "col-name" + (starts(j) ? " group-start" : "") });
      th.appendChild(el("span", {}, m.name));
      return th;
    })));
    var body = el("tbody");
    data.order.forEach(function (m, i) {
      var first = i === 0 || starts(i);
      var tr = el("tr", { "class": first ? "group-start" : null });
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
    mount(data.container, [add(el("table", { "class": "matrix pairs" }), [add(el("thead"), [councils, names]), body])]);
    return data.order.length;
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    konst: { matrix: matrix, pairs: pairs },
  });
})();
