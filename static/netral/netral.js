/* Behaviour that used to live in inline handlers: the Content-Security-Policy allows scripts from
   this site only (no inline code), so pages mark elements with data attributes and this file acts.
   - data-autosubmit: submit the element's form when it changes (the language switcher);
   - data-count-into="<id>": write the number of chosen files into that field (evidence count);
   - data-copy-from="<id>": copy that element's text to the clipboard, then show data-copied-label;
   - data-print: print the page. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!(el instanceof HTMLElement)) return;
    if (el.hasAttribute("data-autosubmit") && el.form) el.form.submit();
    var target = el.getAttribute("data-count-into");
    if (target && el.files) {
      var field = document.getElementById(target);
      if (field) field.value = el.files.length;
    }
  });
  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target.closest("[data-copy-from], [data-print]") : null;
    if (!el) return;
    if (el.hasAttribute("data-print")) {
      window.print();
      return;
    }
    var source = document.getElementById(el.getAttribute("data-copy-from"));
    if (source && navigator.clipboard) {
      navigator.clipboard.writeText(source.textContent.trim());
      el.textContent = el.getAttribute("data-copied-label") || el.textContent;
    }
  });
})();
