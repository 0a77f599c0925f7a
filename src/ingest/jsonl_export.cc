#include "ingest/jsonl_export.h"

#include <boost/json.hpp>

#include "core/time_format.h"
#include "ingest/jsonl_records.h"

namespace qalam::ingest {
namespace json = boost::json;
namespace {

// Every page of a paged list, `page` at a time.
template <typename T, typename Fetch>
Result<std::vector<T>> every_page(int page, Fetch fetch) {
  std::vector<T> all;
  for (int offset = 0;; offset += page) {
    Result<std::vector<T>> one = fetch(page, offset);
    if (!one.ok()) return one.status();
    all.insert(all.end(), one->begin(), one->end());
    if (static_cast<int>(one->size()) < page) return all;
  }
}

template <typename T>
void by_id(std::vector<T>& list) {
  std::sort(list.begin(), list.end(), [](const T& a, const T& b) { return a.id < b.id; });
}

class Writer {
 public:
  Writer(std::ostream& out, ExportSummary& summary) : out_(out), summary_(summary) {}
  void line(const char* type, json::object o) {
    json::object record{{"type", type}};
    for (auto& [k, v] : o) record[k] = std::move(v);
    record_line(record);
  }
  // A record that names its type already.
  void record_line(const json::object& record) {
    out_ << json::serialize(record) << '\n';
    ++summary_.records[std::string(record.at("type").as_string())];
  }

 private:
  std::ostream& out_;
  ExportSummary& summary_;
};

}  // namespace

Result<ExportSummary> export_jsonl(store::Store& store, std::ostream& out,
                                   const std::function<void(size_t, size_t)>& on_progress) {
  ExportSummary summary;
  Writer w(out, summary);

  auto settings = store.settings().all();
  if (!settings.ok()) return settings.status();
  for (const auto& [key, value] : *settings) w.line("setting", {{"key", key}, {"value", value}});

  auto media = every_page<store::MediaItem>(500, [&](int n, int offset) { return store.media().list(n, offset); });
  if (!media.ok()) return media.status();
  by_id(*media);
  for (const store::MediaItem& m : *media) {
    json::object o{{"name", m.name},     {"extension", m.extension}, {"width", m.width},
                   {"height", m.height}, {"bytes", m.bytes},
                   {"variants", json::array(m.variants.begin(), m.variants.end())}};
    if (!m.alt.empty()) o["alt"] = m.alt;
    if (!m.caption.empty()) o["caption"] = m.caption;
    if (!m.credit.empty()) o["credit"] = m.credit;
    if (m.created_at != TimePoint{}) o["created_at"] = rfc3339(m.created_at);
    w.line("media", std::move(o));
    for (std::string& f : store::media_file_names(m)) summary.media_files.push_back(std::move(f));
  }

  auto sections = store.sections().all();
  if (!sections.ok()) return sections.status();
  by_id(*sections);
  std::map<int64_t, std::string> section_slugs;
  for (const Section& s : *sections) {
    section_slugs[s.id] = s.slug;
    w.record_line(section_record(s));
  }
  auto tags = store.tags().all();
  if (!tags.ok()) return tags.status();
  by_id(*tags);
  std::map<int64_t, std::string> tag_slugs;
  for (const Tag& t : *tags) {
    tag_slugs[t.id] = t.slug;
    w.record_line(tag_record(t));
  }
  auto authors = store.authors().all();
  if (!authors.ok()) return authors.status();
  by_id(*authors);
  std::map<int64_t, std::string> author_slugs;
  for (const Author& a : *authors) {
    author_slugs[a.id] = a.slug;
    w.record_line(author_record(a));
  }
  auto projects = store.projects().all();
  if (!projects.ok()) return projects.status();
  by_id(*projects);
  for (const Project& p : *projects) w.record_line(project_record(p));
  for (const Project& p : *projects) {
    auto missions = store.projects().missions(p.id);
    if (!missions.ok()) return missions.status();
    for (const Mission& m : *missions) w.record_line(mission_record(m, p.slug));
  }
  auto press = every_page<PressItem>(500, [&](int n, int offset) { return store.press_items().list(n, offset); });
  if (!press.ok()) return press.status();
  by_id(*press);
  for (const PressItem& p : *press) w.record_line(press_item_record(p));

  // Articles of every status, in the order they were made.
  auto listed = every_page<Article>(200, [&](int n, int offset) {
    store::EditorialFilter f;
    f.limit = n;
    f.offset = offset;
    return store.editorial().list(f);
  });
  if (!listed.ok()) return listed.status();
  std::vector<int64_t> ids;
  for (const Article& a : *listed) ids.push_back(a.id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  size_t done = 0;
  for (int64_t id : ids) {
    auto found = store.editorial().by_id(id);
    if (!found.ok()) return found.status();
    if (!found->has_value()) continue;  // deleted meanwhile
    const Article& a = **found;
    json::array bylines, tag_list;
    for (int64_t author : a.author_ids) bylines.push_back(json::string(author_slugs[author]));
    for (int64_t tag : a.tag_ids) tag_list.push_back(json::string(tag_slugs[tag]));
    json::object o{{"lang", a.lang},
                   {"slug", a.slug},
                   {"translation_group", a.translation_group},
                   {"title", a.title},
                   {"status", article_status_name(a.status)},
                   {"authors", std::move(bylines)},
                   {"featured", a.featured}};
    if (!a.lead.empty()) o["lead"] = a.lead;
    if (!a.body.empty()) o["body"] = a.body;
    if (a.published_at != TimePoint{}) o["published_at"] = rfc3339(a.published_at);
    if (a.updated_at != TimePoint{}) o["updated_at"] = rfc3339(a.updated_at);
    if (!a.image.empty()) o["image"] = a.image;
    if (!a.image_alt.empty()) o["image_alt"] = a.image_alt;
    if (a.section_id != 0) o["section"] = section_slugs[a.section_id];
    if (!tag_list.empty()) o["tags"] = std::move(tag_list);
    w.line("article", std::move(o));
    if (on_progress && ++done % 500 == 0) on_progress(done, ids.size());
  }
  if (on_progress) on_progress(ids.size(), ids.size());
  if (!out) return Status::unavailable("the export could not be written");
  return summary;
}

}  // namespace qalam::ingest
