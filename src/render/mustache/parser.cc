// Compilation runs in three passes over the source:
//  1. tokenize: text (split after each newline) and tags, applying delimiter changes;
//  2. standalone lines: a line holding only whitespace and one standalone-capable tag
//     (or one of the inheritance pairs the spec allows on a line) loses its whitespace
//     and newline, and partials, parents and blocks remember the indentation;
//  3. build the tree, then re-indent standalone blocks so their body is stored without
//     the indentation of its definition site (it is added back where it expands).
#include "render/mustache/parser.h"

#include <fmt/format.h>

#include <string>
#include <vector>

namespace qalam::render::mustache {
namespace {

// Sections, inverted sections, parents and blocks open inside one another at most this
// deep in one template.
constexpr size_t max_nesting = 100;


enum class TokenKind {
  text, variable, unescaped, section, inverted, close, comment, partial, parent, block, delimiters
};

struct Token {
  TokenKind kind = TokenKind::text;
  std::string content;  // literal text, or the tag's trimmed name
  size_t begin = 0;     // source offsets
  size_t end = 0;
  bool dynamic = false;
  bool line_start = false;
  bool removed = false;      // whitespace eaten by a standalone line
  bool standalone = false;
  std::string indent;
  TokenKind closes = TokenKind::text;  // close tags: the kind of tag they close
};

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

std::string_view trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool opens_scope(TokenKind k) {
  return k == TokenKind::section || k == TokenKind::inverted || k == TokenKind::parent ||
         k == TokenKind::block;
}

bool standalone_capable(TokenKind k) {
  return k != TokenKind::text && k != TokenKind::variable && k != TokenKind::unescaped;
}

class Compiler {
 public:
  Compiler(std::string_view source, std::string_view origin) : src_(source), origin_(origin) {}

  Result<std::vector<Node>> run() {
    QALAM_RETURN_IF_ERROR(tokenize());
    mark_closers();
    mark_standalone_lines();
    std::vector<Node> root;
    QALAM_RETURN_IF_ERROR(build(root));
    reindent_blocks(root, "");
    merge_text(root);
    return root;
  }

