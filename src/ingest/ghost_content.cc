#include "ingest/ghost_content.h"

#include <boost/json.hpp>
#include <vector>

#include "render/markdown.h"
#include "render/mustache/template.h"

namespace qalam::ingest {
namespace json = boost::json;
namespace {

std::string escape(std::string_view s) {
  std::string out;
  render::mustache::append_html_escaped(out, s);
  return out;
}

std::string text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

int64_t number(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_int64() ? v->get_int64() : 0;
}

std::optional<json::value> parse(std::string_view s) {
  boost::system::error_code ec;
  json::value v = json::parse(s, ec);
  if (ec) return std::nullopt;
  return v;
}

std::string link_paragraph(const std::string& url, const std::string& shown) {
  if (url.empty()) return {};
  return "<p><a href=\"" + escape(url) + "\">" + escape(shown.empty() ? url : shown) + "</a></p>";
}

std::string figure(const std::string& src, const std::string& alt, const std::string& caption_html) {
  if (src.empty()) return {};
  std::string out = "<figure><img src=\"" + escape(src) + "\" alt=\"" + escape(alt) + "\">";
  if (!caption_html.empty()) out += "<figcaption>" + caption_html + "</figcaption>";
  return out + "</figure>";
}

// The cards Lexical and Mobiledoc share (their payloads are alike).
std::string card(const std::string& name, const json::object& p, GhostHtml& out) {
  if (name == "image") return figure(text(p, "src"), text(p, "alt"), text(p, "caption"));
  if (name == "gallery") {
    std::string html;
    if (const json::value* images = p.if_contains("images"); images != nullptr && images->is_array()) {
      for (const json::value& i : images->get_array()) {
        if (i.is_object()) html += figure(text(i.get_object(), "src"), text(i.get_object(), "alt"), text(i.get_object(), "caption"));
      }
    }
    if (!text(p, "caption").empty()) html += "<p><em>" + text(p, "caption") + "</em></p>";
    return html;
  }
  if (name == "codeblock" || name == "code") {
    std::string language = text(p, "language");
    return "<pre><code" + (language.empty() ? std::string() : " class=\"language-" + escape(language) + "\"") + ">" +
           escape(text(p, "code")) + "</code></pre>";
  }
  if (name == "markdown" || name == "card-markdown") return render::markdown_to_html(text(p, "markdown"));
  if (name == "html") return text(p, "html");
  if (name == "horizontalrule" || name == "hr") return "<hr>";
  if (name == "embed") return link_paragraph(text(p, "url"), "");
  if (name == "bookmark") {
    std::string title;
    if (const json::value* m = p.if_contains("metadata"); m != nullptr && m->is_object()) title = text(m->get_object(), "title");
    return link_paragraph(text(p, "url"), title);
  }
  if (name == "video" || name == "audio" || name == "file") return link_paragraph(text(p, "src"), text(p, "fileName"));
  if (name == "callout") {
    return "<blockquote><p>" + escape(text(p, "calloutEmoji")) + " " + text(p, "calloutText") + "</p></blockquote>";
  }
  if (name == "toggle") return "<h4>" + text(p, "heading") + "</h4>" + text(p, "content");
  if (name == "header") {
    return "<h2>" + text(p, "header") + text(p, "heading") + "</h2>" +
           (text(p, "subheader").empty() && text(p, "subheading").empty()
                ? std::string()
                : "<p>" + text(p, "subheader") + text(p, "subheading") + "</p>");
  }
  ++out.dropped_cards[name];  // button, email, signup, paywall, product …
  return {};
}

// ---- Lexical ------------------------------------------------------------------------

class LexicalWriter {
 public:
  explicit LexicalWriter(GhostHtml& out) : out_(out) {}

  std::string children(const json::object& node) {
    std::string html;
    if (const json::value* c = node.if_contains("children"); c != nullptr && c->is_array()) {
      for (const json::value& child : c->get_array()) {
        if (child.is_object()) html += this->node(child.get_object());
      }
    }
    return html;
  }

