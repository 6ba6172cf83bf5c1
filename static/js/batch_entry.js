// 批量填报: Enter in a value moves to the next row's value (as Tab does) instead of submitting the whole form;
// which rows need the miss fields is decided by the server (the same evaluation as the single form).
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
})();
