/* Shared by the views' clientside renderers: build Dash component trees from plain data, and
   turn a click on an element carrying data-kk-set into a store update (one listener for any
   number of cells, so a matrix of thousands of cells costs no callbacks of its own). */
(function () {
  "use strict";

  function flat(children) {
    // Dash renders components only at the first level of a children array: flatten nested ones.
    return children.reduce(function (out, c) {
      if (Array.isArray(c)) { return out.concat(flat(c)); }
      if (c !== null && c !== undefined && c !== "") { out.push(c); }
      return out;
    }, []);
  }

  function h(type, props, children) {
    var p = Object.assign({}, props || {});
    p.children = children === undefined ? null : Array.isArray(children) ? flat(children) : children;
    return { type: type, namespace: "dash_html_components", props: p };
  }

  var stores = {};  // store id -> its last data, kept by the renderers

  function remember(id, data) { stores[id] = data; }

  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-kk-set]") : null;
    if (!el || !window.dash_clientside || !window.dash_clientside.set_props) { return; }
    var id = el.getAttribute("data-kk-set"), key = el.getAttribute("data-kk-key");
    var value = el.getAttribute("data-kk-value");
    var current = stores[id] || {};
    var next = Object.assign({}, current);
    next[key] = current[key] === value ? null : value;  // a second click clears
    stores[id] = next;
    window.dash_clientside.set_props(id, { data: next });
  });

  document.addEventListener("keydown", function (event) {
    if ((event.key === "Enter" || event.key === " ") && event.target.hasAttribute &&
        event.target.hasAttribute("data-kk-set")) {
      event.preventDefault();
      event.target.click();
    }
  });

  // The views size their map to the window below the header, whose height varies with the
  // screen's width (the badge may wrap) and with presentation mode: keep --kk-header true.
  function trackHeader() {
    var header = document.querySelector(".app-header");
    if (!header || !window.ResizeObserver) { return false; }
    new ResizeObserver(function () {
      document.documentElement.style.setProperty("--kk-header", header.offsetHeight + "px");
      window.dispatchEvent(new Event("resize"));  // plotly refits the map to its new box
    }).observe(header);
    return true;
  }
  if (!trackHeader()) {
    var watch = new MutationObserver(function () { if (trackHeader()) { watch.disconnect(); } });
    watch.observe(document.documentElement, { childList: true, subtree: true });
  }

  window.kk = { h: h, flat: flat, remember: remember };
})();
