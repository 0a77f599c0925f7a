#include "ingest/wordpress_content.h"

#include <libxml/HTMLparser.h>

#include <array>
#include <cstring>
#include <memory>
#include <regex>
#include <set>

#include "core/link_rule.h"
#include "core/text.h"
#include "render/mustache/template.h"

namespace qalam::ingest {
namespace {

// ---- Shortcodes ---------------------------------------------------------------------

struct Shortcode {
  std::string name;
  std::map<std::string, std::string> attrs;
  std::vector<std::string> positional;
};

std::string escape_attribute(std::string_view s) {
  std::string out;
  render::mustache::append_html_escaped(out, s);
  return out;
}

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Parses `[name a="b" c=d e]` at `at` (a '['); returns the position after ']' or npos.
size_t parse_shortcode(std::string_view s, size_t at, Shortcode& out) {
  size_t i = at + 1;
  size_t start = i;
  if (i >= s.size() || !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) return std::string_view::npos;
  while (i < s.size() && name_char(s[i])) ++i;
  out.name = std::string(s.substr(start, i - start));
  if (i >= s.size() || (s[i] != ' ' && s[i] != ']' && s[i] != '/' && s[i] != '\t' && s[i] != '\n')) {
    return std::string_view::npos;
  }
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    if (i >= s.size()) return std::string_view::npos;
    if (s[i] == ']') return i + 1;
    if (s[i] == '/' && i + 1 < s.size() && s[i + 1] == ']') return i + 2;
    if (s[i] == '[' || s[i] == '<') return std::string_view::npos;
    size_t key_start = i;
    while (i < s.size() && s[i] != '=' && s[i] != ' ' && s[i] != ']' && s[i] != '\n') ++i;
    std::string key(s.substr(key_start, i - key_start));
    if (i < s.size() && s[i] == '=') {
      ++i;
      std::string value;
      auto curly = [&](size_t at) {  // the quotes WordPress's texturize leaves behind: “ ” ″
        std::string_view q = s.substr(at, 3);
        return q == "\xE2\x80\x9C" || q == "\xE2\x80\x9D" || q == "\xE2\x80\xB3";
      };
      if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
        char quote = s[i++];
        size_t end = s.find(quote, i);
        if (end == std::string_view::npos) return std::string_view::npos;
        value = std::string(s.substr(i, end - i));
        i = end + 1;
      } else if (curly(i)) {
        i += 3;
        size_t end = i;
        while (end < s.size() && !(curly(end) && s.substr(end, 3) != "\xE2\x80\x9C")) ++end;
        if (end >= s.size()) return std::string_view::npos;
        value = std::string(s.substr(i, end - i));
        i = end + 3;
      } else {
        size_t v = i;
        while (i < s.size() && s[i] != ' ' && s[i] != ']' && s[i] != '\n') ++i;
        value = std::string(s.substr(v, i - v));
      }
      for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.attrs[key] = value;
    } else if (!key.empty()) {
      out.positional.push_back(key);
    }
  }
  return std::string_view::npos;
}

std::string attr(const Shortcode& code, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (auto it = code.attrs.find(n); it != code.attrs.end() && !it->second.empty()) return it->second;
  }
  return {};
}

std::string link_paragraph(std::string_view url) {
  std::string u = escape_attribute(url);
  return "\n\n<p><a href=\"" + u + "\">" + u + "</a></p>\n\n";
}

std::vector<int64_t> id_list(std::string_view text) {
  std::vector<int64_t> ids;
  size_t at = 0;
  while (at <= text.size()) {
    size_t comma = text.find(',', at);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view part = text.substr(at, comma - at);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (auto n = parse_int(part)) ids.push_back(*n);
    at = comma + 1;
  }
  return ids;
}

