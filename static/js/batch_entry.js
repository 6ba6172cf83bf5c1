// 批量填报: Enter in a value moves to the next row's value (as Tab does) instead of submitting the whole form;
// which rows need the miss fields is decided by the server (the same evaluation as the single form). Each value
// is checked while typed by the single form's live check (htmx); a row's 已核实 box shows while it has warnings.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if (event.key !== "Enter" || event.isComposing || !el.matches("[data-batch-entry] input[data-batch-value]")) {
      return;
    }
    event.preventDefault();
    var values = Array.prototype.slice.call(el.form.querySelectorAll("input[data-batch-value]"));
    var next = values[values.indexOf(el) + (event.shiftKey ? -1 : 1)];
    if (next) {
      next.focus();
      next.select();
    } else {
      el.form.querySelector("button[name=save]").focus();
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("[data-batch-entry] tbody.batch-row").forEach(function (row) {
      var confirm = row.querySelector("[data-quality-confirm]");
      if (confirm) {
        confirm.hidden = !row.querySelector(".batch-assessment .quality") && !confirm.querySelector(".field-error");
      }
    });
  });
})();