  std::string node(const json::object& n) {
    std::string type = text(n, "type");
    if (type == "root") return children(n);
    if (type == "paragraph") return "<p>" + children(n) + "</p>";
    if (type == "heading" || type == "extended-heading") {
      std::string tag = text(n, "tag");
      if (tag.size() != 2 || tag[0] != 'h' || tag[1] < '1' || tag[1] > '6') tag = "h2";
      return "<" + tag + ">" + children(n) + "</" + tag + ">";
    }
    if (type == "quote" || type == "extended-quote" || type == "aside") return "<blockquote>" + children(n) + "</blockquote>";
    if (type == "list") {
      bool ordered = text(n, "listType") == "number";
      int64_t start = number(n, "start");
      std::string open = ordered ? (start > 1 ? "<ol start=\"" + std::to_string(start) + "\">" : "<ol>") : "<ul>";
      return open + children(n) + (ordered ? "</ol>" : "</ul>");
    }
    if (type == "listitem") return "<li>" + children(n) + "</li>";
    if (type == "text" || type == "extended-text") return formatted(n);
    if (type == "link" || type == "autolink") return "<a href=\"" + escape(text(n, "url")) + "\">" + children(n) + "</a>";
    if (type == "linebreak") return "<br>";
    if (type == "tab") return " ";
    // A node of another kind that holds text (a newer editor's wrapper): its text.
    if (!is_card(type) && n.if_contains("children")) return children(n);
    return card(type, n, out_);
  }

  static bool is_card(const std::string& type) {
    for (const char* c : {"image", "gallery", "codeblock", "markdown", "html", "horizontalrule", "embed", "bookmark",
                          "video", "audio", "file", "callout", "toggle", "header"}) {
      if (type == c) return true;
    }
    return false;
  }

 private:
  // A text node's format is a bit set: 1 bold, 2 italic, 4 strike-through, 8 underline,
  // 16 code, 32 subscript, 64 superscript.
  static std::string formatted(const json::object& n) {
    std::string html = escape(text(n, "text"));
    int64_t format = number(n, "format");
    if (format & 16) html = "<code>" + html + "</code>";
    if (format & 4) html = "<s>" + html + "</s>";
    if (format & 2) html = "<em>" + html + "</em>";
    if (format & 1) html = "<strong>" + html + "</strong>";
    return html;
  }

  GhostHtml& out_;
};

// ---- Mobiledoc ----------------------------------------------------------------------

class MobiledocWriter {
 public:
  MobiledocWriter(const json::object& doc, GhostHtml& out) : doc_(doc), out_(out) {}

  std::string run() {
    std::string html;
    const json::value* sections = doc_.if_contains("sections");
    if (sections == nullptr || !sections->is_array()) return html;
    for (const json::value& s : sections->get_array()) {
      if (!s.is_array() || s.get_array().empty() || !s.get_array()[0].is_int64()) continue;
      const json::array& section = s.get_array();
      switch (section[0].get_int64()) {
        case 1: {  // [1, tagName, markers]
          std::string tag = section.size() > 1 && section[1].is_string() ? std::string(section[1].get_string()) : "p";
          if (tag == "pull-quote" || tag == "aside") tag = "blockquote";
          if (tag != "p" && tag != "blockquote" && !(tag.size() == 2 && tag[0] == 'h')) tag = "p";
          html += "<" + tag + ">" + (section.size() > 2 ? markers(section[2]) : "") + "</" + tag + ">";
          break;
        }
        case 2:  // [2, src]
          if (section.size() > 1 && section[1].is_string()) html += figure(std::string(section[1].get_string()), "", "");
          break;
        case 3: {  // [3, "ul"|"ol", [markers, markers …]]
          std::string tag = section.size() > 1 && section[1] == "ol" ? "ol" : "ul";
          html += "<" + tag + ">";
          if (section.size() > 2 && section[2].is_array()) {
            for (const json::value& item : section[2].get_array()) html += "<li>" + markers(item) + "</li>";
          }
          html += "</" + tag + ">";
          break;
        }
        case 10: {  // [10, card index]
          const json::value* cards = doc_.if_contains("cards");
          if (section.size() < 2 || !section[1].is_int64() || cards == nullptr || !cards->is_array()) break;
          auto index = static_cast<size_t>(section[1].get_int64());
          if (index >= cards->get_array().size() || !cards->get_array()[index].is_array()) break;
          const json::array& c = cards->get_array()[index].get_array();
          if (c.size() < 2 || !c[0].is_string() || !c[1].is_object()) break;
          html += card(std::string(c[0].get_string()), c[1].get_object(), out_);
          break;
        }
        default:
          break;
      }
    }
    return html;
  }

