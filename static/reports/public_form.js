/* The public report form. A static file, so the page needs no inline script under the
   Content-Security-Policy. Everything here is an enhancement: without JavaScript the form is one page,
   the server checks it and re-renders it with an error summary and the typed values.

   - identity: the reporter's fields follow the choice (named, confidential, anonymous);
   - error summary: after a refusal it is focused at the top; its links open the field's step;
   - steps: on a narrow screen the fieldsets become steps (who → what/when/where → evidence → about you);
   - draft: typed values (never files, never the NIK) are kept in localStorage so a closed tab can be
     resumed; dropped on the receipt page after a successful submission ([data-report-submitted]). */
(function () {
  "use strict";
  var DRAFT_KEY = "netral.report-draft.v1";
  var DRAFT_DAYS = 14;
  // Never kept in the browser: secrets of the request, files and the most sensitive identifier.
  var SKIP = { csrfmiddlewaretoken: 1, client_token: 1, evidence_count: 1, staged_evidence: 1, reporter_nik: 1 };

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null; // disabled (private mode, policy): the form still works, without a draft
    }
  }

  if (document.querySelector("[data-report-submitted]")) {
    var done = storage();
    if (done) done.removeItem(DRAFT_KEY);
    return;
  }

  var form = document.getElementById("report-form");
  if (!form) return;
  var key = form.getAttribute("data-draft-key") || DRAFT_KEY;

  /* --- identity ------------------------------------------------------------------------------ */
  function syncIdentity() {
    var checked = form.querySelector("input[name=identity]:checked");
    var value = checked ? checked.value : "named";
    var fields = document.getElementById("reporter-fields");
    if (fields) fields.hidden = value === "anonymous";
    document.querySelectorAll("#identity-explain [data-identity]").forEach(function (p) {
      p.hidden = p.getAttribute("data-identity") !== value;
    });
  }

  /* --- steps --------------------------------------------------------------------------------- */
  var steps = Array.prototype.slice.call(form.querySelectorAll(":scope > fieldset"));
  var narrow = window.matchMedia("(max-width: 640px)");
  var progress = form.querySelector("[data-step-progress]");
  var buttons = form.querySelector("[data-step-buttons]");
  var submitRow = form.querySelector("[data-submit-row]");
  var current = 0;

  function stepped() {
    return form.classList.contains("is-stepped");
  }

  function stepOf(element) {
    for (var i = 0; i < steps.length; i++) if (steps[i].contains(element)) return i;
    return -1;
  }

  function controls(step) {
    return Array.prototype.slice.call(step.querySelectorAll("input, select, textarea"));
  }

  function show(index, focusFirst) {
    current = Math.max(0, Math.min(index, steps.length - 1));
    if (!stepped()) return;
    steps.forEach(function (step, i) {
      step.classList.toggle("step-current", i === current);
      step.setAttribute("aria-hidden", i === current ? "false" : "true");
    });
    var label = progress.getAttribute("data-step-label") || "%(current)s / %(total)s";
    progress.querySelector("[data-step-count]").textContent = label
      .replace("%(current)s", String(current + 1))
      .replace("%(total)s", String(steps.length));
    progress.querySelectorAll("li").forEach(function (li, i) {
      if (i === current) li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
    });
    buttons.querySelector("[data-step-back]").hidden = current === 0;
    buttons.querySelector("[data-step-next]").hidden = current === steps.length - 1;
    submitRow.hidden = current !== steps.length - 1;
    saveSoon();
    if (focusFirst) {
      var legend = steps[current].querySelector("legend");
      steps[current].scrollIntoView({ block: "start" });
      if (legend) {
        legend.setAttribute("tabindex", "-1");
        legend.focus({ preventScroll: true });
      }
    }
  }

  // The browser's own checks (an e-mail address, a number) for one step; false shows its message.
  function stepValid(index) {
    var invalid = controls(steps[index]).filter(function (c) {
      return !c.disabled && c.willValidate && !c.checkValidity();
    });
    if (!invalid.length) return true;
    show(index, false);
    invalid[0].reportValidity();
    return false;
  }

  function buildProgress() {
    var list = progress.querySelector("[data-step-list]");
    list.textContent = "";
    steps.forEach(function (step, i) {
      var legend = step.querySelector("legend");
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link";
      button.textContent = legend ? legend.textContent.trim() : String(i + 1);
      button.addEventListener("click", function () {
        show(i, true);
      });
      li.appendChild(button);
      list.appendChild(li);
    });
  }

  function setStepped(on) {
    if (on === stepped() || steps.length < 2) return;
    form.classList.toggle("is-stepped", on);
    progress.hidden = !on;
    buttons.hidden = !on;
    // Stepped, the form checks each step itself (a hidden invalid field cannot show its message).
    form.noValidate = on;
    if (on) {
      show(current, false);
    } else {
      steps.forEach(function (step) {
        step.classList.remove("step-current");
        step.removeAttribute("aria-hidden");
      });
      submitRow.hidden = false;
    }
  }

  /* --- draft ----------------------------------------------------------------------------------- */
  var pending = {};
  var timer = null;
  // The reporter typed or chose something (a refused form came back with what they typed, or a draft).
  var dirty = form.hasAttribute("data-bound");

  function collect() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.type === "file" || el.type === "submit" || el.type === "button") return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      if (el.tagName === "SELECT" && el.multiple) {
        values[el.name] = Array.prototype.filter
          .call(el.options, function (o) {
            return o.selected;
          })
          .map(function (o) {
            return o.value;
          });
        return;
      }
      values[el.name] = el.value;
    });
    return values;
  }

  function save() {
    timer = null;
    // Nothing typed yet (an untouched form has defaults, e.g. the current election): no draft.
    if (restoring || !dirty) return;
    var store = storage();
    if (!store) return;
    var values = collect();
    try {
      store.setItem(key, JSON.stringify({ saved: Date.now(), step: current, values: values }));
    } catch (e) {
      /* quota full: the draft is a convenience, the form goes on */
    }
  }

  function saveSoon() {
    if (restoring) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 300);
  }

  function load() {
    var store = storage();
    if (!store) return null;
    try {
      var draft = JSON.parse(store.getItem(key) || "null");
      if (!draft || typeof draft.values !== "object") return null;
      if (Date.now() - draft.saved > DRAFT_DAYS * 86400000) {
        store.removeItem(key);
        return null;
      }
      return draft;
    } catch (e) {
      return null;
    }
  }

  // Set one field; false when a select does not offer the value yet (htmx is still loading it).
  function apply(name, value) {
    var fields = form.querySelectorAll('[name="' + name + '"]');
    if (!fields.length) return true;
    var el = fields[0];
    if (el.type === "radio") {
      var hit = false;
      fields.forEach(function (r) {
        r.checked = r.value === value;
        hit = hit || r.checked;
      });
      return hit;
    }
    if (el.type === "checkbox") {
      el.checked = true;
      return true;
    }
    if (el.tagName === "SELECT") {
      var wanted = Array.isArray(value) ? value : [value];
      var found = false;
      Array.prototype.forEach.call(el.options, function (o) {
        o.selected = wanted.indexOf(o.value) !== -1;
        found = found || (o.selected && o.value !== "");
      });
      if (!found && value !== "") return false;
      el.dispatchEvent(new Event("change", { bubbles: true }));
      return true;
    }
    el.value = value;
    return true;
  }

  var restoring = false;

  function applyPending() {
    Object.keys(pending).forEach(function (name) {
      if (apply(name, pending[name])) delete pending[name];
    });
    if (!Object.keys(pending).length) restoring = false;
  }

  function restore(draft) {
    restoring = true;
    dirty = true;
    // Fields in form order, so a province is set (and its regencies loaded) before the regency.
    var order = Array.prototype.map.call(form.elements, function (el) {
      return el.name;
    });
    Object.keys(draft.values)
      .sort(function (a, b) {
        return order.indexOf(a) - order.indexOf(b);
      })
      .forEach(function (name) {
        if (!apply(name, draft.values[name])) pending[name] = draft.values[name];
      });
    if (Object.keys(pending).length) {
      // A choice the server no longer offers must not stop the draft from being saved.
      setTimeout(function () {
        pending = {};
        restoring = false;
      }, 8000);
    } else {
      restoring = false;
    }
    syncIdentity();
    var notice = form.querySelector("[data-draft-notice]");
    if (notice) {
      notice.hidden = false;
      var at = notice.querySelector("[data-draft-saved-at]");
      if (at) at.textContent = "(" + new Date(draft.saved).toLocaleString(document.documentElement.lang || undefined) + ")";
    }
    // The requirement panel re-checks what came back (htmx listens for "change" on the form).
    form.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // htmx replaced a select's options (regencies, agencies, pairs): set what the draft held.
  document.body.addEventListener("htmx:afterSettle", function () {
    if (Object.keys(pending).length) applyPending();
  });

  // After htmx has bound its triggers (it does so on DOMContentLoaded, which follows deferred scripts),
  // so a restored province loads its regencies.
  function whenReady(fn, arg) {
    // A deferred script runs while readyState is already "interactive", before DOMContentLoaded.
    if (document.readyState === "complete") {
      fn(arg);
    } else {
      document.addEventListener("DOMContentLoaded", function () {
        fn(arg);
      });
    }
  }

  /* --- wiring ---------------------------------------------------------------------------------- */
  function edited(e) {
    if (e.isTrusted) dirty = true; // the script's own events (a restore) do not count
    saveSoon();
  }
  form.addEventListener("change", function (e) {
    if (e.target.name === "identity") syncIdentity();
    edited(e);
  });
  form.addEventListener("input", edited);
  // The tab closes within the save delay: save now.
  window.addEventListener("pagehide", function () {
    if (timer) {
      clearTimeout(timer);
      save();
    }
  });

  if (buttons) {
    buttons.querySelector("[data-step-next]").addEventListener("click", function () {
      if (stepValid(current)) show(current + 1, true);
    });
    buttons.querySelector("[data-step-back]").addEventListener("click", function () {
      show(current - 1, true);
    });
  }

  form.addEventListener("submit", function (e) {
    if (stepped()) {
      for (var i = 0; i < steps.length; i++) {
        if (!stepValid(i)) {
          e.preventDefault();
          return;
        }
      }
    }
    if (timer) {
      clearTimeout(timer);
      save();
    }
  });

  var discard = form.querySelector("[data-draft-discard]");
  if (discard) {
    discard.addEventListener("click", function () {
      // No save may land between the removal and the new page.
      if (timer) clearTimeout(timer);
      dirty = false;
      var store = storage();
      if (store) store.removeItem(key);
      window.location.replace(form.getAttribute("action") || window.location.pathname);
    });
  }

  var summary = form.querySelector("[data-error-summary]");
  if (summary) {
    summary.addEventListener("click", function (e) {
      var link = e.target instanceof Element ? e.target.closest("a[href^='#']") : null;
      if (!link) return;
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      e.preventDefault();
      var index = stepOf(target);
      if (index !== -1) show(index, false);
      target.scrollIntoView({ block: "center" });
      target.focus();
    });
  }

  syncIdentity();
  form.noValidate = false; // the template says novalidate for browsers without JavaScript
  if (steps.length > 1 && progress && buttons && submitRow) {
    buildProgress();
    var draft = form.hasAttribute("data-bound") ? null : load();
    if (summary) {
      // After a refusal: open the step of the first field in error.
      var first = summary.querySelector("a[href^='#']");
      var field = first ? document.getElementById(first.getAttribute("href").slice(1)) : null;
      current = field ? Math.max(0, stepOf(field)) : 0;
    } else if (draft && typeof draft.step === "number") {
      current = draft.step;
    }
    setStepped(narrow.matches);
    var onChange = function (e) {
      setStepped(e.matches);
    };
    if (narrow.addEventListener) narrow.addEventListener("change", onChange);
    else if (narrow.addListener) narrow.addListener(onChange);
    if (draft) whenReady(restore, draft);
  } else if (!form.hasAttribute("data-bound")) {
    var only = load();
    if (only) whenReady(restore, only);
  }

  // A refused form came back with what was typed: that is the draft now (the tab may close next).
  if (form.hasAttribute("data-bound")) save();
  if (summary) {
    // The message must be the first thing seen and read: top of the page, focused.
    window.scrollTo(0, 0);
    summary.focus();
  }
})();
