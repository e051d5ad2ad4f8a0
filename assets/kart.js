/* Side panel, text table and URL of the map page, rendered in the browser from the register copy
   sent once per page (store "register") and the small view state each interaction returns
   (store "view"). Every sentence is written in Python (kommunekart/views/kart_panel.py and
   panel_text.py): this only filters the register's lists and renders. Keeping this client-side
   is what keeps an interaction's response tiny. */
(function () {
  "use strict";

  var h = window.kk.h;

  function links(pieces) {
    // A source's parts: text as it stands, a link where it has an address (views/panel_text.py).
    return pieces.map(function (p) {
      return typeof p === "string" ? p :
        h("A", { href: p.href, target: "_blank", rel: "noopener", title: p.title }, p.text);
    });
  }

  function dateBadge(badge) {
    return badge ? h("Span", { className: "badge-date", title: badge.title }, badge.text) : null;
  }

  function arrangementIds(reg, view, kommune) {
    // Filters only: the order is Python's (largest first, then Norwegian alphabetical order).
    return reg.arrangements.filter(function (a) {
      if (a.scopes.indexOf(view.scope || "alle") < 0) { return false; }
      if (view.task && a.task !== view.task) { return false; }
      return kommune ? a.members.indexOf(kommune) >= 0 : true;
    });
  }

  function arrangementList(list) {
    var items = list.map(function (a) {
      return h("Li", { className: "arrangement", "data-id": a.id }, [
        h("Div", { className: "arr-head" }, [
          h("Span", { className: "arr-count", title: "antall deltakere" }, a.count),
          h("Span", { className: "arr-name" }, a.name), " ", dateBadge(a.badge)]),
        h("Div", { className: "arr-facts" }, [a.facts, " · "].concat(links(a.source))),
        h("Div", { className: "members" }, a.fold ?
          h("Details", {}, [h("Summary", {}, a.fold), a.who]) : a.who),
        a.note ? h("Div", { className: "note" }, a.note) : null,
      ]);
    });
    return h("Ol", { className: "arrangements" }, items);
  }

  function coverageNote(reg) {
    return h("P", { className: "coverage-note" }, reg.coverage.detail);
  }

  // Each panel renders the sentences its view was sent (view.panel, kommunekart/views/kart_panel.py)
  // and the texts of the register copy; none is written here.
  function kommunePanel(reg, view, p) {
    var k = reg.kommuner[view.kommune], s = k.scopes[view.scope || "alle"];
    var c = p.lead ? p : s;  // with a task area chosen, the view sent its own count sentence
    var head = [h("H2", { id: "panel-title" }, k.title),
      { type: "Link", namespace: "dash_core_components",
        props: { href: s.link, className: "btn btn-outline-primary btn-sm konst-link", children: reg.texts.konst } }];
    if (c.empty) {
      return h("Div", { className: "panel-kommune empty-state" }, head.concat([
        h("P", { className: "lead", id: "panel-count" }, c.lead),
        h("P", {}, [k.note, " ", reg.texts.partial]),
        coverageNote(reg),
      ]));
    }
    return h("Div", { className: "panel-kommune" }, head.concat([
      h("P", { className: "lead", id: "panel-count" }, [c.lead, " ", reg.texts.lit]),
      arrangementList(arrangementIds(reg, view, view.kommune)),
      coverageNote(reg),
    ]));
  }

  function taskPanel(reg, view) {
    var t = reg.tasks[view.task], p = reg.task_leads[view.task][view.scope];
    var body = [
      h("H2", { id: "panel-title" }, t.title),
      h("P", {}, t.survey),
      h("P", { className: "lead", id: "panel-count" }, p.lead),
    ];
    if (t.layer_note) { body.push(h("P", { className: "layer-note" }, t.layer_note)); }
    body.push(p.empty ? h("P", { className: "empty-state" }, reg.texts.task_empty) :
      arrangementList(arrangementIds(reg, view, null)));
    body.push(coverageNote(reg));
    return h("Div", { className: "panel-task" }, body);
  }

  function regionPanel(reg, view) {
    var layer = reg.regions[view.region.layer];
    var r = layer.regions.filter(function (x) { return x.id === view.region.id; })[0];
    return h("Div", { className: "panel-region" }, [
      h("H2", { id: "panel-title" }, r.name),
      h("P", {}, layer.label),
      h("Dl", {}, [
        h("Dt", {}, "Deltakere"), h("Dd", {}, r.who),
        h("Dt", {}, "Vertskommune"), h("Dd", {}, r.host),
        h("Dt", {}, "Kilden gjelder"), h("Dd", {}, [r.as_of, " ", dateBadge(r.badge)]),
        h("Dt", {}, "Kilde"), h("Dd", {}, links(r.source)),
      ]),
      r.note ? h("P", { className: "note" }, r.note) : null,
    ]);
  }

  function overviewPanel(reg, view, p) {
    // As a story step (p.story) without the how-to, and under the layers when they come first.
    var o = reg.overviews[view.measure][view.scope];  // the same nine for every view
    return h("Div", { className: "panel-overview" }, [
      p.layers_first ? h("H3", {}, reg.texts.overview) : h("H2", { id: "panel-title" }, reg.texts.overview),
      h("P", {}, p.story ? o.lead : [o.lead, " ", reg.texts.help]),
      o.top ? h("P", {}, o.top) : null,
      coverageNote(reg),
    ]);
  }

  function layersPanel(reg, layers, first) {
    // first: the layers open the panel (a story step), the first one's name its heading.
    return (layers || []).filter(function (l) { return reg.regions[l]; }).map(function (l, i) {
      var layer = reg.regions[l];
      var items = layer.regions.map(function (r) {
        return h("Li", { className: r.known ? "region" : "region unknown" }, [
          h("Strong", {}, r.name), ": ", r.who, r.extra, " ", dateBadge(r.badge)]);
      });
      return h("Section", { className: "layer-list", "data-layer": l }, [
        first && i === 0 ? h("H2", { id: "panel-title" }, layer.label) : h("H3", {}, layer.label),
        h("P", { className: "layer-count" }, layer.count_text),
        h("Ul", {}, items),
      ]);
    });
  }

  function valueTable(reg, view) {
    var rows = reg.alphabetical.map(function (i) {
      var k = reg.nordland[i], v = view.values[i];
      var shown = view.kind === "participation" ? (v ? "Deltar" : "Ingen registrert ordning") : String(v);
      return h("Tr", {}, [h("Th", { scope: "row" }, reg.names[k]), h("Td", {}, k), h("Td", {}, shown)]);
    });
    return h("Table", { className: "table table-sm value-table" }, [
      h("Caption", {}, view.label),
      h("Thead", {}, h("Tr", {}, [h("Th", { scope: "col" }, "Kommune"), h("Th", { scope: "col" }, "Nr."), h("Th", { scope: "col" }, "Verdi")])),
      h("Tbody", {}, rows),
    ]);
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    kart: {
      panel: function (view, reg) {
        if (!view || !reg) { return null; }
        var p = view.panel, main;
        if (p.kind === "region") { main = regionPanel(reg, view); }
        else if (p.kind === "kommune") { main = kommunePanel(reg, view, p); }
        else if (p.kind === "task") { main = taskPanel(reg, view); }
        else { main = overviewPanel(reg, view, p); }
        if (p.layers_first) { return layersPanel(reg, view.layers, true).concat([main]); }
        return [main].concat(layersPanel(reg, view.layers, false));
      },
      table: function (view, reg) {
        if (!view || !reg) { return null; }
        return valueTable(reg, view);
      },
      order: function (reg, view) {
        // The names the panel lists for a view, in its order (tests compare it with downloads).
        return arrangementIds(reg, view, view.kommune).map(function (a) { return a.name; });
      },
      link: function (_, view) {
        return window.location.origin + window.kk.withMode((view && view.url) || window.location.pathname);
      },
      url: function (view) {
        // The address bar follows the view; the server wrote the link (kommunekart/views/state.py).
        if (!view || !view.url) { return window.dash_clientside.no_update; }
        window.history.replaceState(null, "", window.kk.withMode(view.url));
        return view.url;
      },
    },
  });
})();
