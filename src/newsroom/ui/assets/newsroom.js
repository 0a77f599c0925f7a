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

  // Images in the editor: a library dialog (search, pick) for the text and for the
  // featured image, and drag and drop or paste of image files into the text, each
  // uploaded and then described once (alt text, caption) in the library.
  function mediaTools(form) {
    var texts = document.getElementById("media-texts");
    if (!texts) return;
    var t = function (key) { return texts.getAttribute("data-" + key) || ""; };
    var csrf = form.elements.csrf.value;
    var body = form.elements.body, image = form.elements.image, imageAlt = form.elements.image_alt;
    var status = document.getElementById("autosave-status");
    function markdown(item) {
      var title = item.caption ? ' "' + item.caption.replace(/"/g, "'") + '"' : "";
      return "![" + item.alt.replace(/[\[\]]/g, "") + "](" + item.url + title + ")";
    }
    function insert(text) {
      var at = body.selectionStart || body.value.length;
      var before = body.value.slice(0, at), after = body.value.slice(body.selectionEnd || at);
      var pad = before && !/\n\n$/.test(before) ? (/\n$/.test(before) ? "\n" : "\n\n") : "";
      body.value = before + pad + text + "\n\n" + after;
      body.dispatchEvent(new Event("input", { bubbles: true }));
    }
    function element(tag, props, children) {
      var e = document.createElement(tag);
      Object.keys(props || {}).forEach(function (k) { if (k === "text") e.textContent = props[k]; else e.setAttribute(k, props[k]); });
      (children || []).forEach(function (c) { e.appendChild(c); });
      return e;
    }
    // The library: a dialog with a search field and the images as buttons.
    var dialog = element("dialog", { id: "media-dialog", "aria-label": t("search") });
    var search = element("input", { type: "search", id: "media-dialog-q", "aria-label": t("search") });
    var list = element("ul", { class: "media-pick" });
    var close = element("button", { type: "button", class: "quiet", text: t("close") });
    dialog.appendChild(element("form", { method: "dialog", class: "media-dialog-form" }, [search, close]));
    dialog.appendChild(list);
    document.body.appendChild(dialog);
    var target = "text", timer = null;
    close.addEventListener("click", function () { dialog.close(); });
    function load() {
      fetch("/newsroom/media/library.json?q=" + encodeURIComponent(search.value), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (items) {
          list.innerHTML = "";
          if (!items.length) list.appendChild(element("li", { class: "empty", text: t("empty") }));
          items.forEach(function (item) {
            var b = element("button", { type: "button", "data-url": item.url }, [
              element("img", { src: item.thumb, alt: "", width: "120", loading: "lazy" }),
              element("span", { text: item.alt || item.name })]);
            b.addEventListener("click", function () {
              if (target === "featured") {
                image.value = item.url;
                if (item.alt) imageAlt.value = item.alt;
                image.dispatchEvent(new Event("change", { bubbles: true }));
              } else {
                insert(markdown(item));
              }
              dialog.close();
            });
            list.appendChild(element("li", {}, [b]));
          });
        });
    }
    search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(load, 250); });
    document.querySelectorAll("button.media-open").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () {
        target = b.getAttribute("data-media-for");
        search.value = "";
        load();
        dialog.showModal();
        search.focus();
      });
    });
    // Describing an uploaded image once: alt text and caption, kept in the library.
    function describe(item) {
      return new Promise(function (resolve) {
        var d = element("dialog", { id: "describe-dialog", "aria-label": t("describe") });
        var alt = element("input", { id: "describe-alt", maxlength: "500" });
        var caption = element("input", { id: "describe-caption", maxlength: "1000" });
        var save = element("button", { type: "submit", class: "primary", text: t("save") });
        var f = element("form", { method: "dialog" }, [
          element("h2", { text: t("describe") }),
          element("img", { src: item.thumb, alt: "", width: "240" }),
          element("label", { for: "describe-alt", text: t("alt") }), alt,
          element("label", { for: "describe-caption", text: t("caption") }), caption, save]);
        d.appendChild(f);
        document.body.appendChild(d);
        d.addEventListener("close", function () {
          var data = new URLSearchParams();
          data.set("csrf", csrf);
          data.set("alt", alt.value);
          data.set("caption", caption.value);
          fetch("/newsroom/media/" + item.name + "/details", { method: "POST", body: data, credentials: "same-origin",
                                                              headers: { Accept: "application/json" } })
            .then(function (r) { return r.ok ? r.json() : item; })
            .then(function (described) { d.remove(); resolve(described); }, function () { d.remove(); resolve(item); });
        });
        d.showModal();
        alt.focus();
      });
    }
    function upload(file) {
      if (status) status.textContent = t("uploading");
      var data = new FormData();
      data.set("csrf", csrf);
      data.set("file", file, file.name || "image");
      return fetch("/newsroom/media", { method: "POST", body: data, credentials: "same-origin",
                                        headers: { Accept: "application/json" } })
        .then(function (r) {
          return r.json().then(function (answer) { return r.ok ? answer : Promise.reject(answer); });
        })
        .then(describe)
        .then(function (item) { insert(markdown(item)); if (status) status.textContent = t("inserted"); },
              function (problem) { if (status) status.textContent = (problem && (problem.detail || problem.title)) || ""; });
    }
    function images(list) {
      return Array.prototype.filter.call(list || [], function (f) { return /^image\//.test(f.type); });
    }
    body.addEventListener("dragover", function (e) { if (e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types, "Files") >= 0) e.preventDefault(); });
    body.addEventListener("drop", function (e) {
      var files = images(e.dataTransfer && e.dataTransfer.files);
      if (!files.length) return;
      e.preventDefault();
      files.reduce(function (p, f) { return p.then(function () { return upload(f); }); }, Promise.resolve());
    });
    body.addEventListener("paste", function (e) {
      var files = images(e.clipboardData && e.clipboardData.files);
      if (!files.length) return;
      e.preventDefault();
      files.reduce(function (p, f) { return p.then(function () { return upload(f); }); }, Promise.resolve());
    });
  }

  function confirmations() {
    document.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-confirm]");
      if (b && !window.confirm(b.getAttribute("data-confirm"))) e.preventDefault();
    });
  }

  // The inbox's keys: j and k move between items, x selects, d dismisses, s keeps,
  // o opens the original, p makes a press item. Never while typing in a field.
  function inboxKeys(list) {
    var items = Array.prototype.slice.call(list.querySelectorAll(".inbox-item"));
    if (!items.length) return;
    var at = -1;
    function focus(i) {
      if (i < 0 || i >= items.length) return;
      if (at >= 0) items[at].classList.remove("is-current");
      at = i;
      items[at].classList.add("is-current");
      items[at].focus();
    }
    function press(key) {
      var el = at >= 0 && items[at].querySelector("[data-key=" + key + "]");
      if (el) el.click();
    }
    document.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      var tag = (e.target.tagName || "").toLowerCase();
      if (tag === "input" || tag === "textarea" || tag === "select" || e.target.isContentEditable) return;
      switch (e.key) {
        case "j": focus(at + 1); break;
        case "k": focus(at < 0 ? 0 : at - 1); break;
        case "x": {
          var box = at >= 0 && items[at].querySelector("input[type=checkbox]");
          if (box) box.checked = !box.checked;
          break;
        }
        case "d": press("dismiss"); break;
        case "s": press("keep"); break;
        case "o": press("open"); break;
        case "p": press("press"); break;
        default: return;
      }
      e.preventDefault();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("ol.inbox-items").forEach(inboxKeys);
    document.querySelectorAll("textarea[data-preview]").forEach(livePreview);
    document.querySelectorAll("input[list=tag-suggestions]").forEach(tagSuggestions);
    document.querySelectorAll("fieldset.byline").forEach(bylinePicker);
    document.querySelectorAll("form[data-autosave]").forEach(autosave);
    document.querySelectorAll("form#editor").forEach(mediaTools);
    confirmations();
  });
})();
