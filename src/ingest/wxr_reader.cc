#include "ingest/wxr_reader.h"

#include <libxml/xmlreader.h>
#include <zlib.h>

#include <cstring>
#include <memory>

#include "core/text.h"

namespace qalam::ingest {

std::string WxrItem::meta_value(std::string_view key) const {
  for (const auto& [k, v] : meta) {
    if (k == key) return v;
  }
  return {};
}

namespace {

// The file's bytes as libxml2 reads them: gunzipped when compressed, with every '&'
// that starts no entity or character reference outside CDATA sections and comments
// written as "&amp;" (real exports carry raw query strings in <link>).
class RepairingInput {
 public:
  explicit RepairingInput(gzFile file) : file_(file) {}
  ~RepairingInput() { gzclose(file_); }
  RepairingInput(const RepairingInput&) = delete;
  RepairingInput& operator=(const RepairingInput&) = delete;

  // libxml2's xmlInputReadCallback: bytes written, 0 at the end, -1 on error.
  static int read(void* context, char* buffer, int length) {
    return static_cast<RepairingInput*>(context)->fill(buffer, static_cast<size_t>(length));
  }
  static int close(void*) { return 0; }

  size_t repaired() const { return repaired_; }
  size_t first_repaired_line() const { return first_repaired_line_; }
  bool failed() const { return failed_; }
  // Whether `line` is at the very end of the file (the last line, or the empty one after it).
  bool ends_at(size_t line) const { return eof_ && raw_at_ == raw_.size() && line + 1 >= line_; }

 private:
  static constexpr size_t lookahead = 40;  // the longest entity name we accept, and then some

  int fill(char* buffer, size_t length) {
    while (out_.size() - out_at_ < length && !(eof_ && raw_at_ == raw_.size())) {
      if (!eof_ && raw_.size() - raw_at_ < 4 * lookahead) {
        if (!more()) return -1;
        continue;
      }
      step();
    }
    size_t n = std::min(length, out_.size() - out_at_);
    std::memcpy(buffer, out_.data() + out_at_, n);
    out_at_ += n;
    if (out_at_ == out_.size()) {
      out_.clear();
      out_at_ = 0;
    }
    return static_cast<int>(n);
  }

