// Makes each Responsibility select of the set-up pages a searchable field
// (accessible-autocomplete). Without JavaScript the selects work as they are.
(function () {
  "use strict";
  if (!window.accessibleAutocomplete) return;
  document.querySelectorAll("select[data-owner-picker]").forEach(function (select) {
    var id = select.id;
    var options = {
      selectElement: select,
      showAllValues: true,
      tNoResults: function () { return "No person or group has that name"; },
      onConfirm: function (chosen) {
        var input = document.getElementById(id);
        var match = Array.prototype.find.call(select.options, function (option) {
          return option.value && option.textContent === chosen;
        });
        if (match) {
          match.selected = true;
        } else if (!input || !input.value) {
          // Emptied: nobody in this place.
          select.value = "";
        }
      },
    };
    // Nobody chosen yet: an empty box, not the placeholder option's words.
    if (!select.value) options.defaultValue = "";
    window.accessibleAutocomplete.enhanceSelectElement(options);
  });
})();
