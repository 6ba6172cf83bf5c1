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

  // The phone menu: the button opens and closes the menu; Escape closes it and gives the focus back.
  function setUpMenu() {
    var bar = document.querySelector(".topbar");
    var toggle = bar && bar.querySelector(".menu-toggle");
    if (!toggle) { return; }
    function open(yes) {
      bar.classList.toggle("menu-open", yes);
      toggle.setAttribute("aria-expanded", yes ? "true" : "false");
    }
    toggle.addEventListener("click", function () { open(toggle.getAttribute("aria-expanded") !== "true"); });
    bar.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && bar.classList.contains("menu-open")) { open(false); toggle.focus(); }
    });
    bar.classList.add("menu-ready");
  }

  // <table class="cards">: at phone width each row is drawn as a card, each cell labelled with its column's
  // header (data-label, read by the stylesheet), unless the template gave the cell a shorter label of its own.
  // Cells under an empty header stay unlabelled; empty cells are marked so that a card leaves them out.
  function labelCards(root) {
    root.querySelectorAll("table.cards").forEach(function (table) {
      table.classList.add("labelled");
      var headers = Array.prototype.map.call(table.querySelectorAll("thead tr:first-child th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        var column = 0;
        Array.prototype.forEach.call(tr.children, function (cell) {
          if (cell.colSpan === 1 && headers[column] && !cell.dataset.label) { cell.dataset.label = headers[column]; }
          if (!cell.textContent.trim() && !cell.querySelector("input, select, button")) { cell.classList.add("blank"); }
          column += cell.colSpan;
        });
      });
    });
  }

  // Tabs scroll sideways on a phone: bring the current one into view.
  function showCurrentTab() {
    document.querySelectorAll(".tabs").forEach(function (tabs) {
      var current = tabs.querySelector("[aria-current='page']");
      if (!current) { return; }
      var overflow = current.getBoundingClientRect().right - tabs.getBoundingClientRect().right;
      if (overflow > 0) { tabs.scrollLeft += overflow + 24; }
    });
  }

  // A table box that scrolls sideways takes the keyboard focus, so that it can be scrolled without a mouse.
  function focusableScrollers() {
    document.querySelectorAll(".table-wrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "表格（可左右滚动）");
      } else if (box.hasAttribute("tabindex")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenu();
    sizeBars(document);
    labelCards(document);
    showCurrentTab();
    focusableScrollers();
  });
  window.addEventListener("resize", focusableScrollers);
  document.addEventListener("htmx:load", function (event) { sizeBars(event.detail.elt); labelCards(event.detail.elt); });
})();
