// The newsroom's progressive enhancements. Every page works without this file: the
// preview has a server-side button, tags a datalist, deletes a plain button.
(function () {
  "use strict";

  // Live, side-by-side preview: the server renders the Markdown exactly as readers
  // will get it (raw HTML is never passed through), a moment after typing stops.
  function livePreview(textarea) {
    var target = document.getElementById(textarea.getAttribute("data-preview"));
    var form = textarea.form;
    if (!target || !form || !form.elements.csrf) return;
    var timer = null, sent = 0;
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var ticket = ++sent;
        var body = new URLSearchParams();
        body.set("csrf", form.elements.csrf.value);
        body.set("body", textarea.value);
        fetch("/newsroom/markdown", { method: "POST", body: body, credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
          .then(function (html) { if (ticket === sent) target.innerHTML = html; })
          .catch(function () { /* the preview button still works */ });
      }, 300);
    });
  }

  // Tag suggestions for the word being typed after the last comma: the datalist's
  // options become "earlier, tags, suggestion".
  function tagSuggestions(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var tags = Array.prototype.map.call(list.options, function (o) { return { slug: o.value, name: o.textContent }; });
    input.addEventListener("input", function () {
      var parts = input.value.split(",");
      var last = parts.pop().trim().toLowerCase();
      var head = parts.map(function (p) { return p.trim(); }).filter(Boolean);
      var prefix = head.length ? head.join(", ") + ", " : "";
      list.innerHTML = "";
      tags.filter(function (t) {
        return head.indexOf(t.slug) < 0 && (t.slug.indexOf(last) === 0 || t.name.toLowerCase().indexOf(last) === 0);
      }).slice(0, 20).forEach(function (t) {
        var o = document.createElement("option");
        o.value = prefix + t.slug;
        o.textContent = t.name;
        list.appendChild(o);
      });
    });
  }

  // The byline picker: chosen authors are checkboxes in byline order (the form sends
  // them in that order); here they get ↑ ↓ buttons, and a name picked in the search
  // field joins the list at once instead of on save.
  function bylinePicker(fieldset) {
    var list = fieldset.querySelector(".byline-chosen");
    var add = fieldset.querySelector("input[name=authors_add]");
    var options = document.getElementById(add.getAttribute("list"));
    var up = fieldset.getAttribute("data-up") || "↑", down = fieldset.getAttribute("data-down") || "↓";
    function button(text, label, move) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "quiet";
      b.textContent = text;
      b.setAttribute("aria-label", label);
      b.addEventListener("click", function () {
        var li = b.closest("li");
        if (move < 0 && li.previousElementSibling) list.insertBefore(li, li.previousElementSibling);
        if (move > 0 && li.nextElementSibling) list.insertBefore(li.nextElementSibling, li);
        b.focus();
        list.dispatchEvent(new Event("change", { bubbles: true }));
      });
      return b;
    }
    function controls(li) {
      var name = li.querySelector("span").textContent;
      li.appendChild(button("↑", up + ": " + name, -1));
      li.appendChild(button("↓", down + ": " + name, 1));
    }
    function choose() {
      var slug = add.value.trim();
      var option = Array.prototype.find.call(options.options, function (o) { return o.value === slug; });
      if (!option) return false;
      if (!list.querySelector('li[data-slug="' + slug + '"]')) {
        var li = document.createElement("li");
        li.setAttribute("data-slug", slug);
        var label = document.createElement("label");
        label.className = "inline";
        var box = document.createElement("input");
        box.type = "checkbox";
        box.name = "authors";
        box.value = slug;
        box.checked = true;
        var span = document.createElement("span");
        span.textContent = option.textContent;
        label.appendChild(box);
        label.appendChild(document.createTextNode(" "));
        label.appendChild(span);
        li.appendChild(label);
        controls(li);
        list.appendChild(li);
        list.dispatchEvent(new Event("change", { bubbles: true }));
      }
      add.value = "";
      return true;
    }
    list.querySelectorAll("li").forEach(controls);
    add.addEventListener("change", choose);
    add.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && choose()) e.preventDefault();
    });
  }

  // Autosave: a few seconds after typing stops, the form goes to the server, which
  // keeps it as this account's one autosave of the piece (restored after a crash or
  // a closed tab). Leaving with changes not saved by a button asks first.
  function autosave(form) {
    var url = form.getAttribute("data-autosave");
    var status = document.getElementById("autosave-status");
    var dirty = false, leaving = false, timer = null;
    function send() {
      var body = new URLSearchParams(new FormData(form));
      body.delete("action");
      fetch(url, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (answer) { if (status) status.textContent = answer.saved; })
        .catch(function () { /* the next change tries again; Save still works */ });
    }
    function changed() {
      dirty = true;
      clearTimeout(timer);
      timer = setTimeout(send, 2000);
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () { leaving = true; clearTimeout(timer); });
    window.addEventListener("beforeunload", function (e) {
      if (!dirty || leaving) return;
      e.preventDefault();
      e.returnValue = form.getAttribute("data-leave") || "";
      return e.returnValue;
    });
  }

  function confirmations() {
    document.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-confirm]");
      if (b && !window.confirm(b.getAttribute("data-confirm"))) e.preventDefault();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-preview]").forEach(livePreview);
    document.querySelectorAll("input[list=tag-suggestions]").forEach(tagSuggestions);
    document.querySelectorAll("fieldset.byline").forEach(bylinePicker);
    document.querySelectorAll("form[data-autosave]").forEach(autosave);
    confirmations();
  });
})();
