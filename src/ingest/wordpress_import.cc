#include "ingest/wordpress_import.h"

#include <fmt/format.h>

#include <chrono>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/language.h"
#include "core/legacy_path.h"
#include "core/link_rule.h"
#include "core/text.h"
#include "core/time_format.h"
#include "ingest/wordpress_content.h"
#include "ingest/ghost_reader.h"
#include "ingest/wxr_reader.h"

namespace qalam::ingest {
namespace {

constexpr size_t listed_warnings = 200;

std::string article_path(std::string_view lang, std::string_view slug) {
  return "/" + std::string(lang) + "/articles/" + std::string(slug);
}
std::string archive_path(std::string_view lang, std::string_view kind, std::string_view slug) {
  return "/" + std::string(lang) + "/" + std::string(kind) + "/" + std::string(slug);
}

// Percent-decoded, a malformed escape kept as written.
std::string percent_decoded(std::string_view s) { return percent_decode(s).value_or(std::string(s)); }

// A WordPress slug as a Qalam slug: kept when it is one, else made from its letters.
std::string qalam_slug(std::string_view wp_slug, std::string_view fallback_text) {
  std::string decoded = percent_decoded(wp_slug);
  if (is_valid_slug(decoded) && decoded.size() <= 80) return decoded;
  std::string s = slugify(decoded);
  if (s.empty()) s = slugify(fallback_text);
  return s;
}

// "2010-10-16 20:53:18" (UTC) as a time; nullopt for WordPress's zero date.
std::optional<TimePoint> wp_time(std::string_view text) {
  if (text.size() < 19 || text.starts_with("0000")) return std::nullopt;
  std::string iso(text.substr(0, 10));
  iso += "T";
  iso.append(text.substr(11, 8));
  iso += "Z";
  auto t = parse_timestamp(iso);
  if (!t.ok()) return std::nullopt;
  return *t;
}

std::string host_of(std::string_view url) {
  for (std::string_view scheme : {"https://", "http://"}) {
    if (url.starts_with(scheme)) {
      url.remove_prefix(scheme.size());
      std::string host(url.substr(0, url.find_first_of("/?#")));
      for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (host.starts_with("www.")) host.erase(0, 4);
      return host;
    }
  }
  return {};
}

std::string path_of(std::string_view url) {
  for (std::string_view scheme : {"https://", "http://"}) {
    if (url.starts_with(scheme)) {
      url.remove_prefix(scheme.size());
      size_t slash = url.find('/');
      return slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
    }
  }
  return std::string(url);
}

// "/wp-content/uploads/2010/10/photo-300x200.jpg" → "/wp-content/uploads/2010/10/photo.jpg":
// WordPress's resized copies lead back to their original.
std::string without_size_suffix(const std::string& key) {
  size_t dot = key.rfind('.');
  size_t dash = key.rfind('-', dot);
  if (dot == std::string::npos || dash == std::string::npos || dash > dot) return key;
  std::string_view size = std::string_view(key).substr(dash + 1, dot - dash - 1);
  size_t x = size.find('x');
  if (x == std::string_view::npos || x == 0 || x + 1 == size.size()) return key;
  for (size_t i = 0; i < size.size(); ++i) {
    if (i != x && !std::isdigit(static_cast<unsigned char>(size[i]))) return key;
  }
  return key.substr(0, dash) + key.substr(dot);
}

std::string language_code(std::string_view raw) {
  std::string lang;
  for (char c : raw) {
    if (c == '-' || c == '_') break;
    lang += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lang;
}

struct FileInfo {
  std::string site_root;  // "https://old.example/blog"
  std::string host;
  std::string language;
};

struct Category {
  std::string name;
  std::string parent;
  int64_t id = 0;
};

struct AttachmentInfo {
  std::string url;
  std::string alt;
  std::string title;
  std::string caption;
  int64_t parent = 0;
  std::string where;  // FILE:LINE
};

// What the first pass decided for a post, small because a file may hold a million:
// its new slug, its language and a hash of its translation group (the second pass
// reads the group again from the item).
struct PlannedPost {
  uint64_t group_hash = 0;
  std::string slug;
  char lang[2] = {0, 0};
  std::string language() const { return std::string(lang, 2); }
};

// 64-bit FNV-1a: the first pass keeps hashes of old addresses and slugs, not the
// strings (two of 300,000 keys collide with a chance of about 1 in 400 million).
uint64_t hash_of(std::string_view s) {
  uint64_t h = 14695981039346656037ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

bool imported_status(std::string_view status) {
  return status == "publish" || status == "future" || status == "draft" || status == "pending" || status == "private";
}

class Importer {
 public:
  Importer(store::Store& store, const WordPressOptions& options, ImageSink* images)
      : store_(store), options_(options), images_(images) {}

  Result<WordPressReport> run() {
    auto started = std::chrono::steady_clock::now();
    QALAM_RETURN_IF_ERROR(check_options());
    checkpoint_key_ = options_.format == SourceFormat::ghost ? "ghost" : "wordpress";
    for (const auto& f : options_.files) checkpoint_key_ += "|" + std::filesystem::absolute(f.path).string();
    if (options_.resume) {
      auto saved = store_.import_checkpoint(checkpoint_key_);
      if (!saved.ok()) return saved.status();
      if (saved->has_value()) resume_at_ = parse_position(**saved);
    }
    // Pass 1: learn.
    for (size_t i = 0; i < options_.files.size(); ++i) {
      file_index_ = i;
      Survey survey(*this);
      auto read = read_file(i, survey);
      if (!read.ok()) return read.status();
      report_.repaired_ampersands += read->repaired_ampersands;
      if (read->repaired_ampersands > 0) {
        warn(options_.files[i].origin + ":" + std::to_string(read->first_repaired_line),
             fmt::format("{} bare '&' read as '&amp;' (not well-formed XML, as some exports are)", read->repaired_ampersands));
      }
      if (read->xml_warnings > 0) {
        warn(options_.files[i].origin + ":" + std::to_string(read->first_xml_warning_line),
             fmt::format("{} XML error(s) read past, the first: {}", read->xml_warnings, read->first_xml_warning));
      }
      total_items_ += read->items;
    }
    QALAM_RETURN_IF_ERROR(write_taxonomy());
    QALAM_RETURN_IF_ERROR(write_images());
    // Pass 2: write.
    for (size_t i = 0; i < options_.files.size(); ++i) {
      file_index_ = i;
      item_ordinal_ = 0;
      Writer writer(*this);
      auto read = read_file(i, writer);
      if (!read.ok()) return read.status();
      QALAM_RETURN_IF_ERROR(flush(true));
    }
    if (options_.on_progress) options_.on_progress(total_items_, total_items_);
    report_.items = total_items_;
    report_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return std::move(report_);
  }

 private:
  Result<WxrReadStats> read_file(size_t i, WxrVisitor& visitor) {
    const WordPressFile& f = options_.files[i];
    return options_.format == SourceFormat::ghost ? read_ghost(f.path, f.origin, visitor) : read_wxr(f.path, f.origin, visitor);
  }

  // ---- the first pass -------------------------------------------------------------

  class Survey final : public WxrVisitor {
   public:
    explicit Survey(Importer& in) : in_(in) {}
    Status channel(const WxrChannel& c) override { return in_.learn_channel(c); }
    Status author(const WxrAuthor& a) override {
      in_.learn_author(a.login, a.display_name.empty() ? a.login : a.display_name, a.id);
      return Status::ok_status();
    }
    Status term(const WxrTerm& t) override {
      in_.learn_term(t.taxonomy, t.slug, t.name, t.parent, t.id);
      return Status::ok_status();
    }
    Status item(const WxrItem& item) override { return in_.learn_item(item); }

   private:
    Importer& in_;
  };

  Status check_options() {
    if (options_.files.empty()) return Status::invalid("no file to import");
    if (!options_.language.empty() && !is_site_language(options_.language)) {
      return Status::invalid("--lang: '" + options_.language + "' is not one of az, en, ru");
    }
    if (!options_.uploads.empty() && !std::filesystem::is_directory(options_.uploads)) {
      return Status::invalid("--uploads: " + options_.uploads.string() + " is not a folder");
    }
    if (options_.batch_size == 0) return Status::invalid("the batch size must be at least 1");
    return Status::ok_status();
  }

  std::string origin() const { return options_.files[file_index_].origin; }
  std::string where(size_t line) const { return origin() + ":" + std::to_string(line); }

  void warn(const std::string& at, const std::string& text) {
    if (report_.warnings.size() < listed_warnings) report_.warnings.push_back(at + ": " + text);
    ++report_.warning_count;
  }
  void skip(const std::string& why) { ++report_.skipped[why]; }

  Status learn_channel(const WxrChannel& c) {
    FileInfo info;
    info.site_root = !c.base_blog_url.empty() ? c.base_blog_url : !c.link.empty() ? c.link : c.base_site_url;
    while (info.site_root.ends_with('/')) info.site_root.pop_back();
    info.host = host_of(info.site_root);
    info.language = language_code(c.language);
    if (info.language != "az" && info.language != "en" && info.language != "ru") info.language.clear();
    if (files_.size() <= file_index_) files_.resize(file_index_ + 1);
    files_[file_index_] = info;
    if (default_language_.empty()) default_language_ = default_language_for(info);
    return Status::ok_status();
  }

  const FileInfo& file() const { return files_[file_index_]; }

  void learn_author(const std::string& login, const std::string& name, int64_t id) {
    if (login.empty()) return;
    std::string slug = qalam_slug(login, name);
    if (slug.empty()) return;
    auto [it, fresh] = authors_.try_emplace(login, slug, name);
    if (!fresh && it->second.second == login && name != login) it->second.second = name;  // a better name
    if (id > 0) author_ids_[id] = login;
  }

  void learn_term(const std::string& taxonomy, const std::string& slug, const std::string& name,
                  const std::string& parent, int64_t id) {
    if (slug.empty()) return;
    std::string shown = html_to_text(name.empty() ? slug : name);
    if (taxonomy == "category") {
      auto [it, fresh] = categories_.try_emplace(slug, Category{shown, parent, id});
      if (!fresh && it->second.parent.empty()) it->second.parent = parent;
      if (id > 0) category_ids_[id] = slug;
    } else if (taxonomy == "post_tag") {
      tags_.try_emplace(slug, shown);
    }
  }

  std::string file_key(std::string_view url_or_path) const {
    // Only addresses of the old site itself.
    std::string host = host_of(url_or_path);
    if (!host.empty() && host != file().host) return {};
    if (host.empty() && !url_or_path.starts_with('/')) return {};
    return legacy_path_key(url_or_path);
  }

  Status learn_item(const WxrItem& item) {
    for (const auto& t : item.terms) {
      if (t.domain == "category" || t.domain == "post_tag") learn_term(t.domain, t.nicename, t.name, "", 0);
      if (t.domain == "author") learn_author(guest_login(t.nicename), t.name, 0);
    }
    if (item.type == "attachment") {
      AttachmentInfo a;
      a.url = item.attachment_url.empty() ? item.guid : item.attachment_url;
      a.alt = item.meta_value("_wp_attachment_image_alt");
      a.title = html_to_text(item.title);
      a.caption = html_to_text(item.excerpt);
      a.parent = item.parent;
      a.where = where(item.line);
      // Images may live on another host (a CDN, files.wordpress.com): known by path.
      if (!a.url.empty()) {
        std::string key = legacy_path_key(a.url);
        if (!key.empty()) attachment_keys_[key] = item.id;
      }
      attachments_[item.id] = std::move(a);
      if (item.parent > 0) attachments_of_[item.parent].push_back(item.id);
      return Status::ok_status();
    }
    if (item.type != "post" || !imported_status(item.status)) return Status::ok_status();
    if (!item.creator.empty()) learn_author(item.creator, item.creator, 0);
    std::string lang = language_of(item);
    if (lang.empty()) return Status::ok_status();  // reported in the second pass
    std::string group = group_of(item);
    std::string wanted = qalam_slug(item.slug, html_to_text(item.title));
    if (wanted.empty()) wanted = "post-" + std::to_string(item.id);
    auto index = static_cast<uint32_t>(plans_.size());
    auto slug = free_slug(lang, wanted, group, index);
    if (!slug.ok()) return slug.status();
    PlannedPost plan;
    plan.group_hash = hash_of(group);
    plan.slug = std::move(*slug);
    std::copy_n(lang.data(), 2, plan.lang);
    plans_.push_back(std::move(plan));
    for (const std::string& key : old_keys(item)) new_paths_[hash_of(key)] = index;
    post_index_[post_key(item.id)] = index;
    if (std::string primary = primary_category(item); !primary.empty()) section_categories_.insert(top_category(primary));
    return Status::ok_status();
  }

  // Co-Authors Plus names guest authors "cap-login".
  static std::string guest_login(std::string_view nicename) {
    return std::string(nicename.starts_with("cap-") ? nicename.substr(4) : nicename);
  }

  uint64_t post_key(int64_t id) const {
    return (static_cast<uint64_t>(file_index_) << 48) ^ (static_cast<uint64_t>(id) & ((uint64_t{1} << 48) - 1));
  }

  // The post's own language (Polylang's term, WPML's meta), else --lang, else the file's.
  std::string language_of(const WxrItem& item) const {
    std::string lang;
    for (const auto& t : item.terms) {
      if (t.domain == "language") lang = language_code(t.nicename);  // Polylang
    }
    if (lang.empty()) lang = language_code(item.meta_value("_wpml_import_language_code"));  // WPML
    if (lang.empty()) lang = language_code(item.meta_value("_wpml_language"));
    if (lang.empty()) lang = default_language_for(file());
    return is_site_language(lang) ? lang : std::string();
  }

  std::string default_language_for(const FileInfo& f) const {
    return !options_.language.empty() ? options_.language : !f.language.empty() ? f.language : "en";
  }

  std::string group_of(const WxrItem& item) const {
    for (const auto& t : item.terms) {
      if (t.domain == "post_translations" && !t.nicename.empty()) return "wp-pll:" + file().host + ":" + t.nicename;
    }
    std::string wpml = item.meta_value("_wpml_import_translation_group");
    if (!wpml.empty()) return "wp-wpml:" + file().host + ":" + wpml;
    return "wp:" + file().host + ":" + std::to_string(item.id);
  }

  // A slug no other piece in the language has, in the site or in this run (a piece of
  // the same translation group and language, imported before, keeps its own).
  // The slug is recorded as the plan at `index`'s.
  Result<std::string> free_slug(const std::string& lang, const std::string& wanted, const std::string& group,
                                uint32_t index) {
    int64_t existing_id = 0;
    auto existing = store_.editorial().group(group);
    if (!existing.ok()) return existing.status();
    for (const Article& a : *existing) {
      if (a.lang == lang) existing_id = a.id;
    }
    for (int n = 1; n < 1000; ++n) {
      std::string slug = n == 1 ? wanted : wanted.substr(0, 72) + "-" + std::to_string(n);
      uint64_t key = hash_of(lang + "/" + slug);
      if (auto it = used_slugs_.find(key); it != used_slugs_.end() && plans_[it->second].group_hash != hash_of(group)) {
        continue;
      }
      auto free = store_.editorial().free_slug(lang, slug, existing_id);
      if (!free.ok()) return free.status();
      if (*free != slug) continue;
      used_slugs_.emplace(key, index);
      return slug;
    }
    return Status::internal("no free slug for '" + wanted + "'");
  }

  // The old addresses of a post: its permalink, "?p=ID" and the configured structure.
  std::vector<std::string> old_keys(const WxrItem& item) const {
    std::vector<std::string> keys;
    auto add = [&](const std::string& key) {
      if (!key.empty() && key != "/" && std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    };
    add(file_key(item.link));
    add(legacy_path_key(path_of(file().site_root) + "/?p=" + std::to_string(item.id)));
    if (!item.guid.empty()) add(file_key(item.guid));
    if (!options_.permalinks.empty()) add(legacy_path_key(path_of(file().site_root) + permalink(item)));
    return keys;
  }

  std::string permalink(const WxrItem& item) const {
    std::string out = options_.permalinks;
    std::string date = item.date.size() >= 19 ? item.date : "0000-00-00 00:00:00";
    std::string category;
    for (const auto& t : item.terms) {
      if (t.domain == "category") {
        category = t.nicename;
        break;
      }
    }
    for (std::string c = category; !c.empty();) {
      auto it = categories_.find(c);
      if (it == categories_.end() || it->second.parent.empty() || it->second.parent == c) break;
      category = it->second.parent + "/" + category;
      c = it->second.parent;
    }
    const std::pair<const char*, std::string> tags[] = {
        {"%year%", date.substr(0, 4)},   {"%monthnum%", date.substr(5, 2)}, {"%day%", date.substr(8, 2)},
        {"%hour%", date.substr(11, 2)},  {"%minute%", date.substr(14, 2)},  {"%second%", date.substr(17, 2)},
        {"%postname%", item.slug},       {"%post_id%", std::to_string(item.id)},
        {"%category%", category.empty() ? "uncategorized" : category},      {"%author%", slugify(item.creator)}};
    for (const auto& [tag, value] : tags) {
      for (size_t at; (at = out.find(tag)) != std::string::npos;) out.replace(at, std::strlen(tag), value);
    }
    return out;
  }

  static std::vector<std::string> categories_of(const WxrItem& item) {
    std::vector<std::string> out;
    for (const auto& t : item.terms) {
      if (t.domain == "category" && !is_uncategorized(t.nicename)) out.push_back(t.nicename);
    }
    return out;
  }

  // The category a post is filed under first: Yoast's or Rank Math's primary, else its first.
  std::string primary_category(const WxrItem& item) const {
    for (const char* key : {"_yoast_wpseo_primary_category", "rank_math_primary_category"}) {
      if (auto id = parse_int(item.meta_value(key))) {
        if (auto it = category_ids_.find(*id); it != category_ids_.end() && !is_uncategorized(it->second)) return it->second;
      }
    }
    auto all = categories_of(item);
    return all.empty() ? std::string() : all.front();
  }

  // ---- between the passes: authors, sections, tags, images ----------------------------

  // The section of a category: its top-level ancestor.
  std::string top_category(std::string slug) const {
    for (int depth = 0; depth < 50; ++depth) {
      auto it = categories_.find(slug);
      if (it == categories_.end() || it->second.parent.empty() || it->second.parent == slug) return slug;
      slug = it->second.parent;
    }
    return slug;
  }

  std::string category_path(std::string slug) const {
    std::string path = slug;
    for (int depth = 0; depth < 50; ++depth) {
      auto it = categories_.find(slug);
      if (it == categories_.end() || it->second.parent.empty() || it->second.parent == slug) break;
      slug = it->second.parent;
      path = slug + "/" + path;
    }
    return path;
  }

  static bool is_uncategorized(const std::string& slug) { return slug == "uncategorized"; }

  // A record the site may already have (matched by slug) keeps what it has; the
  // import adds its name in the import's language when it has none.
  template <typename T, typename Repository>
  Result<T> merged(Repository& repository, const std::string& slug, const std::string& name) {
    auto existing = repository.by_slug(slug);
    if (!existing.ok()) return existing.status();
    T record = existing->has_value() ? **existing : T{};
    record.slug = slug;
    if (!record.name.contains(default_language_)) record.name[default_language_] = name;
    return record;
  }

  Status write_taxonomy() {
    store::ContentBatch batch;
    const std::string& lang = default_language_;
    std::string root = files_.empty() ? std::string() : path_of(files_[0].site_root);
    if (root == "/") root.clear();
    int position = 0;
    std::set<std::string> section_slugs;
    for (const auto& [slug, c] : categories_) {
      std::string qslug = qalam_slug(slug, c.name);
      if (qslug.empty() || is_uncategorized(slug)) continue;
      category_slugs_[slug] = qslug;
      tag_names_.try_emplace(qslug, c.name);
      // A section: the top-level category some post is filed under first. Any other
      // category (a deeper one, or one no post is first filed under) is a tag.
      bool top = section_categories_.contains(slug);
      std::string target;
      if (top) {
        auto s = merged<Section>(store_.sections(), qslug, c.name);
        if (!s.ok()) return s.status();
        if (s->id == 0) s->position = 100 + position++;
        if (section_slugs.insert(qslug).second) batch.sections.push_back({std::move(*s), "category " + slug});
        target = archive_path(lang, "sections", qslug);
      } else {
        // A category below the top is a tag of the posts filed under it.
        QALAM_RETURN_IF_ERROR(add_tag(batch, qslug, c.name));
        target = archive_path(lang, "tags", qslug);
      }
      batch.legacy_paths.push_back({legacy_path_key(root + "/category/" + category_path(slug)), target});
      batch.legacy_paths.push_back({legacy_path_key(root + "/category/" + slug), target});
      if (c.id > 0) batch.legacy_paths.push_back({legacy_path_key(root + "/?cat=" + std::to_string(c.id)), target});
    }
    for (const auto& [slug, name] : tags_) {
      std::string qslug = qalam_slug(slug, name);
      if (qslug.empty()) continue;
      tag_slugs_[slug] = qslug;
      tag_names_.try_emplace(qslug, name);
      QALAM_RETURN_IF_ERROR(add_tag(batch, qslug, name));
      std::string target = archive_path(lang, "tags", qslug);
      batch.legacy_paths.push_back({legacy_path_key(root + "/tag/" + slug), target});
      batch.legacy_paths.push_back({legacy_path_key(root + "/?tag=" + slug), target});
    }
    std::set<std::string> author_slugs;
    for (const auto& [login, author] : authors_) {
      const auto& [slug, name] = author;
      if (author_slugs.insert(slug).second) {
        auto a = merged<Author>(store_.authors(), slug, html_to_text(name));
        if (!a.ok()) return a.status();
        batch.authors.push_back({std::move(*a), "author " + login});
      }
      std::string target = archive_path(lang, "authors", slug);
      batch.legacy_paths.push_back({legacy_path_key(root + "/author/" + slugify(login)), target});
      if (slugify(login) != login) batch.legacy_paths.push_back({legacy_path_key(root + "/author/" + login), target});
    }
    for (const auto& [id, login] : author_ids_) {
      auto it = authors_.find(login);
      if (it != authors_.end()) {
        batch.legacy_paths.push_back({legacy_path_key(root + "/?author=" + std::to_string(id)),
                                      archive_path(lang, "authors", it->second.first)});
      }
    }
    // The old home (and so its feed and pages).
    batch.legacy_paths.push_back({legacy_path_key(root.empty() ? "/" : root), "/" + lang + "/"});
    report_.imported["sections"] += batch.sections.size();
    report_.imported["tags"] += batch.tags.size();
    report_.imported["authors"] += batch.authors.size();
    report_.imported["old addresses"] += batch.legacy_paths.size();
    if (options_.dry_run) return Status::ok_status();
    return store_.import_content(batch, nullptr);
  }

  Status add_tag(store::ContentBatch& batch, const std::string& qslug, const std::string& name) {
    if (!written_tags_.insert(qslug).second) return Status::ok_status();
    auto t = merged<Tag>(store_.tags(), qslug, name);
    if (!t.ok()) return t.status();
    batch.tags.push_back({std::move(*t), "tag " + qslug});
    return Status::ok_status();
  }

  Status write_images() {
    for (auto& [id, a] : attachments_) {
      std::string key = legacy_path_key(a.url);
      if (a.url.empty() || key.empty()) continue;
      // Imported by an earlier run?
      auto known = store_.redirects().legacy(key);
      if (!known.ok()) return known.status();
      if (known->has_value() && (*known)->starts_with("/media/") && images_ != nullptr && images_->has(**known)) {
        media_[id] = **known;
        ++report_.imported["images (already in the library)"];
        continue;
      }
      if (options_.uploads.empty() || images_ == nullptr) continue;
      std::filesystem::path file = upload_file(a.url);
      if (file.empty()) {
        std::string post = a.parent > 0 ? fmt::format(" (of post {})", a.parent) : "";
        warn(a.where, "the image " + a.url + post + " is not in --uploads; its address stays as it was");
        continue;
      }
      if (options_.dry_run) {
        ++report_.imported["images"];
        continue;
      }
      std::string alt = !a.alt.empty() ? a.alt : a.title;
      // The image's name in the library, from its old address: the same in every run.
      auto added = images_->add(file, fmt::format("wp{:016x}", hash_of(key)), alt, a.caption);
      if (!added.ok()) {
        warn(a.where, file.string() + ": " + added.status().message());
        skip("images the media library refused");
        continue;
      }
      media_[id] = *added;
      ++report_.imported["images"];
      // Recorded at once: a run stopped after this image finds it again, not a copy.
      store::ContentBatch recorded;
      recorded.legacy_paths.push_back({key, *added});
      recorded.refresh_statistics = false;
      QALAM_RETURN_IF_ERROR(store_.import_content(recorded, nullptr));
      ++report_.imported["old addresses"];
    }
    return Status::ok_status();
  }

  // The file in --uploads of an image's address: the part after ".../uploads/"
  // (wp-content/uploads), else the whole path (WordPress.com's files.wordpress.com/2008/06/x.jpg).
  std::filesystem::path upload_file(const std::string& url) const {
    std::string path = percent_decoded(path_of(url));
    path = path.substr(0, path.find_first_of("?#"));
    std::vector<std::string> candidates;
    if (size_t uploads = path.find("/uploads/"); uploads != std::string::npos) candidates.push_back(path.substr(uploads + 9));
    if (size_t images = path.find("/content/images/"); images != std::string::npos) candidates.push_back(path.substr(images + 16));
    candidates.push_back(path.substr(path.find_first_not_of('/') == std::string::npos ? path.size() : path.find_first_not_of('/')));
    for (const std::string& relative : candidates) {
      if (relative.empty() || relative.find("..") != std::string::npos) continue;
      std::filesystem::path file = options_.uploads / relative;
      std::error_code ec;
      if (std::filesystem::is_regular_file(file, ec)) return file;
    }
    return {};
  }

  // ---- the second pass ------------------------------------------------------------

  class Writer final : public WxrVisitor {
   public:
    explicit Writer(Importer& in) : in_(in) {}
    Status channel(const WxrChannel&) override { return Status::ok_status(); }
    Status author(const WxrAuthor&) override { return Status::ok_status(); }
    Status term(const WxrTerm&) override { return Status::ok_status(); }
    Status item(const WxrItem& item) override { return in_.write_item(item); }

   private:
    Importer& in_;
  };

  static std::pair<size_t, size_t> parse_position(const std::string& s) {
    size_t colon = s.find(':');
    if (colon == std::string::npos) return {0, 0};
    return {static_cast<size_t>(parse_int(s.substr(0, colon)).value_or(0)),
            static_cast<size_t>(parse_int(s.substr(colon + 1)).value_or(0))};
  }

  Status write_item(const WxrItem& item) {
    ++item_ordinal_;
    ++items_done_;
    if (options_.on_progress && items_done_ % 100 == 0) options_.on_progress(items_done_, total_items_);
    if (resume_at_ && std::make_pair(file_index_, item_ordinal_) <= *resume_at_) {
      if (item.type == "post") ++report_.resumed_after;
      return Status::ok_status();
    }
    std::string at = where(item.line);
    if (item.type == "attachment") return Status::ok_status();  // imported with the images
    if (item.type == "page") {
      skip("pages (Qalam has no place for them; listed in the warnings)");
      warn(at, "page '" + html_to_text(item.title) + "' was not imported");
      return Status::ok_status();
    }
    if (item.type == "nav_menu_item") return skip("menu items"), Status::ok_status();
    if (item.type == "revision") return skip("revisions"), Status::ok_status();
    if (item.type.empty()) return skip("items with no WordPress post type"), Status::ok_status();
    if (item.type != "post") return skip("items of type " + item.type), Status::ok_status();
    if (item.status == "trash") return skip("posts in the trash"), Status::ok_status();
    if (item.status == "auto-draft" || item.status == "inherit") return skip("auto-drafts"), Status::ok_status();
    if (!imported_status(item.status)) {
      warn(at, "post " + std::to_string(item.id) + " has the status '" + item.status + "'; skipped");
      return skip("posts with an unknown status"), Status::ok_status();
    }
    auto plan = post_index_.find(post_key(item.id));
    if (plan == post_index_.end()) {
      std::string lang;
      for (const auto& t : item.terms) {
        if (t.domain == "language") lang = t.nicename;
      }
      warn(at, "post " + std::to_string(item.id) + " is in a language the site does not publish in (" + lang + ")");
      return skip("posts in a language other than az, en, ru"), Status::ok_status();
    }
    return add_article(item, plans_[plan->second], at);
  }

  Status add_article(const WxrItem& item, const PlannedPost& plan, const std::string& at) {
    store::ArticleRecord r;
    Article& a = r.article;
    a.lang = plan.language();
    a.slug = plan.slug;
    a.translation_group = group_of(item);
    if (!groups_seen_.insert(hash_of(a.lang + "|" + a.translation_group)).second) {
      warn(at, "post " + std::to_string(item.id) + " is a second " + a.lang + " piece of its translation group; imported on its own");
      a.translation_group = "wp:" + file().host + ":" + std::to_string(item.id);
    }
    a.title = html_to_text(item.title);
    if (a.title.empty()) {
      a.title = "(untitled " + std::to_string(item.id) + ")";
      warn(at, "post " + std::to_string(item.id) + " has no title; it is called '" + a.title + "'");
    }
    if (a.title.size() > ArticleLimits::title) a.title = truncated(a.title, ArticleLimits::title);
    // Status and dates.
    auto gmt = wp_time(item.date_gmt);
    auto local = wp_time(item.date);
    TimePoint when = gmt ? *gmt : local ? *local : TimePoint{};
    std::string label;
    if (item.status == "publish" && !item.password.empty()) {
      a.status = ArticleStatus::draft;
      label = "articles (draft)";
      warn(at, "post " + std::to_string(item.id) + " is password-protected; kept as a draft");
    } else if (item.status == "publish") {
      a.status = ArticleStatus::published;
      label = "articles (published)";
    } else if (item.status == "future") {
      a.status = ArticleStatus::scheduled;
      label = "articles (scheduled)";
    } else if (item.status == "pending") {
      a.status = ArticleStatus::review;
      label = "articles (in review)";
    } else {
      a.status = ArticleStatus::draft;
      label = "articles (draft)";
      if (item.status == "private") warn(at, "post " + std::to_string(item.id) + " is private; kept as a draft");
    }
    if ((a.status == ArticleStatus::published || a.status == ArticleStatus::scheduled) && when == TimePoint{}) {
      warn(at, "post " + std::to_string(item.id) + " has no date; kept as a draft");
      a.status = ArticleStatus::draft;
      label = "articles (draft)";
    }
    a.published_at = when;
    a.updated_at = when;
    a.featured = item.sticky;
    // Content.
    ContentLinks links;
    links.rewrite = [this](std::string_view url) { return rewrite(url); };
    links.gallery = [this, &item](const std::vector<int64_t>& ids) { return gallery(ids.empty() ? children_of(item.id) : ids); };
    ConvertedContent body = wordpress_to_markdown(item.content, links);
    for (const auto& [name, n] : body.unknown_shortcodes) {
      report_.unknown_shortcodes[name] += n;
      warn(at, "post " + std::to_string(item.id) + ": the shortcode [" + name + "] is kept as text");
    }
    for (const auto& [name, n] : body.dropped) report_.dropped_elements[name] += n;
    if (body.markdown.size() > ArticleLimits::body) {
      warn(at, "post " + std::to_string(item.id) + " is longer than an article may be (1 MB); skipped");
      return skip("posts longer than 1 MB"), Status::ok_status();
    }
    a.body = std::move(body.markdown);
    std::string lead = html_to_text(item.excerpt);
    if (lead.empty()) lead = item.meta_value("_yoast_wpseo_metadesc");
    if (lead.empty()) lead = item.meta_value("rank_math_description");
    a.lead = truncated(lead, ArticleLimits::lead);
    // The featured image.
    if (auto thumb = parse_int(item.meta_value("_thumbnail_id")); thumb && *thumb > 0) {
      auto att = attachments_.find(*thumb);
      if (att == attachments_.end()) {
        warn(at, "post " + std::to_string(item.id) + ": its featured image (attachment " + std::to_string(*thumb) + ") is not in the file");
      } else {
        auto media = media_.find(*thumb);
        std::string src = media != media_.end() ? media->second : att->second.url;
        if (is_allowed_link(src) && src.size() <= ArticleLimits::image) {
          a.image = src;
          a.image_alt = !att->second.alt.empty() ? att->second.alt : !att->second.title.empty() ? att->second.title : a.title;
          a.image_alt = truncated(a.image_alt, ArticleLimits::image_alt);
        }
      }
    }
    // Byline, section, tags.
    std::vector<std::string> bylines;
    for (const auto& t : item.terms) {
      if (t.domain != "author") continue;
      auto it = authors_.find(guest_login(t.nicename));
      if (it != authors_.end() && std::find(bylines.begin(), bylines.end(), it->second.first) == bylines.end()) {
        bylines.push_back(it->second.first);
      }
    }
    if (bylines.empty() && !item.creator.empty()) {
      if (auto it = authors_.find(item.creator); it != authors_.end()) bylines.push_back(it->second.first);
    }
    if (bylines.empty()) warn(at, "post " + std::to_string(item.id) + " has no author");
    r.authors = std::move(bylines);
    std::vector<std::string> categories = categories_of(item);
    std::string primary = primary_category(item);
    auto slug_of = [](const std::map<std::string, std::string>& slugs, const std::string& wp) {
      auto it = slugs.find(wp);
      return it == slugs.end() ? std::string() : it->second;
    };
    std::string section_category = primary.empty() ? std::string() : top_category(primary);
    if (!section_category.empty()) r.section = slug_of(category_slugs_, section_category);
    std::set<std::string> tags;
    for (const std::string& c : categories) {
      // Every category but the section's own; another top-level one is a tag too.
      if (c != section_category) tags.insert(slug_of(category_slugs_, c));
    }
    for (const auto& t : item.terms) {
      if (t.domain == "post_tag") tags.insert(slug_of(tag_slugs_, t.nicename));
    }
    tags.erase("");
    r.tags.assign(tags.begin(), tags.end());
    for (const std::string& t : r.tags) {
      if (!written_tags_.contains(t)) missing_tags_.insert(t);
    }
    r.origin = at;
    std::string path = article_path(a.lang, a.slug);
    for (const std::string& key : old_keys(item)) batch_.legacy_paths.push_back({key, path});
    ++report_.imported[label];
    batch_.articles.push_back(std::move(r));
    if (batch_.articles.size() >= options_.batch_size) return flush();
    return Status::ok_status();
  }

  static std::string truncated(const std::string& s, size_t limit) {
    if (s.size() <= limit) return s;
    size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    return s.substr(0, cut);
  }

  std::vector<int64_t> children_of(int64_t post) const {
    auto it = attachments_of_.find(post);
    return it == attachments_of_.end() ? std::vector<int64_t>{} : it->second;
  }

  std::vector<ContentImage> gallery(const std::vector<int64_t>& ids) const {
    std::vector<ContentImage> out;
    for (int64_t id : ids) {
      auto a = attachments_.find(id);
      if (a == attachments_.end()) continue;
      auto m = media_.find(id);
      out.push_back({m != media_.end() ? m->second : a->second.url, !a->second.alt.empty() ? a->second.alt : a->second.title,
                     a->second.caption});
    }
    return out;
  }

  // An address in a post: the new address of what it named on the old site (a post,
  // an image, a category, a tag), else the old site's absolute address.
  std::string rewrite(std::string_view url) const {
    if (url.empty() || url.starts_with('#') || url.starts_with("mailto:")) return std::string(url);
    if (url.starts_with("/media/")) return std::string(url);  // a gallery's image, placed already
    std::string any_host = legacy_path_key(url);
    for (const std::string& k : {any_host, without_size_suffix(any_host)}) {
      if (auto a = attachment_keys_.find(k); a != attachment_keys_.end()) {
        if (auto m = media_.find(a->second); m != media_.end()) return m->second;
        auto att = attachments_.find(a->second);
        if (att != attachments_.end()) return att->second.url;
      }
    }
    std::string key = file_key(url);
    if (key.empty()) return std::string(url);
    if (auto it = new_paths_.find(hash_of(key)); it != new_paths_.end()) {
      const PlannedPost& p = plans_[it->second];
      return article_path(p.language(), p.slug);
    }
    if (url.starts_with('/') && !url.starts_with("//")) return file().site_root.empty() ? std::string(url) : file().site_root + std::string(url);
    return std::string(url);
  }

  // Writes the batch with the position after its last item (at a file's end, after
  // the file's last item, so a resumed run skips it whole).
  Status flush(bool end_of_file = false) {
    if (batch_.articles.empty() && batch_.legacy_paths.empty() && !end_of_file) return Status::ok_status();
    batch_.checkpoint = store::ImportCheckpoint{checkpoint_key_, std::to_string(file_index_) + ":" + std::to_string(item_ordinal_)};
    report_.imported["old addresses"] += batch_.legacy_paths.size();
    if (!missing_tags_.empty()) {
      // A post's tag the survey missed (a term declared nowhere): made here.
      for (const std::string& slug : missing_tags_) {
        auto name = tag_names_.find(slug);
        QALAM_RETURN_IF_ERROR(add_tag(batch_, slug, name != tag_names_.end() ? name->second : slug));
      }
      missing_tags_.clear();
    }
    // The planner's statistics are refreshed every 20 batches and at each file's end.
    batch_.refresh_statistics = end_of_file || ++batches_ % 20 == 0;
    batch_.refresh_older_related = false;
    Status s = options_.dry_run ? Status::ok_status() : store_.import_content(batch_, nullptr);
    batch_ = store::ContentBatch{};
    return s;
  }

  store::Store& store_;
  const WordPressOptions& options_;
  ImageSink* images_;
  WordPressReport report_;
  std::string checkpoint_key_;
  std::optional<std::pair<size_t, size_t>> resume_at_;
  size_t file_index_ = 0;
  size_t item_ordinal_ = 0;
  size_t items_done_ = 0;
  size_t batches_ = 0;
  size_t total_items_ = 0;
  std::string default_language_;
  std::vector<FileInfo> files_;
  std::map<std::string, std::pair<std::string, std::string>> authors_;  // login → (slug, name)
  std::map<int64_t, std::string> author_ids_;                            // id → login
  std::map<std::string, Category> categories_;                           // slug → category
  std::map<int64_t, std::string> category_ids_;
  std::map<std::string, std::string> tags_;  // slug → name
  std::map<std::string, std::string> category_slugs_, tag_slugs_;  // WordPress's slug → Qalam's
  std::map<std::string, std::string> tag_names_;                   // Qalam's tag slug → name
  std::set<std::string> written_tags_;
  std::set<std::string> section_categories_;  // WordPress's slugs
  std::map<int64_t, AttachmentInfo> attachments_;
  std::unordered_map<int64_t, std::vector<int64_t>> attachments_of_;
  std::unordered_map<std::string, int64_t> attachment_keys_;  // the image's old address → attachment
  std::unordered_map<int64_t, std::string> media_;            // attachment → "/media/…"
  std::vector<PlannedPost> plans_;
  std::unordered_map<uint64_t, uint32_t> post_index_;  // post_key → plans_
  std::unordered_map<uint64_t, uint32_t> new_paths_;   // hash of an old address's key → plans_
  std::unordered_map<uint64_t, uint32_t> used_slugs_;  // hash of "lang/slug" → plans_ (the post that has it)
  std::unordered_set<uint64_t> groups_seen_;           // hash of "lang|group", written this run
  std::set<std::string> missing_tags_;
  store::ContentBatch batch_;
};

}  // namespace

Result<WordPressReport> import_wordpress(store::Store& store, const WordPressOptions& options, ImageSink* images) {
  return Importer(store, options, images).run();
}

std::string format_report(const WordPressReport& r, bool dry_run) {
  std::string out = fmt::format("{} {} items in {:.1f} s{}\n", dry_run ? "read (dry run: nothing written)" : "imported",
                                r.items, r.seconds,
                                r.resumed_after > 0 ? fmt::format(" (resumed after {} posts)", r.resumed_after) : "");
  for (const auto& [what, n] : r.imported) {
    if (n > 0) out += fmt::format("  {:>8}  {}\n", n, what);
  }
  if (!r.skipped.empty()) {
    out += "skipped:\n";
    for (const auto& [why, n] : r.skipped) out += fmt::format("  {:>8}  {}\n", n, why);
  }
  if (!r.unknown_shortcodes.empty()) {
    out += "shortcodes kept as text:\n";
    for (const auto& [name, n] : r.unknown_shortcodes) out += fmt::format("  {:>8}  [{}]\n", n, name);
  }
  if (!r.dropped_elements.empty()) {
    out += "left out of bodies (Markdown has no place for them):\n";
    for (const auto& [name, n] : r.dropped_elements) out += fmt::format("  {:>8}  <{}>\n", n, name);
  }
  if (r.warning_count > 0) {
    out += fmt::format("warnings ({}):\n", r.warning_count);
    for (const std::string& w : r.warnings) out += "  " + w + "\n";
    if (r.warning_count > r.warnings.size()) out += fmt::format("  … and {} more\n", r.warning_count - r.warnings.size());
  }
  return out;
}

}  // namespace qalam::ingest
