/* «Last inn eget register»: files over the limit (data-max-bytes on the upload box, 20 MB) are
   stopped here, before the browser reads and sends them, with the message the server gives
   («Filen er for stor (over 20 MB)»); dcc.Upload alone would drop them without a word. Should a
   callback request still be refused 413 by the server's hard limit, the same message is shown.
   Messages go to the page's upload status (data-status) through dash_clientside.set_props. */
(function () {
  "use strict";
  var MESSAGE = "Filen er for stor (over 20 MB)";
  var STATUS = "kart-upload-status";  // the /kart page's upload status, when no box says

  function show(statusId, text) {
    var alert = {namespace: "dash_html_components", type: "Div",
                 props: {className: "alert alert-danger upload-error", role: "alert",
                         children: text}};
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(statusId || STATUS, {children: alert});
    }
  }

  function megabytes(bytes) {
    return (bytes / 1048576).toFixed(1).replace(".", ",") + " MB";
  }

  function check(event, files) {
    var box = event.target && event.target.closest ? event.target.closest("[data-max-bytes]") : null;
    if (!box || !files || !files.length) {
      return;
    }
    var limit = Number(box.getAttribute("data-max-bytes"));
    var total = 0;
    var names = [];
    for (var i = 0; i < files.length; i++) {
      total += files[i].size;
      names.push(files[i].name);
    }
    if (!(total > limit)) {
      return;
    }
    // Stopped before dcc.Upload (React listens further down) reads a byte of it.
    event.preventDefault();
    event.stopImmediatePropagation();
    if (event.target.tagName === "INPUT") {
      event.target.value = "";  // the same file chosen again is checked again
    }
    show(box.getAttribute("data-status"), names.join(", ") + " ble ikke lastet inn. " + MESSAGE +
         ": " + megabytes(total) + ". Kartet viser fortsatt registeret det viste.");
  }

  document.addEventListener("change", function (event) {
    if (event.target && event.target.type === "file") {
      check(event, event.target.files);
    }
  }, true);
  document.addEventListener("drop", function (event) {
    check(event, event.dataTransfer && event.dataTransfer.files);
  }, true);

  // Where an upload's or a removal's answer sends the browser: the address as written, nothing
  // of the query the page was opened with kept (a dcc.Location would put that back).
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    upload: {
      go: function (href) {
        if (href) {
          window.location.assign(href);
        }
        return window.dash_clientside.no_update;
      },
    },
  });

  // The server's hard limit (MAX_CONTENT_LENGTH): any callback answered 413 says why.
  var send = window.fetch;
  if (send) {
    window.fetch = function (input) {
      return send.apply(this, arguments).then(function (response) {
        var url = typeof input === "string" ? input : (input && input.url) || "";
        if (response.status === 413 && url.indexOf("_dash-update-component") !== -1) {
          show(null, MESSAGE + ": serveren tok ikke imot opplastingen. Kartet viser fortsatt " +
               "registeret det viste.");
        }
        return response;
      });
    };
  }
})();
