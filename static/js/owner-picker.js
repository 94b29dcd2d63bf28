// Makes each Responsibility select of the set-up pages a searchable field
// (accessible-autocomplete). Without JavaScript the selects work as they are,
// and each person's "Remove" button empties their box.
//
// The select always follows what the box shows: a name chosen, or nobody
// (the select's empty option) when the box is emptied, whatever was chosen
// before. Nothing is chosen for the clerk: no option is highlighted until
// they press Down or type (autoselect: false), and leaving the box does not
// pick the highlighted option (confirmOnBlur: false).
(function () {
  "use strict";
  if (!window.accessibleAutocomplete) return;

  function optionNamed(select, text) {
    var wanted = text.trim().toLowerCase();
    return Array.prototype.find.call(select.options, function (option) {
      return option.value && option.textContent.trim().toLowerCase() === wanted;
    });
  }

  // Make the select say what the box says: the person whose name it holds,
  // or nobody (an empty box, or words that name nobody).
  function follow(select, input) {
    var match = input ? optionNamed(select, input.value) : null;
    select.value = match ? match.value : "";
  }

  var pickers = [];
  document.querySelectorAll("select[data-owner-picker]").forEach(function (select) {
    var id = select.id;
    var options = {
      selectElement: select,
      autoselect: false,
      confirmOnBlur: false,
      showAllValues: true,
      // "Choose a person or group" is the select's way of saying nobody;
      // in the box, nobody is an empty box.
      defaultValue: select.value ? undefined : "",
      tNoResults: function () { return "No person or group has that name"; },
      onConfirm: function (chosen) {
        var match = chosen ? optionNamed(select, chosen) : null;
        if (match) select.value = match.value;
      },
    };
    if (options.defaultValue === undefined) delete options.defaultValue;
    window.accessibleAutocomplete.enhanceSelectElement(options);
    var input = document.getElementById(id);
    if (!input) return;
    // The select, hidden now, keeps a name of its own: the box's label
    // went to the box, with the select's id.
    var label = document.querySelector('label[for="' + id + '"]');
    if (label) select.setAttribute("aria-label", label.textContent.trim());
    pickers.push({ select: select, input: input });
    input.addEventListener("blur", function () { follow(select, input); });
    input.addEventListener("input", function () {
      if (!input.value.trim()) select.value = "";
    });
  });

  // Whatever happened in the boxes (Esc, a click elsewhere), what is posted
  // is what they show.
  var forms = new Set(pickers.map(function (picker) { return picker.select.form; }));
  forms.forEach(function (form) {
    if (!form) return;
    form.addEventListener("submit", function () {
      pickers.forEach(function (picker) {
        if (picker.select.form === form) follow(picker.select, picker.input);
      });
    });
  });
})();
