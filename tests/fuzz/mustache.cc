// Fuzz target: the Mustache engine. The input is a template: compiled (a syntax error
// is an answer, never a crash) and rendered against data with nested sections, lists,
// partials and values that need escaping.
#include <boost/json.hpp>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "render/mustache/template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace qalam::render::mustache;
  static const boost::json::value view = boost::json::parse(R"({
    "lang": "az", "title": "<script>alert(1)</script> & \"quotes\"", "empty": "", "none": null, "yes": true,
    "items": [{"name": "Şuşa", "url": "/az/tags/susa", "last": false}, {"name": "Bakı", "last": true}],
    "site": {"title": "Qalam", "logo": "/assets/logo.svg"}, "n": 3, "nested": {"a": {"b": {"c": "deep"}}}
  })");
  std::string_view source(reinterpret_cast<const char*>(data), size);
  TemplateSet set;
  if (!set.add("page", source).ok()) return 0;
  (void)set.add("partials/item", "<li>{{name}}</li>");
  (void)set.add("layout", "<main>{{$content}}default{{/content}}</main>");
  auto out = set.render("page", view);
  // Escaped by default: the hostile title never comes out raw through {{title}}.
  (void)out;
  return 0;
}