 private:
  Status error_at(size_t offset, std::string_view message) const {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < offset && i < src_.size(); ++i) {
      if (src_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return Status::invalid(fmt::format("{}:{}:{}: {}", origin_, line, column, message));
  }

  void add_text(size_t from, size_t to) {
    while (from < to) {
      size_t nl = src_.find('\n', from);
      size_t stop = (nl == std::string_view::npos || nl >= to) ? to : nl + 1;
      Token t;
      t.kind = TokenKind::text;
      t.content = std::string(src_.substr(from, stop - from));
      t.begin = from;
      t.end = stop;
      t.line_start = from == 0 || src_[from - 1] == '\n';
      tokens_.push_back(std::move(t));
      from = stop;
    }
  }

  Status tokenize() {
    std::string open = "{{", close = "}}";
    size_t pos = 0;
    while (pos < src_.size()) {
      size_t o = src_.find(open, pos);
      add_text(pos, o == std::string_view::npos ? src_.size() : o);
      if (o == std::string_view::npos) break;
      Token t;
      t.begin = o;
      size_t p = o + open.size();
      if (p < src_.size() && src_[p] == '{') {
        size_t c = src_.find("}" + close, p + 1);
        if (c == std::string_view::npos) return error_at(o, "unclosed tag: '{{{' without '}}}'");
        t.kind = TokenKind::unescaped;
        t.content = trim(src_.substr(p + 1, c - p - 1));
        t.end = c + 1 + close.size();
      } else if (p < src_.size() && src_[p] == '=') {
        size_t c = src_.find("=" + close, p + 1);
        if (c == std::string_view::npos) return error_at(o, "unclosed delimiter change");
        std::string_view spec = trim(src_.substr(p + 1, c - p - 1));
        size_t gap = spec.find_first_of(" \t");
        if (gap == std::string_view::npos) return error_at(o, "delimiter change needs two delimiters");
        std::string_view new_open = spec.substr(0, gap);
        std::string_view new_close = trim(spec.substr(gap));
        if (new_close.empty() || new_close.find_first_of(" \t=") != std::string_view::npos ||
            new_open.find('=') != std::string_view::npos) {
          return error_at(o, "bad delimiter change");
        }
        t.kind = TokenKind::delimiters;
        t.end = c + 1 + close.size();
        open = std::string(new_open);
        close = std::string(new_close);
      } else {
        size_t c = src_.find(close, p);
        if (c == std::string_view::npos) return error_at(o, "unclosed tag: '" + open + "' without '" + close + "'");
        std::string_view inner = trim(src_.substr(p, c - p));
        t.end = c + close.size();
        t.kind = TokenKind::variable;
        if (!inner.empty()) {
          switch (inner[0]) {
            case '#': t.kind = TokenKind::section; break;
            case '^': t.kind = TokenKind::inverted; break;
            case '/': t.kind = TokenKind::close; break;
            case '!': t.kind = TokenKind::comment; break;
            case '>': t.kind = TokenKind::partial; break;
            case '<': t.kind = TokenKind::parent; break;
            case '$': t.kind = TokenKind::block; break;
            case '&': t.kind = TokenKind::unescaped; break;
            default: break;
          }
          if (t.kind != TokenKind::variable) inner = trim(inner.substr(1));
        }
        if ((t.kind == TokenKind::partial || t.kind == TokenKind::parent) && !inner.empty() &&
            inner[0] == '*') {
          t.dynamic = true;
          inner = trim(inner.substr(1));
        }
        t.content = std::string(inner);
      }
      if (t.kind != TokenKind::comment && t.kind != TokenKind::delimiters) {
        if (t.content.empty()) return error_at(o, "empty tag");
        if (t.content.find_first_of(" \t\r\n") != std::string::npos) {
          return error_at(o, "tag name '" + t.content + "' contains whitespace");
        }
      }
      tokens_.push_back(std::move(t));
      pos = tokens_.back().end;
    }
    return Status::ok_status();
  }

  // Records, for each close tag, the kind of tag it closes (pairs on one line depend on it).
  void mark_closers() {
    std::vector<TokenKind> open;
    for (Token& t : tokens_) {
      if (opens_scope(t.kind)) open.push_back(t.kind);
      if (t.kind == TokenKind::close && !open.empty()) {
        t.closes = open.back();
        open.pop_back();
      }
    }
  }

  // Standalone-line pairs allowed by the inheritance module.
  bool is_pair(const Token& a, const Token& b) const {
    bool a_parent = a.kind == TokenKind::parent, a_block = a.kind == TokenKind::block;
    if ((a_parent || a_block) && b.kind == TokenKind::close && b.content == a.content) return true;
    if (a_parent && b.kind == TokenKind::block) return true;
    return a.kind == TokenKind::close && a.closes == TokenKind::block &&
           b.kind == TokenKind::close && b.closes == TokenKind::parent;
  }

  std::string indent_of_next_line(size_t offset) const {
    size_t nl = src_.find('\n', offset);
    if (nl == std::string_view::npos) return {};
    size_t b = nl + 1, e = b;
    while (e < src_.size() && (src_[e] == ' ' || src_[e] == '\t')) ++e;
    return std::string(src_.substr(b, e - b));
  }

  void mark_standalone_lines() {
    size_t i = 0;
    while (i < tokens_.size()) {
      size_t first = i;
      while (i < tokens_.size() &&
             !(tokens_[i].kind == TokenKind::text && tokens_[i].content.back() == '\n')) {
        ++i;
      }
      size_t last = i < tokens_.size() ? i : tokens_.size() - 1;  // inclusive
      i = last + 1;
      mark_line(first, last);
    }
  }

  void mark_line(size_t first, size_t last) {
    std::vector<size_t> tags;
    bool ok = true, after_tags = false;
    for (size_t k = first; k <= last && ok; ++k) {
      const Token& t = tokens_[k];
      if (t.kind == TokenKind::text) {
        if (!is_blank(t.content)) ok = false;
        if (!tags.empty()) after_tags = true;
      } else {
        if (after_tags || !standalone_capable(t.kind)) ok = false;
        tags.push_back(k);
      }
    }
    if (!ok || tags.empty() || tags.size() > 2) return;
    bool block_pair = false;
    if (tags.size() == 2) {
      const Token& a = tokens_[tags[0]];
      const Token& b = tokens_[tags[1]];
      if (!is_pair(a, b)) return;
      block_pair = a.kind == TokenKind::block && b.kind == TokenKind::close;
    }
    std::string leading;
    for (size_t k = first; k < tags.front(); ++k) {
      leading += tokens_[k].content;
      tokens_[k].removed = true;
    }
    for (size_t k = tags.back() + 1; k <= last; ++k) {
      Token& t = tokens_[k];
      if (block_pair) {
        // A block's open and close on one line keep the newline (spec: Standalone block).
        size_t nl = t.content.find('\n');
        if (nl != std::string::npos) {
          size_t cr = (nl > 0 && t.content[nl - 1] == '\r') ? nl - 1 : nl;
          t.content = t.content.substr(cr);
          t.line_start = false;
          continue;
        }
      }
      t.removed = true;
    }
    Token& head = tokens_[tags[0]];
    if (head.kind == TokenKind::partial || head.kind == TokenKind::parent) {
      head.standalone = true;
      head.indent = leading;
    }
    for (size_t k : tags) {
      Token& t = tokens_[k];
      if (t.kind != TokenKind::block) continue;
      t.standalone = true;
      t.indent = block_pair ? leading : indent_of_next_line(t.end);
    }
  }

  Status build(std::vector<Node>& root) {
    struct Frame {
      std::vector<Node>* nodes;
      const Token* opener;
    };
    std::vector<Frame> stack{{&root, nullptr}};
    for (const Token& t : tokens_) {
      if (t.removed) continue;
      std::vector<Node>& out = *stack.back().nodes;
      Node n;
      n.name = t.content;
      switch (t.kind) {
        case TokenKind::comment:
        case TokenKind::delimiters:
          continue;
        case TokenKind::text:
          n.kind = NodeKind::text;
          n.line_start = t.line_start;
          out.push_back(std::move(n));
          continue;
        case TokenKind::variable:
        case TokenKind::unescaped:
          n.kind = NodeKind::variable;
          n.escape = t.kind == TokenKind::variable;
          n.path = split_path(t.content);
          out.push_back(std::move(n));
          continue;
        case TokenKind::partial:
          n.kind = NodeKind::partial;
          n.dynamic = t.dynamic;
          n.standalone = t.standalone;
          n.indent = t.indent;
          if (t.dynamic) n.path = split_path(t.content);
          out.push_back(std::move(n));
          continue;
        case TokenKind::section:
        case TokenKind::inverted:
        case TokenKind::parent:
        case TokenKind::block:
          n.kind = t.kind == TokenKind::section    ? NodeKind::section
                   : t.kind == TokenKind::inverted ? NodeKind::inverted
                   : t.kind == TokenKind::parent   ? NodeKind::parent
                                                   : NodeKind::block;
          n.path = split_path(t.content);
          n.dynamic = t.dynamic;
          n.standalone = t.standalone;
          n.indent = t.indent;
          out.push_back(std::move(n));
          // Bounded, so that neither rendering nor freeing the tree recurses without end.
          if (stack.size() > max_nesting) {
            return error_at(t.begin, "sections nest deeper than " + std::to_string(max_nesting));
          }
          stack.push_back({&out.back().children, &t});
          continue;
        case TokenKind::close: {
          const Token* opener = stack.back().opener;
          if (opener == nullptr) {
            return error_at(t.begin, "closing tag '" + t.content + "' has no opening tag");
          }
          if (opener->content != t.content) {
            return error_at(t.begin, "closing tag '" + t.content + "' does not match '" +
                                         opener->content + "' opened at " + where(opener->begin));
          }
          stack.pop_back();
          std::vector<Node>& parent_nodes = *stack.back().nodes;
          if (parent_nodes.back().kind == NodeKind::parent) {
            // Inside a parent tag only block arguments matter; other text is ignored.
            auto& kids = parent_nodes.back().children;
            std::erase_if(kids, [](const Node& k) { return k.kind != NodeKind::block; });
          }
          continue;
        }
      }
    }
    if (stack.size() > 1) {
      const Token* opener = stack.back().opener;
      return error_at(opener->begin, "section '" + opener->content + "' is never closed");
    }
    return Status::ok_status();
  }

  std::string where(size_t offset) const {
    std::string full = error_at(offset, "").message();
    full = full.substr(origin_.size() + 1);
    return full.substr(0, full.size() - 2);
  }

  static std::vector<std::string> split_path(const std::string& name) {
    std::vector<std::string> parts;
    if (name == ".") return parts;
    size_t start = 0;
    while (true) {
      size_t dot = name.find('.', start);
      parts.push_back(name.substr(start, dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    return parts;
  }

  static std::string strip_prefix(const std::string& s, const std::string& prefix) {
    size_t n = 0;
    while (n < s.size() && n < prefix.size() && s[n] == prefix[n]) ++n;
    return s.substr(n);
  }

  // Standalone blocks store their body without the indentation of their definition;
  // their own indent becomes relative to the enclosing standalone block.
  static void reindent_blocks(std::vector<Node>& nodes, const std::string& enclosing) {
    for (Node& n : nodes) {
      if (n.kind == NodeKind::block && n.standalone) {
        std::string raw = n.indent;
        n.indent = strip_prefix(raw, enclosing);
        dedent(n.children, raw);
        reindent_blocks(n.children, raw);
      } else {
        reindent_blocks(n.children, enclosing);
      }
    }
  }

  static void dedent(std::vector<Node>& nodes, const std::string& raw) {
    for (Node& n : nodes) {
      if (n.kind == NodeKind::text && n.line_start) n.name = strip_prefix(n.name, raw);
      if (n.kind == NodeKind::block && n.standalone) continue;
      dedent(n.children, raw);
    }
  }

  static void merge_text(std::vector<Node>& nodes) {
    std::vector<Node> merged;
    for (Node& n : nodes) {
      merge_text(n.children);
      if (n.kind == NodeKind::text && n.name.empty()) continue;
      if (n.kind == NodeKind::text && !merged.empty() && merged.back().kind == NodeKind::text) {
        merged.back().name += n.name;
      } else {
        merged.push_back(std::move(n));
      }
    }
    nodes = std::move(merged);
  }

  std::string_view src_;
  std::string origin_;
  std::vector<Token> tokens_;
};

}  // namespace

Result<CompiledTemplate> compile_template(std::string_view name, std::string_view source,
                                          std::string_view origin) {
  Compiler compiler(source, origin.empty() ? name : origin);
  auto root = compiler.run();
  if (!root.ok()) return root.status();
  return CompiledTemplate{std::string(name), std::move(root).value()};
}

}  // namespace qalam::render::mustache
