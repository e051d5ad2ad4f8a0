/* A view as slides while presenting (kommunekart/web/components/slides.py): the keys presentation
   clickers send press the stepper's ‹ and › when no story runs (a running story's bar takes
   them, assets/story.js). At the first or last slide the key is left to others. */
(function () {
  "use strict";

  var KEYS = { ArrowRight: "next", PageDown: "next", " ": "next", ArrowLeft: "prev", PageUp: "prev" };

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    var to = KEYS[event.key];
    if (!to || event.defaultPrevented || !document.body.classList.contains("presenting") ||
        typing(event.target) || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var bar = document.getElementById("story-bar");
    if (bar && !bar.hidden) { return; }
    var button = document.querySelector(".slide-stepper .slide-" + to);
    if (!button || button.disabled) { return; }
    event.preventDefault();
    button.click();
  });
})();
