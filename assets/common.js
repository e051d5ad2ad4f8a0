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
        (event.target.hasAttribute("data-kk-set") || event.target.hasAttribute("data-kk-press"))) {
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

  // Presentation mode, on every view: map and panel only, projector-sized type (kart.css).
  // Entered by the header's button or by ?presentasjon=1 in a link; left by the button, by the
  // exit button or by Esc, whether or not the browser granted full screen. Focus goes back to
  // the button that opened it, and the button says whether it is on (aria-pressed).
  var MODE = "presentasjon";
  var opener = null;

  function presenting() { return document.body.classList.contains("presenting"); }

  var KEEP = ["fortelling", "steg"];  // a story being built or stepped stays in the link

  function withMode(url) {
    // A link copied or written while presenting opens presenting; a view rewriting its address
    // keeps the story the address carried.
    var u = new URL(url, window.location.origin);
    var here = new URLSearchParams(window.location.search);
    KEEP.forEach(function (key) {
      if (here.has(key) && !u.searchParams.has(key)) { u.searchParams.set(key, here.get(key)); }
    });
    if (presenting()) { u.searchParams.set(MODE, "1"); }
    return u.pathname + u.search;
  }

  function markButton(on) {
    var button = document.getElementById("present");
    if (button) { button.setAttribute("aria-pressed", on ? "true" : "false"); }
  }

  function tellServer(on) {
    // A view that draws differently when presenting (/kart: the map in two panels) keeps a
    // store "presenting"; the server redraws. Views without one ignore it.
    var dc = window.dash_clientside;
    if (!dc || !dc.set_props) { return; }
    try { dc.set_props("presenting", { data: on }); } catch (e) { /* no such store here */ }
  }

  function setMode(on) {
    var changed = presenting() !== on;
    document.body.classList.toggle("presenting", on);
    markButton(on);
    if (changed) { tellServer(on); }
    var u = new URL(window.location.href);
    if (on) { u.searchParams.set(MODE, "1"); } else { u.searchParams.delete(MODE); }
    window.history.replaceState(window.history.state, "", u.pathname + u.search);
    window.setTimeout(function () { window.dispatchEvent(new Event("resize")); }, 50);
  }

  function fullScreen() {
    var el = document.documentElement;
    if (el.requestFullscreen && !document.fullscreenElement) { el.requestFullscreen().catch(function () {}); }
  }

  function enter(from) {
    if (narrow()) { return; }  // no presenting on a phone (its button is hidden there)
    opener = from || document.getElementById("present");
    setMode(true);
    fullScreen();  // inside the click: the browser allows it
    var exit = document.getElementById("present-exit");
    if (exit) { exit.focus(); }
  }

  function leave() {
    if (!presenting()) { return; }
    setMode(false);
    if (document.fullscreenElement && document.exitFullscreen) { document.exitFullscreen().catch(function () {}); }
    var back = opener && document.body.contains(opener) ? opener : document.getElementById("present");
    if (back) { back.focus(); }
    opener = null;
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("#present, #present-exit") : null;
    if (!target) { return; }
    if (target.id === "present-exit" || presenting()) { leave(); } else { enter(target); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && presenting()) { leave(); }
  });
  document.addEventListener("fullscreenchange", function () {
    // Esc in full screen is taken by the browser to leave full screen: leave presenting too.
    if (!document.fullscreenElement) { leave(); }
  });

  // A phone (≤ 600 px, assets/phone.css) is no projector: a presenting or story link opens there
  // as the normal phone view of the same state. The mode leaves the address before Dash reads it,
  // at start and after each in-app navigation (dcc.Link and dbc.NavLink announce theirs with
  // this event, heard here before Dash's Location, which mounts later), so the server never
  // draws the presenting layout for a phone.
  var NARROW = window.matchMedia ? window.matchMedia("(max-width: 600px)") : null;
  function narrow() { return !!(NARROW && NARROW.matches); }
  function phoneAddress() {
    var u = new URL(window.location.href);
    if (!narrow() || !u.searchParams.has(MODE)) { return; }
    u.searchParams.delete(MODE);
    window.history.replaceState(window.history.state, "", u.pathname + u.search + u.hash);
  }
  window.addEventListener("_dashprivate_pushstate", phoneAddress);

  function startFromLink() {
    phoneAddress();
    if (new URLSearchParams(window.location.search).get(MODE) !== "1") { return; }
    setMode(true);
    // Browsers grant full screen only inside a user gesture: offer it on the first one.
    var once = function (event) {
      document.removeEventListener("keydown", once, true);
      document.removeEventListener("click", once, true);
      if (presenting() && !(event.key === "Escape")) { fullScreen(); }
    };
    document.addEventListener("keydown", once, true);
    document.addEventListener("click", once, true);
  }
  if (document.body) { startFromLink(); } else { document.addEventListener("DOMContentLoaded", startFromLink); }
  // Mend what Dash's components leave unlabelled or unreachable (found by axe-core): the
  // dropdown's focus target is an aria-hidden input that takes the Tab key, so let its visible
  // button take focus instead; dcc.Upload's file input has no name.
  function setIf(el, name, value) { if (el.getAttribute(name) !== value) { el.setAttribute(name, value); } }
  function mend() {
    markButton(presenting());
    document.querySelectorAll(".dash-dropdown-focus-target[aria-hidden='true']").forEach(function (input) {
      setIf(input, "tabindex", "-1");
      var button = input.parentNode && input.parentNode.querySelector("button.dash-dropdown");
      if (button) { setIf(button, "tabindex", "0"); }
    });
    document.querySelectorAll(".copy-link > div[id]").forEach(function (copy) {  // dcc.Clipboard
      setIf(copy, "tabindex", "0");
      setIf(copy, "role", "button");
      setIf(copy, "aria-label", copy.getAttribute("title") || "Kopier lenke");
      setIf(copy, "data-kk-press", "1");
    });
    document.querySelectorAll(".upload-box input[type='file']").forEach(function (input) {
      setIf(input, "aria-label", "Last inn eget register: en XLSX-arbeidsbok eller CSV-filene");
    });
  }
  new MutationObserver(mend).observe(document.documentElement,
    { childList: true, subtree: true, attributes: true, attributeFilter: ["tabindex"] });

  // The keys presentation clickers send (→ PageDown Space forward, ← PageUp back), one map for
  // the story (assets/story.js), the slides (slides.js) and the paged table (konst.js): the
  // step a key press asks of a presenting page, 0 where the key is not the page's to take
  // (takesKey: typing in a field, a modifier held, or taken already).
  var CLICKER = { ArrowRight: 1, PageDown: 1, " ": 1, ArrowLeft: -1, PageUp: -1 };
  function takesKey(event) {
    var target = event.target;
    return presenting() && !event.defaultPrevented && !event.altKey && !event.ctrlKey && !event.metaKey &&
      !(target && target.closest && target.closest("input, textarea, select, [contenteditable]"));
  }
  function clickerStep(event) { return takesKey(event) ? CLICKER[event.key] || 0 : 0; }
  function storyRuns() { var bar = document.getElementById("story-bar"); return !!bar && !bar.hidden; }

  window.kk = { h: h, flat: flat, remember: remember, withMode: withMode, takesKey: takesKey,
                clickerStep: clickerStep, storyRuns: storyRuns, narrow: narrow };
})();
