#include "render/markdown.h"

#include <cctype>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <mutex>

namespace qalam::render {

std::string markdown_to_html(std::string_view markdown) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  // Not CMARK_OPT_UNSAFE: raw HTML and dangerous URLs are left out.
  const int options = CMARK_OPT_DEFAULT | CMARK_OPT_SMART;
  cmark_parser* parser = cmark_parser_new(options);
  for (const char* name : {"table", "autolink", "strikethrough", "tagfilter"}) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser, ext);
    }
  }
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  cmark_node* doc = cmark_parser_finish(parser);
  char* html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
  std::string out = html ? html : "";
  std::free(html);
  cmark_node_free(doc);
  cmark_parser_free(parser);
  return out;
}

}  // namespace qalam::render

namespace qalam::render {
namespace {

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; }

// Skips "(target)" at `i` (a link's or image's destination); returns where it ends.
size_t skip_destination(std::string_view md, size_t i) {
  if (i >= md.size() || md[i] != '(') return i;
  int depth = 0;
  for (size_t k = i; k < md.size(); ++k) {
    if (md[k] == '(') ++depth;
    if (md[k] == ')' && --depth == 0) return k + 1;
    if (md[k] == '\n') return i;  // not a destination after all
  }
  return md.size();  // cut off by the snippet's end
}

}  // namespace

std::string markdown_to_plain(std::string_view md) {
  std::string out;
  out.reserve(md.size());
  bool line_start = true;
  for (size_t i = 0; i < md.size();) {
    char c = md[i];
    if (line_start) {
      // Heading, quote and list marks, with the spaces after them.
      size_t k = i;
      while (k < md.size() && (md[k] == ' ' || md[k] == '\t')) ++k;
      size_t mark = k;
      while (k < md.size() && (md[k] == '#' || md[k] == '>')) ++k;
      if (k == mark && k + 1 < md.size() && (md[k] == '-' || md[k] == '*' || md[k] == '+') && md[k + 1] == ' ') ++k;
      if (k == mark) {
        size_t d = k;
        while (d < md.size() && std::isdigit(static_cast<unsigned char>(md[d]))) ++d;
        if (d > k && d + 1 < md.size() && (md[d] == '.' || md[d] == ')') && md[d + 1] == ' ') k = d + 1;
      }
      if (k > mark) {
        while (k < md.size() && md[k] == ' ') ++k;
        i = k;
        line_start = false;
        continue;
      }
      line_start = false;
    }
    if (c == '\n') {
      out += ' ';
      line_start = true;
      ++i;
      continue;
    }
    if (c == '!' && i + 1 < md.size() && md[i + 1] == '[') {  // ![alt](src): the alt
      i += 2;
      continue;
    }
    if (c == '[') {  // [text](href): the text
      ++i;
      continue;
    }
    if (c == ']') {
      i = skip_destination(md, i + 1);
      continue;
    }
    if (c == '*' || c == '`' || c == '~') {
      ++i;
      continue;
    }
    if (c == '_') {  // emphasis, not snake_case
      bool inside = i > 0 && i + 1 < md.size() && word_char(md[i - 1]) && word_char(md[i + 1]);
      if (!inside) {
        ++i;
        continue;
      }
    }
    out += c;
    ++i;
  }
  return out;
}

}  // namespace qalam::render
