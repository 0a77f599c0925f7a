// Renders a compiled tree. Indentation of standalone partials, parents and blocks is
// applied lazily: after a newline from template text the next output on that line is
// preceded by the current indent, so interpolated values are never re-indented.
#include <boost/json.hpp>
#include <charconv>
#include <fstream>
#include <sstream>

#include "render/escape.h"
#include "render/mustache/node.h"
#include "render/mustache/parser.h"
#include "render/mustache/template.h"

namespace qalam::render::mustache {
namespace json = boost::json;

void append_html_escaped(std::string& out, std::string_view text) {
  static constexpr EscapeTable html = markup_escapes("&#39;");
  append_escaped(out, text, html);
}

namespace {

constexpr int max_depth = 200;  // render levels: nested sections, partials, parents, blocks

bool truthy(const json::value* v) {
  if (v == nullptr || v->is_null()) return false;
  if (v->is_bool()) return v->get_bool();
  if (v->is_array()) return !v->get_array().empty();
  if (v->is_string()) return !v->get_string().empty();
  return true;
}

class Renderer {
 public:
  Renderer(const TemplateSet& set, std::string& out) : set_(set), out_(out) {}

  Status run(const CompiledTemplate& t, const json::value& data, const json::value* outer) {
    if (outer != nullptr) stack_.push_back(outer);
    stack_.push_back(&data);
    render(t.root, nullptr);
    return status_;
  }

 private:
  // The chain of parent tags being expanded; the outermost argument for a block wins.
  struct Args {
    const Args* outer;
    const Node* parent;
  };

  void render(const std::vector<Node>& nodes, const Args* args) {
    // Every way down — sections, partials, parents, blocks — counts: a template that
    // reaches itself again stops here, whichever way it loops.
    if (++depth_ > max_depth) {
      if (status_.ok()) status_ = Status::invalid("a template nests deeper than " + std::to_string(max_depth) + " levels");
      --depth_;
      return;
    }
    render_nodes(nodes, args);
    --depth_;
  }

  void render_nodes(const std::vector<Node>& nodes, const Args* args) {
    for (const Node& n : nodes) {
      if (!status_.ok()) return;
      switch (n.kind) {
        case NodeKind::text: write_text(n.name); break;
        case NodeKind::variable: write_value(lookup(n.path), n.escape); break;
        case NodeKind::section: section(n, args); break;
        case NodeKind::inverted:
          if (!truthy(lookup(n.path))) render(n.children, args);
          break;
        case NodeKind::partial: expand(n, args); break;
        case NodeKind::parent: {
          Args with{args, &n};
          expand(n, &with);
          break;
        }
        case NodeKind::block: block(n, args); break;
      }
    }
  }

  void section(const Node& n, const Args* args) {
    const json::value* v = lookup(n.path);
    if (!truthy(v)) return;
    if (v->is_array()) {
      for (const json::value& item : v->get_array()) {
        stack_.push_back(&item);
        render(n.children, args);
        stack_.pop_back();
      }
      return;
    }
    stack_.push_back(v);
    render(n.children, args);
    stack_.pop_back();
  }

  void expand(const Node& n, const Args* args) {
    std::string_view name = n.name;
    if (n.dynamic) {
      const json::value* v = lookup(n.path);
      if (v == nullptr || !v->is_string()) return;
      name = v->get_string();
    }
    const CompiledTemplate* t = set_.find(name);
    if (t == nullptr) return;
    with_indent(n, [&] { render(t->root, args); });
  }

  void block(const Node& n, const Args* args) {
    const Node* chosen = &n;
    for (const Args* a = args; a != nullptr; a = a->outer) {
      for (const Node& arg : a->parent->children) {
        if (arg.name == n.name) chosen = &arg;
      }
    }
    with_indent(n, [&] { render(chosen->children, args); });
  }

  template <typename F>
  void with_indent(const Node& n, F&& body) {
    if (!n.standalone) {
      body();
      return;
    }
    size_t saved = indent_.size();
    indent_ += n.indent;
    pending_ = true;
    body();
    indent_.resize(saved);
  }

