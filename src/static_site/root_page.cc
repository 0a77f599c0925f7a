#include "static_site/root_page.h"

#include "render/mustache/template.h"

namespace qalam::static_site {

std::string root_page(const std::vector<Edition>& editions, const std::string& default_lang,
                      const std::string& base_url, const std::string& logo) {
  auto escaped = [](std::string_view text) {
    std::string out;
    render::mustache::append_html_escaped(out, text);
    return out;
  };
  const Edition* first = editions.empty() ? nullptr : &editions.front();
  for (const Edition& e : editions) {
    if (e.lang == default_lang) first = &e;
  }
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + escaped(first ? first->lang : "en") + "\">\n<head>\n"
                    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>" + escaped(first ? first->title : "") + "</title>\n";
  for (const Edition& e : editions) {
    out += "<link rel=\"alternate\" hreflang=\"" + escaped(e.lang) + "\" href=\"" + escaped(base_url) + "/" +
           escaped(e.lang) + "/\">\n";
  }
  if (first) {
    out += "<link rel=\"alternate\" hreflang=\"x-default\" href=\"" + escaped(base_url) + "/" + escaped(first->lang) +
           "/\">\n";
  }
  // Shown for a moment, or for good without script: the site's logo and name, and a
  // button per edition; styled here, since no theme template renders this page.
  out += "<link rel=\"icon\" href=\"" + escaped(logo) + "\">\n"
         "<style>\n"
         "body{margin:0;min-height:100vh;display:grid;place-items:center;font-family:system-ui,sans-serif;"
         "background:#fbfaf8;color:#1a1a1a}\n"
         ".language-choice{text-align:center;padding:2rem 1rem}\n"
         ".language-choice img{width:64px;height:64px}\n"
         ".language-choice h1{font-size:1.6rem;margin:.75rem 0 1.5rem}\n"
         ".language-choice ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.75rem;"
         "justify-content:center}\n"
         ".language-choice a{display:block;min-width:9rem;padding:.7rem 1.2rem;border-radius:6px;"
         "background:#9b1c1f;color:#fff;text-decoration:none;font-weight:600}\n"
         ".language-choice a:focus-visible,.language-choice a:hover{background:#7a1517;outline:3px solid #1a1a1a;"
         "outline-offset:2px}\n"
         "@media (prefers-color-scheme:dark){body{background:#151515;color:#eee}"
         ".language-choice a:focus-visible{outline-color:#eee}}\n"
         "</style>\n<script>\n(function () {\n  var editions = [";
  for (size_t i = 0; i < editions.size(); ++i) out += (i ? ", " : "") + std::string("\"") + editions[i].lang + "\"";
  out += "];\n  var wanted = (navigator.languages || [navigator.language || \"\"]).map(function (l) {\n"
         "    return String(l).slice(0, 2).toLowerCase();\n  });\n"
         "  var lang = wanted.filter(function (l) { return editions.indexOf(l) >= 0; })[0] || \"" +
         (first ? first->lang : std::string("en")) + "\";\n  location.replace(\"/\" + lang + \"/\");\n})();\n</script>\n"
         "</head>\n<body>\n<main class=\"language-choice\">\n<img src=\"" + escaped(logo) + "\" alt=\"\">\n<h1>" +
         escaped(first ? first->title : "") + "</h1>\n<ul>\n";
  for (const Edition& e : editions) {
    out += "<li><a href=\"/" + escaped(e.lang) + "/\" hreflang=\"" + escaped(e.lang) + "\" lang=\"" + escaped(e.lang) +
           "\">" + escaped(e.name) + "</a></li>\n";
  }
  out += "</ul>\n</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace qalam::static_site
