// Micro-benchmarks: rendering the home page template, one store read, and the whole
// home page handler (both together). Run by `make bench`; numbers in RESULTS.md.
#include <benchmark/benchmark.h>

#include <boost/json.hpp>
#include <filesystem>

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
    dir = fs::temp_directory_path() / ("qalam_bench_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    store = std::move(store::sqlite::open_sqlite_store({(dir / "bench.db").string(), 1, 1000, {}})).value();
    (void)store->migrate(nullptr);
    (void)store->settings().put("site.title", "Qalam Analytics");
    (void)store->settings().put("site.tagline", "Analysis of the South Caucasus");
    theme = std::move(site::load_theme(theme_dir())).value();
  }
  ~Fixture() { fs::remove_all(dir); }
  fs::path dir;
  std::unique_ptr<store::Store> store;
  site::Theme theme;
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

void BM_RenderHomeTemplate(benchmark::State& state) {
  json::value view = json::parse(R"({"lang":"en","page":{"is_home":true},
    "site":{"url":"http://127.0.0.1:8080","title":"Qalam Analytics","tagline":"Analysis of the South Caucasus"}})");
  const auto& templates = fixture().theme.templates;
  std::string out;
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(templates.render_to("home", view, out));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * out.size()));
}
BENCHMARK(BM_RenderHomeTemplate);

void BM_StoreReadSetting(benchmark::State& state) {
  auto& settings = fixture().store->settings();
  for (auto _ : state) {
    auto v = settings.get("site.title");
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_StoreReadSetting);

void BM_HomePageHandler(benchmark::State& state) {
  site::PublicSite site(fixture().theme, *fixture().store, {"http://127.0.0.1:8080"});
  http::Request request;
  request.method = "GET";
  request.path = request.target = "/";
  for (auto _ : state) {
    auto r = site.home(request);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_HomePageHandler);

}  // namespace

BENCHMARK_MAIN();
