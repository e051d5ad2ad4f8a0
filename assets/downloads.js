/* The handout links (kommunekart/web/components/downloads.py) carry the view on screen: the pages rewrite
   the address bar as the user works, so the link's address is set when it is used. */
(function () {
  "use strict";
  function point(event) {
    var link = event.target.closest ? event.target.closest("a[data-kk-download]") : null;
    if (link) {
      link.href = link.getAttribute("data-kk-download") + "?url=" +
        encodeURIComponent(location.pathname + location.search);
    }
  }
  document.addEventListener("click", point, true);  // before the browser follows the link
  document.addEventListener("auxclick", point, true);  // middle click: a new tab
  document.addEventListener("contextmenu", point, true);  // «Save link as …»
})();
