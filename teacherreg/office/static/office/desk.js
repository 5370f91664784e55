// The confirmation-point desk: the roster's print button and the queue's "select all" box.
// Both are extras: without scripts the browser's own print command and single boxes still work.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-select-all]").forEach(function (all) {
    var form = all.closest("form");
    var name = all.getAttribute("data-select-all");
    all.addEventListener("change", function () {
      form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) {
        box.checked = all.checked;
      });
    });
  });
})();
