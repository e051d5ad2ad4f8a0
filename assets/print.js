/* Printing a view (Ctrl+P, print.css): plotly draws at the size the screen gave it, and a page
   is smaller, so before the browser lays out the page each figure is made to fit it: a map is
   drawn again at the smaller size (its names and legend keep their size), a chart is scaled
   whole (CSS zoom: its text too, so nothing reflows or overlaps). After printing, as before. */
(function () {
  "use strict";
  var PAGE = { width: 1040, height: 500 };  // px: A4 landscape inside print.css's margins,
                                            // below the header's coverage and credits
  var MIN_ZOOM = 0.5;  // a chart is never scaled below half its size to fit one page
  var redrawn = [], scaled = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".js-plotly-plot").forEach(function (plot) {
      var box = plot.getBoundingClientRect();
      var width = plot.closest(".map-col") ? PAGE.width * 0.6 : PAGE.width;  // beside the panel
      var wide = Math.min(1, width / (box.width || 1));
      var scale = Math.min(wide, PAGE.height / (box.height || 1));
      var geo = plot._fullLayout && (plot._fullLayout._subplots || {}).geo;
      if (!geo || !geo.length) {  // a long chart (the 41 task areas) rather runs on over pages
        scale = scale < MIN_ZOOM ? wide : scale;  // than shrinks below legibility
      }
      if (!box.width || scale >= 1) { return; }
      if (window.Plotly && geo && geo.length) {
        redrawn.push(plot);
        window.Plotly.relayout(plot, { width: Math.floor(box.width * scale),
                                       height: Math.floor(box.height * scale) });
        return;
      }
      var gd = plot.closest(".dash-graph") || plot;  // the box with the page's own height
      box = gd.getBoundingClientRect();
      scaled.push(gd);
      // the size it is drawn at, so that neither the page's styles nor plotly refit it
      gd.style.setProperty("width", box.width + "px", "important");
      gd.style.setProperty("height", box.height + "px", "important");
      gd.style.zoom = scale.toFixed(3);
    });
  });
  window.addEventListener("afterprint", function () {
    redrawn.forEach(function (plot) { window.Plotly.relayout(plot, { width: null, height: null }); });
    scaled.forEach(function (gd) {
      gd.style.zoom = "";
      gd.style.removeProperty("width");
      gd.style.removeProperty("height");
    });
    redrawn = [];
    scaled = [];
  });
})();