// The [caption] shortcode: its image markup, then the caption (an attribute in old
// posts, the text after the image in newer ones).
std::string caption_figure(const Shortcode& code, std::string_view inner) {
  std::string caption = attr(code, {"caption"});
  std::string_view image = inner;
  size_t end = inner.rfind("</a>");
  if (end != std::string_view::npos) {
    end += 4;
  } else {
    size_t img = inner.find("<img");
    end = img == std::string_view::npos ? std::string_view::npos : inner.find('>', img);
    if (end != std::string_view::npos) ++end;
  }
  if (end != std::string_view::npos) {
    image = inner.substr(0, end);
    if (caption.empty()) caption = std::string(inner.substr(end));
  }
  return "\n\n<figure>" + std::string(image) + "<figcaption>" + caption + "</figcaption></figure>\n\n";
}

std::string expand_shortcodes(std::string_view s, const ContentLinks& links, ConvertedContent& report) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    size_t open = s.find('[', i);
    if (open == std::string_view::npos) break;
    out.append(s.substr(i, open - i));
    // [[name]]: written literally.
    if (open + 1 < s.size() && s[open + 1] == '[') {
      size_t close = s.find("]]", open);
      Shortcode probe;
      if (close != std::string_view::npos && parse_shortcode(s, open + 1, probe) == close + 1) {
        out.append(s.substr(open + 1, close - open));
        i = close + 2;
        continue;
      }
    }
    Shortcode code;
    size_t after = parse_shortcode(s, open, code);
    if (after == std::string_view::npos) {
      out += '[';
      i = open + 1;
      continue;
    }
    std::string name = code.name;
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool enclosing = name == "caption" || name == "wp_caption" || name == "embed" || name == "audio" || name == "video";
    std::string_view inner;
    size_t end = after;
    if (enclosing) {
      std::string closing = "[/" + code.name + "]";
      size_t c = s.find(closing, after);
      if (c != std::string_view::npos) {
        inner = s.substr(after, c - after);
        end = c + closing.size();
      }
    }
    if (name == "caption" || name == "wp_caption") {
      out += caption_figure(code, inner);
    } else if (name == "embed") {
      std::string url(inner);
      while (!url.empty() && (url.back() == ' ' || url.back() == '\n')) url.pop_back();
      while (!url.empty() && (url.front() == ' ' || url.front() == '\n')) url.erase(0, 1);
      out += link_paragraph(url);
    } else if (name == "audio" || name == "video") {
      std::string url = attr(code, {"src", "mp3", "m4a", "ogg", "wav", "mp4", "webm", "ogv", "m4v"});
      if (url.empty()) url = std::string(inner);
      if (!url.empty()) out += link_paragraph(url);
    } else if (name == "gallery") {
      std::vector<ContentImage> images = links.gallery ? links.gallery(id_list(attr(code, {"ids", "include"})))
                                                       : std::vector<ContentImage>{};
      for (const ContentImage& image : images) {
        out += "\n\n<p><img src=\"" + escape_attribute(image.src) + "\" alt=\"" + escape_attribute(image.alt) + "\"></p>\n\n";
      }
    } else {
      // Someone else's shortcode: its text stays where it was, for an editor to see.
      ++report.unknown_shortcodes[name];
      out.append(s.substr(open, after - open));
      end = after;
    }
    i = end;
  }
  out.append(s.substr(std::min(i, s.size())));
  return out;
}

// ---- WordPress's paragraphs (wpautop) -------------------------------------------------

bool starts_block(std::string_view chunk) {
  static constexpr std::array<std::string_view, 33> blocks = {
      "p",      "div",     "h1",     "h2",      "h3",     "h4",    "h5",   "h6",    "ul",     "ol",    "li",
      "dl",     "dt",      "dd",     "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr",    "td",
      "th",     "figure",  "hr",     "section", "article", "aside", "header", "footer", "address", "form", "iframe"};
  if (chunk.starts_with("<!--") || chunk.starts_with("\x01")) return true;
  if (!chunk.starts_with('<') && !chunk.starts_with("</")) return false;
  size_t i = chunk.starts_with("</") ? 2 : 1;
  size_t n = i;
  while (n < chunk.size() && name_char(chunk[n])) ++n;
  std::string tag(chunk.substr(i, n - i));
  for (char& c : tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view b : blocks) {
    if (tag == b) return true;
  }
  return tag == "script" || tag == "style" || tag == "video" || tag == "audio" || tag == "object" || tag == "embed";
}

