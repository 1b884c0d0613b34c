// Field form helpers. No framework: the page works without them, they only add
// (1) "add person met" rows from the formset's empty form, and
// (2) a draft kept in this device's storage while typing, so nothing typed is
//     lost to a dropped network, a closed tab or a failed submit.
(function () {
  "use strict";

  function addPerson(form) {
    var total = form.querySelector("input[name$='-TOTAL_FORMS']");
    var template = form.querySelector("template[data-person-template]");
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var fieldset = holder.firstElementChild;
    fieldset.querySelector("[data-person-number]").textContent = String(index + 1);
    form.querySelector("[data-persons]").appendChild(fieldset);
    total.value = String(index + 1);
    return fieldset;
  }

  function draftKey(form) { return "aksjon-draft:" + form.getAttribute("data-draft"); }

  function saveDraft(form) {
    var data = { persons: form.querySelector("input[name$='-TOTAL_FORMS']").value, fields: {} };
    form.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit") return;
      if (el.type === "checkbox") {
        data.fields[el.name + "=" + el.value] = el.checked;
      } else {
        data.fields[el.name] = el.value;
      }
    });
    localStorage.setItem(draftKey(form), JSON.stringify(data));
  }

  function restoreDraft(form) {
    var raw = localStorage.getItem(draftKey(form));
    if (!raw || form.querySelector(".errors")) return;  // a server re-render already holds the input
    var data = JSON.parse(raw);
    var total = form.querySelector("input[name$='-TOTAL_FORMS']");
    while (parseInt(total.value, 10) < parseInt(data.persons, 10)) addPerson(form);
    form.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (!el.name || el.type === "hidden") return;
      if (el.type === "checkbox") {
        var key = el.name + "=" + el.value;
        if (key in data.fields) el.checked = data.fields[key];
      } else if (el.name in data.fields) {
        el.value = data.fields[el.name];
      }
    });
    var note = document.querySelector("[data-draft-status]");
    if (note) note.hidden = false;
  }

  // Keep the screening's "why" list open across the updates htmx swaps in.
  var reasonsOpen = false;
  document.addEventListener("toggle", function (event) {
    if (event.target.matches && event.target.matches(".assessment details")) reasonsOpen = event.target.open;
  }, true);
  document.addEventListener("htmx:afterSwap", function () {
    var details = document.querySelector(".assessment details");
    if (details && reasonsOpen) details.open = true;
  });

  document.addEventListener("DOMContentLoaded", function () {
    // The saved page names the drafts it has made obsolete.
    document.querySelectorAll("[data-clear-draft]").forEach(function (el) {
      el.getAttribute("data-clear-draft").split(" ").forEach(function (name) {
        localStorage.removeItem("aksjon-draft:" + name);
      });
    });
    document.querySelectorAll("form[data-draft]").forEach(function (form) {
      restoreDraft(form);
      form.addEventListener("input", function () { saveDraft(form); });
      form.addEventListener("change", function () { saveDraft(form); });
      var button = form.querySelector("[data-add-person]");
      if (button) button.addEventListener("click", function () { addPerson(form); saveDraft(form); });
    });
  });
})();
