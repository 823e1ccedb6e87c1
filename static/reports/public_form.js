/* The public report form: the reporter's fields follow the identity choice (named, confidential,
   anonymous). A static file, so the page needs no inline script under the Content-Security-Policy. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) return;
  function sync() {
    var checked = form.querySelector("input[name=identity]:checked");
    var value = checked ? checked.value : "named";
    var fields = document.getElementById("reporter-fields");
    if (fields) fields.hidden = value === "anonymous";
    document.querySelectorAll("#identity-explain [data-identity]").forEach(function (p) {
      p.hidden = p.getAttribute("data-identity") !== value;
    });
  }
  form.addEventListener("change", function (e) {
    if (e.target.name === "identity") sync();
  });
  sync();
})();
