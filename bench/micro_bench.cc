// Micro-benchmarks: rendering the home page template, one store read, the home, author,
// article and feed handlers, and compressing a page for the response cache. Run by `make bench`; numbers in RESULTS.md.
#include <benchmark/benchmark.h>

#include <boost/json.hpp>
#include <filesystem>

#include <sstream>

#include <brotli/encode.h>

#include "http/compression.h"
#include "http/router.h"
#include "ingest/corpus_generator.h"
#include "ingest/jsonl_import.h"
#include "render/mustache/template.h"
#include "site/public_site.h"
#include "site/theme.h"
#include "store/sqlite/sqlite_store.h"

namespace {
namespace fs = std::filesystem;
namespace json = boost::json;
using namespace qalam;

fs::path theme_dir() { return fs::path(QALAM_THEMES_DIR) / "default"; }

struct Fixture {
  Fixture() {
    // QALAM_BENCH_DB: an existing site's database (a copy: the pages' reads write
    // nothing, but migrations may run) instead of the generated 2,000 articles.
    const char* existing = std::getenv("QALAM_BENCH_DB");
    dir = fs::temp_directory_path() / ("qalam_bench_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string db = existing != nullptr ? std::string(existing) : (dir / "bench.db").string();
    store = std::move(store::sqlite::open_sqlite_store({db, 1, 1000, {}})).value();
    (void)store->migrate(nullptr);
    if (existing == nullptr) {
      (void)store->settings().put("site.title", "Qalam Analytics");
      (void)store->settings().put("site.tagline", "Analysis of the South Caucasus");
      std::ostringstream corpus;
      ingest::generate_corpus({.articles = 2000, .seed = 42}, corpus);
      (void)ingest::import_jsonl(*store, corpus.str(), "bench corpus", nullptr);
    }
    theme = std::move(site::load_theme(theme_dir())).value();
    site = std::make_unique<site::PublicSite>(theme, *store, clock, site::SiteOptions{});
    site->add_routes(router);
    store::ArticleFilter newest;
    newest.lang = "en";
    newest.limit = 1;
    article_path = "/en/articles/" + store->articles().list(newest).value().at(0).slug;
  }
  ~Fixture() { fs::remove_all(dir); }
  fs::path dir;
  std::unique_ptr<store::Store> store;
  site::Theme theme;
  SystemClock clock;
  std::unique_ptr<site::PublicSite> site;
  http::Router router;
  std::string article_path;  // the newest English piece's page
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

void BM_RenderErrorTemplate(benchmark::State& state) {
  json::value view = json::parse(R"({"lang":"en","page":{"title":"Not found"},"t":{},
    "site":{"url":"http://127.0.0.1:8080","title":"Qalam Analytics","tagline":"Analysis of the South Caucasus"},
    "error":{"status":404,"title":"Page not found","detail":"There is no page at this address."}})");
  const auto& templates = fixture().theme.templates;  // built before timing starts
  std::string out;
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(templates.render_to("error", view, out));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * out.size()));
}
BENCHMARK(BM_RenderErrorTemplate);

void BM_StoreReadSetting(benchmark::State& state) {
  auto& settings = fixture().store->settings();  // built before timing starts
  for (auto _ : state) {
    auto v = settings.get("site.title");
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_StoreReadSetting);

void page(benchmark::State& state, const std::string& path) {
  http::Request request;
  request.method = "GET";
  request.path = request.target = path;
  int status = 0;
  Fixture& f = fixture();  // built before timing starts
  for (auto _ : state) {
    http::Request r = request;
    auto response = f.router.dispatch(r);
    status = response.status;
    benchmark::DoNotOptimize(response);
  }
  if (status != 200) state.SkipWithError("page did not answer 200");
}

void BM_HomePageHandler(benchmark::State& state) { page(state, "/en/"); }
void BM_AuthorArchiveHandler(benchmark::State& state) {
  const char* slug = std::getenv("QALAM_BENCH_AUTHOR");  // for QALAM_BENCH_DB's site
  page(state, std::string("/en/authors/") + (slug != nullptr ? slug : "aysel-guliyev"));
}
void BM_ArticlePageHandler(benchmark::State& state) { page(state, fixture().article_path); }
void BM_FeedHandler(benchmark::State& state) { page(state, "/en/feed.xml"); }
BENCHMARK(BM_AuthorArchiveHandler);
BENCHMARK(BM_HomePageHandler);
BENCHMARK(BM_ArticlePageHandler);
BENCHMARK(BM_FeedHandler);

// Keeping a rendered page in the response cache compresses it once with brotli: the
// home page's body at quality 9 as http::brotli_compress does it, beside the settings
// it used before (brotli's default 4 MiB window), measured in the same run.
std::string home_page_body() {
  http::Request r;
  r.method = "GET";
  r.path = r.target = "/en/";
  return fixture().router.dispatch(r).body;
}
void BM_BrotliKeptPage(benchmark::State& state) {
  std::string body = home_page_body();
  size_t packed = 0;
  for (auto _ : state) packed = http::brotli_compress(body).size();
  state.counters["ratio"] = static_cast<double>(body.size()) / static_cast<double>(packed);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}
void BM_BrotliKeptPageDefaultWindow(benchmark::State& state) {
  std::string body = home_page_body();
  std::string out(BrotliEncoderMaxCompressedSize(body.size()), '\0');
  size_t packed = 0;
  for (auto _ : state) {
    packed = out.size();
    BrotliEncoderCompress(9, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, body.size(),
                          reinterpret_cast<const uint8_t*>(body.data()), &packed, reinterpret_cast<uint8_t*>(out.data()));
  }
  state.counters["ratio"] = static_cast<double>(body.size()) / static_cast<double>(packed);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_BrotliKeptPage)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BrotliKeptPageDefaultWindow)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
