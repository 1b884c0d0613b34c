// Field form helpers. No framework: the page works without them, they only add
// (1) "add person met" rows from the formset's empty form, and
// (2) a draft kept in this device's storage while typing, so nothing typed is
//     lost to a dropped network, a closed tab or a failed submit. A draft belongs
//     to one user ("aksjon-draft:<user id>:<form and record>"): it is restored for
//     that user only, another user's is removed on sight, and logging out removes
//     every draft on the device, since a shared device must keep nothing of a person.
(function () {
  "use strict";

  var PREFIX = "aksjon-draft:";

  // The logged-in user, named by the logout form; none on the login page.
  function currentUser() {
    var logout = document.querySelector("form[data-logout]");
    return logout ? logout.getAttribute("data-user") : null;
  }

  function draftKeys() {
    var keys = [];
    for (var i = 0; i < localStorage.length; i++) {
      var key = localStorage.key(i);
      if (key && key.indexOf(PREFIX) === 0) keys.push(key);
    }
    return keys;
  }

  function ownedBy(user, key) { return key.indexOf(PREFIX + user + ":") === 0; }

  // Drafts left by someone else (a session that timed out) or from before drafts had owners.
  function removeOthersDrafts(user) {
    draftKeys().forEach(function (key) { if (!ownedBy(user, key)) localStorage.removeItem(key); });
  }

  function unsentTitles(user) {
    return draftKeys().filter(function (key) { return ownedBy(user, key); }).map(function (key) {
      try { return JSON.parse(localStorage.getItem(key)).title || ""; } catch (e) { return ""; }
    });
  }

  // Logging out warns about this user's unsent entries, then removes every draft on the device.
  function guardLogout(form, user) {
    form.addEventListener("submit", function (event) {
      var titles = unsentTitles(user);
      if (titles.length && !window.confirm(form.getAttribute("data-unsent-warning") + "\n\n" + titles.join("\n"))) {
        event.preventDefault();
        return;
      }
      draftKeys().forEach(function (key) { localStorage.removeItem(key); });
    });
  }

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

  function draftKey(form, user) { return PREFIX + user + ":" + form.getAttribute("data-draft"); }

  function saveDraft(form, user) {
    var heading = document.querySelector("main h1");  // names the draft in the logout warning
    var data = { persons: form.querySelector("input[name$='-TOTAL_FORMS']").value, fields: {},
                 title: heading ? heading.textContent.trim() : document.title };
    form.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit") return;
      if (el.type === "checkbox") {
        data.fields[el.name + "=" + el.value] = el.checked;
      } else {
        data.fields[el.name] = el.value;
      }
    });
    localStorage.setItem(draftKey(form, user), JSON.stringify(data));
  }

  function restoreDraft(form, user) {
    var raw = localStorage.getItem(draftKey(form, user));
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

  // Behaviour that once sat in inline attributes, here so the Content-Security-Policy can forbid
  // every inline script and htmx needs no eval: a filter that applies itself when chosen, and a
  // refused change (409: conflict, stale version, asked first) swapped in to be seen and decided.
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-autosubmit]")) event.target.form.submit();
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 409) { event.detail.shouldSwap = true; event.detail.isError = false; }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var user = currentUser();
    document.querySelectorAll("form[data-draft]").forEach(function (form) {
      var button = form.querySelector("[data-add-person]");
      if (button) button.addEventListener("click", function () { addPerson(form); if (user) saveDraft(form, user); });
    });
    if (!user) return;  // nobody to keep a draft for
    removeOthersDrafts(user);
    guardLogout(document.querySelector("form[data-logout]"), user);
    // The saved page names the drafts it has made obsolete.
    document.querySelectorAll("[data-clear-draft]").forEach(function (el) {
      el.getAttribute("data-clear-draft").split(" ").forEach(function (name) {
        localStorage.removeItem(PREFIX + user + ":" + name);
      });
    });
    document.querySelectorAll("form[data-draft]").forEach(function (form) {
      restoreDraft(form, user);
      form.addEventListener("input", function () { saveDraft(form, user); });
      form.addEventListener("change", function () { saveDraft(form, user); });
    });
  });
})();
