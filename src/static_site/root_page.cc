#include "static_site/root_page.h"

#include "render/mustache/template.h"

namespace qalam::static_site {

std::string root_page(const std::vector<Edition>& editions, const std::string& default_lang,
                      const std::string& base_url) {
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
  out += "<link rel=\"stylesheet\" href=\"/assets/style.css\">\n<script>\n(function () {\n  var editions = [";
  for (size_t i = 0; i < editions.size(); ++i) out += (i ? ", " : "") + std::string("\"") + editions[i].lang + "\"";
  out += "];\n  var wanted = (navigator.languages || [navigator.language || \"\"]).map(function (l) {\n"
         "    return String(l).slice(0, 2).toLowerCase();\n  });\n"
         "  var lang = wanted.filter(function (l) { return editions.indexOf(l) >= 0; })[0] || \"" +
         (first ? first->lang : std::string("en")) + "\";\n  location.replace(\"/\" + lang + \"/\");\n})();\n</script>\n"
         "</head>\n<body>\n<main class=\"language-choice\">\n<ul>\n";
  for (const Edition& e : editions) {
    out += "<li><a href=\"/" + escaped(e.lang) + "/\" hreflang=\"" + escaped(e.lang) + "\" lang=\"" + escaped(e.lang) +
           "\">" + escaped(e.title) + " — " + escaped(e.name) + "</a></li>\n";
  }
  out += "</ul>\n</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace qalam::static_site
