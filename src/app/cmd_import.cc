#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/commands.h"
#include "app/config.h"
#include "app/site_context.h"
#include "ingest/corpus_generator.h"
#include "ingest/jsonl_import.h"

namespace qalam::app {

std::function<void(size_t, size_t)> progress_printer(std::string label, std::string unit) {
  bool tty = ::isatty(STDERR_FILENO) != 0;
  return [label = std::move(label), unit = std::move(unit), tty, last = size_t{101}](size_t done, size_t total) mutable {
    size_t percent = total == 0 ? 100 : done * 100 / total;
    if (tty) {
      fmt::print(stderr, "\r{}: {}/{} {} ({}%){}", label, done, total, unit, percent, done == total ? "\n" : "");
    } else if (percent / 25 != last / 25 || done == total) {
      fmt::print(stderr, "{}: {}/{} {} ({}%)\n", label, done, total, unit, percent);
    }
    last = percent;
  };
}

int import_text(store::Store& store, std::string_view text, const std::string& origin) {
  auto report = ingest::import_jsonl(store, text, origin, progress_printer("importing " + origin, "steps"));
  if (!report.ok()) {
    fmt::print(stderr, "{}\nqalam: nothing was imported\n", report.status().message());
    return report.status().code() == StatusCode::invalid_argument || report.status().code() == StatusCode::conflict
               ? exit_bad_input
               : exit_failure;
  }
  std::string parts;
  for (const auto& [type, n] : report->records) {
    if (n > 0) parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", n, type);
  }
  fmt::print("imported {} records from {} ({})\n", report->total, origin, parts);
  return exit_ok;
}

int run_import(const std::filesystem::path& site_dir, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "qalam: {}: cannot read the file\n", file);
    return exit_bad_input;
  }
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().find_first_not_of(" \t\r\n") == std::string::npos) {
    fmt::print(stderr, "qalam: {}: the file holds no records; nothing was imported\n", file);
    return exit_bad_input;
  }
  int status = exit_ok;
  auto site = open_site(site_dir, 1, true, status);
  if (!site) return status;
  return import_text(*site->store, text.str(), file);
}

int run_generate(const GenerateOptions& options) {
  if (options.articles < 1 || options.articles > 10'000'000) {
    fmt::print(stderr, "qalam: --articles must be between 1 and 10000000\n");
    return exit_bad_input;
  }
  ingest::CorpusOptions corpus{.articles = options.articles, .seed = options.seed};
  if (options.output.empty() || options.output == "-") {
    ingest::generate_corpus(corpus, std::cout);
    return exit_ok;
  }
  std::ofstream out(options.output, std::ios::binary);
  if (!out) {
    fmt::print(stderr, "qalam: {}: cannot write the file\n", options.output);
    return exit_failure;
  }
  ingest::generate_corpus(corpus, out);
  return out ? exit_ok : exit_failure;
}

}  // namespace qalam::app

namespace qalam::app {

int run_reindex(const std::filesystem::path& site_dir) {
  int status = exit_ok;
  auto site = open_site(site_dir, 1, true, status);
  if (!site) return status;
  auto& store = site->store;
  auto started = std::chrono::steady_clock::now();
  Status s = store->search().reindex(progress_printer("reindexing", "steps"));
  if (!s.ok()) {
    fmt::print(stderr, "qalam: {}\n", s.message());
    return exit_failure;
  }
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print("search index rebuilt in {:.1f} s\n", seconds);
  return exit_ok;
}

}  // namespace qalam::app
