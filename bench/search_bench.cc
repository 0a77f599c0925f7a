// Search latency in-process: 1-3-word queries, with and without filters, each run many
// times against a site's database; prints p50 and p95 per group and overall.
// Usage: qalam_search_bench SITE_DB|POSTGRESQL_URL [ROUNDS] [--cases]   (bench/run
// builds a 100,000-article site; bench/backends.py runs it on both backends). --cases
// adds each query's own p50, p95 and total.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "core/search_query.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace {
using namespace qalam;

struct Case {
  const char* group;
  const char* lang;
  const char* text;
  bool filtered;
};

// Topic words match about one piece in eight of their language; "common word" queries
// match nearly every piece (the generator repeats its stock sentences), the worst case
// for ranking. Prefix queries ("corrid") are what a reader typing sends.
constexpr Case cases[] = {
    {"1 word", "en", "Shusha", false},          {"1 word", "az", "Şuşa", false},
    {"1 word", "ru", "Шуша", false},            {"1 word", "en", "reconstruction", false},
    {"1 word", "az", "inflyasiya", false},      {"1 word", "en", "corrid", false},
    {"2 words", "en", "gas exports", false},    {"2 words", "az", "qaz ixracı", false},
    {"2 words", "ru", "мирный договор", false}, {"2 words", "en", "Baku inflation", false},
    {"3 words", "en", "peace treaty border", false}, {"3 words", "az", "Bakı sülh müqaviləsi", false},
    {"3 words", "ru", "Каспийское море газ", false},
    {"filtered", "en", "Shusha", true},         {"filtered", "az", "Şuşa bərpa", true},
    {"filtered", "ru", "Шуша", true},           {"filtered", "en", "gas exports", true},
    {"common word", "en", "analysts", false},   {"common word", "az", "analitiklər", false},
    {"common word", "ru", "аналитики", false},
};

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: {} SITE_DB|POSTGRESQL_URL [ROUNDS]\n", argv[0]);
    return 2;
  }
  int rounds = argc > 2 ? std::atoi(argv[2]) : 30;
  const bool by_case = argc > 3 && std::string_view(argv[3]) == "--cases";
  const std::string where = argv[1];
  auto store = where.starts_with("postgresql://") || where.starts_with("postgres://")
                   ? store::postgres::open_postgres_store({where, 1, {}, false})
                   : store::sqlite::open_sqlite_store({where, 1, 5000, {}});
  if (!store.ok()) {
    fmt::print(stderr, "{}\n", store.status().message());
    return 1;
  }
  auto section = (*store)->sections().by_slug("politics");
  int64_t section_id = section.ok() && section->has_value() ? (*section)->id : 0;
  std::vector<std::pair<std::string, double>> samples;
  std::vector<std::vector<double>> case_samples(std::size(cases));
  std::vector<int64_t> case_totals(std::size(cases));
  size_t results = 0;
  std::set<std::string> zero_hits;
  for (int round = 0; round < rounds + 1; ++round) {
    for (size_t i = 0; i < std::size(cases); ++i) {
      const Case& c = cases[i];
      store::SearchRequest r;
      r.query = parse_search_query(c.text).value();
      r.lang = c.lang;
      if (c.filtered) {
        r.section_id = section_id;
        r.from = std::chrono::system_clock::time_point(std::chrono::seconds(1609459200));  // 2021-01-01
      }
      auto start = std::chrono::steady_clock::now();
      auto hits = (*store)->search().search(r);
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      if (!hits.ok()) {
        fmt::print(stderr, "{}: {}\n", c.text, hits.status().message());
        return 1;
      }
      if (round == 0) {
        results += hits->hits.size();
        case_totals[i] = hits->total;
        if (hits->total == 0) zero_hits.insert(c.text);
        continue;  // warm-up
      }
      samples.emplace_back(c.group, ms);
      case_samples[i].push_back(ms);
    }
  }
  fmt::print("| queries | runs | p50 ms | p95 ms |\n| --- | ---: | ---: | ---: |\n");
  for (const char* group : {"1 word", "2 words", "3 words", "filtered", "common word", "all"}) {
    std::vector<double> v;
    for (const auto& [g, ms] : samples) {
      if (g == group || std::string_view(group) == "all") v.push_back(ms);
    }
    fmt::print("| {} | {} | {:.2f} | {:.2f} |\n", group, v.size(), percentile(v, 0.5), percentile(v, 0.95));
  }
  fmt::print("(each run: one page of 20 hits with snippets plus the total count; {} hits in the warm-up round)\n", results);
  if (by_case) {
    fmt::print("\n| query | lang | filtered | matches | p50 ms | p95 ms |\n| --- | --- | --- | ---: | ---: | ---: |\n");
    for (size_t i = 0; i < std::size(cases); ++i) {
      fmt::print("| {} | {} | {} | {} | {:.2f} | {:.2f} |\n", cases[i].text, cases[i].lang, cases[i].filtered ? "yes" : "",
                 case_totals[i], percentile(case_samples[i], 0.5), percentile(case_samples[i], 0.95));
    }
  }
  for (const Case& c : cases) {
    if (zero_hits.contains(c.text)) fmt::print("warning: \"{}\" found nothing in this corpus\n", c.text);
  }
  return 0;
}