std::string autop(std::string_view content) {
  // <pre> keeps its newlines: set aside first (\x01N\x02 stands for the Nth). The two
  // control bytes have no place in a post (XML 1.0 does not allow them): the content's
  // own are dropped, so that only the placeholders hold them.
  std::string text;
  text.reserve(content.size());
  for (char c : content) {
    if (c != '\x01' && c != '\x02') text += c;
  }
  std::vector<std::string> kept;
  std::string s;
  size_t i = 0;
  while (i < text.size()) {
    size_t p = text.find("<pre", i);
    if (p == std::string_view::npos) break;
    size_t e = text.find("</pre>", p);
    if (e == std::string_view::npos) break;
    e += 6;
    s.append(text.substr(i, p - i));
    s += "\x01" + std::to_string(kept.size()) + "\x02";
    kept.emplace_back(text.substr(p, e - p));
    i = e;
  }
  s.append(text.substr(i));
  std::string normal;
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k] == '\r') continue;
    normal += s[k];
  }
  std::string out;
  size_t at = 0;
  while (at < normal.size()) {
    size_t blank = at;
    size_t end = std::string::npos;
    // The next blank line (a newline, spaces, a newline).
    while ((blank = normal.find('\n', blank)) != std::string::npos) {
      size_t k = blank + 1;
      while (k < normal.size() && (normal[k] == ' ' || normal[k] == '\t')) ++k;
      if (k < normal.size() && normal[k] == '\n') {
        end = blank;
        break;
      }
      blank = k;
    }
    std::string_view chunk = std::string_view(normal).substr(at, end == std::string::npos ? std::string::npos : end - at);
    at = end == std::string::npos ? normal.size() : end + 1;
    while (!chunk.empty() && (chunk.front() == '\n' || chunk.front() == ' ' || chunk.front() == '\t')) chunk.remove_prefix(1);
    while (!chunk.empty() && (chunk.back() == '\n' || chunk.back() == ' ' || chunk.back() == '\t')) chunk.remove_suffix(1);
    if (chunk.empty()) continue;
    if (starts_block(chunk)) {
      out.append(chunk);
    } else {
      out += "<p>";
      for (char c : chunk) {
        if (c == '\n') {
          out += "<br>\n";
        } else {
          out += c;
        }
      }
      out += "</p>";
    }
    out += "\n\n";
  }
  // The <pre> blocks back in their places.
  std::string restored;
  for (size_t k = 0; k < out.size(); ++k) {
    if (out[k] == '\x01') {
      size_t e = out.find('\x02', k);
      size_t index = 0;
      for (size_t d = k + 1; d < e; ++d) index = index * 10 + static_cast<size_t>(out[d] - '0');
      restored += kept[index];
      k = e;
    } else {
      restored += out[k];
    }
  }
  return restored;
}

std::string drop_block_comments(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t c = s.find("<!--", i);
    if (c == std::string_view::npos) break;
    size_t e = s.find("-->", c + 4);
    if (e == std::string_view::npos) break;
    out.append(s.substr(i, c - i));
    out += '\n';
    i = e + 3;
  }
  out.append(s.substr(std::min(i, s.size())));
  return out;
}

// ---- HTML to Markdown ---------------------------------------------------------------

std::string name_of(const xmlNode* n) { return n->name ? reinterpret_cast<const char*>(n->name) : ""; }

