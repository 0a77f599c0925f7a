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

  function confirmations() {
    document.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-confirm]");
      if (b && !window.confirm(b.getAttribute("data-confirm"))) e.preventDefault();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-preview]").forEach(livePreview);
    document.querySelectorAll("input[list=tag-suggestions]").forEach(tagSuggestions);
    confirmations();
  });
})();