  bool more() {
    raw_.erase(0, raw_at_);
    raw_at_ = 0;
    char chunk[65536];
    int n = gzread(file_, chunk, sizeof chunk);
    if (n < 0) {
      failed_ = true;
      return false;
    }
    if (n == 0) eof_ = true;
    raw_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  bool at(std::string_view marker) const { return std::string_view(raw_).substr(raw_at_).starts_with(marker); }

  // Whether the '&' at raw_at_ starts "&name;", "&#123;" or "&#x1F;".
  bool starts_reference() const {
    std::string_view rest = std::string_view(raw_).substr(raw_at_ + 1, lookahead);
    size_t i = 0;
    auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    auto is_hex = [&](char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
    auto is_name = [&](char c, bool first) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
             (!first && (is_digit(c) || c == '.' || c == '-'));
    };
    if (i < rest.size() && rest[i] == '#') {
      ++i;
      bool hex = i < rest.size() && rest[i] == 'x';
      if (hex) ++i;
      size_t digits = i;
      while (i < rest.size() && (hex ? is_hex(rest[i]) : is_digit(rest[i]))) ++i;
      return i > digits && i < rest.size() && rest[i] == ';';
    }
    while (i < rest.size() && is_name(rest[i], i == 0)) ++i;
    return i > 0 && i < rest.size() && rest[i] == ';';
  }

  void step() {
    char c = raw_[raw_at_];
    if (c == '\n') ++line_;
    if (state_ == State::cdata && c == ']' && at("]]>")) {
      state_ = State::text;
      out_ += "]]>";
      raw_at_ += 3;
      return;
    }
    if (state_ == State::comment && c == '-' && at("-->")) {
      state_ = State::text;
      out_ += "-->";
      raw_at_ += 3;
      return;
    }
    if (state_ == State::text && c == '<') {
      if (at("<![CDATA[")) {
        state_ = State::cdata;
        out_ += "<![CDATA[";
        raw_at_ += 9;
        return;
      }
      if (at("<!--")) {
        state_ = State::comment;
        out_ += "<!--";
        raw_at_ += 4;
        return;
      }
    }
    if (state_ == State::text && c == '&' && !starts_reference()) {
      out_ += "&amp;";
      if (repaired_++ == 0) first_repaired_line_ = line_;
      ++raw_at_;
      return;
    }
    out_ += c;
    ++raw_at_;
  }

  enum class State { text, cdata, comment };
  gzFile file_;
  std::string raw_;
  size_t raw_at_ = 0;
  std::string out_;
  size_t out_at_ = 0;
  bool eof_ = false;
  bool failed_ = false;
  State state_ = State::text;
  size_t line_ = 1;
  size_t repaired_ = 0;
  size_t first_repaired_line_ = 0;
};

// The namespaces a WXR file uses, by URI.
enum class Ns { none, wp, excerpt, content, dc, other };

Ns namespace_of(const xmlChar* uri) {
  if (uri == nullptr || *uri == 0) return Ns::none;
  std::string_view u(reinterpret_cast<const char*>(uri));
  if (u == "http://purl.org/rss/1.0/modules/content/") return Ns::content;
  if (u == "http://purl.org/dc/elements/1.1/") return Ns::dc;
  // WordPress.com writes https://.
  for (std::string_view wp : {"http://wordpress.org/export/1.", "https://wordpress.org/export/1."}) {
    if (!u.starts_with(wp)) continue;
    std::string_view rest = u.substr(wp.size());  // "2/" or "2/excerpt/"
    size_t digits = 0;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
    if (digits > 0 && rest.substr(digits) == "/") return Ns::wp;
    if (digits > 0 && rest.substr(digits) == "/excerpt/") return Ns::excerpt;
  }
  return Ns::other;
}

struct Element {
  Ns ns = Ns::other;
  std::string name;
  size_t line = 0;
  bool is(Ns n, std::string_view local) const { return ns == n && name == local; }
};

// The first error that stopped the parser, and the first it read past (a namespace
// URI that is not a URI, say).
struct XmlErrors {
  std::string fatal;
  size_t fatal_line = 0;
  std::string recoverable;
  size_t recoverable_line = 0;
  size_t recoverable_count = 0;
};

void remember_error(void* context, xmlErrorPtr error) {
  auto* seen = static_cast<XmlErrors*>(context);
  if (error == nullptr || error->level < XML_ERR_ERROR) return;
  std::string message = error->message != nullptr ? error->message : "XML error";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  size_t line = error->line > 0 ? static_cast<size_t>(error->line) : 0;
  if (error->level == XML_ERR_FATAL) {
    if (seen->fatal.empty()) {
      seen->fatal = message;
      seen->fatal_line = line;
    }
  } else if (seen->recoverable_count++ == 0) {
    seen->recoverable = message;
    seen->recoverable_line = line;
  }
}

int64_t number(const std::string& text) { return parse_int(text).value_or(0); }

class Walker {
 public:
  Walker(xmlTextReaderPtr reader, const std::string& origin, WxrVisitor& visitor)
      : reader_(reader), origin_(origin), visitor_(visitor) {}

  Status run() {
    int r = 0;
    while ((r = xmlTextReaderRead(reader_)) == 1) {
      int type = xmlTextReaderNodeType(reader_);
      if (type == XML_READER_TYPE_ELEMENT) {
        bool empty = xmlTextReaderIsEmptyElement(reader_) != 0;
        QALAM_RETURN_IF_ERROR(open());
        if (empty) QALAM_RETURN_IF_ERROR(close());
      } else if (type == XML_READER_TYPE_END_ELEMENT) {
        QALAM_RETURN_IF_ERROR(close());
      } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                 type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
        if (const xmlChar* v = xmlTextReaderConstValue(reader_)) text_ += reinterpret_cast<const char*>(v);
      }
    }
    if (r < 0) return Status::invalid("");  // the caller reports libxml2's error
    if (!seen_root_) return error(1, "the file holds no XML elements; it is not a WordPress export (WXR)");
    if (!channel_sent_) QALAM_RETURN_IF_ERROR(send_channel(line()));
    return Status::ok_status();
  }

  size_t items() const { return items_; }

 private:
  // The line of the node the reader is on (the parser may be further on).
  size_t line() const {
    if (xmlNodePtr node = xmlTextReaderCurrentNode(reader_)) {
      long l = xmlGetLineNo(node);
      if (l > 0) return static_cast<size_t>(l);
    }
    return static_cast<size_t>(std::max(0, xmlTextReaderGetParserLineNumber(reader_)));
  }

 public:
  // The element left open when the file ended, as "<item> opened on line 9".
  std::string open_element() const {
    if (stack_.empty()) return {};
    return "<" + stack_.back().name + "> opened on line " + std::to_string(stack_.back().line);
  }

 private:

  Status error(size_t line, const std::string& text) const {
    return Status::invalid(origin_ + ":" + std::to_string(line) + ": " + text);
  }

