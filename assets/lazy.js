/* Component libraries loaded when a page first draws one of their components, not with every
   page (kommunekart/web/bundles.py leaves their bundle out of the index and names it in a
   <meta name="kk-lazy-bundle" content="<namespace> <component,…> <url>">). Until then a stand-in
   takes each component's place: Dash finds it where it looks for the component
   (window[namespace][type]); it fetches the bundle when first drawn and then draws the real
   component with the same props. Dash waits for the bundle before running a callback that
   involves the component (_dashprivate_isLazyComponentReady, as dcc's own lazy components do).
   The stand-in stays in place after loading, so the component is never mounted twice. */
(function () {
  "use strict";

  var React = window.React;

  function lazyLibrary(namespace, names, src) {
    var stand = {}, real = {}, loading = null;

    function load() {
      if (!loading) {
        loading = new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = src;
          script.onload = function () {
            var lib = window[namespace] || {};
            Object.keys(lib).forEach(function (key) {
              if (names.indexOf(key) >= 0) { real[key] = lib[key]; } else { stand[key] = lib[key]; }
            });
            window[namespace] = stand;  // the library's helpers beside the stand-ins
            resolve(true);
            // Scripts that use the library's helpers (the grid's getApiAsync) hook in now.
            window.dispatchEvent(new CustomEvent("kk-bundle-loaded", { detail: namespace }));
          };
          script.onerror = function () { loading = null; reject(new Error("not loaded: " + src)); };
          document.head.appendChild(script);
        });
      }
      return loading;
    }

    names.forEach(function (name) {
      function StandIn(props) {
        var state = React.useState(function () { return real[name] || null; });
        var Component = state[0], set = state[1];
        React.useEffect(function () {
          if (!Component) { load().then(function () { set(function () { return real[name]; }); }); }
        }, []);
        return Component ? React.createElement(Component, props) : null;
      }
      StandIn.displayName = namespace + "." + name;
      StandIn.dashRenderType = true;  // the grid reads why it is drawn again (Dash passes it on)
      Object.defineProperty(StandIn, "_dashprivate_isLazyComponentReady", {
        get: function () { return real[name] ? true : load(); }
      });
      stand[name] = StandIn;
    });
    window[namespace] = stand;
  }

  document.querySelectorAll('meta[name="kk-lazy-bundle"]').forEach(function (meta) {
    var parts = (meta.getAttribute("content") || "").split(" ");
    if (parts.length === 3 && !window[parts[0]]) {
      lazyLibrary(parts[0], parts[1].split(","), parts[2]);
    }
  });
})();
