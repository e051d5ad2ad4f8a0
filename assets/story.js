/* The story in presentation mode (kommunekart/web/components/story_bar.py): the keys presentation clickers
   send follow the bar's links, which the server wrote; nothing is computed here. Where a story
   cannot go on (its last step, before its first) the key shows the notice the server wrote on
   that end; on a view without a story, → (PageDown, Space) shows the offer the server wrote and
   a second press within a few seconds follows it. */
(function () {
  "use strict";

  var ENDS = { Home: "story-first", End: "story-last" };  // besides the clicker's keys (common.js)

  var SHOWN_MS = 4000;  // a notice is read in this time and then leaves the map
  var timer = null, offered = false;

  function clear() {
    var box = document.getElementById("story-notice");
    if (box) { box.textContent = ""; }
    offered = false;
    window.clearTimeout(timer);
  }

  function notify(text) {
    var box = document.getElementById("story-notice");
    if (!box || !text) { return; }
    window.clearTimeout(timer);
    box.textContent = text;
    timer = window.setTimeout(clear, SHOWN_MS);
  }

  function follow(link) {
    if (link.getAttribute("aria-disabled") === "true") { notify(link.getAttribute("data-notice")); return; }
    clear();
    link.click();
  }

  function offer(event) {
    // → on a view without a story: the first press offers the story, the second starts it.
    var link = document.querySelector("#story-offer a");
    if (!link || window.kk.clickerStep(event) !== 1) { return; }
    event.preventDefault();
    if (offered) { clear(); link.click(); return; }
    notify(link.textContent);
    offered = true;
  }

  document.addEventListener("keydown", function (event) {
    if (!window.kk.takesKey(event)) { return; }
    var by = window.kk.clickerStep(event), id = by ? (by > 0 ? "story-next" : "story-prev") : ENDS[event.key];
    if (!id) { return; }
    var bar = document.getElementById("story-bar");
    if (!bar || bar.hidden) { offer(event); return; }
    var link = document.getElementById(id);
    if (!link) { return; }
    event.preventDefault();
    follow(link);
  });

  document.addEventListener("click", function (event) {
    // A click on an end of the bar («›» at the last step) says why nothing happens.
    var end = event.target.closest ? event.target.closest("#story-bar [aria-disabled='true']") : null;
    if (end) { notify(end.getAttribute("data-notice")); }
  });

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    story: {
      here: function () { return window.location.pathname + window.location.search; }
    }
  });
})();
