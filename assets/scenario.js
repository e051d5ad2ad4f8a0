/* /scenarier's panel, drawn from the view the server computed (kommunekart/views/scenarier.py
   view_of; the sentences that never change come once with the page, lists.texts): every number,
   order and sentence comes from there; nothing is counted or worded here. Text goes in as text. */
(function () {
  "use strict";
  function swatch(colour) { return window.kk.h("Span", { className: "swatch", style: { background: colour } }); }
  function panel(view, lists) {
    var h = window.kk.h;
    if (!view) { return null; }
    var regionOf = {};  // the region this view puts each municipality in (the server's rows)
    view.rows.forEach(function (r) { r.members.forEach(function (k) { regionOf[k] = r; }); });
    var rows = view.rows.map(function (r) {
      return h("Tr", { key: r.key, className: r.fit || null }, [
        h("Th", { scope: "row" }, [swatch(r.colour), " " + r.name]),
        h("Td", { className: "num scen-count" }, String(r.members.length)),
        h("Td", {}, r.note ? [r.short, h("Span", { className: "pop-note" }, r.note)] : r.population),
        h("Td", { className: "num" }, String(r.inside)),
        h("Td", { className: "num" }, String(r.crossing))]);
    });
    var splits = view.splits.map(function (place, i) {
      var arrangement = lists.arrangements[place];
      return h("Li", { key: String(i) }, [h("Span", { className: "arr-name" }, arrangement[0]), ": ",
        arrangement[1].map(function (k, j) {
          var region = regionOf[k];
          return h("Span", { key: k, className: "split-part",
                             title: region ? region.name : lists.texts.no_region }, [
            swatch(region ? region.colour : lists.none),
            " " + (lists.names[k] || k) + (j < arrangement[1].length - 1 ? ", " : "")]);
        })]);
    });
    return [
      h("H2", { id: "scen-title" }, view.title),
      h("P", { className: "lead scen-score" }, view.score),
      h("Table", { className: "table table-sm scen-table" }, [
        h("Thead", {}, h("Tr", {}, [h("Th", {}, "Region"), h("Th", { className: "num scen-count", title: "Kommuner i regionen" }, "Kom."),
          h("Th", {}, "Folketall 2020"), h("Th", { className: "num", title: "Ordninger med alle Nordland-medlemmer i regionen" }, "Hele"),
          h("Th", { className: "num", title: "Ordninger med medlemmer både i og utenfor regionen" }, "Delt")])),
        h("Tbody", {}, rows.concat(["small", "large"].filter(function (screen) {
          return view.more && view.more[screen];  // presenting: the rows that did not fit
        }).map(function (screen) {
          return h("Tr", { key: "more-" + screen, className: "scen-more more-" + screen },
                   h("Td", { colSpan: 5 }, view.more[screen]));
        })))]),
      h("P", { className: "text-muted small scen-note" }, lists.texts.note),
      view.unassigned ? h("P", { className: "text-muted scen-unassigned" }, view.unassigned) : null,
      h("H3", {}, view.split_title),
      splits.length ? h("Ul", { className: "scen-splits" }, splits) : h("P", {}, lists.texts.none),
      h("P", { className: "coverage-note" }, lists.texts.coverage)
    ];
  }
  window.dash_clientside = Object.assign({}, window.dash_clientside, { scenario: { panel: panel } });
})();
