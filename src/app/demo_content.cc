#include "app/demo_content.h"
#include "newsroom/accounts.h"
#include "newsroom/monitoring.h"

#include <boost/json.hpp>
#include <set>
#include <sstream>

#include "app/commands.h"
#include "app/demo_illustrations.h"
#include "core/clock.h"
#include "ingest/corpus_generator.h"
#include "newsroom/accounts.h"
#include "newsroom/image_processing.h"
#include "newsroom/media_library.h"

namespace qalam::app {
namespace json = boost::json;

std::string_view demo_seed_jsonl();  // demo/seed.jsonl, embedded at build time

namespace {

constexpr int illustrations = 8;
constexpr int seed_featured = 2;  // the seed page's two newest pieces lead the home page

// The illustrations, uploaded as an editor would: (path, alt) of each.
Result<std::vector<std::pair<std::string, std::string>>> upload_illustrations(store::Store& store,
                                                                                SiteMedia& site_media) {
  SystemClock clock;
  newsroom::Accounts accounts(store, clock);
  newsroom::MediaOptions options;
  options.dir = site_media.dir();
  options.files = &site_media.files();
  newsroom::MediaLibrary media(store, clock, accounts, options);
  newsroom::Principal demo;
  demo.user.email = "qalam init --demo";
  demo.user.role = Role::admin;
  std::vector<std::pair<std::string, std::string>> out;
  for (int i = 0; i < illustrations; ++i) {
    Illustration picture = demo_illustration(i);
    auto jpeg = newsroom::encode_rgb_as_jpeg(picture.rgb, picture.width, picture.height);
    if (!jpeg.ok()) return jpeg.status();
    auto item = media.upload(demo, *jpeg, picture.alt);
    if (!item.ok()) return item.status();
    QALAM_RETURN_IF_ERROR(media.describe(demo, item->name, picture.alt, "", "Demo illustration"));
    out.emplace_back("/media/" + item->name + "." + item->extension, picture.alt);
  }
  return out;
}

// The seed's records with its pieces illustrated and its newest two featured.
std::string illustrated_seed(const std::vector<std::pair<std::string, std::string>>& images) {
  std::istringstream in{std::string(demo_seed_jsonl())};
  std::string line, out;
  size_t piece = 0;
  while (std::getline(in, line)) {
    json::value v = json::parse(line);
    json::object& o = v.as_object();
    if (o.at("type") == "article") {
      const auto& [path, alt] = images[piece % images.size()];
      o["image"] = path;
      o["image_alt"] = alt;
      o["featured"] = piece < seed_featured;  // the seed lists its pieces newest first
      ++piece;
    }
    out += json::serialize(v) + "\n";
  }
  return out;
}

}  // namespace

Status load_demo_content(store::Store& store, SiteMedia& media, int64_t generated_articles) {
  QALAM_RETURN_IF_ERROR(store.settings().put_all({
      {"site.title", "Qalam Analytics"},
      {"site.tagline", "Analysis of the South Caucasus in Azerbaijani, English and Russian"},
      {"site.title.ru", "Qalam Аналитика"},
      {"site.tagline.az", "Cənubi Qafqaz haqqında təhlillər azərbaycan, ingilis və rus dillərində"},
      {"site.tagline.ru", "Аналитика о Южном Кавказе на азербайджанском, английском и русском языках"},
  }));
  auto images = upload_illustrations(store, media);
  if (!images.ok()) return images.status();
  // One import of the seed and the generated corpus together, so that every piece's
  // related list is worked out over the whole demo, as an import of its export would
  // (related_pieces.h). Records the seed defines itself (two tags) are kept from it.
  std::string text = illustrated_seed(*images);
  auto key = [](const json::object& o) -> std::pair<std::string, std::string> {
    const json::value* slug = o.if_contains("slug");
    return {json::value_to<std::string>(o.at("type")), slug != nullptr && slug->is_string() ? json::value_to<std::string>(*slug) : ""};
  };
  std::set<std::pair<std::string, std::string>> seeded;
  std::istringstream seed_lines(text);
  for (std::string line; std::getline(seed_lines, line);) {
    if (!line.empty()) seeded.insert(key(json::parse(line).as_object()));
  }
  ingest::CorpusOptions corpus_options{.articles = generated_articles, .seed = 42};
  corpus_options.featured = false;  // the seed's pieces are the featured ones
  corpus_options.images = *images;
  std::ostringstream corpus;
  ingest::generate_corpus(corpus_options, corpus);
  std::istringstream corpus_lines(corpus.str());
  for (std::string line; std::getline(corpus_lines, line);) {
    if (line.empty()) continue;
    auto [type, slug] = key(json::parse(line).as_object());
    if (type != "article" && !slug.empty() && seeded.contains({type, slug})) continue;
    text += line + "\n";
  }
  if (import_text(store, text, "demo content") != exit_ok) {
    return Status::internal("the demo content did not import");
  }
  return load_demo_watch_lists(store);
}

Status load_demo_watch_lists(store::Store& store) {
  SystemClock clock;
  newsroom::Accounts accounts(store, clock);
  newsroom::Curation curation(store, accounts);
  newsroom::Monitoring monitoring(store, clock, accounts, curation);
  newsroom::Principal demo;
  demo.user.email = "qalam init --demo";
  demo.user.role = Role::admin;
  const std::pair<const char*, const char*> topics[] = {
      {"Karabakh", "Karabakh, Qarabağ\nŞuşa\nKhankendi\nLachin, Laçın\nAghdam, Ağdam"},
      {"Azerbaijan", "Azerbaijan, Azərbaycan, Азербайджан\nBaku\nAliyev"},
      {"Connectivity", "Zangezur\nMiddle Corridor\npipeline\nrailway"},
  };
  for (const auto& [name, terms] : topics) {
    auto saved = monitoring.save_topic(demo, 0, name, terms);
    if (!saved.ok()) return saved.status();
  }
  return Status::ok_status();
}

}  // namespace qalam::app