  std::string attribute(const char* name) {
    xmlChar* v = xmlTextReaderGetAttribute(reader_, reinterpret_cast<const xmlChar*>(name));
    if (v == nullptr) return {};
    std::string s(reinterpret_cast<const char*>(v));
    xmlFree(v);
    return s;
  }

  Status open() {
    Element e{namespace_of(xmlTextReaderConstNamespaceUri(reader_)),
              reinterpret_cast<const char*>(xmlTextReaderConstLocalName(reader_)), line()};
    size_t depth = stack_.size();
    if (depth == 0) {
      seen_root_ = true;
      if (!e.is(Ns::none, "rss")) return error(line(), "the root element is <" + e.name + ">, not <rss>: this is not a WordPress export (WXR)");
    }
    text_.clear();
    bool top = depth == 2 && stack_[1].is(Ns::none, "channel");
    if (top && (e.is(Ns::none, "item") || e.is(Ns::wp, "author") || e.is(Ns::wp, "category") ||
                e.is(Ns::wp, "tag") || e.is(Ns::wp, "term"))) {
      if (!channel_sent_) QALAM_RETURN_IF_ERROR(send_channel(line()));
      group_line_ = line();
      if (e.name == "item") {
        item_ = WxrItem{};
        item_.line = group_line_;
      } else if (e.name == "author") {
        author_ = WxrAuthor{};
        author_.line = group_line_;
      } else {
        term_ = WxrTerm{};
        term_.line = group_line_;
        if (e.name == "category") term_.taxonomy = "category";
        if (e.name == "tag") term_.taxonomy = "post_tag";
      }
    }
    if (in_item() && depth == 3 && e.is(Ns::none, "category")) {
      pending_term_ = {attribute("domain"), attribute("nicename"), ""};
    }
    stack_.push_back(std::move(e));
    return Status::ok_status();
  }

  bool in_item() const { return stack_.size() >= 3 && stack_[2].is(Ns::none, "item"); }

  Status close() {
    if (stack_.empty()) return Status::ok_status();
    Element e = std::move(stack_.back());
    stack_.pop_back();
    size_t depth = stack_.size();
    const std::string& t = text_;
    if (depth == 2 && stack_[1].is(Ns::none, "channel")) {
      // A top-level part of the channel.
      if (e.is(Ns::none, "item")) {
        ++items_;
        return visitor_.item(item_);
      }
      if (e.is(Ns::wp, "author")) return visitor_.author(author_);
      if (e.is(Ns::wp, "category") || e.is(Ns::wp, "tag") || e.is(Ns::wp, "term")) return visitor_.term(term_);
      if (e.is(Ns::none, "title")) channel_.title = t;
      if (e.is(Ns::none, "link")) channel_.link = trim(t);
      if (e.is(Ns::none, "language")) channel_.language = trim(t);
      if (e.is(Ns::wp, "wxr_version")) channel_.version = trim(t);
      if (e.is(Ns::wp, "base_site_url")) channel_.base_site_url = trim(t);
      if (e.is(Ns::wp, "base_blog_url")) channel_.base_blog_url = trim(t);
      return Status::ok_status();
    }
    if (depth == 3 && stack_[2].is(Ns::none, "item")) {
      item_field(e, t);
    } else if (depth == 4 && stack_[2].is(Ns::none, "item") && stack_[3].is(Ns::wp, "postmeta")) {
      if (e.is(Ns::wp, "meta_key")) meta_key_ = t;
      if (e.is(Ns::wp, "meta_value")) item_.meta.emplace_back(std::move(meta_key_), t);
    } else if (depth == 3 && stack_[2].is(Ns::wp, "author")) {
      if (e.ns != Ns::wp) return Status::ok_status();
      if (e.name == "author_id") author_.id = number(t);
      if (e.name == "author_login") author_.login = trim(t);
      if (e.name == "author_email") author_.email = trim(t);
      if (e.name == "author_display_name") author_.display_name = t;
      if (e.name == "author_first_name") author_.first_name = t;
      if (e.name == "author_last_name") author_.last_name = t;
    } else if (depth == 3 && stack_[2].ns == Ns::wp &&
               (stack_[2].name == "category" || stack_[2].name == "tag" || stack_[2].name == "term")) {
      if (e.ns != Ns::wp) return Status::ok_status();
      if (e.name == "term_id") term_.id = number(t);
      if (e.name == "term_taxonomy") term_.taxonomy = trim(t);
      if (e.name == "category_nicename" || e.name == "tag_slug" || e.name == "term_slug") term_.slug = trim(t);
      if (e.name == "cat_name" || e.name == "tag_name" || e.name == "term_name") term_.name = t;
      if (e.name == "category_parent" || e.name == "term_parent") term_.parent = trim(t);
      if (e.name == "category_description" || e.name == "tag_description" || e.name == "term_description") {
        term_.description = t;
      }
    }
    return Status::ok_status();
  }

