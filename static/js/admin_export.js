// The admin's export page (templates/admin/import_export/export.html): the "全选" toggle ticks or clears every
// field checkbox. django-import-export wires it with an inline onchange attribute, which the
// Content-Security-Policy refuses; this listener calls the package's own handler instead.
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    if (event.target.matches("input.select-toggle")) {
      onSelectToggleChange(event); // from import_export/export_selectable_fields.js (the form's media)
    }
  });
})();