  const json::value* lookup(const std::vector<std::string>& path) const {
    if (path.empty()) return stack_.back();
    const json::value* v = nullptr;
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (const json::object* o = (*it)->if_object()) {
        if ((v = o->if_contains(path[0])) != nullptr) break;
      }
    }
    for (size_t i = 1; v != nullptr && i < path.size(); ++i) {
      if (const json::array* a = v->if_array()) {
        // "list.0": an element by position, so templates can ask whether a list has items.
        size_t index = 0;
        auto [end, ec] = std::from_chars(path[i].data(), path[i].data() + path[i].size(), index);
        v = (ec == std::errc() && end == path[i].data() + path[i].size() && index < a->size()) ? &(*a)[index] : nullptr;
        continue;
      }
      const json::object* o = v->if_object();
      v = o ? o->if_contains(path[i]) : nullptr;
    }
    return v;
  }

  void write_text(std::string_view text) {
    if (indent_.empty()) {
      out_.append(text);
      if (!text.empty()) pending_ = text.back() == '\n';
      return;
    }
    size_t i = 0;
    while (i < text.size()) {
      if (pending_ && text[i] != '\n' && text[i] != '\r') out_.append(indent_);
      size_t nl = text.find('\n', i);
      if (nl == std::string_view::npos) {
        out_.append(text.substr(i));
        pending_ = false;
        return;
      }
      out_.append(text.substr(i, nl + 1 - i));
      pending_ = true;
      i = nl + 1;
    }
  }

  void write_value(const json::value* v, bool escape) {
    if (v == nullptr) return;
    char buf[64];
    std::string_view s;
    switch (v->kind()) {
      case json::kind::string: s = v->get_string(); break;
      case json::kind::int64: {
        auto r = std::to_chars(buf, buf + sizeof buf, v->get_int64());
        s = std::string_view(buf, r.ptr - buf);
        break;
      }
      case json::kind::uint64: {
        auto r = std::to_chars(buf, buf + sizeof buf, v->get_uint64());
        s = std::string_view(buf, r.ptr - buf);
        break;
      }
      case json::kind::double_: {
        auto r = std::to_chars(buf, buf + sizeof buf, v->get_double());
        s = std::string_view(buf, r.ptr - buf);
        break;
      }
      case json::kind::bool_: s = v->get_bool() ? "true" : "false"; break;
      default: return;
    }
    if (s.empty()) return;
    if (pending_ && !indent_.empty()) out_.append(indent_);
    pending_ = false;
    if (escape) {
      append_html_escaped(out_, s);
    } else {
      out_.append(s);
    }
  }

  const TemplateSet& set_;
  std::string& out_;
  std::vector<const json::value*> stack_;
  std::string indent_;
  bool pending_ = false;
  int depth_ = 0;
  Status status_;
};

}  // namespace

TemplateSet::TemplateSet() = default;
TemplateSet::~TemplateSet() = default;
TemplateSet::TemplateSet(TemplateSet&&) noexcept = default;
TemplateSet& TemplateSet::operator=(TemplateSet&&) noexcept = default;

Status TemplateSet::add(const std::string& name, std::string_view source, std::string_view origin) {
  auto compiled = compile_template(name, source, origin);
  if (!compiled.ok()) return compiled.status();
  templates_[name] = std::make_unique<CompiledTemplate>(std::move(compiled).value());
  return Status::ok_status();
}

bool TemplateSet::contains(std::string_view name) const { return find(name) != nullptr; }

const CompiledTemplate* TemplateSet::find(std::string_view name) const {
  auto it = templates_.find(name);
  return it == templates_.end() ? nullptr : it->second.get();
}

Status TemplateSet::render_to(std::string_view name, const json::value& data, std::string& out,
                               const json::value* outer) const {
  const CompiledTemplate* t = find(name);
  if (t == nullptr) return Status::not_found("no template named '" + std::string(name) + "'");
  Renderer renderer(*this, out);
  return renderer.run(*t, data, outer);
}

Result<std::string> TemplateSet::render(std::string_view name, const json::value& data) const {
  std::string out;
  QALAM_RETURN_IF_ERROR(render_to(name, data, out));
  return out;
}

Result<TemplateSet> load_template_dir(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::not_found("template directory " + dir.string() + " does not exist");
  TemplateSet set;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != ".mustache") continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (!in) return Status::unavailable("cannot read " + it->path().string());
    std::string name = fs::relative(it->path(), dir).replace_extension().generic_string();
    QALAM_RETURN_IF_ERROR(set.add(name, buffer.str(), it->path().string()));
  }
  if (ec) return Status::unavailable("cannot list " + dir.string() + ": " + ec.message());
  return set;
}

}  // namespace qalam::render::mustache
