#include "ingest/ghost_reader.h"

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <set>

#include "ingest/ghost_content.h"
#include "render/mustache/template.h"

namespace qalam::ingest {
namespace json = boost::json;
namespace {

constexpr int64_t attachment_ids = 1'000'000'000'000;  // feature images' made-up attachment ids

std::string str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return {};
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_int64()) return std::to_string(v->get_int64());
  return {};
}

bool truthy(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return false;
  if (v->is_bool()) return v->get_bool();
  if (v->is_int64()) return v->get_int64() != 0;
  return false;
}

const json::array* array_of(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_array() ? &v->get_array() : nullptr;
}

std::string without_placeholder(std::string s) {
  constexpr std::string_view placeholder = "__GHOST_URL__";
  for (size_t at; (at = s.find(placeholder)) != std::string::npos;) s.erase(at, placeholder.size());
  return s;
}

std::string escape(std::string_view s) {
  std::string out;
  render::mustache::append_html_escaped(out, s);
  return out;
}

// "2023-05-01T10:00:00.000Z" → "2023-05-01 10:00:00" (UTC, as WXR's post_date_gmt).
std::string wxr_date(const std::string& iso) {
  if (iso.size() < 19 || iso[10] != 'T') return "0000-00-00 00:00:00";
  return iso.substr(0, 10) + " " + iso.substr(11, 8);
}

// A line number for a byte offset, for a JSON error.
size_t line_at(std::string_view text, size_t offset) {
  return 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(std::min(offset, text.size())), '\n'));
}

// The links of posts to tags or authors, in their order: post id → ids.
std::map<std::string, std::vector<std::string>> links(const json::object& data, std::string_view table, std::string_view to) {
  std::vector<std::tuple<std::string, int64_t, size_t, std::string>> rows;
  if (const json::array* a = array_of(data, table)) {
    for (size_t i = 0; i < a->size(); ++i) {
      if (!(*a)[i].is_object()) continue;
      const json::object& r = (*a)[i].get_object();
      const json::value* order = r.if_contains("sort_order");
      rows.emplace_back(str(r, "post_id"), order != nullptr && order->is_int64() ? order->get_int64() : 0, i, str(r, to));
    }
  }
  std::sort(rows.begin(), rows.end());
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [post, order, i, id] : rows) out[post].push_back(id);
  return out;
}

}  // namespace