  void item_field(const Element& e, const std::string& t) {
    if (e.ns == Ns::none) {
      if (e.name == "title") item_.title = t;
      if (e.name == "link") item_.link = trim(t);
      if (e.name == "guid") item_.guid = trim(t);
      if (e.name == "category") {
        pending_term_.name = t;
        item_.terms.push_back(std::move(pending_term_));
      }
    } else if (e.ns == Ns::content && e.name == "encoded") {
      item_.content = t;
    } else if (e.ns == Ns::excerpt && e.name == "encoded") {
      item_.excerpt = t;
    } else if (e.ns == Ns::dc && e.name == "creator") {
      item_.creator = trim(t);
    } else if (e.ns == Ns::wp) {
      if (e.name == "post_id") item_.id = number(t);
      if (e.name == "post_parent") item_.parent = number(t);
      if (e.name == "post_name") item_.slug = trim(t);
      if (e.name == "status") item_.status = trim(t);
      if (e.name == "post_type") item_.type = trim(t);
      if (e.name == "post_date") item_.date = trim(t);
      if (e.name == "post_date_gmt") item_.date_gmt = trim(t);
      if (e.name == "post_password") item_.password = t;
      if (e.name == "attachment_url") item_.attachment_url = trim(t);
      if (e.name == "is_sticky") item_.sticky = trim(t) == "1";
      if (e.name == "comment") ++item_.comments;
    }
  }

  Status send_channel(size_t at) {
    channel_sent_ = true;
    if (channel_.version.empty()) {
      return error(at, "no <wp:wxr_version> before the content: this is not a WordPress export (WXR)");
    }
    if (channel_.version != "1.0" && channel_.version != "1.1" && channel_.version != "1.2") {
      return error(at, "WXR version '" + channel_.version + "' is not one this importer reads (1.0, 1.1, 1.2)");
    }
    return visitor_.channel(channel_);
  }

  static std::string trim(std::string_view s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    size_t e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
  }

  xmlTextReaderPtr reader_;
  const std::string& origin_;
  WxrVisitor& visitor_;
  std::vector<Element> stack_;
  std::string text_;
  WxrChannel channel_;
  bool channel_sent_ = false;
  bool seen_root_ = false;
  size_t group_line_ = 0;
  WxrItem item_;
  WxrAuthor author_;
  WxrTerm term_;
  WxrItem::Term pending_term_;
  std::string meta_key_;
  size_t items_ = 0;
};

}  // namespace

Result<WxrReadStats> read_wxr(const std::filesystem::path& file, const std::string& origin, WxrVisitor& visitor) {
  gzFile gz = gzopen(file.c_str(), "rb");
  if (gz == nullptr) return Status::invalid(origin + ": cannot read the file");
  gzbuffer(gz, 1 << 16);
  RepairingInput input(gz);
  // No network, no DTD, no entity expansion beyond XML's five: a file can name nothing else.
  int options = XML_PARSE_NONET;
  std::unique_ptr<xmlTextReader, void (*)(xmlTextReaderPtr)> reader(
      xmlReaderForIO(&RepairingInput::read, &RepairingInput::close, &input, origin.c_str(), nullptr, options),
      xmlFreeTextReader);
  if (!reader) return Status::internal(origin + ": cannot start the XML reader");
  XmlErrors errors;
  xmlTextReaderSetStructuredErrorHandler(reader.get(), &remember_error, &errors);
  Walker walker(reader.get(), origin, visitor);
  Status s = walker.run();
  if (input.failed()) return Status::invalid(origin + ": the file cannot be read (a damaged .gz?)");
  if (!errors.fatal.empty() && input.ends_at(errors.fatal_line) && !walker.open_element().empty()) {
    return Status::invalid(origin + ":" + std::to_string(errors.fatal_line) + ": the file ends before " +
                           walker.open_element() + " is closed (was it cut short?)");
  }
  if (!errors.fatal.empty()) {
    return Status::invalid(origin + ":" + std::to_string(errors.fatal_line) + ": not well-formed XML: " + errors.fatal);
  }
  if (!s.ok()) {
    if (s.message().empty()) return Status::invalid(origin + ": not well-formed XML");
    return s;
  }
  WxrReadStats stats{walker.items(), input.repaired(), input.first_repaired_line()};
  if (errors.recoverable_count > 0) {
    stats.xml_warnings = errors.recoverable_count;
    stats.first_xml_warning_line = errors.recoverable_line;
    stats.first_xml_warning = errors.recoverable;
  }
  return stats;
}

}  // namespace qalam::ingest
