/* Side panel, text table and URL of the map page, rendered in the browser from the register copy
   sent once per page (store "register") and the small view state each interaction returns
   (store "view"). Keeping this client-side is what keeps an interaction's response tiny. */
(function () {
  "use strict";

  var h = window.kk.h;

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function sourceLinks(source) {
    if (!source) { return "kilde ikke oppgitt"; }
    var parts = source.split(/\s+;\s+/);
    var out = [];
    parts.forEach(function (part, i) {
      var m = part.match(/https?:\/\/\S+/);
      if (i > 0) { out.push(" · "); }
      if (m) {
        out.push(h("A", { href: m[0], target: "_blank", rel: "noopener", title: part }, "kilde" + (parts.length > 1 ? " " + (i + 1) : "")));
      } else {
        out.push(part);
      }
    });
    return out;
  }

  function dateBadge(reg, item) {
    if (!item.confidence || item.confidence === "stated-2020") { return null; }
    return h("Span", { className: "badge-date", title: reg.confidence[item.confidence] || "" },
      (item.as_of || "udatert") + " · " + (reg.confidence[item.confidence] || item.confidence));
  }

  function arrangementIds(reg, view, kommune) {
    // Filters only: the order is Python's (largest first, then Norwegian alphabetical order).
    return reg.arrangements.filter(function (a) {
      if (a.scopes.indexOf(view.scope || "alle") < 0) { return false; }
      if (view.task && a.task !== view.task) { return false; }
      return kommune ? a.members.indexOf(kommune) >= 0 : true;
    });
  }

  function arrangementList(reg, list) {
    var items = list.map(function (a) {
      var id = a.id;
      var members = a.members.map(function (k) { return reg.names[k] || k; }).join(", ");
      var task = a.task && reg.tasks[a.task] ? reg.tasks[a.task].name : "uten oppgaveområde";
      var count = a.members.length + (a.complete ? "" : "+");
      var facts = [task, a.legal === "ukjent" ? "form ikke oppgitt" : a.legal,
        "vertskommune: " + (a.host ? reg.names[a.host] : "ikke kjent")].join(" · ");
      var who = a.complete ? members : (members ? members + " – " : "") + "deltakerlisten er ikke kjent";
      return h("Li", { className: "arrangement", "data-id": id }, [
        h("Div", { className: "arr-head" }, [
          h("Span", { className: "arr-count", title: "antall deltakere" }, count),
          h("Span", { className: "arr-name" }, a.name), " ", dateBadge(reg, a)]),
        h("Div", { className: "arr-facts" }, [facts, " · ", sourceLinks(a.source)]),
        h("Div", { className: "members" }, a.members.length > 12 ?
          h("Details", {}, [h("Summary", {}, "Vis alle " + a.members.length + " deltakere"), who]) : who),
        a.note ? h("Div", { className: "note" }, a.note) : null,
      ]);
    });
    return h("Ol", { className: "arrangements" }, items);
  }

  function coverageNote(reg) {
    return h("P", { className: "coverage-note" }, reg.coverage.detail);
  }

  function scopeText(reg, view) {
    var parts = [];
    if (view.scope === "kartlegging") { parts.push("fra kartleggingen 2020"); }
    if (view.scope === "til2020") { parts.push("datert til og med 2020"); }
    if (view.task && reg.tasks[view.task]) { parts.push("innen «" + reg.tasks[view.task].name + "»"); }
    return parts.length ? " " + parts.join(" ") : "";
  }

  function kommunePanel(reg, view) {
    var k = view.kommune, name = reg.names[k] || k;
    var ids = arrangementIds(reg, view, k);
    var head = [h("H2", { id: "panel-title" }, name + " (" + k + ")"),
      view.konst_url ? { type: "Link", namespace: "dash_core_components",
        props: { href: view.konst_url, className: "btn btn-outline-primary btn-sm konst-link", children: "Vis alle konstellasjoner" } } : null];
    if (!ids.length) {
      return h("Div", { className: "panel-kommune empty-state" }, head.concat([
        h("P", { className: "lead", id: "panel-count" }, "Ingen registrerte ordninger" + scopeText(reg, view) + "."),
        h("P", {}, "Det betyr ikke at " + name + " ikke samarbeider: registeret dekker bare en del av ordningene. Last inn et fullstendig register for å se alt."),
        coverageNote(reg),
      ]));
    }
    return h("Div", { className: "panel-kommune" }, head.concat([
      h("P", { className: "lead", id: "panel-count" }, plural(ids.length, "registrert ordning", "registrerte ordninger") + scopeText(reg, view) + ", sortert etter antall deltakere. Samarbeidskommunene er farget på kartet."),
      arrangementList(reg, ids),
      coverageNote(reg),
    ]));
  }

  function taskPanel(reg, view) {
    var t = reg.tasks[view.task];
    var ids = arrangementIds(reg, view, null);
    var n = view.participants;
    var share = function (v) { return v === null || v === undefined ? "ikke oppgitt" : v + " %"; };
    var body = [
      h("H2", { id: "panel-title" }, t.number + ". " + t.name),
      h("P", {}, "Kartleggingen: " + share(t.share_2014) + " av kommunene i 2014, " + share(t.share_2020) + " i 2020."),
      h("P", { className: "lead", id: "panel-count" }, "I registeret: " + n + " av " + reg.nordland.length + " kommuner (" + view.participant_share + " %) deltar i " + plural(ids.length, "registrert ordning", "registrerte ordninger") + scopeText(reg, { scope: view.scope }) + "."),
    ];
    if (t.layer_note) { body.push(h("P", { className: "layer-note" }, t.layer_note)); }
    body.push(ids.length ? arrangementList(reg, ids) : h("P", { className: "empty-state" }, "Ingen registrerte ordninger innen dette området."));
    body.push(coverageNote(reg));
    return h("Div", { className: "panel-task" }, body);
  }

  function regionPanel(reg, view) {
    var layer = reg.regions[view.region.layer];
    var r = layer.regions.filter(function (x) { return x.id === view.region.id; })[0];
    if (!r) { return overviewPanel(reg, view); }
    return h("Div", { className: "panel-region" }, [
      h("H2", { id: "panel-title" }, r.name),
      h("P", {}, layer.label),
      h("Dl", {}, [
        h("Dt", {}, "Deltakere"), h("Dd", {}, r.members ? r.members.map(function (k) { return reg.names[k]; }).join(", ") : "medlemmer ikke kjent"),
        h("Dt", {}, "Vertskommune"), h("Dd", {}, r.hosts.length ? r.hosts.join(", ") : "ikke kjent"),
        h("Dt", {}, "Kilden gjelder"), h("Dd", {}, [r.as_of || "udatert", " ", dateBadge(reg, r)]),
        h("Dt", {}, "Kilde"), h("Dd", {}, sourceLinks(r.source)),
      ]),
      r.note ? h("P", { className: "note" }, r.note) : null,
    ]);
  }

  function overviewPanel(reg, view) {
    var top = (view.top || []).map(function (p) { return p[0] + " (" + p[1] + ")"; });
    return h("Div", { className: "panel-overview" }, [
      h("H2", { id: "panel-title" }, "Oversikt"),
      h("P", {}, "Kartet viser " + view.label.toLowerCase() + " per kommune. Klikk en kommune (eller søk) for å se alle ordningene den deltar i; samarbeidskommunene lyser opp. Velg et oppgaveområde for å se hvem som deltar."),
      top.length ? h("P", {}, "Høyest: " + top.join(", ") + ".") : null,
      coverageNote(reg),
    ]);
  }

  function layersPanel(reg, layers) {
    return (layers || []).filter(function (l) { return reg.regions[l]; }).map(function (l) {
      var layer = reg.regions[l];
      var items = layer.regions.map(function (r) {
        var who = r.members ? r.members.map(function (k) { return reg.names[k]; }).join(", ") : "medlemmer ikke kjent";
        var extra = [];
        if (r.stated_members) { extra.push(r.stated_members + " kommuner ifølge kilden"); }
        if (r.population) { extra.push(r.population.toLocaleString("nb-NO") + " innbyggere 2020"); }
        return h("Li", { className: r.members ? "region" : "region unknown" }, [
          h("Strong", {}, r.name), ": ", who, extra.length ? " (" + extra.join(", ") + ")" : "", " ", dateBadge(reg, r)]);
      });
      return h("Section", { className: "layer-list", "data-layer": l }, [
        h("H3", {}, layer.label),
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
        var main;
        if (view.region) { main = regionPanel(reg, view); }
        else if (view.kommune) { main = kommunePanel(reg, view); }
        else if (view.task) { main = taskPanel(reg, view); }
        else { main = overviewPanel(reg, view); }
        return [main].concat(layersPanel(reg, view.layers));
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