 private:
  // [type (0 text, 1 atom), opened markups, how many close after, value] …
  std::string markers(const json::value& list) {
    std::string html;
    std::vector<std::string> open;
    if (!list.is_array()) return html;
    const json::value* markups = doc_.if_contains("markups");
    const json::value* atoms = doc_.if_contains("atoms");
    for (const json::value& m : list.get_array()) {
      if (!m.is_array() || m.get_array().size() < 4) continue;
      const json::array& marker = m.get_array();
      if (marker[1].is_array()) {
        for (const json::value& i : marker[1].get_array()) {
          if (!i.is_int64() || markups == nullptr || !markups->is_array()) continue;
          auto index = static_cast<size_t>(i.get_int64());
          if (index >= markups->get_array().size() || !markups->get_array()[index].is_array()) continue;
          const json::array& markup = markups->get_array()[index].get_array();
          if (markup.empty() || !markup[0].is_string()) continue;
          std::string tag(markup[0].get_string());
          std::string allowed[] = {"a", "b", "strong", "i", "em", "s", "code", "u", "sup", "sub"};
          if (std::find(std::begin(allowed), std::end(allowed), tag) == std::end(allowed)) tag = "span";
          std::string attrs;
          if (tag == "a" && markup.size() > 1 && markup[1].is_array()) {
            const json::array& a = markup[1].get_array();
            for (size_t k = 0; k + 1 < a.size(); k += 2) {
              if (a[k] == "href" && a[k + 1].is_string()) attrs = " href=\"" + escape(a[k + 1].get_string()) + "\"";
            }
          }
          html += "<" + tag + attrs + ">";
          open.push_back(tag);
        }
      }
      if (marker[0] == 0 && marker[3].is_string()) {
        html += escape(marker[3].get_string());
      } else if (marker[0] == 1 && marker[3].is_int64() && atoms != nullptr && atoms->is_array()) {
        auto index = static_cast<size_t>(marker[3].get_int64());
        if (index < atoms->get_array().size() && atoms->get_array()[index].is_array() &&
            !atoms->get_array()[index].get_array().empty() && atoms->get_array()[index].get_array()[0] == "soft-return") {
          html += "<br>";
        } else if (index < atoms->get_array().size() && atoms->get_array()[index].is_array() &&
                   atoms->get_array()[index].get_array().size() > 1 && atoms->get_array()[index].get_array()[1].is_string()) {
          html += escape(atoms->get_array()[index].get_array()[1].get_string());
        }
      }
      int64_t closed = marker[2].is_int64() ? marker[2].get_int64() : 0;
      for (int64_t k = 0; k < closed && !open.empty(); ++k) {
        html += "</" + open.back() + ">";
        open.pop_back();
      }
    }
    while (!open.empty()) {
      html += "</" + open.back() + ">";
      open.pop_back();
    }
    return html;
  }

  const json::object& doc_;
  GhostHtml& out_;
};

}  // namespace

std::optional<GhostHtml> lexical_to_html(std::string_view source) {
  auto doc = parse(source);
  if (!doc || !doc->is_object()) return std::nullopt;
  const json::value* root = doc->as_object().if_contains("root");
  if (root == nullptr || !root->is_object()) return std::nullopt;
  GhostHtml out;
  LexicalWriter writer(out);
  out.html = writer.node(root->get_object());
  return out;
}

std::optional<GhostHtml> mobiledoc_to_html(std::string_view source) {
  auto doc = parse(source);
  if (!doc || !doc->is_object() || !doc->as_object().if_contains("sections")) return std::nullopt;
  GhostHtml out;
  MobiledocWriter writer(doc->as_object(), out);
  out.html = writer.run();
  return out;
}

}  // namespace qalam::ingest
