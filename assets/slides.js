/* A view as slides while presenting (kommunekart/web/components/slides.py): the keys presentation
   clickers send press the stepper's ‹ and › when no story runs (a running story's bar takes
   them, assets/story.js). At the first or last slide the key is left to others. */
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    var by = window.kk.clickerStep(event), to = by > 0 ? "next" : "prev";
    if (!by || window.kk.storyRuns()) { return; }
    var button = document.querySelector(".slide-stepper .slide-" + to);
    if (!button || button.disabled) { return; }
    event.preventDefault();
    button.click();
  });
})();
