// Small page behaviours for every page. The Content-Security-Policy forbids inline scripts, on* attributes and
// style attributes, so templates mark elements with data-* attributes and this file acts on them.
(function () {
  "use strict";

  // <select data-autosubmit>: submit its form when the choice changes.
  // <input type="checkbox" data-select-all="NAME">: tick or clear every checkbox named NAME.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches("[data-autosubmit]") && el.form) {
      el.form.submit();
    } else if (el.matches("[data-select-all]")) {
      document.querySelectorAll('input[type="checkbox"][name="' + el.dataset.selectAll + '"]').forEach(function (box) {
        box.checked = el.checked;
      });
    }
  });

  // Progress bars: data-width / data-left in percent, set through the CSSOM (allowed by the policy).
  function sizeBars(root) {
    root.querySelectorAll("[data-width]").forEach(function (el) { el.style.width = el.dataset.width + "%"; });
    root.querySelectorAll("[data-left]").forEach(function (el) { el.style.left = el.dataset.left + "%"; });
  }

  document.addEventListener("DOMContentLoaded", function () { sizeBars(document); });
  document.addEventListener("htmx:load", function (event) { sizeBars(event.detail.elt); });
})();
