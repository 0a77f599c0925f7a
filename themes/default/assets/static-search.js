// Search on a static copy of the site (qalam export-static): loads the edition's
// search-index.json and shows the pieces whose title or lead hold every word of the
// query (the last one also as a word's beginning). Words are folded as the server
// folds them (core/text.cc): Turkic case, accents off (not the breve of й), ə→e, ı→i.
// What it does not do (the server does): stems, transliteration between scripts,
// phrases, exclusions, filters, bodies. See docs/deploy.md.
(function () {
  "use strict";
  var box = document.getElementById("static-search");
  if (!box) return;
  var input = document.getElementById("q");
  var query = new URLSearchParams(location.search).get("q") || "";
  if (input) input.value = query;
  if (!query.trim()) return;

  function fold(text) {
    var s = text.normalize("NFKC").replace(/İ/g, "i").replace(/I/g, "ı").toLowerCase().normalize("NFD");
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var c = s[i];
      if (/\p{Mn}/u.test(c)) {
        if (c === "\u0306" && /\p{Script=Cyrillic}/u.test(out.slice(-1))) out += c;
        continue;
      }
      out += c === "ə" ? "e" : c === "ı" ? "i" : c;
    }
    return out.normalize("NFKC");
  }
  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 1; });
  }
  function element(name, className, text) {
    var e = document.createElement(name);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  fetch(box.getAttribute("data-index")).then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then(function (index) {
    var terms = Object.keys(index.terms).sort();
    // The pieces holding `word`: as a whole word, or (`prefix`) as a word's beginning.
    function pieces(word, prefix) {
      var found = new Set(index.terms[word] || []);
      if (prefix) {
        var lo = 0, hi = terms.length;
        while (lo < hi) {
          var mid = (lo + hi) >> 1;
          if (terms[mid] < word) lo = mid + 1; else hi = mid;
        }
        for (var i = lo; i < terms.length && terms[i].lastIndexOf(word, 0) === 0; i++) {
          index.terms[terms[i]].forEach(function (d) { found.add(d); });
        }
      }
      return found;
    }
    var wanted = words(query);
    var hits = null;
    wanted.forEach(function (w, i) {
      var these = pieces(w, i === wanted.length - 1);
      hits = hits === null ? these : new Set(Array.from(hits).filter(function (d) { return these.has(d); }));
    });
    var list = hits ? Array.from(hits).sort(function (a, b) { return a - b; }) : [];
    box.appendChild(element("p", "search-count", box.getAttribute("data-count").replace("{n}", String(list.length))));
    if (!list.length) {
      box.appendChild(element("p", "", box.getAttribute("data-none")));
      return;
    }
    var holder = element("div", "list");
    list.slice(0, 50).forEach(function (d) {
      var doc = index.docs[d];
      var card = element("article", "card search-hit");
      var text = element("div", "card-text");
      text.appendChild(element("p", "kicker", doc[2]));
      var heading = element("h2", "card-title");
      var link = element("a", "", doc[1]);
      link.href = doc[0];
      heading.appendChild(link);
      text.appendChild(heading);
      if (doc[3]) text.appendChild(element("p", "card-lead", doc[3]));
      card.appendChild(text);
      holder.appendChild(card);
    });
    box.appendChild(holder);
  }).catch(function () {
    box.appendChild(element("p", "search-message", box.getAttribute("data-none")));
  });
})();