std::string attribute(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (v == nullptr) return {};
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

std::string text_of(const xmlNode* n) {
  xmlChar* v = xmlNodeGetContent(n);
  if (v == nullptr) return {};
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Runs of whitespace as one space (at either end too: a paragraph trims its own).
std::string collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (is_space(c)) {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (space) out += ' ';
  return out;
}

std::string trimmed(std::string s) {
  while (!s.empty() && is_space(s.back())) s.pop_back();
  size_t b = 0;
  while (b < s.size() && is_space(s[b])) ++b;
  return s.substr(b);
}

// Text as Markdown reads it literally.
std::string escape_text(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<' || c == '>' || c == '~' ||
        c == '|') {
      out += '\\';
    } else if (c == '&' && i + 1 < s.size() && (std::isalnum(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '#')) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

// A line must not begin with what Markdown reads as a block's mark.
std::string guard_line_starts(const std::string& paragraph) {
  std::string out;
  size_t at = 0;
  while (at <= paragraph.size()) {
    size_t nl = paragraph.find('\n', at);
    std::string line = paragraph.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    size_t k = 0;
    while (k < line.size() && line[k] == ' ') ++k;
    line.erase(0, k);
    if (!line.empty()) {
      char c = line[0];
      if (c == '#' || c == '-' || c == '+' || c == '=') {
        line.insert(0, "\\");
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        size_t d = 0;
        while (d < line.size() && std::isdigit(static_cast<unsigned char>(line[d]))) ++d;
        if (d < line.size() && (line[d] == '.' || line[d] == ')')) line.insert(d, "\\");
      }
    }
    out += line;
    if (nl == std::string::npos) break;
    out += '\n';
    at = nl + 1;
  }
  return out;
}

std::string destination(std::string url) {
  std::string out;
  for (char c : url) {
    if (c == ' ') {
      out += "%20";
    } else if (c == '(') {
      out += "%28";
    } else if (c == ')') {
      out += "%29";
    } else if (c == '<' || c == '>' || c == '\n' || c == '\r' || c == '\t') {
      continue;
    } else {
      out += c;
    }
  }
  return out;
}

bool allowed_body_link(std::string_view url) {
  if (url.empty()) return false;
  if (url.starts_with('#')) return url.find_first_of(" \"<>\\") == std::string_view::npos;
  if (url.starts_with("mailto:")) return url.find_first_of(" \"<>\\") == std::string_view::npos && url.size() > 7;
  if (url.starts_with('/') && !url.starts_with("//")) {
    return url.find_first_of(" \"<>\\'\n\r\t") == std::string_view::npos;
  }
  return is_allowed_link(url);
}

class MarkdownWriter {
 public:
  MarkdownWriter(const ContentLinks& links, ConvertedContent& report) : links_(links), report_(report) {}

  std::string blocks(const xmlNode* first) {
    std::vector<std::string> parts;
    std::string run;  // inline content waiting for a block to end it
    auto flush = [&] {
      std::string p = trim_breaks(run);
      if (!p.empty()) parts.push_back(guard_line_starts(p));
      run.clear();
    };
    for (const xmlNode* n = first; n != nullptr; n = n->next) {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE || n->type == XML_ENTITY_REF_NODE) {
        run += inline_node(n);
        continue;
      }
      if (n->type != XML_ELEMENT_NODE) continue;
      std::string tag = name_of(n);
      if (!is_block(tag)) {
        run += inline_node(n);
        continue;
      }
      flush();
      std::string b = block(n, tag);
      if (!b.empty()) parts.push_back(std::move(b));
    }
    flush();
    std::string out;
    for (const std::string& p : parts) {
      if (p.empty()) continue;
      if (!out.empty()) out += "\n\n";
      out += p;
    }
    return out;
  }

 private:
  static bool is_block(const std::string& t) {
    static constexpr std::array<std::string_view, 44> tags = {
        "p",      "div",     "h1",       "h2",     "h3",     "h4",     "h5",       "h6",     "ul",     "ol",     "li",
        "dl",     "dt",      "dd",       "blockquote", "pre", "table", "hr",      "figure", "figcaption", "section", "article",
        "aside",  "header",  "footer",   "nav",    "main",   "address", "center",  "details", "summary", "form",  "script",
        "style",  "noscript", "template", "iframe", "video", "audio",  "object",   "embed",  "svg",    "canvas", "body"};
    for (std::string_view b : tags) {
      if (t == b) return true;
    }
    return false;
  }

  static std::string trim_breaks(std::string s) {
    // Spaces and hard breaks at either end of a paragraph mean nothing.
    for (;;) {
      size_t before = s.size();
      while (!s.empty() && (is_space(s.back()))) s.pop_back();
      if (s.ends_with("\\")) s.pop_back();
      while (!s.empty() && is_space(s.front())) s.erase(0, 1);
      if (s.starts_with("\\\n")) s.erase(0, 2);
      if (s.size() == before) break;
    }
    return s;
  }

  static std::string prefix_lines(const std::string& text, std::string_view first, std::string_view rest) {
    std::string out;
    size_t at = 0;
    bool is_first = true;
    while (at <= text.size()) {
      size_t nl = text.find('\n', at);
      std::string_view line = std::string_view(text).substr(at, nl == std::string::npos ? std::string::npos : nl - at);
      std::string_view pre = is_first ? first : rest;
      if (line.empty() && !is_first) {
        std::string_view bare = pre;
        while (!bare.empty() && bare.back() == ' ') bare.remove_suffix(1);
        out += bare;
      } else {
        out += pre;
        out += line;
      }
      is_first = false;
      if (nl == std::string::npos) break;
      out += '\n';
      at = nl + 1;
    }
    return out;
  }

  std::string block(const xmlNode* n, const std::string& tag) {
    if (tag == "p" || tag == "dd" || tag == "summary" || tag == "address") return paragraph(n);
    if (tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6') {
      std::string text = collapse(inline_children(n));
      for (char& c : text) {
        if (c == '\n') c = ' ';
      }
      text = trim_breaks(text);
      // Hard breaks inside a heading become spaces.
      for (size_t k; (k = text.find("\\\n")) != std::string::npos;) text.replace(k, 2, " ");
      if (text.empty()) return {};
      return std::string(static_cast<size_t>(tag[1] - '0'), '#') + " " + text;
    }
    if (tag == "dt") {
      std::string text = trim_breaks(inline_children(n));
      return text.empty() ? std::string() : "**" + text + "**";
    }
    if (tag == "ul" || tag == "ol") return list(n, tag == "ol");
    if (tag == "li") return list_item(n, "- ");
    if (tag == "blockquote") {
      std::string inner = blocks(n->children);
      return inner.empty() ? std::string() : prefix_lines(inner, "> ", "> ");
    }
    if (tag == "pre") return code_block(n);
    if (tag == "hr") return "---";
    if (tag == "table") return table(n);
    if (tag == "figure") return figure(n);
    if (tag == "figcaption") {
      std::string text = trim_breaks(collapse(inline_children(n)));
      return text.empty() ? std::string() : "*" + text + "*";
    }
    if (tag == "iframe" || tag == "video" || tag == "audio" || tag == "object" || tag == "embed") {
      std::string src = attribute(n, tag == "object" ? "data" : "src");
      for (const xmlNode* c = n->children; src.empty() && c != nullptr; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && name_of(c) == "source") src = attribute(c, "src");
      }
      if (links_.rewrite) src = links_.rewrite(src);
      if (src.empty() || !is_allowed_link(src)) {
        ++report_.dropped[tag];
        return {};
      }
      return "<" + destination(src) + ">";
    }
    if (tag == "script" || tag == "style" || tag == "noscript" || tag == "template" || tag == "form" || tag == "svg" ||
        tag == "canvas") {
      ++report_.dropped[tag];
      return {};
    }
    return blocks(n->children);  // div, section, article, body …: what they hold
  }

  std::string paragraph(const xmlNode* n) {
    // A <p> holding blocks (a browser would not, an export might): the blocks.
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && is_block(name_of(c))) return blocks(n->children);
    }
    std::string text = trim_breaks(inline_children(n));
    return text.empty() ? std::string() : guard_line_starts(text);
  }

  std::string list(const xmlNode* n, bool ordered) {
    std::string out;
    int number = 1;
    if (ordered) {
      if (auto start = parse_int(attribute(n, "start"))) number = static_cast<int>(*start);
    }
    bool loose = false;
    std::vector<std::string> items;
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      std::string tag = name_of(c);
      std::string marker = ordered ? std::to_string(number) + ". " : "- ";
      std::string item;
      if (tag == "li") {
        item = list_item(c, marker);
      } else if (tag == "ul" || tag == "ol") {  // a list straight inside a list
        item = prefix_lines(list(c, tag == "ol"), std::string(marker.size(), ' '), std::string(marker.size(), ' '));
      } else {
        continue;
      }
      if (item.empty()) continue;
      if (item.find("\n\n") != std::string::npos) loose = true;
      items.push_back(std::move(item));
      ++number;
    }
    for (const std::string& item : items) {
      if (!out.empty()) out += loose ? "\n\n" : "\n";
      out += item;
    }
    return out;
  }

  std::string list_item(const xmlNode* li, const std::string& marker) {
    std::string inner = blocks(li->children);
    if (inner.empty()) return {};
    // A text followed by a nested list stays tight.
    size_t k = inner.find("\n\n");
    if (k != std::string::npos && inner.find("\n\n", k + 2) == std::string::npos && starts_list(inner, k + 2)) {
      inner.replace(k, 2, "\n");
    }
    return prefix_lines(inner, marker, std::string(marker.size(), ' '));
  }

  // Whether a list item's marker ("- ", "3. ") starts at `at`.
  static bool starts_list(const std::string& text, size_t at) {
    if (text.compare(at, 2, "- ") == 0) return true;
    size_t d = at;
    while (d < text.size() && std::isdigit(static_cast<unsigned char>(text[d]))) ++d;
    return d > at && text.compare(d, 2, ". ") == 0;
  }

  std::string code_block(const xmlNode* n) {
    std::string code = text_of(n);
    std::string language;
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && name_of(c) == "code") {
        std::string cls = attribute(c, "class");
        size_t p = cls.find("language-");
        if (p != std::string::npos) {
          size_t e = p + 9;
          while (e < cls.size() && name_char(cls[e])) ++e;
          language = cls.substr(p + 9, e - p - 9);
        }
      }
    }
    while (!code.empty() && code.back() == '\n') code.pop_back();
    while (code.starts_with('\n')) code.erase(0, 1);
    if (code.empty()) return {};
    std::string fence = "```";
    while (code.find(fence) != std::string::npos) fence += '`';
    return fence + language + "\n" + code + "\n" + fence;
  }

  std::string table(const xmlNode* n) {
    std::vector<std::vector<std::string>> rows;
    std::function<void(const xmlNode*)> collect = [&](const xmlNode* parent) {
      for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        std::string tag = name_of(c);
        if (tag == "thead" || tag == "tbody" || tag == "tfoot") {
          collect(c);
        } else if (tag == "tr") {
          std::vector<std::string> cells;
          for (const xmlNode* cell = c->children; cell != nullptr; cell = cell->next) {
            if (cell->type != XML_ELEMENT_NODE) continue;
            std::string ct = name_of(cell);
            if (ct != "td" && ct != "th") continue;
            std::string text = trim_breaks(collapse(inline_children(cell)));
            for (size_t k; (k = text.find("\\\n")) != std::string::npos;) text.replace(k, 2, " ");
            for (char& ch : text) {
              if (ch == '\n') ch = ' ';
            }
            cells.push_back(std::move(text));
          }
          if (!cells.empty()) rows.push_back(std::move(cells));
        }
      }
    };
    collect(n);
    if (rows.empty()) return {};
    size_t width = 0;
    for (const auto& r : rows) width = std::max(width, r.size());
    std::string out;
    for (size_t i = 0; i < rows.size(); ++i) {
      rows[i].resize(width);
      out += "|";
      for (const std::string& cell : rows[i]) out += " " + cell + " |";
      out += "\n";
      if (i == 0) {
        out += "|";
        for (size_t k = 0; k < width; ++k) out += " --- |";
        out += "\n";
      }
    }
    out.pop_back();
    return out;
  }

  std::string figure(const xmlNode* n) {
    std::vector<std::string> parts;
    std::string caption;
    std::string run;
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && name_of(c) == "figcaption") {
        caption = trim_breaks(collapse(inline_children(c)));
        continue;
      }
      if (c->type == XML_ELEMENT_NODE && is_block(name_of(c))) {
        if (!trim_breaks(run).empty()) parts.push_back(trim_breaks(run));
        run.clear();
        std::string b = block(c, name_of(c));
        if (!b.empty()) parts.push_back(b);
        continue;
      }
      run += inline_node(c);
    }
    if (!trim_breaks(run).empty()) parts.push_back(trim_breaks(run));
    if (!caption.empty()) parts.push_back("*" + caption + "*");
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : "\n\n") + p;
    return out;
  }

  std::string inline_children(const xmlNode* n) {
    std::string out;
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) out += inline_node(c);
    return out;
  }

  // Emphasis marks hug their text: spaces move outside them.
  static std::string wrap(const std::string& inner, std::string_view mark) {
    size_t b = 0;
    while (b < inner.size() && is_space(inner[b])) ++b;
    size_t e = inner.size();
    while (e > b && is_space(inner[e - 1])) --e;
    if (b == e) return inner.empty() ? std::string() : " ";
    return (b > 0 ? " " : "") + std::string(mark) + inner.substr(b, e - b) + std::string(mark) +
           (e < inner.size() ? " " : "");
  }

  std::string inline_node(const xmlNode* n) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      return escape_text(collapse(reinterpret_cast<const char*>(n->content ? n->content : BAD_CAST "")));
    }
    if (n->type != XML_ELEMENT_NODE) return {};
    std::string tag = name_of(n);
    if (tag == "br") return "\\\n";
    if (tag == "strong" || tag == "b") return wrap(inline_children(n), "**");
    if (tag == "em" || tag == "i" || tag == "cite" || tag == "dfn" || tag == "var") return wrap(inline_children(n), "*");
    if (tag == "del" || tag == "s" || tag == "strike") return wrap(inline_children(n), "~~");
    if (tag == "code" || tag == "kbd" || tag == "tt" || tag == "samp") {
      std::string code = collapse(text_of(n));
      if (code.empty() || code == " ") return code;
      std::string ticks = "`";
      while (code.find(ticks) != std::string::npos) ticks += '`';
      bool pad = code.front() == '`' || code.back() == '`';
      return ticks + (pad ? " " : "") + code + (pad ? " " : "") + ticks;
    }
    if (tag == "img") return image(n);
    if (tag == "a") return link(n);
    if (tag == "script" || tag == "style" || tag == "noscript" || tag == "template" || tag == "svg" || tag == "canvas" ||
        tag == "form" || tag == "select" || tag == "textarea" || tag == "button" || tag == "input" || tag == "iframe") {
      ++report_.dropped[tag];
      return {};
    }
    if (is_block(tag)) return " " + inline_children(n) + " ";
    return inline_children(n);  // span, u, sup, sub, small, abbr, mark, font, q, time …
  }

  std::string rewrite(std::string url) const {
    while (!url.empty() && is_space(url.front())) url.erase(0, 1);
    while (!url.empty() && is_space(url.back())) url.pop_back();
    return links_.rewrite ? links_.rewrite(url) : url;
  }

  std::string image(const xmlNode* n) {
    std::string src = destination(rewrite(attribute(n, "src")));
    std::string alt = trimmed(collapse(attribute(n, "alt")));
    if (src.empty() || !is_allowed_link(src)) {
      ++report_.dropped["img"];
      return alt.empty() ? std::string() : escape_text(alt);
    }
    return "![" + escape_text(alt) + "](" + src + ")";
  }

  std::string link(const xmlNode* n) {
    std::string text = inline_children(n);
    std::string href = destination(rewrite(attribute(n, "href")));
    if (href.empty() || !allowed_body_link(href)) return text;
    std::string shown = text;
    while (!shown.empty() && is_space(shown.back())) shown.pop_back();
    while (!shown.empty() && is_space(shown.front())) shown.erase(0, 1);
    if (shown.empty()) {
      if (text.empty()) return {};
      shown = escape_text(href);
    }
    return "[" + shown + "](" + href + ")";
  }

  const ContentLinks& links_;
  ConvertedContent& report_;
};

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