Result<WxrReadStats> read_ghost(const std::filesystem::path& file, const std::string& origin, WxrVisitor& visitor) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::invalid(origin + ": cannot read the file");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  json::stream_parser parser;
  boost::system::error_code ec;
  size_t used = parser.write(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    return Status::invalid(origin + ":" + std::to_string(line_at(text, used)) + ": not valid JSON (" + ec.message() + ")");
  }
  json::value doc = parser.release();
  text.clear();
  text.shrink_to_fit();
  // {"db": [{"meta", "data"}]} or {"meta", "data"}.
  const json::object* root = doc.if_object();
  if (root != nullptr && root->if_contains("db") && root->at("db").is_array() && !root->at("db").get_array().empty()) {
    root = root->at("db").get_array()[0].if_object();
  }
  const json::object* data = root != nullptr && root->if_contains("data") ? root->at("data").if_object() : nullptr;
  if (data == nullptr || array_of(*data, "posts") == nullptr) {
    return Status::invalid(origin + ": not a Ghost export: it has no db[0].data.posts");
  }
  std::string version;
  if (const json::value* meta = root->if_contains("meta"); meta != nullptr && meta->is_object()) {
    version = str(meta->get_object(), "version");
  }

  WxrChannel channel;
  channel.version = "1.2";
  channel.title = "Ghost " + version;
  if (const json::array* settings = array_of(*data, "settings")) {
    for (const json::value& s : *settings) {
      if (!s.is_object()) continue;
      if (str(s.get_object(), "key") == "locale") channel.language = str(s.get_object(), "value");
      if (str(s.get_object(), "key") == "title") channel.title = str(s.get_object(), "value");
    }
  }
  QALAM_RETURN_IF_ERROR(visitor.channel(channel));

  std::map<std::string, std::string> user_slugs;  // id → slug
  if (const json::array* users = array_of(*data, "users")) {
    for (const json::value& u : *users) {
      if (!u.is_object()) continue;
      WxrAuthor a;
      a.login = str(u.get_object(), "slug");
      a.display_name = str(u.get_object(), "name");
      a.email = str(u.get_object(), "email");
      user_slugs[str(u.get_object(), "id")] = a.login;
      QALAM_RETURN_IF_ERROR(visitor.author(a));
    }
  }
  struct TagInfo {
    std::string slug, name;
  };
  std::map<std::string, TagInfo> tags;  // id → tag (public ones)
  if (const json::array* list = array_of(*data, "tags")) {
    for (const json::value& t : *list) {
      if (!t.is_object()) continue;
      const json::object& o = t.get_object();
      std::string name = str(o, "name");
      if (str(o, "visibility") == "internal" || name.starts_with("#")) continue;  // Ghost's internal tags
      tags[str(o, "id")] = {str(o, "slug"), name};
      QALAM_RETURN_IF_ERROR(visitor.term({0, 0, "post_tag", str(o, "slug"), name, "", str(o, "description")}));
    }
  }
  std::map<std::string, const json::object*> posts_meta;
  if (const json::array* list = array_of(*data, "posts_meta")) {
    for (const json::value& m : *list) {
      if (m.is_object()) posts_meta[str(m.get_object(), "post_id")] = &m.get_object();
    }
  }
  auto post_tags = links(*data, "posts_tags", "tag_id");
  auto post_authors = links(*data, "posts_authors", "author_id");

  WxrReadStats stats;
  const json::array& posts = *array_of(*data, "posts");
  for (size_t i = 0; i < posts.size(); ++i) {
    if (!posts[i].is_object()) continue;
    const json::object& p = posts[i].get_object();
    std::string id = str(p, "id");
    const json::object* meta = posts_meta.contains(id) ? posts_meta[id] : nullptr;
    WxrItem item;
    item.id = static_cast<int64_t>(i) + 1;
    item.title = escape(str(p, "title"));
    item.slug = str(p, "slug");
    item.link = "/" + item.slug + "/";
    std::string type = str(p, "type");
    if (type.empty()) type = truthy(p, "page") ? "page" : "post";  // Ghost before 2.x
    item.type = type;
    std::string status = str(p, "status");
    std::string visibility = str(p, "visibility");
    item.status = status == "published" ? "publish" : status == "scheduled" ? "future" : status == "sent" ? "private" : "draft";
    if (!visibility.empty() && visibility != "public") item.status = "private";  // members-only content stays in the newsroom
    item.date_gmt = wxr_date(str(p, "published_at").empty() ? str(p, "created_at") : str(p, "published_at"));
    item.date = item.date_gmt;
    item.sticky = truthy(p, "featured");
    item.excerpt = escape(str(p, "custom_excerpt"));
    // The content as Ghost publishes it.
    std::optional<GhostHtml> html;
    if (std::string lexical = str(p, "lexical"); !lexical.empty()) html = lexical_to_html(lexical);
    if (!html) {
      if (std::string mobiledoc = str(p, "mobiledoc"); !mobiledoc.empty()) html = mobiledoc_to_html(mobiledoc);
    }
    item.content = without_placeholder(html ? html->html : str(p, "html"));
    if (meta != nullptr && !str(*meta, "meta_description").empty()) {
      item.meta.emplace_back("_yoast_wpseo_metadesc", str(*meta, "meta_description"));
    } else if (!str(p, "meta_description").empty()) {
      item.meta.emplace_back("_yoast_wpseo_metadesc", str(p, "meta_description"));
    }
    // Tags in their order: the first is the primary, the section.
    bool primary = true;
    for (const std::string& tag_id : post_tags[id]) {
      auto t = tags.find(tag_id);
      if (t == tags.end()) continue;
      if (primary) item.terms.push_back({"category", t->second.slug, t->second.name});
      primary = false;
      item.terms.push_back({"post_tag", t->second.slug, t->second.name});
    }
    for (const std::string& author_id : post_authors[id]) {
      auto u = user_slugs.find(author_id);
      if (u == user_slugs.end()) continue;
      item.terms.push_back({"author", u->second, u->second});
      if (item.creator.empty()) item.creator = u->second;
    }
    if (item.creator.empty()) {
      auto u = user_slugs.find(str(p, "author_id"));  // Ghost before 1.x
      if (u != user_slugs.end()) item.creator = u->second;
    }
    // The feature image, as an attachment of its own.
    if (std::string image = without_placeholder(str(p, "feature_image")); !image.empty()) {
      WxrItem attachment;
      attachment.id = attachment_ids + item.id;
      attachment.type = "attachment";
      attachment.status = "inherit";
      attachment.parent = item.id;
      attachment.attachment_url = image;
      if (meta != nullptr) {
        attachment.meta.emplace_back("_wp_attachment_image_alt", str(*meta, "feature_image_alt"));
        attachment.excerpt = str(*meta, "feature_image_caption");
      }
      ++stats.items;
      QALAM_RETURN_IF_ERROR(visitor.item(attachment));
      item.meta.emplace_back("_thumbnail_id", std::to_string(attachment.id));
    }
    ++stats.items;
    QALAM_RETURN_IF_ERROR(visitor.item(item));
  }
  return stats;
}

}  // namespace qalam::ingest
