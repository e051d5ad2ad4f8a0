/* The story in presentation mode (kommunekart/web/components/story_bar.py): the keys presentation clickers
   send follow the bar's links, which the server wrote; nothing is computed here. */
(function () {
  "use strict";

  var KEYS = {
    ArrowRight: "story-next", PageDown: "story-next", " ": "story-next",
    ArrowLeft: "story-prev", PageUp: "story-prev", Home: "story-first", End: "story-last"
  };

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    var id = KEYS[event.key];
    if (!id || !document.body.classList.contains("presenting") || typing(event.target) ||
        event.altKey || event.ctrlKey || event.metaKey) { return; }
    var bar = document.getElementById("story-bar");
    var link = document.getElementById(id);
    if (!bar || bar.hidden || !link) { return; }
    event.preventDefault();
    link.click();
  });

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    story: {
      here: function () { return window.location.pathname + window.location.search; }
    }
  });
})();