std::unique_ptr<xmlDoc, DocFree> parse_html(std::string_view html) {
  std::string page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>";
  page.append(html);
  page += "</body></html>";
  int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
  return std::unique_ptr<xmlDoc, DocFree>(htmlReadMemory(page.data(), static_cast<int>(page.size()), nullptr, "UTF-8", options));
}

const xmlNode* body_of(const xmlDoc* doc) {
  const xmlNode* root = xmlDocGetRootElement(doc);
  if (root == nullptr) return nullptr;
  for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && name_of(c) == "body") return c;
  }
  return root;
}

}  // namespace

ConvertedContent wordpress_to_markdown(std::string_view content, const ContentLinks& links) {
  ConvertedContent result;
  bool blocks = content.find("<!-- wp:") != std::string_view::npos;
  std::string html = expand_shortcodes(content, links, result);
  html = blocks ? drop_block_comments(html) : autop(drop_block_comments(html));
  auto doc = parse_html(html);
  if (!doc) {
    result.markdown = escape_text(html_to_text(content));
    return result;
  }
  const xmlNode* body = body_of(doc.get());
  if (body == nullptr) return result;
  MarkdownWriter writer(links, result);
  result.markdown = writer.blocks(body->children);
  return result;
}

// What a reader sees of a node as text: scripts and styles are not text, and block
// elements stand apart ("<p>a</p><p>b</p>" is "a b" once collapsed).
void visible_text(const xmlNode* n, std::string& out) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content) out += reinterpret_cast<const char*>(c->content);
      continue;
    }
    if (c->type != XML_ELEMENT_NODE) continue;
    std::string name = name_of(c);
    if (name == "script" || name == "style" || name == "template" || name == "noscript") continue;
    static const std::set<std::string> blocks = {"p",  "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                                                 "tr", "td",  "th", "ul", "ol", "blockquote", "pre", "table",
                                                 "figure", "figcaption", "section", "article", "header", "footer", "hr"};
    bool block = blocks.count(name) > 0;
    if (block) out += ' ';
    visible_text(c, out);
    if (block) out += ' ';
  }
}

std::string html_to_text(std::string_view html) {
  if (html.find_first_of("<&") == std::string_view::npos) {
    std::string s = collapse(html);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    if (!s.empty() && s.front() == ' ') s.erase(0, 1);
    return s;
  }
  auto doc = parse_html(drop_block_comments(html));
  if (!doc) return {};
  const xmlNode* body = body_of(doc.get());
  std::string text;
  if (body) visible_text(body, text);
  std::string s = collapse(text);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  if (!s.empty() && s.front() == ' ') s.erase(0, 1);
  return s;
}

}  // namespace qalam::ingest
